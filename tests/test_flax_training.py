"""flax/reading/training.py and flax/train_prepare.py: optax optimizers, schedules, chains with
clipping and losses in a Flax NNX training loop -> PyTorch, each against the real optax
transformation on the same gradients (tests/train_check.py), at gradient scales 1 and 1e-3."""
from __future__ import annotations

import numpy as np
import pytest

import nnport
import train_check as tc


MODEL = '''
import jax
import jax.numpy as jnp
import optax
from flax import nnx


class Model(nnx.Module):
    def __init__(self, *, rngs: nnx.Rngs):
        self.w = nnx.Param(jnp.zeros((3, 4)))
        self.b = nnx.Param(jnp.zeros((4,)))

    def __call__(self, g0, g1):
        return jnp.sum(self.w.value * g0) + jnp.sum(self.b.value * g1)
'''
LOOP = MODEL + '''

def train(model, grads, steps):
    {sched}
    optimizer = nnx.Optimizer(model, {tx}, wrt=nnx.Param)
    losses = []
    for g0, g1 in grads:
        def loss_fn(model):
            return model(g0, g1)

        loss, gradients = nnx.value_and_grad(loss_fn)(model)
        optimizer.update(model, gradients)
        losses.append(float(loss))
    return losses
'''
JIT_STEP = MODEL + '''

@nnx.jit
def train_step(model, optimizer, g0, g1):
    def loss_fn(model):
        out = model(g0, g1)
        return out, out * 2

    (loss, doubled), gradients = nnx.value_and_grad(loss_fn, has_aux=True)(model)
    optimizer.update(model, gradients)
    return loss


def train(model, grads, steps):
    {sched}
    optimizer = nnx.Optimizer(model, {tx}, wrt=nnx.Param)
    losses = []
    for g0, g1 in grads:
        loss = train_step(model, optimizer, g0, g1)
        losses.append(float(loss))
    return losses
'''
OPTIMIZERS = {
    "sgd": "optax.sgd(0.1)",
    "sgd_momentum": "optax.sgd(0.05, momentum=0.9)",
    "sgd_nesterov": "optax.sgd(learning_rate=0.05, momentum=0.8, nesterov=True)",
    "adam": "optax.adam(1e-3)",
    "adam_options": "optax.adam(0.01, b1=0.8, b2=0.99, eps=1e-6)",
    "adamw": "optax.adamw(0.01)",
    "adamw_decay": "optax.adamw(0.02, b1=0.5, b2=0.9, weight_decay=0.3)",
}
SCHEDULES = {
    "exponential": ("optax.adam(schedule)", "optax.exponential_decay(0.05, transition_steps=3, decay_rate=0.5)"),
    "exponential_staircase": ("optax.sgd(schedule, momentum=0.9)",
                              "optax.exponential_decay(0.1, 2, 0.7, staircase=True)"),
    "warmup_cosine": ("optax.adamw(schedule, weight_decay=0.1)",
                      "optax.warmup_cosine_decay_schedule(0.0, 0.1, warmup_steps=3, decay_steps=7, end_value=0.01)"),
    "warmup_cosine_exponent": ("optax.sgd(schedule)",
                               "optax.warmup_cosine_decay_schedule(0.01, 0.1, 2, 6, exponent=2.0)"),
    "piecewise": ("optax.sgd(schedule, momentum=0.5)", "optax.piecewise_constant_schedule(0.1, {2: 0.5, 5: 0.1})"),
    "constant": ("optax.adam(schedule)", "optax.constant_schedule(0.02)"),
}
CHAINS = {
    "clip_by_global_norm": "optax.chain(optax.clip_by_global_norm(1.0), optax.sgd(0.1, momentum=0.5))",
    "clip": "optax.chain(optax.clip(0.5), optax.adam(0.01))",
}


def flax_side(code: str, data, steps: int = tc.STEPS):
    import jax.numpy as jnp
    from flax import nnx
    from harness import load
    mod = load(code)
    m = mod.Model(rngs=nnx.Rngs(0))
    w, b = tc.weights()
    m.w.value, m.b.value = jnp.asarray(w), jnp.asarray(b)
    losses = mod.train(m, [tuple(jnp.asarray(a) for a in g) for g in data], steps)
    return np.array(losses), [np.asarray(m.w.value), np.asarray(m.b.value)]


def translate(code: str):
    conv = tc.translate(code, "flax")
    assert "optax" not in conv.code and "nnx" not in conv.code, conv.code
    return conv


def check(code: str, data, scale: float = 1.0, steps: int = tc.STEPS):
    return tc.check(code, "flax", flax_side, data, scale, steps)


@pytest.mark.parametrize("name, scale", tc.scaled(OPTIMIZERS))
def test_optimizer(name, scale):
    check(LOOP.format(tx=OPTIMIZERS[name], sched=""), tc.grads(scale=scale), scale)


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_schedule(name):
    tx, sched = SCHEDULES[name]
    conv = check(LOOP.format(tx=tx, sched=f"schedule = {sched}"), tc.grads())
    assert "LambdaLR" in conv.code and "schedule.step()" in conv.code


@pytest.mark.parametrize("name", list(CHAINS))
def test_chain_with_clipping(name):
    conv = check(LOOP.format(tx=CHAINS[name], sched=""), tc.grads(scale=3.0))   # clipping at work each step
    assert "nn.utils.clip_grad_" in conv.code


@pytest.mark.parametrize("call", ["loss = train_step(model, optimizer, g0, g1)\n        losses.append(float(loss))",
                                  "losses.append(float(train_step(model, optimizer, g0, g1)))"])
def test_jit_train_step_with_schedule(call):
    """An @nnx.jit train step of its own (has_aux): the decorator dropped, the schedule stepped after
    each statement that calls it, where the schedule is in scope."""
    code = JIT_STEP.replace("        loss = train_step(model, optimizer, g0, g1)\n        losses.append(float(loss))",
                            "        " + call).format(tx="optax.chain(optax.clip_by_global_norm(2.0), optax.sgd(schedule, momentum=0.9))",
                           sched="schedule = optax.exponential_decay(0.1, 2, 0.5)")
    conv = check(code, tc.grads(scale=2.0))
    step_fn = conv.code[conv.code.index("def train_step"):conv.code.index("def train(")]
    assert "schedule" not in step_fn and "clip_grad_norm_" in step_fn and "@" not in step_fn
    first = call.splitlines()[0]
    assert first + "\n        schedule.step()" in conv.code


@pytest.mark.parametrize("tx, why", [
    ("optax.adam(0.01, eps_root=1e-8)", "eps_root"),
    ("optax.adamw(0.01, mask=lambda p: p)", "mask"),
    ("optax.adam(0.01, nesterov=True)", "nesterov"),
    ("optax.chain(optax.adam(0.01), optax.clip(1.0))", "clipping transformations, then one optimizer"),
    ("optax.exponential_decay(0.1, 2, 0.5, transition_begin=3)", "transition_begin"),
])
def test_refused(tx, why):
    code = LOOP.format(tx=tx if "decay" not in tx else "optax.sgd(schedule)", sched=f"schedule = {tx}"
                       if "decay" in tx else "")
    conv = nnport.convert(code, to="torch", source="flax")
    assert any(why in d.message for d in conv.issues), [d.message for d in conv.issues]


LOSS_MODEL = MODEL.replace("def __call__(self, g0, g1):\n        return jnp.sum(self.w.value * g0) + jnp.sum(self.b.value * g1)",
                           "def __call__(self, x):\n        return x @ self.w.value + self.b.value") + '''

def train(model, batches, steps):
    optimizer = nnx.Optimizer(model, optax.sgd(0.1), wrt=nnx.Param)
    losses = []
    for x, y in batches:
        def loss_fn(model):
            return {loss}

        loss, gradients = nnx.value_and_grad(loss_fn)(model)
        optimizer.update(model, gradients)
        losses.append(float(loss))
    return losses
'''
LOSSES = {"softmax_ce_int": ("optax.softmax_cross_entropy_with_integer_labels(model(x), y).mean()", "int"),
          "sigmoid_bce": ("optax.sigmoid_binary_cross_entropy(model(x), y).mean()", "binary"),
          "squared_error": ("optax.squared_error(model(x), y).sum()", "float")}


@pytest.mark.parametrize("name", list(LOSSES))
def test_loss(name):
    loss, kind = LOSSES[name]
    rng = np.random.default_rng(3)
    data = []
    for _ in range(5):
        x = rng.standard_normal((6, 3)).astype(np.float32)
        y = rng.integers(0, 4, (6,)).astype(np.int32) if kind == "int" else rng.standard_normal((6, 4)).astype(np.float32)
        data.append((x, (y > 0).astype(np.float32) if kind == "binary" else y))
    conv = check(LOSS_MODEL.format(loss=loss), data, steps=5)
    assert "optax" not in conv.code
