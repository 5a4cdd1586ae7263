"""translate/training.py: the training flag of targets whose forward takes it (Keras) reaches the
helper methods that need it, `before` -> `after`, plus methods that must stay as they are."""
from __future__ import annotations

import textwrap

import nnport


def d(s: str) -> str:
    return textwrap.dedent(s).lstrip("\n")


def body(code: str) -> str:
    return code.split("class Model")[1]


SOURCE = d('''
    import torch
    import torch.nn as nn


    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)
            self.bn = nn.BatchNorm1d(4)

        def plain(self, x):
            return self.fc(x)

        def normed(self, x):
            return self.bn(x) if self.training else x

        def both(self, x):
            return self.normed(self.plain(x))

        def forward(self, x):
            return self.both(x) + self.plain(x)
    ''')


def test_helper_methods_get_the_flag():
    conv = nnport.convert(SOURCE, to="keras", source="torch")
    assert not conv.issues, conv.issues
    assert body(conv.code) == d('''
        (keras.Model):
            def __init__(self):
                super().__init__()
                self.fc = layers.Dense(4)
                self.bn = BatchNorm()

            def plain(self, x):
                return self.fc(x)

            def normed(self, x, training=None):
                return self.bn(x, training=training) if training else x

            def both(self, x, training=None):
                return self.normed(self.plain(x), training=training)

            def call(self, x, training=None):
                return self.both(x, training=training) + self.plain(x)
        ''')


def test_flax_is_unchanged():
    conv = nnport.convert(SOURCE, to="flax", source="torch")
    assert "def normed(self, x):" in conv.code and "training=" not in conv.code


def test_batch_norm_in_a_helper_trains():
    """Numerically: the batch norm called from a helper method normalizes with batch statistics and
    updates its running ones in training (without the flag it would run in inference)."""
    import numpy as np
    from harness import check_target
    x = np.random.RandomState(0).randn(6, 4).astype(np.float32) * 2 + 1
    check_target(SOURCE, inputs=[x], train=True, to="keras")


def test_copy_of_a_model_with_a_training_only_layer():
    """runtime.copy rebuilds the model; a layer built only in training is built there too."""
    import numpy as np
    from harness import build, runtime
    x = np.random.RandomState(0).randn(6, 4).astype(np.float32) * 2 + 1
    _, km, _ = build(SOURCE, inputs=[x], to="keras")
    rt = runtime("keras")
    twin = rt.copy(km)
    for train in (False, True):
        np.testing.assert_allclose(rt.run(twin, [x], train=train, seed=0), rt.run(km, [x], train=train, seed=0),
                                   rtol=1e-6)


LOOP = d('''
    import torch.nn as nn


    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.bn = nn.BatchNorm1d(4)

        def forward(self, x):
            return self.bn(x)


    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = nn.ModuleList([Block(), Block()])
            self.heads = nn.ModuleList([nn.BatchNorm1d(4)])

        def run(self, x):
            for block in self.blocks:
                x = block(x)
            return self.heads[0](x)

        def forward(self, x):
            return self.run(x)
    ''')


def test_loops_and_items_of_containers():
    code = nnport.convert(LOOP, to="keras", source="torch").code
    assert "def run(self, x, training=None):" in code
    assert "x = block(x, training=training)" in code and "self.heads[0](x, training=training)" in code
    assert "return self.run(x, training=training)" in code


def test_loops_and_items_train_numerically():
    """(Keras 3 also hands an outer call's training flag to nested calls that omit it: the explicit
    flag above is for the reader and for backends/call paths without that context.)"""
    import numpy as np
    from harness import check_target
    x = np.random.RandomState(1).randn(5, 4).astype(np.float32) * 3 - 1
    check_target(LOOP, inputs=[x], train=True, to="keras")
