"""verify --weights: the source model's weights come from a checkpoint, loaded on the source side
(safetensors, or torch.load(weights_only=True)); refusals and key mismatches are clear errors."""
import numpy as np
import torch
from safetensors.numpy import save_file

import nnport
from nnport.cli import main
from models import net

class Evil:
    """Unpickling this writes a file: what a malicious checkpoint does."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return exec, (f"open({self.marker!r}, 'w').write('pwned')",)


# the source side fails unless the checkpoint's weights are the ones in use
CHECKED = "assert float(self.fc.bias[0]) == 123.0, 'checkpoint not loaded'\nreturn self.fc(x)"


def _files(tmp_path, forward=CHECKED):
    src = tmp_path / "net.py"
    src.write_text(net(forward))
    w = {"fc.weight": np.linspace(-1, 1, 16, dtype=np.float32).reshape(4, 4),
         "fc.bias": np.array([123.0, 1, 2, 3], np.float32)}
    return str(src), w


def test_safetensors_checkpoint_is_used(tmp_path):
    src, w = _files(tmp_path)
    save_file(w, str(tmp_path / "w.safetensors"))
    r = nnport.verify(src, to="flax", inputs="float32[2,4]", weights=str(tmp_path / "w.safetensors"))
    assert r.exit_code == 0, r.error
    assert any("source weights loaded from" in n for n in r.notes)


def test_without_the_checkpoint_the_seeded_init_is_used(tmp_path):
    src, _ = _files(tmp_path)
    r = nnport.verify(src, to="flax", inputs="float32[2,4]")
    assert r.exit_code == 2 and "checkpoint not loaded" in r.error


def test_torch_pt_with_target(tmp_path):
    src, w = _files(tmp_path)
    torch.save({"state_dict": {k: torch.from_numpy(v) for k, v in w.items()}}, tmp_path / "w.pt")
    out = tmp_path / "net_flax.py"
    out.write_text(nnport.convert(open(src).read(), to="flax").code)
    code = main(["verify", f"{src}:Net", "--target", f"{out}:Net", "--inputs", "float32[2,4]",
                 "--weights", str(tmp_path / "w.pt")])
    assert code == 0


def test_key_mismatch_lists_missing_and_unexpected(tmp_path):
    src, w = _files(tmp_path)
    save_file({"fc.weight": w["fc.weight"], "head.bias": w["fc.bias"]}, str(tmp_path / "w.safetensors"))
    r = nnport.verify(src, to="flax", inputs="float32[2,4]", weights=str(tmp_path / "w.safetensors"))
    assert r.exit_code == 2
    assert "missing keys (1): fc.bias" in r.error and "unexpected keys (1): head.bias" in r.error


def test_pickle_needing_checkpoint_is_refused_naming_the_flag(tmp_path, capsys):
    src, w = _files(tmp_path)
    marker = tmp_path / "pwned.txt"
    torch.save({"fc.weight": torch.from_numpy(w["fc.weight"]), "fc.bias": torch.from_numpy(w["fc.bias"]),
                "x": Evil(str(marker))}, tmp_path / "evil.pt")
    code = main(["verify", src, "--to", "flax", "--inputs", "float32[2,4]", "--weights", str(tmp_path / "evil.pt")])
    out = capsys.readouterr().out
    assert code == 2 and "refused" in out and "--unsafe-pickle" in out
    assert not marker.exists()


def test_missing_file_and_unsupported_source_fail_before_running(tmp_path):
    src, _ = _files(tmp_path)
    r = nnport.verify(src, to="flax", inputs="float32[2,4]", weights=str(tmp_path / "none.safetensors"))
    assert r.exit_code == 2 and "no such file" in r.error
    k = tmp_path / "k.py"
    k.write_text("import keras\n\n\nclass Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n"
                 "        self.fc = keras.layers.Dense(4)\n\n    def call(self, x):\n        return self.fc(x)\n")
    save_file({"a": np.ones(1, np.float32)}, str(tmp_path / "w.safetensors"))
    r = nnport.verify(str(k), to="torch", inputs="float32[2,4]", weights=str(tmp_path / "w.safetensors"))
    assert r.exit_code == 2 and "a keras source loads .weights.h5 files" in r.error
    f = tmp_path / "f.py"
    f.write_text("from flax import nnx\n\n\nclass Net(nnx.Module):\n    def __init__(self, rngs=nnx.Rngs(0)):\n"
                 "        self.fc = nnx.Linear(4, 4, rngs=rngs)\n\n    def __call__(self, x):\n        return self.fc(x)\n")
    r = nnport.verify(str(f), to="torch", inputs="float32[2,4]", weights=str(tmp_path / "w.safetensors"))
    assert r.exit_code == 2 and "into a flax source is not supported yet" in r.error


KERAS_NET = ("import keras\n\n\nclass Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n"
             "        self.fc = keras.layers.Dense(4)\n\n    def call(self, x):\n        return self.fc(x)\n")


def test_keras_weights_h5_is_used(tmp_path):
    import keras
    (tmp_path / "k.py").write_text(KERAS_NET)
    ck = str(tmp_path / "k.weights.h5")
    # the same variables as the file's Net (one Dense) and the same h5 layout: saved from that class
    import importlib.util
    spec = importlib.util.spec_from_file_location("knet", tmp_path / "k.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    net_ = mod.Net()
    net_(np.zeros((1, 4), np.float32))
    net_.fc.bias.assign(np.full(4, 1e6, np.float32))   # outputs ~1e6: no seeded init gives that
    net_.save_weights(ck)
    r = nnport.verify(str(tmp_path / "k.py"), to="torch", inputs="float32[2,4]", weights=ck)
    assert r.exit_code == 0, r.error
    assert max(c.limit for c in r.checks if c.compared) > 1.0   # rtol x max|a| with max|a| ~ 1e6
