"""The terminal report: what ran, the checks (per output, per layer on failure), the verdict line.

The verdict, the tolerance and the max abs/rel error are always printed; state and gradient checks
are summarised per kind, with each mismatch listed.
"""
from __future__ import annotations

from nnport.verify.compare import MATCH
from nnport.verify.localize import LayerCheck, innermost

MAX_ROWS = 60


def _n(k: int, word: str) -> str:
    return f"{k} {word}{'' if k == 1 else 's'}"


def _e(v) -> str:
    return "-" if v is None else f"{v:.1e}"


def _row(cols, widths) -> str:
    return "  " + "  ".join(str(c).ljust(w) for c, w in zip(cols, widths)).rstrip()


def _table(header, rows) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    return [_row(header, widths)] + [_row(r, widths) for r in rows]


def _kind(name: str) -> str:
    words = name.split(" ")
    return " ".join(words[:2]) if len(words) > 1 and words[1] in ("state", "grad") else name.split("[")[0]


MAX_LISTED = 8   # mismatches listed per kind of state/gradient check


def check_lines(res) -> list[str]:
    rows, groups, listed = [], {}, {}
    for c in res.checks:
        kind = _kind(c.name)
        if "output" in c.name or (c.status != MATCH and listed.setdefault(kind, 0) < MAX_LISTED):
            listed[kind] = listed.get(kind, 0) + ("output" not in c.name)
            trial = f" (trial {c.trial})" if res.trials > 1 else ""
            rows.append([c.name + trial, c.status, _e(c.max_abs), _e(c.max_rel), _e(c.limit),
                         "" if c.shape is None else "x".join(map(str, c.shape)) or "scalar", c.message[:70]])
        if "output" not in c.name:
            groups.setdefault(kind, []).append(c)
    out = _table(["check", "status", "max abs", "max rel", "limit", "shape", "note"], rows) if rows else []
    for kind, cs in groups.items():
        ok = sum(c.status == MATCH for c in cs)
        rel = max((c.max_rel for c in cs if c.max_rel is not None), default=None)
        more = len(cs) - ok - listed.get(kind, 0)
        out.append(f"  {kind}: {ok} of {len(cs)} match (max rel {_e(rel)})"
                   + (f"; {more} more mismatches not listed" if more > 0 else ""))
    return out


def layer_lines(res) -> list[str]:
    out = []
    for mode, dicts in res.layers.items():
        layers = [LayerCheck(**d) for d in dicts]
        inner = {lc.path for lc in innermost(layers)}
        shown = [lc for lc in layers if lc.status != MATCH or len(layers) <= MAX_ROWS]
        rows = [[("> " if lc.path in inner else "  ") + (lc.path or "<model>"), lc.cls,
                 lc.target_cls or "-", lc.status, _e(lc.max_rel), lc.layout, lc.message[:60]] for lc in shown]
        out.append(f"\n  {mode} mode, layer by layer (each target layer fed the source layer's inputs; "
                   f"> innermost differing):")
        out += _table(["layer", "source", "target", "status", "max rel", "layout", "note"], rows)
        if len(shown) < len(layers):
            out.append(f"  ({len(layers) - len(shown)} matching layers not shown)")
    return out


def verdict_line(res) -> str:
    how = f"max abs {_e(res.max_abs)}, max rel {_e(res.max_rel)}; {_n(len(res.compared), 'array')} compared; " \
          f"tolerance {res.tolerance}"
    line = f"verdict: {res.verdict.upper()} ({how})"
    if res.error:
        line += f"\n  could not verify: {res.error}"
    loc = res.location
    if loc is not None:
        line += f"\n  differs first at {loc.path or '<model>'} ({loc.cls}), found by {loc.found_by}"
        if loc.source_line:
            line += f"\n    source line {loc.source_line}: {loc.source_text}"
        if loc.class_line and loc.class_line != loc.source_line:
            line += f"\n    its class: line {loc.class_line}"
        if loc.forward_line:
            line += f"\n    its forward: line {loc.forward_line}"
        if loc.target_line:
            line += f"\n    target line {loc.target_line}: {loc.target_text}"
        if loc.target_forward_line:
            line += f"\n    target forward: line {loc.target_forward_line}"
        if loc.others:
            line += f"\n    also differing: {', '.join(loc.others[:8])}"
    return line


def render(res) -> str:
    s, t = res.source, res.target
    out = []
    if s:
        out.append(f"source: {s.get('file')}:{s.get('class')} ({s.get('framework')})")
        out.append(f"target: {t.get('file')}:{t.get('class')} ({t.get('framework')})")
        if "init" in s:
            out.append(f"init: {s['init']}")
            out.append(f"inputs: {s['inputs']}; trials: {res.trials}")
    out += [f"note: {n}" for n in res.notes]
    if res.checks:
        out.append("")
        out += check_lines(res)
    out += layer_lines(res)
    out += ["", verdict_line(res), f"({res.seconds:.1f} s)"]
    return "\n".join(out)
