"""Flax NNX at run time (imported only by weights/verify): find submodules, read and write Variables."""
from __future__ import annotations

import numpy as np

from nnport.frameworks.runtime_common import follow, resolve  # noqa: F401  (part of the runtime protocol)

NAME = "flax"


def owns(model) -> bool:
    """An NNX module, or a Linen module bound to its variables (a weight-transfer source only)."""
    from nnport.frameworks.flax.linen.transfer import is_bound_linen
    return any(c.__module__.startswith("flax.nnx") and c.__name__ == "Module" for c in type(model).__mro__) \
        or is_bound_linen(model)


def child(mod, part: str):
    """The submodule a source path component names: attribute, Sequential index, List/Dict item."""
    from flax import nnx
    if isinstance(mod, nnx.Sequential) and part.isdigit():
        return mod.layers[int(part)]
    if hasattr(mod, part):
        return getattr(mod, part)
    try:
        return mod[int(part)] if part.isdigit() else mod[part]
    except (TypeError, KeyError, IndexError):
        return None


def find(model, path: tuple[str, ...]):
    return follow(child, model, path)


def variables(model) -> dict[tuple, object]:
    """Every weight-like Variable (Param, BatchStat, plain Variable) by path; RNG state excluded."""
    from flax import nnx
    out = {}
    for path, v in nnx.graph.iter_graph(model):
        if isinstance(v, nnx.Variable) and not isinstance(v, (nnx.RngState,)):
            out[tuple(str(p) for p in path)] = v
    return out


def unbuilt(model) -> list[str]:
    """Paths of the modules that make their weights on their first call (`self.built = False`: the
    translation of a Keras layer's build())."""
    from flax import nnx
    return [".".join(str(p) for p in path) or "<root>" for path, m in nnx.graph.iter_graph(model)
            if isinstance(m, nnx.Module) and getattr(m, "built", True) is False]


def prepare(model, example_inputs) -> None:
    """Before weights are written: one inference call on example_inputs where a module builds its
    weights on its first call (what that call computes is written over next)."""
    if unbuilt(model) and example_inputs is not None:
        inputs = list(example_inputs) if isinstance(example_inputs, (list, tuple)) else [example_inputs]
        call(model, [np.asarray(x.detach().cpu().numpy() if hasattr(x, "detach") else x) for x in inputs], {},
             train=False)


def check_built(model) -> None:
    from nnport.errors import WeightTransferError
    missing = unbuilt(model)
    if missing:
        raise WeightTransferError(f"modules that build their weights on their first call are not built yet: "
                                  f"{', '.join(missing[:6])}. Pass example_inputs= (or call the model once) first")


def get_array(mod, name: str) -> np.ndarray | None:
    v = getattr(mod, name, None)
    return None if v is None else np.asarray(v[...])


def set_array(mod, name: str, value: np.ndarray) -> tuple:
    import jax.numpy as jnp
    var = getattr(mod, name)
    old = np.shape(var[...])
    if tuple(old) != tuple(value.shape):
        raise ValueError(f"shape {tuple(value.shape)} does not fit {tuple(old)}")
    # a copy: the source array may share memory with the source model, which may train on
    var[...] = jnp.array(value, dtype=var[...].dtype, copy=True)
    return old


def parameters(model) -> dict[tuple, np.ndarray]:
    """The trainable weights (nnx.Param) by path, as numpy arrays."""
    from flax import nnx
    return {p: np.asarray(v[...]) for p, v in variables(model).items() if isinstance(v, nnx.Param)}


def buffers(model) -> dict[tuple, np.ndarray]:
    """Non-trainable state a forward may change (nnx.BatchStat and other non-Param Variables)."""
    from flax import nnx
    return {p: np.asarray(v[...]) for p, v in variables(model).items() if not isinstance(v, nnx.Param)}


# ------------------------------------------------------------------ verify: build, run, record, grads

def build(cls, args, kwargs, seed: int):
    from flax import nnx
    return cls(*args, **kwargs, rngs=nnx.Rngs(seed))


def set_seed(n: int) -> None:
    """Nothing global to seed: a Flax model draws from the nnx.Rngs it was built with."""


def set_mode(model, train: bool) -> None:
    from flax import nnx
    if isinstance(model, nnx.Module):
        model.train() if train else model.eval()


def copy(model):
    from flax import nnx
    return nnx.clone(model)


def to_numpy(tree):
    import jax
    from nnport.verify.tree import map_leaves
    return map_leaves(tree, lambda x: np.array(x) if isinstance(x, jax.Array) else x)


def from_numpy(tree):
    import jax.numpy as jnp
    from nnport.verify.tree import is_array, map_leaves
    return map_leaves(tree, lambda a: jnp.array(a) if is_array(a) else a)


def call(mod, args, kwargs, *, train: bool):
    """Run one module (or any callable a translation holds, e.g. jax.nn.relu) on numpy inputs."""
    set_mode(mod, train)
    return to_numpy(mod(*from_numpy(list(args)), **from_numpy(dict(kwargs))))


def run(model, inputs, *, train: bool, seed: int):
    return call(model, inputs, {}, train=train)


def record(model, inputs, *, train: bool, seed: int, max_bytes: int):
    raise NotImplementedError("recording layer calls of a Flax model (Flax as the verify source) "
                              "is not implemented yet")


def gradients(model, inputs, projections: dict, *, train: bool, seed: int):
    """Gradients of loss = sum over output leaves p of sum(out[p] * projections[p]).
    Returns (gradients of the float inputs, None for the others; a copy of the model whose
    parameters hold their gradients)."""
    import jax.numpy as jnp
    from flax import nnx
    from nnport.verify.tree import leaves
    set_mode(model, train)
    xs = from_numpy(list(inputs))
    wrt = [i for i, x in enumerate(xs) if hasattr(x, "dtype") and jnp.issubdtype(x.dtype, jnp.floating)]

    def loss_fn(m, floats):
        args = list(xs)
        for i, f in zip(wrt, floats):
            args[i] = f
        out = dict(leaves(m(*args)))
        return sum(jnp.sum(out[p] * jnp.asarray(w)) for p, w in projections.items())

    g_model, g_inputs = nnx.grad(loss_fn, argnums=(0, 1))(model, [xs[i] for i in wrt])
    holder = copy(model)
    nnx.update(holder, g_model)
    in_grads: list = [None] * len(xs)
    for i, g in zip(wrt, g_inputs):
        in_grads[i] = np.array(g)
    return in_grads, holder
