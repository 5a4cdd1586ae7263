"""The output of `nnport scan`: a terminal table, Markdown or JSON."""
from __future__ import annotations

import json

from nnport.project.scan import Scan

SHOWN_LOCATIONS = 3


def rows(result: Scan, top: int = 0):
    ordered = sorted(result.apis.values(), key=lambda a: (-a.count, a.api))
    return ordered[:top] if top else ordered


def headline(result: Scan) -> str:
    against = f" (read by the tables and written for {result.target})" if result.target else " (read by the tables)"
    fws = ", ".join(f"{fw} {n}" for fw, n in sorted(result.by_framework.items())) or "none"
    return (f"{result.files} files, {result.lines} lines; files by framework: {fws}; "
            f"{result.sites} API call sites of {len(result.apis)} APIs, "
            f"{result.supported_sites} supported{against}: coverage {100 * result.coverage:.1f}%")


def unsupported(result: Scan, top: int = 0):
    found = [a for a in rows(result) if not a.supported]
    return found[:top] if top else found


def table(result: Scan, top: int = 0) -> str:
    shown = rows(result, top)
    width = max([len(a.api) for a in shown] + [3])
    lines = [headline(result), "", f"{'API':<{width}}  {'calls':>6}  {'files':>5}  supported"]
    lines.append("-" * (width + 26))
    lines += [f"{a.api:<{width}}  {a.count:>6}  {a.files:>5}  {'yes' if a.supported else 'NO'}" for a in shown]
    if top and len(result.apis) > top:
        lines.append(f"... {len(result.apis) - top} more APIs (--top 0 shows all)")
    return "\n".join(lines) + "\n"


def _where(a) -> str:
    more = f" (+{len(a.locations) - SHOWN_LOCATIONS})" if len(a.locations) > SHOWN_LOCATIONS else ""
    return ", ".join(f"`{loc}`" for loc in a.locations[:SHOWN_LOCATIONS]) + more


def markdown(result: Scan, top: int = 0) -> str:
    out = ["# nnport scan", "", headline(result) + ".", ""]
    missing = unsupported(result, top)
    out += ["## Not supported, most frequent first", ""]
    if missing:
        out += ["| API | calls | files | first locations |", "|---|---:|---:|---|"]
        out += [f"| `{a.api}` | {a.count} | {a.files} | {_where(a)} |" for a in missing]
    else:
        out.append("Every API call site found is supported.")
    out += ["", "## Every API, most frequent first", "", "| API | calls | files | supported |",
            "|---|---:|---:|---|"]
    out += [f"| `{a.api}` | {a.count} | {a.files} | {'yes' if a.supported else '**no**'} |"
            for a in rows(result, top)]
    if result.unreadable:
        out += ["", f"Not read ({len(result.unreadable)}: syntax or encoding errors): "
                + ", ".join(f"`{p}`" for p in result.unreadable)]
    return "\n".join(out) + "\n"


def as_json(result: Scan, top: int = 0) -> str:
    data = {
        "files": result.files, "lines": result.lines, "frameworks": result.by_framework,
        "target": result.target, "sites": result.sites, "supported_sites": result.supported_sites,
        "coverage": round(result.coverage, 4), "unreadable": result.unreadable,
        "apis": [{"api": a.api, "framework": a.framework, "calls": a.count, "files": a.files,
                  "supported": a.supported, "locations": a.locations} for a in rows(result, top)],
    }
    return json.dumps(data, indent=2) + "\n"


RENDER = {"table": table, "md": markdown, "json": as_json}
