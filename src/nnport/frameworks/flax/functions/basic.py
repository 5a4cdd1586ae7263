"""Pivot ops -> JAX functions (jax.numpy, jax.nn, jax.lax) for Flax targets."""
from __future__ import annotations

from nnport.frameworks.flax.functions._registry import fn
from nnport.translate.emit import call




def _shape(c, ctx):
    return list(c.varargs) if c.varargs else c.get("shape")


fn("jax.nn.relu", "relu", call("jax.nn.relu", "{input}"))
fn("jnp.reshape", "reshape", call(".reshape", "{input}", _shape))


def _flatten(c, ctx):
    """torch.flatten(x, start_dim, end_dim): a reshape for a plain name, else jax.lax.collapse
    (which names the input once)."""
    import libcst as cst
    from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
    node = c.get("input")
    x = code(node)
    s, e = c.lit("start_dim"), c.lit("end_dim")
    if s is NOT_LITERAL or e is NOT_LITERAL:
        raise Unsupported("flatten with non-literal dims")
    if s == 0 and e == -1:
        return f"{x}.reshape(-1)" if isinstance(node, cst.Name) else f"jnp.ravel({x})"
    if isinstance(node, cst.Name) and s == 1 and e == -1:
        return f"{x}.reshape({x}.shape[0], -1)"
    stop = "" if e == -1 else f", {e + 1}"
    return f"jax.lax.collapse({x}, {s}{stop})"


fn("flatten", "flatten", _flatten)
