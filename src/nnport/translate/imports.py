"""Imports: drop the source framework's, add the target's for the names the output uses."""
from __future__ import annotations

import re

import libcst as cst



def is_source_import(stmt: cst.CSTNode, roots: tuple[str, ...]) -> bool:
    def under(name: str) -> bool:
        return any(name == r or name.startswith(r + ".") for r in roots)

    if isinstance(stmt, cst.Import):
        return all(under(cst.Module([]).code_for_node(a.name)) for a in stmt.names)
    if isinstance(stmt, cst.ImportFrom) and stmt.module is not None and not stmt.relative:
        return under(cst.Module([]).code_for_node(stmt.module))
    return False


def add_imports(module: cst.Module, code: str, wanted: dict[str, str], bound: set[str], at: int | None,
                carried: int = 0) -> str:
    """`code` (the text of `module`) with a `wanted[name]` line for every name it uses that `bound`
    (the names its imports bind) lacks, inserted as text: no second code generation."""
    used = used_names(code)
    lines = [line for name, line in wanted.items()
             if name not in bound and (name in used if used is not None else re.search(rf"(?<![\w.]){name}\b", code))]
    body = module.body
    first = list(body[0].leading_lines) if body else []   # what comes before the first statement
    if lines:
        if at is None:
            at = _after_docstring(body)
        if at:
            # has_trailing_newline: a file without a final newline would lose its docstring line's own
            # newline here, and the imports would go onto that line (found by the fuzzers)
            prefix = module.with_changes(body=body[:at], footer=[], has_trailing_newline=True).code
        else:
            prefix = "".join(module.code_for_node(line) for line in module.header)
            first = first[:carried]
        if carried and at < len(body):   # the removed imports' own comments go above the new imports
            prefix += "".join(module.code_for_node(line) for line in body[at].leading_lines[:carried])
        new = "".join(line + module.default_newline for line in lines)
        code = code[:len(prefix)] + new + code[len(prefix):]
    if body and not module.header and not any(line.comment for line in first):
        # the file started with the removed imports: no blank lines before its first statement
        code = _BLANK_START.sub("", code, count=1)
    return code


def used_names(code: str) -> set[str] | None:
    """The names `code` uses as code (not after a `.`, not in strings, comments or import statements):
    a docstring's "the F (Fix) value" needs no `import torch.nn.functional as F` (found by the fuzzers on
    the stdlib's _aix_support.py), nor `from functools import reduce as r` an `import functools`.
    None where the text does not tokenize."""
    import io
    import tokenize
    names, prev, in_import = set(), None, False
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type == tokenize.NEWLINE:   # `from functools import reduce as r` uses no `functools`
                in_import = False
            elif tok.type == tokenize.NAME and tok.string in ("import", "from") and \
                    (prev is None or prev.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
                     or prev.string == ";"):
                in_import = True
            if tok.type == tokenize.NAME and not in_import and \
                    not (prev is not None and prev.type == tokenize.OP and prev.string == "."):
                names.add(tok.string)
            if tok.type not in (tokenize.NL, tokenize.COMMENT):
                prev = tok
    except (tokenize.TokenError, SyntaxError):
        return None
    return names


def _after_docstring(body) -> int:
    """Where new imports go: after the docstring and __future__ imports."""
    at = 0
    for i, s in enumerate(body):
        if isinstance(s, cst.SimpleStatementLine) and (
                (i == 0 and isinstance(s.body[0], cst.Expr) and isinstance(s.body[0].value, cst.SimpleString))
                or isinstance(s.body[0], cst.ImportFrom) and s.body[0].module is not None
                and cst.Module([]).code_for_node(s.body[0].module) == "__future__"):
            at = i + 1
    return at


_BLANK_START = re.compile(r"\A(?:[ \t]*\r?\n)+")
