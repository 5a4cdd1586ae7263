"""Smoke-check the PyTorch corpus: build every model, run eval and train forwards, print a table.

Usage: python tests/corpus/check_corpus.py [name ...]
Exits non-zero if any model fails.
"""
import importlib.util
import pathlib
import sys
import time
import traceback

HERE = pathlib.Path(__file__).resolve().parent
# Running this file puts its folder first on sys.path, where the corpus package `torch/` would
# shadow the real torch. Drop it before importing torch.
sys.path[:] = [p for p in sys.path if pathlib.Path(p or ".").resolve() != HERE]

import torch  # noqa: E402
TORCH_DIR = HERE / "torch"


def load(path):
    spec = importlib.util.spec_from_file_location(f"corpus_torch_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shapes(out):
    if isinstance(out, torch.Tensor):
        return [tuple(out.shape)]
    if isinstance(out, (tuple, list)):
        if not all(isinstance(o, torch.Tensor) for o in out):
            raise TypeError(f"forward returned a {type(out).__name__} with non-tensor items")
        return [tuple(o.shape) for o in out]
    raise TypeError(f"forward returned {type(out).__name__}, expected a tensor or a tuple of tensors")


def check(path):
    module = load(path)
    torch.manual_seed(0)
    model = module.Model(*module.get_init_inputs())
    n_params = sum(p.numel() for p in model.parameters())
    torch.manual_seed(1)
    inputs = module.get_inputs()

    model.eval()
    with torch.no_grad():
        out1 = model(*inputs)
        t0 = time.perf_counter()
        out2 = model(*inputs)
        ms = (time.perf_counter() - t0) * 1000
    eval_shapes = shapes(out1)
    # eval must be deterministic
    outs1 = [out1] if isinstance(out1, torch.Tensor) else list(out1)
    outs2 = [out2] if isinstance(out2, torch.Tensor) else list(out2)
    for a, b in zip(outs1, outs2):
        if not torch.equal(a, b):
            raise AssertionError("eval forward is not deterministic")
        if a.is_floating_point() and not torch.isfinite(a).all():
            raise AssertionError("eval output has non-finite values")

    model.train()
    out = model(*inputs)
    train_shapes = shapes(out)
    if train_shapes != eval_shapes:
        raise AssertionError(f"train shapes {train_shapes} != eval shapes {eval_shapes}")
    # backward through the float outputs must work too
    loss = sum(o.float().sum() for o in ([out] if isinstance(out, torch.Tensor) else out) if o.requires_grad)
    if isinstance(loss, torch.Tensor):
        loss.backward()
    return n_params, eval_shapes, ms


def main(argv):
    paths = sorted(p for p in TORCH_DIR.glob("*.py") if p.name != "__init__.py")
    if argv:
        paths = [p for p in paths if p.stem in argv]
    failures = 0
    for path in paths:
        try:
            n_params, out_shapes, ms = check(path)
            shape_txt = ", ".join(str(s) for s in out_shapes)
            print(f"ok    {path.stem:28s} {n_params:9,d} params  {ms:7.2f} ms  {shape_txt}")
        except Exception:
            failures += 1
            print(f"FAIL  {path.stem}")
            traceback.print_exc()
    print(f"{len(paths) - failures}/{len(paths)} passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
