"""What an entry's writer or reader says about itself, read from its code without running it.

A writer is an `Emit` (`call("nnx.Linear", ...)`), a torch `Own`/`Hooked` writer, or a hook function.
From the hook's source (and the nnport functions it calls, a few levels deep) this collects:
- `calls`: the APIs it writes (`call("keras.layers.Conv2D", ...)`'s first argument),
- `helpers`: the support definitions it copies into the output (`helper(ctx, "conv", "PaddedConv2D")`),
- `templates`: code it writes as text (`template("-{input}")`, `expr("{input} + {other}")`,
  `lambda c, ctx: "nn.Swish()"`, `return f"partial(nnx.max_pool, ...)"`),
- `refusals`: the messages of `raise Unsupported(...)`: the arguments it does not translate.
Names are resolved through the function's closure, globals, local imports, its object's attributes
(bound methods) and the string arguments of the call that led there; f-string holes read `<api>` for
the API translated, `<name>` for a canonical argument (`c.get('name')`) or a variable, a constant's
value, else `…`. Deterministic: source order, duplicates dropped.
"""
from __future__ import annotations

import ast
import functools
import importlib
import re
import types
from dataclasses import dataclass, field

DEPTH = 3   # levels of nnport functions followed from a hook
# modules whose functions are machinery, not a table's exceptions (their refusals are generic)
_MACHINERY = ("nnport.frameworks.spec", "nnport.translate.", "nnport.frameworks.torch.writing",
              "nnport.frameworks.helpers", "nnport.pivot.")
_CALL_NAMES = {"call"}
_HELPER_NAMES = {"helper", "helper_class"}
_TEMPLATE_NAMES = {"template", "expr", "parse_expression", "Template"}
_API = re.compile(r"""extra(?:\.get\(|\[)\s*['"]api['"]|^(?:e|entry)\.api$""")
_ARG = re.compile(r"""\bc\.(?:get|lit|given)\(\s*['"](\w+)['"]""")


@dataclass
class Facts:
    calls: list[str] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    def add(self, other: "Facts") -> None:
        for name in ("calls", "helpers", "templates", "refusals"):
            mine = getattr(self, name)
            mine += [x for x in getattr(other, name) if x not in mine]

    def note(self, kind: str, value: str | None) -> None:
        if value and value not in getattr(self, kind):
            getattr(self, kind).append(value)


def of_writer(emit) -> Facts:
    """Facts of a target entry's `emit` (Emit, Own, Hooked, or a function)."""
    facts = Facts()
    if emit is None:
        return facts
    api = getattr(emit, "api", None)
    if isinstance(api, str):
        facts.note("calls", api)
    for spec in (*getattr(emit, "pos", ()), *getattr(emit, "kw", {}).values()):
        if callable(spec):
            facts.add(of_function(spec))
    hook = getattr(emit, "hook", None)
    if hook is not None:
        facts.add(of_function(hook))
    if isinstance(emit, (types.FunctionType, types.MethodType, functools.partial)):
        facts.add(of_function(emit))
    return facts


def of_function(fn, depth: int = DEPTH, seen: frozenset = frozenset(), bound: dict | None = None) -> Facts:
    """Facts of a hook: a function, a bound method (its object's string attributes known), a partial.
    `bound`: parameters given as strings by the call followed (`adaptive(c, ctx, "jnp.mean")`)."""
    if isinstance(fn, functools.partial):
        fn = fn.func
    if isinstance(fn, types.MethodType) and isinstance(fn.__func__, types.FunctionType):
        scope = {**_scope(fn.__func__), "self": fn.__self__, **(bound or {})}
        return _facts(fn.__func__.__code__, depth, scope, seen, tuple(sorted((bound or {}).items())))
    if not isinstance(fn, types.FunctionType):
        return Facts()
    return _facts(fn.__code__, depth, {**_scope(fn), **(bound or {})}, seen, tuple(sorted((bound or {}).items())))


@functools.lru_cache(maxsize=None)
def _module_tree(filename: str) -> ast.Module | None:
    try:
        with open(filename, encoding="utf-8") as f:
            return ast.parse(f.read())
    except (OSError, SyntaxError):
        return None


@functools.lru_cache(maxsize=None)
def _defs_by_line(filename: str) -> dict[int, list[ast.AST]]:
    out: dict[int, list[ast.AST]] = {}
    tree = _module_tree(filename)
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            out.setdefault(first, []).append(node)
        elif isinstance(node, ast.Lambda):
            out.setdefault(node.lineno, []).append(node)
    return out


def _node_of(code: types.CodeType) -> ast.AST | None:
    """The def or lambda of `code` in its module's source."""
    found = _defs_by_line(code.co_filename).get(code.co_firstlineno, [])
    named = [n for n in found if getattr(n, "name", "<lambda>") == code.co_name]
    if len(named) <= 1:
        return named[0] if named else None
    cols = [p[2] for p in code.co_positions() if p[0] == code.co_firstlineno and p[2] is not None]
    col = min(cols) if cols else 0
    before = [n for n in named if n.col_offset <= col]
    return max(before, key=lambda n: n.col_offset) if before else named[0]


def _scope(fn: types.FunctionType) -> dict:
    scope = dict(fn.__globals__)
    for name, cell in zip(fn.__code__.co_freevars, fn.__closure__ or ()):
        try:
            scope[name] = cell.cell_contents
        except ValueError:   # an empty cell
            pass
    return scope


@functools.lru_cache(maxsize=None)
def _structure(code: types.CodeType) -> tuple[list, list, list, ast.AST | None]:
    """The def's `raise Unsupported(...)` statements, calls and code it returns as a string literal
    (`lambda c, ctx: "nn.Swish()"`), in source order (walked once)."""
    node = _node_of(code)
    if node is None:
        return [], [], [], None
    raises, calls, returns = [], [], []
    if isinstance(node, ast.Lambda) and isinstance(node.body, (ast.Constant, ast.JoinedStr)):
        returns.append(node.body)
    for sub in ast.walk(node):
        if isinstance(sub, ast.Raise) and isinstance(sub.exc, ast.Call) and _name(sub.exc.func) == "Unsupported":
            raises.append(sub)
        elif isinstance(sub, ast.Call):
            calls.append(sub)
        elif isinstance(sub, ast.Return) and isinstance(sub.value, (ast.Constant, ast.JoinedStr)):
            returns.append(sub.value)
    key = lambda n: (n.lineno, n.col_offset)  # noqa: E731
    return sorted(raises, key=key), sorted(calls, key=key), sorted(returns, key=key), node


_MEMO: dict[tuple, Facts] = {}


def _facts(code: types.CodeType, depth: int, scope: dict, seen: frozenset = frozenset(), bound: tuple = ()) -> Facts:
    raises, calls, returns, node = _structure(code)
    if node is None or code in seen:
        return Facts()
    key = (code, depth, tuple(id(scope.get(n)) for n in (*code.co_freevars, "self")), bound)
    if key in _MEMO:
        return _MEMO[key]
    facts = Facts()
    seen = seen | {code}
    scope = {**scope, **_local_imports(node)}
    for sub in raises:
        if sub.exc.args:
            facts.note("refusals", _text(sub.exc.args[0], scope))
    for sub in calls:
        _call_facts(sub, scope, facts, depth, seen)
    for sub in returns:
        facts.note("templates", _text(sub, scope))
    _MEMO[key] = facts
    return facts


def _call_facts(node: ast.Call, scope: dict, facts: Facts, depth: int, seen: frozenset) -> None:
    name = _name(node.func)
    args = [_text(a, scope, strict=True) for a in node.args]
    if name in _CALL_NAMES and args and args[0]:
        facts.note("calls", args[0])
    elif name in _HELPER_NAMES:   # helper(ctx, module, name, *deps), helper_class(ctx, name)
        facts.note("helpers", args[2] if name == "helper" and len(args) > 2 else args[1] if len(args) > 1 else None)
    elif name in _TEMPLATE_NAMES and args and args[0]:
        facts.note("templates", args[0])
    if depth <= 0:
        return
    target = _resolve(node.func, scope)
    if isinstance(target, (types.FunctionType, types.MethodType)) and _followed(target):
        facts.add(of_function(target, depth - 1, seen, _bound(target, node, args, scope)))


def _bound(fn, node: ast.Call, args: list[str | None], scope: dict) -> dict:
    """The callee's parameters that the call gives as known strings."""
    code = (fn.__func__ if isinstance(fn, types.MethodType) else fn).__code__
    params = list(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
    if isinstance(fn, types.MethodType):
        params = params[1:]
    out = {p: a for p, a in zip(params[:code.co_argcount], args) if a is not None}
    for kw in node.keywords:
        text = _text(kw.value, scope, strict=True) if kw.arg in params else None
        if text is not None:
            out[kw.arg] = text
    return out


def _followed(fn) -> bool:
    mod = getattr(fn, "__module__", None) or ""
    return mod.startswith("nnport.frameworks") and not mod.startswith(_MACHINERY)


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _resolve(node: ast.AST, scope: dict):
    if isinstance(node, ast.Name):
        return scope.get(node.id)
    if isinstance(node, ast.Attribute):   # a module's name, or an attribute of a table's own object
        base = _resolve(node.value, scope)
        if isinstance(base, types.ModuleType) or _followed(type(base)):
            return getattr(base, node.attr, None)
        return None
    if isinstance(node, ast.Call):   # `factory(...)(c, ctx)`: the factory's own code
        return _resolve(node.func, scope)
    if isinstance(node, ast.Subscript):   # `TABLE[op]` of a dict the module holds
        base, key = _resolve(node.value, scope), _text(node.slice, scope, strict=True)
        return base.get(key) if isinstance(base, dict) and key is not None else None
    return None


@functools.lru_cache(maxsize=None)
def _local_imports(node: ast.AST) -> dict:
    """`from nnport... import name` inside the function body (imports kept local to avoid cycles)."""
    out = {}
    for sub in ast.walk(node):
        if isinstance(sub, ast.ImportFrom) and sub.module and sub.module.startswith("nnport") and not sub.level:
            mod = importlib.import_module(sub.module)
            for alias in sub.names:
                value = getattr(mod, alias.name, None)
                if value is None:
                    value = importlib.import_module(f"{sub.module}.{alias.name}")
                out[alias.asname or alias.name] = value
    return out


def _text(node: ast.AST, scope: dict, strict: bool = False) -> str | None:
    """A string expression's text: constants, names bound to strings, f-strings (holes as <arg> or …),
    concatenations, `"..." % x` and `"...".format(...)` (their template). `strict`: None unless the
    whole text is known (no holes)."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, (ast.Name, ast.Attribute)):
        value = _resolve(node, scope)
        return value if isinstance(value, str) else None
    if isinstance(node, ast.JoinedStr):
        if strict and any(isinstance(v, ast.FormattedValue) for v in node.values):
            return None
        return "".join(v.value if isinstance(v, ast.Constant) else _hole(v, scope) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left, scope, strict), _text(node.right, scope, strict)
        if left is None and right is None:
            return None
        if strict and (left is None or right is None):
            return None
        return (left or "…") + (right or "…")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):   # "...%s" % value
        left, right = _text(node.left, scope), _text(node.right, scope)
        if left is not None and right is not None and left.count("%s") == 1:
            return left % right
        return None if strict else left
    if not strict and isinstance(node, ast.Call) and _name(node.func) == "format" and \
            isinstance(node.func, ast.Attribute):
        return _text(node.func.value, scope)
    return None


def _hole(value: ast.FormattedValue, scope: dict) -> str:
    """An f-string hole: `<api>` for the API being translated, `<name>` for a canonical argument or a
    plain variable, a constant's value, else `…`."""
    text = ast.unparse(value.value)
    known = _resolve(value.value, scope) if isinstance(value.value, ast.Name) else None
    if isinstance(known, (str, int, float)) and not isinstance(known, bool):
        return str(known)
    if isinstance(known, (tuple, list, frozenset, set)) and all(isinstance(k, str) for k in known):
        return ", ".join(sorted(known) if isinstance(known, (set, frozenset)) else known)
    if _API.search(text):
        return "<api>"
    m = _ARG.search(text)
    if m:
        return f"<{m.group(1)}>"
    return f"<{text}>" if isinstance(value.value, ast.Name) else "…"
