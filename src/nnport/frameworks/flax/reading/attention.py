"""Readers: nnx.MultiHeadAttention -> the pivot's multihead_attention (PyTorch's nn.MultiheadAttention
with batch_first=True), and its call `attn(q, k=None, v=None)` -> `attn(q, k, v, need_weights=False)[0]`.

PyTorch's module projects to embed_dim and back: qkv_features and out_features must be in_features
(their default); keys and values of other sizes (in_kv_features) are not read. Scores are scaled by
1/sqrt(head_dim) in both. A mask (True = attend in Flax, masked out in PyTorch) is not read yet.
The projections' kernels ((in, heads, head_dim) and (heads, head_dim, out)) are reshaped into
in_proj_weight and out_proj by source_transfer.py.
"""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.reading.registry import drop, layer, take
from nnport.frameworks.spec import Unsupported, W, code

_SIG = ("num_heads, in_features, qkv_features=None, out_features=None, num_kv_heads=None, in_kv_features=None, *, "
        "dtype=None, param_dtype=None, broadcast_dropout=True, dropout_rate=0.0, deterministic=None, precision=None, "
        "kernel_init=None, out_kernel_init=None, bias_init=None, out_bias_init=None, use_bias=True, attention_fn=None, "
        "decode=None, normalize_qk=False, qkv_promote_dtype=None, out_promote_dtype=None, ln_promote_dtype=None, "
        "qkv_dot_general=None, out_dot_general=None, qkv_dot_general_cls=None, out_dot_general_cls=None, rngs, "
        "keep_rngs=True, kernel_metadata=None, out_kernel_metadata=None, bias_metadata=None, out_bias_metadata=None, "
        "query_ln_scale_metadata=None, key_ln_scale_metadata=None")
_CALL = ("inputs_q", "inputs_k", "inputs_v")


def mha(c, ctx):
    d = c.get("embed_dim")
    for name in ("qkv_features", "out_features", "in_kv_features", "num_kv_heads"):
        v = c.args.get(name)
        if v is not None and code(v) not in ("None", code(d)):
            raise Unsupported(f"MultiHeadAttention({name}=...): PyTorch's projects to in_features and back")
        drop(c, name)
    for name, neutral in (("decode", None), ("normalize_qk", False), ("attention_fn", None)):
        v = take(c, name, neutral)
        if v not in (neutral, False):
            raise Unsupported(f"MultiHeadAttention({name}={v!r}) is not translated")
    rate = take(c, "dropout_rate", 0.0)
    if rate:
        c.set("dropout", repr(rate))
        ctx.note("MultiHeadAttention(dropout_rate=...): Flax shares the dropout mask over the batch "
                 "(broadcast_dropout=True), PyTorch draws one per element; same in eval", c.extra["api"], "info")
    drop(c, "broadcast_dropout", "deterministic", "out_kernel_init", "out_bias_init", "qkv_promote_dtype",
         "out_promote_dtype", "ln_promote_dtype", "qkv_dot_general", "out_dot_general", "qkv_dot_general_cls",
         "out_dot_general_cls", "out_kernel_metadata", "out_bias_metadata", "query_ln_scale_metadata",
         "key_ln_scale_metadata", "dtype")
    c.set("batch_first", "True")
    c.extra["nnx_mha"] = True
    return c


def call(t, call_node: cst.Call) -> cst.BaseExpression:
    """attn(x) / attn(q, k, v) -> attn(q, k, v, need_weights=False)[0] (Flax: k defaults to q, v to k)."""
    given = {}
    for i, a in enumerate(call_node.args):
        if a.star or (a.keyword is None and i >= 3):
            raise Unsupported("MultiHeadAttention called with *args")
        given[a.keyword.value if a.keyword is not None else _CALL[i]] = a.value
    for name, v in given.items():
        if name not in _CALL and not (name in ("deterministic", "decode") and code(v) in ("None", "False", "True")):
            raise Unsupported(f"MultiHeadAttention({name}=...) at the call is not translated")
    q = given["inputs_q"]
    if "inputs_k" not in given and not isinstance(q, (cst.Name, cst.Attribute)):   # computed once, used thrice
        name = cst.Name("attn_in")
        q = cst.NamedExpr(name, q, lpar=[], rpar=[])
        given["inputs_k"] = name
    k = given.get("inputs_k", q)
    v = given.get("inputs_v", k)
    eq = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
    args = [cst.Arg(q), cst.Arg(k), cst.Arg(v), cst.Arg(cst.Name("False"), keyword=cst.Name("need_weights"), equal=eq)]
    return cst.Subscript(call_node.with_changes(args=args), [cst.SubscriptElement(cst.Index(cst.Integer("0")))])


layer("MultiHeadAttention", "multihead_attention", _SIG,
      rename={"in_features": "embed_dim", "use_bias": "bias"}, read=mha,
      weights={"in_proj_weight": W("in_proj_weight", "out,in"), "in_proj_bias": W("in_proj_bias", "out")},
      notes="query/key/value kernels concatenated, the out kernel a child Linear (source_transfer.py)")
