"""PyTorch helper classes with semantics no PyTorch layer has (the running variance of Keras', Gluon's
and Flax's batch norms follows the biased batch variance; Gluon's group norm has one scale and shift
per group), as translations into PyTorch write them, and as the PyTorch reader reads them back.

Declared as data: a helper's name pattern (`{prefix}` the writer's choice: Keras, Gluon, Flax...),
its definition, the table layer it is read as and the flags its reading sets in `canon.extra`. A
class of a PyTorch file is this helper when its definition is the declared one with that prefix
(docstrings aside): `prepare` takes it out of the file and names its constructions as the helper's
reader entry (torch/layers/helpers.py); every writer of the layer honours the flags or refuses them.
The PyTorch writer writes the helper again (writers/hooks.py: flagged).
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

BATCH_NORM = '''
class {prefix}BatchNorm{n}d(nn.BatchNorm{n}d):
    """nn.BatchNorm{n}d as {prefix} trains it: the running variance follows the biased batch
    variance (nn.BatchNorm{n}d uses the unbiased one)."""

    def forward(self, x):
        if not self.training:
            return super().forward(x)
        dims = [0, *range(2, x.dim())]
        with torch.no_grad():
            self.running_mean.lerp_(x.mean(dims), self.momentum)
            self.running_var.lerp_(x.var(dims, unbiased=False), self.momentum)
        return F.batch_norm(x, None, None, self.weight, self.bias, True, 0.0, self.eps)
'''

LAZY_BATCH_NORM = '''
class {prefix}LazyBatchNorm{n}d(nn.LazyBatchNorm{n}d):
    """nn.LazyBatchNorm{n}d (num_features from the first call) that becomes a {prefix}BatchNorm{n}d."""

    cls_to_become = {prefix}BatchNorm{n}d
    forward = {prefix}BatchNorm{n}d.forward
'''

GROUP_NORM = '''class {prefix}GroupNorm(nn.GroupNorm):
    """nn.GroupNorm as {prefix} 1.x computes it: one scale and one shift per group, not per channel."""

    def __init__(self, num_groups, num_channels, eps=1e-05):
        super().__init__(num_groups, num_channels, eps=eps, affine=False)
        self.weight = nn.Parameter(torch.ones(num_groups))
        self.bias = nn.Parameter(torch.zeros(num_groups))

    def forward(self, x):
        y = F.group_norm(x, self.num_groups, None, None, self.eps)
        shape = (1, -1) + (1,) * (x.dim() - 2)
        per = self.num_channels // self.num_groups
        return y * self.weight.repeat_interleave(per).view(shape) + self.bias.repeat_interleave(per).view(shape)
'''


@dataclass(frozen=True)
class Helper:
    pattern: str                 # class name, "{prefix}" and "{n}" (the rank) to fill in
    definition: str
    reads_as: str                # the table layer it is read as (its arguments, weights, fixed)
    flags: dict = field(default_factory=dict)   # set in canon.extra when read
    needs: tuple[str, ...] = ()  # patterns of helpers its definition uses (written before it)
    default_prefix: str = ""     # the writer's prefix where no reading named one

    def name(self, prefix: str, n: str = "") -> str:
        return self.pattern.replace("{prefix}", prefix).replace("{n}", n)

    def text(self, prefix: str, n: str = "") -> str:
        return self.definition.replace("{prefix}", prefix).replace("{n}", n).strip("\n") + "\n"

    def api(self, n: str = "") -> str:
        """Its reader entry's name: the layer's and the flags (no class of any framework has it)."""
        return self.reads_as.rpartition(".")[2].replace("{n}", n) + "".join(f"_{k}" for k in sorted(self.flags))

    def match(self, name: str):
        """(prefix, rank) when `name` fits the pattern, else None."""
        rx = re.escape(self.pattern).replace(re.escape("{prefix}"), r"(?P<prefix>\w*?)").replace(
            re.escape("{n}"), r"(?P<n>[123])")
        found = re.fullmatch(rx, name)
        return None if found is None else (found.group("prefix"), found.groupdict().get("n") or "")


BIASED = {"biased_var": True}
HELPERS: tuple[Helper, ...] = (
    Helper("{prefix}BatchNorm{n}d", BATCH_NORM, "torch.nn.BatchNorm{n}d", BIASED, default_prefix="Biased"),
    Helper("{prefix}LazyBatchNorm{n}d", LAZY_BATCH_NORM, "torch.nn.LazyBatchNorm{n}d", BIASED,
           needs=("{prefix}BatchNorm{n}d",), default_prefix="Biased"),
    Helper("{prefix}GroupNorm", GROUP_NORM, "torch.nn.GroupNorm", {"per_group": True}, default_prefix="PerGroup"),
)
FLAGS = frozenset(k for h in HELPERS for k in h.flags)


def ranks(h: Helper) -> tuple[str, ...]:
    return ("1", "2", "3") if "{n}" in h.reads_as else ("",)


def reader_apis() -> dict[str, str]:
    """Each helper's reader entry -> the table layer it is read as (its signature, weights)."""
    return {h.api(n): h.reads_as.replace("{n}", n) for h in HELPERS for n in ranks(h)}


def by_pattern(pattern: str) -> Helper:
    return next(h for h in HELPERS if h.pattern == pattern)


def for_layer(api: str, flags: dict) -> Helper | None:
    """The helper writing table layer `api` (nn.BatchNorm2d) with these flags, if one does."""
    for h in HELPERS:
        for n in ranks(h):
            if h.reads_as.replace("{n}", n) == api and all(flags.get(k) == v for k, v in h.flags.items()):
                return h
    return None


def _shape(node: ast.ClassDef) -> str:
    """The class without its docstrings (which a person may reword), as a comparable string."""
    def strip(body):
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and \
                isinstance(body[0].value.value, str):
            body = body[1:]
        return [ast.FunctionDef(**{**vars(s), "body": strip(s.body)}) if isinstance(s, ast.FunctionDef) else s
                for s in body]
    return ast.dump(ast.ClassDef(**{**vars(node), "body": strip(node.body)}), include_attributes=False)


def recognise(tree: ast.Module) -> dict[str, tuple[Helper, str, str, ast.ClassDef]]:
    """Module-level classes that are declared helpers: name -> (helper, prefix, rank, class node)."""
    out = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or not node.bases:
            continue
        for h in HELPERS:
            got = h.match(node.name)
            if got is None:
                continue
            want = ast.parse(h.text(*got)).body[0]
            if _shape(want) == _shape(node):
                out[node.name] = (h, *got, node)
                break
    return out
