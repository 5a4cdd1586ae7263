"""Training loops beyond one optimizer over model.parameters(), PyTorch -> Flax NNX, trained on both
sides from the same weights on the same batches (tests/corpus/train_runner.py's check, on small
scripts of the corpus's convention): two optimizers over two submodules (a GAN's structure), gradients
accumulated over batches, parameter groups (optax.multi_transform), a forward pass before zero_grad(),
LambdaLR lambdas compiled (traced) or not (a function of the user's)."""
from __future__ import annotations

import pytest

from corpus import train_runner

pytestmark = pytest.mark.target("flax")

HEAD = '''
import math

import torch
import torch.nn as nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Sequential(nn.Linear(3, 4), nn.Tanh())
        self.b = nn.Linear(4, 1)

    def forward(self, x):
        return self.b(self.a(x))


def get_init_inputs():
    return []


def get_batches():
    torch.manual_seed(0)
    return [(torch.randn(6, 3), torch.randn(6, 1)) for _ in range(4)]
'''
TWO_OPTIMIZERS = HEAD + '''

def train(model, batches, steps):
    opt_a = torch.optim.SGD(model.a.parameters(), lr=0.1, momentum=0.5)
    opt_b = torch.optim.Adam(model.b.parameters(), lr=0.01)
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        h = model.a(x)
        opt_b.zero_grad()
        loss_b = ((model.b(h.detach()) - y) ** 2).mean()
        loss_b.backward()
        opt_b.step()
        opt_a.zero_grad()
        loss_a = (model.b(h) ** 2).mean() + 0.1 * (h ** 2).mean()
        loss_a.backward()
        opt_a.step()
        losses += [loss_b.item(), loss_a.item()]
    return losses
'''
ACCUMULATED = HEAD + '''

def train(model, batches, epochs, accum=3):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    losses = []
    for epoch in range(epochs):
        for i, (x, y) in enumerate(batches):
            loss = ((model(x) - y) ** 2).mean() / accum
            loss.backward()
            if (i + 1) % accum == 0:
                optimizer.step()
                optimizer.zero_grad()
            losses.append(loss.item())
    return losses
'''
LOOP = HEAD + '''
{pre}

def train(model, batches, steps):
    optimizer = torch.optim.{opt}
    {sched}
    losses = []
    for step in range(steps):
        x, y = batches[step % len(batches)]
        {before}
        optimizer.zero_grad()
        {after}
        loss = ((out - y) ** 2).mean()
        loss.backward()
        optimizer.step()
        {sched_step}
        losses.append(loss.item())
    return losses
'''
WARMUP = '''
def warmup(step):
    if step < 3:
        return (step + 1) / 3
    return 0.5 ** (step - 3)
'''


def loop(opt, before="", after="out = model(x)", sched=""):
    return LOOP.format(pre=WARMUP if "warmup" in sched else "", opt=opt, before=before, after=after,
                       sched=f"scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, {sched})" if sched else "",
                       sched_step="scheduler.step()" if sched else "")


def groups(opt, a, rest):
    return loop(f'{opt}([{{"params": model.a.parameters(), {a}}}, {{"params": model.b.parameters()}}], {rest})')


CASES = {
    "two_optimizers": (TWO_OPTIMIZERS, "@nnx.jit"),
    "accumulated": (ACCUMULATED, "jax.tree.map(jnp.add"),
    "groups_sgd": (groups("SGD", '"lr": 0.02, "momentum": 0.0', "lr=0.1, momentum=0.9, weight_decay=0.01"),
                   "optax.multi_transform"),
    "groups_adam": (groups("Adam", '"betas": (0.5, 0.9), "weight_decay": 0.1', "lr=0.01"), "optax.multi_transform"),
    "forward_before_zero_grad": (loop("SGD(model.parameters(), lr=0.1)", before="out = model(x)", after=""),
                                 "out = model(x)\n"),
    "lambda_traced": (loop("SGD(model.parameters(), lr=0.1, momentum=0.9)",
                           sched="lambda s: min(1.0, (s + 1) / 4) * math.cos(s / 10)"), "jnp.minimum"),
    "lambda_function": (loop("SGD(model.parameters(), lr=0.1, momentum=0.9)", sched="warmup"), "(warmup)(count)"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_trains_equal(name, tmp_path):
    code, shows = CASES[name]
    path = tmp_path / f"{name}.py"
    path.write_text(code)
    import nnport
    conv = nnport.convert(code, to="flax", source="torch")
    assert shows in conv.code, conv.code
    if name == "lambda_function":   # the user's Python branches on the count: the update not compiled
        assert "def compute_grads(model, x, y):" in conv.code and "        optimizer.update(model, grads)\n" in conv.code
    r = train_runner.run(name, steps=8, path=path)
    bad = [(c["name"], c["status"], c["max_rel"]) for c in r["checks"] if c["status"] != "match"]
    assert r["equal"] and not bad, bad
