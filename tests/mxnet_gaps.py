"""PyTorch -> MXNet Gluon: test cases of tests/frameworks (run again under tests/frameworks_mxnet, see
tests/targets.py) that fail for a known reason, marked xfail(strict=True): test id -> why."""

_CONSTANT = ("its output depends on no input or parameter: hybridized, MXNet's CachedOp refuses a graph "
             "without inputs (the imperative run matches)")
_SQUEEZE = ("squeeze of an axis whose size is not 1: PyTorch leaves it, F.squeeze(axis=) raises (kept so "
            "that the block hybridizes; it never gives another result)")
_CHUNK = ("chunks that do not divide the axis: PyTorch makes the last piece smaller, F.split / F.split_v2 "
          "raise (kept so that the block hybridizes)")
_NO_DTYPE = "MXNet 1.9 has no {} (the translation reports it)"

MXNET_XFAIL: dict[str, str] = {
    **{f"test_tensor.py::test_creation[{e}]": _CONSTANT for e in (
        "torch.ones(3, dtype=torch.int32)", "torch.full((2, 3), 2, dtype=torch.float32)", "torch.full((2, 2), True)",
        "torch.zeros(4, device='cpu', requires_grad=False)", "torch.arange(5)", "torch.arange(2, 8)",
        "torch.arange(0, 10, 3)", "torch.arange(0.0, 1.0, 0.25)", "torch.arange(5, dtype=torch.float32)",
        "torch.linspace(0, 1, 5)", "torch.linspace(-2.0, 3.0, steps=7)", "torch.eye(3)", "torch.eye(2, 4)",
        "torch.eye(3, dtype=torch.bool)", "x.new_ones(3, dtype=torch.int32)")},
    **{f"test_tensor.py::test_shape[{e}]": _SQUEEZE for e in (
        "x.squeeze(2)", "torch.squeeze(x, 0)", "(x * 2).squeeze(0)", "x.squeeze((0, 1))")},
    **{f"test_tensor.py::test_shape[{e}]": _CHUNK for e in ("torch.chunk(x, 3, -1)", "x.chunk(4, 0)")},
    "test_shape.py::test_shape[torch.tensor_split(x, 3, dim=2)]": _CHUNK,
    **{f"test_tensor.py::test_casts[{e}]": _NO_DTYPE.format("int16") for e in ("x.short()", "x.to(torch.short)")},
    **{f"test_tensor.py::test_casts[{e}]": _NO_DTYPE.format("bfloat16 NumPy type")
       for e in ("x.to(torch.bfloat16).float()", "x.bfloat16().float()")},
    "test_tensor.py::test_casts[x.to(torch.complex64) * 2]": _NO_DTYPE.format("complex dtype"),
    "test_creation.py::test_legacy_constructors[torch.ShortTensor([1, -2])]": _NO_DTYPE.format("int16"),
    "test_creation.py::test_legacy_constructors[torch.BFloat16Tensor([0.5, 2.0]).float() + x[:, :2]]":
        _NO_DTYPE.format("bfloat16 NumPy type"),
    "test_shape.py::test_integer_and_bool_dtypes[x.bool().rot90()]":
        "MXNet's swapaxes and flip have no bool kernels",
}
