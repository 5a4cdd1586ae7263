"""The graph route: a built functional or Sequential Keras model -> PyTorch classes.

The Keras graph is walked in Keras' own order (nodes by decreasing depth, as
Function._run_through_graph runs them); each node's layer is read (registry.read_layer) with the
shapes of the tensors it is called on (symbolic shapes, completed by a recorded run where they are
unknown) and written by write.ClassWriter. A layer called at several nodes is one module called
several times; a nested functional or Sequential model is a class of its own.
"""
from __future__ import annotations

from nnport.frameworks.keras.reading.names import Names, identifier
from nnport.frameworks.keras.reading.registry import READERS, ReadCtx, Step, read_layer
from nnport.frameworks.keras.reading.write import ClassWriter, Value
from nnport.frameworks.keras.shapes import _is_graph_model, class_name
from nnport.frameworks.spec import Unsupported

# readers that use a `mask` argument (or refuse it); any other layer called with one is refused
MASK_READERS = {f"keras.layers.{c}" for c in ("LSTM", "GRU", "SimpleRNN", "Bidirectional", "GlobalAveragePooling1D",
                                              "GlobalMaxPooling1D", "TimeDistributed", "Attention",
                                              "AdditiveAttention")}
AUTO_INPUT_NAMES = ("input_layer", "keras_tensor", "input_")


def functional_of(model):
    import keras
    if isinstance(model, keras.Sequential):
        fn = getattr(model, "_functional", None)
        if fn is None:
            raise Unsupported(f"Sequential model {model.name!r} has no input shape (no keras.Input and no "
                              "example input): its layers' sizes are unknown")
        return fn
    return model


def _render(obj) -> str:
    """Call arguments with tensors as placeholders, as code."""
    if isinstance(obj, str):
        return obj
    if isinstance(obj, list):
        return f"[{', '.join(_render(o) for o in obj)}]"
    if isinstance(obj, tuple):
        return f"({', '.join(_render(o) for o in obj)}{',' if len(obj) == 1 else ''})"
    if isinstance(obj, dict):
        return "{" + ", ".join(f"{k!r}: {_render(v)}" for k, v in obj.items()) + "}"
    return repr(obj)


def _placeholders(node):
    idx = {id(t): f"_{i}" for i, t in enumerate(node.input_tensors)}
    return node.arguments.fill_in(idx)


class GraphTranslator:
    def __init__(self, recorded: dict | None = None):
        self.recorded = recorded or {}     # (layer path, call index) -> input shapes
        self.classes: dict[str, str] = {}  # class name -> code, nested classes first
        self.helpers: set[str] = set()
        self.diagnostics: list[tuple[str, str]] = []
        self._class_of: dict[int, str] = {}
        self._counts: dict[str, int] = {}
        self._class_names = Names()
        self._attrs: dict[int, str] = {}     # id(sublayer) -> attribute, inside a traced custom layer

    def report(self, severity: str, message: str) -> None:
        if (severity, message) not in self.diagnostics:
            self.diagnostics.append((severity, message))

    # ---- classes ---------------------------------------------------------------------------
    def nested(self, model, path: str) -> str:
        if id(model) not in self._class_of:
            base = self._attrs.get(id(model), model.name)
            name = self._class_names.new("".join(p.capitalize() for p in identifier(base).split("_")) or "Sub")
            self._class_of[id(model)] = name
            self.graph_class(model, name, path)
        return self._class_of[id(model)]

    def graph_class(self, model, name: str, path: str = "", params: str = "", doc: str = "",
                    constants: dict | None = None) -> str:
        """`constants`: {id(input tensor): PyTorch expression} for graph inputs that are constants of a
        trace (custom.py), computed in forward instead of passed in."""
        import keras
        if isinstance(model, keras.Sequential) and getattr(model, "_functional", None) is None:
            return self._unbuilt(model, name, params, doc)
        fn = functional_of(model)
        w = ClassWriter(name)
        values: dict[int, Value] = {}
        constants = constants or {}
        args, unpack = self._inputs(fn, w, values, set(constants))
        for t in fn.inputs:
            if id(t) in constants:
                var = w.vars.new(t._keras_history[0].name if hasattr(t, "_keras_history") else "const")
                unpack.append(f"{var} = {constants[id(t)]}")
                values[id(t)] = Value(var, None, len(t.shape))
        self._walk(fn, w, values, path)
        outs = keras.tree.map_structure(lambda t: w.as_perm(values[id(t)], None), fn._outputs_struct)
        self.helpers |= w.helpers
        self.classes[name] = _class_code(name, doc, params, w, args, unpack, _render(outs))
        return name

    def _inputs(self, fn, w: ClassWriter, values, skip=frozenset()) -> tuple[str, list[str]]:
        import keras
        struct = fn._inputs_struct
        if skip:   # a trace's constants: not arguments of forward
            struct = [t for t in keras.tree.flatten(struct) if id(t) not in skip]
            struct = struct[0] if len(struct) == 1 else struct
        flat = keras.tree.flatten(struct)

        def var(t, i):
            layer_name = t._keras_history[0].name
            auto = layer_name.startswith(AUTO_INPUT_NAMES)
            name = w.vars.new(("x" if len(flat) == 1 else f"x{i + 1}") if auto else layer_name)
            values[id(t)] = Value(name, None, len(t.shape))
            return name

        if not isinstance(struct, (list, tuple, dict)):
            return var(struct, 0), []
        names = [var(t, i) for i, t in enumerate(flat)]
        if isinstance(struct, dict):
            keys = sorted(struct)   # keras.tree.flatten order
            return "inputs", [f"{n} = inputs[{k!r}]" for n, k in zip(names, keys)]
        return "inputs", [f"{', '.join(names)}{',' if len(names) == 1 else ''} = inputs"]

    def _unbuilt(self, model, name: str, params: str, doc: str) -> str:
        """A Sequential never called and without an input shape: its layers in order, sizes unknown
        (lazy modules), ranks from the layer classes (ranks.py)."""
        from nnport.frameworks.keras.reading.ranks import input_rank, output_rank
        w = ClassWriter(name)
        rank = input_rank(model.layers)
        value = Value(w.vars.new("x"), None, rank)
        self.report("warning", f"Sequential {model.name!r} has no input shape and there is no example input: "
                               "sizes unknown, ranks guessed from the layer classes")
        for layer in model.layers:
            api, config = class_name(layer), layer.get_config()
            ctx = ReadCtx(name=layer.name, api=api)
            out_rank = output_rank(api, config, rank)
            try:
                steps = read_layer(api, config, [(None,) * rank], ctx)
                value = w.steps(steps, [value], layer.name, [out_rank], ctx)[0]
            except Unsupported as e:
                self.report("error", f"layer {layer.name!r} ({api}) not translated: {e}")
                w.forward.append(f"raise NotImplementedError({f'nnport: {api} ({layer.name}) not translated: {e}'!r})")
            for sev, msg in ctx.diagnostics:
                self.report(sev, msg)
            rank = out_rank
        self.helpers |= w.helpers
        self.classes[name] = _class_code(name, doc, params, w, "x", [],
                                         w.as_perm(value, None))
        return name

    # ---- nodes -----------------------------------------------------------------------------
    def _walk(self, fn, w: ClassWriter, values: dict, path: str) -> None:
        for depth in sorted(fn._nodes_by_depth, reverse=True):
            for node in fn._nodes_by_depth[depth]:
                if not node.operation or node.is_input:
                    continue
                if any(id(x) not in values for x in node.input_tensors):
                    continue
                self._node(w, node, values, path)

    def _lambda(self, w: ClassWriter, node, in_vals, path: str) -> list[Value]:
        """A Lambda's function traced on symbolic inputs: the keras.ops it calls become nodes of a
        graph of their own, written inline (each op by its reader in ops.py)."""
        import keras
        layer = node.operation
        syms = [keras.Input(batch_shape=t.shape, dtype=t.dtype) for t in node.input_tensors]
        struct = keras.tree.pack_sequence_as(node.arguments.args[0], syms)
        try:
            out = layer.function(struct, **(layer.arguments or {}))
            fn = keras.Model(syms, out)
        except Exception as e:  # noqa: BLE001 - any Python the user wrote
            raise Unsupported(f"Lambda layer: its function could not be traced with keras.ops ({e})") from None
        values = {id(s): v for s, v in zip(syms, in_vals)}
        self._walk(fn, w, values, path)
        self.report("info", f"Lambda layer {layer.name!r}: its function was traced (keras.ops calls written inline; "
                            "Python control flow in it was evaluated at the traced shapes)")
        return [values[id(t)] for t in keras.tree.flatten(out)]

    def _shapes(self, node, path: str) -> list[tuple]:
        layer = node.operation
        key = f"{path}.{layer.name}" if path else layer.name
        k = self._counts.get(key, 0)
        self._counts[key] = k + 1
        shapes = [tuple(t.shape) for t in node.input_tensors]
        rec = self.recorded.get((key, k))
        if rec is not None and len(rec) == len(shapes):
            shapes = [tuple(r if s is None and i else s for i, (s, r) in enumerate(zip(sym, got)))
                      for sym, got in zip(shapes, rec)]
        return shapes

    def _node(self, w: ClassWriter, node, values, path: str) -> None:
        import keras
        layer = node.operation
        api = class_name(layer)
        shapes = self._shapes(node, path)
        pargs, pkwargs = _placeholders(node)
        name = self._attrs.get(id(layer), layer.name)
        ctx = ReadCtx(name=name, api=api, args=tuple(pargs), kwargs=dict(pkwargs))
        sub_path = f"{path}.{name}" if path else name

        def read_inner(config, inner_shapes):
            inner = layer.layer
            if _is_graph_model(inner):
                return [Step("", module="", construct=f"{self.nested(inner, sub_path)}()")]
            return read_layer(class_name(inner), inner.get_config(), inner_shapes,
                              ReadCtx(name=name, api=class_name(inner), diagnostics=ctx.diagnostics))

        ctx.read = read_inner
        in_vals = [values[id(t)] for t in node.input_tensors]
        out_ranks = [len(t.shape) for t in node.outputs]
        try:
            if api == "keras.layers.Lambda":
                outs = self._lambda(w, node, in_vals, path)
                for t, v in zip(node.outputs, outs):
                    values[id(t)] = v
                return
            if _is_graph_model(layer):
                steps = self._nested_steps(layer, node, pargs, sub_path)
            elif pkwargs.get("mask") is not None and api not in MASK_READERS:
                raise Unsupported(f"{api} called with a Keras mask (mask_zero=True / Masking upstream): "
                                  "not translated")
            elif api not in READERS and isinstance(layer, keras.layers.Layer):
                steps = self._custom_steps(layer, node, pargs, sub_path)
            else:
                steps = read_layer(api, _config(layer), shapes, ctx)
            outs = w.steps(steps, in_vals, name, out_ranks, ctx)
            if len(outs) != len(node.outputs):
                raise Unsupported(f"{layer.name}: {len(outs)} results written for {len(node.outputs)} outputs")
        except Unsupported as e:
            self.report("error", f"layer {name!r} ({api}) not translated: {e}")
            var = w.vars.new(name)
            w.forward.append(f"raise NotImplementedError({f'nnport: {api} ({layer.name}) not translated: {e}'!r})")
            outs = [Value(var, None, r) for r in out_ranks]
        for sev, msg in ctx.diagnostics:
            self.report(sev, msg)
        for t, v in zip(node.outputs, outs):
            values[id(t)] = v

    def _custom_steps(self, layer, node, pargs, path: str) -> list[Step]:
        """A user-written layer: its call traced (custom.py) and written as a class of its own."""
        from nnport.frameworks.keras.reading.custom import trace
        if id(layer) not in self._class_of:
            fn, attrs, constants = trace(layer, node)
            self._attrs.update(attrs)
            cls = self._class_names.new(type(layer).__name__)
            self._class_of[id(layer)] = cls
            self.graph_class(fn, cls, path, doc=f"{type(layer).__name__} (a Keras layer subclass), as traced "
                                                 f"on inputs {[tuple(t.shape) for t in node.input_tensors]}.",
                             constants=constants)
            if constants:
                self.report("warning", f"layer {layer.name!r}: keras.ops.arange written at its traced size "
                                       f"({', '.join(sorted(constants.values()))})")
            self.report("warning", f"layer {layer.name!r} ({type(layer).__name__}): its call was traced; the "
                                   "class is written from the trace (Python control flow evaluated at these shapes)")
        return [Step("", module="", construct=f"{self._class_of[id(layer)]}()", call=_render(pargs[0]),
                     out_perm=None)]

    def _nested_steps(self, layer, node, pargs, path: str) -> list[Step]:
        import keras
        cls = self.nested(layer, path)
        outs = keras.tree.flatten(functional_of(layer)._outputs_struct)
        struct = functional_of(layer)._outputs_struct
        if isinstance(struct, dict):
            templates = tuple(f"_[{k!r}]" for k in sorted(struct))
        elif isinstance(struct, (list, tuple)):
            templates = tuple(f"_[{i}]" for i in range(len(outs)))
        else:
            templates = None
        return [Step("", module="", construct=f"{cls}()", call=_render(pargs[0]), outputs=templates,
                     out_perm=None)]


def _config(layer) -> dict:
    """A layer's config; a keras.ops operation's attributes (axis, keepdims...)."""
    import keras
    if not isinstance(layer, keras.layers.Layer):
        return {k: v for k, v in vars(layer).items() if not k.startswith("_") and
                isinstance(v, (int, float, str, bool, list, tuple, type(None)))}
    return layer.get_config()


def _class_code(name, doc, params, w: ClassWriter, args, unpack, returns) -> str:
    lines = [f"class {name}(nn.Module):"]
    if doc:
        lines.append(f'    """{doc}"""')
        lines.append("")
    lines.append(f"    def __init__(self{', ' + params if params else ''}):")
    lines.append("        super().__init__()")
    lines += [f"        {line}" for line in w.init]
    lines.append("")
    lines.append(f"    def forward(self, {args}):")
    lines += [f"        {line}" for line in unpack + w.forward]
    lines.append(f"        return {returns}")
    return "\n".join(lines) + "\n"
