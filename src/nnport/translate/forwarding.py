"""Keyword forwarding: a module class that passes its `**kwargs` on to one layer.

    class BasicConv2d(nn.Module):
        def __init__(self, cin, cout, **kwargs):
            self.conv = nn.Conv2d(cin, cout, bias=False, **kwargs)
    ... BasicConv2d(64, 96, kernel_size=3, padding=1)

The translated class keeps `**kwargs` and forwards it to the target layer, so its callers pass the
target's keywords: `BasicConv2d(64, 96, kernel_size=(3, 3), padding=[(1, 1), (1, 1)], rngs=rngs)`.
Which target arguments come from the forwarded keywords is found by translating each call site
twice, once with its keyword values and once with placeholders in their place: the arguments that
differ belong to the call site, the rest to the class body (which must come out the same for every
call site). Call sites outside this file cannot be seen: they are told so in an info diagnostic.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import Unsupported, code
from nnport.translate import reading
from nnport.pivot.signature import Signature

_PROBE = "__nnport_probe_{}__"


def plan(t, forwards: dict[str, tuple[cst.Call, set[str]]], sites: list[tuple[str, cst.Call]]) -> None:
    """Fills t.forwarded (layer call id -> class-body call | Unsupported) and t.forward_sites
    (call-site id -> target keyword args)."""
    for cls, (layer_call, named) in forwards.items():
        mine = [s for name, s in sites if name == cls]
        try:
            body, per_site = _plan_class(t, layer_call, named, mine)
        except Unsupported as e:
            t.forwarded[id(layer_call)] = e
            continue
        t.forwarded[id(layer_call)] = body
        t.forward_sites.update(per_site)
        t.forward_named[cls] = named


def _plan_class(t, layer_call: cst.Call, named: set[str], sites: list[cst.Call]):
    entry = next((t.src.layers.get(n) for n in sorted(t.qnames(layer_call.func)) if n in t.src.layers), None)
    if entry is None:
        raise Unsupported("**kwargs forwarded to something that is not a layer")
    if not sites:
        raise Unsupported(f"{entry.api}: `**kwargs` with no call site in this file cannot be bound statically")
    own = [a for a in layer_call.args if a.star != "**"]
    target = reading.target_entry(t.dst.layers, entry.op, entry.api, fixed=entry.fixed)
    params = [p.name for p in Signature.parse(target.signature).params if p.name != "self"]
    translated = []   # per call site: (the full target call, its arguments by name, moved names)
    for site in sites:
        if any(a.star for a in site.args):
            raise Unsupported("a call site passes *args or **kwargs on: bind its keywords by hand")
        forwarded = [a for a in site.args if a.keyword is not None and a.keyword.value not in named]
        full = _emit(t, entry, target, own + forwarded)
        probe = _emit(t, entry, target, own + [a.with_changes(value=cst.Name(_PROBE.format(a.keyword.value)))
                                               for a in forwarded])
        f, p = _named_args(full, params), _named_args(probe, params)
        moved = {n for n, a in f.items() if n not in p or code(p[n].value) != code(a.value)}
        translated.append((full, f, moved))
    # the class body: what every call site translates alike; everything else is passed by the sites
    first = translated[0][1]
    common = [n for n, a in first.items() if all(n in f and n not in mv and code(f[n].value) == code(a.value)
                                                 for _, f, mv in translated)]
    body_args, keywords = [], False
    for name, a in first.items():
        if name not in common:
            keywords = True   # positional arguments after a moved one become keywords
            continue
        body_args.append(_keyword(a, name) if keywords and a.keyword is None else a)
    body = translated[0][0].with_changes(args=[*_commas(body_args),
                                               cst.Arg(cst.Name(_kwargs_name(layer_call)), star="**")])
    per_site = {}
    for site, (_, f, _) in zip(sites, translated):
        extra = [_keyword(a, n) for n, a in f.items() if n not in common]
        if any("__nnport_probe_" in code(a.value) for a in extra):
            raise Unsupported("a forwarded keyword is used where nnport cannot translate its value")
        per_site[id(site)] = extra
    t.flag(layer_call, f"{entry.api}: the class forwards **kwargs; callers in other files must pass "
           f"{t.dst.name} keywords", entry.api, severity="info")
    return body, per_site


def _kwargs_name(call: cst.Call) -> str:
    return next(code(a.value) for a in call.args if a.star == "**")


def _emit(t, entry, target, args: list[cst.Arg]) -> cst.Call:
    out = reading.write(target, reading.read(entry, args, t.ctx), t.ctx)
    if not isinstance(out, cst.Call):
        raise Unsupported(f"{entry.api} does not translate to a constructor call")
    return out


def _named_args(call: cst.Call, params: list[str]) -> dict[str, cst.Arg]:
    out = {}
    for i, a in enumerate(call.args):
        name = a.keyword.value if a.keyword is not None else (params[i] if i < len(params) else None)
        if name is None or a.star:
            raise Unsupported("a forwarded keyword lands in arguments nnport cannot name")
        out[name] = a
    return out


_EQ = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))


def _keyword(a: cst.Arg, name: str) -> cst.Arg:
    return cst.Arg(a.value, keyword=cst.Name(name), equal=_EQ)


def _commas(args: list[cst.Arg]) -> list[cst.Arg]:
    return [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]


def site_args(t, original: cst.Call, updated: cst.Call) -> cst.Call:
    """A call site of a forwarding class: its forwarded keywords replaced by the target's."""
    moved = t.forward_sites.get(id(original))
    if moved is None:
        return updated
    named = t.forward_named.get(original.func.value, set())
    kept = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in updated.args
            if a.keyword is None or a.keyword.value in named]
    return updated.with_changes(args=[*kept, *_commas(moved)])
