"""The Gluon writer's index assignments read back (prepare.py's leave_Assign): PyTorch's `x[key] = v`
(and `x[key] += v` & co.) is written `x = index_update(x, key, v, how)` (mxnet/functions/indexing.py,
the key as a value: `(slice(None, None, None), 0)`); a copy of support/indexing.py's index_update
is read as the subscript assignment it stands for, `x[:, 0] = v`. With rows=False (a value made of
the same selections, computed on the whole arrays: `x[m] = y[m] * 2` written with `y * 2`) the
value is read at the key again, `x[m] = (y * 2)[m]`."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import code, literal

HELPER = "index_update"
AUGMENTED = {"add": cst.AddAssign, "subtract": cst.SubtractAssign, "multiply": cst.MultiplyAssign,
             "divide": cst.DivideAssign}
_SIG = ("x", "key", "value", "how", "rows")


def index_assignment(rw, original: cst.Assign, updated: cst.Assign):
    """`x = <index_update copy>(x, key, v, how)` -> `x[key] = v` / `x[key] += v`; else None."""
    from nnport.frameworks.mxnet.reading.support_calls import NAMESPACE
    call = updated.value
    if not (isinstance(call, cst.Call) and code(call.func) == f"{NAMESPACE}.{HELPER}" and len(updated.targets) == 1):
        return None
    args = _bound(call)
    if args is None or not {"x", "key", "value"} <= args.keys():
        return None
    target, how, rows = updated.targets[0].target, literal(args.get("how")) if "how" in args else "set", \
        literal(args["rows"]) if "rows" in args else True
    if code(target) != code(args["x"]) or (how != "set" and how not in AUGMENTED) or rows not in (True, False):
        rw.note(original, f"{HELPER}: the target is not its first argument, or how=/rows= is not a literal; "
                "read as a call", api=HELPER)
        return None
    value = args["value"]
    if rows is False:
        value = cst.Subscript(_grouped(value), subscript(args["key"]))
    sub = cst.Subscript(target, subscript(args["key"]))
    if how == "set":
        return cst.Assign([cst.AssignTarget(sub)], value)
    return cst.AugAssign(sub, AUGMENTED[how](), value)


def _bound(call: cst.Call) -> dict | None:
    out = {}
    for i, a in enumerate(call.args):
        if a.star or i >= len(_SIG) and a.keyword is None:
            return None
        out[a.keyword.value if a.keyword is not None else _SIG[i]] = a.value
    return out


def subscript(key: cst.BaseExpression) -> list[cst.SubscriptElement]:
    """The key as written inside brackets: `(slice(1, None, None), 0)` -> `1:, 0` (the inverse of the
    writer's keras/skeleton._index_expr); a key not spelled as a tuple: `x[key]`."""
    elements = [e.value for e in key.elements] if isinstance(key, cst.Tuple) else [key]
    return [cst.SubscriptElement(_slice(e) or cst.Index(e), comma=cst.MaybeSentinel.DEFAULT
                                 if i == len(elements) - 1 else cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            for i, e in enumerate(elements)]


def _slice(e: cst.BaseExpression) -> cst.Slice | None:
    if not (isinstance(e, cst.Call) and code(e.func) == "slice" and 1 <= len(e.args) <= 3
            and not any(a.keyword or a.star for a in e.args)):
        return None
    parts = [a.value for a in e.args]
    lower, upper, step = ([None] + parts + [None])[:3] if len(parts) == 1 else (parts + [None])[:3]
    none = lambda p: None if p is None or (isinstance(p, cst.Name) and p.value == "None") else p  # noqa: E731
    return cst.Slice(lower=none(lower), upper=none(upper), step=none(step),
                     second_colon=cst.Colon() if none(step) is not None else cst.MaybeSentinel.DEFAULT)


def _grouped(value: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        return value
    return value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
