"""In-memory datasets for Flax: JAX has no data loader; a TensorDataset is the tuple of its tensors and
a DataLoader the list of its batches, slices of each tensor in order (the last one shorter unless
drop_last), as PyTorch's default collation stacks them. Shuffling, samplers and collate functions are
refused: their order or batches are PyTorch's own."""
from __future__ import annotations

import libcst as cst

from nnport.frameworks.flax.functions._registry import fn
from nnport.frameworks.spec import Unsupported, code


def tensor_dataset(c, ctx):
    return cst.Tuple([cst.Element(v) for v in c.varargs]) if len(c.varargs) != 1 else \
        cst.parse_expression(f"({code(c.varargs[0])},)")


def data_loader(c, ctx):
    for name, ok in (("shuffle", (None, False)), ("sampler", (None,)), ("batch_sampler", (None,)),
                     ("collate_fn", (None,)), ("generator", (None,))):
        if c.lit(name) not in ok:
            raise Unsupported(f"DataLoader: {name}= (PyTorch's own order or batches)")
    size, data = code(c.get("batch_size")), c.get("dataset")
    if c.lit("batch_size") is None:
        raise Unsupported("DataLoader: batch_size=None (unbatched samples)")
    drop = c.lit("drop_last")
    if isinstance(data, cst.Tuple) and data.elements and all(isinstance(e.value, cst.Name) for e in data.elements):
        names = [code(e.value) for e in data.elements]
        first, parts = names[0], ", ".join(f"{n}[i:i + {size}]" for n in names)
        batch = f"({parts},)" if len(names) == 1 else f"({parts})"
    else:
        first, batch = f"{code(data)}[0]", f"tuple(t[i:i + {size}] for t in {code(data)})"
    stop = f"len({first})" if drop is False else f"len({first}) - {size} + 1" if drop is True else \
        f"len({first}) - ({size} - 1 if {code(c.get('drop_last'))} else 0)"
    return f"[{batch} for i in range(0, {stop}, {size})]"


fn("tuple of the tensors", "tensor_dataset", tensor_dataset)
fn("list of batches (slices)", "data_loader", data_loader)
