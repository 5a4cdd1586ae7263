"""Support definitions copied into translated code: each framework's `support/` folder holds real,
importable, tested modules; a target table asks for a definition by name and the translator copies
it (and the definitions it names first) into the output file. Translated code never imports nnport."""
from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import libcst as cst


class Support:
    """The definitions of one `support/` folder."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    @functools.lru_cache(maxsize=None)
    def definitions(self, module: str) -> dict[str, str]:
        tree = cst.parse_module((self.folder / f"{module}.py").read_text())
        out = {}
        for stmt in tree.body:
            if isinstance(stmt, (cst.ClassDef, cst.FunctionDef)):
                out[stmt.name.value] = tree.code_for_node(stmt.with_changes(leading_lines=[]))
        return out

    def helper(self, ctx, module: str, name: str, *deps: str) -> str:
        """Ask for definition `name` of support/<module>.py (and `deps` first) in the output; returns name."""
        defs = self.definitions(module)
        for d in (*deps, *self.uses(module, name)):
            if d not in ctx.helpers:
                ctx.need_helper(d, defs[d])
        ctx.need_helper(name, defs[name])
        return name

    def uses(self, module: str, name: str) -> list[str]:
        """The other definitions of support/<module>.py that `name` calls, directly or not (those first)."""
        defs, out = self.definitions(module), []

        def visit(n: str, seen: set[str]) -> None:
            names = {x.id for x in ast.walk(ast.parse(defs[n])) if isinstance(x, ast.Name)}   # code, not text
            for other in sorted(names & defs.keys() - {n} - seen):
                seen.add(other)
                visit(other, seen)
                if other not in out:
                    out.append(other)
        visit(name, {name})
        return out

    def helper_class(self, ctx, name: str) -> str | None:
        """Ask for helper class `name` (from whichever support module defines it, with the helper
        classes it derives from); None when no support module defines it."""
        for path in sorted(self.folder.glob("*.py")):
            if not re.search(rf"^class {re.escape(name)}\b", path.read_text(), re.M):
                continue
            defs = self.definitions(path.stem)
            if name in defs:
                stmt = cst.parse_statement(defs[name])
                for base in getattr(stmt, "bases", ()):
                    if isinstance(base.value, cst.Name) and base.value.value in defs:
                        self.helper_class(ctx, base.value.value)
                return self.helper(ctx, path.stem, name)
        return None
