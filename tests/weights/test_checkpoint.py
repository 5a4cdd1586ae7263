"""load_checkpoint: safetensors and torch files to numpy arrays; full pickle only when asked."""
import numpy as np
import pytest
import torch
from safetensors.numpy import save_file

from nnport.weights.checkpoint import CheckpointError, load_checkpoint, strip_prefix


class Evil:
    """Unpickling this writes a file: what a malicious checkpoint does."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return exec, (f"open({self.marker!r}, 'w').write('pwned')",)


def test_safetensors_round_trip(tmp_path):
    w = {"fc.weight": np.arange(6, dtype=np.float32).reshape(2, 3), "fc.bias": np.ones(2, np.float32)}
    save_file(w, str(tmp_path / "m.safetensors"))
    got = load_checkpoint(str(tmp_path / "m.safetensors"))
    assert set(got) == set(w) and all(np.array_equal(got[k], w[k]) for k in w)


def test_torch_state_dict_with_weights_only(tmp_path):
    m = torch.nn.Linear(3, 2)
    torch.save({"state_dict": m.state_dict(), "epoch": 3}, tmp_path / "m.pt")
    got = strip_prefix(load_checkpoint(str(tmp_path / "m.pt")), {"weight", "bias"})
    assert set(got) == {"weight", "bias"}
    assert np.array_equal(got["weight"], m.weight.detach().numpy())


def test_bfloat16_becomes_float32(tmp_path):
    torch.save({"w": torch.ones(2, dtype=torch.bfloat16)}, tmp_path / "m.bin")
    assert load_checkpoint(str(tmp_path / "m.bin"))["w"].dtype == np.float32


def test_malicious_pickle_is_refused_and_runs_nothing(tmp_path):
    marker = tmp_path / "pwned.txt"
    torch.save({"w": torch.ones(2), "x": Evil(str(marker))}, tmp_path / "evil.pt")
    with pytest.raises(CheckpointError) as e:
        load_checkpoint(str(tmp_path / "evil.pt"))
    assert "refused" in str(e.value) and "--unsafe-pickle" in str(e.value) and "arbitrary code" in str(e.value)
    assert not marker.exists()


def test_unsafe_pickle_really_unpickles(tmp_path):
    # the flag is what it says: full pickle, so the same file's code runs
    marker = tmp_path / "pwned.txt"
    torch.save({"w": torch.ones(2), "x": Evil(str(marker))}, tmp_path / "evil.pt")
    got = load_checkpoint(str(tmp_path / "evil.pt"), unsafe=True)
    assert marker.read_text() == "pwned" and np.array_equal(got["w"], np.ones(2, np.float32))


@pytest.mark.parametrize("name,content,words", [
    ("m.ckpt", b"x", "unknown checkpoint format '.ckpt'"),
    ("m.safetensors", b"not a safetensors file", "not a readable safetensors file"),
    ("m.pt", b"garbage", "PyTorch checkpoint"),
])
def test_bad_files_get_clear_errors(tmp_path, name, content, words):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(CheckpointError, match=words):
        load_checkpoint(str(tmp_path / name))


def test_missing_file(tmp_path):
    with pytest.raises(CheckpointError, match="no such file"):
        load_checkpoint(str(tmp_path / "nope.pt"))
