"""The graph route as users meet it (reading/route.py, graph.py): nnport.convert and the CLI on a
Keras builder file, nested models, shared layers, several inputs and outputs."""
import numpy as np
import pytest

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


def test_unbuilt_sequential_becomes_lazy_modules():
    """A Sequential without an input shape and no example input: sizes unknown, lazy modules."""
    import keras
    import torch
    import nnport
    from keras import layers
    from nnport.frameworks.keras.reading.route import translate_built
    keras.utils.set_random_seed(0)
    model = keras.Sequential([layers.Conv2D(4, 3, activation="relu"), layers.BatchNormalization(),
                              layers.MaxPooling2D(), layers.Flatten(), layers.Dense(2)])
    text, diags = translate_built(model)
    assert "nn.LazyConv2d(4, 3)" in text and "nn.LazyLinear(2)" in text and "nn.LazyBatchNorm2d(" in text
    assert any("lazy module" in m for _, m in diags)
    a = np.random.default_rng(0).normal(size=(2, 9, 9, 3)).astype("float32")
    model(a)
    tm = kt.load_code(text).Model().eval()
    nnport.transfer_weights(model, tm, example_inputs=[a])
    with torch.no_grad():
        np.testing.assert_allclose(tm(torch.from_numpy(a)).numpy(), np.asarray(model(a)), atol=1e-5)


CUSTOM = '''
import numpy as np
import keras
from keras import layers, ops


class Block(layers.Layer):
    def __init__(self, dim, **kwargs):
        super().__init__(**kwargs)
        self.att = layers.MultiHeadAttention(num_heads=2, key_dim=dim)
        self.ffn = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(dim)])
        self.norm = layers.LayerNormalization(epsilon=1e-6)

    def call(self, x, training=None):
        return self.norm(x + self.ffn(x + self.att(x, x)))


class Positions(layers.Layer):
    def __init__(self, n, dim, eager=False, **kwargs):
        super().__init__(**kwargs)
        self.pos = layers.Embedding(n, dim)
        self.eager = eager

    def call(self, x):
        if self.eager:   # a tensor made from numpy: computed while tracing
            return x + self.pos(ops.convert_to_tensor(np.arange(5)))
        return x + self.pos(ops.arange(0, ops.shape(x)[1]))


def Model(dim=6, positions=False, eager=False):
    x = keras.Input((5, dim))
    h = Positions(5, dim, eager)(x) if positions else x
    return keras.Model(x, layers.GlobalAveragePooling1D()(Block(dim)(h)))


def get_init_inputs():
    return [6, False]
'''


@pytest.mark.parametrize("positions", [False, True])
def test_custom_layer_in_a_functional_model_is_traced(positions):
    import keras
    import torch
    import nnport
    from nnport.frameworks.keras.reading.route import translate_built
    src = kt.load_code(CUSTOM, "custom")
    keras.utils.set_random_seed(0)
    model = src.Model(6, positions)
    a = np.random.default_rng(0).normal(size=(2, 5, 6)).astype("float32")
    text, diags = translate_built(model, inputs=[a])
    assert not [m for s, m in diags if s == "error"], diags
    assert "class Block(nn.Module):" in text and "self.att = KerasMultiHeadAttention(" in text
    assert "class Ffn(nn.Module):" in text and "self.ffn = Ffn()" in text
    assert any("traced" in m for s, m in diags if s == "warning")
    assert ("torch.arange(0, 5)" in text) == positions
    kt.perturb(model)
    tm = kt.load_code(text).Model().eval()
    nnport.transfer_weights(model, tm)
    with torch.no_grad():
        np.testing.assert_allclose(tm(torch.from_numpy(a)).numpy(), np.asarray(model(a)), atol=1e-5)


def test_custom_layer_computing_at_trace_time_is_refused():
    from nnport.frameworks.keras.reading.route import translate_built
    model = kt.load_code(CUSTOM, "custom").Model(6, True, True)
    _, diags = translate_built(model)
    assert any(s == "error" and "Positions.call uses pos on a value computed while tracing" in m
               for s, m in diags), diags
