"""One Linen layer construction -> its NNX construction, with the input size from the recorded run.

`nn.Dense(self.out, use_bias=False)` -> `nnx.Linear(32, self.out, use_bias=False, rngs=rngs)`. The
input size is the literal the run recorded when every instance agrees; where instances differ (a
block used at two widths) a field of the holding module that equals it in every instance
(`self.channels`); otherwise a diagnostic. An argument naming a value of `__call__` (a loop
variable, `x.shape[-1]`) cannot move to `__init__`: it becomes the recorded field value.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.linen.layers import LAYERS, Layer
from nnport.translate.names import names_in   # also read from here by params.py, flags.py, methods.py

NAME_KW = "name"
_USER = Layer("", (), 0, size_at=0)              # a user module: its first call argument's last axis


def literal(value) -> cst.BaseExpression:
    return cst.parse_expression(repr(value))


def build(ctx, call: cst.Call, owner: str, made: list, local: set[str], flags: set[str], at=None) -> cst.Call:
    """The NNX construction for `call` (a site `ctx.layer` recognised); `made`: the instances the
    run constructed there (one per instance of the holding class), `local`: names of `__call__`;
    `at`: the source node, for the diagnostics' positions."""
    at = at if at is not None else call
    cls = ctx.layer(call)
    call = ctx.expand(call)
    args = [a for a in call.args if not (a.keyword and a.keyword.value == NAME_KW)]
    if cls in ctx.user:
        fields = ctx.fields.get(cls, [])
        args = [_movable(ctx, a, i, fields, made, local, at) for i, a in enumerate(args)
                if not _is_flag(a, flags)]
        if cls in ctx.sized:                             # its layers need its input size
            args.insert(0, cst.Arg(_size(ctx, at, owner, _USER, made)))
        return call.with_changes(args=[*_commas(args), _kw("rngs", cst.Name("rngs"))])
    entry = LAYERS[cls]
    if entry.note:
        ctx.warn(at, entry.note, f"flax.nnx.{entry.nnx}")
    pos, kws = [], []
    for i, a in enumerate(args):
        if a.star:
            ctx.warn(at, f"nn.{cls}: a starred argument is kept as written", f"flax.linen.{cls}")
            pos.append(a)
            continue
        field = a.keyword.value if a.keyword else (entry.fields[i] if i < len(entry.fields) else None)
        if field in entry.flags and not _constant(a.value):
            continue                                     # a mode flag: NNX's train()/eval() set it
        if field in entry.size_defaults and _is_input_size(entry, field, made):
            continue                                     # the default on both sides: left out
        if field in entry.flags:
            ctx.warn(at, f"{field}= fixed here in Linen; in NNX model.train() / model.eval() set it "
                        "for the whole model", f"flax.nnx.{entry.nnx}")
        a = _movable(ctx, a, i, entry.fields, made, local, at)
        if a.keyword is None and i < entry.positional:
            pos.append(a)
        else:
            kws.append(_kw(entry.renames.get(field, field), a.value))
    if cls == "Sequential":
        pos = _unpack(pos)
    if entry.size_at is not None:
        size = _size(ctx, at, owner, entry, made)
        lead = {entry.renames.get(f, f) for f in entry.fields[:max(entry.size_at, entry.positional)]}
        if len(pos) > entry.size_at or len(pos) == entry.size_at and not any(
                a.keyword.value in lead for a in kws):
            pos.insert(entry.size_at, cst.Arg(size))
        else:                    # `nn.Dense(features=8)` -> `nnx.Linear(in_features=3, out_features=8)`
            at = sum(1 for a in kws if a.keyword.value in lead and a.keyword.value != entry.size_name)
            kws.insert(0 if entry.size_at == 0 else at, _kw(entry.size_name, size))
    given = {a.keyword.value for a in kws if a.keyword}
    kws.extend(_kw(k, cst.parse_expression(v)) for k, v in entry.extra if k not in given)
    if entry.rngs:
        kws.append(_kw("rngs", cst.Name("rngs")))
    return cst.Call(cst.parse_expression(f"nnx.{entry.nnx}"), _commas([*pos, *kws]))


def _is_input_size(entry: Layer, field: str, made: list) -> bool:
    """Every recorded instance's `field` equals its input size (`qkv_features=self.dim` with dim the
    input's last axis), the default of NNX's constructor too."""
    def size(m):
        shape = m.shapes[entry.size_arg] if len(m.shapes) > entry.size_arg else None
        return shape[-1] if shape else None
    return bool(made) and all(m.values.get(field) is not None and m.values.get(field) == size(m) for m in made)


def _is_flag(arg: cst.Arg, flags: set[str]) -> bool:
    v = arg.value
    if isinstance(v, cst.UnaryOperation) and isinstance(v.operator, cst.Not):
        v = v.expression
    return isinstance(v, cst.Name) and v.value in flags


def _constant(v) -> bool:
    return isinstance(v, cst.Name) and v.value in ("True", "False", "None")


def _movable(ctx, arg: cst.Arg, i: int, fields, made: list, local: set[str], at) -> cst.Arg:
    """`arg`, or the recorded value of its field when it reads a name of `__call__`."""
    if not (names_in(arg.value) & local):
        return arg
    field = arg.keyword.value if arg.keyword else (fields[i] if i < len(fields) else None)
    values = {repr(m.values.get(field)) for m in made if field in m.values}
    if len(values) == 1 and all(field in m.values for m in made):
        return arg.with_changes(value=literal(made[0].values[field]))
    ctx.warn(at, f"`{cst.Module([]).code_for_node(arg.value)}` reads a value of __call__ and the "
                  f"run did not record one value for it; kept as written")
    return arg


def _size(ctx, call, owner: str, entry: Layer, made: list) -> cst.BaseExpression:
    sizes = []
    for m in made:
        shape = m.shapes[entry.size_arg] if len(m.shapes) > entry.size_arg else None
        axis = m.values.get(entry.size_axis_field, -1) if entry.size_axis_field else -1
        if shape is None or not isinstance(axis, int):
            sizes = []
            break
        sizes.append(shape[axis])
    if not sizes:
        ctx.warn(call, f"no recorded input size for this {entry.nnx} (the model did not run here, or "
                       "it was not reached); give `in_features` by hand", f"flax.nnx.{entry.nnx}", "error")
        return cst.Name("in_features")
    if len(set(sizes)) == 1:
        return cst.Integer(str(sizes[0]))
    for field in _owner_values(ctx, made)[0] if made else {}:
        vals = [v.get(field) for v in _owner_values(ctx, made)]
        if vals == sizes:
            return cst.parse_expression(f"self.{field}")
    if made and owner in ctx.user and all(_owner_input(ctx, m) == s for m, s in zip(made, sizes)):
        ctx.sized.add(owner)                             # the holding module's own input size
        return cst.Name("in_features")
    ctx.warn(call, f"the input size of this {entry.nnx} differs between instances ({sorted(set(sizes))})"
                   " and no field gives it; the first is used", f"flax.nnx.{entry.nnx}", "error")
    return cst.Integer(str(sizes[0]))


def _owner_input(ctx, m):
    """The last axis of the first call argument of the module holding `m`."""
    owner = next((o for o in ctx.record.made if o.path == m.owner_path), None)
    shape = owner.shapes[0] if owner is not None and owner.shapes else None
    return shape[-1] if shape else None


def _owner_values(ctx, made: list) -> list[dict]:
    by_path = {m.path: m for m in ctx.record.made}
    return [by_path[m.owner_path].values if m.owner_path in by_path else {} for m in made]


def _unpack(pos: list[cst.Arg]) -> list[cst.Arg]:
    """nn.Sequential([a, b]) -> nnx.Sequential(a, b); a list held elsewhere -> *layers."""
    v = pos[0].value if len(pos) == 1 else None
    if isinstance(v, cst.Call) and v.args and isinstance(v.func, cst.Attribute) and v.func.attr.value == "List":
        v = v.args[0].value                              # setup's list of layers, already nnx.List
    if isinstance(v, (cst.List, cst.Tuple)):
        return [cst.Arg(e.value) for e in v.elements]
    return [a.with_changes(star="*") for a in pos]


def _kw(name: str, value) -> cst.Arg:
    eq = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
    return cst.Arg(value, keyword=cst.Name(name), equal=eq)


def _commas(args: list[cst.Arg]) -> list[cst.Arg]:
    out = []
    for i, a in enumerate(args):
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")) if i < len(args) - 1 \
            else cst.MaybeSentinel.DEFAULT
        out.append(a.with_changes(comma=comma))
    return out
