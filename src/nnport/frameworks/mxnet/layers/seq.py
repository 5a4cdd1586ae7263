"""Pivot ops -> Gluon layers: embeddings and the full transformer. nn.Embedding -> nn.Embedding (the
same lookup, PyTorch's N(0, 1) initialisation with the padding row zero through support/seq.py's
PaddedNormal); nn.EmbeddingBag -> support/seq.py's EmbeddingBag (Gluon has no bag reduction);
from_pretrained -> support functions holding the given weights (frozen: grad_req 'null');
nn.Transformer -> support/seq.py's Transformer on the layers of support/attention.py."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.layers.seq import refuse
from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.mxnet.layers.attention import positional
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import NOT_LITERAL, W, Unsupported, code
from nnport.translate.emit import call, expr

EMBED_SIG = "self, input_dim, output_dim, dtype='float32', weight_initializer=None, sparse_grad=False, **kwargs"
WEIGHTS = {"weight": W("weight", "num,dim")}


def _init(c, ctx):
    """PyTorch's N(0, 1); with padding_idx, support/seq.py's PaddedNormal (that row zero)."""
    if c.get("padding_idx") is None or c.lit("padding_idx") is None:
        return "mx.init.Normal(1.0)"
    return expr("{f}({p})", f=cst.Name(helper(ctx, "seq", "PaddedNormal")), p=c.get("padding_idx"))


def _emit_embedding(c, ctx):
    refuse(c, "nn.Embedding")   # padding_idx: the forward lookup is plain
    return call("nn.Embedding", "{num_embeddings}", "{embedding_dim}", weight_initializer=_init, sig=EMBED_SIG)(c, ctx)


def _freeze(c, what):
    refuse(c, what)
    if c.lit("freeze") not in (True, False):
        raise Unsupported(f"{what} freeze= must be a literal")


def _emit_pretrained(c, ctx):
    _freeze(c, "nn.Embedding.from_pretrained")   # padding_idx only stops the row's gradient
    return call(helper(ctx, "seq", "embedding_from_pretrained"), "{embeddings}", freeze="{freeze}",
                sig="embeddings, freeze=True")(c, ctx)


BAG_SIG = ("self, num_embeddings, embedding_dim, mode='mean', include_last_offset=False, padding_idx=None, "
           "weight_initializer=None")
PRE_BAG_SIG = "embeddings, freeze=True, mode='mean', include_last_offset=False, padding_idx=None"


def _bag_mode(c, what: str) -> None:
    refuse(c, what)
    if c.lit("mode") not in ("sum", "mean", "max", NOT_LITERAL):   # a variable: checked when it is built
        raise Unsupported(f"{what} mode={code(c.get('mode'))}: PyTorch accepts 'sum', 'mean' or 'max'")


def _emit_bag(c, ctx):
    _bag_mode(c, "nn.EmbeddingBag")
    return call(helper(ctx, "seq", "EmbeddingBag", "PaddedNormal", "embedding_bag"), "{num_embeddings}",
                "{embedding_dim}", mode="{mode}", include_last_offset="{include_last_offset}",
                padding_idx="{padding_idx}", sig=BAG_SIG)(c, ctx)


def _emit_bag_pretrained(c, ctx):
    _bag_mode(c, "nn.EmbeddingBag.from_pretrained")
    _freeze(c, "nn.EmbeddingBag.from_pretrained")
    name = helper(ctx, "seq", "bag_from_pretrained", "PaddedNormal", "embedding_bag", "EmbeddingBag")
    return call(name, "{embeddings}", freeze="{freeze}", mode="{mode}", include_last_offset="{include_last_offset}",
                padding_idx="{padding_idx}", sig=PRE_BAG_SIG)(c, ctx)


TRANSFORMER_SIG = ("self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, "
                   "dropout=0.1, activation='relu', custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-05, "
                   "batch_first=False, norm_first=False, bias=True")
TRANSFORMER_CALL = ("src, tgt, src_mask=None, tgt_mask=None, memory_mask=None, src_key_padding_mask=None, "
                    "tgt_key_padding_mask=None, memory_key_padding_mask=None, src_is_causal=None, tgt_is_causal=None, "
                    "memory_is_causal=False")


def _emit_transformer(c, ctx):
    from nnport.frameworks.attention_layers import _activation
    for name in ("TransformerEncoderLayer", "TransformerDecoderLayer", "TransformerEncoder", "TransformerDecoder"):
        helper(ctx, "attention", name, "attention_bias", "causal_bias", "MultiheadAttention", "_activation")
    cls = helper(ctx, "seq", "Transformer", "square_subsequent_mask")
    kw = {k: f"{{{k}}}" for k in ("d_model", "nhead", "num_encoder_layers", "num_decoder_layers", "dim_feedforward",
                                  "dropout", "custom_encoder", "custom_decoder", "layer_norm_eps", "batch_first",
                                  "norm_first", "bias")}
    return call(cls, activation=_activation, sig=TRANSFORMER_SIG, **kw)(c, ctx)


layer("mxnet.gluon.nn.Embedding", "embedding", EMBED_SIG, _emit_embedding, weights=WEIGHTS,
      notes="padding_idx: the row is zeroed at init; the lookup is plain (PyTorch's padding row also gets no gradient)")
layer("embedding_from_pretrained", "embedding_pretrained", "embeddings, freeze=True", _emit_pretrained,
      notes="helper function from support/seq.py; builds an nn.Embedding")
layer("EmbeddingBag", "embedding_bag", BAG_SIG, _emit_bag, weights=WEIGHTS,
      call=positional("input, offsets=None, per_sample_weights=None"), notes="helper class from support/seq.py")
layer("bag_from_pretrained", "embedding_bag_pretrained", PRE_BAG_SIG, _emit_bag_pretrained,
      notes="helper function from support/seq.py; builds an EmbeddingBag")
layer("Transformer", "transformer", TRANSFORMER_SIG, _emit_transformer, call=positional(TRANSFORMER_CALL),
      notes="helper class from support/seq.py on the transformer layers of support/attention.py")
