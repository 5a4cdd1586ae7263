"""Every layer's input and output shapes in one forward pass of a built Keras model.

A Keras layer learns its input size when it is first called (`Dense(64)` has no `in_features`); a
PyTorch layer needs it in its constructor. The Keras -> PyTorch translator reads the sizes from one
run of the source model on an example input:

    calls = record_shapes(model, x)                  # inference mode unless training=True
    for c in calls:
        print(c.path, c.cls, c.input_shapes, c.output_shapes)
    first_calls(calls)["encoder.dense"].input_shapes[0][-1]    # Dense's in_features

Layers are named by **path**: the attribute path from the model, like PyTorch's module names
("" for the model itself, "block1.conv", "blocks.0.attn", "mha._query_dense"). Inside a functional
or Sequential model a layer's attribute is its layer name (`model.get_layer(name)`). A layer
reachable under several paths (a shared layer, a layer also stored in a list) keeps the first one:
public attributes in assignment order, then private ones, then sublayers Keras tracks without an
attribute. Layers created inside `call` have no path and are not recorded.

Each call is one `LayerCall`, in the order the calls started (the model first, a layer before the
layers it calls). A layer called twice (shared layers, the cell of an RNN once per time step) has
one record per call, numbered by `index`. Tensors appear as `TensorInfo(shape, dtype)`; other
argument values (`training=False`, `return_state=True`) as they were passed.

Recording wraps each layer's `call` on the instance for the length of one forward pass and puts it
back afterwards, whatever happens. The forward must run eagerly (not under `tf.function` / `jit`).
Keras is imported only when a function here runs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator


@dataclass(frozen=True)
class TensorInfo:
    shape: tuple[int | None, ...]
    dtype: str

    def __repr__(self) -> str:
        return f"{self.dtype}{list(self.shape)}"


@dataclass
class LayerCall:
    path: str            # attribute path from the model root; "" is the model itself
    name: str            # the layer's Keras name
    cls: str             # "keras.layers.Dense", or "module.Class" for a user-written layer
    index: int           # 0 for the layer's first call in this forward, 1 for the next, ...
    depth: int           # 0 for the model, 1 for the layers it calls, ...
    args: tuple          # positional arguments, tensors as TensorInfo
    kwargs: dict         # keyword arguments, tensors as TensorInfo
    outputs: Any = None  # the returned structure, tensors as TensorInfo
    error: str | None = None   # set when the call raised (the exception still propagates)

    @property
    def inputs(self) -> list[TensorInfo]:
        """Every tensor passed in: positional arguments, then keyword arguments, depth-first."""
        return list(_tensors(self.args)) + list(_tensors(self.kwargs))

    @property
    def input_shapes(self) -> list[tuple]:
        return [t.shape for t in self.inputs]

    @property
    def output_shapes(self) -> list[tuple]:
        return [t.shape for t in _tensors(self.outputs)]


def _tensors(tree) -> Iterator[TensorInfo]:
    if isinstance(tree, TensorInfo):
        yield tree
    elif isinstance(tree, dict):
        for v in tree.values():
            yield from _tensors(v)
    elif isinstance(tree, (list, tuple)):
        for v in tree:
            yield from _tensors(v)


def class_name(layer) -> str:
    """The public name of a layer's class ("keras.layers.Conv2D"), else "module.QualName"."""
    cls = type(layer)
    export = cls.__dict__.get("_api_export_path")
    if isinstance(export, (list, tuple)):
        export = export[0] if export else None
    if isinstance(export, str):
        return export
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_graph_model(layer) -> bool:
    """Functional and Sequential models: their sublayers are `.layers`, named by layer name."""
    import keras
    if isinstance(layer, keras.Sequential):
        return True
    try:
        from keras.src.models.functional import Functional
    except ImportError:   # pragma: no cover - a Keras that moved it
        return type(layer).__name__ == "Functional"
    return isinstance(layer, Functional)


def _children(layer) -> Iterator[tuple[str, Any]]:
    import keras
    Layer = keras.layers.Layer
    if _is_graph_model(layer):
        for sub in layer.layers:
            if not isinstance(sub, keras.layers.InputLayer):
                yield sub.name, sub
        return
    attrs = list(vars(layer).items())
    for private in (False, True):
        for attr, value in attrs:
            if attr.startswith("_") != private or attr == "_layers":
                continue
            if isinstance(value, Layer):
                yield attr, value
            elif not private and isinstance(value, (list, tuple, dict)):
                yield from _held(attr, value, Layer)
    for sub in getattr(layer, "_layers", ()):
        yield sub.name, sub


def _held(path: str, value, Layer) -> Iterator[tuple[str, Any]]:
    """The layers in a list / tuple / dict attribute, at any depth (a list of dicts of layers)."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for k, v in items:
        if isinstance(v, Layer):
            yield f"{path}.{k}", v
        elif isinstance(v, (list, tuple, dict)):
            yield from _held(f"{path}.{k}", v, Layer)


def layer_paths(model) -> dict[str, Any]:
    """{path: layer} for the model ("") and every layer under it, each layer once, pre-order."""
    out: dict[str, Any] = {}
    seen: set[int] = set()

    def walk(layer, path: str) -> None:
        if id(layer) in seen:
            return
        seen.add(id(layer))
        out[path] = layer
        for name, sub in _children(layer):
            walk(sub, f"{path}.{name}" if path else name)

    walk(model, "")
    return out


def _describe(value, is_tensor):
    if is_tensor(value):
        return TensorInfo(tuple(None if d is None else int(d) for d in value.shape),
                          str(getattr(value.dtype, "name", value.dtype)).replace("tf.", ""))
    if isinstance(value, dict):
        return {k: _describe(v, is_tensor) for k, v in value.items()}
    if isinstance(value, list):
        return [_describe(v, is_tensor) for v in value]
    if isinstance(value, tuple):   # named tuples too, as plain tuples
        return tuple(_describe(v, is_tensor) for v in value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return type(value).__name__


def _is_tensor(value) -> bool:
    import keras
    if keras.ops.is_tensor(value) or isinstance(value, keras.Variable):
        return True
    return type(value).__module__ == "numpy" and hasattr(value, "shape") and hasattr(value, "dtype")


def _symbolic_check():
    """A function telling whether the code now running is being traced, not executed."""
    import keras
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf
        return lambda: not tf.executing_eagerly()
    return lambda: False


def record_shapes(model, *inputs, training: bool = False, **kwargs) -> list[LayerCall]:
    """Run `model(*inputs, training=training, **kwargs)` once and return every layer call.

    A model with layers not built yet is first called once in inference mode, unrecorded.
    """
    calls: list[LayerCall] = []
    counts: dict[int, int] = {}
    depth = [0]
    patched: list[tuple[Any, bool, Any]] = []

    def wrap(layer, path: str):
        inner = layer.call

        def call(*args, **kw):
            if symbolic():    # a shape-inference trace inside the forward, not a real call
                return inner(*args, **kw)
            rec = LayerCall(path, layer.name, class_name(layer), counts.get(id(layer), 0), depth[0],
                            _describe(tuple(args), _is_tensor), _describe(dict(kw), _is_tensor))
            counts[id(layer)] = rec.index + 1
            calls.append(rec)
            depth[0] += 1
            try:
                out = inner(*args, **kw)
            except BaseException as e:
                rec.error = f"{type(e).__name__}: {e}"
                raise
            finally:
                depth[0] -= 1
            rec.outputs = _describe(out, _is_tensor)
            return out

        return call

    if not all(layer.built for layer in layer_paths(model).values()):
        # Build first, outside the recording: a first call may trace `call` symbolically to build
        # a layer, and sublayers made in build() exist only afterwards (and need their paths).
        model(*inputs, training=False, **kwargs)
    symbolic = _symbolic_check()
    try:
        for path, layer in layer_paths(model).items():
            had = "call" in vars(layer)
            patched.append((layer, had, vars(layer).get("call")))
            object.__setattr__(layer, "call", wrap(layer, path))
        model(*inputs, training=training, **kwargs)
    finally:
        for layer, had, old in reversed(patched):
            if had:
                object.__setattr__(layer, "call", old)
            else:
                object.__delattr__(layer, "call")
    return calls


def first_calls(calls: list[LayerCall]) -> dict[str, LayerCall]:
    """{path: the layer's first call}: the sizes a translator gives each layer's constructor."""
    out: dict[str, LayerCall] = {}
    for c in calls:
        out.setdefault(c.path, c)
    return out


def format_calls(calls: list[LayerCall]) -> str:
    """A readable table, one call a line, indented by depth (repeated calls of a layer folded)."""
    lines, last = [], None
    for c in calls:
        key = (c.path, c.input_shapes, c.output_shapes)
        if c.index and key == last:
            continue
        last = key
        ins = ", ".join(str(t) for t in c.inputs)
        outs = ", ".join(str(t) for t in _tensors(c.outputs))
        lines.append(f"{'  ' * c.depth}{c.path or '<model>'}  {c.cls}  ({ins}) -> ({outs})")
    return "\n".join(lines)


__all__ = ["TensorInfo", "LayerCall", "record_shapes", "first_calls", "layer_paths", "class_name",
           "format_calls"]
