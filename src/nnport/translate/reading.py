"""Reading a call through a source entry into the pivot (Canon), and writing it through a target entry."""
from __future__ import annotations

from functools import lru_cache

import libcst as cst

from nnport.frameworks.spec import NOT_LITERAL, Canon, Entry, Unsupported, code, literal
from nnport.pivot.signature import POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, BindError, Signature, bind


@lru_cache(maxsize=None)
def signature(text: str) -> Signature:
    return Signature.parse(text)


def read(entry: Entry, args: list[cst.Arg], ctx) -> Canon:
    """Bind `args` to the entry's signature and rename to canonical arguments."""
    sig = signature(entry.signature)
    try:
        b = bind(sig, args)
    except BindError as e:
        raise Unsupported(f"{entry.api}: {e}") from None
    if b.extra_kwargs and "**kwargs" not in entry.ignore:
        raise Unsupported(f"{entry.api}: unexpected keyword arguments {', '.join(b.extra_kwargs)}")
    canon = Canon(entry.op)
    for name, value in b.given.items():
        if name not in entry.ignore:
            canon.args[entry.rename.get(name, name)] = value
    for p in sig.params:
        if p.default is not None and p.name not in b.given and p.name not in entry.ignore:
            canon.defaults[entry.rename.get(p.name, p.name)] = p.default
    canon.varargs = b.varargs
    for name, value in entry.fixed.items():
        canon.set(name, value)
    canon.extra["api"] = entry.api
    # how the call spelled its arguments (a writer may follow it): given at all, given positionally
    canon.extra["spelled"] = {entry.rename.get(n, n) for n in b.given}
    n = next((i for i, a in enumerate(args) if a.keyword is not None or a.star), len(args))
    canon.extra["positional"] = {entry.rename.get(p.name, p.name) for p in sig.params[:n]
                                 if p.kind in (POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD)}
    if entry.read is not None:
        canon = entry.read(canon, ctx) or canon
    return canon


def target_entry(registry, op: str, api: str, canon: Canon | None = None,
                 fixed: dict[str, str] | None = None) -> Entry:
    """The entry writing `op`. Where several do (nn.Conv1d/2d/3d), the one whose fixed arguments
    agree with the call's (`canon`, else the source entry's `fixed`), the most specific first."""
    writers = [e for e in registry.for_op(op) if e.emit is not None]
    if not writers:
        raise Unsupported(f"no {registry.name.split('.')[0]} translation for {api} (pivot op {op!r})")
    if len(writers) == 1:
        return writers[0]
    best = None
    for e in writers:
        if all(_agrees(canon, fixed, k, v) for k, v in e.fixed.items()) and \
                (best is None or len(e.fixed) > len(best.fixed)):
            best = e
    return best or writers[0]


def _agrees(canon: Canon | None, fixed: dict[str, str] | None, name: str, value: str) -> bool:
    if canon is not None:
        node = canon.get(name)
        have = None if node is None else literal(node)
        have = code(node) if have is NOT_LITERAL else have
    else:
        text = (fixed or {}).get(name)
        have = None if text is None else literal(cst.parse_expression(text))
    want = literal(cst.parse_expression(value))
    return have is not None and have == want and type(have) is type(want)


def write(entry: Entry, canon: Canon, ctx) -> cst.BaseExpression:
    out = entry.emit(canon, ctx)
    if isinstance(out, str):
        out = cst.parse_expression(out)
    return out
