"""Mining resolves aliases (imports, relative imports, usual aliases, Gluon's F) and masks the keyword."""
from nnport.learn.corpus import Source
from nnport.learn.mine import MASK, mine

TORCH = '''import torch.nn as nn
from torch.nn import functional as F
class M(nn.Module):
    def __init__(self):
        self.c = nn.Conv2d(3, 8, kernel_size=3)
    def forward(self, x):
        return F.relu(self.c(x))
'''


def test_torch_aliases_and_params():
    occ = mine(Source("torch", "m.py", TORCH, "pkg.m"))
    apis = {(o.keyword, o.kind) for o in occ if o.kind != "param"}
    assert ("torch.nn.Conv2d", "layer") in apis and ("torch.nn.functional.relu", "function") in apis
    p = [o for o in occ if o.kind == "param"]
    assert [(o.keyword, o.api) for o in p] == [("kernel_size", "torch.nn.Conv2d")]
    assert MASK in p[0].context and "kernel" not in p[0].context[p[0].context.index(MASK):][:2]


def test_keras_src_relative_and_collapse():
    text = "from ...layers.core import dense\nfrom keras.src import layers\ny = layers.Conv2D(4, 3)\nz = dense.Dense(2)\n"
    occ = mine(Source("keras", "f.py", text, "keras.src.applications.f"))
    assert {o.keyword for o in occ} == {"keras.layers.Conv2D", "keras.layers.Dense"}


def test_gluon_F_is_ndarray_and_examples_use_default_aliases():
    text = "def hybrid_forward(self, F, x):\n    return F.Activation(x, act_type='relu')\n"
    occ = mine(Source("mxnet", "g.py", text, "mxnet.gluon.g"))
    assert ("mxnet.nd.Activation", "param") not in {(o.keyword, o.kind) for o in occ}
    assert {o.keyword for o in occ if o.kind != "param"} == {"mxnet.nd.Activation"}
    ex = mine(Source("flax", "doc#example0", "y = nnx.Linear(2, 3, rngs=rngs)\nz = jnp.ones((2,))"))
    assert {o.keyword for o in ex if o.kind != "param"} == {"flax.nnx.Linear", "jax.numpy.ones"}


def test_unparsable_text_yields_nothing():
    assert mine(Source("torch", "bad.py", "def (:")) == []
