from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import Entry, Registry

LAYERS = Registry("keras.layers")
CF = '"channels_first"'   # the data_format every spatial layer is given: the source's layout


def layer(api: str, op: str, signature: str | None, emit, **kw) -> Entry:
    """`signature` is the target's own (checked against inspect.signature); None for helpers that
    are expressions (labels)."""
    return LAYERS.add(Entry(api, op, signature or "*args, **kwargs", kind="layer", emit=emit, **kw))


def pass_training(canon, node: cst.Call, ctx) -> cst.BaseExpression:
    """The call site of a layer that behaves differently in training (dropout, batch norm): in
    `call`, it gets the flag (`self.drop(x, training=training)`)."""
    if not ctx.in_forward or any(a.keyword is not None and a.keyword.value == "training" for a in node.args):
        return node
    args = list(node.args)
    if args and isinstance(args[-1].comma, cst.Comma):
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    eq = cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
    return node.with_changes(args=[*args, cst.Arg(cst.Name("training"), keyword=cst.Name("training"), equal=eq)])
