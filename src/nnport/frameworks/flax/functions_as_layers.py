"""Functions a Flax module keeps as attributes or Sequential elements, where PyTorch has a module
(Flax as a source). The Flax writer writes PyTorch's parameterless modules as the function they
apply: `self.relu = jax.nn.relu`, `self.pool = partial(nnx.max_pool, window_shape=(2, 2))`,
`nnx.Sequential(conv, partial(jax.nn.leaky_relu, negative_slope=0.2))`.

- an attribute set to a function the readers read (or a `functools.partial` of one), in `__init__`:
  prepare.py writes it as a call, `self.relu = lambda x: jax.nn.relu(x)`, which the readers translate
  (`lambda x: F.relu(x)`; a PyTorch module may hold any callable);
- a `partial` called where it is made, `partial(jnp.clip, min=0.0, max=6.0)(y)` (the Flax writer's
  form of a parameterless module built and called in one expression): prepare.py writes the call
  itself, `jnp.clip(y, min=0.0, max=6.0)` (called_partial);
- a `partial` as an nnx.Sequential element: the target's layer of its op with the partial's
  arguments (call_sites.sequential_elements), as a function given by name is.
"""
from __future__ import annotations

import libcst as cst

PARTIAL = "functools.partial"


def function_and_args(node, names) -> tuple[cst.BaseExpression, list[cst.Arg]] | None:
    """`f` -> (f, []); `partial(f, a=1)` -> (f, [a=1]); else None (`names`: a node's qualified names)."""
    if isinstance(node, (cst.Name, cst.Attribute)):
        return node, []
    if isinstance(node, cst.Call) and PARTIAL in names(node.func) and node.args and node.args[0].keyword is None \
            and not node.args[0].star and isinstance(node.args[0].value, (cst.Name, cst.Attribute)):
        return node.args[0].value, list(node.args[1:])
    return None


def as_lambda(func: cst.BaseExpression, args: list[cst.Arg]) -> cst.Lambda:
    """`lambda x: func(x, *args)`."""
    rest = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
    call = cst.Call(func, [cst.Arg(cst.Name("x")), *rest])
    return cst.Lambda(cst.Parameters([cst.Param(cst.Name("x"))]), call)


def read_function(names, node, is_read) -> cst.Lambda | None:
    """The attribute value `node` as a lambda, when it is a function (or partial) the readers read."""
    found = function_and_args(node, names)
    if found is None or not any(is_read(n) for n in names(found[0])):
        return None
    return as_lambda(*found)


def called_partial(names, node: cst.Call) -> cst.Call | None:
    """`partial(f, a=1)(x)` -> `f(x, a=1)`; else None (`names`: a node's qualified names). A partial
    in parentheses, `(partial(nnx.max_pool, ...))(x)`, is left: the Flax writer's channels-first
    lambda, which call_sites.written_lambda reads whole."""
    if not isinstance(node.func, cst.Call) or node.func.lpar or any(a.star or a.keyword for a in node.args):
        return None
    found = function_and_args(node.func, names)
    if found is None or not node.func.args or found[0] is node.func:
        return None
    rest = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in (*node.args, *found[1])]
    return cst.Call(found[0], rest)
