"""Translation model on nn.Transformer (encoder-decoder) with sinusoidal positional encoding and masks."""
import math

import torch
import torch.nn as nn


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, dropout=0.1, max_len=64):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * div_term)
        pe[:, 0, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe)

    def forward(self, x):
        """x: Tensor, shape [seq_len, batch_size, embedding_dim]"""
        x = x + self.pe[: x.size(0)]
        return self.dropout(x)


class Model(nn.Module):
    def __init__(self, src_vocab=50, tgt_vocab=40, d_model=32, nhead=4, num_layers=2, dim_ff=64, pad_idx=0):
        super().__init__()
        self.d_model = d_model
        self.pad_idx = pad_idx
        self.src_emb = nn.Embedding(src_vocab, d_model, padding_idx=pad_idx)
        self.tgt_emb = nn.Embedding(tgt_vocab, d_model, padding_idx=pad_idx)
        self.pos = PositionalEncoding(d_model)
        self.transformer = nn.Transformer(
            d_model=d_model, nhead=nhead, num_encoder_layers=num_layers, num_decoder_layers=num_layers,
            dim_feedforward=dim_ff, dropout=0.1,
        )  # default layout: (S, N, E)
        self.generator = nn.Linear(d_model, tgt_vocab)

    def forward(self, src, tgt):
        # src: (S, N), tgt: (T, N) token ids, time-major
        tgt_mask = self.transformer.generate_square_subsequent_mask(tgt.size(0))
        src_key_padding_mask = (src == self.pad_idx).transpose(0, 1)
        src_e = self.pos(self.src_emb(src) * math.sqrt(self.d_model))
        tgt_e = self.pos(self.tgt_emb(tgt) * math.sqrt(self.d_model))
        out = self.transformer(
            src_e, tgt_e, tgt_mask=tgt_mask,
            src_key_padding_mask=src_key_padding_mask,
            memory_key_padding_mask=src_key_padding_mask,
        )
        return self.generator(out)


def get_init_inputs():
    return []


def get_inputs():
    src = torch.randint(1, 50, (10, 2))
    src[8:, 1] = 0  # pad the tail of the second sentence
    tgt = torch.randint(1, 40, (8, 2))
    return [src, tgt]
