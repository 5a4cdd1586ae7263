"""The HTML report: one self-contained page (inline CSS and SVG, no script, no network).

The plot shows log10 of each layer's relative error in call order (or of each check when no layer
was localised), the tolerance as a dashed line, differing bars in red, the innermost one marked.
"""
from __future__ import annotations

import math
from html import escape

from nnport.verify.compare import MATCH
from nnport.verify.localize import LayerCheck, innermost
from nnport.verify.report import _e, _n

COLORS = {"equivalent": "#1a7f37", "not equivalent": "#cf222e", "error": "#9a6700"}
CSS = """body{font:14px system-ui,sans-serif;margin:24px;color:#1f2328}
h1{font-size:20px}.badge{color:#fff;padding:3px 10px;border-radius:12px;font-weight:600}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #d0d7de;padding:3px 8px;
text-align:left;font-size:12px}th{background:#f6f8fa}tr.bad td{background:#ffebe9}
tr.inner td{background:#ffcecb;font-weight:600}code{background:#f6f8fa;padding:1px 4px}
.loc{border-left:4px solid #cf222e;padding:6px 12px;background:#fff8f8}"""
LOG_MIN, LOG_MAX = -9.0, 1.0


def _bars(items, threshold: float, title: str) -> str:
    """items: (label, relative error or None, differs, innermost)."""
    w, h, left, bottom, top = 1100, 360, 60, 110, 30
    n = max(len(items), 1)
    bw = (w - left - 20) / n

    def y(v: float) -> float:
        v = min(max(v, LOG_MIN), LOG_MAX)
        return top + (LOG_MAX - v) / (LOG_MAX - LOG_MIN) * (h - top - bottom)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img">',
             f'<text x="{left}" y="18" font-size="14" font-weight="600">{escape(title)}</text>']
    for k in range(int(LOG_MIN), int(LOG_MAX) + 1, 2):
        parts.append(f'<line x1="{left}" x2="{w - 20}" y1="{y(k):.1f}" y2="{y(k):.1f}" stroke="#eee"/>'
                     f'<text x="{left - 6}" y="{y(k) + 4:.1f}" font-size="11" text-anchor="end">1e{k}</text>')
    for i, (label, rel, bad, inner) in enumerate(items):
        x = left + i * bw
        v = LOG_MIN if not rel else math.log10(rel)
        color = "#cf222e" if bad else "#2da44e"
        top_y = min(y(v), y(LOG_MIN) - 3)   # an exact match still shows as a stub
        parts.append(f'<rect x="{x + bw * 0.1:.1f}" y="{top_y:.1f}" width="{max(bw * 0.8, 1):.1f}" '
                     f'height="{y(LOG_MIN) - top_y:.1f}" fill="{color}"><title>{escape(label)}: '
                     f'{_e(rel)}</title></rect>')
        if inner:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{y(v) - 4:.1f}" font-size="14" '
                         f'text-anchor="middle" fill="#cf222e">&#9660;</text>')
        if n <= 80:
            lx, ly = x + bw / 2, h - bottom + 8
            parts.append(f'<text x="{lx:.1f}" y="{ly}" font-size="10" transform="rotate(60 {lx:.1f} {ly})"'
                         f'>{escape(label[:28])}</text>')
    ty = y(math.log10(threshold)) if threshold > 0 else y(LOG_MIN)
    parts.append(f'<line x1="{left}" x2="{w - 20}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#9a6700" '
                 f'stroke-dasharray="6 4"/><text x="{w - 22}" y="{top - 6}" font-size="11" '
                 f'text-anchor="end" fill="#9a6700">- - - tolerance {threshold:g}</text>')
    parts.append(f'<text x="14" y="{(top + h - bottom) / 2:.0f}" font-size="11" transform="rotate(-90 14 '
                 f'{(top + h - bottom) / 2:.0f})" text-anchor="middle">relative error (log scale)</text></svg>')
    return "\n".join(parts)


def plot(res) -> str:
    for mode, dicts in res.layers.items():
        layers = [LayerCheck(**d) for d in dicts]
        inner = {lc.path for lc in innermost(layers)}
        items = [(lc.path or "<model>", lc.max_rel, lc.status != MATCH, lc.path in inner) for lc in layers]
        return _bars(items, res.tolerance.rtol, f"Per-layer error, {mode} mode (source call order)")
    items = [(c.name, c.max_rel, c.status != MATCH, False) for c in res.checks if c.compared]
    return _bars(items, res.tolerance.rtol, "Error per check")


def _rows(header, rows, classes) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(f'<tr class="{cl}">' + "".join(f"<td>{escape(str(c))}</td>" for c in r) + "</tr>"
                   for r, cl in zip(rows, classes))
    return f"<table><tr>{head}</tr>{body}</table>"


def render_html(res) -> str:
    s, t, loc = res.source, res.target, res.location
    out = [f"<!doctype html><html><head><meta charset='utf-8'><title>nnport verify: {escape(res.verdict)}"
           f"</title><style>{CSS}</style></head><body>",
           f"<h1>nnport verify <span class='badge' style='background:{COLORS[res.verdict]}'>"
           f"{escape(res.verdict.upper())}</span></h1>",
           "<p>" + "<br>".join(escape(x) for x in [
               f"source: {s.get('file')}:{s.get('class')} ({s.get('framework')})",
               f"target: {t.get('file')}:{t.get('class')} ({t.get('framework')})",
               f"init: {s.get('init', '-')}; inputs: {s.get('inputs', '-')}; trials: {res.trials}",
               f"tolerance: {res.tolerance}",
               f"max abs error {_e(res.max_abs)}, max rel error {_e(res.max_rel)}, "
               f"{_n(len(res.compared), 'array')} compared, {res.seconds:.1f} s"]) + "</p>"]
    out += [f"<p>note: {escape(n)}</p>" for n in res.notes]
    if res.error:
        out.append(f"<p class='loc'>could not verify: {escape(res.error)}</p>")
    if loc is not None:
        out.append(f"<div class='loc'>differs first at <code>{escape(loc.path or '<model>')}</code> "
                   f"({escape(loc.cls)}), found by {escape(loc.found_by)}, max rel {_e(loc.max_rel)}"
                   + (f"<br>source line {loc.source_line}: <code>{escape(loc.source_text)}</code>"
                      if loc.source_line else "")
                   + (f"<br>its forward: source line {loc.forward_line}" if loc.forward_line else "")
                   + (f"<br>target line {loc.target_line}: <code>{escape(loc.target_text)}</code>"
                      if loc.target_line else "") + "</div>")
    out.append(plot(res))
    out.append("<h2>Checks</h2>")
    out.append(_rows(["check", "trial", "status", "max abs", "max rel", "limit", "note"],
                     [[c.name, c.trial, c.status, _e(c.max_abs), _e(c.max_rel), _e(c.limit), c.message]
                      for c in res.checks], ["" if c.status == MATCH else "bad" for c in res.checks]))
    for mode, dicts in res.layers.items():
        layers = [LayerCheck(**d) for d in dicts]
        inner = {lc.path for lc in innermost(layers)}
        out.append(f"<h2>Layers, {escape(mode)} mode</h2>")
        out.append(_rows(["layer", "source class", "target", "status", "max abs", "max rel", "layout", "note"],
                         [[lc.path or "<model>", lc.cls, lc.target_cls, lc.status, _e(lc.max_abs),
                           _e(lc.max_rel), lc.layout, lc.message] for lc in layers],
                         ["inner" if lc.path in inner else "" if lc.status == MATCH else "bad" for lc in layers]))
    out.append("</body></html>")
    return "\n".join(out)
