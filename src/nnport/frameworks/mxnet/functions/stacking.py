"""Pivot ops -> support/shape.py helpers: NumPy-style stacking and splitting (hstack, vsplit...),
grids (meshgrid, cartesian_prod), broadcast_tensors, rot90, unfold, block_diag, index grids.

Helpers that only broadcast, flip and swap axes take F and hybridize; those that need sizes (the rank
for hstack, the window count for unfold) read them with nd, which makes the calling class imperative.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import Unsupported, code
from nnport.frameworks.tensor_functions import meshgrid_indexing, spread
from nnport.translate.emit import expr


_CONCRETE = {"hstack", "vstack", "dstack", "column_stack", "atleast_1d", "atleast_2d", "atleast_3d", "unfold",
             "block_diag"}   # helpers that read shapes: they compute with nd, no F


def _args(name: str, args: list[str]) -> str:
    return ", ".join(args if name in _CONCRETE else ["F", *args])


def _helper(name: str, *holes: str, star: bool = False):
    """`name([F, ]{input}, ...)` of the canonical arguments `holes`; star: the tensors spread as *args."""
    def emit(c, ctx):
        args = [code(n) for n in spread(c, ctx)] if star else [code(c.get(h)) for h in holes if c.get(h) is not None]
        return cst.parse_expression(f"{helper(ctx, 'shape', name)}({_args(name, args)})")
    return emit


def _atleast(name: str):
    def emit(c, ctx):
        fn_name = helper(ctx, "shape", name)
        xs = spread(c, ctx)
        if len(xs) == 1 and not isinstance(c.varargs[0], (cst.List, cst.Tuple)):
            return expr("%s({x})" % fn_name, x=xs[0])
        return cst.parse_expression("(%s,)" % ", ".join(f"{fn_name}({code(x)})" for x in xs))
    return emit


def _split_along(axis: str):
    """hsplit/vsplit/dsplit: F.split_v2 at the indices, or into equal sections (PyTorch requires them)."""
    def emit(c, ctx):
        x, s = c.get("input"), c.get("indices_or_sections")
        if isinstance(s, (cst.List, cst.Tuple)) and not s.elements:
            return expr("({x},)", x=x)
        if isinstance(s, cst.List):   # F.split_v2 takes a tuple of indices
            s = cst.Tuple([e.with_changes(comma=cst.Comma()) if len(s.elements) == 1 else e for e in s.elements])
        a = "0 if {x}.ndim == 1 else 1" if axis == "h" else axis
        return expr("tuple(F.split_v2({x}, {s}, axis=%s))" % a, x=x, s=s)
    return emit


def _meshgrid(c, ctx):
    indexing = meshgrid_indexing(c)
    args = ", ".join(["F"] + [code(x) for x in spread(c, ctx)])
    extra = ", indexing='xy'" if indexing == "xy" else ""
    return cst.parse_expression(f"{helper(ctx, 'shape', 'meshgrid')}({args}{extra})")


def _rot90(c, ctx):
    k, dims = c.lit("k"), c.lit("dims")
    if not isinstance(k, int) or not isinstance(dims, (tuple, list)) or len(dims) != 2:
        raise Unsupported("rot90: literal k and two literal dims for Gluon")
    args = [code(c.get("input"))] + ([f"k={k}"] if k != 1 else []) + \
        ([f"dims={tuple(dims)!r}"] if tuple(dims) != (0, 1) else [])
    return cst.parse_expression(f"{helper(ctx, 'shape', 'rot90')}(F, {', '.join(args)})")


def _indices(lower: bool):
    """np.tril_indices / np.triu_indices as an int64 (2, N) array: constants, an imperative file."""
    def emit(c, ctx):
        d = c.get("dtype") if c.given("dtype") else cst.SimpleString("'int64'")
        k = "" if c.lit("offset") == 0 else ", {k}"
        return expr("nd.array(np.stack(np.%s_indices({r}%s, {m})), dtype={d})" % ("tril" if lower else "triu", k or ", 0"),
                    r=c.get("row"), m=c.get("col"), k=c.get("offset"), d=d)
    return emit


for _n in ("hstack", "vstack", "dstack", "column_stack"):
    fn(_n, _n, _helper(_n, "tensors"))
for _n in ("atleast_1d", "atleast_2d", "atleast_3d"):
    fn(_n, _n, _atleast(_n))
fn("hsplit", "hsplit", _split_along("h"))
fn("vsplit", "vsplit", _split_along("0"))
fn("dsplit", "dsplit", _split_along("2"))
fn("meshgrid", "meshgrid", _meshgrid)
fn("cartesian_prod", "cartesian_prod", _helper("cartesian_prod", star=True))
fn("broadcast_tensors", "broadcast_tensors", _helper("broadcast_tensors", star=True))
fn("block_diag", "block_diag", _helper("block_diag", star=True))
fn("rot90", "rot90", _rot90)
fn("unfold_dim", "unfold_dim", _helper("unfold", "input", "dimension", "size", "step"))
fn("tril_indices", "tril_indices", _indices(True))
fn("triu_indices", "triu_indices", _indices(False))
fn("is_tensor", "is_tensor", lambda c, ctx: expr("isinstance({x}, (nd.NDArray, mx.sym.Symbol))", x=c.get("obj")))
