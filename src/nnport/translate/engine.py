"""convert(): parse, collect facts, rewrite, fix imports, check for leftovers."""
from __future__ import annotations

import ast
import dataclasses
import functools
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import MetadataWrapper

from nnport import frameworks
from nnport.diagnostics import Diagnostic
from nnport.errors import SourceSyntaxError, UnknownFramework, UntranslatableSource
from nnport.translate import forwarding, gc_pause, hub, names, python_tree, skeleton_rules
from nnport.translate.context import Ctx
from nnport.translate.facts import Attr, FactCollector
from nnport.translate.imports import add_imports
from nnport.translate.input_notes import input_notes
from nnport.translate.leftovers import flag_leftovers, source_aliases
from nnport.translate.plan import plan_channel_modules, plan_layouts
from nnport.translate.positions import Ordinals, locate
from nnport.translate.transformer import Located, Translator


@dataclass
class Conversion:
    code: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: str = ""
    target: str = ""
    filename: str = "<string>"

    @property
    def issues(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity in ("warning", "error")]


MAX_SOURCE_CHARS = 2 * 1024 * 1024   # LibCST needs ~1.5 KB of memory and ~60 us per character


def _check_python(code: str, filename: str) -> None:
    """CPython's parser first (fast, and the later passes rely on its tree): its syntax errors, and
    nesting too deep for CPython, become typed errors with a position."""
    if len(code) > MAX_SOURCE_CHARS:
        raise UntranslatableSource(filename, 1, 1, f"input too large to translate: {len(code):,} characters "
                                   f"(the limit is {MAX_SOURCE_CHARS:,}); split the file")
    try:
        python_tree.parse(code, filename)   # kept for the later passes (python_tree.py)
    except SyntaxError as se:
        raise SourceSyntaxError(filename, se.lineno or 1, se.offset or 1, se.msg) from None
    except ValueError as e:   # NUL bytes on older Pythons
        raise SourceSyntaxError(filename, 1, 1, str(e)) from None
    except (RecursionError, MemoryError):
        raise too_deep(code, filename) from None


def too_deep(code: str, filename: str) -> UntranslatableSource:
    """The error for input nested beyond the translator's recursion limit, at its deepest bracket."""
    import io
    import tokenize
    depth, best, where = 0, -1, (1, 0)
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type == tokenize.OP and tok.string in "([{":
                depth += 1
                if depth > best:
                    best, where = depth, tok.start
            elif tok.type == tokenize.OP and tok.string in ")]}":
                depth -= 1
    except (tokenize.TokenError, SyntaxError):
        pass
    if best <= 1:   # nested operators, not brackets: the longest line
        lines = code.splitlines() or [""]
        where = (max(range(len(lines)), key=lambda i: len(lines[i])) + 1, 0)
    return UntranslatableSource(filename, where[0], where[1] + 1,
                                "expression nested too deeply to translate (Python's recursion limit); "
                                "split it into smaller statements")


def parse(code: str, filename: str = "<string>") -> cst.Module:
    _check_python(code, filename)
    try:
        return cst.parse_module(code)
    except cst.ParserSyntaxError as e:
        import ast
        try:   # CPython's own location and message read better than the parser's
            ast.parse(code, filename)
        except SyntaxError as se:
            raise SourceSyntaxError(filename, se.lineno or 1, se.offset or 1, se.msg) from None
        except (ValueError, RecursionError, MemoryError):
            pass
        raise SourceSyntaxError(filename, e.raw_line, e.raw_column + 1, e.message) from None
    except RecursionError:
        raise SourceSyntaxError(filename, 1, 1, "nesting too deep to parse") from None


def detect_source(module: cst.Module) -> str | None:
    """The framework whose imports the module uses (the first one found), by the roots it has as a
    source (Keras: `keras` and `tensorflow`, for `from tensorflow import keras`)."""
    found: list[str] = []
    for name in frameworks.NAMES:
        try:
            fw = frameworks.source(name)
        except UnknownFramework:
            continue
        for stmt in module.body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for s in stmt.body:
                    if isinstance(s, (cst.Import, cst.ImportFrom)) and _imports_root(s, fw.roots):
                        found.append(name)
    return found[0] if found else None


def _imports_root(stmt, roots) -> bool:
    from nnport.translate.imports import is_source_import
    return is_source_import(stmt, roots)


def convert(code: str, *, to: str, source: str | None = None, filename: str = "<string>",
            via_pivot: bool = False, known_modules=()) -> Conversion:
    """`via_pivot`: translate even when source and target are the same framework (a round trip
    through the tables: every API read into the pivot and written back), else such code is returned
    unchanged. `known_modules`: names (as this file binds them) of module classes that other files of
    the same project define; they are constructed like the file's own (Flax: passed the Rngs)."""
    try:
        with gc_pause.paused():   # collections over the live LibCST trees cost 15-20 % (gc_pause.py)
            return _convert(code, to, source, filename, via_pivot, known_modules)
    except RecursionError:   # LibCST's visitors recurse once per nesting level
        raise too_deep(code, filename) from None
    finally:
        python_tree.forget()


def _convert(code, to, source, filename, via_pivot, known_modules) -> Conversion:
    module = parse(code, filename)
    to = frameworks.canonical_name(to)
    dst = frameworks.get(to)
    src_name = frameworks.canonical_name(source) if source else detect_source(module)
    if src_name is None:
        return Conversion(code, [Diagnostic("info", 1, 1, "no deep-learning framework imported; "
                                            "nothing to translate", "", filename)], "", to, filename)
    src = frameworks.source(src_name)
    if src_name == to and not via_pivot:   # unchanged, unless the source rewrites within itself
        within = getattr(src.skeleton, "within", None)
        text, diags = (within(code, filename) if within is not None else None) or (code, [])
        return Conversion(text, diags, src_name, to, filename)
    if hub.route(src, to) == "hub":   # X -> hub -> Y (hub.py)
        conv = hub.through(convert_direct, code, src_name, hub.hub(src), to, filename)
    else:
        conv = convert_direct(code, to=to, source=src_name, filename=filename, via_pivot=via_pivot,
                              module=module, known_modules=known_modules)
    notes = input_notes(code, src_name, filename)
    if notes:
        conv.diagnostics = sorted(notes + conv.diagnostics, key=lambda d: (d.line, d.col))
    return conv


def convert_direct(code: str, *, to: str, source: str, filename: str = "<string>", via_pivot: bool = False,
                   module: cst.Module | None = None, known_modules=()) -> Conversion:
    """The source's reading written straight into the target (convert() picks this or the hub)."""
    module = parse(code, filename) if module is None else module
    src_name, to = frameworks.canonical_name(source), frameworks.canonical_name(to)
    dst, src = frameworks.get(to), frameworks.source(source)
    if src_name == to and not via_pivot:
        return Conversion(code, [], src_name, to, filename)
    if to == hub.hub(src):   # a file only the source's own route reads (Keras' graph builders)
        conv = hub.whole_file(src, code, filename)
        if conv is not None:
            return conv
    prepare, early = getattr(src.skeleton, "prepare", None), []
    facts = None
    if prepare is not None:   # source idioms rewritten into the engine's plain form first
        prepared, facts, early = prepare(code, filename, to)
        if prepared is not code:   # unchanged: the parse stands
            code, module = prepared, parse(prepared, filename)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    ctx = Ctx(src, dst, filename, known_modules=frozenset(known_modules))
    ctx.source_facts = facts
    tree = python_tree.parse(code)   # CPython's tree: import aliases and diagnostic positions
    aliases = names.collect(code, tree)
    if isinstance(facts, dict):   # names the source's prepare gave (classes read as table layers)
        aliases.update(facts.get("aliases", {}))
    collector = FactCollector(src, dst, aliases)
    collector.walk(module)
    collector.finish()
    ctx.sites = construction_sites(collector.classes)
    plans: dict[int, Attr] = plan_layouts(collector.classes, dst)
    plan_channel_modules(module, collector.classes, src, dst, plans, aliases)
    t = Translator(ctx, collector.classes, plans, collector.builders)
    t.aliases = source_aliases(module, src.roots)
    t.ordinals = Ordinals(t.aliases, tree)
    t.import_aliases = aliases
    t.constructed = collector.constructed
    t.reads_class_names = "__name__" in code
    t.held_classes = skeleton_rules.held_classes(collector.classes)
    forwarding.plan(t, {k: v for k, v in collector.forwards.items() if v is not None}, collector.name_calls)
    out = wrapper.visit(t)
    if ctx.helpers:
        out = _add_helpers(out, ctx.helpers, t.holds_leftovers)
    out, text, extra = flag_leftovers(out, None, t.leftover, filename, t.aliases, t.holds_leftovers)
    bound = set(aliases) - t.aliases   # names the output's own imports bind (source ones are removed)
    finish = getattr(dst.skeleton, "finish", None)
    if finish is not None:   # the target's last touch on the text (names the file binds itself)
        text, taken, *notes = finish(text)
        bound |= taken
        for cls, message, *severity in notes[0] if notes else ():   # a target's notes on whole classes
            ctx.diagnostics.append(Diagnostic(severity[0] if severity else "info", *_class_position(code, cls),
                                              message, "", filename))
    text = add_imports(out, text, dst.skeleton.IMPORTS, bound, t.first_import, t.carried)
    diags = locate(code, wrapper, ctx.diagnostics, t.ordinals, Located)
    covered = {d.line for d in diags}
    extra = [d for d in locate(code, wrapper, extra, t.ordinals, Located)
             if d.line not in covered]   # one diagnostic per untranslated spot
    line_map = facts.get("line_map") if isinstance(facts, dict) else None
    if line_map:   # positions in the prepared text -> in the source the user wrote
        diags = [dataclasses.replace(d, line=line_map[d.line]) if 0 < d.line < len(line_map) else d
                 for d in diags + extra]
        extra = []
    diags = sorted(early + diags + extra, key=lambda d: (d.line, d.col))
    return Conversion(text, diags, src_name, to, filename)


def _class_position(code: str, cls: str | None) -> tuple[int, int]:
    """(line, column) of `class <cls>` in the source (1, 1 when not found or no class is named)."""
    import re
    found = re.search(rf"^([ \t]*)class {re.escape(cls)}\b", code, re.M) if cls else None
    if found is None:
        return 1, 1
    return code.count("\n", 0, found.start()) + 1, len(found.group(1)) + 1


def construction_sites(classes) -> dict[int, tuple[str, str]]:
    """Construction call -> (class, attribute path) where `__init__` assigns it (`("Block", "fc")`,
    `("Model", "blocks.1")`; elements of a comprehension by the attribute alone)."""
    out: dict[int, tuple[str, str]] = {}

    def walk(cls: str, path: str, attr: Attr) -> None:
        if attr.call is not None:
            out.setdefault(id(attr.call), (cls, path))
        comprehension = attr.kind == "container" and getattr(attr, "comprehension", False)
        for i, e in enumerate(attr.elements):
            walk(cls, path if comprehension else f"{path}.{attr.keys[i] if attr.keys else i}", e)

    for facts in classes.values():
        for name, attr in facts.attrs.items():
            walk(facts.name, name, attr)
        if facts.self_container is not None:   # a Sequential subclass's elements: by position
            for i, e in enumerate(facts.self_container.elements):
                walk(facts.name, str(i), e)
    return out


@functools.lru_cache(maxsize=512)
def _parsed_helper(src: str) -> cst.Module:
    return cst.parse_module(src)   # LibCST trees are immutable: one parse serves every file


def _add_helpers(module: cst.Module, helpers: dict[str, str], holding: set[int]) -> cst.Module:
    body = list(module.body)
    i = 0
    while i < len(body) and isinstance(body[i], cst.SimpleStatementLine) and all(
            isinstance(s, (cst.Import, cst.ImportFrom)) or (i == 0 and isinstance(s, cst.Expr))
            for s in body[i].body):
        i += 1
    stmts = []
    two = [cst.EmptyLine(indent=False), cst.EmptyLine(indent=False)]
    for src in helpers.values():
        helper = _parsed_helper(src)
        for k, s in enumerate(helper.body):
            stmts.append(s.with_changes(leading_lines=two) if k == 0 else s)
    rest = body[i:]
    if rest and isinstance(rest[0], (cst.ClassDef, cst.FunctionDef)) and \
            sum(1 for line in rest[0].leading_lines if line.comment is None) < 2:
        new = rest[0].with_changes(leading_lines=[*two, *rest[0].leading_lines])
        if id(rest[0]) in holding:   # still a statement leftovers.py must look at
            holding.add(id(new))
        rest[0] = new
    return module.with_changes(body=body[:i] + stmts + rest)
