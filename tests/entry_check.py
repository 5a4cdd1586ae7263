"""Entry coverage: every torch table entry is translated by a numeric test in tests/frameworks.

An entry counts as covered when, in a test under tests/frameworks that passed, the entry was read without
error (`nnport.translate.reading.read`) by a conversion whose output the same test then executed
(`harness.load` calls `executed`). Reads elsewhere, reads that raised (a diagnostic), and conversions
that were only inspected never count. Coverage is kept per target framework (the conversion's `to`):
"flax" (PyTorch -> Flax), "torch" (the round trip PyTorch -> pivot -> PyTorch of tests/round_trip.py),
"keras" (PyTorch -> Keras), each with its own exclusions and its folder: a target's entries are credited
by tests collected under its folder (tests/frameworks by default; tests/frameworks_keras collects the
modules of tests/frameworks again, see targets.py), judged by the test's node id.

At session end, for each target whose whole folder was collected and run (no -k, -m, --deselect, node
ids, --ignore, --lf, --collect-only), and only when every test passed, the session fails with a list of
the torch entries neither covered nor excluded, per target. Under pytest-xdist each
worker sends what it saw through `config.workeroutput`; the controller checks the union.
`--entry-report FILE` writes the figures as JSON whatever the run (benchmarks/entry_coverage.py).
"""
from __future__ import annotations

import fnmatch
import json
from pathlib import Path

import pytest

KEY = "nnport_entry_check"
RECORDER = None   # the Recorder of this process, once a check is registered


class Recorder:
    """Wraps reading.read and engine.convert: which torch entries each translated code came from."""

    def __init__(self):
        self.by_code: dict[str, tuple[str, set[str]]] = {}   # conversion output -> (target, entries read)
        self.executed: dict[str, set[str]] = {}   # target -> entries of conversions this test executed
        self._reads: set[str] | None = None

    def install(self) -> None:
        from nnport import frameworks
        from nnport.translate import engine, reading
        torch = frameworks.get("torch")
        ids = {id(e) for e in (*torch.layers, *torch.functions)}
        real_read, real_convert = reading.read, engine.convert

        def read(entry, args, ctx):
            canon = real_read(entry, args, ctx)
            if self._reads is not None and id(entry) in ids:
                self._reads.add(entry.api)
            return canon

        def convert(code, **kw):
            self._reads = set()
            try:
                conv = real_convert(code, **kw)
                self.by_code[conv.code] = (conv.target, self._reads)   # the latest conversion giving it
                return conv
            finally:
                self._reads = None

        reading.read, engine.convert = read, convert

    def begin_test(self) -> None:
        self.by_code, self.executed = {}, {}

    def ran(self, code: str) -> None:
        target, reads = self.by_code.get(code, (None, set()))
        if target is not None:
            self.executed.setdefault(target, set()).update(reads)


def executed(code: str) -> None:
    """harness.load: `code` is about to run; credit the entries of the conversion that produced it."""
    if RECORDER is not None:
        RECORDER.ran(code)


def missing(entries, covered, excluded) -> list[str]:
    """Entries neither covered nor excluded, in table order."""
    return [e for e in entries if e not in covered and e not in excluded]


def whole_dir_requested(args, base: Path, frameworks_dir: Path) -> bool:
    """Some command-line path (no node id) is frameworks_dir or a folder above it."""
    for arg in args:
        if "::" in arg:
            continue
        path = (base / arg).resolve()
        if path == frameworks_dir or path in frameworks_dir.parents:
            return True
    return False


def _inside(path, folder: Path) -> bool:
    path = Path(path).resolve()
    return path == folder or folder in path.parents


def torch_entries() -> list[str]:
    from nnport import frameworks
    src = frameworks.get("torch")
    return [e.api for e in (*src.layers, *src.functions)]


class EntryCheck:
    """The pytest plugin: records per test, aggregates over xdist workers, fails the session."""

    def __init__(self, config, frameworks_dir: Path, entries=torch_entries, excluded=None, targets=None,
                 folders=None):
        """`targets`: target name -> its exclusions (default: Flax only, with `excluded`); `folders`:
        target name -> the folder whose tests credit it (default: frameworks_dir)."""
        global RECORDER
        self.config, self.dir = config, Path(frameworks_dir).resolve()
        self.entries = entries
        self.targets = {t: dict(x or {}) for t, x in (targets or {"flax": excluded}).items()}
        self.folders = {t: Path((folders or {}).get(t, self.dir)).resolve() for t in self.targets}
        self.excluded = self.targets.get("flax", {})
        self.covered: dict[str, set[str]] = {t: set() for t in self.targets}
        self.partial_dirs: set[str] = {str(d) for d in self.folders.values()
                                       if config.option.collectonly or self._ignores_part(d)}
        self.message = ""
        if RECORDER is None:
            RECORDER = Recorder()
            RECORDER.install()
        self.recorder = RECORDER

    @property
    def partial(self) -> bool:   # the default folder's (tests/frameworks)
        return str(self.dir) in self.partial_dirs

    def _ignores_part(self, folder: Path) -> bool:
        """--ignore of a path in or above the folder, or an --ignore-glob matching one of its files."""
        base = Path(self.config.invocation_params.dir)
        ignored = [base / p for p in self.config.getoption("ignore") or []]
        globs = self.config.getoption("ignore_glob") or []
        files = [str(f) for f in folder.rglob("*.py")]
        return any(_inside(p, folder) or _inside(folder, p) for p in ignored) or \
            any(fnmatch.fnmatch(f, str(base / g)) or fnmatch.fnmatch(f, g) for g in globs for f in files)

    # --- per test -------------------------------------------------------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        self.recorder.begin_test()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        if report.when == "call" and report.passed:
            where = self._collected_at(item)
            for target, entries in self.recorder.executed.items():
                if _inside(where, self.folders.get(target, self.dir)):
                    self.covered.setdefault(target, set()).update(entries)
        return report

    def _collected_at(self, item) -> Path:
        """Where the test was collected: its node id's path (a module of tests/frameworks collected
        again under tests/frameworks_keras is there), else its file."""
        path = str(item.nodeid).split("::", 1)[0]
        return Path(self.config.rootpath) / path if path else Path(item.path)

    def pytest_deselected(self, items):
        for folder in set(self.folders.values()):
            if any(_inside(self._collected_at(i), folder) for i in items):
                self.partial_dirs.add(str(folder))

    # --- session ---------------------------------------------------------------------------------------
    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error):
        out = getattr(node, "workeroutput", {}).get(KEY)
        if out is None:
            self.partial_dirs |= {str(d) for d in self.folders.values()}
            return
        for target, entries in out["covered"].items():
            self.covered.setdefault(target, set()).update(entries)
        self.partial_dirs |= set(out["partial"])

    def pytest_sessionfinish(self, session, exitstatus):
        if hasattr(self.config, "workeroutput"):
            self.config.workeroutput[KEY] = {"covered": {t: sorted(c) for t, c in self.covered.items()},
                                             "partial": sorted(self.partial_dirs)}
            return
        entries = list(self.entries() if callable(self.entries) else self.entries)
        gaps = {t: missing(entries, self.covered.get(t, set()), x) for t, x in self.targets.items()}
        self._report(entries, gaps)
        base = Path(self.config.invocation_params.dir)
        checked = {t: str(d) not in self.partial_dirs and whole_dir_requested(self.config.args, base, d)
                   for t, d in self.folders.items()}
        gaps = {t: g for t, g in gaps.items() if checked[t]}
        if exitstatus == pytest.ExitCode.OK and any(gaps.values()):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            self.message = "\n".join(
                f"entry coverage{'' if t == 'flax' else f' (target {t})'}: {len(g)} torch table entries have "
                f"no numeric test in {self.folders[t].name}/ (nor an entry in "
                f"{EXCLUSIONS.get(t, 'the exclusions')}):\n  " + "\n  ".join(g) for t, g in gaps.items() if g)

    def _report(self, entries, gaps) -> None:
        path = self.config.getoption("entry_report", None)
        if path:
            def figures(t):
                x = self.targets[t]
                return {"total": len(entries), "covered": sum(e in self.covered.get(t, ()) and e not in x
                                                              for e in entries),
                        "missing": gaps[t], "excluded": x,
                        "partial": str(self.folders[t]) in self.partial_dirs}
            report = {**figures("flax"), "partial": self.partial} if "flax" in self.targets else \
                {"partial": self.partial}
            if set(self.targets) - {"flax"}:
                report["targets"] = {t: figures(t) for t in self.targets}
            with open(path, "w") as f:
                json.dump(report, f, indent=1)

    def pytest_terminal_summary(self, terminalreporter):
        if self.message:
            terminalreporter.write_sep("=", "entry coverage FAILED", red=True)
            terminalreporter.write_line(self.message)


# where each target's exclusions live (named in the failure message)
EXCLUSIONS = {"flax": "excluded_entries.EXCLUDED", "torch": "excluded_entries.ROUND_TRIP_EXCLUDED",
              "keras": "excluded_entries.KERAS_EXCLUDED", "mxnet": "excluded_entries.MXNET_EXCLUDED"}


def addoption(parser) -> None:
    parser.addoption("--entry-report", dest="entry_report", default=None, metavar="FILE",
                     help="write the torch entry coverage of tests/frameworks as JSON to FILE")


def register(config, frameworks_dir: Path, **kw) -> EntryCheck:
    plugin = EntryCheck(config, frameworks_dir, **kw)
    config.pluginmanager.register(plugin, "nnport-entry-check")
    return plugin
