"""Readers of the Flax writer's support classes that keep PyTorch's interface (flax/support/*.py:
the same constructor arguments, the same call and results, the same submodule names), where a Flax
file carries them (own_helpers.py): each read back as the PyTorch layer it was written for, its
arguments as given (`LSTM(8, 16, batch_first=True, rngs=rngs)` -> `nn.LSTM(8, 16, batch_first=True)`).

    recurrent.py  LSTM, GRU, RNN (RNNBase), LSTMCell, GRUCell, RNNCell
    attention.py  MultiheadAttention, TransformerEncoderLayer / DecoderLayer, TransformerEncoder / Decoder
    seq.py        Transformer, EmbeddingBag;  embedding.py  Bilinear

Their weights into PyTorch: source_transfer.py (the helpers' Linears are PyTorch's matrices).
"""
from __future__ import annotations

from nnport.frameworks.attention_layers import LAYER_HEAD, MHA_HEAD
from nnport.frameworks.flax.own_helpers import PREFIX
from nnport.frameworks.flax.reading.registry import LAYERS
from nnport.frameworks.spec import Entry

_TAIL = ", _nnport_shape=None, _nnport_rank=None"
_STACK = "input_size, hidden_size, num_layers=1, {}bias=True, batch_first=False, dropout=0.0, bidirectional=False"
_CELL = "input_size, hidden_size, bias=True{}"

# support class -> (pivot op, its signature as the support class's, `self` and `*, rngs` left out)
TORCH_LIKE = {
    "LSTM": ("lstm", _STACK.format("")), "GRU": ("gru", _STACK.format("")),
    "RNN": ("rnn", _STACK.format("nonlinearity='tanh', ")),
    "LSTMCell": ("lstm_cell", _CELL.format("")), "GRUCell": ("gru_cell", _CELL.format("")),
    "RNNCell": ("rnn_cell", _CELL.format(", nonlinearity='tanh'")),
    "MultiheadAttention": ("multihead_attention", MHA_HEAD[len("self, "):]),
    "TransformerEncoderLayer": ("transformer_encoder_layer", LAYER_HEAD[len("self, "):]),
    "TransformerDecoderLayer": ("transformer_decoder_layer", LAYER_HEAD[len("self, "):]),
    "TransformerEncoder": ("transformer_encoder", "encoder_layer, num_layers, norm=None"),
    "TransformerDecoder": ("transformer_decoder", "decoder_layer, num_layers, norm=None"),
    "Transformer": ("transformer", "d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, "
                    "dim_feedforward=2048, dropout=0.1, activation='relu', custom_encoder=None, "
                    "custom_decoder=None, layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True"),
    "EmbeddingBag": ("embedding_bag", "num_embeddings, embedding_dim, mode='mean', include_last_offset=False, "
                     "padding_idx=None"),
    "Bilinear": ("bilinear", "in1_features, in2_features, out_features, bias=True"),
    "PReLU": ("prelu", "num_parameters=1, init=0.25"),
}


def torch_like(c, ctx):
    """The arguments are PyTorch's already: as given."""
    return c


def channels_first_prelu(c, ctx):
    """PReLU's slopes along axis 1 (channel_axis=1, PyTorch's): as given; another axis is refused."""
    from nnport.frameworks.spec import Unsupported
    if c.given("channel_axis") and c.lit("channel_axis") != 1:
        raise Unsupported("the PReLU support class with channel_axis other than 1: not read")
    c.args.pop("channel_axis", None)
    c.defaults.pop("channel_axis", None)
    return c


_TAILS = {"TransformerEncoder": "", "TransformerDecoder": "", "PReLU": ", *, channel_axis=1, rngs=None"}
for _name, (_op, _sig) in TORCH_LIKE.items():
    _tail = _TAILS.get(_name, ", *, rngs=None")
    LAYERS.add(Entry(PREFIX + _name, _op, _sig + _tail + _TAIL, kind="layer",
                     read=channels_first_prelu if _name == "PReLU" else torch_like,
                     ignore=("rngs", "_nnport_shape", "_nnport_rank"),
                     notes="the support class of the Flax writer (PyTorch's interface)"))
