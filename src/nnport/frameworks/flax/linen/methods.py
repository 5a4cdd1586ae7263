"""The body of `setup()` and of the methods (`@nn.compact` `__call__` and others) of one Linen class.

A construction in `setup()` is rewritten in place (it moves to `__init__` with the rest of setup).
A construction inside a method (compact) moves to `__init__` as `self.<Linen name> = ...` and the
method calls `self.<Linen name>`; one site that the run passed several times (a loop) becomes
`self.<kind>_layers = nnx.List([...])`, indexed by the loop's counter (`enumerate` added when the
loop has none). `self.param` / `self.variable` become Variables made in `__init__` (params.py).
"""
from __future__ import annotations

import re

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.flax.linen import flags as fl
from nnport.frameworks.flax.linen import params as pv
from nnport.frameworks.flax.linen.construct import build, names_in
from nnport.frameworks.flax.linen.fields import assign_self, self_attr
from nnport.frameworks.flax.linen.layers import LAYERS

_SELF_CALL = m.Call(func=m.Attribute(m.Name("self"), m.Name()))
_MAKE_RNG = m.Call(func=m.Attribute(m.Name("self"), m.Name("make_rng")), args=[m.Arg(m.SimpleString())])
_INITIALIZING = m.Call(func=m.Attribute(m.Name("self"), m.Name("is_initializing")), args=[])


def locals_of(fn: cst.FunctionDef) -> set[str]:
    out = {p.name.value for p in (*fn.params.params, *fn.params.kwonly_params)} - {"self"}

    class V(cst.CSTVisitor):
        def _target(self, t):
            out.update(names_in(t))

        def visit_AssignTarget(self, n):
            self._target(n.target)

        def visit_AnnAssign(self, n):
            self._target(n.target)

        def visit_AugAssign(self, n):
            self._target(n.target)

        def visit_For(self, n):
            self._target(n.target)

        def visit_CompFor(self, n):
            self._target(n.target)

    fn.body.visit(V())
    return out


class Body(cst.CSTTransformer):
    """Rewrites one method (compact=True) or setup (compact=False) of class `owner`."""

    def __init__(self, ctx, owner: str, local: set[str], flags: set[str], compact: bool, taken: set):
        super().__init__()
        self.ctx, self.owner, self.local, self.flags, self.compact = ctx, owner, local, flags, compact
        self.decls: list = []             # statements for __init__
        self.taken = taken                # attribute names in use
        self.depth = 0                    # sites being visited around the current node
        self.loops: list = []             # enclosing For nodes (original)
        self.enumerate: dict = {}         # For (original) -> counter name to add
        self.renamed: dict = {}           # For (original) over range() with target `_` -> a name
        self.listed: set = set()          # comprehension elements built per recorded instance
        self.arrays: set = set()          # setup's self.param attributes: read as arrays elsewhere
        self.keeps_rngs = False           # self.make_rng(...) read: the module keeps its nnx.Rngs
        self.held: set = set()            # loop names over the module's own lists (`for b in self.blocks`)

    # ---- `conv = partial(nn.Conv, use_bias=False)`: its calls are Linen constructions
    def visit_Assign(self, node):
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) and self.ctx.partial(node.value):
            self.ctx.partials[node.targets[0].target.value] = node.value
            return False

    def leave_SimpleStatementLine(self, original, updated):
        stmt = original.body[0] if len(original.body) == 1 else None
        if isinstance(stmt, cst.Assign) and stmt.value in self.ctx.partials.values():
            return cst.RemoveFromParent()            # each construction carries its keywords now
        return updated

    # ---- sites
    def visit_Call(self, node):
        if self.ctx.layer(node):
            self.depth += 1

    def leave_Call(self, original, updated):
        if original in self.listed:
            self.depth -= 1
            return updated
        if self.ctx.layer(original):
            self.depth -= 1
            return self._site(original, updated)
        if pv.is_variable(original):
            return self._variable(original, updated)
        if m.matches(original, _MAKE_RNG):      # a key from a named stream of the module's own Rngs
            self.keeps_rngs = True
            stream = original.args[0].value.evaluated_value
            return cst.parse_expression(f"self.rngs.{stream}()")
        if m.matches(original, _INITIALIZING):  # NNX builds its variables in __init__, not in a call
            return cst.Name("False")
        if self.flags and (m.matches(original, _SELF_CALL) or self._calls_site(original)
                           or m.matches(original.func, m.Name()) and original.func.value in self.held):
            args = [u for o, u in zip(original.args, updated.args) if not fl.passes_flag(o, self.flags)]
            if args:
                args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return updated.with_changes(args=args)
        return updated

    def _calls_site(self, call) -> bool:
        return isinstance(call.func, cst.Call) and bool(self.ctx.layer(call.func))

    def leave_Name(self, original, updated):
        if original.value in self.flags:  # (dropped with its argument where that only passes it on)
            return fl.read(original.value)
        return updated

    def leave_If(self, original, updated):           # `if train:` -> `if not self.deterministic:`
        return updated.with_changes(test=updated.test.with_changes(lpar=[], rpar=[]))

    def leave_Arg(self, original, updated):          # `f(train=...)`: a keyword, not a read
        return updated.with_changes(keyword=original.keyword)

    def leave_Attribute(self, original, updated):    # `self.train`: an attribute, not a read
        updated = updated.with_changes(attr=original.attr)
        if self.compact and m.matches(original, m.Attribute(m.Name("self"), m.Name())) \
                and original.attr.value in self.arrays:
            return cst.Subscript(updated, [cst.SubscriptElement(cst.Index(cst.Ellipsis()))])
        return updated

    # ---- lists of layers in setup: `[nn.Dense(f) for f in self.features]` -> nnx.List([...])
    def visit_ListComp(self, node):
        if not self.compact and isinstance(node.elt, cst.Call) and self.ctx.layer(node.elt):
            self.listed.add(node.elt)

    def leave_ListComp(self, original, updated):
        if original.elt not in self.listed:
            return updated
        made = self.ctx.made(self.owner, original.elt)
        if not made or len({len(x) for x in made}) != 1:
            self.ctx.warn(original, "the run did not construct this list the same way in every instance",
                          severity="error")
            return updated
        local = set().union(*(names_in(f.target) for f in _fors(original.for_in)))
        elems = [build(self.ctx, updated.elt, self.owner, [x[k] for x in made], local, self.flags, original)
                 for k in range(len(made[0]))]
        if _same(elems) and not (names_in(original.elt) & local):     # the comprehension stays
            return _nnx_list_of(updated.with_changes(elt=elems[0]))
        return _nnx_list(elems)

    def leave_List(self, original, updated):
        if self.compact or not any(isinstance(e.value, cst.Call) and self.ctx.layer(e.value)
                                   for e in original.elements):
            return updated
        return _nnx_list([e.value for e in updated.elements])

    def _site(self, original, updated):
        made = self.ctx.made(self.owner, original)
        nested = self.depth > 0 or not self.compact
        if made and not nested and len(made) < len(self.ctx.record.instances(self.owner)):
            self.ctx.warn(original, f"only {len(made)} of the {len(self.ctx.record.instances(self.owner))} "
                                    f"{self.owner} instances construct this layer (a condition of the call): "
                                    "NNX creates it in every instance; decide it in __init__ by hand",
                          severity="error")
        counts = {len(x) for x in made}
        if nested or not made or counts == {1}:
            one = [x[0] for x in made] if counts == {1} else [x for xs in made for x in xs]
            call = build(self.ctx, updated, self.owner, one, self.local if self.compact else set(), self.flags,
                         original)
            if nested:
                return call
            name = self._name(original, one)
            self._inner_names(original, name)
            return self._attribute(original, name, call)
        return self._listed(original, updated, made)

    def _name(self, original, one: list) -> str:
        cls = self.ctx.layer(original)
        if cls in LAYERS and LAYERS[cls].cell_named and original.args:
            cell = self.ctx.made(self.owner, original.args[0].value)
            if cell and cell[0]:
                return cell[0][0].name
        if one:
            return one[0].name
        for a in original.args:
            if a.keyword and a.keyword.value == "name" and isinstance(a.value, cst.SimpleString):
                return a.value.evaluated_value
        self.ctx.warn(original, "this layer was not constructed in the recorded run; named by its "
                                "position (check the Linen name)", severity="error")
        return self._unique(f"{cls}_0")

    def _inner_names(self, original, attr: str):
        """A compact nn.Sequential's layers are Linen children of this module (Dense_2, ...): where
        they sit in NNX (`<attr>.layers.<k>`), for the transfer."""
        if self.ctx.layer(original) != "Sequential" or not original.args:
            return
        elems = original.args[0].value
        for k, e in enumerate(getattr(elems, "elements", ())):
            made = self.ctx.made(self.owner, e.value) if isinstance(e.value, cst.Call) else []
            if made and made[0] and made[0][0].owner == self.owner:
                self.ctx.names[(self.owner, made[0][0].name)] = f"{attr}.layers.{k}"

    def _attribute(self, original, name: str, call):
        self.taken.add(name)
        self.decls.append(assign_self(name, call))
        return self_attr(name)

    def _listed(self, original, updated, made):
        cls = self.ctx.layer(original)
        if not self.loops or len({len(x) for x in made}) != 1:
            self.ctx.warn(original, "a layer constructed several times outside a loop (or a different "
                                    "number of times per instance) is not supported", severity="error")
            return updated
        name = self._unique(_snake(cls) + "_layers")
        elems = [build(self.ctx, updated, self.owner, [x[k] for x in made], self.local, self.flags, original)
                 for k in range(len(made[0]))]
        for k, x in enumerate(made[0]):
            self.ctx.names[(self.owner, x.name)] = f"{name}.{k}"
        self.taken.add(name)
        loop = self.loops[-1]
        if _same(elems) and not (names_in(loop.iter) & self.local):     # `for _ in range(self.depth)`
            comp = cst.ListComp(elems[0], cst.CompFor(cst.Name("_"), loop.iter))
            self.decls.append(assign_self(name, _nnx_list_of(comp)))
        else:
            self.decls.append(assign_self(name, _nnx_list(elems)))
        index = self._counter(self.loops[-1])
        return cst.Subscript(self_attr(name), [cst.SubscriptElement(cst.Index(cst.Name(index)))])

    def _unique(self, base: str) -> str:
        name, i = base, 1
        while name in self.taken:
            name, i = f"{base}_{i}", i + 1
        return name

    # ---- loops
    def visit_For(self, node):
        self.loops.append(node)
        if m.matches(node.iter, m.Attribute(m.Name("self"), m.Name())) and isinstance(node.target, cst.Name):
            self.held.add(node.target.value)

    def leave_For(self, original, updated):
        self.loops.pop()
        if original in self.renamed:
            return updated.with_changes(target=cst.Name(self.renamed[original]))
        if original not in self.enumerate:
            return updated
        i = self.enumerate[original]
        return updated.with_changes(
            target=cst.Tuple([cst.Element(cst.Name(i)), cst.Element(updated.target)], lpar=[], rpar=[]),
            iter=cst.Call(cst.Name("enumerate"), [cst.Arg(updated.iter)]))

    def _counter(self, loop: cst.For) -> str:
        it, t = loop.iter, loop.target
        if m.matches(it, m.Call(func=m.Name("range"), args=[m.Arg()])) and isinstance(t, cst.Name):
            if t.value != "_":
                return t.value
            if loop not in self.renamed:                 # `for _ in range(n)`: the counter gets a name
                self.renamed[loop] = self._fresh()
            return self.renamed[loop]
        if m.matches(it, m.Call(func=m.Name("enumerate"))) and m.matches(t, m.Tuple(elements=[m.Element(m.Name()), m.ZeroOrMore()])):
            return t.elements[0].value.value
        if loop not in self.enumerate:
            self.enumerate[loop] = self._fresh()
        return self.enumerate[loop]

    def _fresh(self) -> str:
        i = next(n for n in ("i", "idx", "layer_index") if n not in self.local)
        self.local.add(i)
        return i

    # ---- variables
    def _variable(self, original, updated):
        got = pv.declare(self.ctx, self.owner, updated, self.local if self.compact else set())
        if got is None:
            return updated
        decl, read = got
        if not self.compact:
            if pv.m.matches(original, pv.PARAM):
                self.arrays.add(original.args[0].value.evaluated_value)
            return decl.body[0].value
        self.decls.append(decl)
        return read


def _nnx_list(elems: list) -> cst.BaseExpression:
    """`nnx.List([a, b])`, one element a line when that is long (LibCST indents the lines as the
    statement that holds it)."""
    code = [cst.Module([]).code_for_node(e) for e in elems]
    if sum(len(c) + 2 for c in code) <= 70:
        return cst.parse_expression(f"nnx.List([{', '.join(code)}])")
    inner = "".join(f"\n    {c}," for c in code)
    return cst.parse_expression(f"nnx.List([{inner}\n])")


def _same(elems: list) -> bool:
    return len({cst.Module([]).code_for_node(e) for e in elems}) == 1


def _nnx_list_of(comp: cst.ListComp) -> cst.Call:
    return cst.Call(cst.parse_expression("nnx.List"), [cst.Arg(comp)])


def _fors(comp):
    while comp is not None:
        yield comp
        comp = comp.inner_for_in


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
