"""block_calls.py on real Gluon: the file's own blocks called with keywords are called positionally
(Gluon's Block.__call__ takes no keywords), defaults filled in; numbers equal to PyTorch's."""
import textwrap

import numpy as np

import harness
import nnport

CODE = textwrap.dedent("""\
    import torch
    import torch.nn as nn


    class Scale(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.bias = None

        def forward(self, x, factor=2.0, shift=None):
            y = self.fc(x) * factor
            return y if shift is None else y + shift


    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = Scale()

        def forward(self, x, s):
            return self.scale(x, shift=s) + self.scale(x, factor=0.5)
    """)


def test_keywords_become_positions_with_defaults_filled_in():
    out = nnport.convert(CODE, to="mxnet").code
    assert "self.scale(x, 2.0, s)" in out and "self.scale(x, 0.5)" in out
    x, s = (np.random.RandomState(i).randn(2, 4).astype("float32") for i in (0, 1))
    harness.check_target(CODE, inputs=[x, s], to="mxnet")


def test_an_unknown_keyword_is_reported():
    conv = nnport.convert(CODE.replace("self.scale(x, factor=0.5)", "self.scale(x, gain=0.5)"), to="mxnet")
    assert any("gain" in d.message and "not parameters" in d.message for d in conv.diagnostics)


def test_a_parameter_that_may_be_none_is_optional_in_hybrid_forward():
    code = textwrap.dedent("""\
        import torch
        import torch.nn as nn

        class Model(nn.Module):
            def __init__(self, bias=True):
                super().__init__()
                self.weight = nn.Parameter(torch.ones(4, 4))
                if bias:
                    self.bias = nn.Parameter(torch.zeros(4))
                else:
                    self.bias = None

            def forward(self, x):
                y = x @ self.weight
                if self.bias is not None:
                    y = y + self.bias
                return y
        """)
    out = nnport.convert(code, to="mxnet").code
    assert "def hybrid_forward(self, F, x, weight, bias=None):" in out
    x = np.random.RandomState(0).randn(2, 4).astype("float32")
    harness.check_target(code, inputs=[x], to="mxnet")
    harness.check_target(code, init=(False,), inputs=[x], to="mxnet")
