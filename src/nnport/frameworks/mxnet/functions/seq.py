"""Pivot ops -> Gluon functions: embeddings and sequence utilities. F.embedding -> F.take (a plain row
lookup); F.embedding_bag -> support/seq.py's embedding_bag (hybridizes); generate_square_subsequent_mask
-> support/seq.py's square_subsequent_mask; pad_sequence -> support/seq.py's (it reads lengths: the
calling forward is written imperatively)."""
from __future__ import annotations

from nnport.frameworks.keras.layers.seq import refuse
from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.seq_functions import BAG_SIG, PAD_SIG, _bag_mode
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import call


def _embedding(c, ctx):
    refuse(c, "F.embedding")   # padding_idx: the forward lookup is plain
    return call("F.take", "{weight}", "{input}")(c, ctx)


def _bag(c, ctx):
    _bag_mode(c, refuse)
    return call(helper(ctx, "seq", "embedding_bag"), "F", "{input}", "{weight}", offsets="{offsets}", mode="{mode}",
                per_sample_weights="{per_sample_weights}", include_last_offset="{include_last_offset}",
                padding_idx="{padding_idx}", sig="F, " + BAG_SIG)(c, ctx)


def _square_mask(c, ctx):
    if c.get("dtype") is not None and c.lit("dtype") is not None:
        raise Unsupported(f"generate_square_subsequent_mask dtype={code(c.get('dtype'))} is not translated")
    return call(helper(ctx, "seq", "square_subsequent_mask"), "F", "{sz}")(c, ctx)


def _pad_sequence(c, ctx):
    if c.lit("padding_side") not in ("left", "right", NOT_LITERAL):
        raise Unsupported(f"pad_sequence padding_side={code(c.get('padding_side'))}: 'left' or 'right'")
    return call(helper(ctx, "seq", "pad_sequence"), "{sequences}", batch_first="{batch_first}",
                padding_value="{padding_value}", padding_side="{padding_side}", sig=PAD_SIG)(c, ctx)


fn("embedding", "embedding", _embedding, notes="F.take(weight, input): a label, not an API (F.take's own entry is the indexing family's)")
fn("embedding_bag", "embedding_bag", _bag, "F, " + BAG_SIG)
fn("square_subsequent_mask", "square_subsequent_mask", _square_mask, "F, sz")
fn("pad_sequence", "pad_sequence", _pad_sequence, PAD_SIG)
