"""Which layer differs: feed each target submodule the inputs its source counterpart received.

The source side records every module's first call (inputs, output) by path. Here the target
module at the same path runs on those inputs and its output is compared with the recorded one.
Inside a translation, a target layer may compute channels-last while the source is channels-first
(conv and pool layers of a channels-last framework): when the target table entry says
`layout="channels_last"` that layout is tried first, otherwise the inputs as they are; then the
other one (for a channels-last source, Keras, its inputs moved to channels first too). The one used
is reported. (Translated user classes keep the source layout.)
The innermost differing module (no differing module below it) is the defect's place.
A Keras layer whose module returns another structure or shape (a Keras LSTM's last state, nn.LSTM's
(output, (h, c)); a global pool written as nn.AdaptiveAvgPool + flatten) has no comparable counterpart.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from nnport import frameworks
from nnport.verify.compare import ERROR, MATCH, MISMATCH, Tolerance, compare_trees
from nnport.verify.tree import is_array, map_leaves

AS_IS, CHANNELS_LAST, CHANNELS_FIRST = "as is", "channels-last", "channels-first"
NO_COUNTERPART = "no counterpart"
OTHER_INTERFACE = ("structure differs", "shape ")   # of a Keras layer and the module it became


@dataclass
class LayerCheck:
    path: str                 # source module path, "" for the model itself
    cls: str                  # source class
    target_cls: str = ""
    status: str = MATCH       # match | mismatch | error | "no counterpart"
    max_abs: float | None = None
    max_rel: float | None = None
    limit: float | None = None
    layout: str = AS_IS
    message: str = ""
    order: int = 0            # call order in the source forward

    def to_dict(self) -> dict:
        return asdict(self)


def _channels_last(tree, forward: bool):
    src, dst = (1, -1) if forward else (-1, 1)
    return map_leaves(tree, lambda a: np.moveaxis(a, src, dst) if is_array(a) and np.ndim(a) >= 3 else a)


def _has_image(tree) -> bool:
    found = []
    map_leaves(tree, lambda a: found.append(is_array(a) and np.ndim(a) >= 3))
    return any(found)


def _layouts(rt, mod, channels_last_source: bool = False) -> list[str]:
    from nnport.weights.transfer import _entry_for
    try:
        entry = _entry_for(mod, frameworks.get(rt.NAME).layers, rt)
    except Exception:  # noqa: BLE001 - a callable that is no module: no table entry
        entry = None
    if entry is not None and entry.layout == "channels_last":
        return [CHANNELS_LAST, AS_IS]
    return [AS_IS, CHANNELS_FIRST, CHANNELS_LAST] if channels_last_source else [AS_IS, CHANNELS_LAST]


def _attempt(rt, mod, rec, layout: str, tol: Tolerance, train: bool):
    args, kwargs = rec["args"], rec["kwargs"]
    if layout != AS_IS:   # channels-first: a channels-last source's inputs moved for the target
        forward = layout == CHANNELS_LAST
        args, kwargs = _channels_last(args, forward), _channels_last(kwargs, forward)
    got = rt.call(mod, args, kwargs, train=train)
    if layout != AS_IS:
        got = _channels_last(got, not forward)
    checks = compare_trees("", rec["output"], got, tol)
    worst = max(checks, key=lambda c: (c.status != MATCH, c.max_rel or 0.0))
    return worst


def _callable_name(mod) -> str:
    """A layer object, a function or a functools.partial -> its class or function name."""
    fn = getattr(mod, "func", mod)
    return getattr(fn, "__name__", None) or type(mod).__name__


def _rel(check) -> float:
    return np.inf if check.max_rel is None else check.max_rel


def check_layer(rt, model, rec: dict, order: int, tol: Tolerance, train: bool) -> LayerCheck:
    path = ".".join(rec["path"])
    lc = LayerCheck(path, rec["cls"], order=order)
    mod = rt.find(model, tuple(rec["path"]))
    if mod is None or not callable(mod):
        lc.status, lc.message = NO_COUNTERPART, "no callable at this path in the target"
        return lc
    lc.target_cls = _callable_name(mod)
    keras = rec.get("module", "").startswith("keras")
    layouts = _layouts(rt, mod, keras)
    if not (_has_image(rec["args"]) or _has_image(rec["kwargs"])):
        layouts = [AS_IS]
    tried = []   # (layout, worst Check or None, error text)
    for layout in layouts:
        try:
            worst = _attempt(rt, mod, rec, layout, tol, train)
        except Exception as e:  # noqa: BLE001 - the target layer failing on the source's inputs
            tried.append((layout, None, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"))
            continue
        tried.append((layout, worst, ""))
        if worst.status == MATCH:
            break
    ran = [t for t in tried if t[1] is not None]
    layout, worst, err = min(ran, key=lambda t: (t[1].status != MATCH, _rel(t[1]))) if ran else tried[0]
    lc.layout = layout
    if worst is None:
        lc.status, lc.message = ERROR, err
    else:
        lc.status, lc.message = worst.status, worst.message
        lc.max_abs, lc.max_rel, lc.limit = worst.max_abs, worst.max_rel, worst.limit
    if keras and lc.status == MISMATCH and lc.message.startswith(OTHER_INTERFACE):
        lc.status = NO_COUNTERPART   # a Keras LSTM's last state vs nn.LSTM's (output, (h, c)): not comparable
        lc.message = f"the target layer returns another structure or shape: {lc.message}"
    return lc


def localize(rt, model, records: list[dict], tol: Tolerance, *, train: bool) -> list[LayerCheck]:
    return [check_layer(rt, model, rec, i, tol, train) for i, rec in enumerate(records)]


def innermost(layers: list[LayerCheck]) -> list[LayerCheck]:
    """Differing layers with no differing layer inside them, in source call order."""
    bad = [lc for lc in layers if lc.status in (MISMATCH, ERROR)]

    def inside(inner: str, outer: str) -> bool:
        return inner != outer and (outer == "" or inner.startswith(outer + "."))
    return [lc for lc in bad if not any(inside(o.path, lc.path) for o in bad)]
