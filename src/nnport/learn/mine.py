"""Keyword occurrences from code: API calls (by resolved qualified name) and their keyword arguments.

Each file is parsed with `ast`; names are resolved through the file's imports (absolute and relative),
its own top-level definitions, and the framework's usual aliases for import-less examples. An
occurrence's context is the tokens of the lines around the call, the keyword itself masked.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from nnport.learn import names
from nnport.learn.corpus import Source
from nnport.learn.tokens import MASK, tokenize
from nnport.translate.names import collect

WINDOW_LINES = 1      # lines of context above and below the call
MAX_TOKENS = 96


@dataclass(frozen=True)
class Occurrence:
    """One use of a keyword: an API (`kind` layer/function) or a parameter (`kind` param, `api` its
    owner); `context` the tokens around it with the keyword replaced by MASK."""
    framework: str
    keyword: str
    kind: str
    api: str
    context: tuple[str, ...]


def aliases(tree: ast.Module, module: str, framework: str) -> dict[str, str]:
    """name -> dotted target, from the file's imports and top-level definitions."""
    package = module.rsplit(".", 1)[0] if "." in module else module
    table = {**names.DEFAULT_ALIASES.get(framework, {}), **collect(None, tree, package)}
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and module:
            table.setdefault(node.name, f"{module}.{node.name}")
    table.update(names.FORCED_ALIASES.get(framework, {}))
    return table


def dotted(node: ast.AST) -> list[str] | None:
    """`a.b.c` as [a, b, c]; None for anything but a name or attribute chain."""
    out = []
    while isinstance(node, ast.Attribute):
        out.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id] + out[::-1]
    return None


def resolve(func: ast.AST, table: dict[str, str]) -> str | None:
    parts = dotted(func)
    if not parts or parts[0] not in table:
        return None
    return names.canonical(".".join([table[parts[0]]] + parts[1:]))


def _context(lines: list[str], lineno: int, end_lineno: int, col: int, end_col: int) -> tuple[str, ...]:
    """Tokens of the lines around a span (1-based line, 0-based cols on `lineno`), the span masked."""
    i = lineno - 1
    line = lines[i]
    masked = line[:col] + f" {MASK} " + line[end_col:] if end_col > col else line
    lo, hi = max(0, i - WINDOW_LINES), min(len(lines), max(end_lineno, lineno) + WINDOW_LINES)
    text = "\n".join(lines[lo:i] + [masked] + lines[i + 1:hi])
    toks = tokenize(text)
    if MASK in toks and len(toks) > MAX_TOKENS:      # keep the window centred on the keyword
        k = toks.index(MASK)
        s = max(0, min(k - MAX_TOKENS // 3, len(toks) - MAX_TOKENS))
        toks = toks[s:s + MAX_TOKENS]
    return tuple(toks)


def mine(src: Source) -> list[Occurrence]:
    """The API and parameter occurrences in one source; unparsable text yields none."""
    try:
        tree = ast.parse(src.text)
    except (SyntaxError, ValueError):
        return []
    table = aliases(tree, src.module, src.framework)
    lines = src.text.splitlines()
    out: list[Occurrence] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        api = resolve(node.func, table)
        if not api or not names.is_api(src.framework, api):
            continue
        f = node.func
        if f.lineno != f.end_lineno:
            continue
        ctx = _context(lines, f.lineno, node.end_lineno, f.col_offset, f.end_col_offset)
        out.append(Occurrence(src.framework, api, names.kind_of(api), api, ctx))
        for kw in node.keywords:
            if kw.arg is None:
                continue
            c = _context(lines, kw.lineno, kw.lineno, kw.col_offset, kw.col_offset + len(kw.arg))
            out.append(Occurrence(src.framework, kw.arg, "param", api, c))
    return out


def mine_all(sources: list[Source]) -> list[Occurrence]:
    out: list[Occurrence] = []
    for s in sources:
        out.extend(mine(s))
    return out
