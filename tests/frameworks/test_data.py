"""torch.utils.data TensorDataset / DataLoader (in memory, in order) -> lists of batches for Flax,
gluon.data.DataLoader over an ArrayDataset for Gluon: the same batches as PyTorch's loader gives, in
the same order."""
import numpy as np
import pytest

from harness import load, runtime, translate

pytestmark = pytest.mark.target("flax", "mxnet")

CODE = '''
import torch
from torch.utils.data import DataLoader, TensorDataset


def batches(x, y):
    {body}
'''


@pytest.mark.parametrize("body", [
    "return [b for b in DataLoader(TensorDataset(x, y), batch_size=3)]",
    "return [b for b in DataLoader(TensorDataset(x, y), batch_size=3, drop_last=True, num_workers=0)]",
    "return [b for b in DataLoader(TensorDataset(x), batch_size=4, shuffle=False)]",
    "data = TensorDataset(x, y)\n    return [b for b in DataLoader(data, batch_size=5)]",
], ids=["pairs", "drop_last", "one_tensor", "dataset_variable"])
def test_batches(body):
    import torch
    code = CODE.format(body=body)
    tmod, fmod, rt = load(code), load(translate(code).code), runtime()
    x = np.random.default_rng(0).standard_normal((10, 2)).astype(np.float32)
    y = np.arange(10)
    ref = tmod.batches(torch.from_numpy(x), torch.from_numpy(y))
    got = fmod.batches(rt.from_numpy(x), rt.from_numpy(y))
    assert len(ref) == len(got)
    for a, b in zip(ref, got):
        assert len(a) == len(b)
        for u, v in zip(a, b):
            np.testing.assert_array_equal(u.numpy(), rt.to_numpy(v))


def test_shuffle_refused():
    conv = translate(CODE.format(body="return list(DataLoader(TensorDataset(x, y), batch_size=3, shuffle=True))"),
                     allow_issues=True)
    assert any("shuffle" in d.message for d in conv.issues)
