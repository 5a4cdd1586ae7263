"""torch creation functions beyond tensor.py: randperm, tril/triu_indices, logspace, block_diag,
cartesian_prod. Arguments without numerical effect (device, layout, requires_grad, pin_memory) are
ignored; a generator= cannot be honoured (JAX keys are not PyTorch generators) and is refused."""
from __future__ import annotations

from nnport.frameworks.spec import Unsupported
from nnport.frameworks.torch.functions._registry import fn, no_out

_DEV = ("device", "requires_grad", "pin_memory", "layout")


def _checked(c, ctx):
    if c.get("generator") is not None and c.lit("generator") is not None:
        raise Unsupported(f"{c.extra['api']}: generator= (JAX keys are not PyTorch generators)")
    c.args.pop("generator", None)
    c.defaults.pop("generator", None)
    return no_out(c, ctx)


fn("torch.randperm", "randperm", "n, *, generator=None, out=None, dtype=torch.int64, layout=torch.strided, "
   "device=None, requires_grad=False, pin_memory=False", ignore=_DEV, read=_checked)
for _n in ("tril_indices", "triu_indices"):
    fn(f"torch.{_n}", _n, "row, col, offset=0, *, dtype=torch.long, device='cpu', layout=torch.strided",
       ignore=_DEV)
fn("torch.logspace", "logspace", "start, end, steps, base=10.0, *, out=None, dtype=None, layout=torch.strided, "
   "device=None, requires_grad=False", ignore=_DEV, read=no_out)
fn("torch.block_diag", "block_diag", "*tensors")
fn("torch.cartesian_prod", "cartesian_prod", "*tensors")

# Legacy typed constructors: torch.FloatTensor(2, 3) is uninitialised storage of that size (read as
# zeros), torch.FloatTensor([1, 2]) a tensor of that data. Which one depends on the arguments.
_LEGACY = {"FloatTensor": "float32", "DoubleTensor": "float64", "HalfTensor": "float16",
           "BFloat16Tensor": "bfloat16", "LongTensor": "int64", "IntTensor": "int32",
           "ShortTensor": "int16", "CharTensor": "int8", "ByteTensor": "uint8", "BoolTensor": "bool"}


def _legacy(c, ctx):
    import libcst as cst
    args = c.varargs
    if set(c.args) - {"dtype_name"}:
        raise Unsupported(f"{c.extra['api']}: keyword arguments of the legacy constructor")
    if len(args) == 1 and isinstance(args[0], (cst.List, cst.Tuple, cst.ListComp)):
        c.args["data"] = args[0]
        c.varargs = []
    elif any(isinstance(a, (cst.List, cst.Tuple, cst.ListComp)) for a in args):
        raise Unsupported(f"{c.extra['api']}(...): neither sizes nor one list of data")
    elif len(args) == 1 and not isinstance(args[0], (cst.Integer, cst.StarredElement)):   # *s: sizes
        ctx.note(f"{c.extra['api']}({cst.Module([]).code_for_node(args[0])}): read as a size "
                 "(a list there would be data)", c.extra["api"])
    return c


for _n, _t in _LEGACY.items():
    fn(f"torch.{_n}", "typed_tensor", "*args, **kwargs", fixed={"dtype_name": repr(_t)}, read=_legacy)
