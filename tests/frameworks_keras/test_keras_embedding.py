"""support/embedding.py: PaddedEmbeddingInit (nn.Embedding's padding_idx row), built inside another
layer's call as Keras builds lazily, numerically against PyTorch."""
import textwrap

import numpy as np

from harness import check_target, load, runtime, translate

CODE = textwrap.dedent("""\
    import torch
    import torch.nn as nn

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(10, 4, padding_idx=2)

        def forward(self, tokens):
            return self.embedding(tokens)

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = Encoder()

        def forward(self, tokens):
            return self.encoder(tokens) * 2
    """)
TOKENS = np.array([[1, 2, 3], [2, 9, 0]], dtype=np.int64)


def test_padded_embedding_in_a_sublayer():
    check_target(CODE, inputs=[TOKENS], to="keras")


def test_padding_row_starts_at_zero():
    mod = load(translate(CODE, to="keras").code)
    rt = runtime("keras")
    model = rt.build(mod.Model, [], {}, 0)
    out = rt.run(model, [TOKENS], train=False, seed=0)
    table = np.array(model.encoder.embedding.embeddings)
    assert np.all(table[2] == 0) and np.all(np.std(np.delete(table, 2, axis=0), axis=1) > 0)
    np.testing.assert_array_equal(out[0, 1], np.zeros(4))
