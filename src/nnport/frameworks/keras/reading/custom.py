"""A user-written Keras layer inside a functional model, traced: its `call` run on symbolic copies of
its inputs turns the sublayers and keras.ops it calls into a graph, written as a class of its own
(graph.py) whose submodules are named by the layer's attributes (as transfer.py walks them).

Refused (Unsupported) where the trace cannot stand for the code: a sublayer with weights that the
trace does not reach (called on a tensor computed eagerly while tracing, e.g. positions from
ops.arange), or a tensor constant in the traced graph (a value computed at trace time)."""
from __future__ import annotations

from nnport.frameworks.keras.shapes import _children
from nnport.frameworks.spec import Unsupported


def trace(layer, node):
    """(functional graph of layer.call, {id(sublayer): attribute}) for one call of a custom layer."""
    import keras
    syms = [keras.Input(batch_shape=t.shape, dtype=t.dtype) for t in node.input_tensors]
    args, kwargs = node.arguments.fill_in({id(t): s for t, s in zip(node.input_tensors, syms)})
    kwargs = {k: v for k, v in kwargs.items() if k not in ("training", "mask")}
    try:
        out = layer.call(*args, **kwargs)
        fn = keras.Model(syms[0] if len(syms) == 1 else syms, out)
    except Exception as e:  # noqa: BLE001 - any Python the user wrote
        raise Unsupported(f"{type(layer).__name__}.call could not be traced ({type(e).__name__}: {e})") from None
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
    return fn, attrs
