"""Initialisation loops: `for m in self.modules(): if isinstance(m, nn.Conv2d): ...`, `self.apply(fn)`
and class-name tests. Both models are built from scratch (no weight transfer) and their weights
compared: constants exactly, random draws by distribution (harness.same_distribution)."""
from __future__ import annotations

import textwrap

import numpy as np
import pytest

import nnport
from harness import load, same_distribution

HEAD = "import torch\nimport torch.nn as nn\n\n\n"


def model(init: str, *, prelude: str = "", extra_layers: str = "") -> str:
    body = textwrap.indent(textwrap.dedent(init), " " * 8)
    layers = textwrap.indent(textwrap.dedent(extra_layers), " " * 8)
    return HEAD + textwrap.dedent(prelude) + textwrap.dedent("""\
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(32, 64, 5)
                self.bn = nn.BatchNorm2d(64)
                self.gn = nn.GroupNorm(4, 64)
                self.fc = nn.Linear(400, 300)
        """) + layers + body + "\n    def forward(self, x):\n        return x\n"


# The Flax weights in PyTorch's layout.
TO_TORCH = {
    "conv.weight": lambda fm: np.transpose(fm.conv.kernel[...], (3, 2, 0, 1)),
    "conv.bias": lambda fm: fm.conv.bias[...],
    "bn.weight": lambda fm: fm.bn.scale[...],
    "bn.bias": lambda fm: fm.bn.bias[...],
    "gn.weight": lambda fm: fm.gn.scale[...],
    "gn.bias": lambda fm: fm.gn.bias[...],
    "fc.weight": lambda fm: fm.fc.kernel[...].T,
    "fc.bias": lambda fm: fm.fc.bias[...],
}


def translate(src: str) -> str:
    conv = nnport.convert(src, to="flax", source="torch")
    assert not conv.issues, "\n".join(d.format() for d in conv.issues) + "\n----\n" + conv.code
    return conv.code


def check(src: str, names: tuple[str, ...]) -> str:
    import torch
    from flax import nnx
    code = translate(src)
    torch.manual_seed(0)
    ref = load(src).Model().state_dict()
    fm = load(code).Model(rngs=nnx.Rngs(0))
    for n in names:
        same_distribution(ref[n].numpy(), np.asarray(TO_TORCH[n](fm)), n)
    return code


LOOP = """\
for m in self.modules():
    if isinstance(m, nn.Conv2d):
        nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
        nn.init.constant_(m.weight, 0.5)
        nn.init.constant_(m.bias, 0.25)
    elif isinstance(m, nn.Linear):
        m.weight.data.normal_(0, 0.01)
        m.bias.data.fill_(0.1)
"""
ALL = ("conv.weight", "conv.bias", "bn.weight", "bn.bias", "gn.weight", "gn.bias", "fc.weight", "fc.bias")


def test_modules_loop_with_isinstance():
    code = check(model(LOOP), ALL)
    assert "for _, m in nnx.iter_modules(self):" in code
    assert "if isinstance(m, nnx.Conv):" in code
    assert "elif isinstance(m, (BatchNorm, nnx.GroupNorm)):" in code
    assert "if m.bias is not None:" in code


def test_apply_with_a_function():
    prelude = """\
        def init_weights(m):
            if isinstance(m, nn.Linear):
                nn.init.xavier_uniform_(m.weight)
                nn.init.constant_(m.bias, 0.5)
            elif isinstance(m, nn.Conv2d):
                nn.init.uniform_(m.weight, -0.1, 0.1)


        """
    code = check(model("self.apply(init_weights)\n", prelude=prelude), ("fc.weight", "fc.bias", "conv.weight"))
    assert "def init_weights(m, *, rngs: nnx.Rngs):" in code
    assert "init_weights(module, rngs=rngs)" in code


METHOD = """\
    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            module.weight.data.normal_(mean=0.0, std=0.02)
            if module.bias is not None:
                module.bias.data.zero_()

    def forward"""


def test_apply_with_a_method():
    src = model("self.apply(self._init_weights)\n").replace("    def forward", METHOD)
    code = check(src, ("fc.weight", "fc.bias"))
    assert "self._init_weights(module, rngs=rngs)" in code


def test_class_name_dispatch():
    """DCGAN's weights_init: decided for each layer class the file builds."""
    prelude = """\
        def weights_init(m):
            classname = m.__class__.__name__
            if classname.find("Conv") != -1:
                nn.init.normal_(m.weight.data, 0.0, 0.02)
            elif classname.find("BatchNorm") != -1:
                nn.init.normal_(m.weight.data, 1.0, 0.02)
                nn.init.constant_(m.bias.data, 0)


        """
    src = model("self.apply(weights_init)\n", prelude=prelude).replace(
        "        self.gn = nn.GroupNorm(4, 64)\n", "")
    code = check(src, ("conv.weight", "bn.bias"))
    from flax import nnx
    scale = np.asarray(load(code).Model(rngs=nnx.Rngs(1)).bn.scale[...])   # 64 draws of N(1, 0.02)
    assert abs(scale.mean() - 1) < 0.01 and 0.01 < scale.std() < 0.03, (scale.mean(), scale.std())
    assert "if isinstance(m, nnx.Conv):" in code
    assert "elif isinstance(m, BatchNorm):" in code


def test_class_name_of_type():
    src = model("""\
        for m in self.modules():
            if "Norm" in type(m).__name__:
                nn.init.constant_(m.weight, 2.0)
        """)
    code = check(src, ("bn.weight", "gn.weight"))
    assert "isinstance(m, (BatchNorm, nnx.GroupNorm))" in code


@pytest.mark.parametrize("init, extra, message", [
    ("for m in self.modules():\n    if isinstance(m, nn.Conv2d):\n        nn.init.zeros_(m.weight)\n",
     "self.conv1d = nn.Conv1d(3, 4, 3)\n", "translate to the same"),
    ("for m in self.modules():\n    if isinstance(m, nn.ReLU):\n        m.inplace = True\n",
     "self.act = nn.ReLU()\n", "not a module class"),
    ("for m in self.modules():\n    if isinstance(m, (nn.Conv2d, nn.Linear)):\n        nn.init.zeros_(m.weight)\n",
     "", "keep this weight differently"),
    ("for m in self.modules():\n    if m.__class__.__name__.startswith('Mod'):\n        pass\n",
     "", "module class Model"),
])
def test_reported(init, extra, message):
    conv = nnport.convert(model(init, extra_layers=extra), to="flax")
    assert any(message in d.message for d in conv.issues), [d.format() for d in conv.issues]


def test_optional_layer_is_a_layer():
    """`nn.Conv1d(...) if c else None` is still that layer: its weight and call translate."""
    src = HEAD + textwrap.dedent("""\
        class Model(nn.Module):
            def __init__(self, down=True):
                super().__init__()
                self.down = nn.Conv1d(4, 8, 1) if down else None
                if self.down is not None:
                    self.down.weight.data.fill_(0.5)

            def forward(self, x):
                return x if self.down is None else self.down(x)
        """)
    code = translate(src)
    assert "self.down.kernel.set_value(jnp.full_like(self.down.kernel[...], 0.5))" in code
    assert "jnp.moveaxis(self.down(jnp.moveaxis(x, 1, -1)), -1, 1)" in code
