"""Unlabeled code per framework: Python files and the code examples in their docstrings.

With no directory given, each framework's installed sources are found with importlib.util.find_spec
(which locates a top-level package without importing it). nnport's own package and tests are refused
as corpus: they hold the hand-written tables and parallel ports that the evaluation uses as truth.
"""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

FRAMEWORKS = ("torch", "keras", "flax", "mxnet")

# Installed source folders that hold model code per framework (relative to the package's parent).
DEFAULT_DIRS = {
    "torch": ("torch/nn",),
    "keras": ("keras/src/layers", "keras/src/applications"),
    "flax": ("flax/nnx", "flax/linen"),
    "mxnet": ("mxnet/gluon",),
}
MXNET_SITE = Path("/work/main/.venv-mxnet/lib/python3.11/site-packages")
NNPORT_ROOT = Path(__file__).resolve().parents[3]   # the checkout: src/nnport/learn -> root
# Issue 8's benchmark corpus (benchmarks/README.md), model code written in PyTorch, when downloaded.
EXTRA_DIRS = {"torch": NNPORT_ROOT / "build" / "bench-corpus" / "transformers" / "models"}


@dataclass(frozen=True)
class Source:
    """One unit of code text: a file, or a docstring example block (`where` says which)."""
    framework: str
    where: str
    text: str
    module: str = ""     # dotted module of a file, for relative imports; "" for examples


class LeakError(ValueError):
    """A corpus path lies inside nnport itself (tables, tests, translations)."""


def check_not_nnport(path: Path) -> None:
    """Refuse nnport's package and tests: training on them would leak the ground truth."""
    p = path.resolve()
    for bad in (NNPORT_ROOT / "src" / "nnport", NNPORT_ROOT / "tests", Path("/work/main/src"),
                Path("/work/main/tests")):
        if p == bad or bad in p.parents or p in bad.parents:
            raise LeakError(f"{path}: nnport's own code cannot be a training corpus")


def default_roots(framework: str) -> list[Path]:
    """Installed source folders of `framework`, located without importing it."""
    if framework == "mxnet":
        base = MXNET_SITE if MXNET_SITE.is_dir() else None
    else:
        spec = importlib.util.find_spec(framework)
        base = Path(spec.origin).parent.parent if spec and spec.origin else None
    roots = [base / d for d in DEFAULT_DIRS[framework] if base and (base / d).is_dir()]
    extra = EXTRA_DIRS.get(framework)
    return roots + ([extra] if extra and extra.is_dir() else [])


_DOCTEST = re.compile(r"^\s*(>>>|\.\.\.) ?(.*)$")
_FENCE = re.compile(r"```(?:python|py)?\s*\n(.*?)```", re.S)


def docstring_examples(text: str) -> list[str]:
    """The code of `>>>` sessions and ``` blocks in `text`, each block as one dedented string."""
    blocks, cur = [], []
    for line in text.splitlines():
        m = _DOCTEST.match(line)
        if m:
            cur.append(m.group(2))
        elif cur:
            blocks.append("\n".join(cur))
            cur = []
    if cur:
        blocks.append("\n".join(cur))
    blocks += [_dedent(b) for b in _FENCE.findall(text)]
    return [b for b in blocks if b.strip()]


def _dedent(block: str) -> str:
    import textwrap
    return textwrap.dedent(block)


def gather(framework: str, roots: list[Path] | None = None, max_files: int | None = None) -> list[Source]:
    """Every .py file under `roots` (default: the installed sources) and its docstring examples.
    `max_files` keeps an evenly spaced subset (sorted paths), for bounded run times."""
    roots = default_roots(framework) if roots is None else [Path(r) for r in roots]
    out: list[Source] = []
    for root in roots:
        check_not_nnport(root)
        base = _package_base(root)
        files = sorted(root.rglob("*.py"))
        if max_files and len(files) > max_files:
            step = len(files) / max_files
            files = [files[int(i * step)] for i in range(max_files)]
        for f in files:
            text = f.read_text(encoding="utf-8", errors="replace")
            mod = ".".join(f.relative_to(base).with_suffix("").parts).removesuffix(".__init__")
            out.append(Source(framework, str(f), text, mod))
            for i, ex in enumerate(docstring_examples(text)):
                out.append(Source(framework, f"{f}#example{i}", ex))
    return out


def _package_base(root: Path) -> Path:
    """The folder above the outermost package containing `root` (so module names start at it)."""
    p = root.resolve()
    while (p / "__init__.py").exists() and (p.parent / "__init__.py").exists():
        p = p.parent
    return p.parent if (p / "__init__.py").exists() else p
