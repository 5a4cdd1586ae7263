"""After rewriting: any name still bound to the source framework's imports is untranslated code.

The source imports are removed, so such a name would fail at run time. The Translator records every
Name node bound to a source import (with its source position); each one still in the output gets a
`# nnport:` comment on its statement (unless one is there) and a diagnostic at the source position.
"""
from __future__ import annotations

import libcst as cst

from nnport.diagnostics import Diagnostic
from nnport.translate.imports import is_source_import


def source_aliases(module: cst.Module, roots) -> set[str]:
    names: set[str] = set()
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for s in stmt.body:
            if isinstance(s, (cst.Import, cst.ImportFrom)) and is_source_import(s, roots) and \
                    not isinstance(s.names, cst.ImportStar):
                for a in s.names:
                    if a.asname is not None:
                        names.add(a.asname.name.value)
                    else:
                        names.add(cst.Module([]).code_for_node(a.name).split(".")[0])
    return names


class _Find(cst.CSTTransformer):
    def __init__(self, candidates: dict[int, tuple[cst.Name, int, int, str]], filename: str):
        super().__init__()
        self.candidates, self.filename = candidates, filename
        self.diags: list[Diagnostic] = []
        self.stack: list[list[str]] = []

    def on_visit(self, node):
        if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            self.stack.append([])
        return super().on_visit(node)

    def on_leave(self, original, updated):
        updated = super().on_leave(original, updated)
        if isinstance(original, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            found = self.stack.pop()
            have = any(line.comment and line.comment.value.startswith("# nnport:")
                       for line in updated.leading_lines)
            if found and not have:
                note = cst.EmptyLine(comment=cst.Comment(
                    f"# nnport: untranslated: {', '.join(sorted(set(found)))}"))
                updated = updated.with_changes(leading_lines=[*updated.leading_lines, note])
        return updated

    def visit_IndentedBlock(self, node) -> None:
        # the body of a compound statement is not part of its header
        self.stack.append([])

    def leave_IndentedBlock(self, original, updated):
        self.stack.pop()
        return updated

    def visit_Name(self, node: cst.Name) -> None:
        hit = self.candidates.get(id(node))
        if hit is not None and hit[0] is node:
            _, line, col, text = hit   # line: a Located placeholder until the engine resolves it
            if self.stack:
                self.stack[-1].append(text)
            self.diags.append(Diagnostic("warning", line, col, f"untranslated reference to {text}",
                                         text, self.filename))


def flag_leftovers(out: cst.Module, candidates, filename: str, aliases: set[str] = frozenset()):
    if not candidates:
        return out, []
    if aliases:
        import re
        pattern = r"(?<![\w.])(" + "|".join(re.escape(a) for a in sorted(aliases)) + r")\b"
        if not re.search(pattern, out.code):
            return out, []   # no source name is left anywhere in the text: nothing to flag
    finder = _Find(candidates, filename)
    return out.visit(finder), finder.diags
