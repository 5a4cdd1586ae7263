"""PyTorch as a target: an entry writes its own API, with its own signature (the reader inverted).

    fn("torch.cat", "cat", "tensors, dim=0", write=True)         # torch.cat([a, b], dim=1)
    method("sum", "sum", "self, dim=None, ...", write=True)       # x.sum(dim=1)
    fn("torch.var", "var", "...", write=_var)                     # a hook for what data cannot say

The canonical arguments go back through the entry's `rename`. An argument the source call spelled out
is written, positionally or by keyword as the call had it where the signature allows; any other
(a default of the source) only when it differs from the entry's own default, required parameters
positionally, optional ones by keyword (so `nn.Conv2d(3, 8, 3, padding=1)`, not every default
spelled out); `*size` takes the call's extra positional arguments. Arguments the entry fixes (`ndim` of Conv2d) or ignores (`device`) are not
written. A given argument the entry has no place for is refused (Unsupported), never dropped.
A hook `(canon, ctx, own) -> expression | str | None` handles the exceptions; None means "as `own`".
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import Canon, Entry, Unsupported, code
from nnport.pivot.signature import POSITIONAL_ONLY, POSITIONAL_OR_KEYWORD, VAR_KEYWORD, VAR_POSITIONAL
from nnport.translate.emit import _EQ, _commas, _same, dotted, parenthesize
from nnport.translate.reading import signature

# how qualified names are spelled in the code written (the skeleton's IMPORTS bind these)
SPELLING = (("torch.nn.functional.", "F."), ("torch.nn.", "nn."), ("Tensor.", "."))


def spelled(api: str) -> str:
    for prefix, short in SPELLING:
        if api.startswith(prefix):
            return short + api[len(prefix):]
    return api


class Own:
    """Writes `entry.api` from a Canon, by the entry's own signature."""

    def __init__(self, entry: Entry, positional: tuple[str, ...] = ()):
        self.entry, self.api, self.signature = entry, spelled(entry.api), entry.signature
        self.positional = positional   # optional parameters written positionally (`x.size(1)`)

    def __call__(self, c: Canon, ctx) -> cst.BaseExpression:
        e = self.entry
        if e.kind == "attribute":
            return _attribute(self.api, c)
        receiver, args = None, []
        used, keywords = set(e.fixed), False
        spelled = c.extra.get("spelled", ())   # arguments the source spelled out are kept
        for i, p in enumerate(signature(e.signature).params):
            name = e.rename.get(p.name, p.name)
            if p.name in e.ignore or name in e.fixed or p.kind == VAR_KEYWORD:
                used.add(name)
                continue
            used.add(name)
            if p.kind == VAR_POSITIONAL:
                args += _varargs(c, name)
                keywords = True
                continue
            value = c.get(name)
            if value is None or p.default is not None and _same(value, p.default) and name not in spelled:
                if value is None and p.default is None:
                    raise Unsupported(f"{e.api}: no value for its argument {p.name!r}")
                keywords = True
                continue
            if i == 0 and e.kind == "method":
                receiver = value
            elif p.kind == POSITIONAL_ONLY or not keywords and p.kind == POSITIONAL_OR_KEYWORD and \
                    self._positional(p, name, c):
                args.append(cst.Arg(value))
            else:
                args.append(cst.Arg(value, keyword=cst.Name(p.name), equal=_EQ))
                keywords = True
        _check_used(e, c, used)
        if e.kind == "method":
            return cst.Call(cst.Attribute(parenthesize(receiver), cst.Name(self.api[1:])), _commas(args))
        return cst.Call(dotted(self.api), _commas(args))


    def _positional(self, p, name: str, c: Canon) -> bool:
        """As the source call passed it where it did (keyword or positional); else required
        parameters positionally, optional ones by keyword unless listed in `positional`."""
        if name in c.extra.get("positional", ()):
            return True
        if name in c.extra.get("spelled", ()):
            return False
        return p.default is None or p.name in self.positional


def _attribute(api: str, c: Canon) -> cst.BaseExpression:
    if api.startswith("."):
        return cst.Attribute(parenthesize(c.get("input")), cst.Name(api[1:]))
    return dotted(api)


def _varargs(c: Canon, name: str) -> list[cst.Arg]:
    """`*size`: the call's extra positional arguments, else the canonical argument of that name
    (torch.reshape(x, shape) read, x.reshape(shape) written: PyTorch takes a sequence there too)."""
    if c.varargs:
        return [cst.Arg(v.value, star="*") if isinstance(v, cst.StarredElement) else cst.Arg(v)
                for v in c.varargs]
    value = c.args.get(name)
    return [] if value is None else [cst.Arg(value)]


def _check_used(e: Entry, c: Canon, used: set[str]) -> None:
    """Every argument the call gave has a place here, or is the source's default anyway."""
    for name, value in c.args.items():
        if name in used:
            continue
        default = c.defaults.get(name)
        if default is not None and _same(value, default):
            continue
        raise Unsupported(f"{e.api} has no argument for {name}={code(value)}")
    if c.varargs and not any(p.kind == VAR_POSITIONAL for p in signature(e.signature).params):
        raise Unsupported(f"{e.api} takes no extra positional arguments")


class Hooked:
    """An entry's writer with a hook for its exceptions: the hook's result, or `own`'s if None."""

    def __init__(self, hook, own: Own):
        self.hook, self.own = hook, own
        self.api, self.signature = own.api, own.signature

    def __call__(self, c: Canon, ctx):
        out = self.hook(c, ctx, self.own)
        return self.own(c, ctx) if out is None else out


def attach(entry: Entry, write) -> Entry:
    """write=True: the entry writes its own API; a function: a hook (see Hooked); None: reads only."""
    if write is None or write is False:
        return entry
    own = Own(entry, getattr(write, "positional", ()))
    entry.emit = own if write is True or isinstance(write, Positional) else Hooked(write, own)
    return entry


class Positional:
    """write=Positional("dim"): as write=True, with these optional parameters written positionally
    where the ones before them are (`x.size(1)`, `x.flatten(1)`)."""

    def __init__(self, *names: str):
        self.positional = names
