"""Where the defect is: the innermost differing layer, else the module of a differing running
statistic, else of a differing gradient (the last one in the model's order: a wrong gradient
flows back into every layer before the defect, never into those after it)."""
from __future__ import annotations

from nnport.verify.compare import ERROR, MISMATCH
from nnport.verify.lines import lines_of
from nnport.verify.localize import LayerCheck, innermost
from nnport.verify.result import Location


def _from_layers(res) -> Location | None:
    for mode in ("eval", "train"):
        inner = innermost([LayerCheck(**d) for d in res.layers.get(mode, [])])
        if inner:
            lc = inner[0]
            return Location(lc.path, lc.cls, f"{mode} layer outputs", lc.max_abs, lc.max_rel, lc.layout,
                            others=[o.path or "<model>" for o in inner[1:]])
    return None


def _from_checks(res, modules: dict) -> Location | None:
    order = {p: i for i, p in enumerate(modules)}
    for kind in ("train state", "train grad"):
        bad = [c for c in res.checks if c.name.startswith(kind) and c.status in (MISMATCH, ERROR)
               and c.module is not None]
        if not bad:
            continue
        pick = max if kind == "train grad" else min
        c = pick(bad, key=lambda c: order.get(c.module, -1))
        return Location(c.module, modules.get(c.module, ["?"])[0], kind, c.max_abs, c.max_rel,
                        others=sorted({b.module for b in bad} - {c.module}))
    return None


def locate(res, modules: dict, source_code: str, target_code: str) -> Location | None:
    if res.verdict != "not equivalent":
        return None
    loc = _from_layers(res) or _from_checks(res, modules)
    if loc is None:
        return None
    s = lines_of(source_code, loc.path, modules)
    t = lines_of(target_code, loc.path, modules)
    loc.source_line, loc.source_text, loc.class_line = s["line"], s["text"], s["class_line"]
    loc.forward_line, loc.target_line, loc.target_text = s["forward_line"], t["line"], t["text"]
    loc.target_forward_line = t["forward_line"]
    return loc
