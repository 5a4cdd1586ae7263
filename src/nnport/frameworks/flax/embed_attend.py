"""`self.emb.attend(x)` of an nnx.Embed (Flax as a source): the product of x with the embedding
table, `x @ embedding.T`. The Flax writer writes a bias-free linear head tied to an embedding this
way (translate/tying.py); prepare.py rewrites it as `jax.numpy.matmul(x, jax.numpy.swapaxes(
self.emb.embedding, 0, 1))`, so that the readers read the embedding as the target layer's weight
(PyTorch: `torch.matmul(x, self.emb.weight.transpose(0, 1))`, what the tied nn.Linear computes).
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

EMBED = "flax.nnx.Embed"
_SELF_ATTR = m.Attribute(value=m.Name("self"), attr=m.Name())


def embeds(cls: cst.ClassDef, names) -> set[str]:
    """The attributes a class assigns an nnx.Embed to (`self.wte = nnx.Embed(...)`)."""
    return {node.targets[0].target.attr.value
            for node in m.findall(cls, m.Assign(targets=[m.AssignTarget(_SELF_ATTR)], value=m.Call()))
            if EMBED in names(node.value.func)}


def attend(call: cst.Call, embedded: set[str]) -> cst.Call | None:
    """`self.e.attend(x)` (e one of `embedded`) as the matmul it computes; else None."""
    f = call.func
    if not (m.matches(f, m.Attribute(value=_SELF_ATTR, attr=m.Name("attend"))) and f.value.attr.value in embedded
            and len(call.args) == 1 and call.args[0].keyword is None and not call.args[0].star):
        return None
    table = cst.Attribute(f.value, cst.Name("embedding"))
    swapped = cst.Call(cst.parse_expression("jax.numpy.swapaxes"),
                       [cst.Arg(table), cst.Arg(cst.Integer("0")), cst.Arg(cst.Integer("1"))])
    return cst.Call(cst.parse_expression("jax.numpy.matmul"), [cst.Arg(call.args[0].value), cst.Arg(swapped)])
