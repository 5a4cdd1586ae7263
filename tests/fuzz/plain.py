"""A grammar-ish hypothesis strategy for small Python modules (no deep-learning API unless the caller
passes one): expressions and statements as text, with the constructs translators trip on - starred
and keyword arguments, comprehensions, lambdas, f-strings, decorators, walrus, match, try/except,
async, global/nonlocal, annotations. `callables` lets sources.py put real API names in the calls."""
from __future__ import annotations

import keyword

from hypothesis import strategies as st

NAMES = ("x", "y", "h", "n", "xs", "out", "self.scale", "i", "args", "kw")
PLAIN_FUNCS = ("len", "print", "range", "sorted", "max", "min", "abs", "round", "str", "int", "list",
               "dict", "set", "tuple", "zip", "enumerate", "helper", "obj.method", "xs.append", "d.get",
               "s.add", "line.split", "math.sqrt", "os.path.join", "functools.reduce")
KEYWORDS = ("dim", "axis", "keepdim", "key", "default", "p", "size", "dtype", "name", "training", "use_bias")
SAFE = st.sampled_from(("v", "k", "item", "elem", "_tmp", "acc"))
ident = st.from_regex(r"\A[a-z][a-z0-9_]{0,6}\Z").filter(lambda s: not keyword.iskeyword(s) and
                                                            not keyword.issoftkeyword(s))


def literal() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(-5, 300).map(str), st.sampled_from(("0.5", "1e-05", "-1", "2.0", "0x10",
                     "1_000", "3j", "None", "True", "False", "...", "b'ab'")),
                     st.text("abc xyz{}\\'\"\n", max_size=6).map(repr))


def arguments(value: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A call's argument list: positionals and `*starred` first, then `key=value`s and `**kw`."""
    positional = st.lists(st.one_of(value, value.map(lambda e: f"*{e}")), max_size=3)
    keywords = st.lists(st.one_of(st.tuples(st.sampled_from(KEYWORDS), value).map("=".join),
                                  value.map(lambda e: f"**{e}")), max_size=2, unique_by=lambda a: a.split("=")[0])
    return st.builds(lambda p, k: ", ".join(p + sorted(k, key=lambda a: a.startswith("**"))), positional, keywords)


def expr(callables=PLAIN_FUNCS, methods=("append", "get", "items"), depth: int = 2) -> st.SearchStrategy[str]:
    """An expression; calls draw their function from `callables` and `name.method` from `methods`."""
    atom = st.one_of(literal(), st.sampled_from(NAMES))
    if depth <= 0:
        return atom
    sub = st.deferred(lambda: expr(callables, methods, depth - 1))
    args = arguments(sub)
    call = st.builds(lambda f, a: f"{f}({a})", st.sampled_from(callables), args)
    meth = st.builds(lambda r, mth, a: f"{r}.{mth}({a})", st.sampled_from(NAMES), st.sampled_from(methods), args)
    return st.one_of(
        atom, call, meth,
        st.builds(lambda a, op, b: f"({a} {op} {b})", sub, st.sampled_from(("+", "-", "*", "@", "/", "//", "%", "**",
                  "<", "==", "and", "or", "in", "is not", "&", "|", ">>")), sub),
        st.builds(lambda op, a: f"({op}{a})", st.sampled_from(("-", "not ", "~")), sub),
        st.builds(lambda a, i: f"{a}[{i}]", st.sampled_from(NAMES), st.sampled_from(("0", "-1", "1:", ":, None",
                  "..., 0", "::2", "i", "'k'", "(0, 1)"))),
        st.lists(sub, min_size=1, max_size=3).map(lambda xs: f"({', '.join(xs)},)"),
        st.lists(sub, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
        st.lists(st.tuples(literal(), sub), max_size=2).map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        st.builds(lambda e, v, c: f"[{e} for {v} in xs if {c}]", sub, SAFE, sub),
        st.builds(lambda e, v: f"{{{v}: {e} for {v} in range(3)}}", sub, SAFE),
        st.builds(lambda e: f"(lambda a, *r, b=1, **k: {e})", sub),
        st.builds(lambda e, c: f'f"{{{e}!r}} {{n:>{c}}}"', st.sampled_from(NAMES), st.integers(0, 9)),
        st.builds(lambda v, e: f"({v} := {e})", SAFE, sub),
        st.builds(lambda a, c, b: f"({a} if {c} else {b})", sub, sub, sub),
    )


def block(lines: list[str], indent: str = "    ") -> list[str]:
    return [indent + ln for ln in (lines or ["pass"])]


def statements(callables=PLAIN_FUNCS, methods=("append", "get", "items"), depth: int = 2,
               in_function: bool = False) -> st.SearchStrategy[list[str]]:
    """A few statements as lines (nested blocks indented); `in_function` allows return/nonlocal."""
    e = expr(callables, methods)
    simple = st.one_of(
        st.builds(lambda v, x: [f"{v} = {x}"], st.sampled_from(("x", "h", "n", "out", "self.scale", "a, *b")), e),
        st.builds(lambda v, op, x: [f"{v} {op}= {x}"], st.sampled_from(("x", "n", "self.scale")),
                  st.sampled_from(("+", "-", "*", "|", "@")), e),
        st.builds(lambda v, x: [f"{v}: int | None = {x}"], st.sampled_from(("n", "k")), e),
        e.map(lambda x: [x]),
        st.builds(lambda x: [f"assert {x}, 'msg'"], e),
        st.sampled_from((["pass"], ["del xs[0]"], ["import os, math"], ["from functools import reduce as r"],
                         ["global COUNT"], ["raise ValueError('bad')"])),
    )
    if in_function:
        simple = st.one_of(simple, e.map(lambda x: [f"return {x}"]), st.just(["return"]),
                           e.map(lambda x: [f"yield {x}"]))
    if depth <= 0:
        return simple
    body = st.deferred(lambda: st.lists(statements(callables, methods, depth - 1, in_function), min_size=1,
                                        max_size=3).map(lambda ss: [ln for s in ss for ln in s]))
    fbody = st.deferred(lambda: st.lists(statements(callables, methods, depth - 1, True), min_size=1,
                                         max_size=3).map(lambda ss: [ln for s in ss for ln in s]))
    compound = st.one_of(
        st.builds(lambda c, a, b: [f"if {c}:", *block(a), "else:", *block(b)], e, body, body),
        st.builds(lambda v, it, a: [f"for {v} in {it}:", *block(a), "    break"], SAFE, e, body),
        st.builds(lambda c, a: [f"while {c}:", *block(a), "    break"], e, body),
        st.builds(lambda x, a: [f"with {x} as ctx, open('f') as fh:", *block(a)], e, body),
        st.builds(lambda a, b: ["try:", *block(a), "except (ValueError, KeyError) as err:", *block(b),
                                "finally:", "    pass"], body, body),
        st.builds(lambda x, a, b: [f"match {x}:", "    case [a, *rest] if a:", *block(a, " " * 8),
                                   "    case {'k': v, **kw}:", "        pass", "    case Point(x=0) | None:",
                                   "        pass", "    case _:", *block(b, " " * 8)], e, body, body),
        st.builds(lambda nm, dec, a: [f"@{dec}", f"def {nm}(a: int, /, b=[], *args: str, c: 'T' = None, **kw) -> list:",
                                      *block(a)], ident, st.sampled_from(("staticmethod", "functools.lru_cache(maxsize=2)",
                                      "torch.no_grad()", "property", "jax.jit")), fbody),
        st.builds(lambda nm, a: [f"def {nm}():", "    n = 0", "    def inner():", "        nonlocal n",
                                 *block(a, " " * 8), "    return inner"], ident, fbody),
        st.builds(lambda nm, x, a: [f"async def {nm}(q):", f"    await ({x})", "    async for v in q:",
                                    *block(a, " " * 8), "    async with q as r:", "        pass"], ident, e, fbody),
        st.builds(lambda nm, a: [f"class {nm.capitalize()}(Base, metaclass=Meta):", '    """Doc."""',
                                 "    z: int = 0", *block(a)], ident, body),
    )
    return st.one_of(simple, compound)


def module(callables=PLAIN_FUNCS, methods=("append", "get", "items")) -> st.SearchStrategy[str]:
    """A whole module of plain statements (valid Python: callers check with ast.parse and assume)."""
    return st.lists(statements(callables, methods), min_size=1, max_size=5).map(
        lambda ss: '"""A generated module."""\nimport math\n' + "\n".join(ln for s in ss for ln in s) + "\n")
