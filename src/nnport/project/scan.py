"""`nnport scan PATH`: which source-framework APIs a codebase calls, how often, which the tables read.

Every call (and class base) whose callee resolves, through the file's import aliases, to a qualified
name under a framework's import roots (`F.relu` -> `torch.nn.functional.relu`) is a call site. It is
supported when the source's reader tables have an entry for it or its skeleton knows it (module
bases, containers, parameters, gradient contexts) and, with a target, when the target writes its
pivot op. Tensor methods (`x.view(...)`) are not counted: their receiver's type is not known here.
Reads with CPython's parser; imports no deep-learning framework.
"""
from __future__ import annotations

import ast
import functools
import os
from dataclasses import dataclass, field

from nnport.project import notebook
from nnport.project.files import NOTEBOOK, PYTHON, walk


@functools.lru_cache(maxsize=None)
def _roots() -> dict[str, tuple[str, ...]]:
    from nnport import frameworks
    from nnport.errors import UnknownFramework
    out = {}
    for name in frameworks.NAMES:
        try:
            out[name] = tuple(frameworks.source(name).roots)
        except UnknownFramework:
            pass
    return out


@functools.lru_cache(maxsize=None)
def _skeleton_names(framework: str) -> frozenset[str]:
    from nnport import frameworks
    sk = frameworks.source(framework).skeleton
    names: set[str] = set()
    for attr in ("MODULE_BASES", "CONTAINER_CLASSES", "PARAMETER_CLASSES", "NO_GRAD_CONTEXTS", "GRAD_CONTEXTS"):
        names.update(getattr(sk, attr, ()) or ())
    return frozenset(names)


@functools.lru_cache(maxsize=None)
def _skeleton_bases(framework: str) -> frozenset[str]:
    """The qualified names of the framework's module base classes."""
    from nnport import frameworks
    return frozenset(getattr(frameworks.source(framework).skeleton, "MODULE_BASES", ()))


@functools.lru_cache(maxsize=None)
def supported(api: str, framework: str, target: str | None = None) -> bool:
    from nnport import frameworks
    if api in _skeleton_names(framework):
        return True
    fw = frameworks.source(framework)
    entry = fw.layers.get(api) or fw.functions.get(api)
    if entry is None:
        return False
    if target is None or target == framework:
        return True
    from nnport.frameworks.spec import Unsupported
    from nnport.translate.reading import target_entry
    dst = frameworks.get(target)
    try:
        target_entry(dst.layers if entry.kind == "layer" else dst.functions, entry.op, api, fixed=entry.fixed)
    except Unsupported:
        return False
    return True


def detect(tree: ast.AST | None, aliases: dict[str, str] | None = None) -> str | None:
    """The first framework (in nnport's order) whose roots the module imports (read from its
    import `aliases`, names.collect, where given)."""
    if aliases is not None:
        found = {full.split(".")[0] for full in aliases.values()}
    else:
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
    return next((fw for fw, roots in _roots().items() if found & set(roots)), None)


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` for an attribute chain on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def sites_of(tree: ast.AST, framework: str, target: str | None = None) -> list[tuple[str, int, int, bool]]:
    """(qualified API, line, column, supported) of every call site of `framework`'s APIs."""
    from nnport.translate.names import collect
    aliases = collect("", tree)
    roots = _roots()[framework]
    out = []

    def add(func: ast.AST, at: ast.AST) -> None:
        text = dotted(func)
        if text is None:
            return
        base, _, rest = text.partition(".")
        full = aliases.get(base)
        if full is None or full.split(".")[0] not in roots:
            return
        api = f"{full}.{rest}" if rest else full
        out.append((api, at.lineno, at.col_offset + 1, supported(api, framework, target)))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            add(node.func, node)
        elif isinstance(node, ast.ClassDef):
            for b in node.bases:
                add(b, b)
    return sorted(out, key=lambda s: (s[1], s[2]))


def file_sites(code: str, framework: str, target: str | None = None) -> list[tuple[str, int, int, bool]]:
    try:
        return sites_of(ast.parse(code), framework, target)
    except (SyntaxError, ValueError, RecursionError):
        return []


@dataclass
class Api:
    api: str
    framework: str
    supported: bool
    count: int = 0
    locations: list[str] = field(default_factory=list)   # "file:line"

    @property
    def files(self) -> int:
        return len({loc.rsplit(":", 1)[0] for loc in self.locations})


@dataclass
class Scan:
    files: int = 0
    lines: int = 0
    by_framework: dict[str, int] = field(default_factory=dict)   # framework -> files importing it
    apis: dict[str, Api] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)
    target: str | None = None

    @property
    def sites(self) -> int:
        return sum(a.count for a in self.apis.values())

    @property
    def supported_sites(self) -> int:
        return sum(a.count for a in self.apis.values() if a.supported)

    @property
    def coverage(self) -> float:
        return self.supported_sites / self.sites if self.sites else 1.0

    def add(self, path: str, code: str, source: str | None, where=None) -> None:
        self.files += 1
        self.lines += code.count("\n")
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError):
            self.unreadable.append(path)
            return
        framework = source or detect(tree)
        if framework is None:
            return
        self.by_framework[framework] = self.by_framework.get(framework, 0) + 1
        for api, line, _col, ok in sites_of(tree, framework, self.target):
            a = self.apis.setdefault(api, Api(api, framework, ok))
            a.count += 1
            a.locations.append(f"{path}:{line}" if where is None else "{}:cell{}:{}".format(path, *where[line]))


def _read(path: str) -> str:
    with open(path, "rb") as f:
        return f.read().decode("utf-8-sig")


def scan(paths: list[str], source: str | None = None, target: str | None = None) -> Scan:
    result = Scan(target=target)
    for top in paths:
        items = walk(top) if os.path.isdir(top) else [None]
        for item in items:
            path = top if item is None else item.path
            kind = PYTHON if path.endswith(".py") else NOTEBOOK if path.endswith(".ipynb") else None
            if kind is None:
                continue
            try:
                text = _read(path)
                if kind == NOTEBOOK:
                    code, where = notebook.join(notebook.load(text))
                    result.add(path, code, source, where)
                else:
                    result.add(path, text, source)
            except (OSError, UnicodeDecodeError, ValueError):
                result.unreadable.append(path)
    return result
