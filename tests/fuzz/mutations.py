"""Mutants of the corpus (tests/corpus/*/*.py): lines deleted, duplicated or swapped, a name or a
number replaced, a bracket dropped, a random token inserted - some still valid Python, most not.
Keras builder files are renamed off the route that runs them (`def Model` -> `def build_model`):
the fuzzers never execute the code they make."""
from __future__ import annotations

import functools
import re
from pathlib import Path

from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FOLDERS = {"torch": "torch", "train": "torch", "keras": "keras", "train_keras": "keras", "flax": "flax",
           "linen": "flax", "train_flax": "flax", "gluon": "mxnet", "train_gluon": "mxnet"}
TOKENS = (",", ":", "*", "**", "(", ")", "[", "]", "lambda", "yield", "await", "None", "x", ".", "=", "\\",
          "'", "@", "if", "not", "nn.Linear(", "self", "\n", "    ", "#", "global x;", "async ", "1e", "...")
NAME = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
NUMBER = re.compile(r"\b\d+(\.\d*)?\b")


@functools.lru_cache(maxsize=None)
def corpus(framework: str) -> tuple[tuple[str, str], ...]:
    """(path relative to tests/corpus, text) of every corpus model file read as `framework`."""
    out = []
    for folder, fw in sorted(FOLDERS.items()):
        if fw != framework:
            continue
        for p in sorted((CORPUS / folder).glob("*.py")):
            if p.name != "__init__.py":
                text = p.read_text(encoding="utf-8").replace("\ndef Model(", "\ndef build_model(")
                out.append((f"{folder}/{p.name}", text))
    return tuple(out)


def _delete(lines, i, j, _):
    return lines[:i] + lines[i + 1:]


def _duplicate(lines, i, j, _):
    return lines[:i + 1] + [lines[i]] + lines[i + 1:]


def _swap(lines, i, j, _):
    out = list(lines)
    out[i], out[j] = out[j], out[i]
    return out


def _replace(pattern, lines, i, j, token):
    """The (j % count)-th match of `pattern` on line i replaced by `token`."""
    found = list(pattern.finditer(lines[i]))
    if not found:
        return lines
    m = found[j % len(found)]
    return lines[:i] + [lines[i][:m.start()] + token + lines[i][m.end():]] + lines[i + 1:]


def _drop_bracket(lines, i, j, _):
    spots = [k for k, c in enumerate(lines[i]) if c in "()[]{}"]
    if not spots:
        return lines
    k = spots[j % len(spots)]
    return lines[:i] + [lines[i][:k] + lines[i][k + 1:]] + lines[i + 1:]


def _insert(lines, i, j, token):
    k = j % (len(lines[i]) + 1)
    return lines[:i] + [lines[i][:k] + token + lines[i][k:]] + lines[i + 1:]


MUTATIONS = {
    "delete line": _delete, "duplicate line": _duplicate, "swap lines": _swap,
    "replace name": lambda ls, i, j, tok: _replace(NAME, ls, i, j, tok if tok.isidentifier() else "x"),
    "replace number": lambda ls, i, j, tok: _replace(NUMBER, ls, i, j, str(j % 7 - 1) if j % 3 else "0.5"),
    "drop bracket": _drop_bracket, "insert token": _insert,
}


@st.composite
def mutant(draw, framework: str) -> tuple[str, str]:
    """(corpus file name and the mutations applied, mutated text)."""
    name, text = draw(st.sampled_from(corpus(framework)))
    lines = text.split("\n")
    applied = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(sorted(MUTATIONS)))
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        token = draw(st.sampled_from(TOKENS + ("self", "F", "nn", "torch", "keras", "nnx", "jnp", "gluon")))
        lines = MUTATIONS[kind](lines, i, j, token) or [""]
        applied.append(f"{kind}@{i + 1}")
    return f"{name} ({', '.join(applied)})", "\n".join(lines)
