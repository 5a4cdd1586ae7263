"""Known gaps of the MXNet Gluon target in the entry tests (tests/frameworks_mxnet): test id
(tests/frameworks_mxnet/ left off) -> why it fails; tests/targets.py marks those cases xfail(strict=True).
Only what MXNet 1.x cannot represent is here, not entries still to be written."""

_ZERO_D = ("a reduction over every element is shape (1,) in MXNet 1.x, which has no 0-d arrays "
           "(PyTorch: shape ())")
_BOOL = ("comparisons and logical ops give 1/0 in the input's float dtype in MXNet 1.x; bool arrays are "
         "not an option: most legacy operators refuse them (F.where: 'Unknown type enum 7')")

MXNET_XFAIL: dict[str, str] = {
    **dict.fromkeys([f"test_reduction.py::test_reduce[{e}]" for e in (
        "torch.sum(x)", "torch.mean(x)", "torch.prod(x)", "torch.amax(x)", "x.amin()", "torch.max(x)", "x.min()",
        "torch.any(x > 1)", "(x > -3).all()", "torch.count_nonzero(x > 0)")], _ZERO_D),
    **dict.fromkeys([f"test_reduction.py::test_values_indices[{e}]" for e in ("torch.argmax(x)", "x.argmin()")],
                    _ZERO_D),
    **dict.fromkeys([f"test_reduction.py::test_stats_sort[{e}]" for e in (
        "torch.var(x)", "torch.std(x)", "x.std(correction=0)", "torch.norm(x)", "x.norm(p=1)", "x.norm(3)",
        "torch.linalg.norm(x)", "torch.linalg.norm(x[0], ord='fro')", "torch.linalg.vector_norm(x)")], _ZERO_D),
    "test_reduction.py::test_stats_sort[torch.linalg.norm(x[0], ord=1)]":
        "a matrix norm of an input of unknown rank (1-D: a vector norm) is not written; its result is 0-d too",
    **dict.fromkeys(["test_math.py::test_linalg[torch.dot(x, y)-shapes8]", "test_math.py::test_linalg[x.dot(y)-shapes9]",
                     "test_math.py::test_linalg_forms[dot]"], _ZERO_D.replace("a reduction over every element",
                                                                                   "the dot product of two vectors")),
    "test_math.py::test_logical_keeps_receiver_dtype": _BOOL,
}
