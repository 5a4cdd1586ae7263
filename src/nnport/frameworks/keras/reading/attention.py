"""Keras attention layers -> helper modules (helpers.py): MultiHeadAttention (Keras projects to
num_heads x key_dim, which nn.MultiheadAttention cannot when that differs from the query size),
Attention (dot or concat scores) and AdditiveAttention. Inputs are (batch, time, features)."""
from __future__ import annotations

from nnport.frameworks.keras.reading.registry import Step, identity, need, reader, report_extras
from nnport.frameworks.spec import Unsupported


def _arg(ctx, name: str, pos: int):
    if name in ctx.kwargs:
        return ctx.kwargs[name]
    return ctx.args[pos] if len(ctx.args) > pos else None


def _size(ph: str, inputs, ctx) -> int:
    return need(inputs[int(ph[1:])][-1], "the feature size", ctx)


@reader("keras.layers.MultiHeadAttention")
def multi_head_attention(config, inputs, ctx):
    report_extras(config, ctx, {"kernel_initializer": "GlorotUniform()", "bias_initializer": "Zeros()"})
    if config.get("attention_axes") not in (None, (1,), [1], (-2,), [-2]):   # built: (1,) on rank 3
        raise Unsupported(f"MultiHeadAttention(attention_axes={config['attention_axes']})")
    if any(len(s) != 3 for s in inputs):
        raise Unsupported("MultiHeadAttention on inputs of rank other than 3")
    # call(query, value, key=None, query_mask=None, value_mask=None, key_mask=None, attention_mask=None,
    #      return_attention_scores=False, training=None, use_causal_mask=False)
    q, v, k = _arg(ctx, "query", 0), _arg(ctx, "value", 1), _arg(ctx, "key", 2)
    for i, name in enumerate(("query_mask", "value_mask", "key_mask")):
        if _arg(ctx, name, 3 + i) is not None:
            raise Unsupported(f"MultiHeadAttention with {name} (a Keras mask) is not translated")
    mask = _arg(ctx, "attention_mask", 6)
    heads, key_dim = config["num_heads"], config["key_dim"]
    value_dim = config.get("value_dim") or key_dim
    out = config.get("output_shape")
    out = _size(q, inputs, ctx) if out is None else (out if isinstance(out, int) else out[-1])
    if isinstance(config.get("output_shape"), (list, tuple)) and len(config["output_shape"]) != 1:
        raise Unsupported(f"MultiHeadAttention(output_shape={config['output_shape']})")
    sizes = [_size(q, inputs, ctx), _size(k or v, inputs, ctx), _size(v, inputs, ctx)]
    args = f"{heads}, {key_dim}, {value_dim}, {', '.join(map(str, sizes))}, {out}"
    if config.get("dropout"):
        args += f", dropout={float(config['dropout'])!r}"
    if not config.get("use_bias", True):
        args += ", bias=False"
    call = f"{q}, {v}" + (f", {k}" if k else "") + (f", attn_mask={mask}" if mask else "")
    if _arg(ctx, "use_causal_mask", 9):
        call += ", causal=True"
    outs = ("_[0]", "_[1]") if _arg(ctx, "return_attention_scores", 7) else ("_[0]",)
    return [Step("", module="", construct=f"KerasMultiHeadAttention({args})", call=call, perm=identity(3),
                 outputs=outs, out_perm=None)]


def _inputs(ctx):
    xs = ctx.args[0] if ctx.args else ctx.kwargs.get("inputs")
    if not isinstance(xs, (list, tuple)) or len(xs) not in (2, 3):
        raise Unsupported("attention called without a [query, value(, key)] list")
    if ctx.kwargs.get("mask") is not None:
        raise Unsupported("attention with a mask is not translated")
    return list(xs) + ([] if len(xs) == 3 else [xs[1]])


def _attention_call(ctx, extra=""):
    q, v, k = _inputs(ctx)
    call = f"{q}, {v}, {k}" + (", causal=True" if ctx.kwargs.get("use_causal_mask") else "") + extra
    outs = ("_[0]", "_[1]") if ctx.kwargs.get("return_attention_scores") else ("_[0]",)
    return call, outs


@reader("keras.layers.Attention")
def attention(config, inputs, ctx):
    call, outs = _attention_call(ctx)
    mode = config.get("score_mode", "dot")
    args = [f"use_scale={bool(config.get('use_scale'))}", f"score_mode={mode!r}"]
    if config.get("dropout"):
        args.append(f"dropout={float(config['dropout'])!r}")
    return [Step("", module="", construct=f"KerasAttention({', '.join(args)})", call=call, perm=identity(3),
                 outputs=outs, out_perm=None)]


@reader("keras.layers.AdditiveAttention")
def additive_attention(config, inputs, ctx):
    call, outs = _attention_call(ctx)
    dim = need(inputs[0][-1], "the feature size", ctx)
    args = [str(dim), f"use_scale={bool(config.get('use_scale', True))}"]
    if config.get("dropout"):
        args.append(f"dropout={float(config['dropout'])!r}")
    return [Step("", module="", construct=f"KerasAdditiveAttention({', '.join(args)})", call=call,
                 perm=identity(3), outputs=outs, out_perm=None)]
