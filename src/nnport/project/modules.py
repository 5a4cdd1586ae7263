"""Module classes across the files of a project: which names a file imports, by relative imports,
that are module classes of another of its files (`from .layers import Block`, Block an nn.Module).

The engine sees one file at a time; these names tell it to construct such classes like the file's
own (a Flax target passes them the Rngs). A class is a module class when a base is the framework's
module base (through the file's import aliases) or another module class of the project, also
through re-exports in `__init__.py`. Reads with CPython's parser.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from nnport.project.files import PYTHON, Item
from nnport.project.scan import dotted


@dataclass
class _File:
    module: str
    bases: dict[str, list[ast.expr]] = field(default_factory=dict)   # class -> its base expressions
    imported: dict[str, tuple[str, str]] = field(default_factory=dict)   # name -> (module, name there)
    aliases: dict[str, str] = field(default_factory=dict)
    framework_bases: frozenset = frozenset()


def _module_name(rel: str) -> str:
    parts = rel[:-3].split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _relative(module: str, is_package: bool, level: int, name: str | None) -> str:
    parts = module.split(".") if module else []
    package = parts if is_package else parts[:-1]
    base = package[:len(package) - (level - 1)] if level > 1 else package
    return ".".join(base + (name.split(".") if name else []))


def _read(item: Item, text: str) -> _File | None:
    from nnport.project.scan import _skeleton_bases, detect
    from nnport.translate.names import collect
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
    module = _module_name(item.rel)
    f = _File(module, aliases=collect("", tree))
    framework = detect(None, f.aliases)
    f.framework_bases = _skeleton_bases(framework) if framework else frozenset()
    package = item.rel.endswith("__init__.py")
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            f.bases[node.name] = list(node.bases)
        elif isinstance(node, ast.ImportFrom) and node.level:
            where = _relative(module, package, node.level, node.module)
            for a in node.names:
                if a.name != "*":
                    f.imported[a.asname or a.name] = (where, a.name)
    return f


class _Project:
    def __init__(self, files: dict[str, _File]):
        self.files = files
        self.memo: dict[tuple[str, str], bool] = {}

    def is_module(self, module: str, name: str, depth: int = 0) -> bool:
        key = (module, name)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = False   # a cycle is no module
        f = self.files.get(module)
        found = False
        if f is not None and depth < 20:
            if name in f.bases:
                found = any(self._base_is_module(f, b, depth) for b in f.bases[name])
            elif name in f.imported:   # re-exported: follow it
                found = self.is_module(*f.imported[name], depth + 1)
        self.memo[key] = found
        return found

    def _base_is_module(self, f: _File, base: ast.expr, depth: int) -> bool:
        text = dotted(base)
        if text is None:
            return False
        head, _, rest = text.partition(".")
        if head in f.aliases:
            return (f"{f.aliases[head]}.{rest}" if rest else f.aliases[head]) in f.framework_bases
        if rest:
            return False
        return self.is_module(f.module, head, depth + 1)


def known_modules(items: list[Item], texts: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """File (relative path) -> the names it imports from the project that are module classes."""
    files = {}
    for item in items:
        if item.kind == PYTHON and item.rel in texts:
            f = _read(item, texts[item.rel])
            if f is not None:
                files[f.module] = files.get(f.module) or f
    project = _Project(files)
    out = {}
    for item in items:
        f = files.get(_module_name(item.rel)) if item.kind == PYTHON else None
        if f is not None:
            names = tuple(sorted(n for n, target in f.imported.items() if project.is_module(*target)))
            if names:
                out[item.rel] = names
    return out
