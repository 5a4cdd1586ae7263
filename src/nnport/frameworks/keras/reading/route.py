"""`nnport convert FILE --from keras --to torch` for a file whose `Model` is a builder function
(functional or Sequential model): the file is executed (the only route that imports Keras while
converting), the model built with get_init_inputs() (else the builder's defaults), its shapes
recorded on get_inputs() where the file has it, and the graph written as PyTorch classes."""
from __future__ import annotations

import ast
import inspect
import os
import types

from nnport.diagnostics import Diagnostic

HEADER = '''"""{doc}

Translated by nnport (graph route) from the Keras {kind} model that `{builder}` builds in
{filename}, traced at {builder}({call}). Comments of the source builder are not reachable
in this route: the code below is written from the built model.
"""
import torch
import torch.nn.functional as F
from torch import nn
'''


def builder_name(code: str) -> str | None:
    """The top-level function `Model` of a Keras file (the corpus convention), if any."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == "Model":
            return stmt.name
    return None


def _load(code: str, filename: str) -> types.ModuleType:
    import sys
    mod = types.ModuleType("nnport_keras_source")
    mod.__file__ = filename
    sys.modules.setdefault("nnport_keras_source", mod)
    try:
        exec(compile(code, filename, "exec"), mod.__dict__)   # noqa: S102 - the user's own model file
    finally:
        if sys.modules.get("nnport_keras_source") is mod:
            del sys.modules["nnport_keras_source"]
    return mod


def _params(fn) -> str:
    out = []
    for p in inspect.signature(fn).parameters.values():
        text = p.name if p.default is inspect.Parameter.empty else f"{p.name}={p.default!r}"
        out.append(("*" + text) if p.kind is p.VAR_POSITIONAL else ("**" + text) if p.kind is p.VAR_KEYWORD
                   else text)
    return ", ".join(out)


def translate_built(model, *, builder: str = "Model", params: str = "", call: str = "", inputs=None,
                    filename: str = "<string>", doc: str = "") -> tuple[str, list[tuple[str, str]]]:
    """(PyTorch code, [(severity, message)]) for a built Keras functional/Sequential model."""
    import keras
    from nnport.frameworks.keras.reading.graph import GraphTranslator
    from nnport.frameworks.keras.reading.helpers import HELPERS
    from nnport.frameworks.keras.shapes import record_shapes
    diags: list[tuple[str, str]] = []
    recorded = {}
    if inputs is not None:
        for c in record_shapes(model, *inputs):
            recorded.setdefault((c.path, c.index), c.input_shapes)
    else:
        diags.append(("warning", "no example input (get_inputs): sizes come from the keras.Input shapes only"))
    g = GraphTranslator(recorded)
    kind = "Sequential" if isinstance(model, keras.Sequential) else "functional"
    g.graph_class(model, "Model", params=params,
                  doc=f"The Keras {kind} model {model.name!r}; inputs and outputs in Keras' layout.")
    diags.append(("info", f"{builder}(...) was traced at {builder}({call}): the translated Model accepts the "
                          "builder's parameters but its layers are those of that call"))
    diags += g.diagnostics
    parts = [HEADER.format(doc=doc or f"{builder}, translated from Keras", kind=kind, builder=builder,
                           filename=filename, call=call)]
    parts += [HELPERS[h].strip("\n") + "\n" for h in sorted(g.helpers)]
    parts += list(g.classes.values())
    return "\n\n".join(p.rstrip("\n") + "\n" for p in parts), diags


def convert(code: str, filename: str = "<string>"):
    """A Conversion of a Keras builder file, or None when the file has no builder function."""
    from nnport.translate.engine import Conversion
    name = builder_name(code)
    if name is None:
        return None
    try:
        mod = _load(code, filename)
        fn = getattr(mod, name)
        args = list(mod.get_init_inputs()) if hasattr(mod, "get_init_inputs") else []
        inputs = list(mod.get_inputs()) if hasattr(mod, "get_inputs") else None
        import keras
        keras.backend.clear_session(free_memory=False)   # generated layer names ("dense_3") from zero,
        model = fn(*args)                                # as another process that builds it sees them
        text, diags = translate_built(model, builder=name, params=_params(fn), inputs=inputs,
                                      call=", ".join(repr(a) for a in args), filename=os.path.basename(filename),
                                      doc=(inspect.getdoc(mod) or "").split("\n\n")[0].strip())
    except Exception as e:  # noqa: BLE001 - running the user's builder may fail in any way
        return Conversion(code, [Diagnostic("error", 1, 1, f"the Keras builder could not be run and walked: "
                                            f"{type(e).__name__}: {e}", name, filename)], "keras", "torch",
                          filename)
    line = next((n.lineno for n in ast.parse(code).body if isinstance(n, ast.FunctionDef) and n.name == name), 1)
    return Conversion(text, [Diagnostic(s, line, 1, m, name, filename) for s, m in diags], "keras", "torch",
                      filename)
