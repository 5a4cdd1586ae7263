"""keras layers: embeddings and the full transformer. nn.Embedding -> layers.Embedding (the same
lookup; PyTorch's zeroed padding row at init through support/embedding.py's initialiser);
nn.EmbeddingBag -> support/embedding.py's EmbeddingBag (Keras has no bag reduction layer)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.layers._registry import layer, pass_training
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import NOT_LITERAL, W, Unsupported, code
from nnport.translate.emit import call, expr

EMBED_SIG = ("self, input_dim, output_dim, embeddings_initializer='uniform', embeddings_regularizer=None,"
             " embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None, lora_alpha=None,"
             " quantization_config=None, **kwargs")


def refuse(c, what: str) -> None:
    """Raise Unsupported for the embedding arguments that change more than the lookup."""
    if c.get("max_norm") is not None and c.lit("max_norm") is not None:
        raise Unsupported(f"{what} max_norm={code(c.get('max_norm'))}: the in-place renormalisation of "
                          f"looked-up rows is not translated")
    for name, why in (("scale_grad_by_freq", "scales gradients by word frequency"),
                      ("_freeze", "freezes the weight"), ("sparse", "sparse gradients")):
        if c.get(name) is not None and c.lit(name) is not False:
            raise Unsupported(f"{what} {name}={code(c.get(name))} ({why}) is not translated")
    if c.get("_weight") is not None and c.lit("_weight") is not None:
        raise Unsupported(f"{what} _weight=...: initial weights from a tensor are not translated "
                          f"(transfer the weights instead)")


def _embed_init(c, ctx):
    pad = c.get("padding_idx")
    if pad is None or c.lit("padding_idx") is None:
        return None
    return expr("{f}({p})", f=cst.Name(helper(ctx, "embedding", "PaddedEmbeddingInit")), p=pad)


def _emit_embedding(c, ctx):
    refuse(c, "nn.Embedding")
    return call("layers.Embedding", "{num_embeddings}", "{embedding_dim}", embeddings_initializer=_embed_init,
                sig=EMBED_SIG)(c, ctx)


def _emit_pretrained(c, ctx):
    refuse(c, "nn.Embedding.from_pretrained")   # padding_idx only stops the row's gradient
    if c.lit("freeze") not in (True, False):
        raise Unsupported("from_pretrained freeze= must be a literal")
    e = c.get("embeddings")
    trainable = "" if c.lit("freeze") is False else ", trainable=False"
    return expr("layers.Embedding(*ops.shape({e}), embeddings_initializer=keras.initializers.Constant({e})%s)"
                % trainable, e=e)


BAG_SIG = ("self, num_embeddings, embedding_dim, mode='mean', include_last_offset=False, padding_idx=None,"
           " embeddings_initializer=None, **kwargs")
PRE_BAG_SIG = "embeddings, freeze=True, mode='mean', include_last_offset=False, padding_idx=None"
_BAG = ("PaddedEmbeddingInit", "embedding_bag")


def _bag_mode(c, what: str) -> None:
    refuse(c, what)
    if c.lit("mode") not in ("sum", "mean", "max", NOT_LITERAL):   # a variable: checked when it runs
        raise Unsupported(f"{what} mode={code(c.get('mode'))}: PyTorch accepts 'sum', 'mean' or 'max'")


def _emit_bag(c, ctx):
    _bag_mode(c, "nn.EmbeddingBag")
    return call(helper(ctx, "embedding", "EmbeddingBag", *_BAG), "{num_embeddings}", "{embedding_dim}",
                mode="{mode}", include_last_offset="{include_last_offset}", padding_idx="{padding_idx}",
                sig=BAG_SIG)(c, ctx)


def _emit_bag_pretrained(c, ctx):
    _bag_mode(c, "nn.EmbeddingBag.from_pretrained")
    name = helper(ctx, "embedding", "bag_from_pretrained", *_BAG, "EmbeddingBag")
    return call(name, "{embeddings}", freeze="{freeze}", mode="{mode}", include_last_offset="{include_last_offset}",
                padding_idx="{padding_idx}", sig=PRE_BAG_SIG)(c, ctx)


TRANSFORMER_SIG = ("self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6,"
                   " dim_feedforward=2048, dropout=0.1, activation='relu', custom_encoder=None,"
                   " custom_decoder=None, layer_norm_eps=1e-05,"
                   " batch_first=False, norm_first=False, bias=True, **kwargs")


def _emit_transformer(c, ctx):
    from nnport.frameworks.attention_layers import _activation
    for name in ("TransformerEncoderLayer", "TransformerDecoderLayer", "TransformerEncoder",
                 "TransformerDecoder"):
        helper(ctx, "attention", name, "attention_bias", "MultiheadAttention", "_activation")
    cls = helper(ctx, "seq", "Transformer")
    kw = {k: f"{{{k}}}" for k in ("d_model", "nhead", "num_encoder_layers", "num_decoder_layers",
                                  "dim_feedforward", "dropout", "custom_encoder", "custom_decoder",
                                  "layer_norm_eps", "batch_first", "norm_first", "bias")}
    return call(cls, activation=_activation, sig=TRANSFORMER_SIG, **kw)(c, ctx)


layer("keras.layers.Embedding", "embedding", EMBED_SIG, _emit_embedding,
      weights={"embeddings": W("weight", "num,dim")},
      notes="padding_idx: the row is zeroed at init; the lookup is plain (PyTorch's padding row also "
            "gets no gradient)")
layer("embed_from_pretrained", "embedding_pretrained", None, _emit_pretrained)
layer("EmbeddingBag", "embedding_bag", BAG_SIG, _emit_bag, weights={"weight": W("weight", "num,dim")},
      notes="helper class from support/embedding.py")
layer("bag_from_pretrained", "embedding_bag_pretrained", PRE_BAG_SIG, _emit_bag_pretrained,
      notes="helper function from support/embedding.py; builds an EmbeddingBag")
layer("Transformer", "transformer", TRANSFORMER_SIG, _emit_transformer, call=pass_training,
      notes="helper class from support/seq.py on the transformer layers of support/attention.py")
