"""In-memory datasets for Gluon: TensorDataset -> gluon.data.ArrayDataset (the arrays, indexed
together), DataLoader -> gluon.data.DataLoader over it, in order (its default batchify stacks the
samples as PyTorch's default collation does; drop_last -> last_batch='discard'). An ArrayDataset of one
array gives bare samples where a TensorDataset gives 1-tuples: made tuples again (`.transform`). Shuffling, samplers
and collate functions are refused: their order or batches are PyTorch's own."""
from __future__ import annotations

from nnport.frameworks.mxnet.functions._registry import fn
from nnport.frameworks.spec import code
from nnport.frameworks.training_functions import loader_checks


def tensor_dataset(c, ctx):
    data = f"gluon.data.ArrayDataset({', '.join(code(v) for v in c.varargs)})"
    return data if len(c.varargs) != 1 else f"{data}.transform(lambda sample: (sample,))"   # 1-tuples, as PyTorch


def data_loader(c, ctx):
    loader_checks(c)
    drop = c.lit("drop_last")
    last = "" if drop is False else ", last_batch='discard'" if drop is True else \
        f", last_batch='discard' if {code(c.get('drop_last'))} else 'keep'"
    return f"gluon.data.DataLoader({code(c.get('dataset'))}, batch_size={code(c.get('batch_size'))}{last})"


fn("mxnet.gluon.data.ArrayDataset", "tensor_dataset", tensor_dataset)
fn("mxnet.gluon.data.DataLoader", "data_loader", data_loader)
