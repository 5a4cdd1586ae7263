"""The plain form of a training loop that the Keras and Flax prepares write (frameworks/train_plain.py,
keras/train_prepare.py, flax/train_prepare.py) and PyTorch's writer of optimizers
(torch/writers/optim.py): before/after strings of the prepared text, and the text written."""
from __future__ import annotations

import libcst as cst
import pytest

import nnport
from nnport.frameworks import train_plain as tp

KERAS = '''
import keras
import tensorflow as tf


def train(model, batches, steps):
    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, 5, 0.5)
    optimizer = keras.optimizers.SGD(learning_rate=schedule)
    loss_fn = keras.losses.MeanSquaredError()
    for x, y in batches:
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        grads, _ = tf.clip_by_global_norm(grads, 2.0)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
'''
KERAS_PLAIN = '''
def train(model, batches, steps):
    optimizer = keras.optimizers.SGD(model.parameters(), learning_rate=0.1, _nnport_scheduled=True)
    schedule = keras.optimizers.schedules.ExponentialDecay(optimizer, 0.1, 5, 0.5)
    for x, y in batches:
        optimizer.zero_grad()
        loss = keras.losses.MeanSquaredError(y, model(x))
        loss.backward()
        tf.clip_by_global_norm(model.parameters(), 2.0)
        optimizer.step()
        schedule.step()
'''
FLAX = '''
import optax
from flax import nnx


@nnx.jit
def train_step(model, optimizer, x, y):
    def loss_fn(model):
        return ((model(x) - y) ** 2).mean()

    loss, grads = nnx.value_and_grad(loss_fn)(model)
    optimizer.update(model, grads)
    return loss


def train(model, batches, steps):
    schedule = optax.exponential_decay(0.1, 5, 0.5)
    tx = optax.chain(optax.clip(1.0), optax.adam(schedule))
    optimizer = nnx.Optimizer(model, tx, wrt=nnx.Param)
    for x, y in batches:
        loss = train_step(model, optimizer, x, y)
'''
FLAX_PLAIN = '''
def train_step(model, optimizer, x, y):
    def loss_fn(model):
        return ((model(x) - y) ** 2).mean()

    optimizer.zero_grad()
    loss = loss_fn(model)
    loss.backward()
    optax.clip(model.parameters(), 1.0)
    optimizer.step()
    return loss


def train(model, batches, steps):
    optimizer = optax.adam(model.parameters(), 0.1, _nnport_scheduled=True)
    schedule = optax.exponential_decay(optimizer, 0.1, 5, 0.5)
    for x, y in batches:
        loss = train_step(model, optimizer, x, y)
        schedule.step()
'''


def _functions(code: str) -> str:
    module = cst.parse_module(code)
    return "\n".join(module.code_for_node(s) for s in module.body if isinstance(s, cst.FunctionDef))


@pytest.mark.parametrize("source, before, after", [("keras", KERAS, KERAS_PLAIN), ("flax", FLAX, FLAX_PLAIN)])
def test_prepared_plain_form(source, before, after):
    from nnport import frameworks
    prepared, _, diags = frameworks.source(source).skeleton.prepare(before, "<test>", "torch")
    assert not [d for d in diags if d.severity == "warning"], diags
    assert _functions(prepared).strip() == _functions(after).strip()


def test_optimizer_call_on_the_parameters():
    call = cst.parse_expression("opt.Adam(sched, beta=0.5)")
    sched = cst.parse_expression("s.Decay(0.3, 10)")
    new, found = tp.optimizer(call, "net", ("learning_rate", 0), {"s.Decay": tp.Schedule("initial", 0)},
                              {"sched": sched}, {"opt": "opt", "s": "s"}, lambda n: n)
    assert cst.Module([]).code_for_node(new) == "opt.Adam(net.parameters(), 0.3, beta=0.5, _nnport_scheduled=True)"
    assert found is sched
    assert cst.Module([]).code_for_node(tp.on_optimizer(found, "o")) == "s.Decay(o, 0.3, 10)"


def test_keras_loop_that_does_not_fit_is_left_with_a_diagnostic():
    code = KERAS.replace("    optimizer = keras.optimizers.SGD(learning_rate=schedule)\n",
                         "    optimizer = keras.optimizers.SGD(learning_rate=schedule)\n"
                         "    other = keras.optimizers.Adam()\n")
    conv = nnport.convert(code, to="torch", source="keras")
    assert any("one optimizer per function" in d.message for d in conv.issues)
    assert "tf.GradientTape" in conv.code


def test_torch_writes_the_epsilon_helper_only_when_asked():
    adam = nnport.convert(KERAS.replace("SGD(learning_rate=schedule)", "Adam(learning_rate=schedule)"),
                          to="torch", source="keras")
    assert "class AdamEpsBeforeCorrection(torch.optim.Adam):" in adam.code
    assert "optimizer = AdamEpsBeforeCorrection(model.parameters(), lr=0.1, eps=1e-07)" in adam.code
    optax_adam = nnport.convert(FLAX, to="torch", source="flax")
    assert "EpsBeforeCorrection" not in optax_adam.code and "torch.optim.Adam(model.parameters(), 0.1)" in optax_adam.code
