"""`nnport convert SRC_DIR --to X --out-dir DST`: a whole source tree, in parallel, incrementally.

Python files and notebooks are converted (worker.py, in a process pool of -j workers); files without
models and every other file are copied byte for byte. Inputs unchanged since the last run into DST
are skipped (cache.py). Every output is written atomically; an existing one is replaced only with
--force or when it is still the file an earlier run wrote, which a journal (cache.py) records
before each write, so that this holds after a killed run too; the temporary files a killed run left
in DST are removed. The report goes to DST/nnport-report.md and .json (and to --report R.json, which
follows the same rule).
"""
from __future__ import annotations

import json
import os
import stat
import sys

from nnport.project import report as rep
from nnport.project.cache import Cache
from nnport.project.files import PYTHON, Item, digest, walk
from nnport.project.modules import known_modules
from nnport.project.progress import Progress
from nnport.project.pool import results
from nnport.project.worker import error_dict

REPORTS = ("nnport-report.md", "nnport-report.json")
EXIT_OK, EXIT_ISSUES, EXIT_ERROR = 0, 1, 2


def _real(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def _failed(item: Item, message: str) -> dict:
    return {"rel": item.rel, "path": item.path, "kind": item.kind, "status": "error", "text": None,
            "diagnostics": [error_dict(item.path, message)], "lines": 0, "sites": []}


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def _write(result: dict, out_dir: str, cache: Cache) -> dict[str, str]:
    """Journal and write one result's output; returns {output relative to DST: its hash}. Raises OSError."""
    from nnport.io import atomic_write_bytes
    with open(result["path"], "rb") as f:
        data = f.read() if result["text"] is None else None
        mode = stat.S_IMODE(os.fstat(f.fileno()).st_mode)
    if data is None:
        data = result["text"].encode("utf-8")
    out = os.path.join(out_dir, result["rel"])
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    cache.intend(result["rel"], digest(data))
    atomic_write_bytes(out, data, mode)
    return {result["rel"]: digest(data)}


def _say(progress: Progress, result: dict) -> None:
    for d in result["diagnostics"]:
        cell = f":cell{d['cell']}" if d.get("cell") is not None else ""
        where = result["path"] + cell + (f":{d['line']}:{d['col']}" if d.get("line") else "")
        progress.print(f"{where}: {d['severity']}: {d['message']}")


def convert_project(args) -> int:
    from nnport import __version__
    from nnport.io import atomic_write, remove_stale_temps_in

    src_dir, out_dir = args.paths[0], args.out_dir
    if _real(src_dir) == _real(out_dir):
        print("nnport: error: the output directory is the source directory (use --in-place)", file=sys.stderr)
        return EXIT_ERROR
    remove_stale_temps_in({out_dir}, recursive=True)   # what a killed run left (older than now)
    items = walk(src_dir, skip={os.path.realpath(out_dir)})
    if args.report and _real(args.report) in {_real(i.path) for i in items}:
        print(f"nnport: error: refusing to overwrite input file {args.report} with the report", file=sys.stderr)
        return EXIT_ERROR
    cache = Cache(out_dir, {"nnport": __version__, "target": args.to, "source": args.source})
    if args.report and os.path.exists(args.report) and not args.force and not cache.owns(_outside(args.report, out_dir), out_dir):
        print(f"nnport: error: report {args.report} exists (use --force to overwrite)", file=sys.stderr)
        return EXIT_ERROR
    texts: dict[str, str] = {}
    hashes: dict[str, str | None] = {}
    for item in items:
        data = _read(item.path)
        hashes[item.rel] = None if data is None else digest(data)
        if data is not None and item.kind == PYTHON:
            texts[item.rel] = data.decode("utf-8-sig", errors="replace")
    known = cache.project_known(hashes, lambda: known_modules(items, texts))
    cache.files = {rel: entry for rel, entry in cache.files.items() if rel in hashes}   # inputs since removed
    done, todo = [], []
    for item in items:
        hashed = hashes[item.rel]
        if hashed is not None and item.rel in known:   # what the file imports from the project counts too
            hashed += "+" + ",".join(known[item.rel])
        cached = None if args.force or hashed is None else cache.fresh(item.rel, hashed, out_dir)
        if cached is not None:
            done.append({**cached, "rel": item.rel, "path": item.path, "skipped": True})
        elif os.path.exists(os.path.join(out_dir, item.rel)) and not args.force and not cache.owns(item.rel, out_dir):
            done.append(_failed(item, f"output {os.path.join(out_dir, item.rel)} exists (use --force to overwrite)"))
        else:
            todo.append((item, hashed))
    for r in done:
        if r["status"] == "error":
            cache.forget(r["rel"])
            print(f"{r['path']}: error: {r['diagnostics'][0]['message']}", file=sys.stderr)
    progress = Progress(len(todo))
    keys = {item.rel: h for item, h in todo}
    jobs = args.jobs or os.cpu_count() or 1
    try:
        for result in results([i for i, _ in todo], args.to, args.source, jobs, known):
            if result["status"] != "error":
                try:
                    outputs = _write(result, out_dir, cache)
                except OSError as e:
                    result["status"] = "error"
                    result["diagnostics"].append(error_dict(result["path"], f"cannot write: {e.strerror or e}"))
            _say(progress, result)
            result.pop("seconds", None)
            result["text"] = None
            if result["status"] == "error":
                cache.forget(result["rel"])
            else:
                cache.record(result["rel"], keys[result["rel"]], outputs, {k: v for k, v in result.items() if k != "path"})
            done.append(result)
            progress.step(result["rel"])
    finally:
        progress.close()
    report = rep.build(done, source_dir=src_dir, target=args.to, version=__version__)
    failed = _write_reports(report, rep.file_entries(done, out_dir), cache, out_dir, args, atomic_write)
    print(rep.headline(report), file=sys.stderr)
    if failed or report["summary"]["errors"]:
        return EXIT_ERROR
    return EXIT_ISSUES if report["summary"]["issues"] else EXIT_OK


def _outside(path: str, out_dir: str) -> str:
    """A file's path relative to DST ("../r.json" for one beside it), as the cache keys what it wrote."""
    return os.path.relpath(os.path.realpath(path), os.path.realpath(out_dir)).replace(os.sep, "/")


def _write_reports(report: dict, entries: dict, cache: Cache, out_dir: str, args, atomic_write) -> bool:
    """DST/nnport-report.{md,json}, --report R.json and the cache; True when one failed.

    A report is replaced without --force only while it is the one nnport wrote; once the cache is
    written the journal is removed."""
    from nnport.project.cache import NAME
    reports = [(name, os.path.join(out_dir, name), text)
               for name, text in ((REPORTS[0], rep.to_markdown(report)), (REPORTS[1], rep.to_json(report)))]
    if args.report:
        reports.append((_outside(args.report, out_dir), args.report, json.dumps(entries, indent=2) + "\n"))
    failed = False
    os.makedirs(out_dir, exist_ok=True)
    for key, path, text in reports:
        if os.path.exists(path) and not args.force and not cache.owns(key, out_dir):
            print(f"nnport: error: report {path} exists (use --force to overwrite)", file=sys.stderr)
            failed = True
            continue
        try:
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            cache.intend(key, digest(text.encode("utf-8")))
            atomic_write(path, text)
        except OSError as e:
            print(f"nnport: error: cannot write {path}: {e.strerror or e}", file=sys.stderr)
            failed = True
    try:
        atomic_write(os.path.join(out_dir, NAME), cache.dump())
        cache.close_journal()
    except OSError as e:
        print(f"nnport: error: cannot write {os.path.join(out_dir, NAME)}: {e.strerror or e}", file=sys.stderr)
        failed = True
    return failed
