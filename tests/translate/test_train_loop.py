"""translate/train_loop.py: PyTorch optimisation loops written as Flax NNX train steps (the text), and
the loops it leaves as they are, with a diagnostic. The numbers are checked in
tests/frameworks/test_optim.py (each optimizer and schedule) and tests/test_train_corpus.py (scripts)."""
import pytest

import nnport

HEAD = "import torch\nimport torch.nn as nn\n\n\n"


def convert(body: str):
    return nnport.convert(HEAD + body, to="flax", source="torch")


def test_loop_with_aux_values():
    conv = convert('''def train(model, batches, loss_fn):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    correct = 0
    for x, y in batches:
        optimizer.zero_grad()
        out = model(x)
        loss = loss_fn(out, y)
        loss.backward()
        optimizer.step()
        correct += (out.argmax(1) == y).sum().item()
    return correct
''')
    assert not conv.issues, [d.format() for d in conv.issues]
    assert '''    optimizer = nnx.Optimizer(model, optax.adam(0.01), wrt=nnx.Param)
    correct = 0
    @nnx.jit
    def train_step(model, optimizer, x, y):
        def compute_loss(model):
            out = model(x)
            loss = loss_fn(out, y)
            return loss, out
        (loss, out), grads = nnx.value_and_grad(compute_loss, has_aux=True)(model)
        optimizer.update(model, grads)
        return loss, out
    for x, y in batches:
        loss, out = train_step(model, optimizer, x, y)
        correct += jnp.sum((jnp.argmax(out, axis=1) == y)).item()
''' in conv.code


def test_clipping_and_schedule_go_into_the_optimizer():
    conv = convert('''def train(model, loader, epochs):
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    for epoch in range(epochs):
        for i, (x, y) in enumerate(loader):
            loss = model(x).sum()
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
        sched.step()
''')
    assert not conv.issues, [d.format() for d in conv.issues]
    assert '''    sched = optax.exponential_decay(0.1, transition_steps=2, decay_rate=0.5, staircase=True)
    opt = nnx.Optimizer(model, optax.chain(optax.clip_by_global_norm(1.0), optax.sgd(lambda count: sched(count // len(loader)), momentum=0.9)), wrt=nnx.Param)
''' in conv.code
    assert "sched.step()" not in conv.code and "zero_grad" not in conv.code and "clip_grad" not in conv.code
    assert ("        def compute_loss(model):\n            loss = jnp.sum(model(x))\n"
            "            return loss\n") in conv.code   # computed before zero_grad(): still the loss
    assert "    @nnx.jit\n    def train_step(model, opt, x):\n" in conv.code   # compiled, before the epochs
    assert "            loss = train_step(model, opt, x)\n" in conv.code


def test_names_of_the_step_do_not_shadow_the_users():
    conv = convert('''def train(model, grads, compute_loss):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for g in grads:
        opt.zero_grad()
        loss = compute_loss(model, g)
        loss.backward()
        opt.step()
''')
    assert "def compute_loss_(model):" in conv.code
    assert "loss, grads_ = nnx.value_and_grad(compute_loss_)(model)" in conv.code
    assert "opt.update(model, grads_)" in conv.code


def test_state_dict_and_load_state_dict():
    conv = convert('''def train(model, batches):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for x in batches:
        opt.zero_grad()
        loss = model(x).sum()
        loss.backward()
        opt.step()
        best = model.state_dict()
    model.load_state_dict(best)
''')
    assert "best = nnx.state(model)" in conv.code and "nnx.update(model, best)" in conv.code


@pytest.mark.parametrize("body, why", [
    ('''def train(model, batches):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for x in batches:
        opt.zero_grad()
        loss = model(x).sum()
        loss.backward()
        opt.zero_grad()
        opt.step()
''', "opt.zero_grad() between backward() and step()"),
    ('''def train(model, batches):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = torch.optim.lr_scheduler.ExponentialLR(opt, 0.9)
    for x in batches:
        opt.zero_grad()
        loss = model(x).sum()
        loss.backward()
        sched.step()
        opt.step()
''', "before optimizer.step()"),
    ('''def train(g, d, batches):
    opt_g = torch.optim.Adam(g.parameters())
    opt_d = torch.optim.Adam(d.parameters())
    for x in batches:
        opt_d.zero_grad()
        loss = d(x).sum()
        loss.backward()
        opt_d.step()
''', "one backward() and one opt_g.step()"),
    ('''def train(model, batches):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for x in batches:
        opt.zero_grad()
        model(x).sum().backward()
        opt.step()
''', "one backward() and one opt.step()"),
])
def test_loops_left_as_they_are(body, why):
    conv = convert(body)
    assert any(why in d.message for d in conv.issues), [d.message for d in conv.issues]
    assert "# nnport:" in conv.code and ".backward()" in conv.code   # the loop stays visible


def test_no_optimizer_no_change():
    conv = convert('''def evaluate(model, batches):
    model.eval()
    with torch.no_grad():
        return [model(x) for x in batches]
''')
    assert not conv.issues and "nnx.value_and_grad" not in conv.code


GAN = '''def train(model, batches, steps):
    opt_g = torch.optim.Adam(model.generator.parameters())
    opt_d = torch.optim.Adam(model.discriminator.parameters())
    for step in range(steps):
        real, z = batches[step]
        fake = model.generator(z)
        opt_d.zero_grad()
        d_loss = model.discriminator(real).mean() - model.discriminator(fake.detach()).mean()
        d_loss.backward()
        opt_d.step()
        opt_g.zero_grad()
        g_loss = model.discriminator(fake).mean()
        g_loss.backward()
        opt_g.step()
'''


def test_two_optimizers_each_differentiate_their_submodule():
    conv = convert(GAN)
    assert not conv.issues, [d.format() for d in conv.issues]
    assert "opt_g = nnx.Optimizer(model.generator, optax.adam(0.001), wrt=nnx.Param)" in conv.code
    assert '''    @nnx.jit
    def discriminator_step(model, opt_d, real, fake):
        def compute_d_loss(discriminator):
            d_loss = jnp.mean(discriminator(real)) - jnp.mean(discriminator(jax.lax.stop_gradient(fake)))
            return d_loss
        d_loss, grads = nnx.value_and_grad(compute_d_loss)(model.discriminator)
        opt_d.update(model.discriminator, grads)
        return d_loss
    @nnx.jit
    def generator_step(model, opt_g, z):
        def compute_g_loss(generator):
            fake = generator(z)
            g_loss = jnp.mean(model.discriminator(fake))
            return g_loss
''' in conv.code   # the generator's loss computes the fake batch again, from its own parameters
    assert '''        fake = model.generator(z)
        d_loss = discriminator_step(model, opt_d, real, fake)
        g_loss = generator_step(model, opt_g, z)
''' in conv.code


def test_a_value_computed_before_another_step_changed_its_module_is_refused():
    # score depends on the generator (computed again for its loss) but was computed with the
    # discriminator before opt_d.step() changed it
    body = GAN.replace("        fake = model.generator(z)\n", "        fake = model.generator(z)\n        score = model.discriminator(fake)\n")
    body = body.replace("g_loss = model.discriminator(fake).mean()", "g_loss = score.mean()")
    conv = convert(body)
    assert any("changed the module" in d.message for d in conv.issues), [d.message for d in conv.issues]


LOOP = '''def train(model, batches):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for x in batches:
        opt.zero_grad()
{read}        loss.backward()
{between}        opt.step()
'''


def test_a_statement_between_backward_and_step_compiles_the_gradients_only():
    conv = convert(LOOP.format(read="        loss = model(x).sum()\n", between="        print(loss.item())\n"))
    assert '''    @nnx.jit
    def compute_grads(model, x):
        def compute_loss(model):
            loss = jnp.sum(model(x))
            return loss
        return nnx.value_and_grad(compute_loss)(model)
    for x in batches:
        loss, grads = compute_grads(model, x)
        print(loss.item())
        opt.update(model, grads)
''' in conv.code   # print() sees the weights before the update, as in PyTorch


def test_a_loss_read_on_the_host_is_not_compiled():
    conv = convert(LOOP.format(read="        loss = model(x).sum() * float(x.sum())\n", between=""))
    assert "@nnx.jit" not in conv.code and "opt.update(model, grads)" in conv.code


def test_accumulated_gradients_are_summed():
    conv = convert('''def train(model, batches, k):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    opt.zero_grad()
    for i, x in enumerate(batches):
        loss = model(x).sum() / k
        loss.backward()
        if (i + 1) % k == 0:
            opt.step()
            opt.zero_grad()
''')
    assert not conv.issues, [d.format() for d in conv.issues]
    assert '''    grads = None
    @nnx.jit
    def compute_grads(model, x):
        def compute_loss(model):
            loss = jnp.sum(model(x)) / k
            return loss
        return nnx.value_and_grad(compute_loss)(model)
    for i, x in enumerate(batches):
        loss, batch_grads = compute_grads(model, x)
        grads = batch_grads if grads is None else jax.tree.map(jnp.add, grads, batch_grads)
        if (i + 1) % k == 0:
            opt.update(model, grads)
            grads = None
''' in conv.code


def test_a_value_computed_twice_through_a_batch_norm_is_flagged():
    conv = convert('''class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.generator = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Linear(8, 2))
        self.discriminator = nn.Linear(2, 1)


''' + GAN)
    assert [d.message for d in conv.issues] == [
        "computed again in compute_g_loss: a batch norm or dropout it runs in training mode updates its "
        "statistics (draws its noise) twice, once in PyTorch"]
    assert "# nnport: computed again in compute_g_loss" in conv.code
    assert not convert(GAN).issues   # no batch norm or dropout in the file: nothing to say
