"""Keras -> another framework: a layer's call site in `call()`, from the facts its reader left in
`canon.extra`. The target's layers compute channels first where Keras computes channels last, so
the input is moved (`movedim(x, -1, 1)`) and the output moved back; explicit padding goes before
("same" with strides, "causal"); `activation=` after. Written through the target's tables."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.keras.reading.source_registry import written
from nnport.frameworks.spec import Unsupported
from nnport.translate.emit import expr

ACTIVATIONS = {"relu": ("relu", {}), "sigmoid": ("sigmoid", {}), "tanh": ("tanh", {}),
               "gelu": ("gelu", {}), "softmax": ("softmax", {"dim": "-1"}), "silu": ("silu", {}),
               "swish": ("silu", {}), "elu": ("elu", {}), "selu": ("selu", {}), "softplus": ("softplus", {}),
               "relu6": ("relu6", {}), "leaky_relu": ("leaky_relu", {"negative_slope": "0.2"}),
               "exponential": ("exp", {}), "hard_sigmoid": ("hardsigmoid", {})}


def activation(ctx, name: str, x: cst.BaseExpression) -> cst.BaseExpression:
    if name not in ACTIVATIONS:
        raise Unsupported(f"activation={name!r} is not translated")
    op, args = ACTIVATIONS[name]
    return written(ctx, op, input=x, **args)


def wrap(t, canon, call: cst.Call) -> cst.BaseExpression:
    extra = canon.extra
    if extra.get("mha"):
        return attention(t, call)
    if extra.get("rnn"):
        return recurrent(t, call, *extra["rnn"])
    move = t.dst.skeleton.MOVE_AXIS
    args = list(call.args)
    cl = extra.get("layout") == "channels_last" and t.dst.skeleton.LAYOUT == "channels_first"
    if (cl or "pad" in extra or extra.get("same_pad")) and args:
        if args[0].star or args[0].keyword is not None:
            raise Unsupported("a channels-last layer called with *args or keywords first")
        x = args[0].value
        moved = t.__dict__.setdefault("_channels_first_of", {})   # our own moves back, undone
        if cl:
            x = moved[id(x)] if id(x) in moved and "pad" not in extra else expr(f"{move}({{x}}, -1, 1)", x=x)
        if "pad" in extra:
            pad = extra["pad"]
            from nnport.frameworks.spec import code
            pad = pad.format(layer=code(call.func)) if isinstance(pad, str) else repr(tuple(pad))
            x = written(t.ctx, "pad", input=x, pad=pad)
        if extra.get("same_pad"):
            x = same_padding(t, x, call.func)
        args[0] = args[0].with_changes(value=x)
        call = call.with_changes(args=args)
    out: cst.BaseExpression = call
    for op, kw in extra.get("post", ()):
        out = written(t.ctx, op, input=out, **kw)
    if cl and extra.get("out_layout", "same") is not None:
        inner, out = out, expr(f"{move}({{x}}, 1, -1)", x=out)
        if not extra.get("activation"):
            t.__dict__.setdefault("_channels_first_of", {})[id(out)] = inner
            t.keep.append(out)
    if extra.get("activation"):
        out = activation(t.ctx, extra["activation"], out)
    return out


def reread(t, entry, node: cst.Call):
    """The construction read again (its facts for the call site), without repeating its notes."""
    from nnport.translate import reading
    saved, flagger = t.ctx.node, t.ctx.flagger
    t.ctx.node, t.ctx.flagger = node, (lambda *a, **k: None)
    try:
        return reading.read(entry, list(node.args), t.ctx)
    finally:
        t.ctx.node, t.ctx.flagger = saved, flagger


def _entry(t, node):
    if not isinstance(node, cst.Call):
        return None
    return next((t.src.layers.get(n) for n in sorted(t.qnames(node.func)) if t.src.layers.get(n)), None)


def site(t, attr, call: cst.Call) -> cst.BaseExpression:
    if attr.kind == "layer":
        return wrap(t, reread(t, attr.entry, attr.call), call)
    if attr.kind == "container" and attr.container == "sequential" and attr.call is not None:
        layouts = set()
        for e in attr.elements:
            if e.kind == "layer":
                c = reread(t, e.entry, e.call)
                if c.extra.get("pad") is not None or c.extra.get("post"):
                    raise Unsupported("a Sequential of layers needing explicit padding or reshapes")
                layouts.add(c.extra.get("layout") == "channels_last" and c.extra.get("out_layout", "same") is not None)
            elif e.kind != "layer":
                layouts.add(None)
        if True in layouts:
            if layouts != {True}:
                raise Unsupported("a Sequential mixing channels-last layers with others")
            from nnport.frameworks.spec import Canon
            return wrap(t, Canon("sequential", extra={"layout": "channels_last"}), call)
    return call


def sequential_elements(t, original: cst.Call, args: list[cst.Arg]) -> list[cst.Arg]:
    from nnport.frameworks.spec import Canon
    from nnport.translate import reading
    elements = original.args[0].value.elements
    out = []
    for el, arg in zip(elements, args):
        out.append(arg)
        entry = _entry(t, el.value)
        if entry is None:
            continue
        act = reread(t, entry, el.value).extra.get("activation")
        if act:
            op, kw = ACTIVATIONS.get(act, (None, {}))
            if op is None:
                raise Unsupported(f"activation={act!r} is not translated")
            c = Canon(op, {k: cst.parse_expression(v) for k, v in kw.items()})
            target = reading.target_entry(t.dst.layers, op, op, c)
            out.append(cst.Arg(reading.write(target, c, t.ctx)))
    return [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in out]


_MHA = ("query", "value", "key", "query_mask", "value_mask", "key_mask", "attention_mask",
        "return_attention_scores", "training", "use_causal_mask")


def attention(t, call: cst.Call) -> cst.BaseExpression:
    """mha(query, value, key=None, use_causal_mask=False) -> the pivot's attention call:
    `attn(query, key, value, need_weights=False, attn_mask=causal)[0]`."""
    from nnport.frameworks.spec import NOT_LITERAL, code, literal
    given = {}
    for i, a in enumerate(call.args):
        if a.star:
            raise Unsupported("MultiHeadAttention called with *args")
        given[a.keyword.value if a.keyword is not None else _MHA[i]] = a.value
    for name in given:
        if name not in ("query", "value", "key", "use_causal_mask", "return_attention_scores"):
            raise Unsupported(f"MultiHeadAttention({name}=...) is not translated")
    if literal(given.get("return_attention_scores", cst.Name("False"))) is not False:
        raise Unsupported("MultiHeadAttention(return_attention_scores=...) is not translated")
    q, v = given["query"], given["value"]
    k = given.get("key", v)
    args = [cst.Arg(q), cst.Arg(k), cst.Arg(v), cst.Arg(cst.Name("False"), keyword=cst.Name("need_weights"))]
    causal = literal(given.get("use_causal_mask", cst.Name("False")))
    if causal is NOT_LITERAL:
        raise Unsupported("use_causal_mask must be a literal")
    if causal:
        ones = written(t.ctx, "ones", size=f"({code(q)}.shape[1], {code(k)}.shape[1])",
                       dtype=written(t.ctx, "dtype_bool"))
        args.append(cst.Arg(written(t.ctx, "triu", input=ones, diagonal="1"), keyword=cst.Name("attn_mask")))
    eq = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
    args = [a.with_changes(equal=eq) if a.keyword is not None else a for a in args]
    out = call.with_changes(args=args)
    return cst.Subscript(out, [cst.SubscriptElement(cst.Index(cst.Integer("0")))])


RNN_OUTPUTS = '''def keras_rnn_outputs(result, return_sequences):
    """A recurrent layer's (output, h_n) or (output, (h_n, c_n)) as Keras returns it with
    return_state=True: [output or its last step, h, c] (one layer, one direction)."""
    output, state = result
    states = state if isinstance(state, tuple) else (state,)
    return (output if return_sequences else output[:, -1], *(s[0] for s in states))
'''


def recurrent(t, call: cst.Call, kind: str, sequences: bool, state: bool) -> cst.BaseExpression:
    """layer(x, initial_state=[h0, c0]) -> the pivot's `layer(x, (h0[None], c0[None]))` (states with a
    leading layer axis), and its result as Keras returns it."""
    from nnport.frameworks.spec import code
    args = [a for a in call.args if not (a.keyword is not None and a.keyword.value == "initial_state")]
    init = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "initial_state"), None)
    if len(args) != 1 or args[0].keyword is not None or args[0].star:
        raise Unsupported(f"{kind} called with more than its input and initial_state")
    new = [args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
    if init is not None:
        states = [e.value for e in init.elements] if isinstance(init, (cst.List, cst.Tuple)) else [init]
        states = [written(t.ctx, "unsqueeze", input=s, dim="0") for s in states]
        if kind == "LSTM":
            if len(states) != 2:
                raise Unsupported("LSTM initial_state needs [h, c]")
            new.append(cst.Arg(cst.Tuple([cst.Element(s) for s in states])))
        else:
            if len(states) != 1:
                raise Unsupported("GRU initial_state needs one state")
            new.append(cst.Arg(states[0]))
    out = call.with_changes(args=new)
    if state:
        t.ctx.need_helper("keras_rnn_outputs", RNN_OUTPUTS)
        return expr(f"keras_rnn_outputs({{x}}, {sequences})", x=out)
    first = cst.Subscript(out, [cst.SubscriptElement(cst.Index(cst.Integer("0")))])
    return first if sequences else cst.parse_expression(f"{code(first)}[:, -1]")


SAME = '''def keras_same_padding(x, layer):
    """Keras' padding="same" for a strided convolution `layer` on the channels-first `x`: the total
    padding (ceil(size / stride) - 1) * stride + dilation * (kernel - 1) + 1 - size, more at the end."""
    pads = []
    for size, k, s, d in zip(reversed(x.shape[2:]), reversed(layer.kernel_size), reversed(layer.stride),
                             reversed(layer.dilation)):
        total = max((-(-size // s) - 1) * s + (k - 1) * d + 1 - size, 0)
        pads += [total // 2, total - total // 2]
    return {pad}
'''


def same_padding(t, x, layer) -> cst.BaseExpression:
    """`keras_same_padding(x, self.conv)`: a helper emitted into the file (the layer's pivot arguments
    kernel_size/stride/dilation, its target's padding call)."""
    from nnport.frameworks.spec import code
    pad = code(written(t.ctx, "pad", input=cst.Name("x"), pad=cst.Name("pads")))
    t.ctx.need_helper("keras_same_padding", SAME.format(pad=pad))
    return cst.Call(cst.Name("keras_same_padding"), [cst.Arg(x), cst.Arg(layer)])


def construction(t, canon, out, prefix: str = "Keras"):
    """nn.BatchNormNd / nn.LazyBatchNormNd -> the KerasBatchNormNd helper (reading/helpers.py, as the
    graph route writes it): Keras' moving variance follows the biased batch variance. (`prefix`:
    the helper's name for another source whose statistics follow the same rule, Gluon's.)"""
    import re
    from nnport.frameworks.keras.reading.helpers import HELPERS
    from nnport.frameworks.spec import code
    if canon.op != "batch_norm" or t.dst.name != "torch" or not isinstance(out, cst.Call) or \
            canon.extra.get("torch_statistics"):   # the writer's BatchNorm helper: PyTorch's own
        return out
    found = re.fullmatch(r"nn\.(Lazy)?BatchNorm([123])d", code(out.func))
    if found is None:
        return out
    lazy, n = found.groups()
    names = [f"BatchNorm{n}d"] + ([f"LazyBatchNorm{n}d"] if lazy else [])
    for name in names:
        t.ctx.need_helper(prefix + name, HELPERS["Keras" + name].replace("Keras", prefix).strip("\n") + "\n")
    return out.with_changes(func=cst.Name(prefix + names[-1]))
