"""What the statements of a training loop bind, read and touch (translate/train_loop.py): the names
they bind and read, the modules they use (dotted chains: `model.generator(z)` uses `model.generator`),
and the statements a loss depends on.

A loss function differentiates one module (`model`, or `model.generator` for an optimizer over
`model.generator.parameters()`): the statements before the loss that it depends on and that use that
module are computed again inside the loss function (a GAN's `fake = model.generator(z)` computed
before the discriminator's step and read by the generator's loss); values that do not depend on the
module (the batch) are read as they are; where the file has a batch norm or dropout layer, computing
a value again is flagged (`stateful`: in training mode it would update statistics or draw noise twice).
Also: the statements of a function and the blocks they are in (`walk`), the names of a step's
functions that shadow none of the user's (`name_step`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from nnport.translate.names import _dotted as dotted   # `model.generator` -> "model.generator"


@dataclass
class Line:
    stmt: cst.CSTNode
    block: list           # the statements of the block it is in
    parents: tuple        # enclosing compound statements, outermost first


def walk(body, parents=()) -> list[Line]:
    out = []
    for s in body:
        out.append(Line(s, body, parents))
        for block in blocks(s):
            out += walk(list(block), (*parents, s))
    return out


def blocks(s) -> list:
    """The statement sequences of a compound statement (an `elif` is a statement of its `else`)."""
    if not isinstance(s, (cst.For, cst.While, cst.If, cst.With, cst.Try)):
        return []
    parts = [s.body, getattr(s, "orelse", None), getattr(s, "finalbody", None),
             *(h.body for h in getattr(s, "handlers", ()))]
    out = []
    for part in parts:
        if isinstance(part, cst.If):
            out.append([part])
        elif isinstance(part, (cst.Else, cst.Finally)):
            out.append(part.body.body)
        elif isinstance(part, cst.IndentedBlock):
            out.append(part.body)
    return out


class Names(cst.CSTVisitor):
    def __init__(self, skip=frozenset()):
        self.names, self.skip = set(), skip

    def on_visit(self, node) -> bool:
        if id(node) in self.skip:
            return False
        if isinstance(node, cst.Name):
            self.names.add(node.value)
        if isinstance(node, cst.Attribute):   # `x.shape` reads x, not a name `shape`
            node.value.visit(self)
            return False
        return True


def small(s):
    return s.body[0] if isinstance(s, cst.SimpleStatementLine) and len(s.body) == 1 else None


def method_call(s):
    """`name.method(args)` as a statement -> (name, method, call)."""
    one = small(s)
    if isinstance(one, cst.Expr) and isinstance(one.value, cst.Call):
        f = one.value.func
        if isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name):
            return f.value.value, f.attr.value, one.value
    return None


def read(stmts) -> set[str]:
    v = Names()
    for s in stmts:
        s.visit(v)
    return v.names


def bound(stmts) -> set[str]:
    out = set()
    for s in stmts:
        for node in _targets(s):
            v = Names()
            node.visit(v)
            out |= v.names
    return out


def _targets(s):
    one = small(s)
    if isinstance(one, cst.Assign):
        return [tg.target for tg in one.targets]
    if isinstance(one, (cst.AugAssign, cst.AnnAssign)):
        return [one.target]
    if isinstance(s, cst.For):
        return [s.target]
    return []


def bound_anywhere(node) -> set[str]:
    """Names bound by any statement in `node` (assignments, loop targets), at any depth."""
    out = set()

    class _V(cst.CSTVisitor):
        def visit_SimpleStatementLine(self, s):
            out.update(bound([s]))

        def visit_For(self, s):
            out.update(bound([s]))
    node.visit(_V())
    return out


def read_outside(fn, skip: set[int]) -> set[str]:
    v = Names(skip)
    fn.body.visit(v)
    return v.names


def all_names(fn) -> set[str]:
    v = Names()
    fn.visit(v)
    return v.names


def chains(node) -> set[str]:
    """The maximal dotted names used in `node`: `model.generator(z) + w` -> {model.generator, z, w}."""
    out = set()

    def walk(n):
        d = dotted(n) if isinstance(n, (cst.Name, cst.Attribute)) else None
        if d is not None:
            out.add(d)
            return
        for c in n.children:
            walk(c)
    walk(node)
    return out


def overlaps(a: str, b: str) -> bool:
    """Module paths that may share parameters: one is the other or contains it."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def touches(stmt, module: str) -> bool:
    return any(overlaps(c, module) for c in chains(stmt))


def region(block: list, b: int, z: int | None, loss: str, module: str, foreign: set[int]):
    """(statements of the loss function, the earlier ones among them that stay where they are too) for
    the loss `loss` whose backward is block[b] (block[z] its zero_grad, None: none in this block):
    from the statement binding `loss` back to the first one it depends on; before zero_grad, only
    those that use `module` (or values computed from it). None when the loss is not bound here.
    `foreign`: ids of statements of other optimisation steps (never taken in)."""
    binds = [i for i in range(b) if loss in bound([block[i]])]
    if not binds:
        return None
    last = binds[-1]
    low = z + 1 if z is not None and z < last else 0
    tainted = set()
    for s in block[:last]:
        if touches(s, module) or read([s]) & tainted:
            tainted |= bound([s])
    needed, taken = read([block[last]]), [last]
    for i in range(last - 1, -1, -1):
        s = block[i]
        if i == z or not bound([s]) & needed or (i < low and not bound([s]) & tainted):
            continue
        if id(s) in foreign:
            raise ValueError("the loss depends on a statement of another optimisation step")
        needed |= read([s])
        taken.append(i)
    taken.sort()
    start = taken[0]
    # taken before zero_grad: computed again in the loss function; kept in place too where a
    # statement not taken reads what it binds before the loss
    between = [s for i, s in enumerate(block[start:b], start) if i not in taken]
    copies = [block[i] for i in taken if i < low and bound([block[i]]) & read(between)]
    return [block[i] for i in taken], copies


def loads(s) -> set[str]:
    """Names a simple statement reads (an assignment's targets left out, but `x[i] = v` reads x)."""
    one = small(s)
    if isinstance(one, cst.Assign):
        out = read([one.value])
        for tg in one.targets:
            if not isinstance(tg.target, (cst.Name, cst.Tuple, cst.List)):
                out |= read([tg.target])
        return out
    if isinstance(one, cst.AnnAssign):
        return read([one.value]) if one.value is not None else set()
    return read([s])


def free(stmts) -> list[str]:
    """Names the statements read before binding them, in the order they first appear."""
    out, seen = [], set()
    for s in stmts:
        for n in sorted(loads(s) - seen, key=lambda n: _first(s, n)):
            if n not in out:
                out.append(n)
        seen |= bound([s])
    return out


def _first(s, name) -> int:
    text = cst.Module([]).code_for_node(s)
    m = re.search(rf"\b{re.escape(name)}\b", text)
    return m.start() if m else len(text)


def name_step(step, taken: set[str], several: bool) -> None:
    """Names of the step's functions and gradients that no name of the function shadows."""
    if several:   # one loss function per optimizer: named after its loss and its module
        module = step.model.rsplit(".", 1)[-1]
        step.fn, step.jit, step.grads_fn = f"compute_{step.loss}", f"{module}_step", f"{module}_grads"
    for attr in ("fn", "grads", "jit", "grads_fn", *(("accumulate",) if step.accumulate else ())):
        name = getattr(step, attr)
        while name in taken:
            name += "_"
        taken.add(name)
        setattr(step, attr, name)


STATEFUL = ("batch_norm", "dropout")   # pivot ops whose call in training mode changes state or draws noise


def stateful(classes) -> bool:
    """Whether a module class of the file has a layer that changes state when called in training."""
    def walk(attrs):
        return any((a.entry is not None and any(w in a.entry.op for w in STATEFUL)) or walk(a.elements) for a in attrs)
    return any(walk(list(getattr(c, "attrs", {}).values())) for c in classes.values() if c is not None)
