"""What emit hooks may ask of the engine while one call is translated."""
from __future__ import annotations

from dataclasses import dataclass, field

from nnport.diagnostics import Diagnostic


@dataclass
class Ctx:
    src: object                      # Framework
    dst: object                      # Framework
    filename: str = "<string>"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    channels_last: bool = False      # the layer being written computes with channels last
    helpers: dict[str, str] = field(default_factory=dict)   # helper name -> source, emitted once
    class_needs: set[str] = field(default_factory=set)      # per-class requirements ("rngs", "training")
    rngs: object = None   # () -> expression of the Rngs object in scope (set by the Translator)
    flagger: object = None   # (node, message, api, severity) -> None (set by the Translator)
    scalar_names: object = None   # () -> names the function binds to Python numbers (skeleton.may_be_int)
    node: object = None      # the call being translated (source node), for note()
    in_forward: bool = False   # a layer's call site (Entry.call) has the training flag at hand (forward)
    source_facts: object = None   # what the source skeleton's `prepare` found (recorded sizes...)
    sites: dict = field(default_factory=dict)   # construction call id -> (class, attribute path)
    known_modules: frozenset = frozenset()   # module classes other files of the project define (names bound here)

    def note(self, message: str, api: str = "", severity: str = "info") -> None:
        """A diagnostic at the call being translated (e.g. an assumption a hook made)."""
        self.flagger(self.node, message, api, severity)

    def need_helper(self, name: str, source: str) -> str:
        self.helpers.setdefault(name, source)
        return name

    def need(self, what: str) -> None:
        self.class_needs.add(what)
