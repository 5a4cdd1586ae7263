"""flax/reinit.py: the Flax writer's module-level rngs and re-initialisations of a submodule's weights,
read back (as converted code and diagnostics)."""
from __future__ import annotations

import nnport

CODE = '''\
import jax
import jax.numpy as jnp
from flax import nnx


default_rngs = nnx.Rngs(0)  # random numbers drawn outside a module


class Model(nnx.Module):
    def __init__(self, d=4, *, rngs: nnx.Rngs = default_rngs):
        self.fc = nnx.Linear(d, d, rngs=rngs)
        self.scale = nnx.Param(jnp.ones((d,)))
        for _, m in nnx.iter_modules(self):
            if isinstance(m, nnx.Linear):
                m.kernel.set_value(jax.nn.initializers.orthogonal()(rngs.params(), m.kernel.shape))
        self.fc.bias.set_value(jnp.zeros_like(self.fc.bias[...]))
        self.scale.set_value(self.scale[...] * 2)

    def __call__(self, x):
        return self.fc(x) * self.scale


def get_inputs():
    return [jax.random.normal(default_rngs(), (2, 4))]
'''


def test_module_rngs_and_reinitialisations_read_back():
    conv = nnport.convert(CODE, to="torch", source="flax")
    assert "nnx" not in conv.code and "default_rngs" not in conv.code and "rngs" not in conv.code
    assert "set_value" not in conv.code and "iter_modules" not in conv.code and "for _, m" not in conv.code
    assert "def __init__(self, d=4):" in conv.code
    assert "self.scale = self.scale * 2" in conv.code    # the class's own variable: kept
    assert "return [torch.randn((2, 4))]" in conv.code
    notes = [d.message for d in conv.diagnostics if "re-initialisation" in d.message]
    assert len(notes) == 2 and "transfer_weights copies the weights" in notes[0]
    assert not conv.issues, [d.message for d in conv.issues]


def test_other_set_values_are_kept():
    code = CODE.replace("jnp.zeros_like(self.fc.bias[...])", "self.fc.bias[...] + 1")
    conv = nnport.convert(code, to="torch", source="flax")
    assert "self.fc.bias" in conv.code.split("def forward")[0]
