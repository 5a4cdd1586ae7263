"""Code text -> context tokens: identifiers split into lower-case sub-words (snake_case, CamelCase,
digits), short identifier-like strings kept ('same', 'relu'), other strings and long numbers folded.
Sub-words are shared by all frameworks (kernel, size, stride, relu, x), which is what lets unlabeled
corpora of different frameworks be aligned at all."""
from __future__ import annotations

import re

MASK = "<kw>"
_TOKEN = re.compile(r"<kw>|[A-Za-z_][A-Za-z_0-9]*|\d+\.?\d*(?:[eE][-+]?\d+)?|'[^'\n]*'|\"[^\"\n]*\"|"
                    r"==|!=|<=|>=|\*\*|//|->|[-+*/%@=<>()\[\]{}:,.]")
_SUB = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b|_)|[A-Z]?[a-z]+|[A-Z]+|\d+")
_WORD = re.compile(r"^[A-Za-z_][A-Za-z_0-9]{0,20}$")


def subwords(ident: str) -> list[str]:
    """`kernel_size` -> [kernel, size]; `Conv2DTranspose` -> [conv, 2, d, transpose]."""
    return [w.lower() for w in _SUB.findall(ident)] or [ident.lower()]


def tokenize(text: str) -> list[str]:
    """The context tokens of `text` (see the module docstring)."""
    out: list[str] = []
    for t in _TOKEN.findall(text):
        c = t[0]
        if t == MASK:
            out.append(t)
        elif c.isalpha() or c == "_":
            out.extend(subwords(t))
        elif c in "'\"":
            body = t[1:-1]
            out.append(f"'{body.lower()}'" if _WORD.match(body) else "<str>")
        elif c.isdigit():
            out.append(t if len(t) <= 4 else "<num>")
        else:
            out.append(t)
    return out
