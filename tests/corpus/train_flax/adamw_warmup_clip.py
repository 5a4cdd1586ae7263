"""Binary classification: optax.chain(clip_by_global_norm, adamw) with optax's default weight decay
(1e-4) on a warm-up + cosine schedule; the loss function returns its logits as aux (has_aux=True)."""
import jax
import numpy as np
import optax
from flax import nnx


class Model(nnx.Module):
    def __init__(self, din=6, hidden=16, *, rngs: nnx.Rngs):
        self.body = nnx.Linear(din, hidden, rngs=rngs)
        self.logit = nnx.Linear(hidden, 1, rngs=rngs)

    def __call__(self, x):
        return self.logit(jax.nn.gelu(self.body(x), approximate=False))


def get_init_inputs():
    return []


def get_inputs():
    return [np.zeros((16, 6), "float32")]


def get_batches():
    rng = np.random.default_rng(0)
    batches = []
    for _ in range(4):
        x = rng.standard_normal((16, 6)).astype("float32")
        batches.append((x, (x[:, :1] + x[:, 1:2] > 0).astype("float32")))
    return batches


def train(model, batches, steps):
    schedule = optax.warmup_cosine_decay_schedule(init_value=1e-4, peak_value=5e-3, warmup_steps=5,
                                                  decay_steps=steps, end_value=1e-4)
    tx = optax.chain(optax.clip_by_global_norm(0.5), optax.adamw(schedule))
    optimizer = nnx.Optimizer(model, tx, wrt=nnx.Param)
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]

        def loss_fn(model):
            logits = model(x)
            return optax.sigmoid_binary_cross_entropy(logits, y).mean(), logits

        (loss, logits), grads = nnx.value_and_grad(loss_fn, has_aux=True)(model)
        optimizer.update(model, grads)
        losses.append(float(loss))
    return losses
