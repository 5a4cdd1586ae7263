"""The graph route as users meet it (reading/route.py, graph.py): nnport.convert and the CLI on a
Keras builder file, nested models, shared layers, several inputs and outputs."""
import numpy as np

from corpus import keras_to_torch as kt

BUILDER = '''"""A two-tower model."""
import keras
from keras import layers


def tower(dim):
    x = keras.Input((dim,))
    return keras.Model(x, layers.Dense(4, activation="tanh", name="proj")(x), name="tower")


def Model(dim=6, classes=3):
    a, b = keras.Input((dim,), name="a"), keras.Input((dim,), name="b")
    t = tower(dim)                       # a nested model, shared by both inputs
    shared = layers.Dense(5, name="shared")
    ya, yb = shared(t(a)), shared(t(b))  # a shared layer
    out = layers.Dense(classes, activation="softmax", name="head")(layers.Concatenate()([ya, yb]))
    return keras.Model({"a": a, "b": b}, {"out": out, "left": ya})


def get_init_inputs():
    return [6, 3]


def get_inputs():
    import numpy as np
    rng = np.random.default_rng(0)
    return [{"a": rng.normal(size=(2, 6)).astype("float32"), "b": rng.normal(size=(2, 6)).astype("float32")}]
'''


def _run_both(text):
    import keras
    import torch
    import nnport
    src = kt.load_code(BUILDER, "builder")
    keras.utils.set_random_seed(0)
    model = src.Model(*src.get_init_inputs())
    tm = kt.load_code(text).Model(*src.get_init_inputs()).eval()
    nnport.transfer_weights(model, tm)
    inputs = src.get_inputs()
    ref = kt.flat(model(*inputs, training=False))
    with torch.no_grad():
        got = kt.flat(tm(*kt.to_torch(inputs)))
    for a, b in zip(ref, got):
        np.testing.assert_allclose(a, b, atol=1e-6)
    return tm


def test_convert_api_takes_the_graph_route():
    import nnport
    conv = nnport.convert(BUILDER, to="torch", source="keras", filename="towers.py")
    assert not [d for d in conv.diagnostics if d.severity == "error"], conv.diagnostics
    assert "class Tower(nn.Module):" in conv.code and "class Model(nn.Module):" in conv.code
    assert "def __init__(self, dim=6, classes=3):" in conv.code
    assert "Comments of the source builder are not reachable" in conv.code
    assert any("traced at Model(6, 3)" in d.message for d in conv.diagnostics)
    assert conv.code.count("self.shared = nn.Linear(") == 1 and conv.code.count("self.shared(") == 2
    tm = _run_both(conv.code)
    assert isinstance(tm.tower, __import__("torch").nn.Module)


def test_cli_converts_a_builder_file(tmp_path):
    from nnport import cli
    src, out = tmp_path / "towers.py", tmp_path / "towers_torch.py"
    src.write_text(BUILDER)
    assert cli.main(["convert", str(src), "--from", "keras", "--to", "torch", "-o", str(out)]) == 0
    _run_both(out.read_text())
