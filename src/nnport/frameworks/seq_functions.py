"""Functional embeddings and sequence utilities (F.embedding, F.embedding_bag, F.bilinear,
nn.utils.rnn.pad_sequence, nn.Transformer.generate_square_subsequent_mask) for a target with a
NumPy-like namespace (jnp, ops) and support helpers `embedding_bag` and `pad_sequence` (Flax, Keras):
one table for both, registered by `register` with the target's `fn`, `helper`, namespace, the family
of its embedding_bag helper and its `refuse` (the embedding arguments that change more than the
lookup)."""
from __future__ import annotations

from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import call, expr

BAG_SIG = ("input, weight, offsets=None, mode='mean', per_sample_weights=None, include_last_offset=False,"
           " padding_idx=None")
PAD_SIG = "sequences, batch_first=False, padding_value=0.0, padding_side='right'"


def _bag_mode(c, refuse) -> None:
    refuse(c, "F.embedding_bag")
    mode = c.lit("mode") if c.get("mode") is not None else "mean"
    if mode not in ("sum", "mean", "max", NOT_LITERAL):   # a variable is checked by the helper at run time
        raise Unsupported(f"F.embedding_bag mode={code(c.get('mode'))}: PyTorch accepts 'sum', 'mean' or 'max'")


def register(fn, helper, ns: str, refuse, bag_family: str = "seq", inf: str = "jnp.inf") -> None:
    def embedding(c, ctx):
        refuse(c, "F.embedding")   # padding_idx: the forward lookup is plain
        return call(f"{ns}.take", "{weight}", "{input}", axis="0")(c, ctx)

    def bag(c, ctx):
        _bag_mode(c, refuse)
        return call(helper(ctx, bag_family, "embedding_bag"), "{input}", "{weight}", offsets="{offsets}",
                    mode="{mode}", per_sample_weights="{per_sample_weights}",
                    include_last_offset="{include_last_offset}", padding_idx="{padding_idx}", sig=BAG_SIG)(c, ctx)

    def square_mask(c, ctx):
        if c.get("dtype") is not None and c.lit("dtype") is not None:
            raise Unsupported(f"generate_square_subsequent_mask dtype={code(c.get('dtype'))} is not translated")
        return expr(f"{ns}.triu({ns}.full(({{s}}, {{s}}), -{inf}), k=1)", s=c.get("sz"))

    def pad_sequence(c, ctx):
        side = c.lit("padding_side")
        if side not in ("left", "right", NOT_LITERAL):
            raise Unsupported(f"pad_sequence padding_side={code(c.get('padding_side'))}: 'left' or 'right'")
        return call(helper(ctx, "seq", "pad_sequence"), "{sequences}", batch_first="{batch_first}",
                    padding_value="{padding_value}", padding_side="{padding_side}", sig=PAD_SIG)(c, ctx)

    def bilinear(c, ctx):
        out = expr(f"{ns}.einsum('...i,oij,...j->...o', {{a}}, {{w}}, {{b}})", a=c.get("input1"),
                   w=c.get("weight"), b=c.get("input2"))
        if c.get("bias") is None or c.lit("bias") is None:
            return out
        return expr("{y} + {bias}", y=out, bias=c.get("bias"))

    fn("embedding", "embedding", embedding)
    fn("embedding_bag", "embedding_bag", bag, BAG_SIG)
    fn("square_subsequent_mask", "square_subsequent_mask", square_mask)
    fn("pad_sequence", "pad_sequence", pad_sequence, PAD_SIG)
    fn("bilinear_fn", "bilinear_fn", bilinear)
