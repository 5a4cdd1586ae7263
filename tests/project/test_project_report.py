"""nnport.project.report: the project report, issues grouped by API with counts and locations."""
from __future__ import annotations

import json

from nnport.project import report


def diag(severity, line, api, message, cell=None):
    d = {"severity": severity, "line": line, "col": 1, "message": message, "api": api, "filename": "x"}
    if cell is not None:
        d["cell"] = cell
    return d


def result(rel, status="converted", diagnostics=(), sites=(), kind="python"):
    return {"rel": rel, "path": f"src/{rel}", "kind": kind, "status": status, "diagnostics": list(diagnostics),
            "lines": 10, "sites": [{"api": a, "line": 1, "col": 1, "supported": ok} for a, ok in sites]}


RESULTS = [
    result("b.py", diagnostics=[diag("warning", 3, "torch.nn.Buffer", "no table entry for torch.nn.Buffer"),
                                diag("warning", 9, "torch", "untranslated reference to torch"),
                                diag("info", 1, "", "kept as it is")],
           sites=[("torch.nn.Buffer", False), ("torch.nn.Linear", True)]),
    result("a.py", diagnostics=[diag("warning", 5, "torch.nn.Buffer", "no table entry for torch.nn.Buffer")],
           sites=[("torch.nn.Buffer", False), ("torch.nn.Linear", True), ("torch.nn.Linear", True)]),
    result("nb.ipynb", kind="notebook", diagnostics=[diag("error", 2, "", "cannot write x", cell=4)]),
    result("bad.py", status="error", diagnostics=[diag("error", 1, "", "syntax error: x")]),
    result("data.csv", status="copied", kind="copy"),
]


def test_issues_grouped_by_api_with_locations():
    r = report.build(RESULTS, source_dir="src", target="flax", version="0")
    groups = {g["api"] or g["messages"][0]: g for g in r["issues"]}
    assert groups["torch.nn.Buffer"]["count"] == 2
    assert groups["torch.nn.Buffer"]["locations"] == ["a.py:5", "b.py:3"]   # files in path order
    assert groups["torch"]["locations"] == ["b.py:9"]
    assert groups["cannot write x"]["locations"] == ["nb.ipynb:cell4:2"]
    assert [g["api"] for g in r["issues"]][0] == "torch.nn.Buffer"   # most frequent first
    assert r["summary"]["issues"] == 4   # info is not an issue; a failed file's error is counted as failed
    assert r["summary"]["errors"] == 1 and r["summary"]["copied"] == 1 and r["summary"]["converted"] == 3
    apis = {a["api"]: a for a in r["apis"]}
    assert apis["torch.nn.Linear"] == {"api": "torch.nn.Linear", "calls": 3, "supported": True, "files": 2}
    assert r["summary"]["api_sites"] == 5 and r["summary"]["api_sites_supported"] == 3
    json.loads(report.to_json(r))


def test_markdown_starts_with_the_headline():
    r = report.build(RESULTS, source_dir="src", target="flax", version="0")
    md = report.to_markdown(r)
    assert "**3 files converted, 4 issues need attention, 1 files failed (1 other files copied).**" in md
    assert "| `torch.nn.Buffer` | 2 | no table entry for torch.nn.Buffer | `a.py:5`, `b.py:3` |" in md
    assert "- `bad.py`: syntax error: x" in md


def test_file_entries_keep_the_cli_report_format():
    entries = report.file_entries(RESULTS, "out")
    assert entries["summary"] == {"files": 3, "issues": 4, "errors": 1}
    assert [e["path"] for e in entries["files"]] == ["src/a.py", "src/b.py", "src/bad.py", "src/nb.ipynb"]
    assert entries["files"][0]["output"] == "out/a.py" and entries["files"][2]["output"] is None
