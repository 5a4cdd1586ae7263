"""restore.load_into: checkpoint arrays into a built PyTorch model; mismatches are clear errors."""
import numpy as np
import pytest
import torch
from safetensors.numpy import save_file

from nnport.weights.checkpoint import CheckpointError
from nnport.weights.restore import load_into, unsupported


def _ckpt(tmp_path, arrays):
    save_file(arrays, str(tmp_path / "w.safetensors"))
    return str(tmp_path / "w.safetensors")


def test_loads_the_arrays(tmp_path):
    m = torch.nn.Linear(3, 2)
    w = {"weight": np.arange(6, dtype=np.float32).reshape(2, 3), "bias": np.array([5, 6], np.float32)}
    load_into("torch", m, _ckpt(tmp_path, w))
    assert np.array_equal(m.weight.detach().numpy(), w["weight"]) and np.array_equal(m.bias.detach().numpy(), w["bias"])


def test_wrapper_prefix_is_stripped(tmp_path):
    m = torch.nn.Linear(3, 2)
    load_into("torch", m, _ckpt(tmp_path, {"module.weight": np.ones((2, 3), np.float32),
                                            "module.bias": np.ones(2, np.float32)}))
    assert float(m.bias.sum()) == 2.0


def test_shape_mismatch_names_the_key(tmp_path):
    m = torch.nn.Linear(3, 2)
    path = _ckpt(tmp_path, {"weight": np.ones((3, 3), np.float32), "bias": np.ones(2, np.float32)})
    with pytest.raises(CheckpointError, match=r"weight has shape \(3, 3\) in the checkpoint, \(2, 3\) in the model"):
        load_into("torch", m, path)


def test_key_mismatch_lists_both_sides(tmp_path):
    m = torch.nn.Linear(3, 2)
    with pytest.raises(CheckpointError, match=r"missing keys \(1\): bias; unexpected keys \(1\): b"):
        load_into("torch", m, _ckpt(tmp_path, {"weight": np.ones((2, 3), np.float32), "b": np.ones(2, np.float32)}))


def test_unsupported_sources_and_formats():
    assert unsupported("torch", "w.pt") is None and unsupported("keras", "m.weights.h5") is None
    assert "a keras source loads .weights.h5" in unsupported("keras", "w.pt")
    assert "mxnet source is not supported yet" in unsupported("mxnet", "w.params")
