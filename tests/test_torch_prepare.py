"""PyTorch as a source: torch/prepare.py takes the helper classes of another translation out of the file
and names their constructions as the helpers' reader entries (torch/helper_classes.py). And the whole
hub with real source frameworks: a Keras model's BatchNormalization and a Flax NNX model's nnx.BatchNorm
reach the other targets through PyTorch as the target's own batch norm, equal to the source in one
training forward (outputs and the updated moving statistics) and in inference afterwards."""
import numpy as np
import pytest

import nnport
from harness import compare, layer_case, load, randn
from nnport.frameworks.torch.helper_classes import by_pattern
from nnport.frameworks.torch.prepare import prepare

BN = by_pattern("{prefix}BatchNorm{n}d")


def test_a_file_without_helpers_is_left_as_it_is():
    code = layer_case("nn.BatchNorm2d(4)")
    out, facts, diags = prepare(code, "f.py")
    assert out is code and facts is None and diags == []


def test_helpers_are_taken_out_and_named_as_their_reader_entries():
    code = layer_case("GluonBatchNorm2d(4, momentum=0.2)", prelude=BN.text("Gluon", "2").replace("\n", "\n        "))
    out, facts, _ = prepare(code, "f.py")
    assert "class GluonBatchNorm2d" not in out and "self.layer = GluonBatchNorm2d(4, momentum=0.2)" in out
    assert facts["aliases"] == {"GluonBatchNorm2d": "BatchNorm2d_biased_var"}
    line = next(i for i, s in enumerate(out.splitlines(), 1) if "GluonBatchNorm2d(4" in s)
    assert code.splitlines()[facts["line_map"][line] - 1].strip() == "self.layer = GluonBatchNorm2d(4, momentum=0.2)"


KERAS = '''
import keras
from keras import layers


class Model(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = layers.Conv2D(4, 3, padding="same")
        self.bn = layers.BatchNormalization(momentum=0.7)
        self.dense = layers.Dense(3)
        self.bn1 = layers.BatchNormalization(epsilon=0.01)

    def call(self, x, training=False):
        y = self.bn(self.conv(x), training=training)
        y = keras.ops.mean(y, axis=(1, 2))
        return self.bn1(self.dense(y), training=training)


def get_init_inputs():
    return []


def get_inputs():
    import numpy as np
    return [np.random.default_rng(0).normal(size=(4, 5, 5, 2)).astype("float32")]
'''

FLAX = '''
import jax.numpy as jnp
from flax import nnx


class Model(nnx.Module):
    def __init__(self, *, rngs: nnx.Rngs):
        self.conv = nnx.Conv(2, 4, (3, 3), rngs=rngs)
        self.bn = nnx.BatchNorm(4, momentum=0.7, rngs=rngs)
        self.dense = nnx.Linear(4, 3, rngs=rngs)
        self.bn1 = nnx.BatchNorm(3, epsilon=0.01, rngs=rngs)

    def __call__(self, x):
        y = self.bn(self.conv(x))
        y = jnp.mean(y, axis=(1, 2))
        return self.bn1(self.dense(y))


def get_init_inputs():
    return []


def get_inputs():
    import numpy as np
    return [np.random.default_rng(0).normal(size=(4, 5, 5, 2)).astype("float32")]
'''
# the source's moving statistics -> the target's names for them
STATS = {"keras": ("moving_mean", "moving_variance"), "flax": ("mean", "var")}


def _runtime(name):
    import importlib
    return importlib.import_module(f"nnport.frameworks.{name}.runtime")


def _build(code, framework, to, x):
    conv = nnport.convert(code, to=to, source=framework)
    assert not conv.issues, "\n".join(d.format() for d in conv.issues) + "\n" + conv.code
    rt = _runtime(to)
    model = rt.build(load(conv.code).Model, [], {}, 0)
    return model, conv.code


@pytest.mark.parametrize("source,code,to", [("keras", KERAS, "flax"), ("flax", FLAX, "keras")],
                         ids=["keras-flax", "flax-keras"])
def test_batch_norm_through_the_hub_trains_as_the_source(source, code, to):
    x = load(code).get_inputs()[0]
    srt, drt = _runtime(source), _runtime(to)
    sm = srt.build(load(code).Model, [], {}, 0)
    srt.run(sm, [x], train=False, seed=0)   # built (Keras: weights made by the first call)
    tm, _ = _build(code, source, "torch", x)
    nnport.transfer_weights(sm, tm, example_inputs=[x])
    dm, text = _build(code, source, to, x)
    assert "nnx.BatchNorm(" in text or "layers.BatchNormalization(" in text, text
    nnport.transfer_weights(tm, dm, example_inputs=[x])
    compare(srt.run(sm, [x], train=True, seed=0), drt.run(dm, [x], train=True, seed=0), 1e-5, "train output")
    for layer in ("bn", "bn1"):
        for s_name, d_name in zip(STATS[source], STATS[to]):
            ref = srt.get_array(srt.find(sm, (layer,)), s_name)
            got = drt.get_array(drt.find(dm, (layer,)), d_name)
            if s_name == STATS[source][1]:
                assert not np.allclose(ref, 1.0), "the moving variance moved"
            compare(ref, got, 1e-5, f"{layer}.{s_name}", floor=1.0)
    compare(srt.run(sm, [x], train=False, seed=0), drt.run(dm, [x], train=False, seed=0), 1e-5, "eval output")
