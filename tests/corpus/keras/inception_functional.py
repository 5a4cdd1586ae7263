"""GoogLeNet-style inception modules: four parallel branches joined with layers.concatenate."""
import numpy as np
import tensorflow as tf


def conv_bn(x, filters, kernel_size, strides=1, name=None):
    x = tf.keras.layers.Conv2D(filters, kernel_size, strides=strides, padding="same",
                               use_bias=False, name=name)(x)
    x = tf.keras.layers.BatchNormalization(scale=False, name=None if name is None else name + "_bn")(x)
    return tf.keras.layers.Activation("relu")(x)


def inception_module(x, f1, f3_reduce, f3, f5_reduce, f5, pool_proj, name):
    branch1 = conv_bn(x, f1, 1, name=f"{name}_1x1")

    branch3 = conv_bn(x, f3_reduce, 1, name=f"{name}_3x3_reduce")
    branch3 = conv_bn(branch3, f3, 3, name=f"{name}_3x3")

    # the 5x5 branch as two 3x3 convolutions (Inception v2)
    branch5 = conv_bn(x, f5_reduce, 1, name=f"{name}_5x5_reduce")
    branch5 = conv_bn(branch5, f5, 3, name=f"{name}_5x5a")
    branch5 = conv_bn(branch5, f5, 3, name=f"{name}_5x5b")

    branch_pool = tf.keras.layers.AveragePooling2D(pool_size=3, strides=1, padding="same")(x)
    branch_pool = conv_bn(branch_pool, pool_proj, 1, name=f"{name}_pool_proj")

    return tf.keras.layers.concatenate([branch1, branch3, branch5, branch_pool], axis=3,
                                       name=f"{name}_concat")


def Model(num_classes=10):
    inputs = tf.keras.Input(shape=(32, 32, 3))
    x = conv_bn(inputs, 16, 3, strides=2, name="stem")
    x = inception_module(x, 8, 8, 12, 4, 6, 6, name="mixed0")
    x = tf.keras.layers.MaxPooling2D(pool_size=3, strides=2, padding="same")(x)
    x = inception_module(x, 12, 8, 16, 4, 8, 8, name="mixed1")
    x = tf.keras.layers.GlobalAveragePooling2D()(x)
    x = tf.keras.layers.Dropout(0.4)(x)
    outputs = tf.keras.layers.Dense(num_classes, activation="softmax")(x)
    return tf.keras.Model(inputs, outputs, name="inception_small")


def get_init_inputs():
    return [10]


def get_inputs():
    rng = np.random.default_rng(14)
    return [rng.normal(size=(2, 32, 32, 3)).astype("float32")]
