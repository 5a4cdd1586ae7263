"""The engine's skeleton rules (torch -> flax), pyupgrade style: `before` -> `after`, plus inputs that
must come out unchanged. Known engine bugs are strict xfails (they turn red once fixed)."""
from __future__ import annotations

import textwrap

import pytest

import nnport


def d(s: str) -> str:
    return textwrap.dedent(s).lstrip("\n")


def convert(src: str):
    return nnport.convert(src, to="flax")


BEFORE_AFTER = [
    pytest.param(d('''
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super(Net, self).__init__()
                self.fc = nn.Linear(4, 2)

            def forward(self, x):
                return self.fc(x)
        '''), d('''
        from flax import nnx


        class Net(nnx.Module):
            def __init__(self, *, rngs: nnx.Rngs):
                self.fc = nnx.Linear(4, 2, rngs=rngs)

            def __call__(self, x):
                return self.fc(x)
        '''), id="base-super-forward-rngs"),
    pytest.param(d('''
        import torch.nn as nn


        class Act(nn.Module):
            def forward(self, x):
                return x
        '''), d('''
        from flax import nnx


        class Act(nnx.Module):
            def __call__(self, x):
                return x
        '''), id="no-init"),
    pytest.param(d('''
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()

            def forward(self, x):
                return x
        '''), d('''
        from flax import nnx


        class Net(nnx.Module):
            def __init__(self, *, rngs: nnx.Rngs):
                pass

            def __call__(self, x):
                return x
        '''), id="init-only-super-keeps-a-body"),
    pytest.param(d('''
        import torch.nn as nn


        class Block(nn.Module):
            def __init__(self, n):
                super().__init__()
                self.fc = nn.Linear(n, n)

            def forward(self, x):
                return self.fc(x)


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.b = Block(4)
                self.layers = self._make_layer(4, 2)
                self.head = make_head(4)

            def _make_layer(self, n, k):
                return nn.Sequential(*[Block(n) for _ in range(k)])

            def forward(self, x):
                return self.head(self.layers(self.b(x)))


        def make_head(n):
            return nn.Linear(n, 1)
        '''), d('''
        from flax import nnx


        class Block(nnx.Module):
            def __init__(self, n, *, rngs: nnx.Rngs):
                self.fc = nnx.Linear(n, n, rngs=rngs)

            def __call__(self, x):
                return self.fc(x)


        class Net(nnx.Module):
            def __init__(self, *, rngs: nnx.Rngs):
                self.b = Block(4, rngs=rngs)
                self.layers = self._make_layer(4, 2, rngs=rngs)
                self.head = make_head(4, rngs=rngs)

            def _make_layer(self, n, k, *, rngs: nnx.Rngs):
                return nnx.Sequential(*[Block(n, rngs=rngs) for _ in range(k)])

            def __call__(self, x):
                return self.head(self.layers(self.b(x)))


        def make_head(n, *, rngs: nnx.Rngs):
            return nnx.Linear(n, 1, rngs=rngs)
        '''), id="user-modules-and-builders-pass-rngs"),
    pytest.param(d('''
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self, w, m):
                super().__init__()
                self.w = nn.Parameter(w)
                self.register_buffer("m", m)
                self.register_parameter("p", nn.Parameter(w))

            def forward(self, x):
                return x * self.w + self.m
        '''), d('''
        from flax import nnx


        class Net(nnx.Module):
            def __init__(self, w, m, *, rngs: nnx.Rngs):
                self.w = nnx.Param(w)
                self.m = nnx.BatchStat(m)
                self.p = nnx.Param(w)

            def __call__(self, x):
                return x * self.w[...] + self.m[...]
        '''), id="parameters-and-buffers"),
    pytest.param(d('''
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self, w):
                super().__init__()
                self.f = nn.Parameter(w, requires_grad=False)

            def forward(self, x):
                return x
        '''), d('''
        from flax import nnx


        class Net(nnx.Module):
            def __init__(self, w, *, rngs: nnx.Rngs):
                self.f = nnx.BatchStat(w)

            def __call__(self, x):
                return x
        '''), id="frozen-parameter"),
    pytest.param(d('''
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()

            def forward(self, x):
                if self.training:
                    return x
                return -x
        '''), d('''
        from flax import nnx


        class Net(nnx.Module):
            def __init__(self, *, rngs: nnx.Rngs):
                self.deterministic = False

            def __call__(self, x):
                if not self.deterministic:
                    return x
                return -x
        '''), id="training-flag"),
    pytest.param(d('''
        import torch.nn as nn


        class Net(nn.Module):
            def helper(self, x):
                return x if self.training else -x

            def forward(self, x):
                return self.helper(x)
        '''), d('''
        from flax import nnx


        class Net(nnx.Module):
            def __init__(self, *, rngs: nnx.Rngs):
                self.deterministic = False

            def helper(self, x):
                return x if not self.deterministic else -x

            def __call__(self, x):
                return self.helper(x)
        '''), id="training-flag-adds-init"),
    pytest.param(d('''
        """Module docstring."""
        import torch.nn as nn


        # A comment before the class
        class Net(nn.Module):
            """Class docstring."""

            def __init__(self):
                """Init docstring."""
                super().__init__()
                # a linear layer
                self.fc = nn.Linear(4, 2)  # trailing


                self.n = 3

            def forward(self, x):
                # forward comment
                return self.fc(x)
        '''), d('''
        """Module docstring."""
        from flax import nnx


        # A comment before the class
        class Net(nnx.Module):
            """Class docstring."""

            def __init__(self, *, rngs: nnx.Rngs):
                """Init docstring."""
                # a linear layer
                self.fc = nnx.Linear(4, 2, rngs=rngs)  # trailing


                self.n = 3

            def __call__(self, x):
                # forward comment
                return self.fc(x)
        '''), id="comments-docstrings-blank-lines"),
    pytest.param(d('''
        import os
        import torch
        import numpy as np
        from torch import nn
        from torch.nn import Linear


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = Linear(2, 3)
                self.b = nn.Linear(3, 4)

            def forward(self, x):
                return self.b(self.a(x))
        '''), d('''
        import os
        from flax import nnx
        import numpy as np


        class Net(nnx.Module):
            def __init__(self, *, rngs: nnx.Rngs):
                self.a = nnx.Linear(2, 3, rngs=rngs)
                self.b = nnx.Linear(3, 4, rngs=rngs)

            def __call__(self, x):
                return self.b(self.a(x))
        '''), id="imports-replaced-others-kept"),
    pytest.param(d('''
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.blocks = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

            def forward(self, x):
                for blk in self.blocks:
                    x = blk(x)
                return x
        '''), d('''
        from flax import nnx


        class Net(nnx.Module):
            def __init__(self, *, rngs: nnx.Rngs):
                self.blocks = nnx.List([nnx.Linear(4, 4, rngs=rngs) for _ in range(3)])

            def __call__(self, x):
                for blk in self.blocks:
                    x = blk(x)
                return x
        '''), id="module-list"),
]


@pytest.mark.parametrize("before, after", BEFORE_AFTER)
def test_rewrite(before, after):
    conv = convert(before)
    assert conv.code == after
    assert not conv.issues, [x.format() for x in conv.issues]


UNCHANGED = [
    pytest.param("", id="empty"),
    pytest.param("x = 1\n", id="plain"),
    pytest.param(d('''
        """No framework here."""
        import numpy as np


        class Net:  # not a module
            def forward(self, x):
                return np.tanh(x)  # kept
        '''), id="numpy-only"),
    pytest.param(d('''
        import math

        def f(x):
            return math.sqrt(x)
        '''), id="math-only"),
    pytest.param("import os\r\nprint(os.sep)\r\n", id="crlf"),
]


@pytest.mark.parametrize("src", UNCHANGED)
def test_unchanged(src):
    conv = convert(src)
    assert conv.code == src
    assert not conv.issues


@pytest.mark.parametrize("src, where, message", [
    pytest.param(d('''
        import torch
        import torch.nn as nn


        class Net(nn.Module):
            def forward(self, x):
                a = torch.foo(x); b = torch.bar(x)
                return torch.baz(
                    a, b)
        '''), [(7, 13), (7, 31), (8, 16)], "no table entry for torch.", id="functions"),
    pytest.param(d('''
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Frobnicator(4, 2)
        '''), [(7, 19)], "torch.nn.Frobnicator", id="layer"),
])
def test_untranslatable_is_kept_commented_and_located(src, where, message):
    conv = convert(src)
    assert [(x.line, x.col) for x in conv.issues] == where
    assert all(message in x.message for x in conv.issues)
    lines = conv.code.splitlines()
    for x in conv.issues:
        api = x.message.rsplit(" ", 1)[-1].rsplit(".", 1)[-1]
        i = next(k for k, line in enumerate(lines) if f".{api}(" in line)
        assert any(line.strip() == f"# nnport: {x.message}" for line in lines[:i]), conv.code


def test_module_init_call_removed_quietly():
    conv = convert(d('''
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                nn.Module.__init__(self)
                self.fc = nn.Linear(4, 2)
        '''))
    assert "__init__(self)" not in conv.code
    assert not conv.issues, [x.format() for x in conv.issues]


def test_python_math_is_not_a_tensor_method():
    conv = convert(d('''
        import math
        import torch.nn as nn


        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, math.floor(2.5))
        '''))
    assert not conv.issues, [x.format() for x in conv.issues]


def test_removed_import_leaves_no_leading_blank_lines():
    conv = convert("import torch.nn as nn\n\n\nclass Config:\n    n = 3\n")
    assert conv.code == "class Config:\n    n = 3\n"
