"""modes.py on real Gluon: hybrid or imperative per class, F passed to the functions and methods that
compute with arrays; numbers equal to PyTorch's (hybridized where the class is a HybridBlock)."""
import textwrap

import numpy as np

import harness
import nnport
from nnport.frameworks.mxnet import hybrid

X = np.random.RandomState(0).randn(2, 3, 5).astype("float32")

MIXED = textwrap.dedent("""\
    import torch
    import torch.nn as nn
    import torch.nn.functional as F


    def gate(x):
        return F.relu(x) * x


    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(5, 5)

        def mix(self, x):
            return F.relu(self.fc(x)) + x

        def forward(self, x):
            return gate(self.mix(x))


    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.block = Block()

        def forward(self, x):
            return self.block(x) * len(x)
    """)


def test_a_class_needing_values_is_imperative_the_one_it_holds_stays_hybrid():
    conv = nnport.convert(MIXED, to="mxnet")
    out = conv.code
    assert "class Block(gluon.HybridBlock):" in out and "def hybrid_forward(self, F, x):" in out
    assert "class Model(gluon.Block):" in out and "def forward(self, x):" in out
    assert "def gate(F, x):" in out and "return gate(F, self.mix(F, x))" in out
    assert "def mix(self, F, x):" in out and "F.broadcast_add(F.relu(self.fc(x)), x)" in out
    note, = [d for d in conv.diagnostics if "imperative" in d.message]
    assert note.line == MIXED.splitlines().index("class Model(nn.Module):") + 1 and "len()" in note.message
    harness.check_target(MIXED, inputs=[X], to="mxnet")
    tm, gm, _ = harness.build(MIXED, to="mxnet", inputs=[X])
    assert harness.runtime("mxnet").hybridize(gm) == "partly hybridized"   # Block holds a HybridBlock
    assert harness.runtime("mxnet").hybridize(gm.block) == "hybridized"
    ref = tm.block(harness._to_torch(X)).detach().numpy()
    harness.compare(ref, gm.block(__import__("mxnet").nd.array(X)).asnumpy(), 1e-5)


def test_holding_an_imperative_class_makes_the_holder_imperative():
    code = MIXED.replace("return self.block(x) * len(x)", "return self.block(x)").replace(
        "return gate(self.mix(x))", "return gate(self.mix(x)) * len(x)")
    conv = nnport.convert(code, to="mxnet")
    assert "class Block(gluon.Block):" in conv.code and "class Model(gluon.Block):" in conv.code
    assert "def mix(self, x):" in conv.code and "return gate(nd, self.mix(x)) * len(x)" in conv.code
    why = {d.line: d.message for d in conv.diagnostics if "imperative" in d.message}
    assert any("it holds Block, which is imperative" in m for m in why.values())
    harness.check_target(code, inputs=[X], to="mxnet")


def test_plan_of_a_text():
    text = textwrap.dedent("""\
        from mxnet import gluon

        def f(x):
            return F.relu(x)

        class A(gluon.HybridBlock):
            def hybrid_forward(self, x):
                return f(x)[0]

        class B(gluon.HybridBlock):
            def __init__(self):
                super().__init__()
                self.a = A()

            def hybrid_forward(self, x):
                return self.a(x)
        """)
    out, _, notes = hybrid.finish(text)
    assert dict(notes).keys() == {"A", "B"}
    assert "def f(F, x):" in out and "return f(nd, x)[0]" in out
