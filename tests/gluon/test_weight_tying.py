"""Weight tying to Gluon (translate/tying.py, frameworks/mxnet/skeleton.share_weights): Gluon 1.x
refuses a Parameter assigned as an attribute, so the layer built second is built with
`params=self.<first>.params` and takes the first one's Parameter of that name; one Parameter
remains, the weights transfer onto it, and the model hybridizes."""
import pytest

import nnport
from harness import build, check, randint, randn
from translate.test_tying import GPT_HEAD, tied


def convert(code: str) -> str:
    conv = nnport.convert(code, to="mxnet", source="torch")
    assert not conv.issues, [d.format() for d in conv.issues]
    return conv.code


@pytest.mark.parametrize("src", [
    pytest.param(GPT_HEAD, id="embedding-takes-head"),
    pytest.param(tied("nn.Embedding(50, 16)", "nn.Linear(16, 50, bias=False)", "self.b.weight = self.a.weight",
                      "self.b(self.a(x) * 2)"), id="head-takes-embedding"),
    pytest.param(tied("nn.Embedding(50, 16)", "nn.Linear(16, 50)", "self.b.weight = self.a.weight",
                      "self.b(self.a(x))"), id="head-with-bias"),
])
def test_the_second_layer_is_built_with_the_first_ones_params(src):
    code = convert(src)
    assert "nn.Dense(50, " in code and ", params=self.a.params)" in code, code
    assert "self.a.weight = " not in code and "self.b.weight = " not in code
    assert "# tie the two layers" in code and "# weight tying: self.b is built with self.a's weight" in code
    assert "class Model(gluon.HybridBlock)" in code
    check(src, inputs=[randint(0, 50, 2, 7)], to="mxnet")   # imperative and hybridized
    _, fm, _ = build(src, inputs=[randint(0, 50, 2, 7)], to="mxnet")
    assert fm.a.weight is fm.b.weight            # one Parameter: a training step updates both uses
    assert sum(p.name.endswith("weight") for p in fm.collect_params().values()) == 1


def test_two_linears_without_bias_share_the_weight():
    src = tied("nn.Linear(8, 8, bias=False)", "nn.Linear(8, 8, bias=False)", "self.b.weight = self.a.weight",
               "self.b(torch.tanh(self.a(x)))")
    code = convert(src)
    assert "self.b = nn.Dense(8, use_bias=False, flatten=False, in_units=8, params=self.a.params)" in code, code
    check(src, inputs=[randn(3, 8)], to="mxnet")


def test_a_shared_name_beyond_the_tied_weight_is_reported():
    """Two Linears with biases: params= would share the biases too (PyTorch ties the weights only)."""
    src = tied("nn.Linear(8, 8)", "nn.Linear(8, 8)", "self.b.weight = self.a.weight", "self.b(self.a(x))")
    conv = nnport.convert(src, to="mxnet", source="torch")
    assert any("bias" in d.message and "share the weight by hand" in d.message for d in conv.issues), \
        [d.format() for d in conv.issues]
    assert "params=" not in conv.code


def test_the_shared_parameter_gets_the_gradient_of_both_uses():
    """PyTorch sums the gradients of the embedding and the head into the one tensor; so does Gluon."""
    import numpy as np
    import torch
    from nnport.frameworks.mxnet import runtime as rt
    x = randint(0, 50, 2, 7)
    tm, fm, _ = build(GPT_HEAD, inputs=[x], to="mxnet")
    proj = randn(2, 7, 50, seed=3)
    (tm(torch.from_numpy(x)) * torch.from_numpy(proj)).sum().backward()
    _, held = rt.gradients(fm, [x], {"": proj}, train=False, seed=0)
    want = tm.a.weight.grad.numpy()
    got = rt.variables(held)[("a", "weight")].data().asnumpy()
    assert np.abs(want).max() > 0 and np.allclose(got, want, rtol=1e-5, atol=1e-5 * np.abs(want).max())
