"""Small U-Net for segmentation: double-conv blocks, Conv2DTranspose upsampling, skip Concatenate."""
import numpy as np
import keras
from keras import layers


def double_conv(x, filters, name):
    for i in (1, 2):
        x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv{i}")(x)
        x = layers.BatchNormalization(name=f"{name}_bn{i}")(x)
        x = layers.Activation("relu", name=f"{name}_relu{i}")(x)
    return x


def Model(input_shape=(32, 32, 3), num_classes=3, base=8, depth=2):
    inputs = keras.Input(shape=input_shape)
    skips = []
    x = inputs
    # contracting path
    for level in range(depth):
        x = double_conv(x, base * 2 ** level, name=f"down{level}")
        skips.append(x)
        x = layers.MaxPooling2D(pool_size=2, name=f"pool{level}")(x)
    x = double_conv(x, base * 2 ** depth, name="bottleneck")
    x = layers.SpatialDropout2D(0.1)(x)
    # expanding path
    for level in reversed(range(depth)):
        x = layers.Conv2DTranspose(base * 2 ** level, kernel_size=2, strides=2, padding="same",
                                   name=f"up{level}")(x)
        x = layers.Concatenate(axis=-1, name=f"skip{level}")([skips[level], x])
        x = double_conv(x, base * 2 ** level, name=f"dec{level}")
    outputs = layers.Conv2D(num_classes, 1, activation="softmax", name="mask")(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="unet")


def get_init_inputs():
    return [(32, 32, 3), 3, 8, 2]


def get_inputs():
    rng = np.random.default_rng(13)
    return [rng.random((2, 32, 32, 3), dtype=np.float32)]
