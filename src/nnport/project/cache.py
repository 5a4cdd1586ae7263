"""What an earlier run into the same output directory wrote: `DST/.nnport-cache.json`.

Per input file (path relative to the source directory): the SHA-256 of its content, the outputs
written from it with their SHA-256, and its result (status, diagnostics, call sites) for the report.
The cache holds only for the same nnport version, target and --from; an input whose content is
unchanged and whose outputs still exist is skipped. An output may be replaced without --force only
while it is the file nnport wrote (same hash): a file edited or put there by someone else is not.

The cache is written once, at the end of a run. So that a run killed before that (Ctrl-C, kill -9)
still knows its own outputs, each output's hash is first appended to `DST/.nnport-journal.jsonl`
(one JSON object a line, flushed before the output is renamed into place) and merged into `written`
by the next run; a complete run folds it into the cache and removes it. An entry whose write never
happened is harmless: the file there has another hash, so it is still not nnport's.
"""
from __future__ import annotations

import json
import os

from nnport.project.files import file_digest

NAME = ".nnport-cache.json"
JOURNAL = ".nnport-journal.jsonl"
FORMAT = 1


class Cache:
    def __init__(self, out_dir: str, key: dict):
        self.path = os.path.join(out_dir, NAME)
        self.journal = os.path.join(out_dir, JOURNAL)
        self.key = {"format": FORMAT, **key}
        self.files: dict[str, dict] = {}
        self.written: dict[str, str] = {}   # output path (relative to DST) -> hash, from any earlier run
        self.project: dict = {}   # {"inputs": {rel: hash}, "known": modules.known_modules of those inputs}
        self._load()
        self.written.update(read_journal(self.journal))

    def _load(self) -> None:
        try:
            with open(self.path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError):
            return
        if not isinstance(data, dict):
            return
        self.written = dict(data.get("written") or {})
        if data.get("key") == self.key:
            self.files = dict(data.get("files") or {})
            self.project = dict(data.get("project") or {})

    def fresh(self, rel: str, digest: str, out_dir: str) -> dict | None:
        """The cached result of `rel` when its content is unchanged and its outputs exist."""
        entry = self.files.get(rel)
        if not entry or entry.get("input") != digest:
            return None
        if not all(os.path.exists(os.path.join(out_dir, o)) for o in entry.get("outputs", {})):
            return None
        return entry["result"]

    def owns(self, out_rel: str, out_dir: str) -> bool:
        """Whether the existing output is the one nnport wrote there (so it may be replaced)."""
        known = self.written.get(out_rel)
        return known is not None and known == file_digest(os.path.join(out_dir, out_rel))

    def project_known(self, inputs: dict[str, str | None], compute) -> dict[str, tuple[str, ...]]:
        """The project's module classes per file (`compute()`), kept while no input changed."""
        if self.project.get("inputs") == inputs:
            return {rel: tuple(names) for rel, names in self.project.get("known", {}).items()}
        known = compute()
        self.project = {"inputs": dict(sorted(inputs.items())), "known": {k: list(v) for k, v in sorted(known.items())}}
        return known

    def record(self, rel: str, digest: str, outputs: dict[str, str], result: dict) -> None:
        self.files[rel] = {"input": digest, "outputs": outputs, "result": result}
        self.written.update(outputs)

    def intend(self, out_rel: str, digest: str) -> None:
        """Journal an output before it is written (see the module docstring). Raises OSError."""
        os.makedirs(os.path.dirname(self.journal) or ".", exist_ok=True)
        with open(self.journal, "a", encoding="utf-8") as f:
            f.write(json.dumps({"out": out_rel, "sha256": digest}) + "\n")
        self.written[out_rel] = digest

    def close_journal(self) -> None:
        """After the cache (with everything journalled) is written: the journal is not needed."""
        try:
            os.unlink(self.journal)
        except FileNotFoundError:
            pass

    def forget(self, rel: str) -> None:
        self.files.pop(rel, None)

    def dump(self) -> str:
        return json.dumps({"key": self.key, "project": self.project, "files": dict(sorted(self.files.items())),
                           "written": dict(sorted(self.written.items()))}, indent=1) + "\n"


def read_journal(path: str) -> dict[str, str]:
    """{output: hash} from a journal; a line cut short by a kill is left out."""
    found: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.readlines()
    except OSError:
        return found
    for line in lines:
        try:
            entry = json.loads(line)
            found[str(entry["out"])] = str(entry["sha256"])
        except (ValueError, KeyError, TypeError):
            continue
    return found
