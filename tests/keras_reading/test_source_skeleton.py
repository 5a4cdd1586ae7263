"""The Keras source skeleton and its prepare pass (keras/prepare.py, keras/source_skeleton.py): the
idioms of subclassed Keras code as the PyTorch translation writes them (before/after text), and the
import spellings."""
import textwrap

import pytest

import nnport
import subclass_check


def convert(code: str) -> nnport.Conversion:
    return nnport.convert(textwrap.dedent(code), source="keras", to="torch")


SPELLINGS = [
    "import keras\nfrom keras import layers\nBASE = keras.layers.Layer\nDENSE = layers.Dense\n",
    "from tensorflow import keras\nBASE = keras.layers.Layer\nDENSE = keras.layers.Dense\n",
    "import tensorflow as tf\nBASE = tf.keras.layers.Layer\nDENSE = tf.keras.layers.Dense\n",
    "from tensorflow.keras import layers\nBASE = layers.Layer\nDENSE = layers.Dense\n",
]


@pytest.mark.parametrize("header", SPELLINGS, ids=["keras", "from_tensorflow", "tf_keras", "tf_keras_layers"])
def test_import_spellings(header):
    imports, base, dense = header.splitlines()[:-2], header.splitlines()[-2], header.splitlines()[-1]
    base, dense = base.split(" = ")[1], dense.split(" = ")[1]
    code = "\n".join(imports) + f"""


class Block({base}):
    def __init__(self, units):
        super().__init__()
        self.fc = {dense}(units)

    def call(self, x, training=None):
        return self.fc(x)
"""
    out = convert(code).code
    assert "class Block(nn.Module):" in out
    assert "def forward(self, x):" in out
    assert "nn.LazyLinear(units)" in out   # no recorded run: a lazy module
    assert "keras" not in out and "tensorflow" not in out


def test_training_argument_is_the_module_flag():
    out = convert("""
        import keras
        from keras import layers


        class Block(keras.layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.drop = layers.Dropout(0.5)

            def call(self, x, training=None):
                if training:
                    x = x * 2.0
                return self.drop(x, training=training)
        """).code
    assert "super().__init__()\n" in out
    assert "def forward(self, x):" in out
    assert "if self.training:" in out
    assert "return self.drop(x)" in out


def test_a_method_call_hands_its_training_flag_uses_the_module_flag():
    """A helper method taking `training` from call (the Keras writer's forward_once(x, training=None)):
    the flag is the module's too, and passing it on is dropped."""
    out = convert("""
        import keras
        from keras import layers


        class Block(keras.layers.Layer):
            def __init__(self, **kwargs):
                super().__init__(**kwargs)
                self.drop = layers.Dropout(0.5)

            def once(self, x, training=None):
                return self.drop(x, training=training) * (2.0 if training else 1.0)

            def call(self, x, training=None):
                return self.once(x, training=training)
        """).code
    assert "def once(self, x):" in out and "self.once(x)" in out
    assert "if self.training" in out and "self.drop(x)" in out


MODEL = """
import numpy as np
import keras
from keras import layers


class Scale(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")
        self.m = self.add_weight(shape=(input_shape[-1],), initializer="zeros", trainable=False)

    def call(self, x):
        return x * self.w + self.m

    def get_config(self):
        return {}


class Model(keras.Model):
    def __init__(self, units=4):
        super().__init__()
        self.scale = Scale()
        self.fc = layers.Dense(units)

    def call(self, x, training=None):
        self.add_loss(0.1 * keras.ops.sum(x))
        return self.fc(self.scale(x))


def get_init_inputs():
    return [4]


def get_inputs():
    return [np.ones((2, 3), "float32")]
"""


def test_build_moves_to_init_with_the_recorded_shape():
    conv = convert(MODEL)
    out = conv.code
    assert "def build" not in out and "get_config" not in out
    assert "input_shape = (None, 3,)  # recorded input shape" in out
    assert "self.w = nn.Parameter(torch.ones((input_shape[-1],)))" in out
    assert "self.register_buffer('m', torch.zeros((input_shape[-1],)))" in out   # not trained: a buffer
    assert "self.fc = nn.Linear(3, units)" in out   # in_features from the recorded run
    assert "self.aux_loss = 0.1 * x.sum()" in out
    messages = [d.message for d in conv.diagnostics]
    assert any("recorded" in m for m in messages) and any("add_loss" in m for m in messages)


def test_build_with_several_input_shapes_runs_on_the_first_call():
    code = MODEL.replace("self.fc = layers.Dense(units)", "self.fc = layers.Dense(units)\n        self.s2 = Scale()") \
        .replace("return self.fc(self.scale(x))", "return self.s2(self.fc(self.scale(x)))")
    conv = convert(code)
    assert "if not self.built:\n            self.build(x.shape)" in conv.code
    assert any("first call" in d.message for d in conv.diagnostics)


def test_list_of_layers_is_a_module_list_and_sequential_spreads():
    out = convert("""
        import keras
        from keras import layers


        class Model(keras.Model):
            def __init__(self):
                super().__init__()
                self.blocks = [layers.Dense(4) for _ in range(2)]
                self.head = keras.Sequential([layers.Dense(4, activation="relu"), layers.Dense(2)])

            def call(self, x):
                for b in self.blocks:
                    x = b(x)
                return self.head(x)
        """).code
    assert "self.blocks = nn.ModuleList([nn.LazyLinear(4) for _ in range(2)])" in out
    assert "self.head = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(2))" in out


def test_a_list_appended_to_is_a_module_list_and_a_list_of_variables_a_parameter_list():
    """Keras tracks a list attribute grown by append/extend, and a list of variables: without
    ModuleList / ParameterList PyTorch would register none of them (no weights to copy)."""
    conv = subclass_check.run("for i, b in enumerate(self.blocks):\n    x = b(x) * self.gates[i]\nreturn x",
                              [(2, 5)], init="self.blocks = []\nfor _ in range(2):\n    self.blocks.append("
                              "layers.Dense(4))\nself.blocks.extend([layers.Dense(5)])\n"
                              "self.gates = [keras.Variable(ops.ones((1,))) for _ in range(3)]\nself.names = []\n"
                              "self.names.append('a')")
    assert "self.blocks = nn.ModuleList([])" in conv.code and "self.names = []" in conv.code, conv.code
    assert "self.gates = nn.ParameterList([nn.Parameter(torch.ones((1,))) for _ in range(3)])" in conv.code
    # the loop's Dense(4) sees 5 features, then 4: one size for both would be wrong
    assert "self.blocks.append(nn.LazyLinear(4))" in conv.code, conv.code


# (forward body, init, what the PyTorch code must say): containers the Keras source tracks, sized
_CONTAINERS = [
    pytest.param("return self.heads['a'](x) + self.heads['b'](x) * self.scale['s']",
                 "self.heads = {k: keras.Sequential([layers.Dense(3), layers.Dense(2)]) for k in ('a', 'b')}\n"
                 "self.scale = {'s': keras.Variable(ops.ones((2,)))}",
                 ["self.heads = nn.ModuleDict({k: nn.Sequential(nn.Linear(5, 3), nn.Linear(3, 2)) for k in ('a', 'b')})",
                  "self.scale = nn.ParameterDict({'s': nn.Parameter(torch.ones((2,)))})"], id="dict-comprehension"),
    pytest.param("for blk in self.blocks:\n    x = blk['fc'](blk['norm'](x))\nreturn x",
                 "self.blocks = []\nfor _ in range(2):\n    self.blocks.append("
                 "{'norm': layers.LayerNormalization(), 'fc': layers.Dense(5)})",
                 ["self.blocks.append(nn.ModuleDict({'norm': nn.LayerNorm(5, eps=0.001), 'fc': nn.Linear(5, 5)}))"],
                 id="dicts-appended-sized-by-key"),
    pytest.param("return self.seq(x)", "blocks = [layers.Dense(4), layers.ReLU(), layers.Dense(6)]\n"
                 "self.seq = keras.Sequential([*blocks, layers.Dense(3)])",
                 ["self.seq = nn.Sequential(*blocks, nn.LazyLinear(3))"], id="spread-kept-and-not-sized-by-index"),
]


@pytest.mark.parametrize("body,init,expected", _CONTAINERS)
def test_containers_are_read_with_their_sizes_and_equal(body, init, expected):
    conv = subclass_check.run(body, [(2, 5)], init=init)
    for text in expected:
        assert text in conv.code, conv.code


def test_channels_last_layers_move_axes_at_the_call():
    out = convert("""
        import keras
        from keras import layers


        class Model(keras.Model):
            def __init__(self):
                super().__init__()
                self.conv = layers.Conv2D(8, 3, padding="same", activation="relu")
                self.bn = layers.BatchNormalization()

            def call(self, x, training=None):
                return self.bn(self.conv(x), training=training)
        """).code
    # one move in, one move out: the batch norm takes the convolution's channels-first result
    assert "torch.movedim(self.bn(F.relu(self.conv(torch.movedim(x, -1, 1)))" not in out
    assert out.count("torch.movedim") >= 2 and "F.relu" in out


def test_other_targets_keep_the_source_reading():
    conv = nnport.convert("import keras\n\n\nclass M(keras.Model):\n    def call(self, x):\n"
                          "        return keras.ops.relu(x)\n", source="keras", to="flax")
    assert "jax.nn.relu" in conv.code or "nnx.relu" in conv.code


def test_recording_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("NNPORT_RECORD_SHAPES", "0")
    conv = convert(MODEL)
    assert "nn.LazyLinear(units)" in conv.code
    assert any("NNPORT_RECORD_SHAPES=0" in d.message for d in conv.diagnostics)


ASSIGNS = '''
import numpy as np
import keras
from keras import layers, ops


class Stats(layers.Layer):
    def build(self, input_shape):
        n = input_shape[-1]
        self.mean = self.add_weight(shape=(n,), initializer="zeros", trainable=False, name="mean")
        self.total = self.add_weight(shape=(n,), initializer="ones", trainable=False, name="total")
        self.low = self.add_weight(shape=(n,), initializer="ones", trainable=False, name="low")
        self.span = self.add_weight(shape=(n,), initializer="ones", trainable=False, name="span")

    def call(self, x, training=None):
        if training:
            self.mean.assign(0.9 * self.mean + 0.1 * ops.mean(x, axis=0))
            self.total.assign_add(ops.sum(x, axis=0))
            self.low.assign_sub(ops.min(x, axis=0))
            self.span.assign_sub(ops.max(x, axis=0) -
                                 ops.min(x, axis=0))        # a difference, over two lines
            self.mean.assign(self.mean +
                             0.5)
        return x * 2.0


class Model(keras.Model):
    def __init__(self):
        super().__init__()
        self.stats = Stats()

    def call(self, x, training=None):
        return self.stats(x, training=training)


def get_init_inputs():
    return []


def get_inputs():
    return [np.random.default_rng(0).standard_normal((4, 3)).astype("float32")]
'''


def test_variable_assign_is_a_data_update_in_pytorch(tmp_path):
    """Variable.assign / assign_add / assign_sub -> `p.data = ...`: the variable updated outside
    autograd; after one training forward each holds what Keras' does."""
    import numpy as np
    import torch
    src = tmp_path / "stats.py"
    src.write_text(ASSIGNS)
    conv = nnport.convert(ASSIGNS, source="keras", to="torch", filename=str(src))
    assert "self.mean.data = 0.9 * self.mean + 0.1 * x.mean(dim=0)" in conv.code, conv.code
    assert "self.total.data = self.total + x.sum(dim=0)" in conv.code
    assert "self.low.data = self.low - x.amin(dim=0)" in conv.code
    assert "self.span.data = self.span - (x.amax(dim=0) -" in conv.code, conv.code   # its operand grouped
    assert "self.mean.data = (self.mean +" in conv.code   # the call's parentheses kept its two lines
    assert not [d for d in conv.issues if "assign" in d.message]
    from harness import load
    kmod = load(ASSIGNS, "keras_stats")
    x = kmod.get_inputs()[0]
    kmodel = kmod.Model()
    kmodel(x, training=True)
    tmodel = load(conv.code, "torch_stats").Model()
    tmodel.train()
    tmodel(torch.from_numpy(x))
    for name in ("mean", "total", "low", "span"):
        p = getattr(tmodel.stats, name)
        assert p.grad_fn is None and not p.requires_grad
        np.testing.assert_allclose(p.detach().numpy(), np.asarray(getattr(kmodel.stats, name)), rtol=1e-6)


def test_a_frozen_variable_is_a_buffer_and_pairs_with_its_keras_variable():
    """keras.Variable(v, trainable=False) -> register_buffer: Keras lists its trainable variables first,
    PyTorch its parameters before its buffers, so a frozen variable assigned first still pairs by kind."""
    conv = subclass_check.run("return x * self.w + self.m", [(2, 3)],
                              init="self.m = keras.Variable(ops.full((3,), 0.5), trainable=False)\n"
                                   "self.w = keras.Variable(ops.ones((3,)))")
    assert "self.register_buffer('m', " in conv.code and "self.w = nn.Parameter(" in conv.code, conv.code


def test_a_sequential_subclass_adding_layers_appends_them_sized_by_position():
    code = subclass_check.source("return self.t(x)", [(2, 3, 4, 4)], init="self.t = Transition(5)").replace(
        "class Model(keras.Model):", "class Transition(keras.Sequential):\n    def __init__(self, n):\n"
        "        super().__init__()\n        self.add(layers.Dense(n))\n        self.add(layers.ReLU())\n\n\n"
        "class Model(keras.Model):")
    out = nnport.convert(code, source="keras", to="torch").code
    assert "class Transition(nn.Sequential):" in out and "self.append(nn.Linear(4, n))" in out, out
    assert "self.append(nn.ReLU())" in out
