"""Light facts about the source: which classes are modules, and what each `self.<name>` holds.

Read from `__init__` before anything is rewritten, so that `forward` knows that `self.conv` is a
2-d convolution (and so wants channels last in Flax), `self.w` a parameter, `self.mask` a buffer.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as m

from nnport.translate.visiting import FastVisitor
from nnport.translate.names import qualified
from nnport.frameworks.spec import Entry


# Pivot ops of initialisers that draw random numbers (a function calling one needs an RNG).
_RANDOM_INITS = frozenset({"init_xavier_uniform", "init_xavier_normal", "init_kaiming_uniform",
                           "init_kaiming_normal", "init_normal", "init_trunc_normal", "init_uniform",
                           "init_orthogonal"})


_SELF_ATTR = m.Attribute(value=m.Name("self"), attr=m.Name())
_SELF_WEIGHT = m.Attribute(value=_SELF_ATTR, attr=m.Name())


@dataclass
class Attr:
    kind: str                       # "layer" | "user" | "container" | "param" | "buffer" | "value"
    entry: Entry | None = None      # source layer entry (kind == "layer")
    call: cst.Call | None = None    # the constructing call, original node
    container: str | None = None    # "sequential" | "module_list" | ... (kind == "container")
    elements: list["Attr"] = field(default_factory=list)
    user_class: str | None = None
    channels_last: bool = False     # the target computes this module with channels last (layout plan)
    known_layout: bool = False      # every call site of this layer is known (the engine moves axes)
    output_channels_last: bool = False
    alternatives: tuple = ()        # layer entries it may be (a name narrowed by isinstance)
    tied_to: str | None = None      # a head computed from this sibling's embedding (weight tying)
    comprehension: bool = False     # a list built by a comprehension: one element stands for all
    keys: tuple = ()                # a dict literal's keys, in the order of `elements`


@dataclass
class ClassFacts:
    name: str
    is_module: bool
    attrs: dict[str, Attr] = field(default_factory=dict)
    has_init: bool = False
    container_base: str | None = None   # "sequential" for `class Block(nn.Sequential)`
    self_container: Attr | None = None  # its elements, from `super().__init__(a, b, ...)`
    base_indices: list[int] = field(default_factory=list)  # bases that are the framework's module base
    ties: list[cst.Assign] = field(default_factory=list)   # `self.a.weight = self.b.weight` in __init__


class FactCollector(FastVisitor):
    """Collects ClassFacts for every class; call `finish` once visited."""
    def __init__(self, src, dst, aliases: dict[str, str]):
        super().__init__()
        self.src, self.dst, self.aliases = src, dst, aliases
        self.classes: dict[str, ClassFacts] = {}
        self._stack: list[ClassFacts] = []
        self._funcs: list[str] = []
        self.builders: set[str] = set()   # functions / `Class.method`s that construct layers
        self._maybe_builders: set[str] = set()
        self.constructed: set[str] = set()   # source layer APIs constructed anywhere in the file
        # class -> (the layer call its __init__ forwards **kwargs to, its named parameters)
        self.forwards: dict[str, tuple[cst.Call, set[str]] | None] = {}
        self.name_calls: list[tuple[str, cst.Call]] = []   # calls of plain names: f(...), Block(...)
        self._kwargs: list[str | None] = []
        self._bases: dict[str, list[set[str]]] = {}
        self._in_init = 0
        self._lists: set[tuple[str, str]] = set()   # (class, attribute) assigned `[]`: appended to later

    def qnames(self, node) -> set[str]:
        return qualified(node, self.aliases)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        bases = [self.qnames(b.value) | {cst.Module([]).code_for_node(b.value)} for b in node.bases]
        self._bases[node.name.value] = bases
        facts = ClassFacts(node.name.value, False)
        for b in bases:
            classes = self.src.skeleton.CONTAINER_CLASSES
            kinds = {classes[q] for q in b if q in classes}
            if kinds:
                facts.container_base = kinds.pop()
        self.classes[node.name.value] = facts
        self._stack.append(facts)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self._stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._funcs.append(node.name.value)
        if self._stack and len(self._funcs) == 1 and \
                node.name.value in getattr(self.src.skeleton, "BUILD_METHODS", ()):
            self._in_init += 1   # a method assigning sublayers too (Keras' build, run on first call)
        if self._stack and node.name.value == "__init__":
            self._in_init += 1
            self._stack[-1].has_init = True
            p = node.params
            self._kwargs.append(p.star_kwarg.name.value if p.star_kwarg is not None else None)
            self._named = {x.name.value for x in [*p.posonly_params, *p.params, *p.kwonly_params]}

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._funcs.pop()
        if self._stack and not self._funcs and node.name.value in getattr(self.src.skeleton, "BUILD_METHODS", ()):
            self._in_init -= 1
        if self._stack and node.name.value == "__init__":
            self._in_init -= 1
            self._kwargs.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        if not (self._stack and self._in_init):
            return
        for t in node.targets:
            if m.matches(t.target, m.Attribute(value=m.Name("self"), attr=m.Name())):
                if m.matches(node.value, m.Name("None")) and t.target.attr.value in self._stack[-1].attrs:
                    continue   # `self.shortcut = None` on another branch: the layer it may be stays
                self._stack[-1].attrs[t.target.attr.value] = self.classify(node.value)
                key = (self._stack[-1].name, t.target.attr.value)
                (self._lists.add if m.matches(node.value, m.List([])) else self._lists.discard)(key)
            elif m.matches(t.target, _SELF_WEIGHT) and m.matches(node.value, _SELF_WEIGHT):
                self._stack[-1].ties.append(node)

    def visit_Call(self, node: cst.Call) -> None:
        self._note_builder(node)
        self.constructed.update(n for n in self.qnames(node.func) if n in self.src.layers)
        if isinstance(node.func, cst.Name):
            self.name_calls.append((node.func.value, node))
        if not (self._stack and self._in_init):
            return
        facts = self._stack[-1]
        self._appended(facts, node)
        kw = self._kwargs[-1] if self._kwargs else None
        if kw is not None and any(a.star == "**" and m.matches(a.value, m.Name(kw)) for a in node.args):
            # a second forwarding call makes it ambiguous which layer a keyword is for
            self.forwards[facts.name] = None if facts.name in self.forwards else (node, self._named)
        if facts.container_base and m.matches(node.func, m.Attribute(
                value=m.Call(func=m.Name("super")), attr=m.Name("__init__"))):
            elements = [self.classify(a.value) for a in node.args if not a.star]
            facts.self_container = Attr("container", call=node, container=facts.container_base,
                                        elements=elements if all(not a.star for a in node.args) else [])
        sk = self.src.skeleton
        # self.add_module("name", layer) in a Sequential subclass: its next element
        if facts.container_base and m.matches(node.func, m.Attribute(
                value=m.Name("self"), attr=m.Name(getattr(sk, "ADD_MODULE_METHOD", "")))) and len(node.args) in (1, 2):
            if facts.self_container is None:   # (Keras' self.add(layer) has no name)
                facts.self_container = Attr("container", call=node, container=facts.container_base)
            facts.self_container.elements.append(self.classify(node.args[-1].value))
        # self.register_buffer("name", value) / self.register_parameter("name", nn.Parameter(...))
        if m.matches(node.func, m.Attribute(value=m.Name("self"))) and node.args and \
                m.matches(node.args[0].value, m.SimpleString()):
            name = node.args[0].value.evaluated_value
            if node.func.attr.value == sk.BUFFER_METHOD:
                self._stack[-1].attrs[name] = Attr("buffer", call=node)
            elif node.func.attr.value == sk.PARAMETER_METHOD:
                self._stack[-1].attrs[name] = Attr("param", call=node)

    def _appended(self, facts: ClassFacts, node: cst.Call) -> None:
        """`self.blocks = []`, then `self.blocks.append(Block())` (or `.extend([...])`): where the
        source tracks plain lists, a ModuleList of what is appended (its elements' sizes keyed by the
        attribute alone, as a comprehension's: an append in a loop stands for several)."""
        if not getattr(self.src.skeleton, "LISTS_ARE_CONTAINERS", False) or len(node.args) != 1 or \
                not m.matches(node.func, m.Attribute(value=_SELF_ATTR, attr=m.Name("append") | m.Name("extend"))):
            return
        key = (facts.name, node.func.value.attr.value)
        if key not in self._lists:
            return
        grown = self.classify(node.args[0].value)
        news = [grown] if node.func.attr.value == "append" else \
            grown.elements if grown.kind == "container" and grown.call is None else []
        if news and all(e.kind in ("layer", "user", "container") for e in news):
            old = facts.attrs[key[1]]
            facts.attrs[key[1]] = Attr("container", container="module_list", comprehension=True,
                                       elements=[*(old.elements if old.kind == "container" else []), *news])

    def _draws_random(self, node: cst.Call, names: set[str]) -> bool:
        """A weight initialiser that draws random numbers (nn.init.normal_, `w.data.uniform_()`)."""
        entries = [self.src.functions.get(n) for n in names]
        if isinstance(node.func, cst.Attribute):
            entries.append(self.src.functions.get(f"Tensor.{node.func.attr.value}"))
        return any(e is not None and e.op in _RANDOM_INITS for e in entries)

    def _note_builder(self, node: cst.Call) -> None:
        """A function (not __init__/forward) that constructs layers will need the Rngs passed in."""
        if len(self._funcs) != 1 or self._funcs[0] in ("__init__", self.src.skeleton.FORWARD):
            return
        names = self.qnames(node.func)
        owner = f"{self._stack[-1].name}." if self._stack else ""
        if any(n in self.src.layers and not _is_loss(self.src.layers.get(n)) or n in self.src.skeleton.CONTAINER_CLASSES
               for n in names) or self._draws_random(node, names):
            self._maybe_builders.add(owner + self._funcs[0] + "|")
        elif isinstance(node.func, cst.Name) and node.func.value in self.classes:
            self._maybe_builders.add(owner + self._funcs[0] + "|" + node.func.value)

    def classify(self, value: cst.BaseExpression) -> Attr:
        sk = self.src.skeleton
        if isinstance(value, cst.IfExp):
            # `nn.Conv1d(...) if c else None`: the layer, where it exists
            branches = [b for b in (value.body, value.orelse) if not m.matches(b, m.Name("None"))]
            if len(branches) == 1:
                return self.classify(branches[0])
        if m.matches(value, m.Attribute(value=m.Name("self"), attr=m.Name())) and self._stack and \
                value.attr.value in self._stack[-1].attrs:
            return self._stack[-1].attrs[value.attr.value]   # the same layer, e.g. put in a Sequential
        if getattr(sk, "LISTS_ARE_CONTAINERS", False) and isinstance(value, (cst.List, cst.Tuple, cst.ListComp)):
            # a plain list of layers is tracked by the source framework: a ModuleList
            comp = isinstance(value, cst.ListComp)
            elements = [self.classify(e) for e in ([value.elt] if comp else [e.value for e in value.elements])]
            if elements and all(e.kind in ("layer", "user", "container") for e in elements):
                return Attr("container", container="module_list", elements=elements, comprehension=comp)
            if elements and all(e.kind == "param" for e in elements):
                return Attr("container", container="param_list", elements=elements, comprehension=comp)
        if getattr(sk, "LISTS_ARE_CONTAINERS", False) and isinstance(value, (cst.Dict, cst.DictComp)):
            # a plain dict of layers (of variables), tracked alike: a ModuleDict (ParameterDict)
            comp = isinstance(value, cst.DictComp)
            values = [value.value] if comp else [e.value for e in value.elements if isinstance(e, cst.DictElement)]
            elements = [self.classify(v) for v in values]
            if elements and len(values) == len(value.elements if not comp else values):
                kind = "module_dict" if all(e.kind in ("layer", "user", "container") for e in elements) else \
                    "param_dict" if all(e.kind == "param" for e in elements) else None
                if kind is not None:
                    keys = () if comp else tuple(k.evaluated_value if isinstance(k := e.key, cst.SimpleString)
                                                 else None for e in value.elements)
                    return Attr("container", container=kind, elements=elements, comprehension=comp,
                                keys=keys if None not in keys else ())
        if not isinstance(value, cst.Call):
            return Attr("value")
        q = self.qnames(value.func)
        for name in q:
            if name in sk.CONTAINER_CLASSES:
                kind = sk.CONTAINER_CLASSES[name]
                elements = [self.classify(a.value) for a in value.args if not a.star]
                if value.args and isinstance(value.args[0].value, (cst.List, cst.Tuple)):
                    listed = value.args[0].value.elements
                    spread = next((i for i, e in enumerate(listed) if isinstance(e, cst.StarredElement)), len(listed))
                    # the elements after `*layers` sit at indices unknown here: they get no site (sizes)
                    elements = [self.classify(e.value) for e in listed[:spread]]
                if value.args and isinstance(value.args[0].value, cst.ListComp) and \
                        getattr(sk, "LISTS_ARE_CONTAINERS", False):   # a source whose comprehensions we read
                    return Attr("container", call=value, container=kind, comprehension=True,
                                elements=[self.classify(value.args[0].value.elt)])
                return Attr("container", call=value, container=kind, elements=elements)
            if name in sk.PARAMETER_CLASSES:
                return Attr("param", call=value)
            entry = self.src.layers.get(name)
            if entry is not None:
                return Attr("layer", entry=entry, call=value)
        if isinstance(value.func, cst.Name) and value.func.value in self.classes:
            return Attr("user", call=value, user_class=value.func.value)
        return Attr("value", call=value)

    def finish(self) -> None:
        """Mark module classes (bases resolve to the framework's module base, or another module)."""
        changed = True
        while changed:
            changed = False
            for name, bases in self._bases.items():
                facts = self.classes[name]
                if facts.is_module:
                    continue
                roots = set(self.src.skeleton.MODULE_BASES) | set(self.src.skeleton.CONTAINER_CLASSES)
                for i, b in enumerate(bases):
                    if b & roots:
                        facts.base_indices.append(i)
                    if b & roots or any(
                            x in self.classes and self.classes[x].is_module for x in b):
                        facts.is_module = changed = True
                        break
        for item in self._maybe_builders:
            fn, _, called = item.partition("|")
            owner = fn.split(".")[0] if "." in fn else None
            if called and not (called in self.classes and self.classes[called].is_module
                               and self.classes[called].has_init):
                continue   # a call to a plain class, not a module
            if owner is None or self.classes[owner].is_module:
                self.builders.add(fn)
        for facts in self.classes.values():
            for a in facts.attrs.values():
                if a.kind == "user" and not (a.user_class in self.classes and
                                             self.classes[a.user_class].is_module):
                    a.kind = "value"


def _is_loss(entry) -> bool:
    """A loss module (nn.MSELoss()): no weights, no random numbers; building one needs no Rngs."""
    from nnport.frameworks.loss_functions import INLINE, LOSSES
    return entry.op in LOSSES or entry.op in INLINE
