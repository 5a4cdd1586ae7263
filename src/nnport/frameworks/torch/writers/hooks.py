"""PyTorch as a target: the exceptions, as small named hooks `(canon, ctx, own) -> code | None`
(None: write the entry's own API as the table says; see torch/writing.py)."""
from __future__ import annotations

import dataclasses

import libcst as cst
from functools import lru_cache

from nnport.frameworks.spec import NOT_LITERAL, Canon, Unsupported, code
from nnport.translate.emit import expr


def _with(c: Canon, drop: tuple[str, ...] = (), **args) -> Canon:
    """A copy of the call with arguments dropped or set (the original may be read again)."""
    new = dataclasses.replace(c, args=dict(c.args), defaults=dict(c.defaults), varargs=list(c.varargs))
    for name in drop:
        new.args.pop(name, None)
        new.defaults.pop(name, None)
    for name, value in args.items():
        new.set(name, value)
    return new


@lru_cache(maxsize=None)
def _own(api: str):
    """The own-signature writer of another entry of the torch tables (`nn.ConstantPad2d`)."""
    from nnport import frameworks
    from nnport.frameworks.torch.writing import Own
    fw = frameworks.get("torch")
    return Own(fw.layers.get(api) or fw.functions.get(api))


def _is(c: Canon, name: str, value) -> bool:
    v = c.lit(name)
    return v is not NOT_LITERAL and type(v) is type(value) and v == value


def operator(template: str, **unless):
    """`x + y` for torch.add(x, y) & co., unless an argument such as alpha= is not its neutral value."""
    names = template.replace("{", " ").replace("}", " ").split()

    def hook(c, ctx, own):
        if any(c.get(k) is not None and not _is(c, k, v) for k, v in unless.items()):
            return None
        return expr(template, **{n: c.get(n) for n in names if n.isidentifier() and c.get(n) is not None})
    return hook


def divide(c, ctx, own):
    """torch.div(x, y) is `x / y`; rounding_mode='floor' is `x // y`; 'trunc' stays torch.div."""
    if c.lit("rounding_mode") is None:
        return expr("{input} / {other}", input=c.get("input"), other=c.get("other"))
    if _is(c, "rounding_mode", "floor"):
        return expr("{input} // {other}", input=c.get("input"), other=c.get("other"))
    return None


def variance(c, ctx, own):
    """x.var(dim) with PyTorch's own defaults: correction 1 is the default, 0 is unbiased=False."""
    if _is(c, "correction", 1):
        return own(_with(c, drop=("correction",)), ctx)
    if _is(c, "correction", 0):
        return own(_with(c, drop=("correction",), unbiased="False"), ctx)
    return None


def scaled_matmul(c, ctx, own):
    """addmm/baddbmm/addmv read into one op (their ranks differ): `beta * input + alpha * (m1 @ m2)`,
    factors of 1 left out."""
    product = expr("{a} @ {b}", a=c.get("mat1"), b=c.get("mat2"))
    if not _is(c, "alpha", 1):
        product = expr("{alpha} * {p}", alpha=c.get("alpha"), p=product)
    base = c.get("input") if _is(c, "beta", 1) else expr("{beta} * {x}", beta=c.get("beta"), x=c.get("input"))
    return expr("{x} + {p}", x=base, p=product)


def typed_tensor(c, ctx, own):
    """torch.FloatTensor([1, 2]) is torch.tensor([1, 2], dtype=torch.float32); FloatTensor(2, 3) is
    uninitialised storage, read as zeros: torch.zeros(2, 3, dtype=torch.float32)."""
    dtype = f"torch.{c.lit('dtype_name')}"
    if c.get("data") is not None:
        return expr("torch.tensor({data}, dtype=%s)" % dtype, data=c.get("data"))
    if not c.varargs:
        raise Unsupported(f"{c.extra.get('api')}() with neither sizes nor data")
    sizes = ", ".join(code(v) for v in c.varargs)
    return f"torch.zeros({sizes}, dtype={dtype})"


def zero_pad(c, ctx, own):
    """Constant padding: nn.ZeroPadNd, or nn.ConstantPadNd where a value other than 0 is given."""
    value = c.get("value")
    if value is None or _is(c, "value", 0) or _is(c, "value", 0.0):
        return own(_with(c, drop=("value",)), ctx)
    return _own(own.entry.api.replace("ZeroPad", "ConstantPad"))(c, ctx)


def arange(c, ctx, own):
    """torch.arange(end), (start, end) or (start, end, step), positionally as PyTorch code has it."""
    start, end, step = c.get("start"), c.get("end"), c.get("step")
    if end is None or _is(c, "end", None):
        args = [start]
    else:
        args = [start, end] if _is(c, "step", 1) else [start, end, step]
        if len(args) == 2 and _is(c, "start", 0):   # an int 0: arange(end) has the same dtype
            args = [end]
    rest = own(_with(c, drop=("start", "end", "step")), ctx)
    return rest.with_changes(args=[*[cst.Arg(a) for a in args], *rest.args])


def helper_class(c: Canon, ctx, own):
    """A layer read with flags (`biased_var`, `per_group`: from a helper class, torch/helper_classes.py)
    -> that helper class again, under the name it had (else the source's HELPER_PREFIX); no flags: None."""
    from nnport.frameworks.torch import helper_classes as hc
    flags = {k: c.extra[k] for k in hc.FLAGS if c.extra.get(k)}
    if not flags:
        return None
    api = own.entry.api
    h = hc.for_layer(api, flags)
    if h is None:
        raise Unsupported(f"{api} with {', '.join(sorted(flags))}: no PyTorch helper class computes it")
    n = own.entry.fixed.get("ndim", "")
    got = h.match(c.extra["helper"]) if c.extra.get("helper") else None
    prefix = got[0] if got else getattr(ctx.src.skeleton, "HELPER_PREFIX", h.default_prefix)
    for pattern in h.needs:
        need = hc.by_pattern(pattern)
        ctx.need_helper(need.name(prefix, n), need.text(prefix, n))
    name = ctx.need_helper(h.name(prefix, n), h.text(prefix, n))
    return own(c, ctx).with_changes(func=cst.Name(name))
