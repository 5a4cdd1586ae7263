"""Weight tying by assignment: `self.wte.weight = self.lm_head.weight` in `__init__`.

Where both weights have the same layout in the target, the target shares the variable itself
(`self.wte.embedding = self.lm_head.kernel`). A bias-free linear head tied to an embedding, whose
target layouts are transposes of each other (Flax: kernel (in, out) vs embedding (num, dim)), is
computed from the embedding instead (`self.wte.attend(x)`, the target's idiom for a tied head):
the head layer is not built, its calls read the embedding. A target whose layers share variables
when they are built (skeleton.share_weights: Gluon's params=) builds the second layer with the
first's. Anything else is reported.
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
    if pa == pb and getattr(t.dst.skeleton, "share_weights", None) is not None:
        return _share_when_built(t, original, a, va, b, vb)
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


def _share_when_built(t, original: cst.Assign, a: str, va: str, b: str, vb: str) -> None:
    """A target whose layers take the variables they share when built (Gluon's params=): the layer
    built second gets the first one's, by variable name; the tie itself is dropped. Other
    variables of the same name in both would be shared too: reported."""
    first, second = sorted((a, b), key=list(t.cur_class.attrs).index)
    names = [_built_variables(t, t.cur_class.attrs[x]) for x in (first, second)]
    if va != vb or names[0] & names[1] != {va}:
        raise Unsupported(f"tying {code(original.targets[0].target)} to {code(original.value)}: {t.dst.name} "
                          f"shares every variable of the same name ({', '.join(sorted(names[0] & names[1]))}); "
                          "share the weight by hand")
    t.shared_builds[id(t.cur_class.attrs[second].call)] = cst.Attribute(cst.Name("self"), cst.Name(first))
    t.tie_notes[id(original)] = f"# weight tying: self.{second} is built with self.{first}'s {va}"


def _built_variables(t, attr) -> set[str]:
    """The target variables a layer's construction makes: those of its weights, less the ones its
    arguments switch off (`bias=False`)."""
    canon = reading.read(attr.entry, list(attr.call.args), t.ctx)
    return {_target_weight(t, attr.entry, name)[0] for name, w in attr.entry.weights.items()
            if canon.lit(name) is not False and canon.lit(w.name) is not False}


def head_call(t, attr, updated: cst.Call) -> cst.BaseExpression:
    """`self.lm_head(x)` of a head tied to an embedding -> the target's tied-head computation."""
    if len(updated.args) != 1 or updated.args[0].keyword is not None or updated.args[0].star:
        raise Unsupported("a tied head called with other than one positional argument")
    return t.dst.skeleton.tied_head(cst.Attribute(cst.Name("self"), cst.Name(attr.tied_to)),
                                    updated.args[0].value)
