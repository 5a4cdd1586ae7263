"""Layer input sizes for the Keras -> PyTorch translation, from one recorded run of the source.

A Keras layer learns its input size when first called (`Dense(64)`); a PyTorch layer needs it in its
constructor. When the file follows the corpus convention (`Model`, `get_init_inputs()`,
`get_inputs()`), the model is built and run once (keras/shapes.py records every layer call) and each
call is keyed by where the layer was constructed: the class whose `__init__` assigned it and the
attribute path inside that class (`("MLPBlock", "fc1")`, `("Model", "units.1")`,
`("DecoderBlock", "ffn.0")` for the first layer of a Sequential). A key gets the input shapes of
every instance's calls; a translation uses a size only where all agree (else a lazy module).
Importing Keras happens here only, when a convention file is converted.
"""
from __future__ import annotations

import ast
import types
from collections import defaultdict

import libcst as cst

CONVENTION = ("Model", "get_init_inputs", "get_inputs")


def follows_convention(tree: ast.Module) -> bool:
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    return all(name in defined for name in CONVENTION)


def record(code: str, filename: str, graphs: dict | None = None) -> dict[tuple[str, str], list[list[tuple]]]:
    """{(class, attribute path): [input shapes of one call, ...]} from one inference run; `graphs`
    gets {(class, attribute): model} for the functional/Sequential models user layers hold."""
    import keras
    from nnport.frameworks.keras import shapes

    module = types.ModuleType("_nnport_keras_source")
    module.__file__ = filename
    exec(compile(code, filename, "exec"), module.__dict__)   # noqa: S102 - the user's own model file
    # generated layer names ("dense_3") from zero, as keras_runner builds: the graph route names
    # the modules of a functional sub-model after them
    keras.backend.clear_session(free_memory=False)
    keras.utils.set_random_seed(0)
    model = module.Model(*module.get_init_inputs())
    calls = shapes.record_shapes(model, *module.get_inputs())
    own = {v for v in vars(module).values() if isinstance(v, type)}
    out: dict[tuple[str, str], list[list[tuple]]] = defaultdict(list)
    for c in calls:
        if c.cls.startswith(module.__name__ + "."):   # a user class: every instance's calls
            out[(c.cls.rsplit(".", 1)[1], "")].append(c.input_shapes)
        if not c.path:
            continue
        out[(CLASS_WIDE, c.cls.rsplit(".", 1)[-1])].append(c.input_shapes)
        for key in _keys(model, c.path, own):
            out[key].append(c.input_shapes)
    if graphs is not None:
        from nnport.frameworks.keras.shapes import _is_graph_model, layer_paths
        for path, layer in layer_paths(model).items():
            if path and _is_graph_model(layer):
                for key in _keys(model, path, own)[:1]:
                    graphs[key] = layer
    return dict(out)


CLASS_WIDE = "*"   # (CLASS_WIDE, class name): the calls of every instance of a class


def class_key(call) -> tuple[str, str] | None:
    """(CLASS_WIDE, name) for a construction call `keras.layers.Dense(...)` / `Dense(...)`: how a
    construction without a site (built in a helper function or a method) finds recorded sizes.
    Classes of one name in different modules share the key: their calls only agree less often."""
    func = getattr(call, "func", None)
    if isinstance(func, cst.Attribute):
        return CLASS_WIDE, func.attr.value
    if isinstance(func, cst.Name):
        return CLASS_WIDE, func.value
    return None


def _keys(model, path: str, own: set) -> list[tuple[str, str]]:
    """(owner class, path inside it) for the layer at `path`; list and dict elements also by the
    list (comprehensions, appends: `("Model", "blocks")`), and with every element index left out
    (`("Model", "heads.0")`: the first layer of any Sequential of a dict comprehension)."""
    obj, owner, rel, indexed = model, type(model).__name__, [], []
    segs = path.split(".")
    in_list = False
    for i, seg in enumerate(segs):
        in_list = isinstance(obj, (list, tuple, dict))
        indexed.append("dict" if isinstance(obj, dict) else "list" if in_list else "")
        obj, seg = _step(obj, seg)
        if obj is None:
            return []
        rel.append(seg)
        if i < len(segs) - 1 and type(obj) in own:   # a user layer: what it holds is keyed in it
            owner, rel, indexed = type(obj).__name__, [], []
    keys = [(owner, ".".join(rel))]
    if len(rel) >= 2 and in_list:
        keys.append((owner, ".".join(rel[:-1])))   # any element of a list (list comprehensions)
    for dropped in (("list",), ("list", "dict")):   # a literal dict's keys stay, a comprehension's go
        anywhere = (owner, ".".join(s for s, e in zip(rel, indexed) if e not in dropped))
        if any(indexed[:-1]) and anywhere not in keys:
            keys.append(anywhere)
    return keys


def _step(obj, seg: str):
    import keras
    from nnport.frameworks.keras.shapes import _is_graph_model
    if isinstance(obj, (list, tuple)):
        return (obj[int(seg)], seg) if seg.isdigit() and int(seg) < len(obj) else (None, seg)
    if isinstance(obj, dict):
        return (obj.get(seg), seg)
    if _is_graph_model(obj):
        subs = [layer for layer in obj.layers if not isinstance(layer, keras.layers.InputLayer)]
        for i, layer in enumerate(subs):
            if layer.name == seg:
                return layer, str(i)
        return None, seg
    return getattr(obj, seg, None), seg


def agreed(shapes: list[list[tuple]] | None, index: int = 0) -> tuple | None:
    """The input shape (argument `index`) every recorded call agrees on, else None."""
    if not shapes:
        return None
    found = {tuple(s[index]) for s in shapes if len(s) > index}
    return found.pop() if len(found) == 1 else None
