"""A small CNN on NHWC images: optax.chain(optax.clip, optax.adam) (element-wise gradient clipping,
eps set) on a piecewise-constant schedule, a jitted train step returning the logits as aux."""
import jax
import numpy as np
import optax
from flax import nnx


class Model(nnx.Module):
    def __init__(self, channels=4, classes=3, *, rngs: nnx.Rngs):
        self.conv = nnx.Conv(1, channels, kernel_size=(3, 3), padding="SAME", rngs=rngs)
        self.head = nnx.Linear(channels * 8 * 8, classes, rngs=rngs)

    def __call__(self, x):
        h = jax.nn.relu(self.conv(x))
        return self.head(h.reshape(h.shape[0], -1))


def get_init_inputs():
    return []


def get_inputs():
    return [np.zeros((4, 8, 8, 1), "float32")]


def get_batches():
    rng = np.random.default_rng(0)
    return [(rng.standard_normal((4, 8, 8, 1)).astype("float32"), rng.integers(0, 3, (4,)).astype("int32"))
            for _ in range(4)]


@nnx.jit
def train_step(model, optimizer, images, labels):
    def loss_fn(model):
        logits = model(images)
        loss = optax.softmax_cross_entropy_with_integer_labels(logits, labels).mean()
        return loss, logits

    (loss, logits), grads = nnx.value_and_grad(loss_fn, has_aux=True)(model)
    optimizer.update(model, grads)
    return loss


def train(model, batches, steps):
    schedule = optax.piecewise_constant_schedule(5e-3, {6: 0.5, 12: 0.2})
    tx = optax.chain(optax.clip(0.05), optax.adam(schedule, eps=1e-6))
    optimizer = nnx.Optimizer(model, tx, wrt=nnx.Param)
    losses = []
    for step in range(steps):
        images, labels = batches[step % len(batches)]
        losses.append(float(train_step(model, optimizer, images, labels)))
    return losses
