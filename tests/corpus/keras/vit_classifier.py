"""Vision Transformer, subclassed: convolutional patch embedding, a class token and learned
position embeddings created in build() from the number of patches, pre-norm encoder blocks."""
import numpy as np
import keras
from keras import layers, ops


class PatchEmbedding(layers.Layer):
    """Split an image into non-overlapping patches and project each one (a strided Conv2D)."""

    def __init__(self, patch_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.patch_size = patch_size
        self.proj = layers.Conv2D(embed_dim, kernel_size=patch_size, strides=patch_size,
                                  padding="valid", name="proj")

    def call(self, images):
        x = self.proj(images)                                  # (B, H/p, W/p, D)
        batch, h, w, d = ops.shape(x)
        return ops.reshape(x, (batch, h * w, d))


class ClassTokenPosition(layers.Layer):
    """Prepend a learned [CLS] token and add learned position embeddings."""

    def build(self, input_shape):
        num_patches, dim = input_shape[1], input_shape[2]
        self.cls_token = self.add_weight(shape=(1, 1, dim), initializer="zeros", name="cls")
        self.pos_embedding = self.add_weight(
            shape=(1, num_patches + 1, dim),
            initializer=keras.initializers.RandomNormal(stddev=0.02), name="pos_embedding")

    def call(self, x):
        batch = ops.shape(x)[0]
        cls = ops.broadcast_to(self.cls_token, (batch, 1, ops.shape(x)[-1]))
        x = ops.concatenate([cls, x], axis=1)
        return x + self.pos_embedding


class EncoderBlock(layers.Layer):
    def __init__(self, dim, num_heads, mlp_dim, dropout=0.1, **kwargs):
        super().__init__(**kwargs)
        self.norm1 = layers.LayerNormalization(epsilon=1e-6)
        self.attn = layers.MultiHeadAttention(num_heads=num_heads, key_dim=dim // num_heads,
                                              dropout=dropout)
        self.norm2 = layers.LayerNormalization(epsilon=1e-6)
        self.mlp1 = layers.Dense(mlp_dim, activation="gelu")
        self.mlp2 = layers.Dense(dim)
        self.drop = layers.Dropout(dropout)

    def call(self, x, training=None):
        h = self.norm1(x)
        h = self.attn(h, h, training=training)
        x = x + self.drop(h, training=training)
        h = self.mlp2(self.drop(self.mlp1(self.norm2(x)), training=training))
        return x + self.drop(h, training=training)


class Model(keras.Model):
    def __init__(self, patch_size=8, dim=32, depth=2, num_heads=4, mlp_dim=64, num_classes=10):
        super().__init__()
        self.patch_embed = PatchEmbedding(patch_size, dim)
        self.cls_pos = ClassTokenPosition()
        self.blocks = [EncoderBlock(dim, num_heads, mlp_dim) for _ in range(depth)]
        self.norm = layers.LayerNormalization(epsilon=1e-6)
        self.head = layers.Dense(num_classes)

    def call(self, images, training=None):
        x = self.cls_pos(self.patch_embed(images))
        for block in self.blocks:
            x = block(x, training=training)
        x = self.norm(x)
        return self.head(x[:, 0])


def get_init_inputs():
    return [8, 32, 2, 4, 64, 10]


def get_inputs():
    rng = np.random.default_rng(41)
    return [rng.normal(size=(2, 32, 32, 3)).astype("float32")]
