"""MXNet Gluon 1.9 at run time (imported only by weights/verify, in an interpreter that has mxnet:
`.venv-mxnet`): walk blocks, read and write parameters, run, record and differentiate.

Facts of Gluon 1.9.1 on CPU this module relies on (measured, tests/gluon/test_runtime.py):
- a block's sub-blocks are `_children` (attribute name -> block; "0", "1"... in a Sequential), its own
  parameters `_reg_params` (attribute name -> Parameter); running statistics are Parameters with
  grad_req 'null';
- `in_units=0` / `in_channels=0` defer a parameter's shape to the first call (`prepare` runs it);
- BatchNorm updates its running statistics in the *backward* pass of a recorded training forward (a
  forward under autograd.train_mode alone leaves them as they were), with the biased batch variance
  and running = momentum * running + (1 - momentum) * batch. A training-mode `call` therefore records
  the forward and back-propagates a zero loss, which updates the statistics as a training step would
  and changes nothing else (the gradients it writes are overwritten by the next backward).
"""
from __future__ import annotations

import numpy as np

from nnport.frameworks.runtime_common import follow, resolve  # noqa: F401  (part of the runtime protocol)

NAME = "mxnet"


def owns(model) -> bool:
    return any(c.__module__.startswith("mxnet.gluon") and c.__name__ == "Block" for c in type(model).__mro__)


# ------------------------------------------------------------------ walking blocks and parameters

def child(mod, part: str):
    """The sub-block a path component names (attribute, or Sequential index), or a list of
    Parameters the block holds (a translated ParameterList)."""
    found = getattr(mod, "_children", {}).get(part)
    return found if found is not None else _parameter_lists(mod).get(part)


class ParameterList:
    """A block's list of Parameters (PyTorch's nn.ParameterList, translated as numbered parameters
    self.ws0, self.ws1... and the list self.ws): a path component whose parameters are "0", "1"..."""

    def __init__(self, params):
        self._reg_params = {str(k): p for k, p in enumerate(params)}
        self._children = {}


def _parameter_lists(mod) -> dict[str, ParameterList]:
    from mxnet import gluon
    return {k: ParameterList(v) for k, v in vars(mod).items() if isinstance(v, list) and v and
            all(isinstance(p, gluon.Parameter) for p in v)}


def find(model, path: tuple[str, ...]):
    return follow(child, model, path)


def modules(model, path: tuple[str, ...] = ()):
    """(path, block) for the model and every sub-block, parents first."""
    yield path, model
    for name, sub in getattr(model, "_children", {}).items():
        yield from modules(sub, (*path, name))


def variables(model) -> dict[tuple, object]:
    """Every Parameter by path (trainable ones and running statistics); those of a list of Parameters
    by the list's name and their index (PyTorch's `ws.0`), not as the numbered attributes. A block held
    twice (`self.conv1` also in `self.net`) is listed at its first path, as PyTorch's named_modules does."""
    out, seen = {}, set()
    for path, mod in modules(model):
        if id(mod) in seen:
            continue
        seen.add(id(mod))
        lists = _parameter_lists(mod)
        listed = {id(p) for ps in lists.values() for p in ps._reg_params.values()}
        out.update({(*path, name): p for name, p in mod._reg_params.items() if id(p) not in listed})
        out.update({(*path, name, k): p for name, ps in lists.items() for k, p in ps._reg_params.items()})
    return out


def _value(p) -> np.ndarray:
    from mxnet.gluon.parameter import DeferredInitializationError
    try:
        return p.data().asnumpy().copy()
    except DeferredInitializationError:
        raise ValueError(f"parameter {p.name} has no shape yet (deferred initialisation): run the model "
                         "once first (prepare)") from None


def parameters(model) -> dict[tuple, np.ndarray]:
    return {k: _value(p) for k, p in variables(model).items() if p.grad_req != "null"}


def buffers(model) -> dict[tuple, np.ndarray]:
    """Non-trainable state a training forward may change (running statistics)."""
    return {k: _value(p) for k, p in variables(model).items() if p.grad_req == "null"}


def get_array(mod, name: str) -> np.ndarray | None:
    """A parameter of the block itself, as numpy; None when it has none of that name."""
    p = mod._reg_params.get(name)
    return None if p is None else _value(p)


def set_array(mod, name: str, value: np.ndarray) -> tuple:
    """Write a parameter of the block (it stays the same Parameter); the shape must fit."""
    from mxnet import nd
    p = mod._reg_params[name]
    old = tuple(p.shape)
    if old != tuple(value.shape):
        raise ValueError(f"shape {tuple(value.shape)} does not fit {old}")
    p.set_data(nd.array(np.ascontiguousarray(value), dtype=p.dtype))
    return old


def unbuilt(model) -> list[str]:
    """Paths of the parameters whose shape is still deferred (0 in a dimension)."""
    return [".".join(k) for k, p in variables(model).items() if p.shape is None or 0 in tuple(p.shape)]


def prepare(model, example_inputs) -> None:
    """Run the model once on the example inputs (inference mode) where some parameter is still
    deferred, so that a weight transfer writes parameters that exist."""
    if not unbuilt(model):
        return
    if example_inputs is None:
        from nnport.errors import WeightTransferError
        raise WeightTransferError(f"the Gluon model has parameters of deferred shape ({', '.join(unbuilt(model))}): "
                                  "call it once, or pass example_inputs=, before copying weights")
    call(model, list(example_inputs), {}, train=False)


def check_built(model) -> None:
    from nnport.errors import WeightTransferError
    missing = unbuilt(model)
    if missing:
        raise WeightTransferError(f"the Gluon model still has parameters of deferred shape after a call: "
                                  f"{', '.join(missing[:6])}")


# ------------------------------------------------------------------ verify: build, run, record, grads

def set_seed(n: int) -> None:
    import mxnet as mx
    mx.random.seed(n)
    np.random.seed(n)


def build(cls, args, kwargs, seed: int):
    """The model, its parameters initialised (Gluon's default initialiser, seeded). It remembers
    how it was made, for `copy`."""
    set_seed(seed)
    model = cls(*args, **kwargs)
    model.initialize()
    model._nnport_build = (cls, list(args), dict(kwargs))
    return model


def hybridize(model) -> str:
    """Hybridize the model's HybridBlocks (their next call builds the cached graphs): "hybridized"
    when the model is one, "partly hybridized" when only blocks inside it are (an imperative Block
    holding HybridBlocks), "" when there is none."""
    from mxnet import gluon
    model.hybridize()   # Block.hybridize reaches every HybridBlock below
    if isinstance(model, gluon.HybridBlock):
        return "hybridized"
    inner = any(isinstance(b, gluon.HybridBlock) and type(b).__module__.split(".")[0] != "mxnet"
                for _, b in modules(model))   # a translated class, not a Gluon layer
    return "partly hybridized" if inner else ""


def set_mode(model, train: bool) -> None:
    """Gluon has no per-model mode: each call says it (autograd.train_mode / predict_mode)."""


def copy(model):
    """Another model with the same parameters (and hybridization): built again as `build` made it,
    every parameter loaded by path. (copy.deepcopy of a Gluon block loses the parameters' autograd
    marks, and fails on a hybridized block that has run.)"""
    import mxnet as mx
    spec = getattr(model, "_nnport_build", None)
    if spec is None:
        raise TypeError(f"cannot copy a {type(model).__name__} that nnport's runtime.build did not make")
    cls, args, kwargs = spec
    new = cls(*args, **kwargs)
    new.initialize()
    new._nnport_build = spec
    mine = variables(new)
    for key, p in variables(model).items():
        mine[key]._load_init(p.data().copy(), mx.cpu())
    if getattr(model, "_active", False):
        new.hybridize()
    return new


def to_numpy(tree):
    """NDArrays in a nested value as numpy arrays (copies); other leaves unchanged."""
    from mxnet import nd
    from nnport.verify.tree import map_leaves
    return map_leaves(tree, lambda x: x.asnumpy().copy() if isinstance(x, nd.NDArray) else x)


def from_numpy(tree):
    from mxnet import nd
    from nnport.verify.tree import is_array, map_leaves
    return map_leaves(tree, lambda a: nd.array(a, dtype=a.dtype) if is_array(a) else a)


def _forward(mod, args, kwargs, train: bool):
    """Outputs as NDArrays; a training forward is recorded and a zero loss back-propagated (the
    running statistics update in the backward pass; where no parameter trains, as in a lone
    BatchNorm(affine=False), the float inputs take gradients so that the backward still runs)."""
    from mxnet import autograd, nd
    from nnport.verify.tree import leaves
    xs, kw = from_numpy(list(args)), from_numpy(dict(kwargs))
    if not train:
        with autograd.predict_mode():
            return mod(*xs, **kw)
    trains = any(p.grad_req != "null" for p in variables(mod).values())
    for x in xs if not trains else ():
        if isinstance(x, nd.NDArray) and np.dtype(x.dtype).kind == "f":
            x.attach_grad()
    with autograd.record(train_mode=True):
        out = mod(*xs, **kw)
        heads = [v for _, v in leaves(out) if isinstance(v, nd.NDArray) and np.dtype(v.dtype).kind == "f"]
        loss = sum((h * 0).sum() for h in heads) if heads else None
    if loss is not None:
        loss.backward()
    return out


def call(mod, args, kwargs, *, train: bool):
    """Run one block (or the model) on numpy inputs; numpy outputs. MXNet runs operators
    asynchronously: waitall raises an error of this run here, not in a later one."""
    from mxnet import nd
    try:
        return to_numpy(_forward(mod, args, kwargs, train))
    finally:
        nd.waitall()


def run(model, inputs, *, train: bool, seed: int):
    set_seed(seed)
    return call(model, inputs, {}, train=train)


def record(model, inputs, *, train: bool, seed: int, max_bytes: int):
    """Every block's first call in call order: {path, cls, module, args, kwargs, output} as numpy,
    captured by Gluon's forward hooks (a hybridized block runs as one graph: its sub-blocks are not
    seen, so record runs a copy that is not hybridized)."""
    from nnport.verify.tree import nbytes
    model = _unhybridized(model)
    names = {id(m): p for p, m in modules(model)}
    calls: dict[tuple, dict] = {}
    held = [0]

    def pre(block, args):
        path = names.get(id(block))
        if path is not None and path not in calls and held[0] < max_bytes:
            rec = {"path": path, "cls": type(block).__name__, "module": type(block).__module__,
                   "args": to_numpy(tuple(args)), "kwargs": {}, "output": None}
            held[0] += nbytes(rec["args"])
            calls[path] = rec

    def post(block, args, output):
        rec = calls.get(names.get(id(block)))
        if rec is not None and rec["output"] is None:
            rec["output"] = to_numpy(output)
            held[0] += nbytes(rec["output"])

    handles = []
    for _, m in modules(model):
        handles.append(m.register_forward_pre_hook(pre))
        handles.append(m.register_forward_hook(post))
    try:
        run(model, inputs, train=train, seed=seed)
    finally:
        for h in handles:
            h.detach()
    return [r for r in calls.values() if r["output"] is not None]


def _unhybridized(model):
    if not any(getattr(m, "_active", False) for _, m in modules(model)):
        return model
    model = copy(model)
    model.hybridize(active=False)   # every sub-block too
    return model


def gradients(model, inputs, projections: dict, *, train: bool, seed: int):
    """Gradients of loss = sum over output leaves p of sum(out[p] * projections[p]).
    Returns (gradients of the float inputs, None for the others; a copy of the model whose
    parameters hold their gradients, running statistics zero).
    Gluon 1.9's BatchNorm back-propagates an inference-mode forward as if it had used the batch
    statistics (wrong gradients); an inference-mode gradient therefore runs with use_global_stats
    switched on in every batch norm, which is what inference computes, forward and backward."""
    from mxnet import autograd, nd
    from nnport.verify.tree import leaves
    set_seed(seed)
    work = _unhybridized(model)   # a copy when hybridized: the switch below must reach every op
    switched = [] if train else _use_global_stats(work)
    try:
        xs = from_numpy(list(inputs))
        wrt = [x for x in xs if isinstance(x, nd.NDArray) and np.dtype(x.dtype).kind == "f"]
        for x in wrt:
            x.attach_grad()
        with autograd.record(train_mode=train):
            out = dict(leaves(work(*xs)))
            loss = sum((out[p] * nd.array(np.asarray(w), dtype=out[p].dtype)).sum() for p, w in projections.items())
        loss.backward()
    finally:
        for kw, before in switched:
            kw["use_global_stats"] = before
    in_grads = [x.grad.asnumpy().copy() if any(x is w for w in wrt) else None for x in xs]
    holder = copy(work)
    held = variables(holder)
    for k, p in variables(work).items():
        g = np.zeros(p.shape, dtype=p.dtype) if p.grad_req == "null" else p.grad().asnumpy()
        held[k].set_data(nd.array(g, dtype=p.dtype))
    return in_grads, holder


def _use_global_stats(model) -> list[tuple[dict, bool]]:
    """Switch use_global_stats on in every batch norm; returns what to restore."""
    out = []
    for _, m in modules(model):
        kw = getattr(m, "_kwargs", None)
        if isinstance(kw, dict) and "use_global_stats" in kw:
            out.append((kw, kw["use_global_stats"]))
            kw["use_global_stats"] = True
    return out
