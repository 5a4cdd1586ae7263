"""The Translator's rules for scopes: classes, functions, blocks, loops and `if` tests, and what
they bind (the module class being translated, the function, loop variables over containers of
layers, isinstance narrowing, forward-local layout)."""
from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from nnport.frameworks.spec import Unsupported
from nnport.translate import annotations, narrowing, python_values, skeleton_rules, train_loop, training, tying
from nnport.translate.facts import Attr


class ScopeRules:
    """Mixin of translate.transformer.Translator (its state is set up there)."""

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.cls.append(self.classes.get(node.name.value))
        if self.cls[-1] is not None and self.cls[-1].is_module and getattr(self.dst.skeleton, "TRAINING_PARAM", None):
            self.training_methods[node.name.value] = training.plan(self, node, self.cls[-1])
        for stmt in self.cls[-1].ties if self.cls[-1] is not None and self.cls[-1].is_module else ():
            try:   # planned first: a tie can change how the layers before it are built
                self._ties[id(stmt)] = tying.plan(self, stmt)
            except Unsupported as e:
                self._ties[id(stmt)] = e

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        facts = self.cls.pop()
        if facts is not None and facts.is_module:
            updated = skeleton_rules.module_class(self, facts, updated, facts.base_indices)
        return updated

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        annotations.mark(self, node.returns)
        if not self.cls and not self.funcs:   # a module function: its training loop, if any
            train_loop.start(self, node)
        self.funcs.append(node.name.value)
        self.class_names = {}
        self.named_vars = {}
        self.int_names = set()
        self.python_names = python_values.python_names(node)
        if getattr(self.dst.skeleton, "UNPACKS_SCALARS", False):   # `def forward(self, x, scale=2.0)`: a number
            self.int_names = {p.name.value for p in node.params.params if isinstance(p.default, (cst.Integer, cst.Float))}
        if self.in_forward:
            self.env, self.loop_attrs, self.depth = {}, {}, 0

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        updated = annotations.strip(self, original, updated, "returns")
        if self.in_forward:
            self.layouts.reset()
        name = self.funcs.pop()
        if self.in_module_class and not self.funcs:
            updated = skeleton_rules.method(self, name, updated)
        elif not self.cls and not self.funcs and name in self.builders:
            updated = skeleton_rules.add_rngs_param(self, updated)
        if not self.cls and not self.funcs:
            updated = train_loop.finish(self, original, updated)
        return updated

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.depth += 1
        if id(node) in self._narrow:
            name, attr = self._narrow[id(node)]
            self._narrow_saved.append((name, self.loop_attrs.get(name)))
            self.loop_attrs[name] = attr

    def leave_IndentedBlock(self, original, updated):
        if self._carry.get(self.depth):   # dropped lines at the end of the block: their comments stay
            updated = updated.with_changes(footer=[*self._carry.pop(self.depth), *updated.footer])
        self.depth -= 1
        if self.train is not None:
            updated = train_loop.rebuild(self, updated)
        if id(original) in self._narrow:
            name, before = self._narrow_saved.pop()
            if before is None:
                self.loop_attrs.pop(name, None)
            else:
                self.loop_attrs[name] = before
        if self._pending:
            updated = updated.with_changes(body=self._insert_pending(updated.body))
        return updated

    def visit_For(self, node: cst.For) -> None:
        self._flush_env(node)
        # `for blk in self.blocks:` binds blk to the container's elements
        if self.in_module_class and m.matches(node.target, m.Name()):
            attr = self.self_attr(node.iter)
            if attr is not None and attr.kind == "container" and attr.elements:
                self.loop_attrs[node.target.value] = _common(attr.elements)
        # `for conv, bn in zip(self.convs, self.bns):` binds each name to its container's elements
        if self.in_module_class and isinstance(node.target, cst.Tuple) and m.matches(
                node.iter, m.Call(func=m.Name("zip"))) and len(node.iter.args) == len(node.target.elements):
            for el, arg in zip(node.target.elements, node.iter.args):
                attr = self.self_attr(arg.value)
                if isinstance(el.value, cst.Name) and attr is not None and attr.kind == "container" \
                        and attr.elements:
                    self.loop_attrs[el.value.value] = _common(attr.elements)

    # Compound statements see every variable in the source layout.
    def _flush_env(self, node: cst.CSTNode) -> None:
        if self.in_forward and self.depth == 1 and any(self.env.values()):
            self._pending.setdefault(id(node), [n for n, cl in self.env.items() if cl])
            self.env = {n: False for n in self.env}

    def visit_If(self, node: cst.If) -> None:
        self._flush_env(node)
        try:
            found = narrowing.isinstance_test(self, node.test)
            if found is None and (self.class_names or self.reads_class_names):
                found = narrowing.class_name_test(self, node.test, self.class_names)
                if found is not None:
                    self._tests[id(node)] = cst.Call(cst.Name("isinstance"), [
                        cst.Arg(cst.Name(found[0])),
                        cst.Arg(narrowing.target_classes(self, found[1]))])
        except Unsupported as e:
            self.flag(node.test, str(e))
            return
        if found is not None:
            self._narrow[id(node.body)] = (found[0], narrowing.narrowed(*found))

    def leave_If(self, original: cst.If, updated: cst.If) -> cst.If:
        test = self._tests.pop(id(original), None)
        return updated if test is None else updated.with_changes(test=test)

    def leave_For(self, original: cst.For, updated: cst.For):
        return self.guarded(narrowing.module_loop, original, updated)

    def visit_While(self, node): self._flush_env(node)
    def visit_With(self, node): self._flush_env(node)
    def visit_Try(self, node): self._flush_env(node)

    def self_attr(self, node: cst.CSTNode) -> Attr | None:
        if isinstance(node, cst.Name) and node.value in self.loop_attrs:
            return self.loop_attrs[node.value]
        facts = self.cur_class
        if facts is None:
            return None
        if type(node) is cst.Attribute and type(node.value) is cst.Name and node.value.value == "self":
            return facts.attrs.get(node.attr.value)
        if isinstance(node, cst.Subscript):
            parent = self.self_attr(node.value)
            if parent is not None and parent.kind == "container" and parent.elements:
                return _common(parent.elements)
        return None


def _common(elements: list[Attr]) -> Attr:
    """The fact that holds for every element of a container (or an unknown value)."""
    first = elements[0]
    if all(e.kind == first.kind and e.entry is first.entry and e.user_class == first.user_class
           for e in elements):
        return first
    return Attr("value")

