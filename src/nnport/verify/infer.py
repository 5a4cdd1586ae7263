"""A plausible model input when none is given, read from the first layer with weights.

The rule per pivot op is data: which canonical weight, which of its axis labels gives the size,
and the input it suggests. Layers are taken in the order the model registered them.
"""
from __future__ import annotations

from nnport import frameworks
from nnport.verify.specs import TensorSpec
from nnport.weights.layouts import expand

# pivot op: (canonical weight, axis label, kind of input)
RULES = {
    "conv": ("weight", "in", "image"),
    "conv_transpose": ("weight", "in", "image"),
    "linear": ("weight", "in", "features"),
    "embedding": ("weight", "num", "tokens"),
    "embedding_bag": ("weight", "num", "tokens"),
    "lstm": ("weight_ih_l0", "in", "sequence"),
    "gru": ("weight_ih_l0", "in", "sequence"),
    "rnn": ("weight_ih_l0", "in", "sequence"),
    "lstm_cell": ("weight_ih", "in", "features"),
    "gru_cell": ("weight_ih", "in", "features"),
    "rnn_cell": ("weight_ih", "in", "features"),
    "batch_norm": ("weight", "c", "image"),
    "layer_norm": ("weight", "*s", "normalized"),
}
SPATIAL = {1: 64, 2: 32, 3: 16}   # side of a made-up image, by spatial rank


def infer_inputs(export) -> tuple[list[TensorSpec], str] | None:
    """([spec], what was assumed) from a WeightExport, or None when no rule applies."""
    fw = frameworks.get(export.framework)
    for rec in export.modules:
        entry = fw.layers.get(rec.api) if rec.api else None
        rule = RULES.get(entry.op) if entry else None
        if rule is None:
            continue
        wname, label, kind = rule
        # a table names weights by framework name; recurrent tables match names by pattern
        name, w = next(((n, w) for n, w in entry.weights.items() if w.name == wname),
                       (wname, entry.weights.get(wname)))
        array = rec.arrays.get(name)
        if w is None or array is None:
            continue
        spec = _spec(kind, array.shape, expand(w.axes, array.ndim), label, entry)
        if spec is not None:
            where = ".".join(rec.path) or "<root>"
            return [spec], f"input {spec} assumed from the first layer {where} ({entry.api})"
    return None


def _spec(kind: str, shape, labels: list[str], label: str, entry) -> TensorSpec | None:
    if kind == "normalized":
        return TensorSpec("float32", (2, 8) + tuple(shape))
    size = shape[labels.index(label)] if label in labels else None
    if size is None:
        return None
    if kind == "image":
        rank = len(shape) - 2 if label == "in" else int(entry.fixed.get("ndim", "2"))
        return TensorSpec("float32", (2, size) + (SPATIAL.get(rank, 16),) * rank)
    if kind == "features":
        return TensorSpec("float32", (2, size))
    if kind == "sequence":
        return TensorSpec("float32", (2, 8, size))
    return TensorSpec("int64", (2, 8), 0, size)
