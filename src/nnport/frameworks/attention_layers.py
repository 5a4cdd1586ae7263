"""Attention and transformer layers for a target whose support/attention.py has helper classes that
keep PyTorch's call conventions (sequence-first unless batch_first, (output, weights) from attention)
and submodule names, so that weights go by path (Flax, Keras): one table for both, registered by
`register` with the target's `layer`, `helper` and signature tail. MultiheadAttention's transfer
hook splits PyTorch's packed in_proj_weight into q_proj / k_proj / v_proj."""
from __future__ import annotations

from nnport.frameworks.spec import Unsupported, code
from nnport.translate.emit import call

MHA_HEAD = "self, embed_dim, num_heads, dropout=0.0, bias=True, kdim=None, vdim=None, batch_first=False"
LAYER_HEAD = ("self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', layer_norm_eps=1e-05,"
              " batch_first=False, norm_first=False, bias=True")


def _emit_mha(helper, sig):
    def emit(c, ctx):
        for name in ("add_bias_kv", "add_zero_attn"):
            if c.get(name) is not None and c.lit(name) is not False:
                raise Unsupported(f"MultiheadAttention {name}={code(c.get(name))} is not translated")
        cls = helper(ctx, "attention", "MultiheadAttention", "attention_bias")
        return call(cls, "{embed_dim}", "{num_heads}", dropout="{dropout}", bias="{bias}", kdim="{kdim}",
                    vdim="{vdim}", batch_first="{batch_first}", sig=sig)(c, ctx)
    return emit


def _activation(c, ctx):
    if not c.given("activation"):
        return None
    v = c.lit("activation")
    if v in ("relu", "gelu"):
        return c.get("activation")
    raise Unsupported(f"transformer activation={code(c.get('activation'))}: only 'relu' and 'gelu' "
                      f"(as strings) are translated")


def _emit_layer(helper, name: str, sig: str):
    def emit(c, ctx):
        cls = helper(ctx, "attention", name, "attention_bias", "MultiheadAttention", "_activation")
        return call(cls, "{d_model}", "{nhead}", dim_feedforward="{dim_feedforward}", dropout="{dropout}",
                    activation=_activation, layer_norm_eps="{layer_norm_eps}", batch_first="{batch_first}",
                    norm_first="{norm_first}", bias="{bias}", sig=sig)(c, ctx)
    return emit


def _emit_stack(helper, name: str, first: str, tail: str):
    sig = f"self, {first}, num_layers, norm=None{tail}"

    def emit(c, ctx):
        return call(helper(ctx, "attention", name), f"{{{first}}}", "{num_layers}", norm="{norm}",
                    sig=sig)(c, ctx)
    return emit, sig


def transfer_mha(canon, mod, rt) -> dict[str, str]:
    """in_proj_weight (3E, E) / q,k,v_proj_weight and in_proj_bias (3E,) -> q/k/v_proj kernels, biases."""
    import numpy as np
    from nnport.errors import WeightTransferError
    from nnport.weights.layouts import permute
    written, used = {}, set()

    def put(dname, value, axes, src, part):
        lin = getattr(mod, dname.split(".")[0])
        try:
            rt.set_array(lin, part, permute(value, axes, "in,out") if part == "kernel" else value)
        except ValueError as e:
            raise WeightTransferError(f"{src} -> {dname}: {e}") from None
        written[dname] = src

    if "in_proj_weight" in canon:
        value, axes, src = canon["in_proj_weight"]
        for proj, w in zip("qkv", np.split(value, 3, axis=axes.split(",").index("out"))):
            put(f"{proj}_proj.kernel", w, axes, src, "kernel")
        used.add("in_proj_weight")
    else:
        for proj in "qkv":
            if f"{proj}_proj_weight" not in canon:
                raise WeightTransferError(f"{proj}_proj.kernel: no source in_proj_weight or {proj}_proj_weight")
            value, axes, src = canon[f"{proj}_proj_weight"]
            put(f"{proj}_proj.kernel", value, axes, src, "kernel")
            used.add(f"{proj}_proj_weight")
    if "in_proj_bias" in canon:
        value, _, src = canon["in_proj_bias"]
        for proj, b in zip("qkv", np.split(value, 3)):
            put(f"{proj}_proj.bias", b, "out", src, "bias")
        used.add("in_proj_bias")
    elif rt.get_array(mod.q_proj, "bias") is not None:
        raise WeightTransferError("q_proj.bias: no source in_proj_bias")
    unused = sorted(set(canon) - used)
    if unused:
        raise WeightTransferError(f"source weights {unused} have no place in {type(mod).__qualname__}")
    return written




def register(layer, helper, tail: str, stack_tail: str = "", **kw) -> None:
    """The five entries, for a target: `tail` ends the helpers' signatures (", *, rngs" for Flax,
    ", **kwargs" for Keras), `kw` goes to every entry (Keras: call=pass_training)."""
    mha_sig, layer_sig = MHA_HEAD + tail, LAYER_HEAD + tail
    layer("MultiheadAttention", "multihead_attention", mha_sig, _emit_mha(helper, mha_sig), transfer=transfer_mha,
          notes="helper class from support/attention.py", **kw)
    for name, op in (("TransformerEncoderLayer", "transformer_encoder_layer"),
                     ("TransformerDecoderLayer", "transformer_decoder_layer")):
        layer(name, op, layer_sig, _emit_layer(helper, name, layer_sig), **kw)
    for name, op, first in (("TransformerEncoder", "transformer_encoder", "encoder_layer"),
                            ("TransformerDecoder", "transformer_decoder", "decoder_layer")):
        emit, sig = _emit_stack(helper, name, first, stack_tail)
        layer(name, op, sig, emit, **kw)
