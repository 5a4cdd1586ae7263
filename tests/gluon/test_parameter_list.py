"""nn.ParameterList to Gluon (no container of parameters there): numbered parameters self.ws0,
self.ws1... made by the support function parameter_list(self, "ws", values), which also keeps the
list self.ws; `self.ws[i]` reads one (hybrid_forward: its keyword argument, `params[f"ws{i}"]`);
the weights transfer by index (PyTorch `ws.0` <-> Gluon `ws0`, runtime.variables says `ws.0`)."""
import textwrap

import nnport
from harness import build, check, randn


def case(init: str, forward: str) -> str:
    return textwrap.dedent(f"""\
        import torch
        import torch.nn as nn


        class Model(nn.Module):
            def __init__(self, n=3):
                super().__init__()
                {init}

            def forward(self, x):
                {forward}
        """)


COMPREHENSION = case("self.ws = nn.ParameterList([nn.Parameter(torch.randn(4)) for _ in range(n)])",
                     "for i in range(3):\n                    x = torch.tanh(x * self.ws[i])\n"
                     "                return x + self.ws[2]")


def convert(code: str) -> str:
    conv = nnport.convert(code, to="mxnet", source="torch")
    assert not conv.issues, [d.format() for d in conv.issues]
    return conv.code


def test_a_comprehension_becomes_numbered_parameters_read_by_name_in_hybrid_forward():
    code = convert(COMPREHENSION)
    assert 'self.ws = parameter_list(self, "ws", [nd.random.normal(shape=(4,)) for _ in range(n)])' in code, code
    assert "def hybrid_forward(self, F, x, **params):" in code
    assert 'F.broadcast_mul(x, params[f"ws{i}"])' in code and 'params["ws2"]' in code
    check(COMPREHENSION, inputs=[randn(2, 4)], to="mxnet")   # distinct random values: the index matters


def test_weights_transfer_by_index():
    tm, fm, _ = build(COMPREHENSION, inputs=[randn(2, 4)], to="mxnet")
    from nnport.frameworks.mxnet import runtime as rt
    got = rt.parameters(fm)
    assert sorted(got) == [("ws", "0"), ("ws", "1"), ("ws", "2")]
    for k in range(3):
        assert (got[("ws", str(k))] == tm.ws[k].detach().numpy()).all()
        assert getattr(fm, f"ws{k}") is fm.ws[k]


def test_a_literal_list_in_an_imperative_block():
    """x.shape makes the Block imperative: the parameters are read with .data()."""
    src = case("self.ws = nn.ParameterList([nn.Parameter(torch.ones(4) * 2), nn.Parameter(torch.randn(4))])",
               "b, d = x.shape\n                return x * self.ws[0] + self.ws[1] * b")
    code = convert(src)
    assert "class Model(gluon.Block)" in code and "self.ws[0].data()" in code and "self.ws[1].data()" in code, code
    check(src, inputs=[randn(2, 4)], to="mxnet")


def test_iteration_and_negative_indices():
    src = case("self.ws = nn.ParameterList([nn.Parameter(torch.randn(4)) for _ in range(n)])",
               "for w in self.ws:\n                    x = x * w\n"
               "                return x * len(self.ws) + self.ws[-1]")
    code = convert(src)
    assert 'for w in [params[f"ws{k}"] for k in range(len(self.ws))]:' in code, code
    assert 'params[f"ws{len(self.ws) - 1}"]' in code
    check(src, inputs=[randn(2, 4)], to="mxnet")


def test_frozen_elements_take_no_gradient():
    src = case("self.ws = nn.ParameterList([nn.Parameter(torch.randn(4)), nn.Parameter(torch.randn(4), "
               "requires_grad=False)])", "return x * self.ws[0] + self.ws[1]")
    code = convert(src)
    assert "grad_req=['write', 'null'])" in code, code
    check(src, inputs=[randn(2, 4)], to="mxnet")
    _, fm, _ = build(src, inputs=[randn(2, 4)], to="mxnet")
    assert [p.grad_req for p in fm.ws] == ["write", "null"]
