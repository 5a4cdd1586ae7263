"""Shape ops that jax.numpy and keras.ops spell as NumPy does, with PyTorch's semantics: ravel,
hstack/dstack, h/v/dsplit, diagonal (the diagonal goes last), diag, fliplr/flipud, logspace, select,
cartesian_prod;
and the predicates without numerical content (torch.Size, is_contiguous, requires_grad_). One table for
Flax (`jnp`) and Keras (`ops`), registered by `register` with the target's `fn` and namespace; what
differs (vstack of 1-D rows, tensor_split by indices, rot90 under TensorFlow) stays in each target.

`sig` names the keyword defaults the emitted call may leave out; they are the same in both namespaces."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import Unsupported
from nnport.translate.emit import call, expr


def index_on(x: cst.BaseExpression, dim: cst.BaseExpression, index: cst.BaseExpression, dim_value,
             ns: str = "jnp") -> cst.BaseExpression:
    """`x[:, :, index]` for a literal dim (`x[..., index, :]` when negative), else `<ns>.take`."""
    if isinstance(dim_value, int) and not isinstance(dim_value, bool):
        parts = [":"] * dim_value + ["{i}"] if dim_value >= 0 else ["..."] + ["{i}"] + [":"] * (-dim_value - 1)
        return expr("{x}[%s]" % ", ".join(parts), x=x, i=index)
    return expr("%s.take({x}, {i}, axis={d})" % ns, x=x, i=index, d=dim)


def _size_tuple(c, ctx):
    if len(c.varargs) > 1 or c.extra.get("kwargs"):
        raise Unsupported("torch.Size takes one iterable")
    return expr("tuple({s})", s=c.varargs[0]) if c.varargs else cst.parse_expression("()")


def _cartesian_prod(ns: str, flat: str):
    def emit(c, ctx):
        if any(isinstance(a, cst.StarredElement) for a in c.varargs):
            raise Unsupported("torch.cartesian_prod(*tensors): the number of tensors must be known")
        if len(c.varargs) == 1:
            return c.varargs[0]   # PyTorch returns the one tensor itself
        grid = call(f"{ns}.meshgrid", "{*tensors}", indexing="'ij'")(c, ctx)
        return expr("%s.stack([%s for g in {g}], axis=1)" % (ns, flat), g=grid)
    return emit


def register(fn, ns: str, api: str, flat: str) -> None:
    """`ns`: the namespace in the emitted code (`jnp`, `ops`); `api`: the entries' API prefix; `flat`: a
    grid `g` flattened (`g.ravel()`, `ops.ravel(g)`)."""
    def select(c, ctx):
        return index_on(c.get("input"), c.get("dim"), c.get("index"), c.lit("dim"), ns)

    fn(f"{api}.ravel", "ravel", call(f"{ns}.ravel", "{input}"))
    fn("select", "select", select)
    for n in ("hstack", "dstack"):
        fn(f"{api}.{n}", n, call(f"{ns}.{n}", "{tensors}"))
    for n in ("hsplit", "vsplit", "dsplit"):
        fn(f"{api}.{n}", n, call(f"{ns}.{n}", "{input}", "{indices_or_sections}"))
    fn(f"{api}.diagonal", "diagonal", call(f"{ns}.diagonal", "{input}", offset="{offset}", axis1="{dim1}",
                                           axis2="{dim2}", sig="a, offset=0, axis1=0, axis2=1"))
    fn(f"{api}.diag", "diag", call(f"{ns}.diag", "{input}", k="{diagonal}", sig="v, k=0"))
    for n in ("fliplr", "flipud"):
        fn(f"{api}.{n}", n, call(f"{ns}.{n}", "{input}"))
    fn(f"{api}.logspace", "logspace", call(f"{ns}.logspace", "{start}", "{end}", "{steps}", base="{base}",
                                           dtype="{dtype}",
                                           sig="start, stop, num=50, endpoint=True, base=10.0, dtype=None"))
    fn("cartesian_prod", "cartesian_prod", _cartesian_prod(ns, flat))
    fn("tuple", "size_tuple", _size_tuple)
    fn("is_contiguous", "is_contiguous", lambda c, ctx: cst.Name("True"))   # no strides to ask about
    fn("requires_grad_", "requires_grad_", lambda c, ctx: c.get("input"))   # True only: see the torch entry
