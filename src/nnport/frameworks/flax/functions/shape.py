"""Pivot ops -> jax.numpy: shape ops beyond tensor.py (stacking variants, splits, diagonals, rotations,
unflatten/unfold/select, broadcasting helpers, numpy/Size/type predicates).

PyTorch and NumPy agree on hstack/vstack/dstack/column_stack, tensor_split (= array_split), h/v/dsplit,
diagonal (the diagonal goes last), diag, rot90 (from the first towards the second axis), fliplr/flipud.
The entries jax.numpy and keras.ops spell alike come from frameworks/shape_functions.py.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks import shape_functions
from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.tensor_functions import meshgrid_indexing, spread
from nnport.frameworks.flax.support import helper
from nnport.frameworks.spec import Unsupported, code
from nnport.translate.emit import call, expr


def at_index(x: cst.BaseExpression, dim: cst.BaseExpression, index: cst.BaseExpression, dim_value,
             method: str, value: cst.BaseExpression) -> cst.BaseExpression:
    """`x.at[:, index].<method>(value)`: a functional update of the slices `index` along `dim`."""
    if isinstance(dim_value, int) and not isinstance(dim_value, bool):
        parts = [":"] * dim_value + ["{i}"] if dim_value >= 0 else ["..."] + ["{i}"] + [":"] * (-dim_value - 1)
        func = expr("{x}.at[%s].%s" % (", ".join(parts), method), x=x, i=index)
        return cst.Call(func, [cst.Arg(value)])
    raise Unsupported("index_add/index_copy/index_fill with a non-literal dim")


def _unflatten(c, ctx):
    x, d, sizes = c.get("input"), c.lit("dim"), c.get("sizes")
    if isinstance(sizes, (cst.Tuple, cst.List)):
        inner = ", ".join(code(e.value) for e in sizes.elements)
    else:
        inner = "*" + code(sizes)
    if not isinstance(d, int) or isinstance(d, bool):
        return expr("{x}.reshape(*{x}.shape[:{d}], %s, *{x}.shape[{d}:][1:])" % inner, x=x, d=c.get("dim"))
    before = "" if d == 0 else f"*{{x}}.shape[:{d}], "
    after = "" if d == -1 else f", *{{x}}.shape[{d + 1}:]"
    return expr("{x}.reshape(%s%s%s)" % (before, inner, after), x=x)


def _unfold(c, ctx):
    name = helper(ctx, "shape", "unfold_dim")
    return call(name, "{input}", "{dimension}", "{size}", "{step}")(c, ctx)


def _meshgrid(c, ctx):
    # PyTorch's default is 'ij' (NumPy's and JAX's is 'xy')
    return call("jnp.meshgrid", spread, indexing=repr(meshgrid_indexing(c)))(c, ctx)


def _atleast(name: str):
    return call(f"jnp.{name}", spread)


fn("mT", "mT", lambda c, ctx: expr("{x}.mT", x=c.get("input")))
fn("unflatten", "unflatten", _unflatten)
fn("unfold_dim", "unfold_dim", _unfold)
fn("jnp.broadcast_arrays", "broadcast_tensors", call("jnp.broadcast_arrays", "{*tensors}"))
fn("jnp.meshgrid", "meshgrid", _meshgrid)
for _n in ("atleast_1d", "atleast_2d", "atleast_3d"):
    fn(f"jnp.{_n}", _n, _atleast(_n))
for _n in ("vstack", "column_stack"):
    fn(f"jnp.{_n}", _n, call(f"jnp.{_n}", "{tensors}"))
fn("jnp.array_split", "tensor_split", call("jnp.array_split", "{input}", "{indices_or_sections}", axis="{dim}",
                                           sig="ary, indices_or_sections, axis=0"))
def _axes(c, ctx):
    """jnp.rot90 hashes its axes: a tuple, never a list."""
    d = c.get("dims")
    if isinstance(d, cst.List):
        return cst.Tuple(d.elements)
    return d if isinstance(d, cst.Tuple) else expr("tuple({d})", d=d)


fn("jnp.rot90", "rot90", call("jnp.rot90", "{input}", k="{k}", axes=_axes, sig="m, k=1, axes=(0, 1)"))
fn("np.asarray", "numpy", call("np.asarray", "{input}"))
fn("is_tensor", "is_tensor", lambda c, ctx: expr("isinstance({o}, jax.Array)", o=c.get("obj")))
fn("is_floating_point", "is_floating_point",
   lambda c, ctx: expr("jnp.issubdtype({x}.dtype, jnp.floating)", x=c.get("input")))
shape_functions.register(fn, "jnp", "jnp", "g.ravel()")
