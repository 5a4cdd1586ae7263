"""support/embedding.py: PaddedEmbeddingInit (nn.Embedding's padding_idx row), built inside another
layer's call as Keras builds lazily, numerically against PyTorch."""
import textwrap

import numpy as np
import pytest

from harness import check_target, layer_case, load, runtime, translate

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


BAG_2D = np.array([[1, 2, 3, 2], [0, 9, 0, 4]], dtype=np.int64)
IDS = np.array([1, 2, 3, 2, 0, 9, 0], dtype=np.int64)


@pytest.mark.parametrize("ctor, params, inputs", [
    ("nn.EmbeddingBag(10, 3)", "x", [BAG_2D]),
    ("nn.EmbeddingBag(10, 3, mode='sum', padding_idx=0)", "x", [BAG_2D]),
    ("nn.EmbeddingBag(10, 3, mode='max')", "x, offsets", [IDS, np.array([0, 3, 3], dtype=np.int64)]),  # empty bag
    ("nn.EmbeddingBag(10, 3, mode='mean', padding_idx=0)", "x, offsets", [IDS, np.array([0, 4], dtype=np.int64)]),
    ("nn.EmbeddingBag(10, 3, mode='sum', include_last_offset=True)", "x, offsets",
     [IDS, np.array([0, 2, 5], dtype=np.int64)]),
    ("nn.EmbeddingBag(10, 3, mode='sum')", "x, offsets, w",
     [IDS, np.array([0, 2], dtype=np.int64), np.linspace(0.5, 2, 7).astype(np.float32)]),
    ("nn.EmbeddingBag.from_pretrained(torch.linspace(-1, 1, 30).reshape(10, 3), mode='max')", "x", [BAG_2D]),
])
def test_embedding_bag(ctor, params, inputs):
    call = params.replace("w", "per_sample_weights=w")
    code = layer_case(ctor, params).replace(f"self.layer({params})", f"self.layer({call})")
    check_target(code, inputs=inputs, to="keras")
