"""Video clip classifier: a small CNN applied to every frame with TimeDistributed, then a GRU over
the frame features (CNN + RNN), Permute/Reshape/Flatten bookkeeping on the way."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def frame_encoder(frame_shape, filters):
    return keras.Sequential([
        keras.Input(frame_shape),
        layers.Conv2D(filters, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(filters * 2, 3, padding="same", activation="relu"),
        layers.GlobalAveragePooling2D(),
    ], name="frame_encoder")


def Model(frames=6, frame_shape=(16, 16, 3), filters=8, units=16, num_classes=4):
    clip = keras.Input(shape=(frames,) + tuple(frame_shape), name="clip")
    feats = layers.TimeDistributed(frame_encoder(frame_shape, filters))(clip)   # (B, T, 2f)
    # also a coarse motion feature: frame-to-frame differences of the raw pixels, per frame
    pixels = layers.Reshape((frames, -1))(clip)                                 # (B, T, HWC)
    pixels = layers.TimeDistributed(layers.Dense(8, activation="relu"))(pixels)
    x = layers.Concatenate(axis=-1)([feats, pixels])
    x = layers.GRU(units, return_sequences=True)(x)
    x = layers.Permute((2, 1))(x)                                               # (B, units, T)
    x = layers.Flatten()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(clip, outputs, name="crnn")


def get_init_inputs():
    return [6, (16, 16, 3), 8, 16, 4]


def get_inputs():
    rng = np.random.default_rng(34)
    return [rng.random((2, 6, 16, 16, 3), dtype=np.float32)]
