"""PyTorch at run time (imported only by weights/verify): walk modules, read and write arrays."""
from __future__ import annotations

import numpy as np

from nnport.frameworks.runtime_common import follow, resolve  # noqa: F401  (part of the runtime protocol)

NAME = "torch"


def owns(model) -> bool:
    return any(c.__module__.startswith("torch.nn") and c.__name__ == "Module" for c in type(model).__mro__)


def modules(model):
    """(path tuple, module, {local name: numpy array}) for every module, parents first. A parametrized
    layer's arrays are its own: torch.nn.utils.parametrizations.weight_norm's original0 / original1 are
    `weight_g` / `weight_v`, as the old torch.nn.utils.weight_norm names them."""
    inner = set()
    for name, mod in model.named_modules():
        if name.rpartition(".")[0] in inner or name in inner:
            inner.add(name)   # parametrizations and their children: read at the layer
            continue
        path = tuple(name.split(".")) if name else ()
        arrays = {k: v.detach().cpu().numpy() for k, v in mod.named_parameters(recurse=False)}
        arrays.update({k: v.detach().cpu().numpy() for k, v in mod.named_buffers(recurse=False)
                       if v is not None and k != "num_batches_tracked"})
        if _parametrized(mod):
            inner.add(f"{name}.parametrizations" if name else "parametrizations")
            arrays.update(_parametrized_arrays(mod))
        yield path, mod, arrays


def _parametrized(mod) -> bool:
    from torch.nn.utils import parametrize
    return parametrize.is_parametrized(mod)


def _parametrized_arrays(mod) -> dict:
    """weight_norm's (g, v) as `<name>_g`, `<name>_v`; any other parametrization's originals by their
    path (no table has a layout for them: the transfer refuses them by name)."""
    from torch.nn.utils.parametrizations import _WeightNorm
    out = {}
    for pname, plist in mod.parametrizations.items():
        originals = {k: v.detach().cpu().numpy() for k, v in plist.named_parameters(recurse=False)}
        if len(plist) == 1 and isinstance(plist[0], _WeightNorm) and set(originals) == {"original0", "original1"}:
            out[f"{pname}_g"], out[f"{pname}_v"] = originals["original0"], originals["original1"]
        else:
            out.update({f"parametrizations.{pname}.{k}": v for k, v in originals.items()})
    return out


def aliases(model) -> set[tuple[tuple[str, ...], str]]:
    """(module path, name) of every parameter that is the same tensor as another one (tied)."""
    groups: dict[int, list] = {}
    for full, p in model.named_parameters(remove_duplicate=False):
        path, _, name = full.rpartition(".")
        groups.setdefault(id(p), []).append((tuple(path.split(".")) if path else (), name))
    return {key for keys in groups.values() if len(keys) > 1 for key in keys}


def positional(model, path: tuple[str, ...]) -> tuple[str, ...]:
    """The path with the names of Sequential children replaced by their index
    (`add_module("norm", ...)` in a Sequential subclass is its layer 0 elsewhere)."""
    import torch
    out, mod = [], model
    for part in path:
        if isinstance(mod, torch.nn.Sequential) and not part.isdigit():
            out.append(str(list(mod._modules).index(part)))
        else:
            out.append(part)
        mod = mod._modules[part]
    return tuple(out)


def has_parameters(mod) -> bool:
    """Does the module itself (not its children) hold trainable parameters?"""
    return any(True for _ in mod.parameters(recurse=False))


# ------------------------------------------------------------------ weights: PyTorch as a target too

def get_array(mod, name: str) -> np.ndarray | None:
    """A parameter or buffer of the module itself, as numpy; None when it has none of that name."""
    import torch
    v = getattr(mod, name, None)
    return v.detach().cpu().numpy() if isinstance(v, torch.Tensor) else None


def set_array(mod, name: str, value: np.ndarray) -> tuple:
    """Write into the tensor in place (it stays the same Parameter); the shape must fit."""
    import torch
    current = getattr(mod, name)
    old = tuple(current.shape)
    if old != tuple(value.shape):
        raise ValueError(f"shape {tuple(value.shape)} does not fit {old}")
    with torch.no_grad():
        current.copy_(torch.as_tensor(np.array(value, order="C"), dtype=current.dtype))   # 0-d stays 0-d
    return old


def child(mod, part: str):
    """The submodule a path component names (attribute, Sequential/ModuleList index, ModuleDict key)."""
    return getattr(mod, "_modules", {}).get(part)


def find(model, path: tuple[str, ...]):
    return follow(child, model, path)


def variables(model) -> dict[tuple, object]:
    """Every parameter and buffer by path (what a transfer must write), the batch counters of batch
    norms excepted (nothing reads them unless momentum=None)."""
    out = {tuple(n.split(".")): p for n, p in model.named_parameters()}
    out.update({tuple(n.split(".")): b for n, b in model.named_buffers() if not n.endswith("num_batches_tracked")})
    return out


# ------------------------------------------------------------------ verify: build, run, record, grads

def build(cls, args, kwargs, seed: int):
    import torch
    torch.manual_seed(seed)
    return cls(*args, **kwargs)


def set_seed(n: int) -> None:
    import torch
    torch.manual_seed(n)


def set_mode(model, train: bool) -> None:
    model.train(train)


def copy(model):
    import copy as _copy
    return _copy.deepcopy(model)


def to_numpy(tree):
    """Tensors in a nested value as numpy arrays (copies); other leaves unchanged."""
    import torch
    from nnport.verify.tree import map_leaves

    def one(x):
        if isinstance(x, torch.Tensor):
            x = x.detach().cpu()
            if x.dtype in (torch.bfloat16,):
                x = x.float()
            return x.numpy().copy()
        if isinstance(x, torch.Size):
            return tuple(x)
        return x
    return map_leaves(tree, one)


def from_numpy(tree):
    import torch
    from nnport.verify.tree import is_array, map_leaves
    return map_leaves(tree, lambda a: torch.from_numpy(np.array(a, copy=True)) if is_array(a) else a)


def call(mod, args, kwargs, *, train: bool):
    """Run one module (or the model) on numpy inputs; numpy outputs. Gradients off."""
    import torch
    if isinstance(mod, torch.nn.Module):
        mod.train(train)
    with torch.no_grad():
        return to_numpy(mod(*from_numpy(list(args)), **from_numpy(dict(kwargs))))


def materialize(model, example_inputs) -> None:
    """Lazy modules (nn.LazyLinear...) get their parameters on the first call, and so do modules
    built on it (`self.built = False`: translations from Keras): run the model once on the example
    inputs (inference mode, no gradients, mode restored) when any is still unsized."""
    import torch
    from torch.nn.parameter import UninitializedParameter
    if not any(isinstance(p, UninitializedParameter) for p in model.parameters()) and \
            not any(getattr(m, "built", True) is False for m in model.modules()):
        return
    if example_inputs is None:
        from nnport.errors import WeightTransferError
        raise WeightTransferError("the PyTorch model has lazy modules not sized yet: call it once, or pass "
                                  "example_inputs=, before copying its weights")
    was = model.training
    model.eval()
    with torch.no_grad():
        model(*[torch.as_tensor(np.array(a, copy=True)) if not isinstance(a, torch.Tensor) else a
                for a in example_inputs])
    model.train(was)


def prepare(model, example_inputs) -> None:
    """As a target: lazy modules are sized (one call on example_inputs) before weights are written."""
    materialize(model, example_inputs)


def check_built(model) -> None:
    """materialize (prepare) raised already where a lazy module could not be sized."""


def run(model, inputs, *, train: bool, seed: int):
    set_seed(seed)
    return call(model, inputs, {}, train=train)


def record(model, inputs, *, train: bool, seed: int, max_bytes: int):
    """Every module's first call in call order: {path, cls, module, args, kwargs, output} as numpy,
    captured by forward hooks (inputs before the module runs: in-place ops cannot change them).
    Stops recording new modules once max_bytes of arrays are held."""
    import torch
    from nnport.verify.tree import nbytes
    names = {id(m): tuple(n.split(".")) if n else () for n, m in model.named_modules()}
    calls: dict[tuple, dict] = {}
    held = [0]

    def pre(mod, args, kwargs):
        path = names.get(id(mod))
        if path is not None and path not in calls and held[0] < max_bytes:
            rec = {"path": path, "cls": type(mod).__name__, "module": type(mod).__module__,
                   "args": to_numpy(tuple(args)), "kwargs": to_numpy(dict(kwargs)), "output": None}
            held[0] += nbytes(rec["args"]) + nbytes(rec["kwargs"])
            calls[path] = rec

    def post(mod, args, kwargs, output):
        rec = calls.get(names.get(id(mod)))
        if rec is not None and rec["output"] is None:
            rec["output"] = to_numpy(output)
            held[0] += nbytes(rec["output"])

    hooks = []
    for m in model.modules():
        hooks.append(m.register_forward_pre_hook(pre, with_kwargs=True))
        hooks.append(m.register_forward_hook(post, with_kwargs=True))
    try:
        run(model, inputs, train=train, seed=seed)
    finally:
        for h in hooks:
            h.remove()
    return [r for r in calls.values() if r["output"] is not None]


def gradients(model, inputs, projections: dict, *, train: bool, seed: int):
    """Gradients of loss = sum over output leaves p of sum(out[p] * projections[p]).
    Returns (gradients of the float inputs, None for the others; a copy of the model whose
    parameters hold their gradients, ready for the weight export)."""
    import torch
    from nnport.verify.tree import leaves
    set_seed(seed)
    model.train(train)
    holder = copy(model)   # before the forward: a tensor it leaves on the model (aux_loss) cannot be copied
    xs = from_numpy(list(inputs))
    wrt = [x for x in xs if isinstance(x, torch.Tensor) and x.is_floating_point()]
    for x in wrt:
        x.requires_grad_(True)
    out = dict(leaves(model(*xs)))
    loss = sum((out[p] * torch.from_numpy(np.asarray(w))).sum() for p, w in projections.items())
    params = [p for p in model.parameters() if p.requires_grad]
    grads = torch.autograd.grad(loss, wrt + params, allow_unused=True)
    by_id = {id(t): g for t, g in zip(wrt + params, grads)}
    in_grads = [to_numpy(_grad_or_zeros(x, by_id)) if any(x is w for w in wrt) else None for x in xs]
    with torch.no_grad():
        for p, q in zip(holder.parameters(), model.parameters()):
            p.copy_(_grad_or_zeros(q, by_id))
    return in_grads, holder


def _grad_or_zeros(t, by_id):
    import torch
    g = by_id.get(id(t))
    return torch.zeros_like(t) if g is None else g


def parameters(model) -> dict[tuple, np.ndarray]:
    return {tuple(n.split(".")): p.detach().cpu().numpy().copy() for n, p in model.named_parameters()}


def buffers(model) -> dict[tuple, np.ndarray]:
    """Non-trainable state a forward may change (running statistics)."""
    return {tuple(n.split(".")): b.detach().cpu().numpy().copy() for n, b in model.named_buffers()
            if not n.endswith("num_batches_tracked")}
