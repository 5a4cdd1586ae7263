"""`self.params.get(name, shape=..., init=...)` -> `mxnet.gluon.Parameter(<value>)` (prepare.py): the
value as the initializer says; a deferred shape (a 0 in it) from the recorded run. The values only
start the PyTorch parameter off: transfer_weights copies the Gluon ones."""
from __future__ import annotations

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
        return f"{nd}.full({shape}, {kw.get('value', kw.get(0, '0.0'))})"
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
