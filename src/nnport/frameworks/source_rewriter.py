"""The part every source's prepare.py rewriter shares (Gluon's, Flax's): diagnostics at a node's
position, qualified names under the source's import spellings, and which class being visited is a
module class of the source (`in_module`). Each source's `_Rewriter` derives from `SourceRewriter`
and says how it finds its module classes (`module_classes`)."""
from __future__ import annotations

import libcst as cst
from libcst.metadata import PositionProvider

from nnport.diagnostics import Diagnostic
from nnport.translate.names import qualified


class SourceRewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, aliases, facts, diags, filename, canonical, module_classes):
        super().__init__()
        self.aliases, self.facts, self.diags, self.filename = aliases, facts, diags, filename
        self.canonical, self.module_classes = canonical, module_classes
        self.modules = {}
        self.cls: list[str | None] = []    # the classes being visited: their name if a module class, else None
        self.func: list[str] = []

    def note(self, node, message, severity="warning", api=""):
        pos = self.get_metadata(PositionProvider, node, None) if node is not None else None
        line, col = (pos.start.line, pos.start.column + 1) if pos else (1, 1)
        self.diags.append(Diagnostic(severity, line, col, message, api, self.filename))

    def names(self, node) -> set[str]:
        return {self.canonical(n) for n in qualified(node, self.aliases)}

    def visit_Module(self, node):
        self.modules = self.module_classes(node, self.aliases)

    @property
    def in_module(self) -> bool:
        return bool(self.cls) and self.cls[-1] is not None
