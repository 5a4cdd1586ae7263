"""keras/reading/training.py and keras/train_prepare.py: Keras optimizers, schedules, clipping and
losses in a training loop -> PyTorch, each against the real Keras optimizer on the same gradients
(tests/train_check.py), at gradient scales 1 and 1e-3 (where epsilon's placement tells)."""
from __future__ import annotations

import numpy as np
import pytest

import nnport
import train_check as tc

MODEL = '''
import keras
import numpy as np
import tensorflow as tf


class Model(keras.Model):
    def __init__(self):
        super().__init__()
        self.w = self.add_weight(shape=(3, 4), initializer="zeros", name="w")
        self.b = self.add_weight(shape=(4,), initializer="zeros", name="b")

    def call(self, g0, g1):
        return keras.ops.sum(self.w * g0) + keras.ops.sum(self.b * g1)
'''
LOOP = MODEL + '''

def train(model, grads, steps):
    {sched}
    optimizer = {opt}
    losses = []
    for g0, g1 in grads:
        with tf.GradientTape() as tape:
            loss = model(g0, g1, training=True)
        gradients = tape.gradient(loss, model.trainable_variables)
        {clip}
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        losses.append(float(loss))
    return losses
'''
O = "keras.optimizers."
S = "keras.optimizers.schedules."
OPTIMIZERS = {
    "sgd": f"{O}SGD(0.1)",
    "sgd_momentum": f"{O}SGD(learning_rate=0.05, momentum=0.9)",
    "sgd_nesterov": f"{O}SGD(learning_rate=0.05, momentum=0.8, nesterov=True)",
    "adam": f"{O}Adam()",
    "adam_options": f"{O}Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-6)",
    "adam_decay": f"{O}Adam(learning_rate=0.01, weight_decay=0.1)",
    "adamw": f"{O}AdamW(learning_rate=0.01)",
    "adamw_decay": f"{O}AdamW(learning_rate=0.02, weight_decay=0.3, beta_1=0.5, beta_2=0.9)",
}
SCHEDULES = {
    "exponential": (f"{O}Adam(learning_rate=schedule)", f"{S}ExponentialDecay(0.05, decay_steps=3, decay_rate=0.5)"),
    "exponential_staircase": (f"{O}SGD(learning_rate=schedule)",
                              f"{S}ExponentialDecay(0.1, 2, 0.7, staircase=True)"),
    "cosine": (f"{O}SGD(learning_rate=schedule)", f"{S}CosineDecay(0.1, decay_steps=6, alpha=0.1)"),
    "piecewise": (f"{O}AdamW(learning_rate=schedule, weight_decay=0.2)",
                  f"{S}PiecewiseConstantDecay([2, 5], [0.1, 0.05, 0.01])"),
}


def keras_side(code: str, data, steps: int = tc.STEPS):
    from harness import load
    mod = load(code)
    m = mod.Model()
    w, b = tc.weights()
    m.w.assign(w)
    m.b.assign(b)
    losses = mod.train(m, [tuple(np.array(a) for a in g) for g in data], steps)
    return np.array(losses), [np.asarray(m.w), np.asarray(m.b)]


def translate(code: str):
    return tc.translate(code, "keras")


def check(code: str, data, scale: float = 1.0, steps: int = tc.STEPS):
    return tc.check(code, "keras", keras_side, data, scale, steps)


@pytest.mark.parametrize("name, scale", tc.scaled(OPTIMIZERS))
def test_optimizer(name, scale):
    check(LOOP.format(opt=OPTIMIZERS[name], sched="", clip=""), tc.grads(scale=scale), scale)


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_schedule(name):
    opt, sched = SCHEDULES[name]
    conv = check(LOOP.format(opt=opt, sched=f"schedule = {sched}", clip=""), tc.grads())
    assert "LambdaLR" in conv.code and "schedule.step()" in conv.code


CLIPS = ["gradients, _ = tf.clip_by_global_norm(gradients, 1.0)"]


def test_clip_by_global_norm():
    code = LOOP.format(opt=f"{O}SGD(learning_rate=0.1, momentum=0.5)", sched="",
                       clip=CLIPS[0])
    conv = check(code, tc.grads(scale=3.0))   # norms ~10: clipping at work on every step
    assert "clip_grad_norm_(model.parameters(), 1.0)" in conv.code


def test_adam_epsilon_needs_the_helper():
    """Keras' epsilon before the bias correction is not torch.optim.Adam's: with small gradients
    the plain class (eps=1e-7) is measurably off, the helper exact."""
    code = LOOP.format(opt=f"{O}Adam(learning_rate=0.01)", sched="", clip="")
    data = tc.grads(scale=1e-3)
    conv = translate(code)
    assert "class AdamEpsBeforeCorrection(torch.optim.Adam)" in conv.code
    plain = conv.code.replace("AdamEpsBeforeCorrection(model", "torch.optim.Adam(model")
    with pytest.raises(AssertionError, match=r"error \S+ > 2e-05"):
        tc.compare(keras_side(code, data), tc.torch_side(plain, data), 1e-3)


LOSS_MODEL = MODEL.replace("def call(self, g0, g1):\n        return keras.ops.sum(self.w * g0) + keras.ops.sum(self.b * g1)",
                           "def call(self, x):\n        return keras.ops.matmul(x, self.w) + self.b") + '''

def train(model, batches, steps):
    loss_fn = {loss}
    optimizer = keras.optimizers.SGD(learning_rate=0.1)
    losses = []
    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        losses.append(float(loss))
    return losses
'''
L = "keras.losses."
LOSSES = {"mse": (f"{L}MeanSquaredError()", "float"), "mae": (f"{L}MeanAbsoluteError()", "float"),
          "sparse_ce_sum": (f"{L}SparseCategoricalCrossentropy(from_logits=True, reduction='sum')", "int"),
          "sparse_ce": (f"{L}SparseCategoricalCrossentropy(from_logits=True)", "int"),
          "binary_ce": (f"{L}BinaryCrossentropy(from_logits=True)", "binary")}


def _batches(kind: str):
    rng = np.random.default_rng(3)
    out = []
    for _ in range(5):
        x = rng.standard_normal((6, 3)).astype(np.float32)
        y = rng.integers(0, 4, (6,)) if kind == "int" else rng.standard_normal((6, 4)).astype(np.float32)
        out.append((x, (y > 0).astype(np.float32) if kind == "binary" else y))
    return out


@pytest.mark.parametrize("name", list(LOSSES))
def test_loss(name):
    loss, kind = LOSSES[name]
    check(LOSS_MODEL.format(loss=loss), _batches(kind), steps=5)


FIT = MODEL.replace("def call(self, g0, g1):\n        return keras.ops.sum(self.w * g0) + keras.ops.sum(self.b * g1)",
                    "def call(self, x):\n        return keras.ops.matmul(x, self.w) + self.b") + '''

def train(model, data, steps):
    x, y = data
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
    return history.history["loss"]
'''


def test_compile_fit():
    """fit: batches of 4 in order (the last one partial), the epoch's loss the batch-size-weighted mean."""
    import torch
    from harness import load
    rng = np.random.default_rng(5)
    x, y = rng.standard_normal((10, 3)).astype(np.float32), rng.standard_normal((10, 4)).astype(np.float32)
    conv = translate(FIT)
    assert "for start in range(0, len(x), 4):" in conv.code and 'history["loss"]' in conv.code
    kmod, tmod = load(FIT), load(conv.code)
    km, tm = kmod.Model(), tmod.Model()
    w, b = tc.weights()
    km.w.assign(w)
    km.b.assign(b)
    with torch.no_grad():
        tm.w.copy_(torch.from_numpy(w))
        tm.b.copy_(torch.from_numpy(b))
    ref = kmod.train(km, (x, y), 0)
    got = tmod.train(tm, (torch.from_numpy(x), torch.from_numpy(y)), 0)
    tc.compare((np.array(ref), [np.asarray(km.w), np.asarray(km.b)]),
               (np.array(got), [tm.w.detach().numpy(), tm.b.detach().numpy()]))


@pytest.mark.parametrize("opt, why", [
    (f"{O}SGD(learning_rate=0.1, weight_decay=0.01)", "decoupled"),
    (f"{O}SGD(learning_rate=schedule, momentum=0.9)", "momentum on a schedule"),
    (f"{O}Adam(amsgrad=True)", "amsgrad"),
    (f"{O}Adam(clipnorm=1.0)", "clipnorm"),
    (f"{O}Adam(learning_rate=keras.optimizers.schedules.CosineDecay(0.0, 10, warmup_target=0.1, warmup_steps=2))",
     "warmup_target"),
])
def test_refused(opt, why):
    code = LOOP.format(opt=opt, sched=f"schedule = {S}ExponentialDecay(0.1, 2, 0.5)", clip="")
    conv = nnport.convert(code, to="torch", source="keras")
    assert any(why in d.message for d in conv.issues), [d.message for d in conv.issues]
    assert "# nnport:" in conv.code


@pytest.mark.parametrize("loss, why", [
    (f"{L}MeanSquaredError(reduction='sum')", "per element"),
    (f"{L}BinaryCrossentropy(from_logits=True, reduction='none')", "per element"),
    (f"{L}SparseCategoricalCrossentropy()", "from_logits=False"),
])
def test_loss_refused(loss, why):   # and a call in inference mode
    if why == "from_logits=False":
        conv = nnport.convert(LOSS_MODEL.format(loss="keras.losses.MeanSquaredError()").replace(
            "model(x, training=True)", "model(x, training=False)"), to="torch", source="keras")
        assert any("inference mode" in d.message for d in conv.issues), [d.message for d in conv.issues]
    conv = nnport.convert(LOSS_MODEL.format(loss=loss), to="torch", source="keras")
    assert any(why in d.message for d in conv.issues), [d.message for d in conv.issues]


@pytest.mark.parametrize("change, why", [
    ("shuffle=False", "shuffle"),
    ("verbose=0", "validation_split=0.2, verbose=0"),
])
def test_fit_refused(change, why):
    code = FIT.replace(change, why if why != "shuffle" else "shuffle=True")
    conv = nnport.convert(code, to="torch", source="keras")
    assert any("training loop" in d.message for d in conv.issues), [d.message for d in conv.issues]
