"""torch layers: the helper classes translations into PyTorch write (torch/helper_classes.py), read as
the table layer they derive from with their flags in `canon.extra` (`biased_var`, `per_group`), the
helper's name kept for the PyTorch writer. Reached only through `prepare` (torch/prepare.py), which
names a class of the file as one of these entries when its definition is the declared helper's."""
import dataclasses

from nnport.frameworks.torch.helper_classes import HELPERS, ranks
from nnport.frameworks.torch.layers._registry import LAYERS, layer


def flagged(helper, base_read):
    def read(c, ctx):
        node = getattr(ctx, "node", None)
        name = getattr(getattr(node, "func", None), "value", None)
        c.extra.update(helper.flags)
        if isinstance(name, str):
            c.extra["helper"], c.extra["api"] = name, name
        return base_read(c, ctx) if base_read is not None else c
    return read


for _h in HELPERS:
    for _n in ranks(_h):
        _base = LAYERS.get(_h.reads_as.replace("{n}", _n))
        layer(_h.api(_n), _base.op, _base.signature, **{
            f.name: getattr(_base, f.name) for f in dataclasses.fields(_base)
            if f.name in ("rename", "fixed", "ignore", "weights", "layout")}, read=flagged(_h, _base.read),
            notes=f"{_h.name('<prefix>', _n)} helper class of a translation into PyTorch, read as "
                  f"{_base.api} with {', '.join(sorted(_h.flags))}")
