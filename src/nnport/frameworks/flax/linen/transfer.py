"""Move a Linen variables dict ({'params': ..., 'batch_stats': ..., other collections}) into the NNX
model the rewrite made (imports flax/jax when called).

The rewrite names NNX attributes as Linen names the modules, so the paths mostly agree:
`Sequential.layers_2` -> `layers[2]`, a list made in setup `blocks_1` -> `blocks[1]`, the loop lists
of compact layers through the rewrite's `names` map, an `nnx.RNN` holds its variables in `.cell`,
Linen's LSTM gate kernels (ii, if, ig, io / hi, hf, hg, ho) join into NNX's fused `OptimizedLSTMCell`
(dense_i / dense_h, gates in the order i, f, g, o), GRU's (ir, iz, in / hr, hz, hn) likewise (a
non-zero `hn` bias raises: nnx.GRUCell has none), `if` -> `if_` in `nnx.LSTMCell`. Raises on any
variable left unset on either side or any shape that does not fit.
"""
from __future__ import annotations

import re

import numpy as np

KINDS = {"params": "Param", "batch_stats": "BatchStat"}
_GATES = ("i", "f", "g", "o")


def load_linen(model, variables, names: dict | None = None) -> int:
    """Copy every Linen variable into `model`; returns how many arrays were set."""
    from flax import nnx
    names = names or {}
    done: set[int] = set()
    for col, tree in variables.items():
        _walk(model, tree, col, names, done, ())
    left = [".".join(map(str, p)) for p, v in nnx.graph.iter_graph(model)
            if isinstance(v, (nnx.Param, nnx.BatchStat)) and id(v) not in done]
    if left:
        raise ValueError(f"NNX variables with no Linen value: {left}")
    return len(done)


def _walk(mod, tree, col: str, names: dict, done: set, where: tuple):
    from flax import nnx
    if isinstance(mod, nnx.RNN):
        mod = mod.cell
    if isinstance(mod, nnx.OptimizedLSTMCell) and "ii" in tree:
        return _fused_lstm(mod, tree, done, where)
    if isinstance(mod, nnx.GRUCell) and "ir" in tree:
        return _fused_gru(mod, tree, done, where)
    for key, value in tree.items():
        if hasattr(value, "items"):
            child = _child(mod, key, names)
            if child is None:
                raise ValueError(f"no NNX module for Linen {'/'.join(where + (key,))} in {type(mod).__name__}")
            _walk(child, value, col, names, done, where + (key,))
        else:
            _set(mod, _leaf(mod, key), np.asarray(value), done, where + (key,), col)


def _child(mod, key: str, names: dict):
    from flax import nnx
    path = names.get((type(mod).__name__, key))
    if path is not None:
        obj = mod
        for part in path.split("."):
            obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
        return obj
    if hasattr(mod, key) and isinstance(getattr(mod, key), nnx.Module):
        return getattr(mod, key)
    hit = re.fullmatch(r"(.+)_(\d+)", key)
    if hit:
        base, i = hit.group(1), int(hit.group(2))
        if isinstance(mod, nnx.Sequential) and base == "layers":
            return mod.layers[i]
        seq = getattr(mod, base, None)
        if isinstance(seq, (list, tuple, nnx.List)) and i < len(seq):
            return seq[i]
    return None


def _leaf(mod, key: str) -> str:
    return key + "_" if key in ("if",) and not hasattr(mod, key) else key


def _set(mod, name: str, value, done: set, where: tuple, col: str):
    import jax.numpy as jnp
    from flax import nnx
    var = getattr(mod, name, None)
    if not isinstance(var, nnx.Variable):
        raise ValueError(f"Linen {col}/{'/'.join(where)} has no NNX Variable {type(mod).__name__}.{name}")
    want = KINDS.get(col)
    if want is not None and type(var).__name__ != want:
        raise ValueError(f"Linen {col}/{'/'.join(where)} lands on an nnx.{type(var).__name__}")
    if tuple(np.shape(var[...])) != value.shape:
        raise ValueError(f"Linen {'/'.join(where)} {value.shape} does not fit {np.shape(var[...])}")
    var[...] = jnp.array(value, dtype=var[...].dtype, copy=True)
    done.add(id(var))


def _fused_lstm(cell, tree, done: set, where: tuple):
    """Linen's per-gate kernels -> NNX's fused dense_i (no bias) / dense_h (bias)."""
    i_kernel = np.concatenate([np.asarray(tree["i" + g]["kernel"]) for g in _GATES], axis=-1)
    h_kernel = np.concatenate([np.asarray(tree["h" + g]["kernel"]) for g in _GATES], axis=-1)
    h_bias = np.concatenate([np.asarray(tree["h" + g]["bias"]) for g in _GATES], axis=-1)
    _set(cell.dense_i, "kernel", i_kernel, done, where + ("i*",), "params")
    _set(cell.dense_h, "kernel", h_kernel, done, where + ("h*",), "params")
    _set(cell.dense_h, "bias", h_bias, done, where + ("h*",), "params")


def _fused_gru(cell, tree, done: set, where: tuple):
    """Linen's ir, iz, in (with bias) / hr, hz, hn -> NNX's dense_i (bias) / dense_h (no bias)."""
    hn_bias = np.asarray(tree["hn"]["bias"])
    if np.any(hn_bias != 0):
        raise ValueError(f"Linen {'/'.join(where)}/hn has a non-zero bias, which nnx.GRUCell cannot hold "
                         "(it would sit inside r * (W h + b))")
    gates = ("r", "z", "n")
    cat = lambda pre, k: np.concatenate([np.asarray(tree[pre + g][k]) for g in gates], axis=-1)  # noqa: E731
    _set(cell.dense_i, "kernel", cat("i", "kernel"), done, where + ("i*",), "params")
    _set(cell.dense_i, "bias", cat("i", "bias"), done, where + ("i*",), "params")
    _set(cell.dense_h, "kernel", cat("h", "kernel"), done, where + ("h*",), "params")


def is_bound_linen(obj) -> bool:
    """A Linen module bound to its variables (`linen_model.bind(variables)`), what nnport.transfer_weights
    takes as a Linen source."""
    return any(c.__module__ == "flax.linen.module" and c.__name__ == "Module" for c in type(obj).__mro__) \
        and getattr(obj, "scope", None) is not None


def to_nnx_model(bound, code: str | None = None, filename: str | None = None):
    """The NNX model the Linen rewrite makes of `bound`'s file (its own code unless `code` is given; the
    layer sizes recorded as the conversion records them), built from `bound`'s field values, every
    Linen variable of `bound.variables` moved in (load_linen)."""
    import dataclasses
    import inspect
    import sys
    from flax import nnx
    from nnport.frameworks.flax.linen import sizes
    from nnport.frameworks.flax.linen.rewrite import rewrite
    cls = type(bound)
    if code is None:
        filename = filename or getattr(sys.modules.get(cls.__module__), "__file__", None)
        if not filename:
            raise ValueError(f"{cls.__name__}: the file that defines it is unknown; pass its code")
        with open(filename) as f:
            code = f.read()
    filename = filename or "<string>"
    out = rewrite(code, filename)
    errors = [d.format() for d in out.diagnostics if d.severity == "error"]
    if errors:
        raise ValueError("the Linen rewrite failed: " + "; ".join(errors))
    module = sizes.load(out.code, filename + ".nnx.py", f"_nnport_nnx_{cls.__name__}_{id(bound)}")
    nnx_cls = getattr(module, cls.__name__)
    accepted = inspect.signature(nnx_cls.__init__).parameters
    kwargs = {f.name: getattr(bound, f.name) for f in dataclasses.fields(bound)
              if f.name in accepted and f.name not in ("parent", "name", "rngs")}
    model = nnx_cls(**kwargs, rngs=nnx.Rngs(0))
    load_linen(model, {k: v for k, v in bound.variables.items()}, out.names)
    return model
