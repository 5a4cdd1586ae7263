"""A user-written Keras layer inside a functional model, traced: its `call` run on symbolic copies of
its inputs turns the sublayers and keras.ops it calls into a graph, written as a class of its own
(graph.py) whose submodules are named by the layer's attributes (as transfer.py walks them).

`keras.ops.arange` with plain numbers (positions, `ops.arange(ops.shape(x)[1])`) is traced as a
constant input of the graph, written as `torch.arange(...)` at the traced size (reported).
Refused (Unsupported) where the trace cannot stand for the code: a sublayer with weights that the
trace does not reach (called on a tensor computed eagerly while tracing), or a tensor constant in
the traced graph (a value computed at trace time)."""
from __future__ import annotations

import numpy as np

from nnport.frameworks.keras.shapes import _children
from nnport.frameworks.spec import Unsupported


def trace(layer, node):
    """(functional graph of layer.call, {id(sublayer): attribute}) for one call of a custom layer."""
    import keras
    syms = [keras.Input(batch_shape=t.shape, dtype=t.dtype) for t in node.input_tensors]
    args, kwargs = node.arguments.fill_in({id(t): s for t, s in zip(node.input_tensors, syms)})
    kwargs = {k: v for k, v in kwargs.items() if k not in ("training", "mask")}
    constants: dict[int, str] = {}
    const_syms = []
    real_arange = keras.ops.arange

    def arange(start, stop=None, step=1, dtype=None):
        values = np.arange(start, stop, step) if stop is not None else np.arange(start)
        if not all(isinstance(v, (int, np.integer)) for v in (start, stop or 0, step)):
            return real_arange(start, stop, step, dtype)
        t = keras.Input(batch_shape=values.shape, dtype=dtype or "int32", name=f"positions_{len(const_syms)}")
        args = ", ".join(str(int(v)) for v in ((start, stop, step) if step != 1 else (start, stop)
                                               if stop is not None else (start,)))
        constants[id(t)] = f"torch.arange({args})"
        const_syms.append(t)
        return t

    keras.ops.arange = arange
    try:
        out = layer.call(*args, **kwargs)
        inputs = syms + const_syms
        fn = keras.Model(inputs[0] if len(inputs) == 1 else inputs, out)
    except Exception as e:  # noqa: BLE001 - any Python the user wrote
        raise Unsupported(f"{type(layer).__name__}.call could not be traced ({type(e).__name__}: {e})") from None
    finally:
        keras.ops.arange = real_arange
    attrs: dict[int, str] = {}
    for name, sub in _children(layer):   # the first path of each sublayer, as transfer.py finds it
        attrs.setdefault(id(sub), name)
    subs = {id(sub): sub for _, sub in _children(layer)}
    reached = {id(op) for op in fn.operations}
    eager = [attrs[k] for k, sub in subs.items() if sub.weights and k not in reached]
    if eager:
        raise Unsupported(f"{type(layer).__name__}.call uses {', '.join(eager)} on a value computed while "
                          "tracing (not from the layer's inputs): translate the class itself")
    for depth in fn._nodes_by_depth.values():
        for n in depth:
            if n.is_input:
                continue
            for a in keras.tree.flatten((n.arguments.args, n.arguments.kwargs)):
                if keras.ops.is_tensor(a) and not isinstance(a, keras.KerasTensor):
                    raise Unsupported(f"{type(layer).__name__}.call: a tensor computed at trace time "
                                      f"enters {n.operation.name}")
    return fn, attrs, constants
