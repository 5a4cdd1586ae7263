"""keras layers: attention and transformers, as helper classes from support/attention.py that keep
PyTorch's call conventions (sequence-first unless batch_first, (output, weights) from attention) and
submodule names, so that weights go by path; MultiheadAttention has a transfer hook that splits
PyTorch's packed in_proj_weight into q_proj / k_proj / v_proj."""
from __future__ import annotations

from nnport.frameworks.keras.layers._registry import layer, pass_training
from nnport.frameworks.keras.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, code
from nnport.translate.emit import call

MHA_SIG = "self, embed_dim, num_heads, dropout=0.0, bias=True, kdim=None, vdim=None, batch_first=False, **kwargs"
LAYER_SIG = ("self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', layer_norm_eps=1e-05,"
             " batch_first=False, norm_first=False, bias=True, **kwargs")


def _emit_mha(c, ctx):
    for name in ("add_bias_kv", "add_zero_attn"):
        if c.get(name) is not None and c.lit(name) is not False:
            raise Unsupported(f"MultiheadAttention {name}={code(c.get(name))} is not translated")
    cls = helper(ctx, "attention", "MultiheadAttention", "attention_bias")
    return call(cls, "{embed_dim}", "{num_heads}", dropout="{dropout}", bias="{bias}", kdim="{kdim}",
                vdim="{vdim}", batch_first="{batch_first}", sig=MHA_SIG)(c, ctx)


def _activation(c, ctx):
    if not c.given("activation"):
        return None
    v = c.lit("activation")
    if v in ("relu", "gelu"):
        return c.get("activation")
    raise Unsupported(f"transformer activation={code(c.get('activation'))}: only 'relu' and 'gelu' "
                      f"(as strings) are translated")


def _emit_layer(name: str):
    def emit(c, ctx):
        cls = helper(ctx, "attention", name, "attention_bias", "MultiheadAttention", "_activation")
        return call(cls, "{d_model}", "{nhead}", dim_feedforward="{dim_feedforward}", dropout="{dropout}",
                    activation=_activation, layer_norm_eps="{layer_norm_eps}", batch_first="{batch_first}",
                    norm_first="{norm_first}", bias="{bias}", sig=LAYER_SIG)(c, ctx)
    return emit


def _emit_stack(name: str, first: str):
    sig = f"self, {first}, num_layers, norm=None, **kwargs"

    def emit(c, ctx):
        return call(helper(ctx, "attention", name), f"{{{first}}}", "{num_layers}", norm="{norm}",
                    sig=sig)(c, ctx)
    return emit


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


layer("MultiheadAttention", "multihead_attention", MHA_SIG, _emit_mha, transfer=transfer_mha, call=pass_training,
      notes="helper class from support/attention.py")
layer("TransformerEncoderLayer", "transformer_encoder_layer", LAYER_SIG, _emit_layer("TransformerEncoderLayer"), call=pass_training)
layer("TransformerDecoderLayer", "transformer_decoder_layer", LAYER_SIG, _emit_layer("TransformerDecoderLayer"), call=pass_training)
layer("TransformerEncoder", "transformer_encoder", "self, encoder_layer, num_layers, norm=None, **kwargs",
      _emit_stack("TransformerEncoder", "encoder_layer"), call=pass_training)
layer("TransformerDecoder", "transformer_decoder", "self, decoder_layer, num_layers, norm=None, **kwargs",
      _emit_stack("TransformerDecoder", "decoder_layer"), call=pass_training)
