"""Gluon parameter names -> canonical (pivot) weights, for transfers from a Gluon model.

BatchNorm: gamma/beta/running_mean/running_var are PyTorch's weight/bias/running_mean/running_var.
Recurrent layers: `l{k}_i2h_weight` ((gates * H, in); LSTM gates i, f, g, o and GRU r, z, n, as
PyTorch's: measured, notes/issue5.md), `l{k}_h2h_weight`, `l{k}_i2h_bias`, `l{k}_h2h_bias`; `r{k}_*`
for the reverse direction -> weight_ih_l{k}{_reverse} & co.
"""
from __future__ import annotations

import re

from nnport.frameworks.spec import W
from nnport.frameworks.torch.layers.recurrent import PatternWeights

NORM = {"gamma": W("weight", "c"), "beta": W("bias", "c"), "running_mean": W("running_mean", "c"),
        "running_var": W("running_var", "c")}

_RNN_NAME = re.compile(r"^([lr])(\d+)_(i2h|h2h)_(weight|bias)$")


class _RnnWeights(PatternWeights):
    def __missing__(self, name: str) -> W:
        found = self.pattern.match(name) if isinstance(name, str) else None
        if found is None:
            raise KeyError(name)
        direction, k, kind, what = found.groups()
        canon = f"{what}_{'ih' if kind == 'i2h' else 'hh'}_l{k}{'_reverse' if direction == 'r' else ''}"
        return W(canon, "out,in" if what == "weight" else "out")


RNN = _RnnWeights(_RNN_NAME, None)
