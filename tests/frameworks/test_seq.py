"""Numerical tests of the embedding entries: nn.Embedding, nn.EmbeddingBag, F.embedding,
F.embedding_bag (eval and train mode; they have no dropout). Recurrent and attention layers are
tested in test_recurrent.py and test_attention.py."""
import numpy as np
import pytest

import nnport
from harness import check, expr_case, layer_case, load, randint, randn, runtime, translate

EMBEDDINGS = [
    ("nn.Embedding(10, 4)", (3, 5)),
    ("nn.Embedding(10, 4, padding_idx=0)", (3, 5)),             # forward is a plain lookup
    ("nn.Embedding(num_embeddings=7, embedding_dim=3, padding_idx=-1, sparse=True)", (2, 2, 4)),
    ("nn.Embedding(10, 4)", (6,)),
    ("nn.Embedding(1, 4)", (2, 3)),                             # nnx.Embed broadcasts its one row
]


@pytest.mark.parametrize("ctor, shape", EMBEDDINGS)
def test_embedding(ctor, shape):
    n = int(ctor.split("(")[1].split(",")[0].split("=")[-1])
    x = randint(0, n, *shape)
    if "padding_idx" in ctor:
        x[0, 0] = 0 if "padding_idx=0" in ctor else n - 1    # the padding index is looked up too
    check(layer_case(ctor), inputs=[x], train=True)


@pytest.mark.parametrize("ctor, row", [("nn.Embedding(10, 4, padding_idx=2)", 2),
                                       ("nn.Embedding(10, 4, padding_idx=-1)", 9),
                                       ("nn.EmbeddingBag(10, 4, padding_idx=3)", 3)])
def test_padding_row_zero_at_init(ctor, row):
    model = _translated(layer_case(ctor), randint(0, 10, 2, 3))
    (w,) = [w for w in runtime().parameters(model).values()]
    assert w.shape == (10, 4)
    assert np.all(w[row] == 0) and np.all(np.abs(w).sum(1)[np.arange(10) != row] > 0)
    assert 0.5 < w.std() < 1.5   # PyTorch's N(0, 1)


def test_embedding_function():
    check(expr_case("F.embedding(idx, w)", "idx, w"), inputs=[randint(0, 6, 2, 3), randn(6, 4)])
    check(expr_case("F.embedding(idx, w, padding_idx=1) * 2", "idx, w"),
          inputs=[randint(0, 6, 4, seed=1), randn(6, 3)])
    check(expr_case("F.embedding(weight=w, input=idx)", "idx, w"), inputs=[randint(0, 6, 5), randn(6, 4)])


def _offsets_case(ctor: str, call: str) -> str:
    return layer_case(ctor, "x, offsets").replace("self.layer(x, offsets)", call)


BAGS = [
    ("nn.EmbeddingBag(10, 4)", "x"),
    ("nn.EmbeddingBag(10, 4, mode='sum')", "x"),
    ("nn.EmbeddingBag(10, 4, mode='max')", "x"),
    ("nn.EmbeddingBag(10, 4, mode='mean', padding_idx=2)", "x"),
    ("nn.EmbeddingBag(10, 4, mode='max', padding_idx=2)", "x"),
]


@pytest.mark.parametrize("ctor, params", BAGS)
def test_embedding_bag_2d(ctor, params):
    x = randint(0, 10, 3, 4)
    x[1] = 2                       # a bag of padding only: zeros in PyTorch
    x[0, 1] = 2
    check(layer_case(ctor, params), inputs=[x], train=True)


@pytest.mark.parametrize("mode", ["sum", "mean", "max"])
@pytest.mark.parametrize("extra, offsets", [
    ("", [0, 2, 2, 5]),                                   # an empty bag (index 1): zeros
    (", include_last_offset=True", [0, 3, 5, 7]),
    (", padding_idx=0", [0, 4, 6]),
])
def test_embedding_bag_offsets(mode, extra, offsets):
    x = randint(0, 10, 7, seed=3)
    x[[1, 5]] = 0
    check(_offsets_case(f"nn.EmbeddingBag(10, 3, mode='{mode}'{extra})", "self.layer(x, offsets)"),
          inputs=[x, np.array(offsets, np.int64)])


def test_embedding_bag_per_sample_weights():
    code = layer_case("nn.EmbeddingBag(10, 3, mode='sum')", "x, offsets, w").replace(
        "self.layer(x, offsets, w)", "self.layer(x, offsets, per_sample_weights=w)")
    check(code, inputs=[randint(0, 10, 6), np.array([0, 1, 4], np.int64), randn(6)])
    code = layer_case("nn.EmbeddingBag(10, 3, mode='sum', padding_idx=4)", "x, w").replace(
        "self.layer(x, w)", "self.layer(x, per_sample_weights=w)")
    check(code, inputs=[randint(0, 10, 2, 5, seed=2), randn(2, 5)])


@pytest.mark.parametrize("expr, params, inputs", [
    ("F.embedding_bag(x, w, offsets)", "x, w, offsets", [randint(0, 6, 5), randn(6, 4), np.array([0, 2])]),
    ("F.embedding_bag(x, w, mode='max')", "x, w", [randint(0, 6, 2, 3), randn(6, 4)]),
    ("F.embedding_bag(x, w, offsets, mode='sum', per_sample_weights=p, include_last_offset=True)",
     "x, w, offsets, p", [randint(0, 6, 5), randn(6, 4), np.array([0, 1, 5]), randn(5, seed=4)]),
    ("F.embedding_bag(x, w, padding_idx=-2)", "x, w", [np.array([[4, 1, 4], [4, 4, 4]]), randn(6, 4)]),
])
def test_embedding_bag_function(expr, params, inputs):
    check(expr_case(expr, params), inputs=inputs)


@pytest.mark.target("flax")
@pytest.mark.parametrize("source, message", [
    (layer_case("nn.Embedding(10, 4, max_norm=1.0)"), "max_norm"),
    (layer_case("nn.Embedding(10, 4, scale_grad_by_freq=True)"), "scale_grad_by_freq"),
    (layer_case("nn.Embedding(10, 4, _freeze=True)"), "_freeze"),
    (layer_case("nn.EmbeddingBag(10, 4, max_norm=2.0, mode='sum')"), "max_norm"),
    (layer_case("nn.EmbeddingBag(10, 4, mode='median')"), "mode"),
    (expr_case("F.embedding(x, w, max_norm=1.0)", "x, w"), "max_norm"),
    (expr_case("F.embedding_bag(x, w, mode='median')", "x, w"), "mode"),
    (layer_case("nn.Transformer(8, 2, activation=nn.GELU())"), "activation"),
    (expr_case("nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64)"),
     "dtype"),
    (expr_case("torch.nn.utils.rnn.pad_sequence([x, x], padding_side='middle')"), "padding_side"),
])
def test_unsupported(source, message):
    conv = nnport.convert(source, to="flax", source="torch")
    assert any(message in d.message for d in conv.issues), [d.format() for d in conv.issues]


@pytest.mark.parametrize("ctor, shape", [
    ("nn.Embedding.from_pretrained(torch.arange(12.).reshape(4, 3))", (2, 3)),
    ("nn.Embedding.from_pretrained(torch.arange(12.).reshape(4, 3), freeze=False, padding_idx=1)", (5,)),
    ("nn.EmbeddingBag.from_pretrained(torch.arange(12.).reshape(4, 3))", (2, 3)),
    ("nn.EmbeddingBag.from_pretrained(torch.arange(12.).reshape(4, 3), False, mode='max', padding_idx=0)",
     (3, 2)),
])
def test_from_pretrained(ctor, shape):
    x = randint(0, 4, *shape)
    check(layer_case(ctor), inputs=[x])
    # without weight transfer too: the translated layer holds the given weights, frozen by default
    model = _translated(layer_case(ctor), x)
    rt = runtime()
    trainable, frozen = list(rt.parameters(model).values()), list(rt.buffers(model).values())
    (var,) = trainable + frozen
    assert np.array_equal(var, np.arange(12.).reshape(4, 3))
    assert bool(trainable) == ("freeze=False" in ctor or ", False," in ctor)


def _translated(src: str, x):
    """The translation's Model as built (no weight transfer), run once on x (Keras builds then)."""
    model = runtime().build(load(translate(src).code).Model, [], {}, 0)
    runtime().call(model, [x], {}, train=False)
    return model


def _transformer_case(ctor: str, params: str, body: str) -> str:
    return layer_case(ctor, params).replace(f"return self.layer({params})", body)


def _pad_mask(n, s, seed=0):
    m = np.random.default_rng(seed).random((n, s)) < 0.3
    m[:, 0] = False   # every sequence keeps one position
    return m


@pytest.mark.parametrize("ctor", [
    "nn.Transformer(8, 2, 2, 1, 16, dropout=0.0)",
    "nn.Transformer(d_model=8, nhead=4, num_encoder_layers=1, num_decoder_layers=2, dim_feedforward=12,"
    " activation='gelu', norm_first=True, layer_norm_eps=1e-3)",
    "nn.Transformer(8, 2, 1, 1, 16, bias=False, dropout=0.2)",
])
def test_transformer(ctor):
    check(layer_case(ctor, "x, y"), inputs=[randn(5, 2, 8), randn(4, 2, 8, seed=1)],
          train="dropout=0.0" in ctor)


def test_transformer_masks_batch_first():
    # memory_key_padding_mask = src_key_padding_mask, as models use it: PyTorch's eval fast path
    # (nested tensors) leaves other values at padded memory positions, which are then never read
    code = _transformer_case(
        "nn.Transformer(8, 2, 2, 2, 16, batch_first=True)", "x, y, sp, tp",
        "tm = nn.Transformer.generate_square_subsequent_mask(y.size(1))\n"
        "        return self.layer(x, y, tgt_mask=tm, src_key_padding_mask=sp, tgt_key_padding_mask=tp,"
        " memory_key_padding_mask=sp)")
    check(code, inputs=[randn(2, 5, 8), randn(2, 4, 8, seed=1), _pad_mask(2, 5), _pad_mask(2, 4, seed=1)])


def test_transformer_instance_mask_and_causal():
    code = _transformer_case(
        "nn.Transformer(8, 2, 1, 1, 16)", "x, y",
        "m = self.layer.generate_square_subsequent_mask(x.size(0))\n"
        "        return self.layer(x, y, src_mask=m, tgt_mask=m[:4, :4], tgt_is_causal=True)")
    check(code, inputs=[randn(5, 2, 8), randn(4, 2, 8, seed=1)])


def test_square_subsequent_mask():
    # -inf above the diagonal; softmax makes it comparable
    check(expr_case("torch.softmax(nn.Transformer.generate_square_subsequent_mask(4) + x, -1)", "x"),
          inputs=[randn(4, 4)])


def test_embedding_bag_mode_variable():
    """A mode held in a variable goes through; the helper checks it when the layer is built."""
    code = layer_case("nn.EmbeddingBag(10, 4, mode=MODE)", prelude="MODE = 'max'")
    check(code, inputs=[randint(0, 10, 3, 4)])


def test_embedding_weight_reads():
    """`self.emb.weight` read in forward (an output projection tied by use)."""
    code = layer_case("nn.Embedding(10, 4)").replace(
        "self.layer = nn.Embedding(10, 4)",
        "self.layer = nn.Embedding(10, 4)\n        self.bag = nn.EmbeddingBag(10, 4)").replace(
        "return self.layer(x)",
        "h = self.layer(x)\n        return F.linear(h, self.layer.weight) + h @ self.bag.weight.T")
    check(code, inputs=[randint(0, 10, 2, 3)])


@pytest.mark.parametrize("call", [
    "pad_sequence([a, b, c])",
    "pad_sequence([a, b, c], batch_first=True, padding_value=-1.5)",
    "pad_sequence((a, b, c), True, 2.0, 'left')",
    "pad_sequence(sequences=[b, c], padding_side='left')",
])
def test_pad_sequence(call):
    code = expr_case(f"torch.nn.utils.rnn.{call}", "a, b, c")
    check(code, inputs=[randn(3, 2), randn(5, 2, seed=1), randn(1, 2, seed=2)])
    code = expr_case(call, "a, b, c").replace(
        "import math\n", "import math\nfrom torch.nn.utils.rnn import pad_sequence\n")
    check(code, inputs=[randn(3, 2), randn(5, 2, seed=1), randn(1, 2, seed=2)])
