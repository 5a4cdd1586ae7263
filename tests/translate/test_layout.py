"""Layout planning: channels-last inside, the source's layout at every class boundary."""
import textwrap

import nnport
from harness import check, randn

HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n"


def model(body: str) -> str:
    return HEAD + textwrap.dedent(body)


def test_sequential_subclass_and_builder_function_keep_nchw_boundary():
    src = model("""
        class ConvBN(nn.Sequential):
            def __init__(self, cin, cout):
                super().__init__(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU())

        def make(c):
            layers = [nn.Conv2d(c, c, 1)]
            layers.append(nn.ReLU())
            return nn.Sequential(*layers)

        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = ConvBN(3, 4)
                self.b = make(4)
                self.c = nn.Sequential(ConvBN(4, 4), nn.Conv2d(4, 2, 1))

            def forward(self, x):
                return self.c(self.b(self.a(x)))
        """)
    code = nnport.convert(src, to="flax").code
    assert "class ConvBN(nnx.Sequential)" in code
    assert "ChannelsFirstConv(" in code          # layers whose call sites nnport cannot see
    check(src, inputs=[randn(2, 3, 6, 6)])


def test_elementwise_ops_stay_channels_last_between_convs():
    src = model("""
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.c1 = nn.Conv2d(3, 4, 3, padding=1)
                self.c2 = nn.Conv2d(4, 4, 3, padding=1)

            def forward(self, x):
                y = F.relu(self.c1(x))
                y = self.c2(y * 2.0) + y
                return y.flatten(1)
        """)
    code = nnport.convert(src, to="flax").code
    assert code.count("jnp.moveaxis") == 2, code    # in once, out once (before flatten)
    check(src, inputs=[randn(2, 3, 5, 5)])


def test_variable_in_channels_last_is_moved_back_before_a_loop():
    src = model("""
        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.c1 = nn.Conv2d(3, 4, 3, padding=1)

            def forward(self, x):
                y = self.c1(x)
                for _ in range(2):
                    y = y + 1
                return y[:, :2]
        """)
    check(src, inputs=[randn(2, 3, 5, 5)])


def test_add_module_in_a_sequential_subclass():
    """add_module appends the Sequential's next layer; the weights find it by position."""
    src = model("""
        class Transition(nn.Sequential):
            def __init__(self, cin, cout):
                super().__init__()
                self.add_module("norm", nn.BatchNorm2d(cin))
                self.add_module("relu", nn.ReLU(inplace=True))
                self.add_module("conv", nn.Conv2d(cin, cout, kernel_size=1, bias=False))
                self.add_module("pool", nn.AvgPool2d(kernel_size=2, stride=2))

        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.t = Transition(4, 2)

            def forward(self, x):
                return self.t(x) * 2
        """)
    code = nnport.convert(src, to="flax").code
    assert 'self.layers.append(BatchNorm(cin, momentum=0.9, rngs=rngs))' in code
    # a batch norm before the conv does not care about the layout: the whole Sequential is channels-last
    assert "nnx.Conv(cin, cout, (1, 1)" in code and "ChannelsFirstConv" not in code
    check(src, inputs=[randn(2, 4, 6, 6)], train=True)
