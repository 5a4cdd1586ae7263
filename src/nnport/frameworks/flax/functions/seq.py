"""flax functions: embeddings and sequence utilities. F.embedding -> jnp.take (a plain row lookup);
F.embedding_bag and pad_sequence -> helper functions from support/seq.py;
nn.Transformer.generate_square_subsequent_mask -> jnp.triu of -inf."""
from __future__ import annotations

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.flax.layers.seq import refuse
from nnport.frameworks.flax.support import helper
from nnport.translate.emit import call

_BAG_SIG = ("input, weight, offsets=None, mode='mean', per_sample_weights=None, include_last_offset=False,"
            " padding_idx=None")


def _emit_embedding(c, ctx):
    refuse(c, "F.embedding")   # padding_idx: the forward lookup is plain
    return call("jnp.take", "{weight}", "{input}", axis="0")(c, ctx)


def _emit_bag(c, ctx):
    refuse(c, "F.embedding_bag")
    name = helper(ctx, "seq", "embedding_bag")
    return call(name, "{input}", "{weight}", offsets="{offsets}", mode="{mode}",
                per_sample_weights="{per_sample_weights}", include_last_offset="{include_last_offset}",
                padding_idx="{padding_idx}", sig=_BAG_SIG)(c, ctx)


fn("embedding", "embedding", _emit_embedding)
fn("embedding_bag", "embedding_bag", _emit_bag, _BAG_SIG)


def _emit_square_mask(c, ctx):
    from nnport.frameworks.spec import Unsupported, code
    from nnport.translate.emit import expr
    if c.get("dtype") is not None and c.lit("dtype") is not None:
        raise Unsupported(f"generate_square_subsequent_mask dtype={code(c.get('dtype'))} is not translated")
    return expr("jnp.triu(jnp.full(({s}, {s}), -jnp.inf), k=1)", s=c.get("sz"))


fn("square_subsequent_mask", "square_subsequent_mask", _emit_square_mask)

_PAD_SIG = "sequences, batch_first=False, padding_value=0.0, padding_side='right'"


def _emit_pad_sequence(c, ctx):
    from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
    side = c.lit("padding_side")
    if side not in ("left", "right", NOT_LITERAL):
        raise Unsupported(f"pad_sequence padding_side={code(c.get('padding_side'))}: 'left' or 'right'")
    name = helper(ctx, "seq", "pad_sequence")
    return call(name, "{sequences}", batch_first="{batch_first}", padding_value="{padding_value}",
                padding_side="{padding_side}", sig=_PAD_SIG)(c, ctx)


fn("pad_sequence", "pad_sequence", _emit_pad_sequence, _PAD_SIG)
