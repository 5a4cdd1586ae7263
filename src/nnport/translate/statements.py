"""The Translator's rules for statements: assignments (layout of forward locals, ties, list
containers, index assignment), expression statements, `with` gradient contexts, returns, and the
statements whose translation is nothing."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.spec import Unsupported, code
from nnport.translate import calls, gradients, narrowing, skeleton_rules


class StatementRules:
    """Mixin of translate.transformer.Translator (its state is set up there)."""

    def visit_Assign(self, node: cst.Assign) -> bool | None:
        if id(node) in self._ties:
            return False   # translated as a whole (tying.plan)
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            obj = narrowing.class_name_source(node.value)
            if obj is not None:
                self.class_names[node.targets[0].target.value] = obj
        # `x = x.add_(y)`, `x = F.elu_(x)` rebind x to what the call made of it: as good as the call
        # as a statement of its own
        v = node.value
        if len(node.targets) == 1 and isinstance(v, cst.Call):
            target = node.targets[0].target
            if isinstance(v.func, cst.Attribute) and v.func.value.deep_equals(target) or \
                    v.args and v.args[0].value.deep_equals(target):
                self.statements.add(id(v))
        return None

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign):
        may_be_int = getattr(self.dst.skeleton, "may_be_int", None)   # targets whose operators do not promote
        for target in updated.targets if may_be_int is not None else ():
            if isinstance(target.target, cst.Name):
                name = target.target.value
                self.int_names.add(name) if may_be_int(updated.value, self.int_names) else self.int_names.discard(name)
            elif isinstance(target.target, (cst.Tuple, cst.List)) and getattr(self.dst.skeleton, "UNPACKS_SCALARS", False):
                scalar = may_be_int(updated.value, self.int_names)   # `b, c, h, w = x.shape`: four numbers
                for e in target.target.elements:
                    if isinstance(e.value, cst.Name) and not isinstance(e, cst.StarredElement):
                        self.int_names.add(e.value.value) if scalar else self.int_names.discard(e.value.value)
        for target in updated.targets:   # `r = x.max(1)`: r.values reads the tuple
            if isinstance(target.target, cst.Name):
                fields = self.named_results.get(id(updated.value))
                if fields is None:
                    self.named_vars.pop(target.target.value, None)
                else:
                    self.named_vars[target.target.value] = fields
        if id(original) in self._ties:
            done = self._ties.pop(id(original))
            if isinstance(done, Unsupported):
                self.flag(original, str(done))
                return updated
            if done is None:
                self._drop_ties.add(id(original))
                return updated
            return done
        value = updated.value
        if self.in_module_class and self.func == "__init__" and len(updated.targets) == 1 and \
                isinstance(value, (cst.List, cst.Tuple, cst.ListComp, cst.Dict, cst.DictComp)):
            attr = self.self_attr(original.targets[0].target)
            if attr is not None and attr.kind == "container" and attr.call is None:
                return updated.with_changes(value=skeleton_rules.list_container(self, attr, value))
        if (self.in_forward and self.depth == 1 and len(updated.targets) == 1
                and isinstance(updated.targets[0].target, cst.Name)):
            name = updated.targets[0].target.value
            self.env[name] = self.layouts.is_cl(value)
            return updated
        if self.in_forward and isinstance(updated.targets[0].target, cst.Name):
            self.env[updated.targets[0].target.value] = False
        new = self.layouts.deep_source(value)
        updated = updated if new is value else updated.with_changes(value=new)
        return self.guarded(calls.index_assignment, original, updated)

    def leave_AugAssign(self, original, updated):
        return self.guarded(calls.aug_assign, original, updated)

    def leave_Return(self, original, updated):
        return self.layouts.children_to_source(updated)

    def leave_With(self, original: cst.With, updated: cst.With):
        """`with torch.no_grad():` has no counterpart in functional code: its body stays."""
        if all(any(n in self.src.skeleton.GRAD_CONTEXTS for n in self.qnames(item.item.func))
               for item in original.items if isinstance(item.item, cst.Call)) and \
                all(isinstance(i.item, cst.Call) and i.asname is None for i in original.items) and \
                isinstance(updated.body, cst.IndentedBlock):
            if getattr(self.dst.skeleton, "NO_GRAD", None):   # the target has such contexts: kept
                return gradients.written_contexts(self, original, updated)
            body = list(updated.body.body)
            no_grad = all(any(n in self.src.skeleton.NO_GRAD_CONTEXTS for n in self.qnames(item.item.func))
                          for item in original.items)
            if no_grad and self.in_module_class and self.func != "__init__":
                body = gradients.stop_gradients(self, body)
            if body:
                body[0] = body[0].with_changes(leading_lines=[*updated.leading_lines, *body[0].leading_lines])
            return cst.FlattenSentinel(body)
        return updated

    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, cst.Call):
            self.statements.add(id(node.value))

    def leave_Expr(self, original: cst.Expr, updated: cst.Expr):
        return self.guarded(calls.expression_statement, original, updated)

    def guarded(self, rule, original, updated):
        """Run a rewrite rule; what it cannot do stays as it was, with a diagnostic."""
        try:
            return rule(self, original, updated)
        except Unsupported as e:
            self.flag(original, str(e))
        except Exception as e:  # noqa: BLE001 - a rule bug must not lose the user's file
            self.flag(original, f"internal error: {type(e).__name__}: {e}", severity="error")
        return self.layouts.children_to_source(updated)

    def leave_SimpleStatementLine(self, original, updated):
        if skeleton_rules.is_super_init(self, original):
            return cst.RemoveFromParent()
        if self._drops(original):
            lines = self._carry.setdefault(self.depth, [])
            lines[:0] = updated.leading_lines
            return cst.RemoveFromParent()
        loop = narrowing.apply_call(self, updated)
        return updated if loop is None else loop

    def _drops(self, stmt: cst.SimpleStatementLine) -> bool:
        """A statement whose translation is nothing (`self.head = nn.Linear(...)` of a tied head,
        the tie itself): its comments move to the next statement."""
        if len(stmt.body) != 1 or not isinstance(stmt.body[0], cst.Assign):
            return False
        s = stmt.body[0]
        if id(s) in self._drop_ties:
            head, emb = code(s.value.value), code(s.targets[0].target.value)
            if self.cur_class.attrs[s.value.value.attr.value].tied_to is None:
                head, emb = emb, head
            note = self.tie_notes.get(id(s), f"# weight tying: {head} is computed from {emb}'s weights")
            self._carry.setdefault(self.depth, []).append(cst.EmptyLine(comment=cst.Comment(note)))
            return True
        return id(s.value) in self.tied_away

    def _insert_pending(self, body):
        out = []
        for stmt in body:
            names = self._pending.pop(id(stmt), None)
            for n in names or ():
                out.append(cst.parse_statement(f"{n} = {self.layouts.move}({n}, -1, 1)"))
            out.append(stmt)
        return out
