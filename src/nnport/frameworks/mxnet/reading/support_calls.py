"""The Gluon writer's own support definitions, read back (Gluon -> PyTorch of a file nnport wrote).

A Gluon file translated from PyTorch holds copies of mxnet/support/*.py definitions (the BatchNorm
recording PyTorch's running variance, hybrid_sequential, silu(F, x)...). Where a top-level definition
of the file has a support definition's name and the same code (compared as Python syntax: whitespace
and comments do not count), prepare.py drops the copy and reads each call to it as the PyTorch API it
stood for, through the table reading/helpers.py declares:
- a call of a helper with a reader entry is spelled `mxnet.gluon.nnport_helper.<name>(...)` (`F`, the
  first argument of helpers taking one, dropped) and read by that entry like any Gluon API;
- a helper that *is* a Gluon API (`hybrid_sequential(*blocks)`: nn.HybridSequential) is spelled as it;
- a helper that calls a block with PyTorch's conventions (`run_recurrent(F, self.lstm, x, states)`) is
  that call, `self.lstm(x, states)`, marked for call_sites.py (no Gluon-to-PyTorch result wrapping);
- a helper that stands for an argument (`weight_initializer=PaddedNormal(i)`) is the pair
  `("padding_idx", i)` for the reader of the block given it (reading/layers.py's Embedding);
- a support definition no longer used by the code left (`_per_channel`, `training_mode`) is dropped
  with the helpers that used it.
A definition that differs from nnport's (edited by hand) is the user's code, read as it is.
"""
from __future__ import annotations

import ast
import functools
import textwrap
from pathlib import Path

import libcst as cst
import libcst.matchers as m

NAMESPACE = "mxnet.gluon.nnport_helper"   # the spelling of a helper call between prepare and the reader
TORCH_CALL = "_nnport_torch_call"   # a block called as PyTorch calls it (mxnet/call_sites.py takes it out)


@functools.lru_cache(maxsize=None)
def _texts() -> dict[str, list[str]]:
    from nnport.frameworks.mxnet.support import SUPPORT
    out: dict[str, list[str]] = {}
    for path in sorted(Path(SUPPORT.folder).glob("*.py")):
        if not path.stem.startswith("_"):
            for name, text in SUPPORT.definitions(path.stem).items():
                out.setdefault(name, []).append(text)
    return out


def support_text(name: str) -> str:
    """The code of support definition `name` (mxnet/support/*.py; the first module's of two)."""
    return _texts()[name][0]


@functools.lru_cache(maxsize=None)
def support_definitions() -> dict[str, frozenset[str]]:
    """Every mxnet/support/*.py top-level definition: name -> its normalised code (two modules may
    define one name: alpha_dropout)."""
    return {name: frozenset(map(normalised, texts)) for name, texts in _texts().items()}


def normalised(text: str) -> str:
    return ast.dump(ast.parse(textwrap.dedent(text)))


def _name_of(stmt) -> str | None:
    return stmt.name.value if isinstance(stmt, (cst.ClassDef, cst.FunctionDef)) else None


def _names_used(node) -> set[str]:
    return {n.value for n in m.findall(node, m.Name())}


def matched(module: cst.Module) -> tuple[dict[str, object], set[str]]:
    """({helper name: its table row} for the file's copies of table helpers, every definition to drop)."""
    from nnport.frameworks.mxnet.reading.helpers import HELPERS
    defs = support_definitions()
    copies = {}
    for stmt in module.body:
        name = _name_of(stmt)
        if name in defs and normalised(module.code_for_node(stmt.with_changes(leading_lines=[]))) in defs[name]:
            copies[name] = stmt
    body = [s for s in module.body if _name_of(s) not in copies]
    named = set().union(*(_names_not_called(s) for s in body)) if body else set()
    rows = {n: HELPERS[n] for n in copies if n in HELPERS and n not in named}   # passed as a value: kept
    drop = set(rows)
    changed = True
    while changed:   # support definitions only the dropped ones use
        changed = False
        for name in copies:
            if name in drop or not _used_by_dropped(name, copies, drop):
                continue
            if not any(name in _names_used(s) for s in module.body if _name_of(s) not in (drop | {name})):
                drop.add(name)
                changed = True
    return rows, drop


def _names_not_called(node) -> set[str]:
    """Names used as values, but as a function called or given to nn.HybridLambda (support_call), an
    attribute's name (`self.LayerNorm = LayerNorm(...)`) or a keyword's."""
    called = {id(c.func) for c in m.findall(node, m.Call(func=m.Name()))}
    called |= {id(c.args[0].value) for c in m.findall(node, m.Call(func=m.Attribute(attr=m.Name("HybridLambda"))))
               if len(c.args) == 1 and f"lambda_{getattr(c.args[0].value, 'value', '')}" in LAMBDAS}
    called |= {id(n) for c in m.findall(node, m.Call(func=m.Name("isinstance"))) if len(c.args) == 2
               for n in _classes(c.args[1].value)}   # isinstance(m, BatchNorm): read (isinstance_of)
    called |= {id(a.attr) for a in m.findall(node, m.Attribute())}   # self.LayerNorm: an attribute's name
    called |= {id(a.keyword) for a in m.findall(node, m.Arg()) if a.keyword is not None}
    return {n.value for n in m.findall(node, m.Name()) if id(n) not in called}


def _classes(node) -> list:
    """The names of isinstance's classes: `C` or `(C, D)`."""
    nodes = [e.value for e in node.elements] if isinstance(node, cst.Tuple) else [node]
    return [n for n in nodes if isinstance(n, cst.Name)]


def isinstance_of(rw, call: cst.Call) -> cst.Call | None:
    """isinstance(m, (BatchNorm, nn.Dense)) of a copy of a block helper: the helper spelled for its
    reader entry (the engine narrows `m` to it, and writes the PyTorch classes it stands for)."""
    if not (m.matches(call.func, m.Name("isinstance")) and len(call.args) == 2):
        return None
    names = {n.value for n in _classes(call.args[1].value) if n.value in rw.helpers and rw.helpers[n.value].kind == "layer"}
    if not names:
        return None
    rw.wrote_mxnet = True
    spelled = m.replace(call.args[1].value, m.Name(m.MatchIfTrue(lambda v: v in names)),
                        lambda node, _: cst.parse_expression(f"{NAMESPACE}.{node.value}"))
    return call.with_changes(args=[call.args[0], call.args[1].with_changes(value=spelled)])


def _used_by_dropped(name: str, copies: dict, drop: set) -> bool:
    return any(name in _names_used(copies[d]) for d in drop if d in copies)


def support_call(rw, original: cst.Call, updated: cst.Call) -> cst.BaseExpression | None:
    """prepare.py's call: a copy's call for its entry; `nn.HybridLambda(mish)` of a copy -> its layer
    entry (`lambda_mish`); `f(F, x)` of a module function taking F -> `f(x)`; else None."""
    func = original.func
    if isinstance(func, cst.Name) and func.value in rw.helpers:
        rw.wrote_mxnet = True
        row = rw.helpers[func.value]
        call = rewritten(updated, row)
        return rw._recorded(original, call, {cst.Module([]).code_for_node(call.func)}) if row.kind == "layer" \
            else call
    if isinstance(func, cst.Name) and func.value in rw.takes_f and updated.args and not updated.args[0].keyword \
            and not updated.args[0].star:
        return updated.with_changes(args=updated.args[1:])
    checked = isinstance_of(rw, updated)
    if checked is not None:
        return checked
    inline = _called_lambda(rw, updated)
    if inline is not None:
        return inline
    clip = _clip_lambda(updated) if "mxnet.gluon.nn.HybridLambda" in rw.names(func) else None
    if clip is not None:   # the writer's ReLU6 / Hardtanh
        rw.wrote_mxnet = True
        return cst.Call(cst.parse_expression(f"{NAMESPACE}.lambda_clip"), [cst.Arg(clip[0], comma=cst.Comma(
            whitespace_after=cst.SimpleWhitespace(" "))), cst.Arg(clip[1])])
    axis = _axis_lambda(updated) if "mxnet.gluon.nn.HybridLambda" in rw.names(func) else None
    if axis is not None:   # the writer's nn.Softmax / nn.LogSoftmax
        rw.wrote_mxnet = True
        return cst.Call(cst.parse_expression(f"{NAMESPACE}.lambda_{axis[0]}"), [cst.Arg(axis[1])])
    if "mxnet.gluon.nn.HybridLambda" in rw.names(func) and len(updated.args) == 1 and \
            isinstance(updated.args[0].value, cst.Name) and f"lambda_{updated.args[0].value.value}" in LAMBDAS:
        rw.wrote_mxnet = True
        return cst.Call(cst.parse_expression(f"{NAMESPACE}.lambda_{updated.args[0].value.value}"), [])
    return None


def _called_lambda(rw, call: cst.Call) -> cst.BaseExpression | None:
    """nn.HybridLambda(lambda F, x: <expr>)(y), made and called at once: <expr> of y."""
    import libcst.matchers as m
    inner = call.func
    if not (isinstance(inner, cst.Call) and "mxnet.gluon.nn.HybridLambda" in rw.names(inner.func)
            and len(inner.args) == 1 and isinstance(inner.args[0].value, cst.Lambda) and len(call.args) == 1
            and not call.args[0].keyword and not call.args[0].star):
        return None
    fn, hybrid = inner.args[0].value, rw._hybrid()
    params = fn.params.params
    if len(params) != 2 or fn.params.star_arg not in (cst.MaybeSentinel.DEFAULT, None) or hybrid is None \
            or params[0].name.value != hybrid[0]:
        return None   # in hybrid_forward, where the lambda's F (the block's) was read as mxnet.ndarray
    x, arg = params[1].name.value, call.args[0].value
    arg = arg if isinstance(arg, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) else \
        arg.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return m.replace(fn.body, m.Name(x), lambda node, _: arg)


def _lambda_body(call: cst.Call) -> tuple | None:
    """nn.HybridLambda(lambda F, x: <body>): (F's name, x's name, body), else None."""
    fn = call.args[0].value if len(call.args) == 1 else None
    if not isinstance(fn, cst.Lambda) or len(fn.params.params) != 2:
        return None
    f, x = (p.name.value for p in fn.params.params)
    return f, x, fn.body


def _clip_lambda(call: cst.Call) -> tuple | None:
    """nn.HybridLambda(lambda F, x: F.clip(x, a, b)): (a, b) (literal numbers), else None."""
    from nnport.frameworks.spec import code, literal
    if _lambda_body(call) is None:
        return None
    f, x, body = _lambda_body(call)
    if not (isinstance(body, cst.Call) and code(body.func) in (f"{f}.clip", "mxnet.ndarray.clip")
            and len(body.args) == 3 and code(body.args[0].value) == x):
        return None
    ends = [a.value for a in body.args[1:]]
    return tuple(ends) if all(isinstance(literal(e), (int, float)) for e in ends) else None


AXIS_LAMBDAS = ("softmax", "log_softmax")   # nn.HybridLambda(lambda F, x: F.softmax(x, axis=a)): layer entries


def _axis_lambda(call: cst.Call) -> tuple | None:
    """nn.HybridLambda(lambda F, x: F.softmax(x, axis=a)): ("softmax", a) (a literal axis), else None."""
    from nnport.frameworks.spec import code, literal
    if _lambda_body(call) is None:
        return None
    f, x, body = _lambda_body(call)
    op = code(body.func).rsplit(".", 1)[-1] if isinstance(body, cst.Call) else None
    if op not in AXIS_LAMBDAS or code(body.func) not in (f"{f}.{op}", f"mxnet.ndarray.{op}") or \
            len(body.args) != 2 or code(body.args[0].value) != x or body.args[0].keyword is not None:
        return None
    a = body.args[1]
    if a.keyword is None or a.keyword.value != "axis" or not isinstance(literal(a.value), int):
        return None
    return op, a.value.with_changes(lpar=[], rpar=[])


LAMBDAS: set[str] = set()   # layer entries of helper functions (nn.HybridLambda(mish)): reading/helpers.py


def rewritten(call: cst.Call, row) -> cst.BaseExpression:
    """A call of the helper of `row` spelled as its reader entry (or its Gluon API) reads it."""
    args = list(call.args)
    if row.takes_f and args and not args[0].keyword and not args[0].star:
        args = args[1:]
    if row.kind == "value":   # PaddedNormal(i): ("padding_idx", i) for the reader of the block it is given to
        value = args[0].value if args and not args[0].keyword and not args[0].star else cst.Name("None")
        return cst.Tuple([cst.Element(cst.SimpleString(repr(row.form))), cst.Element(value)])
    if row.form == "modules" and len(args) == 1 and not args[0].keyword and not args[0].star:
        return cst.Call(cst.Attribute(args[0].value, cst.Name("modules")), [])   # iter_blocks(b): b.modules()
    if row.form == "call":   # run_recurrent(F, layer, x, states): layer(x, states) as PyTorch calls it
        if not args or args[0].keyword or args[0].star:
            return call
        eq = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
        rest = [a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) for a in args[1:]]
        return cst.Call(args[0].value, [*rest, cst.Arg(cst.Name("True"), keyword=cst.Name(TORCH_CALL), equal=eq)])
    func = cst.parse_expression(row.api or f"{NAMESPACE}.{call.func.value}")
    return call.with_changes(func=func, args=args)


def kept(body, drop: set[str]) -> list:
    """The module's statements without the dropped copies."""
    return [s for s in body if _name_of(s) not in drop]
