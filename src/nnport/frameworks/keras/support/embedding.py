"""PyTorch nn.Bilinear and nn.EmbeddingBag as Keras layers, and the embedding initialiser for
padding_idx (copied into translated code)."""
import math

import keras
from keras import layers, ops


class Bilinear(layers.Layer):
    """PyTorch nn.Bilinear: y = x1 @ weight[o] @ x2 + bias[o], weight (out, in1, in2)."""

    def __init__(self, in1_features, in2_features, out_features, bias=True, **kwargs):
        super().__init__(**kwargs)
        bound = 1 / math.sqrt(in1_features)
        init = keras.initializers.RandomUniform(-bound, bound)
        self.weight = self.add_weight(shape=(out_features, in1_features, in2_features), initializer=init,
                                      name="weight")
        self.bias = self.add_weight(shape=(out_features,), initializer=init, name="bias") if bias else None

    def call(self, input1, input2):
        y = ops.einsum("...i,oij,...j->...o", input1, self.weight, input2)
        return y if self.bias is None else y + self.bias


class PaddedEmbeddingInit(keras.initializers.Initializer):
    """PyTorch's nn.Embedding initialisation: N(0, 1), the padding_idx row zero."""

    def __init__(self, padding_idx):
        self.padding_idx = padding_idx

    def __call__(self, shape, dtype=None):
        values = keras.initializers.RandomNormal(0.0, 1.0)(shape, dtype=dtype)   # seeded in a build too
        row = ops.arange(shape[0])[:, None] == self.padding_idx % shape[0]
        return ops.where(row, ops.zeros_like(values), values)


def embedding_bag(input, weight, offsets=None, mode="mean", per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """F.embedding_bag: sums, means or maxima of the embeddings of each bag. A 2-d `input` holds one
    bag per row; a 1-d `input` is cut into bags at `offsets`. Entries equal to `padding_idx` are left
    out (also from a mean's count); an empty bag gives zeros."""
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    keep = ops.ones(ops.shape(input), "bool") if padding_idx is None else input != padding_idx
    if len(input.shape) == 2:
        bags, length = input.shape
        input, keep = ops.reshape(input, (-1,)), ops.reshape(keep, (-1,))
        if per_sample_weights is not None:
            per_sample_weights = ops.reshape(per_sample_weights, (-1,))
        segments = ops.repeat(ops.arange(bags), length)
    else:
        bags = offsets.shape[0] - (1 if include_last_offset else 0)
        # the bag of each position; with include_last_offset, positions past the last offset are left out
        positions = ops.arange(input.shape[0], dtype=offsets.dtype)
        segments = ops.searchsorted(offsets, positions, side="right") - 1
        keep = ops.logical_and(keep, segments < bags)
        segments = ops.minimum(segments, bags - 1)
    rows = ops.take(weight, input, axis=0)
    if per_sample_weights is not None:
        rows = rows * ops.expand_dims(per_sample_weights, -1)
    kept = ops.expand_dims(keep, -1)
    count = ops.expand_dims(ops.segment_sum(ops.cast(keep, rows.dtype), segments, bags), -1)
    if mode == "max":
        most = ops.segment_max(ops.where(kept, rows, -math.inf), segments, bags)
        return ops.where(count > 0, most, 0.0)
    total = ops.segment_sum(ops.where(kept, rows, 0.0), segments, bags)
    return total if mode == "sum" else total / ops.maximum(count, 1.0)


class EmbeddingBag(layers.Layer):
    """torch.nn.EmbeddingBag: `bag(input, offsets=None, per_sample_weights=None)`; `weight` is
    (num_embeddings, embedding_dim) like PyTorch's, initialised N(0, 1) (the padding row zero)."""

    def __init__(self, num_embeddings, embedding_dim, mode="mean", include_last_offset=False,
                 padding_idx=None, embeddings_initializer=None, **kwargs):
        super().__init__(**kwargs)
        if mode not in ("sum", "mean", "max"):
            raise ValueError(f"mode has to be one of sum, mean or max, got {mode!r}")
        if padding_idx is not None and padding_idx < 0:
            padding_idx += num_embeddings
        self.mode, self.include_last_offset, self.padding_idx = mode, include_last_offset, padding_idx
        if embeddings_initializer is None:
            embeddings_initializer = keras.initializers.RandomNormal(0.0, 1.0) if padding_idx is None \
                else PaddedEmbeddingInit(padding_idx)
        self.weight = self.add_weight(shape=(num_embeddings, embedding_dim), initializer=embeddings_initializer,
                                      name="weight")

    def call(self, input, offsets=None, per_sample_weights=None):
        return embedding_bag(input, self.weight, offsets, self.mode, per_sample_weights,
                             self.include_last_offset, self.padding_idx)


def bag_from_pretrained(embeddings, freeze=True, mode="mean", include_last_offset=False, padding_idx=None):
    """nn.EmbeddingBag.from_pretrained: an EmbeddingBag holding `embeddings`, not trainable when frozen."""
    bag = EmbeddingBag(*ops.shape(embeddings), mode=mode, include_last_offset=include_last_offset,
                       padding_idx=padding_idx, embeddings_initializer=keras.initializers.Constant(embeddings))
    bag.trainable = not freeze
    return bag
