"""Loops over submodules as the Keras writer writes them (`for _, m in ((None, m) for m in
self._flatten_layers())`, narrowing.unnamed_pairs) and isinstance over the support classes the Keras
writer copies (source_skeleton.subclass_of), read back into PyTorch. Numerically: a PyTorch model
translated to Keras and back, compared with the original on the same weights and inputs."""
import textwrap

import libcst as cst

import nnport
from harness import compare, load
from nnport.frameworks.keras.source_skeleton import subclass_of
from nnport.translate.narrowing import unnamed_pairs

TORCH = textwrap.dedent('''
    import torch
    import torch.nn as nn


    def weights_init(m):
        if isinstance(m, nn.Linear):
            nn.init.zeros_(m.bias)


    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(3, 4, 3, padding=1)
            self.fc = nn.Linear(4, 2)
            for m in self.modules():
                if isinstance(m, nn.Conv2d):
                    nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            self.apply(weights_init)

        def forward(self, x):
            return self.fc(self.conv(x).mean((2, 3)))


    def get_init_inputs():
        return []


    def get_inputs():
        return [torch.randn(2, 3, 8, 8)]
''')


def test_unnamed_pairs():
    loop = cst.parse_statement("for _, module in ((None, m) for m in self._flatten_layers()):\n    pass\n")
    var, it = unnamed_pairs(loop)
    assert var.value == "module" and cst.Module([]).code_for_node(it) == "self._flatten_layers()"
    for other in ("for _, m in ((None, m) for m in xs if m):\n    pass\n",
                  "for a, m in ((None, m) for m in xs):\n    pass\n",
                  "for _, m in ((1, m) for m in xs):\n    pass\n"):
        assert unnamed_pairs(cst.parse_statement(other)) is None


def test_subclass_of_support_classes():
    assert subclass_of("keras.nnport_support.ChannelsFirstConv2D", "keras.layers.Conv2D")
    assert subclass_of("keras.nnport_support.PaddedConv2D", "keras.layers.Conv2D")
    assert not subclass_of("keras.nnport_support.ChannelsFirstConv2D", "keras.layers.Conv1D")
    assert not subclass_of("keras.layers.Conv2D", "keras.layers.Conv2D")   # not a support class


def test_module_loops_round_trip_through_keras():
    """modules() and apply() become the Keras writer's _flatten_layers loops; read back, they are
    named_modules() loops with isinstance on PyTorch classes again (the support ChannelsFirstConv2D
    is a keras Conv2D: no clash). The round-tripped model equals the original."""
    import torch
    keras_code = nnport.convert(TORCH, to="keras", source="torch", filename="loops.py").code
    assert "_flatten_layers()" in keras_code, keras_code
    back = nnport.convert(keras_code, to="torch", source="keras", filename="loops_keras.py")
    assert not back.issues, "\n".join(d.format() for d in back.issues) + "\n" + back.code
    assert back.code.count("self.named_modules()") == 2 and "_flatten_layers" not in back.code, back.code
    smod, rmod = load(TORCH), load(back.code)
    torch.manual_seed(0)
    inputs = smod.get_inputs()
    sm, rm = smod.Model(), rmod.Model()
    nnport.transfer_weights(sm, rm, example_inputs=inputs)
    sm.eval()
    rm.eval()
    with torch.no_grad():
        compare(sm(*inputs).numpy(), rm(*inputs).numpy(), 1e-5, "round trip output")


def test_weight_flags_read_as_weight_presence():
    """`layer.use_bias` (Keras' flag for the optional bias) is `layer.bias is not None` in PyTorch;
    each branch taken as Keras takes it, on the same weights and inputs."""
    from subclass_check import run
    conv = run("a = self.a(x) if self.a.use_bias else -x[:, :3]\n"
               "b = x[:, :3] * 0.0 + 7.0 if self.b.use_bias else self.b(x)\nreturn a + b", [(2, 5)],
               init="self.a = layers.Dense(3)\nself.b = layers.Dense(3, use_bias=False)")
    assert "self.a.bias is not None" in conv.code and "self.b.bias is not None" in conv.code, conv.code
