"""PyTorch as a target: the writer tables (layers.py, functions.py) attached to the torch entries.

Each pivot op is written by one entry of the torch tables (one per `fixed` variant, such as the
`ndim` of nn.Conv1d/2d/3d), the idiomatic one of those that read it. `install` gives those entries
their `emit`; an op missing from the tables, a table naming no entry, or an entry of another op
fails at import, with the name.
"""
from __future__ import annotations

from nnport.frameworks.torch.writing import attach

# Ops the torch tables read but never write: their readers refuse every use (see the entries).
NOT_WRITTEN = {
    "nonzero": "the readers (nonzero, argwhere, unique...) refuse: data-dependent shapes",
    "masked_select": "the readers refuse: a data-dependent shape",
    "manual_seed": "the reader refuses: global RNG state",
}


def _specs(value):
    """A table value -> [(api, write, extra ops)]."""
    out = []
    for item in value if isinstance(value, list) else [value]:
        api, write, *more = (item, True) if isinstance(item, str) else item
        out.append((api, True if write is None else write, more[0] if more else ()))
    return out


def install(registry, table: dict) -> None:
    for op, value in table.items():
        for api, write, more in _specs(value):
            entry = registry.get(api)
            if entry is None:
                raise KeyError(f"{registry.name}: writer of {op!r} is {api!r}, which has no entry")
            if entry.op != op:
                raise KeyError(f"{registry.name}: {api} reads {entry.op!r}, not {op!r}")
            attach(entry, write)
            for extra in more:
                registry.add_op(extra, entry)
    missing = {e.op for e in registry} - set(table) - set(NOT_WRITTEN)
    if missing:
        raise KeyError(f"{registry.name}: no torch writer for pivot ops {sorted(missing)}")
