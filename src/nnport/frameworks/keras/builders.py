"""Functional / Sequential models that a subclassed model builds with a helper function
(`self.encoder = build_encoder(latent_dim)`): written by the graph route (keras/reading/graph.py)
from the model the recorded run built, and spliced into the source before translation.

The helper's body becomes `return Encoder(latent_dim)`, the class (named after the Keras model)
follows it. Only for a PyTorch target (the graph route writes PyTorch); for another target the
helper stays and is reported. The class's layers are those of the traced call (a diagnostic says so).
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m
import numpy as np

from nnport.diagnostics import Diagnostic


def _sites(module: cst.Module) -> dict[tuple[str, str], str]:
    """(class, attribute) -> the module-level function whose call `__init__` assigns to it."""
    functions = {s.name.value for s in module.body if isinstance(s, cst.FunctionDef)}
    out = {}
    for cls in module.body:
        if not isinstance(cls, cst.ClassDef):
            continue
        for a in m.findall(cls, m.Assign(targets=[m.AssignTarget(m.Attribute(m.Name("self"), m.Name()))],
                                         value=m.Call(func=m.Name()))):
            if a.value.func.value in functions:
                out[(cls.name.value, a.targets[0].target.attr.value)] = a.value.func.value
    return out


def _camel(name: str, taken: set[str]) -> str:
    base = "".join(p[:1].upper() + p[1:] for p in name.replace("-", "_").split("_") if p) or "Graph"
    out, i = base, 2
    while out in taken:
        out, i = f"{base}{i}", i + 1
    taken.add(out)
    return out


def splice(module: cst.Module, graphs, sizes, target: str, diags, filename) -> cst.Module:
    from nnport.frameworks.keras.sizes import agreed
    sites = _sites(module)
    wanted = {fn: (key, model) for key, model in graphs.items() if (fn := sites.get(key))}
    if not wanted:
        return module
    line = {s.name.value: i for i, s in enumerate(module.body) if isinstance(s, cst.FunctionDef)}
    if target != "torch":
        for fn in wanted:
            diags.append(Diagnostic("warning", 1, 1, f"{fn}() builds a functional Keras model: only the "
                                    "PyTorch target writes those (the graph route)", fn, filename))
        return module
    from nnport.frameworks.keras.reading.graph import GraphTranslator
    from nnport.frameworks.keras.reading.helpers import HELPERS
    from nnport.frameworks.keras.shapes import record_shapes
    taken = {s.name.value for s in module.body if isinstance(s, (cst.ClassDef, cst.FunctionDef))}
    body = list(module.body)
    helpers: set[str] = set()
    inserts: dict[int, list[cst.BaseStatement]] = {}
    for fn, (key, model) in wanted.items():
        shape = agreed(sizes.get(key))
        recorded = {}
        if shape is not None and None not in shape:
            for c in record_shapes(model, np.zeros(shape, np.float32)):
                recorded.setdefault((c.path, c.index), c.input_shapes)
        g = GraphTranslator(recorded)
        k = line[fn]
        params = cst.Module([]).code_for_node(body[k].params)
        name = g.graph_class(model, _camel(model.name, taken), params=params,
                             doc=f"The Keras model {model.name!r} that {fn}() builds (the traced call's layers).")
        helpers |= g.helpers
        names = ", ".join(p.name.value for p in body[k].params.params)
        stmt = cst.parse_statement(f"return {name}({names})")
        doc = [s for s in body[k].body.body[:1] if m.matches(s, m.SimpleStatementLine([m.Expr(m.SimpleString())]))]
        body[k] = body[k].with_changes(body=body[k].body.with_changes(body=[*doc, stmt]))
        inserts[k] = [cst.parse_module(code).body[0] for code in g.classes.values()]
        diags.append(Diagnostic("info", body[k].leading_lines and 1 or 1, 1, f"{fn}() builds the functional "
                                f"Keras model {model.name!r}: written as class {name} by the graph route, "
                                "with the layers of the recorded run's call", fn, filename))
    out = []
    for i, s in enumerate(body):
        out.append(s)
        for c in inserts.get(i, ()):
            out.append(c.with_changes(leading_lines=[cst.EmptyLine(indent=False), cst.EmptyLine(indent=False)]))
    first = next((i for i, s in enumerate(out) if isinstance(s, (cst.ClassDef, cst.FunctionDef))), len(out))
    for h in sorted(helpers):
        for s in reversed(cst.parse_module(HELPERS[h]).body):
            out.insert(first, s)
    return module.with_changes(body=out)
