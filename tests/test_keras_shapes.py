"""nnport.frameworks.keras.shapes: every layer's input/output shapes from one forward pass."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from corpus import keras_runner

pytestmark = pytest.mark.fast

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

from nnport.frameworks.keras.shapes import (  # noqa: E402
    TensorInfo, class_name, first_calls, format_calls, layer_paths, record_shapes)

SRC = Path(__file__).resolve().parents[1] / "src"


def _x(*shape, seed=0):
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


def test_sequential_paths_classes_and_shapes():
    keras.backend.clear_session(free_memory=False)
    model = keras.Sequential([keras.Input((6,)), layers.Dense(4, name="fc1"),
                              layers.Dropout(0.5, name="drop"), layers.Dense(3, name="fc2")])
    calls = record_shapes(model, _x(2, 6))
    assert [c.path for c in calls] == ["", "fc1", "drop", "fc2"]
    assert [c.depth for c in calls] == [0, 1, 1, 1]
    assert calls[0].cls == "keras.Sequential"
    assert calls[1].cls == "keras.layers.Dense"
    assert calls[1].args == (TensorInfo((2, 6), "float32"),)
    assert calls[1].input_shapes == [(2, 6)] and calls[1].output_shapes == [(2, 4)]
    assert calls[2].kwargs["training"] is False
    assert calls[0].output_shapes == [(2, 3)]
    assert record_shapes(model, _x(2, 6), training=True)[2].kwargs["training"] is True


def test_functional_shared_layer_has_one_record_per_call():
    keras.backend.clear_session(free_memory=False)
    a, b = keras.Input((5,), name="a"), keras.Input((5,), name="b")
    shared = layers.Dense(7, name="shared")
    merged = layers.Concatenate(name="cat")([shared(a), shared(b)])
    model = keras.Model([a, b], layers.Dense(1, name="out")(merged))
    calls = record_shapes(model, [_x(3, 5), _x(3, 5, seed=1)])
    shared_calls = [c for c in calls if c.path == "shared"]
    assert [c.index for c in shared_calls] == [0, 1]
    assert all(c.output_shapes == [(3, 7)] for c in shared_calls)
    assert first_calls(calls)["cat"].input_shapes == [(3, 7), (3, 7)]
    assert calls[0].input_shapes == [(3, 5), (3, 5)]       # the model's list argument, flattened
    assert "a" not in layer_paths(model)                   # InputLayers are not layers to size


class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.norm = layers.LayerNormalization()

    def build(self, input_shape):
        # made in build(): exists only once the input size is known
        self.proj = layers.Dense(self.units)

    def call(self, x, training=None):
        return self.proj(self.norm(x))


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.blocks = [Block(8), Block(4)]
        self.heads = {"score": layers.Dense(1)}
        self._private = layers.Dense(2)

    def call(self, x, training=None):
        for block in self.blocks:
            x = block(x, training=training)
        return self.heads["score"](x), self._private(x)


def test_subclassed_model_unbuilt_lists_dicts_private_attributes():
    keras.backend.clear_session(free_memory=False)
    model = Net()                       # not built: record_shapes builds it first, unrecorded
    calls = record_shapes(model, _x(2, 3, 5))
    paths = list(layer_paths(model))
    assert paths == ["", "blocks.0", "blocks.0.norm", "blocks.0.proj", "blocks.1", "blocks.1.norm",
                     "blocks.1.proj", "heads.score", "_private"]
    by_path = first_calls(calls)
    assert set(by_path) == set(paths)
    assert all(c.index == 0 for c in calls)                # the build call is not recorded
    assert by_path["blocks.0.proj"].input_shapes == [(2, 3, 5)]
    assert by_path["blocks.1.proj"].input_shapes == [(2, 3, 8)]
    assert by_path["blocks.1.proj"].depth == 2
    assert by_path[""].output_shapes == [(2, 3, 1), (2, 3, 2)]
    assert by_path["blocks.0"].cls == f"{__name__}.Block"


def test_rnn_cell_calls_and_mask_keyword():
    keras.backend.clear_session(free_memory=False)
    model = keras.Sequential([keras.Input((None,), dtype="int32"),
                              layers.Embedding(20, 4, mask_zero=True, name="emb"),
                              layers.GRU(6, name="gru")])
    tokens = np.array([[3, 4, 5, 0], [1, 2, 0, 0]], dtype="int32")
    calls = record_shapes(model, tokens)
    gru = first_calls(calls)["gru"]
    assert gru.kwargs["mask"] == TensorInfo((2, 4), "bool")
    assert gru.input_shapes == [(2, 4, 4), (2, 4)] and gru.output_shapes == [(2, 6)]
    cell = [c for c in calls if c.path == "gru.cell"]
    assert len(cell) >= 4 and cell[0].cls == "keras.layers.GRUCell"
    assert first_calls(calls)["emb"].inputs == [TensorInfo((2, 4), "int32")]
    text = format_calls(calls)
    assert text.count("gru.cell") == 1                     # repeated identical calls folded
    assert "  gru  keras.layers.GRU  (float32[2, 4, 4], bool[2, 4]) -> (float32[2, 6])" in text


class Boom(layers.Layer):
    armed = False

    def call(self, x):
        if self.armed:
            raise ValueError("boom")
        return x


def test_calls_are_restored_even_when_the_forward_raises():
    keras.backend.clear_session(free_memory=False)
    inner = layers.Dense(3)
    model = keras.Sequential([keras.Input((2,)), inner])
    before = np.asarray(model(_x(1, 2)))
    record_shapes(model, _x(1, 2))
    assert all("call" not in vars(layer) for layer in layer_paths(model).values())
    assert np.array_equal(np.asarray(model(_x(1, 2))), before)

    boom = Boom(name="boom")
    bad = keras.Sequential([keras.Input((2,)), layers.Dense(3), boom])
    boom.armed = True
    with pytest.raises(ValueError, match="boom"):
        record_shapes(bad, _x(1, 2))
    assert all("call" not in vars(layer) for layer in layer_paths(bad).values())


def test_class_name_of_builtin_and_user_layers():
    assert class_name(layers.Conv2D(2, 3)) == "keras.layers.Conv2D"
    assert class_name(Boom()) == f"{__name__}.Boom"


@pytest.mark.parametrize("name", keras_runner.names())
def test_corpus_shapes_agree_with_the_weights(name):
    """On every corpus model: each Dense/Conv/Embedding input size matches its built kernel."""
    _, model, inputs = keras_runner.build(name)
    calls = record_shapes(model, *inputs)
    assert calls[0].path == "" and calls[0].depth == 0
    checked = 0
    for path, call in first_calls(calls).items():
        layer = layer_paths(model)[path]
        kernel = getattr(layer, "kernel", None)
        if kernel is None or not call.inputs:
            continue
        x = call.input_shapes[0]
        channels_first = getattr(layer, "data_format", "channels_last") == "channels_first"
        c_in = x[1] if channels_first else x[-1]
        if isinstance(layer, (layers.Dense, layers.Conv1D, layers.Conv2D, layers.Conv3D)) and \
                not isinstance(layer, (layers.Conv1DTranspose, layers.Conv2DTranspose,
                                       layers.Conv3DTranspose)):
            assert kernel.shape[-2] == c_in, (path, tuple(kernel.shape), x)
            checked += 1
        elif isinstance(layer, layers.Conv2DTranspose):
            assert kernel.shape[-1] == c_in, (path, tuple(kernel.shape), x)
            checked += 1
        elif isinstance(layer, layers.DepthwiseConv2D):
            assert kernel.shape[-2] == c_in, (path, tuple(kernel.shape), x)
            checked += 1
    uses_own_weights = name in ("custom_layers_build",)     # add_weight only, no Dense/Conv
    assert checked or uses_own_weights


def test_importing_shapes_imports_no_framework():
    code = ("import sys, nnport.frameworks.keras.shapes; "
            "print(sorted({'keras', 'tensorflow', 'torch', 'jax'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}).stdout
    assert out.strip() == "[]"
