"""Real code without deep-learning APIs: the Python standard library's own modules (a fixed, sorted
sample of the small ones, so runs are deterministic), for the "DL-free code is left unchanged"
property."""
from __future__ import annotations

import ast
import functools
import sysconfig
from pathlib import Path

from hypothesis import strategies as st

DL_ROOTS = ("torch", "keras", "tensorflow", "jax", "flax", "optax", "mxnet")
MAX_CHARS = 12_000   # bounds the suite's cost: LibCST takes ~60 us a character


def _imports_dl(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if any(n.split(".")[0] in DL_ROOTS for n in names):
            return True
    return False


@functools.lru_cache(maxsize=None)
def files(max_chars: int = MAX_CHARS) -> tuple[tuple[str, str], ...]:
    """(name, text) of the stdlib's top-level *.py files under `max_chars`, valid and DL-free."""
    out = []
    for p in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py")):
        try:
            text = p.read_text(encoding="utf-8")
            if len(text) > max_chars or _imports_dl(ast.parse(text)):
                continue
        except (UnicodeDecodeError, SyntaxError, OSError):
            continue
        out.append((p.name, text))
    return tuple(out)


def stdlib_file(max_chars: int = MAX_CHARS) -> st.SearchStrategy[tuple[str, str]]:
    return st.sampled_from(files(max_chars))
