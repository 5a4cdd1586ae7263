"""What every rewrite unit shares: the import aliases, node positions, the recorded run, diagnostics."""
from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from nnport.diagnostics import Diagnostic
from nnport.frameworks.flax.linen.layers import LAYERS, LINEN
from nnport.translate.names import qualified


@dataclass
class Ctx:
    aliases: dict
    positions: dict                  # original node -> CodeRange
    record: object | None            # sizes.Record, or None when the model could not be run
    filename: str
    user: set = field(default_factory=set)       # Linen classes defined in the file
    diags: list = field(default_factory=list)
    names: dict = field(default_factory=dict)    # (class, Linen name) -> NNX path ("dense_layers.1")
    fields: dict = field(default_factory=dict)   # user class -> its field names, in order
    sized: set = field(default_factory=set)      # user classes given an `in_features` parameter
    partials: dict = field(default_factory=dict) # `conv = partial(nn.Conv, ...)` in this method: name -> call

    def made(self, owner: str, node) -> list[list]:
        """Per instance of `owner` the run saw, the modules it constructed at `node` (call order)."""
        site = self.site(node)
        if self.record is None or site is None:
            return []
        found = self.record.at(owner, site)
        if not found:          # built here, bound elsewhere: a Sequential's layers, an RNN's cell
            found = self.record.at(None, site)
        return list(found.values())

    def linen(self, node) -> str | None:
        """`X` when `node` names flax.linen.X."""
        for q in qualified(node, self.aliases):
            if q.startswith(LINEN + "."):
                return q[len(LINEN) + 1:]
        return None

    def layer(self, call: cst.Call) -> str | None:
        """The Linen layer or user module a call constructs (its Linen class name), else None."""
        if isinstance(call.func, cst.Name) and call.func.value in self.user:
            return call.func.value
        if isinstance(call.func, cst.Name) and call.func.value in self.partials:
            return self.linen(self.partials[call.func.value].args[0].value)
        name = self.linen(call.func)
        return name if name in LAYERS else None

    def partial(self, call) -> bool:
        """`functools.partial(nn.Conv, use_bias=False)`: a Linen layer with keywords bound."""
        return isinstance(call, cst.Call) and "functools.partial" in qualified(call.func, self.aliases) \
            and len(call.args) > 0 and self.linen(call.args[0].value) in LAYERS \
            and all(a.keyword is not None for a in call.args[1:])

    def expand(self, call: cst.Call) -> cst.Call:
        """`conv(64, (3, 3))` with `conv = partial(nn.Conv, use_bias=False)` -> `nn.Conv(64, (3, 3),
        use_bias=False)` (keywords the call gives win)."""
        if not (isinstance(call.func, cst.Name) and call.func.value in self.partials):
            return call
        bound = self.partials[call.func.value]
        given = {a.keyword.value for a in call.args if a.keyword}
        extra = [a for a in bound.args[1:] if a.keyword.value not in given]
        return call.with_changes(func=bound.args[0].value, args=[*call.args, *extra])

    def site(self, node) -> tuple[int, int] | None:
        pos = self.positions.get(node)
        return None if pos is None else (pos.start.line, pos.start.column)

    def warn(self, node, message: str, api: str = "", severity: str = "warning"):
        site = self.site(node) or (1, 0)
        self.diags.append(Diagnostic(severity, site[0], site[1] + 1, message, api, self.filename))
