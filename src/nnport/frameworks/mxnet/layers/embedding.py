"""Pivot ops -> Gluon embeddings: nn.Embedding (weight (num, dim) as PyTorch's, initialized N(0, 1) as
PyTorch's); with padding_idx support/embedding.py's Embedding (no gradient to that row). max_norm
(renormalizing rows in place) and scale_grad_by_freq have no Gluon counterpart."""
from __future__ import annotations

from nnport.frameworks.mxnet.layers._registry import layer
from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, W, code
from nnport.translate.emit import call

EMBEDDING_SIG = "self, input_dim, output_dim, dtype='float32', weight_initializer=None, sparse_grad=False, **kwargs"
HELPER_SIG = "self, input_dim, output_dim, padding_idx=None, **kwargs"


def check_exact(c: Canon) -> None:
    if c.get("max_norm") is not None and c.lit("max_norm") is not None:
        raise Unsupported("max_norm: Gluon's embeddings do not renormalize rows when looking them up")
    if c.get("scale_grad_by_freq") is not None and c.lit("scale_grad_by_freq") is not False:
        raise Unsupported("scale_grad_by_freq: Gluon's embeddings do not scale gradients by frequency")


def padding_index(c: Canon, rows: str) -> str | None:
    """PyTorch's padding_idx as a non-negative index (negative counts from `rows`), None when absent."""
    if c.get("padding_idx") is None or c.lit("padding_idx") is None:
        return None
    p, n = c.lit("padding_idx"), c.lit(rows)
    if p is NOT_LITERAL:
        raise Unsupported(f"padding_idx={code(c.get('padding_idx'))}: only literal indices are translated")
    if p < 0:
        if not isinstance(n, int):
            raise Unsupported(f"padding_idx={p} with a number of rows known only when the code runs")
        p += n
    return repr(p)


def _embedding(c: Canon, ctx):
    from nnport.frameworks.mxnet.support import helper
    check_exact(c)
    pad = padding_index(c, "num_embeddings")
    init = "mx.init.Normal(1.0)"   # PyTorch's N(0, 1)
    if pad is None:
        return call("nn.Embedding", "{num_embeddings}", "{embedding_dim}", weight_initializer=init,
                    sig=EMBEDDING_SIG)(c, ctx)
    return call(helper(ctx, "embedding", "Embedding"), "{num_embeddings}", "{embedding_dim}",
                padding_idx=lambda c, ctx: pad, weight_initializer=init, sig=HELPER_SIG)(c, ctx)


_W = {"weight": W("weight", "num,dim")}
layer("mxnet.gluon.nn.Embedding", "embedding", EMBEDDING_SIG, _embedding, weights=_W)
layer("Embedding", "embedding", HELPER_SIG, None, weights=_W)   # support/embedding.py (label)
layer("Bilinear", "bilinear", "self, in1_features, in2_features, out_features, use_bias=True, **kwargs",
      lambda c, ctx: call(_support(ctx, "Bilinear"), "{in1_features}", "{in2_features}", "{out_features}",
                          use_bias="{bias}", sig="self, in1_features, in2_features, out_features, use_bias=True")(c, ctx),
      weights={"weight": W("weight", "out,in1,in2"), "bias": W("bias", "out")})


def _support(ctx, name: str) -> str:
    from nnport.frameworks.mxnet.support import helper
    return helper(ctx, "embedding", name)


BAG_SIG = ("self, num_embeddings, embedding_dim, mode='mean', include_last_offset=False, padding_idx=None, "
           "**kwargs")


def bag_mode(c: Canon) -> str:
    """The mode; one held in a variable goes through (the helper checks it when it is built)."""
    mode = c.lit("mode")
    if mode is not NOT_LITERAL and mode not in ("sum", "mean", "max"):
        raise Unsupported(f"mode={code(c.get('mode'))}: 'sum', 'mean' or 'max'")
    return mode


def _embedding_bag(c: Canon, ctx):
    check_exact(c)
    bag_mode(c)
    pad = padding_index(c, "num_embeddings")
    return call(_support(ctx, "EmbeddingBag"), "{num_embeddings}", "{embedding_dim}", mode="{mode}",
                include_last_offset="{include_last_offset}", padding_idx=lambda c, ctx: pad, sig=BAG_SIG)(c, ctx)


def _bag_call(c: Canon, node, ctx):
    """Gluon's Block.__call__ takes positional arguments only: (input, offsets, per_sample_weights)."""
    import libcst as cst
    order = ["input", "offsets", "per_sample_weights"]
    given = {}
    for i, a in enumerate(node.args):
        if a.star:
            return node
        name = a.keyword.value if a.keyword is not None else order[i] if i < 3 else None
        if name not in order:
            raise Unsupported(f"EmbeddingBag called with {name}=")
        given[name] = a.value
    last = max(order.index(n) for n in given)
    args = [cst.Arg(given.get(n, cst.Name("None"))) for n in order[:last + 1]]
    return node.with_changes(args=args)


layer("EmbeddingBag", "embedding_bag", BAG_SIG, _embedding_bag, weights=_W, call=_bag_call)   # support
