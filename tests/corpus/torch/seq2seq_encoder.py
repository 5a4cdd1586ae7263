"""Seq2seq encoder-decoder: embedding + GRU encoder, GRU decoder with teacher forcing and dot attention."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Encoder(nn.Module):
    def __init__(self, input_dim, emb_dim, hid_dim, dropout):
        super().__init__()
        self.embedding = nn.Embedding(input_dim, emb_dim)
        self.rnn = nn.GRU(emb_dim, hid_dim, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(hid_dim * 2, hid_dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, src):
        embedded = self.dropout(self.embedding(src))
        outputs, hidden = self.rnn(embedded)
        # merge the two directions into the decoder's initial state
        hidden = torch.tanh(self.fc(torch.cat((hidden[-2], hidden[-1]), dim=1)))
        return outputs, hidden


class Decoder(nn.Module):
    def __init__(self, output_dim, emb_dim, hid_dim, dropout):
        super().__init__()
        self.embedding = nn.Embedding(output_dim, emb_dim)
        self.attn_proj = nn.Linear(hid_dim * 2, hid_dim, bias=False)
        self.rnn = nn.GRU(emb_dim + hid_dim * 2, hid_dim, batch_first=True)
        self.fc_out = nn.Linear(hid_dim, output_dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, trg, hidden, encoder_outputs):
        embedded = self.dropout(self.embedding(trg))  # [B, T, E]
        # Luong-style dot attention with the initial decoder state as query
        keys = self.attn_proj(encoder_outputs)  # [B, S, H]
        scores = torch.bmm(keys, hidden.unsqueeze(2)).squeeze(2)  # [B, S]
        weights = F.softmax(scores, dim=1)
        context = torch.bmm(weights.unsqueeze(1), encoder_outputs)  # [B, 1, 2H]
        context = context.expand(-1, trg.size(1), -1)
        rnn_input = torch.cat((embedded, context), dim=2)
        output, hidden = self.rnn(rnn_input, hidden.unsqueeze(0))
        return self.fc_out(output), weights


class Model(nn.Module):
    def __init__(self, src_vocab=60, trg_vocab=50, emb_dim=16, hid_dim=32, dropout=0.1):
        super().__init__()
        self.encoder = Encoder(src_vocab, emb_dim, hid_dim, dropout)
        self.decoder = Decoder(trg_vocab, emb_dim, hid_dim, dropout)

    def forward(self, src, trg):
        encoder_outputs, hidden = self.encoder(src)
        logits, attention = self.decoder(trg, hidden, encoder_outputs)
        return logits, attention


def get_init_inputs():
    return [60, 50, 16, 32, 0.1]


def get_inputs():
    return [torch.randint(0, 60, (2, 10)), torch.randint(0, 50, (2, 8))]
