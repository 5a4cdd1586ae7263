"""After rewriting: any name still bound to the source framework's imports is untranslated code.

The source imports are removed, so such a name would fail at run time. The Translator records every
Name node bound to a source import (with its source position); each one still in the output gets a
`# nnport:` comment on its statement (unless one is there) and a diagnostic at the source position.
"""
from __future__ import annotations

import libcst as cst

from nnport.translate.visiting import FastTransformer, FastVisitor, node_types
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


_LINES = node_types(cst.SimpleStatementLine, cst.BaseCompoundStatement)


class _Find(FastVisitor):
    """Read-only: which statements hold a surviving source name (and every node above them)."""

    def __init__(self, candidates: dict[int, tuple[cst.Name, int, int, str]], filename: str,
                 holding: set[int] | None = None):
        super().__init__()
        self.candidates, self.filename, self.holding = candidates, filename, holding
        self.diags: list[Diagnostic] = []
        self.stack: list[list[str]] = []
        self.path: list[int] = []          # ids of the nodes from the module down to here
        self.notes: dict[int, str] = {}    # statement id -> the comment it gets
        self.above: set[int] = set()       # ids of nodes with such a statement below them

    def on_visit(self, node):
        self.path.append(id(node))
        if type(node) in _LINES:
            self.stack.append([])
            if self.holding is not None and id(node) not in self.holding:
                return False   # no candidate was recorded anywhere below this statement
        return super().on_visit(node)

    def on_leave(self, original):
        super().on_leave(original)
        self.path.pop()
        if type(original) in _LINES:
            found = self.stack.pop()
            have = any(line.comment and line.comment.value.startswith("# nnport:")
                       for line in original.leading_lines)
            if found and not have:
                self.notes[id(original)] = f"# nnport: untranslated: {', '.join(sorted(set(found)))}"
                self.above.update(self.path)

    def visit_IndentedBlock(self, node) -> None:
        # the body of a compound statement is not part of its header
        self.stack.append([])

    def leave_IndentedBlock(self, original) -> None:
        self.stack.pop()

    def visit_Name(self, node: cst.Name) -> None:
        hit = self.candidates.get(id(node))
        if hit is not None and hit[0] is node:
            _, line, col, text = hit   # line: a Located placeholder until the engine resolves it
            if self.stack:
                self.stack[-1].append(text)
            self.diags.append(Diagnostic("warning", line, col, f"untranslated reference to {text}",
                                         text, self.filename))


class _Note(FastTransformer):
    """Adds the comments _Find decided on, descending only where one is due."""

    def __init__(self, found: _Find):
        super().__init__()
        self.found = found

    def on_visit(self, node) -> bool:
        return id(node) in self.found.above

    def on_leave(self, original, updated):
        note = self.found.notes.get(id(original))
        if note is None:
            return updated
        return updated.with_changes(leading_lines=[*updated.leading_lines, cst.EmptyLine(comment=cst.Comment(note))])


def flag_leftovers(out: cst.Module, code: str, candidates, filename: str, aliases: set[str] = frozenset(),
                   holding: set[int] | None = None):
    """(module, its code, diagnostics): `# nnport:` comments on statements still using source names.
    `code` None: not generated yet; then the tree is walked first, and its code generated once."""
    if not candidates:
        return out, out.code if code is None else code, []
    if aliases and code is not None:
        import re
        pattern = r"(?<![\w.])(" + "|".join(re.escape(a) for a in sorted(aliases)) + r")\b"
        if not re.search(pattern, code):
            return out, code, []   # no source name is left anywhere in the text: nothing to flag
    finder = _Find(candidates, filename, holding)
    finder.walk(out)
    if not finder.notes:
        return out, out.code if code is None else code, finder.diags
    new = out.visit(_Note(finder))
    return new, new.code, finder.diags
