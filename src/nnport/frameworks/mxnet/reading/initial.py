"""`self.params.get(name, shape=..., init=...)` -> `mxnet.gluon.Parameter(<value>)` (prepare.py): the
value as the initializer says; a deferred shape (a 0 in it) from the recorded run. The values only
start the PyTorch parameter off: transfer_weights copies the Gluon ones."""
from __future__ import annotations

import re

import libcst as cst

from nnport.frameworks.spec import NOT_LITERAL, code, literal

_SIG = ("name", "grad_req", "shape", "dtype", "lr_mult", "wd_mult", "init", "allow_deferred_init",
        "differentiable", "stype", "grad_stype")


def parameter_value(rw, original, call: cst.Call, site) -> cst.Call:
    args = {}
    for i, a in enumerate(call.args):
        if a.star:
            rw.note(original, "self.params.get(*args) is not translated")
            return call
        args[a.keyword.value if a.keyword is not None else _SIG[i]] = a.value
    shape = args.get("shape")
    value = literal(shape) if shape is not None else NOT_LITERAL
    recorded = (rw.facts.get("params") or {}).get(site)
    if shape is None or _deferred(shape):
        if recorded is None:
            rw.note(original, f"{site[1]}: the parameter's shape is deferred and no run recorded one that "
                    "every instance agrees on: give it", api="mxnet.gluon.ParameterDict.get")
            return call
        if isinstance(shape, (cst.Tuple, cst.List)) and len(shape.elements) == len(recorded):
            shape = cst.Tuple([e.with_changes(value=cst.Integer(str(recorded[i])))   # the deferred sizes only
                               if literal(e.value) == 0 else e for i, e in enumerate(shape.elements)])
        else:
            shape = cst.parse_expression(repr(tuple(recorded)))
    elif isinstance(value, int):
        shape = cst.parse_expression(f"({value},)")
    s = code(shape)
    init = args.get("init")
    text = _initial(rw, original, init, s)
    out = [cst.Arg(cst.parse_expression(text))]
    grad = literal(args["grad_req"]) if "grad_req" in args else "write"
    if grad == "null":
        out.append(cst.Arg(cst.Name("False"), keyword=cst.Name("requires_grad"),
                           equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))))
    elif grad not in ("write", "add"):
        rw.note(original, f"grad_req={grad!r} is not translated")
    for k in ("lr_mult", "wd_mult"):
        if k in args and literal(args[k]) != 1.0:
            rw.note(original, f"{k}= (an optimizer setting) is not translated: set it in the PyTorch optimizer")
    return cst.Call(cst.parse_expression("mxnet.gluon.Parameter"), out)


def _deferred(shape: cst.BaseExpression) -> bool:
    """A shape with a 0 in it (`(units, 0)`, `0`): Gluon infers that size on the first call."""
    if isinstance(shape, (cst.Tuple, cst.List)):
        return any(literal(e.value) == 0 for e in shape.elements)
    return literal(shape) == 0


def _initial(rw, original, init, shape: str) -> str:
    nd = "mxnet.ndarray"
    if init is None:
        rw.note(original, "no init=: Gluon uses the initializer given to initialize(); written as "
                "Uniform(0.07) (its default; the weights are meant to be copied)", "info")
        return f"{nd}.random.uniform(-0.07, 0.07, {shape})"
    name, kw = _init_call(rw, init)
    if name in ("Zero", "zeros"):
        return f"{nd}.zeros({shape})"
    if name in ("One", "ones"):
        return f"{nd}.ones({shape})"
    if name == "Constant":
        value = kw.get("value", kw.get(0, "0.0"))
        if not isinstance(literal(cst.parse_expression(value)), (int, float)):   # an array: broadcast
            return f"{nd}.broadcast_add({nd}.zeros({shape}), {value})"
        return f"{nd}.full({shape}, {value})"
    if name == "Normal":
        return f"{nd}.random.normal(0.0, {kw.get('sigma', kw.get(0, '0.01'))}, {shape})"
    if name == "Uniform":
        s = kw.get("scale", kw.get(0, "0.07"))
        return f"{nd}.random.uniform(-{s}, {s}, {shape})"
    rw.note(original, f"init={code(init)} is not translated: Uniform(0.07) instead (the weights are meant "
            "to be copied)", "info")
    return f"{nd}.random.uniform(-0.07, 0.07, {shape})"


def _init_call(rw, init):
    if isinstance(init, cst.SimpleString):
        return init.evaluated_value, {}
    if isinstance(init, cst.Call):
        names = rw.names(init.func)
        name = next((n.rsplit(".", 1)[1] for n in names if n.startswith(("mxnet.init.", "mxnet.initializer."))),
                    None)
        kw = {}
        for i, a in enumerate(init.args):
            kw[a.keyword.value if a.keyword is not None else i] = code(a.value)
        return name, kw
    return None, {}


# `param.init = mx.init.Normal(0.01)` (a Gluon parameter's initializer, set before initialize()) ->
# PyTorch's in-place nn.init.normal_(param, 0.0, 0.01): prepare.py spells the statement
# `<NAMESPACE>.init_Normal(param, 0.01)` for these entries (init_call below).
def _register_inits() -> None:
    from nnport.frameworks.mxnet.reading.registry import FUNCTIONS
    from nnport.frameworks.mxnet.reading.support_calls import NAMESPACE
    from nnport.frameworks.spec import Entry
    for name, (op, sig, rename, read) in INITS.items():
        FUNCTIONS.add(Entry(f"{NAMESPACE}.init_{name}", op, f"tensor, {sig}" if sig else "tensor", kind="function",
                            rename=rename, read=read))


def _symmetric(c, ctx):
    """Uniform(scale): U(-scale, scale)."""
    s = c.get("scale")
    c.args.pop("scale", None)
    c.defaults.pop("scale", None)
    simple = isinstance(s, (cst.Name, cst.Integer, cst.Float, cst.Attribute))
    c.set("a", f"-{code(s)}" if simple else f"-({code(s)})")
    c.set("b", s)
    return c


def _xavier(c, ctx):
    """Xavier(rnd_type, factor_type='avg', magnitude): PyTorch's xavier_uniform_ (gain sqrt(magnitude / 3))
    or xavier_normal_ (gain sqrt(magnitude)): the same bound / deviation for the same fans."""
    from nnport.frameworks.mxnet.reading.registry import drop, take
    from nnport.frameworks.spec import Unsupported
    kind, factor = take(c, "rnd_type", "uniform"), take(c, "factor_type", "avg")
    if factor not in ("avg", "in", "out") or kind not in ("uniform", "gaussian"):
        raise Unsupported(f"Xavier(rnd_type={kind!r}, factor_type={factor!r}) is not translated")
    mag = code(c.get("magnitude"))
    drop(c, "magnitude")
    if factor != "avg":
        return _kaiming(c, kind, factor, mag)
    c.op = "init_xavier_uniform" if kind == "uniform" else "init_xavier_normal"
    gain = f"math.sqrt({mag} / 3)" if kind == "uniform" else f"math.sqrt({mag})"
    if (kind, mag) not in (("uniform", "3"), ("gaussian", "1")):
        c.set("gain", gain)
    return c


_GAIN2 = re.compile(r"^2(?:\.0)? / \(1 \+ (.+) \*\* 2\)$")   # the writer's leaky_relu gain**2: 2 / (1 + a ** 2)


def _kaiming(c, kind: str, factor: str, mag: str):
    """Xavier(factor_type='in'|'out', magnitude): bound sqrt(magnitude / fan) (uniform) or deviation
    sqrt(magnitude / fan) (gaussian) = PyTorch's kaiming_uniform_ / kaiming_normal_ of that mode, whose
    gain**2 (2 / (1 + a**2), leaky_relu's) is magnitude / 3 (uniform) or magnitude: relu's for 2."""
    c.op = "init_kaiming_uniform" if kind == "uniform" else "init_kaiming_normal"
    c.set("mode", repr(f"fan_{factor}"))
    g2 = mag[4:] if kind == "uniform" and mag.startswith("3 * ") else (f"{mag} / 3" if kind == "uniform" else mag)
    value = literal(cst.parse_expression(mag))
    if isinstance(value, (int, float)):
        g2 = repr(value / 3 if kind == "uniform" else value)
    if g2 in ("2", "2.0"):
        c.set("nonlinearity", "'relu'")
        return c
    found = _GAIN2.match(g2)
    c.set("a", found.group(1) if found else f"math.sqrt(2 / ({g2}) - 1)")
    return c


def _orthogonal(c, ctx):
    from nnport.frameworks.mxnet.reading.registry import drop
    drop(c, "rand_type")   # the draw an orthogonal matrix is made from
    return c


INITS = {
    "Normal": ("init_normal", "sigma=0.01", {"sigma": "std"}, None),
    "Uniform": ("init_uniform", "scale=0.07", {}, _symmetric),
    "Zero": ("init_zeros", "", {}, None),
    "One": ("init_ones", "", {}, None),
    "Constant": ("init_constant", "value", {"value": "val"}, None),
    "Xavier": ("init_xavier_uniform", "rnd_type='uniform', factor_type='avg', magnitude=3", {}, _xavier),
    "Orthogonal": ("init_orthogonal", "scale=1.414, rand_type='uniform'", {"scale": "gain"}, _orthogonal),
}


def assigned(rw, original, updated) -> cst.BaseSmallStatement | None:
    """`p.init = mx.init.X(...)` -> X's entry called on p; `self.c = self.params.get_constant(name, v)`
    -> `self.register_buffer(name, v)` (a constant: PyTorch's buffer); else None."""
    import libcst.matchers as m
    if len(updated.targets) != 1 or not isinstance(updated.value, cst.Call):
        return None
    target, value = updated.targets[0].target, updated.value
    if m.matches(target, m.Attribute(attr=m.Name("init"))):
        call = init_call(rw, target.value, value)
        return cst.Expr(call) if call is not None else None
    if rw.in_module and m.matches(target, m.Attribute(m.Name("self"))) and m.matches(
            value.func, m.Attribute(m.Attribute(m.Name("self"), m.Name("params")), m.Name("get_constant"))):
        if len(value.args) != 2 or any(a.keyword or a.star for a in value.args):
            rw.note(original, "params.get_constant: (name, value) expected")
            return None
        name = value.args[0].with_changes(value=cst.SimpleString(repr(target.attr.value)))
        return cst.Expr(cst.Call(cst.parse_expression("self.register_buffer"), [name, value.args[1]]))
    return None


def init_call(rw, target: cst.BaseExpression, value: cst.Call) -> cst.Call | None:
    """`target.init = mx.init.X(...)`: the call of X's entry on the parameter, or None (not one)."""
    from nnport.frameworks.mxnet.reading.support_calls import NAMESPACE
    names = rw.names(value.func)
    name = next((n.rsplit(".", 1)[1] for n in names if n.startswith(("mxnet.init.", "mxnet.initializer."))), None)
    func = f"{NAMESPACE}.init_{name}"
    row = rw.helpers.get(code(value.func)[len(NAMESPACE) + 1:]) if code(value.func).startswith(f"{NAMESPACE}.") else None
    if row is not None and row.kind == "init":
        func = code(value.func)   # a copy of an initializer helper (NormalInit): its entry (reading/helpers.py)
    elif name not in INITS:
        return None
    args = [cst.Arg(target), *value.args]
    args = [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in args]
    return cst.Call(cst.parse_expression(func), [
        a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) for a in args[:-1]] + args[-1:])


_register_inits()
