"""Pivot ops -> Gluon layers: attention and transformers, as helper HybridBlocks from
support/attention.py (Gluon 1.9 has no attention layer) that keep PyTorch's call conventions,
parameter and submodule names: in_proj_weight / in_proj_bias (or q/k/v_proj_weight) copy as they are,
out_proj, linear1, norm1... go by path through the Dense and LayerNorm entries. The emitters are the
shared ones of frameworks/attention_layers.py (same helper signatures as the Flax and Keras helpers)."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.attention_layers import LAYER_HEAD, MHA_HEAD, _emit_layer, _emit_mha, _emit_stack
from nnport.frameworks.mxnet.layers._registry import LAYERS, layer
from nnport.frameworks.mxnet.layers.recurrent import transfer_by_name
from nnport.frameworks.mxnet.support import helper
from nnport.frameworks.spec import NOT_LITERAL, Unsupported, W, code
from nnport.translate.emit import call



def positional(params: str):
    """A call hook: Gluon calls a block with positional arguments only, so keywords of the call site
    (`attn(q, k, v, attn_mask=m)`) become positions of the helper's forward, `params` ("name=default, ..."
    in its order; the gaps take their defaults, trailing defaults are left out)."""
    names = [p.split("=")[0].strip() for p in params.split(",")]
    defaults = {p.split("=")[0].strip(): p.split("=")[1].strip() for p in params.split(",") if "=" in p}

    def site(canon, node: cst.Call, ctx) -> cst.BaseExpression:
        given: dict[str, cst.BaseExpression] = {}
        for i, a in enumerate(node.args):
            if a.star:
                raise Unsupported("a layer called with *args / **kwargs: Gluon calls blocks positionally")
            name = a.keyword.value if a.keyword is not None else names[i]
            if name not in names:
                raise Unsupported(f"{name}=: not an argument the translated layer takes")
            given[name] = a.value
        last = max(names.index(n) for n in given)
        args = [given[n] if n in given else cst.parse_expression(defaults.get(n, "None")) for n in names[:last + 1]]
        return node.with_changes(args=[cst.Arg(v) for v in args])
    return site


MHA_CALL = ("query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None, "
            "average_attn_weights=True, is_causal=False")
CALLS = {"TransformerEncoderLayer": "src, src_mask=None, src_key_padding_mask=None, is_causal=False",
         "TransformerDecoderLayer": "tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, "
                                    "memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False",
         "TransformerEncoder": "src, mask=None, src_key_padding_mask=None, is_causal=None",
         "TransformerDecoder": "tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, "
                               "memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False"}
MHA_WEIGHTS = {name: W(name, "out,in" if name.endswith("weight") else "out")
               for name in ("in_proj_weight", "in_proj_bias", "q_proj_weight", "k_proj_weight", "v_proj_weight")}

layer("MultiheadAttention", "multihead_attention", MHA_HEAD, _emit_mha(helper, MHA_HEAD), weights=MHA_WEIGHTS,
      call=positional(MHA_CALL), notes="helper class from support/attention.py")
for _name, _op in (("TransformerEncoderLayer", "transformer_encoder_layer"),
                   ("TransformerDecoderLayer", "transformer_decoder_layer")):
    layer(_name, _op, LAYER_HEAD, _emit_layer(helper, _name, LAYER_HEAD), call=positional(CALLS[_name]),
          notes="helper class from support/attention.py")
for _name, _op, _first in (("TransformerEncoder", "transformer_encoder", "encoder_layer"),
                           ("TransformerDecoder", "transformer_decoder", "decoder_layer")):
    _emit, _sig = _emit_stack(helper, _name, _first, "")
    layer(_name, _op, _sig, _emit, call=positional(CALLS[_name]), notes="helper class from support/attention.py")

LAYER_NORM_SIG = ("self, axis=-1, epsilon=1e-05, center=True, scale=True, beta_initializer='zeros', "
                  "gamma_initializer='ones', in_channels=0, prefix=None, params=None")


def _layer_norm(c, ctx):
    """nn.LayerNorm over the last axis: normalized_shape an int (or a name: a tuple of several sizes
    there fails Gluon's shape check of gamma when it runs)."""
    shape = c.lit("normalized_shape")
    if isinstance(shape, (tuple, list)) and len(shape) == 1:
        shape = shape[0]
    if shape is not NOT_LITERAL and not isinstance(shape, int):
        raise Unsupported(f"LayerNorm normalized_shape={code(c.get('normalized_shape'))}: Gluon's nn.LayerNorm "
                          f"normalizes one axis")
    affine, bias = c.lit("elementwise_affine"), c.lit("bias")
    if NOT_LITERAL in (affine, bias):
        raise Unsupported("LayerNorm elementwise_affine / bias must be literals")
    size = c.get("normalized_shape") if shape is NOT_LITERAL else repr(shape)
    return call("nn.LayerNorm", epsilon="{eps}", center=repr(bool(affine and bias)), scale=repr(bool(affine)),
                in_channels=lambda c, ctx: size, sig=LAYER_NORM_SIG)(c, ctx)


# A stand-in until the norm family registers LayerNorm (transformer layers and their `norm` need it).
if "mxnet.gluon.nn.LayerNorm" not in LAYERS:
    layer("mxnet.gluon.nn.LayerNorm", "layer_norm", LAYER_NORM_SIG, _layer_norm, transfer=transfer_by_name,
          weights={"gamma": W("weight", "*s"), "beta": W("bias", "*s")})
