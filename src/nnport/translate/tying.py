"""Weight tying by assignment: `self.wte.weight = self.lm_head.weight` in `__init__`.

Where both weights have the same layout in the target, the target shares the variable itself
(`self.wte.embedding = self.lm_head.kernel`). A bias-free linear head tied to an embedding, whose
target layouts are transposes of each other (Flax: kernel (in, out) vs embedding (num, dim)), is
computed from the embedding instead (`self.wte.attend(x)`, the target's idiom for a tied head):
the head layer is not built, its calls read the embedding. Anything else is reported.
"""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.spec import Unsupported, code
from nnport.translate import reading

_SELF_WEIGHT = m.Attribute(value=m.Attribute(value=m.Name("self"), attr=m.Name()), attr=m.Name())


def tie(t, original: cst.Assign) -> tuple[str, str, str, str] | None:
    """(layer, weight, other layer, other weight) of `self.a.w = self.b.w2` between two layers."""
    if len(original.targets) != 1 or not m.matches(original.targets[0].target, _SELF_WEIGHT) or \
            not m.matches(original.value, _SELF_WEIGHT) or t.cur_class is None:
        return None
    a, b = original.targets[0].target, original.value
    la, lb = (t.cur_class.attrs.get(x.value.attr.value) for x in (a, b))
    if la is None or lb is None or la.kind != "layer" or lb.kind != "layer" or \
            a.attr.value not in la.entry.weights or b.attr.value not in lb.entry.weights:
        return None
    return a.value.attr.value, a.attr.value, b.value.attr.value, b.attr.value


def _target_weight(t, entry, name: str) -> tuple[str, tuple[int, ...]]:
    """The target variable of a source weight, and the permutation from source to target axes."""
    w = entry.weights[name]
    target = reading.target_entry(t.dst.layers, entry.op, entry.api, fixed=entry.fixed)
    for dname, dw in target.weights.items():
        if dw.name == w.name and "." not in dname:
            src, dst = [a.strip() for a in w.axes.split(",")], [a.strip() for a in dw.axes.split(",")]
            if "*s" in src or sorted(src) != sorted(dst):
                raise Unsupported(f"weight tying of {entry.api}.{name}: layouts of unknown rank")
            return dname, tuple(src.index(a) for a in dst)
    raise Unsupported(f"weight {name!r} of {entry.api} has no {t.dst.name} counterpart")


def plan(t, original: cst.Assign) -> cst.BaseSmallStatement | None:
    """The target statement for a tie, or None when the tie is carried out elsewhere (calls)."""
    found = tie(t, original)
    if found is None:
        return None
    a, wa, b, wb = found
    la, lb = t.cur_class.attrs[a], t.cur_class.attrs[b]
    va, pa = _target_weight(t, la.entry, wa)
    vb, pb = _target_weight(t, lb.entry, wb)
    if pa == pb:
        return cst.parse_statement(f"self.{a}.{va} = self.{b}.{vb}\n").body[0]
    for head, emb in ((la, lb), (lb, la)):
        if head.entry.op == "linear" and emb.entry.op == "embedding" and \
                getattr(t.dst.skeleton, "tied_head", None) is not None:
            if reading.read(head.entry, list(head.call.args), t.ctx).lit("bias") is not False:
                raise Unsupported("a tied linear head with a bias: tie the weight by hand")
            head.tied_to = b if head is la else a
            t.tied_away.add(id(head.call))
            return None
    raise Unsupported(f"tying {code(original.targets[0].target)} to {code(original.value)}: their "
                      f"{t.dst.name} layouts differ; share the weight by hand")


def head_call(t, attr, updated: cst.Call) -> cst.BaseExpression:
    """`self.lm_head(x)` of a head tied to an embedding -> the target's tied-head computation."""
    if len(updated.args) != 1 or updated.args[0].keyword is not None or updated.args[0].star:
        raise Unsupported("a tied head called with other than one positional argument")
    return t.dst.skeleton.tied_head(cst.Attribute(cst.Name("self"), cst.Name(attr.tied_to)),
                                    updated.args[0].value)
