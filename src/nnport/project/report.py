"""The report of a project conversion, as data (JSON) and Markdown.

It starts with "N files converted, M issues need attention", then the issues grouped by API (with
their count and file:line locations), the source APIs the converted files call (call sites counted,
and whether the tables translate them), and every file with its status. Paths are relative to the
source directory, so that the report does not depend on where or how fast it was run.
"""
from __future__ import annotations

import json

ISSUE_SEVERITIES = ("warning", "error")
SHOWN_LOCATIONS = 5


def _where(rel: str, d: dict) -> str:
    cell = f":cell{d['cell']}" if d.get("cell") is not None else ""
    return f"{rel}{cell}:{d['line']}" if d.get("line") else f"{rel}{cell}"


def build(results: list[dict], *, source_dir: str, target: str, version: str) -> dict:
    results = sorted(results, key=lambda r: r["rel"])
    counts = {s: 0 for s in ("converted", "unchanged", "copied", "error")}
    issues: dict[str, dict] = {}
    apis: dict[str, dict] = {}
    files = []
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
        found = [] if r["status"] == "error" else [d for d in r["diagnostics"] if d["severity"] in ISSUE_SEVERITIES]
        for d in found:
            key = d.get("api") or d["message"]
            g = issues.setdefault(key, {"api": d.get("api") or "", "count": 0, "severities": {},
                                        "messages": [], "locations": []})
            g["count"] += 1
            g["severities"][d["severity"]] = g["severities"].get(d["severity"], 0) + 1
            if d["message"] not in g["messages"]:
                g["messages"].append(d["message"])
            g["locations"].append(_where(r["rel"], d))
        for s in r.get("sites", ()):
            a = apis.setdefault(s["api"], {"api": s["api"], "calls": 0, "supported": s["supported"], "files": set()})
            a["calls"] += 1
            a["files"].add(r["rel"])
        files.append({"path": r["rel"], "kind": r["kind"], "status": r["status"], "skipped": r.get("skipped", False),
                      "lines": r.get("lines", 0), "issues": len(found), "diagnostics": r["diagnostics"]})
    n_issues = sum(g["count"] for g in issues.values())
    api_rows = sorted(({**a, "files": len(a["files"])} for a in apis.values()), key=lambda a: (-a["calls"], a["api"]))
    return {
        "nnport": version, "source_dir": source_dir, "target": target,
        "summary": {"files": len(results), "converted": counts["converted"] + counts["unchanged"],
                    "unchanged": counts["unchanged"], "copied": counts["copied"], "errors": counts["error"],
                    "skipped": sum(1 for f in files if f["skipped"]), "issues": n_issues,
                    "lines": sum(f["lines"] for f in files),
                    "api_sites": sum(a["calls"] for a in api_rows),
                    "api_sites_supported": sum(a["calls"] for a in api_rows if a["supported"])},
        "issues": sorted(issues.values(), key=lambda g: (-g["count"], g["api"], g["messages"][0])),
        "apis": api_rows,
        "files": files,
    }


def headline(report: dict) -> str:
    s = report["summary"]
    text = f"{s['converted']} files converted, {s['issues']} issues need attention"
    if s["errors"]:
        text += f", {s['errors']} files failed"
    extra = [f"{s['unchanged']} of them without models, copied as they were"] if s["unchanged"] else []
    if s["copied"]:
        extra.append(f"{s['copied']} other files copied")
    if s["skipped"]:
        extra.append(f"{s['skipped']} unchanged since the last run (skipped)")
    return text + (f" ({'; '.join(extra)})" if extra else "")


def file_entries(results: list[dict], out_dir: str) -> dict:
    """The report of `nnport convert --report R.json` on files (cli.py), for the converted files of a
    project: {"files": [{path, output, status, diagnostics}], "summary": {files, issues, errors}}."""
    import os
    entries, converted, issues, errors = [], 0, 0, 0
    for r in sorted(results, key=lambda r: r["rel"]):
        if r["kind"] == "copy":
            continue
        ok = r["status"] != "error"
        converted += ok
        errors += not ok
        issues += sum(1 for d in r["diagnostics"] if d["severity"] in ISSUE_SEVERITIES) if ok else 0
        entries.append({"path": r["path"], "output": os.path.join(out_dir, r["rel"]) if ok else None,
                        "status": "converted" if ok else "error", "diagnostics": r["diagnostics"]})
    return {"files": entries, "summary": {"files": converted, "issues": issues, "errors": errors}}


def to_json(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _locations(locs: list[str]) -> str:
    more = f" (+{len(locs) - SHOWN_LOCATIONS} more)" if len(locs) > SHOWN_LOCATIONS else ""
    return ", ".join(f"`{x}`" for x in locs[:SHOWN_LOCATIONS]) + more


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: dict) -> str:
    s = report["summary"]
    out = ["# nnport project report", "", f"`{report['source_dir']}` converted to {report['target']} "
           f"(nnport {report['nnport']})", "", f"**{headline(report)}.**", ""]
    if s["api_sites"]:
        share = 100 * s["api_sites_supported"] / s["api_sites"]
        out += [f"{s['lines']} lines; {s['api_sites']} source API call sites, {s['api_sites_supported']} "
                f"of them of APIs the tables translate ({share:.1f}%).", ""]
    out += ["## Issues needing attention, by API", ""]
    if report["issues"]:
        out += ["| API | count | what | where |", "|---|---:|---|---|"]
        for g in report["issues"]:
            what = "; ".join(g["messages"][:2]) + (" ..." if len(g["messages"]) > 2 else "")
            out.append(f"| `{g['api'] or '-'}` | {g['count']} | {_cell(what)} | {_locations(g['locations'])} |")
    else:
        out.append("None.")
    out += ["", "## Source APIs called by the converted files", ""]
    if report["apis"]:
        out += ["| API | calls | files | translated by the tables |", "|---|---:|---:|---|"]
        out += [f"| `{a['api']}` | {a['calls']} | {a['files']} | {'yes' if a['supported'] else '**no**'} |"
                for a in report["apis"]]
    else:
        out.append("None.")
    failed = [f for f in report["files"] if f["status"] == "error"]
    if failed:
        out += ["", "## Files that failed", ""]
        out += [f"- `{f['path']}`: " + "; ".join(_cell(d["message"]) for d in f["diagnostics"]
                                                  if d["severity"] == "error") for f in failed]
    out += ["", "## Files", "", "| file | status | issues |", "|---|---|---:|"]
    out += [f"| `{f['path']}` | {f['status']}{' (skipped)' if f['skipped'] else ''} | {f['issues']} |"
            for f in report["files"]]
    return "\n".join(out) + "\n"
