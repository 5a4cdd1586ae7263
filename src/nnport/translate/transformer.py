"""The rewriting pass: module classes, their constructors and forward methods, calls and imports.

Framework-neutral: what a name means comes from the source tables and skeleton, what to write from
the target's. Everything it cannot translate stays as it was, gets a `# nnport:` comment and a
diagnostic.
"""
from __future__ import annotations

import libcst as cst

from nnport.translate.visiting import FastTransformer, node_types
from nnport.diagnostics import Diagnostic
from nnport.frameworks.spec import Unsupported
from nnport.translate import annotations, calls, skeleton_rules, train_loop
from nnport.translate.context import Ctx
from nnport.translate.facts import Attr, ClassFacts
from nnport.translate.imports import is_source_import
from nnport.translate.layout import Layouts, is_number
from nnport.translate.emit import parenthesize
from nnport.translate.names import qualified
from nnport.translate.scopes import ScopeRules
from nnport.translate.statements import StatementRules

_STATEMENTS = (cst.SimpleStatementLine, cst.If, cst.For, cst.While, cst.With, cst.Try, cst.FunctionDef,
               cst.ClassDef)
# Nodes that look after the layout tags of their children themselves.
_AWARE = (cst.Call, cst.BinaryOperation, cst.UnaryOperation, cst.Arg, cst.Element, cst.StarredElement,
          cst.List, cst.Tuple, cst.Name, cst.Assign, cst.AssignTarget, cst.Return, cst.Expr,
          cst.AugAssign, cst.Attribute)


class Translator(ScopeRules, StatementRules, FastTransformer):
    """Scopes (classes, functions, blocks, loops) are in scopes.py, statements in statements.py;
    here: the state, statement bookkeeping, imports and expressions."""

    def __init__(self, ctx: Ctx, classes: dict[str, ClassFacts], plans: dict[int, Attr],
                 builders: set[str]):
        super().__init__()
        self.ctx, self.classes, self.plans, self.builders = ctx, classes, plans, builders
        self.src, self.dst = ctx.src, ctx.dst
        self.layouts = Layouts(self.dst.skeleton.MOVE_AXIS)
        self.cls: list[ClassFacts | None] = []
        self.funcs: list[str] = []
        self.depth = 0                    # statement nesting inside the current function
        self.env: dict[str, bool] = {}    # forward-local variables holding channels-last tensors
        self.loop_attrs: dict[str, Attr] = {}
        self.notes: list[list[str]] = []
        self.first_import: int | None = None
        self.carried = 0     # leading lines of the removed imports now on the statement after them
        self._pending: dict[int, list[str]] = {}   # statement id -> variables to move back first
        self._cl_stack: list[bool] = []
        self.class_needs: dict[str, set[str]] = {}
        self.training_methods: dict[str, set[str]] = {}   # class -> helper methods given the flag
        self.aliases: set[str] = set()      # names bound by the source framework's imports
        self.import_aliases: dict[str, str] = {}   # every import alias -> qualified name
        self.held_classes: set[str] = set()   # module classes another class holds (skeleton_rules)
        self.storing = 0
        self.aug_targets: set[int] = set()   # the targets of augmented assignments (stores)
        self.fresh: set[int] = set()   # translated expressions that are not atoms (may need parens)
        self.keep: list[cst.CSTNode] = []   # keeps those nodes alive so their ids stay theirs
        self.not_references: set[int] = set()
        self.statements: set[int] = set()   # calls that are a statement of their own (`x.add_(y)`)
        self.leftover: dict[int, tuple] = {}
        self._stmt: list[cst.CSTNode] = []   # the statements being visited, innermost last
        self._seen: list[int] = []   # per statement being visited: leftover candidates before it
        self.holds_leftovers: set[int] = set()   # output statements with a candidate below them
        self.constructed: set[str] = set()   # source layer APIs the file builds
        self.tensors: set[int] = set()   # translated expressions known to compute tensors
        self.named_results: dict[int, tuple] = {}   # translated named-tuple results -> field names
        self.python_names: frozenset[str] = frozenset()   # bound to sets, lists, strings (python_values.py)
        self.int_names: set[str] = set()   # names bound (in this function) to what may be integer arrays
        self.named_vars: dict[str, tuple] = {}      # variables holding one, in the current function
        self.reads_class_names = True   # the file reads `__name__` (class-name tests are looked for)
        self.class_names: dict[str, str] = {}   # `classname = m.__class__.__name__`: classname -> m
        self._narrow: dict[int, tuple[str, Attr]] = {}   # if-body block id -> (name, what it holds)
        self._narrow_saved: list[tuple[str, Attr | None]] = []
        self._tests: dict[int, cst.BaseExpression] = {}   # if id -> its test rewritten
        self.tied_away: set[int] = set()    # construction calls of heads computed from an embedding
        self._ties: dict[int, object] = {}  # tie statement id -> its translation | None | Unsupported
        self._carry: dict[int, list[cst.EmptyLine]] = {}   # block depth -> comments of dropped lines
        self._drop_ties: set[int] = set()
        self.tie_notes: dict[int, str] = {}   # tie statement id -> the comment left in its place
        self.shared_builds: dict[int, cst.BaseExpression] = {}   # layer construction -> the layer it shares with
        self.forwarded: dict[int, object] = {}   # layer call forwarding **kwargs -> its translation
        self.forward_sites: dict[int, list[cst.Arg]] = {}   # call site -> target keywords it passes
        self.forward_named: dict[str, set[str]] = {}   # forwarding class -> its named parameters
        self.dropped_annotations: set[int] = set()   # source tensor-class annotations left off (annotations.py)
        self.muting: list[int] = []   # the dropped annotations being visited: their diagnostics unsaid
        self.train = None     # the training loop of the module function being visited (train_loop.py)
        self.train_marks: dict[int, tuple] = {}   # translated statement id -> (its role in that loop, its step)
        ctx.rngs = lambda: skeleton_rules.rngs_expr(self)
        ctx.flagger = self.flag
        ctx.scalar_names = lambda: self.int_names

    # ---- helpers -------------------------------------------------------------------------
    def qnames(self, node: cst.CSTNode) -> set[str]:
        return qualified(node, self.import_aliases)

    def flag(self, node: cst.CSTNode, message: str, api: str = "", severity: str = "warning") -> None:
        if self.muting and severity != "error":
            return
        self.ctx.diagnostics.append(Diagnostic(severity, Located(node, self._stmt[-1] if self._stmt else None),
                                               0, message, api, self.ctx.filename))
        if self.notes and severity != "info":
            self.notes[-1].append(message)

    @property
    def cur_class(self) -> ClassFacts | None:
        return self.cls[-1] if self.cls else None

    @property
    def in_module_class(self) -> bool:
        return bool(self.cls and self.cls[-1] is not None and self.cls[-1].is_module)

    @property
    def in_builder(self) -> bool:
        if not self.funcs:
            return False
        if self.in_module_class:
            return f"{self.cur_class.name}.{self.funcs[0]}" in self.builders
        return not self.cls and self.funcs[0] in self.builders

    @property
    def func(self) -> str | None:
        return self.funcs[-1] if self.funcs else None

    @property
    def in_forward(self) -> bool:
        return self.in_module_class and self.func == self.src.skeleton.FORWARD and len(self.funcs) == 1

    @property
    def has_training(self) -> bool:
        """The target's training flag is a parameter here: forward, or a method given it (training.py)."""
        return self.in_forward or self.in_module_class and len(self.funcs) == 1 and \
            self.func in self.training_methods.get(self.cur_class.name, ())

    def is_load(self, node: cst.CSTNode) -> bool:
        return self.storing == 0

    # Assignment targets are stores; everything else this pass asks about is a load.
    def visit_AssignTarget(self, node) -> None:
        self.storing += 1

    def leave_AssignTarget(self, original, updated):
        self.storing -= 1
        return updated

    def visit_AugAssign(self, node) -> None:   # `x[i] += v`: its target is a store too
        self.aug_targets.add(id(node.target))

    # ---- statement bookkeeping (comments for what was not translated) ---------------------
    def on_visit(self, node: cst.CSTNode) -> bool:
        kind = type(node)
        if kind in _STATEMENT_TYPES:
            self.notes.append([])
            self._seen.append(len(self.leftover))
        if kind in _ORDINAL_TYPES:
            self.ordinals.stmt(node)
            self._stmt.append(node)
        if self.train is not None and self.train.roles.get(id(node)) in train_loop.REWRITTEN:
            self.muting.append(id(node))   # rewritten as a whole: what its calls lack is not said
        return super().on_visit(node)

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode):
        kind = type(original)
        if kind in _ORDINAL_TYPES:
            self._stmt.pop()
        result = super().on_leave(original, updated)
        if self.train is not None and id(original) in self.train.roles:
            if self.muting and self.muting[-1] == id(original):
                self.muting.pop()
            train_loop.mark(self, original, result)
        if self.fresh and type(result) in _OPERATOR_TYPES:
            result = self._parenthesize_fresh(result)
        if self.layouts._cl and type(result) in _NODE_TYPES and type(result) not in _AWARE_TYPES:
            result = self.layouts.children_to_source(result)
        if self._pending and id(original) in self._pending and type(result) in _NODE_TYPES:
            self._pending[id(result)] = self._pending.pop(id(original))
        if kind in _STATEMENT_TYPES:
            if len(self.leftover) > self._seen.pop():
                self.holds_leftovers.add(id(result))   # leftovers.py looks at these statements only
                self.keep.append(result)
            if self._carry.get(self.depth) and type(result) in _STATEMENT_TYPES:
                result = result.with_changes(leading_lines=[*self._carry.pop(self.depth), *result.leading_lines])
            notes = self.notes.pop()
            if notes and type(result) in _STATEMENT_TYPES:
                result = skeleton_rules.add_comments(result, notes)
        return result

    def _parenthesize_fresh(self, node: cst.CSTNode) -> cst.CSTNode:
        """A translation that is an operator expression keeps its meaning inside another operator:
        `torch.neg(x) ** 2` -> `(-x) ** 2`, not `-x ** 2`."""
        changes = {}
        for field in _OPERAND_FIELDS.get(type(node), ()):
            child = getattr(node, field)
            if id(child) in self.fresh:
                changes[field] = parenthesize(child)
        if type(node) is cst.Comparison:
            targets = [c for c in node.comparisons if id(c.comparator) in self.fresh]
            if targets:
                changes["comparisons"] = [c.with_changes(comparator=parenthesize(c.comparator))
                                          if c in targets else c for c in node.comparisons]
        return node.with_changes(**changes) if changes else node

    # ---- imports --------------------------------------------------------------------------
    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        """Drop the source framework's imports; their comments move to the next statement."""
        body, first, carry = [], None, []
        for stmt in updated.body:
            if isinstance(stmt, cst.SimpleStatementLine) and all(
                    is_source_import(s, self.src.roots) for s in stmt.body):
                if first is None:
                    first = len(body)
                carry.extend(stmt.leading_lines)
                continue
            if carry:
                if len(body) == first:
                    self.carried = len(carry)
                new = stmt.with_changes(leading_lines=[*carry, *stmt.leading_lines])
                if id(stmt) in self.holds_leftovers:
                    self.holds_leftovers.add(id(new))
                    self.keep.append(new)
                stmt = new
                carry = []
            body.append(stmt)
        self.first_import = first
        return updated.with_changes(body=body, footer=[*carry, *updated.footer])

    # ---- expressions ---------------------------------------------------------------------
    def visit_Name(self, node: cst.Name) -> None:
        if id(node) not in self.not_references:
            self.ordinals.name(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.not_references.add(id(node.attr))   # `x.attr`: attr is no variable reference

    def visit_Param(self, node: cst.Param) -> None:
        annotations.mark(self, node.annotation)

    def leave_Param(self, original: cst.Param, updated: cst.Param) -> cst.Param:
        return annotations.strip(self, original, updated, "annotation")

    def visit_Annotation(self, node: cst.Annotation) -> None:
        if id(node) in self.dropped_annotations:
            self.muting.append(id(node))

    def leave_Annotation(self, original: cst.Annotation, updated: cst.Annotation) -> cst.Annotation:
        if self.muting and self.muting[-1] == id(original):
            self.muting.pop()
        return updated

    def visit_Import(self, node) -> bool:
        return False   # imports are rewritten as a whole in leave_Module

    def visit_ImportFrom(self, node) -> bool:
        return False

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        if original.value in self.aliases and id(original) not in self.not_references:   # not `self.rnn`
            self.leftover[id(updated)] = (updated, Located(original, self._stmt[-1] if self._stmt else None), 0,
                                          original.value)
        if self.in_forward and self.env.get(updated.value) and self.is_load(original):
            self.layouts.mark(updated)
        return updated

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        try:
            return calls.attribute(self, original, updated)
        except Unsupported as e:
            self.flag(original, str(e))
            return self.layouts.children_to_source(updated)

    def visit_Call(self, node: cst.Call) -> None:
        self.ordinals.call(node)
        self._cl_stack.append(self.ctx.channels_last)
        plan = self.plans.get(id(node))
        self.ctx.channels_last = plan.channels_last if plan is not None else False

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        self.ctx.node = original
        try:
            return calls.call(self, original, updated)
        except Unsupported as e:
            self.flag(original, str(e), calls.api_name(self, original))
            return self.layouts.children_to_source(updated)
        except Exception as e:  # noqa: BLE001 - a table bug must not lose the user's file
            self.flag(original, f"internal error translating {calls.api_name(self, original)}: "
                      f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}",
                      calls.api_name(self, original), severity="error")
            return self.layouts.children_to_source(updated)
        finally:
            self.ctx.channels_last = self._cl_stack.pop()

    def leave_Subscript(self, original, updated):
        hook = getattr(self.dst.skeleton, "tensor_index", None)   # a target whose arrays refuse some indices
        if self.storing or id(original) in self.aug_targets:
            return updated
        if hasattr(self.dst.skeleton, "tensor_subscript"):   # one that reads subscripts of forward arrays
            return self.dst.skeleton.tensor_subscript(self, original, updated)
        return updated if hook is None else hook(updated)

    def leave_BinaryOperation(self, original, updated):
        if hasattr(self.dst.skeleton, "tensor_operation"):   # a target whose operators do not broadcast
            new = self.dst.skeleton.tensor_operation(self, original, updated)
            if new is not updated:
                return new
        promote = getattr(self.dst.skeleton, "promoting_operation", None)   # int op float -> ops.multiply...
        if promote is not None:
            new = promote(updated, self.int_names)
            if new is not updated:
                return new
        left, right = updated.left, updated.right
        L, R = self.layouts.is_cl(left), self.layouts.is_cl(right)
        if (L and (R or is_number(right))) or (R and is_number(left)):
            return self.layouts.mark(updated)
        return self.layouts.children_to_source(updated)

    def leave_Comparison(self, original, updated):
        return self.guarded(calls.none_test, original, updated)

    def leave_UnaryOperation(self, original, updated):
        hook = getattr(self.dst.skeleton, "tensor_unary", None)   # a target whose arrays lack an operator (~)
        new = updated if hook is None else hook(self, original, updated)
        return self.layouts.mark(new, self.layouts.is_cl(updated.expression))


class Located:
    """A diagnostic's line until positions are resolved (translate/positions.py): the node, and
    the statement it is in (where it is reported when the node itself cannot be placed)."""
    __slots__ = ("node", "stmt")

    def __init__(self, node: cst.CSTNode, stmt: cst.CSTNode | None = None):
        self.node, self.stmt = node, stmt


# the statements CPython's ast has as ast.stmt, in the same order
_ORDINAL_TYPES = node_types(cst.BaseSmallStatement, cst.BaseCompoundStatement)


_OPERATORS = (cst.BinaryOperation, cst.UnaryOperation, cst.Attribute, cst.Subscript, cst.Comparison,
              cst.BooleanOperation, cst.Call, cst.Await)
# the operands of each operator, where a translated operator expression needs parentheses
_OPERAND_FIELDS = {cst.BinaryOperation: ("left", "right"), cst.UnaryOperation: ("expression",),
                   cst.Attribute: ("value",), cst.Subscript: ("value",), cst.Comparison: ("left",),
                   cst.BooleanOperation: ("left", "right"), cst.Call: ("func",), cst.Await: ("expression",)}

_STATEMENT_TYPES = node_types(*_STATEMENTS)
_OPERATOR_TYPES = node_types(*_OPERATORS)
_AWARE_TYPES = node_types(*_AWARE)
_NODE_TYPES = node_types(cst.CSTNode)
