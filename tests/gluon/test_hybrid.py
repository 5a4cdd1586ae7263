"""hybrid.finish on real Gluon: parameters, buffers and containers written out, hybrid_forward given F
and its parameters (numbers equal to PyTorch's before and after hybridize()), or the file written as
imperative Blocks with a note where a forward needs concrete shapes."""
import textwrap

import numpy as np
import pytest

import harness
import nnport

X = np.random.RandomState(0).randn(2, 3, 5).astype("float32")


def _torch(body_init: str, forward: str, extra: str = "") -> str:
    return textwrap.dedent("""\
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        %s

        class Model(nn.Module):
            def __init__(self):
                super().__init__()
        %s

            def forward(self, x):
        %s
        """) % (extra, textwrap.indent(textwrap.dedent(body_init), " " * 8),
                textwrap.indent(textwrap.dedent(forward), " " * 8))


def _check(code: str, inputs=(X,)) -> str:
    harness.check_target(code, inputs=list(inputs), to="mxnet")
    return nnport.convert(code, to="mxnet").code


def test_parameters_are_params_get_and_arguments_of_hybrid_forward():
    out = _check(_torch("self.w = nn.Parameter(torch.ones(5))\nself.b = nn.Parameter(torch.ones(3, 1) * 0.5)",
                        "return x * self.w + self.b"))
    assert 'self.w = self.params.get("w", shape=(5,), init=mx.init.One())' in out
    assert "b_init = " in out and "init=mx.init.Constant(b_init)" in out
    assert "def hybrid_forward(self, F, x, w, b):" in out
    assert "F.broadcast_add(F.broadcast_mul(x, w), b)" in out


def test_buffer_is_a_constant_parameter():
    out = _check(_torch('self.register_buffer("scale", torch.ones(5) * 2)', "return x * self.scale"))
    assert 'self.params.get_constant("scale"' in out and "def hybrid_forward(self, F, x, scale):" in out


def test_sequential_and_module_list_are_hybrid_sequential():
    out = _check(_torch("""\
        self.body = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Sequential(nn.Linear(4, 4)))
        self.heads = nn.ModuleList([nn.Linear(4, 2) for _ in range(2)])""",
                        "h = self.body(x)\nreturn [head(h) for head in self.heads]"))
    assert "self.body = nn.HybridSequential()\n        self.body.add(nn.Dense(4" in out
    assert "hybrid_sequential(nn.Dense(4" in out        # a nested Sequential: the helper
    assert "self.heads.add(*[nn.Dense(2" in out


def test_module_dict_is_a_block_dict():
    out = _check(_torch('self.heads = nn.ModuleDict({"a": nn.Linear(5, 2), "b": nn.Linear(5, 3)})',
                        'return self.heads["a"](x), self.heads["b"](x)'))
    assert "class HybridBlockDict(ChildrenByName, gluon.HybridBlock)" in out and "self.heads = HybridBlockDict({" in out


def test_sequential_subclass_adds_its_layers():
    code = textwrap.dedent("""\
        import torch.nn as nn

        class Model(nn.Sequential):
            def __init__(self):
                super().__init__(nn.Linear(5, 4), nn.Tanh())
        """)
    out = nnport.convert(code, to="mxnet").code
    assert "class Model(nn.HybridSequential):" in out and "super().__init__()\n        self.add(nn.Dense(4" in out


def test_concrete_values_make_the_file_imperative_with_a_note():
    code = _torch("self.fc = nn.Linear(5, 2)", "n = len(x)\nreturn self.fc(x) * n")
    conv = nnport.convert(code, to="mxnet")
    assert "class Model(gluon.Block):" in conv.code and "def forward(self, x):" in conv.code
    notes = [d for d in conv.diagnostics if "imperative" in d.message]
    assert notes and notes[0].line == code.splitlines().index("class Model(nn.Module):") + 1
    assert notes[0].severity == "info" and "len()" in notes[0].message
    harness.check_target(code, inputs=[X], to="mxnet")   # imperative: same numbers, no graph
    assert not harness.runtime("mxnet").hybridize(harness.build(code, to="mxnet", inputs=[X])[1])


@pytest.mark.parametrize("expr", ["x[:, 0]", "x[:, 1:3]", "x[..., -1]", "x[:, None, :2]", "x[..., 1:, 0]",
                                  "x[0:1, ..., None]"])
def test_subscripts_hybridize(expr):
    out = _check(_torch("pass", f"return {expr}"))
    assert "gluon.HybridBlock" in out, out


@pytest.mark.parametrize("expr,form", [("x + y", "F.broadcast_add(x, y)"), ("x * y - 1", "F.broadcast_mul(x, y) - 1"),
                                       ("(x / y) ** 2", "F.broadcast_div(x, y)"), ("2 * x + y * 0.5", None)])
def test_array_operators_broadcast(expr, form):
    code = textwrap.dedent(f"""\
        import torch.nn as nn

        class Model(nn.Module):
            def forward(self, x, y):
                return {expr}
        """)
    y = np.random.RandomState(1).rand(5).astype("float32") + 0.5
    harness.check_target(code, inputs=[X, y], to="mxnet")
    out = nnport.convert(code, to="mxnet").code
    if form:
        assert form in out
    else:
        assert "2 * x" in out and "y * 0.5" in out   # operations with numbers stay operators
