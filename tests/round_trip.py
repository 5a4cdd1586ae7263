"""PyTorch as a target, tested through the pivot: a PyTorch source translated to PyTorch by the tables
(`nnport.convert(..., to="torch", via_pivot=True)`: every API read into the pivot and written back),
both built, the weights copied by nnport.transfer_weights (torch -> torch through the tables), both
run on the same inputs with the same seed, every output compared (values within tol, dtypes equal).

    check(torch_code, init=(...), inputs=[np arrays], tol=1e-5, train=False)

harness.check runs it after the Flax check, so every numeric test case of tests/frameworks also
tests the torch writers of the entries it uses (entry_check credits them to the target "torch").
"""
from __future__ import annotations

import numpy as np

import nnport

TARGET = "torch"


def translate(code: str, allow_issues: bool = False):
    conv = nnport.convert(code, to=TARGET, source="torch", via_pivot=True)
    if not allow_issues:
        assert not conv.issues, "round trip left issues:\n" + "\n".join(d.format() for d in conv.issues) \
            + "\n----\n" + conv.code
    return conv


def build(code: str, init=(), cls: str = "Model", allow_issues: bool = False, seed: int = 0):
    import torch
    from harness import load
    conv = translate(code, allow_issues)
    smod, rmod = load(code), load(conv.code)
    torch.manual_seed(seed)
    sm = getattr(smod, cls)(*init)
    torch.manual_seed(seed + 1)   # other initial weights: the transfer must overwrite every one
    rm = getattr(rmod, cls)(*init)
    nnport.transfer_weights(sm, rm)
    return sm, rm, conv


def _run(model, inputs, seed: int):
    import torch
    torch.manual_seed(seed)   # random ops in forward draw the same numbers on both sides
    with torch.no_grad():
        return model(*[torch.from_numpy(np.array(a, copy=True)) for a in inputs])


def _dtypes(ref, got, what: str) -> None:
    import torch
    if isinstance(ref, (tuple, list)):
        assert isinstance(got, (tuple, list)) and len(ref) == len(got), f"{what}: structure differs"
        for i, (a, b) in enumerate(zip(ref, got)):
            _dtypes(a, b, f"{what}[{i}]")
    elif isinstance(ref, torch.Tensor):
        assert isinstance(got, torch.Tensor) and ref.dtype == got.dtype, \
            f"{what}: dtype {ref.dtype} vs {getattr(got, 'dtype', type(got).__name__)}"
    else:
        assert type(ref) is type(got), f"{what}: {type(ref).__name__} vs {type(got).__name__}"


def check(code: str, init=(), inputs=(), tol: float = 1e-5, cls: str = "Model", train: bool = False,
          allow_issues: bool = False) -> float:
    """Eval-mode (and optional train-mode) equivalence of a torch model and its round trip."""
    from harness import compare
    sm, rm, conv = build(code, init, cls, allow_issues)
    worst = 0.0
    for mode in ("eval", "train") if train else ("eval",):
        sm.train(mode == "train")
        rm.train(mode == "train")
        ref, got = _run(sm, inputs, 7), _run(rm, inputs, 7)
        _dtypes(ref, got, f"round trip {mode} output")
        worst = max(worst, compare(ref, got, tol, f"round trip {mode} output"))
    if train:
        bufs = dict(rm.named_buffers())
        for name, value in sm.named_buffers():
            compare(value.numpy(), bufs[name].numpy(), tol, f"round trip state {name}", floor=1.0)
    return worst


def check_init(code: str, seed: int = 0, cls: str = "Model") -> None:
    """Weight initialisation (`nn.init.*`, `w.data.normal_()`): built with the same seed, the source
    and its round trip draw the same numbers, so every weight is equal (no transfer)."""
    import torch
    from harness import compare, load
    conv = translate(code)
    smod, rmod = load(code), load(conv.code)
    torch.manual_seed(seed)
    sm = getattr(smod, cls)()
    torch.manual_seed(seed)
    rm = getattr(rmod, cls)()
    got = rm.state_dict()
    for name, value in sm.state_dict().items():
        compare(value.numpy(), got[name].numpy(), 0.0, f"round trip init {name}")
