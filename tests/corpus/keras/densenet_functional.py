"""DenseNet blocks as in keras.applications.densenet: BN-ReLU-Conv, Concatenate growth, transitions."""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

BN_AXIS = 3


def conv_block(x, growth_rate, name):
    x1 = layers.BatchNormalization(axis=BN_AXIS, epsilon=1.001e-5, name=name + "_0_bn")(x)
    x1 = layers.Activation("relu", name=name + "_0_relu")(x1)
    x1 = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=name + "_1_conv")(x1)
    x1 = layers.BatchNormalization(axis=BN_AXIS, epsilon=1.001e-5, name=name + "_1_bn")(x1)
    x1 = layers.Activation("relu", name=name + "_1_relu")(x1)
    x1 = layers.Conv2D(growth_rate, 3, padding="same", use_bias=False, name=name + "_2_conv")(x1)
    return layers.Concatenate(axis=BN_AXIS, name=name + "_concat")([x, x1])


def dense_block(x, blocks, growth_rate, name):
    for i in range(blocks):
        x = conv_block(x, growth_rate, name=name + "_block" + str(i + 1))
    return x


def transition_block(x, reduction, name):
    x = layers.BatchNormalization(axis=BN_AXIS, epsilon=1.001e-5, name=name + "_bn")(x)
    x = layers.Activation("relu", name=name + "_relu")(x)
    x = layers.Conv2D(int(x.shape[BN_AXIS] * reduction), 1, use_bias=False, name=name + "_conv")(x)
    return layers.AveragePooling2D(2, strides=2, name=name + "_pool")(x)


def Model(blocks=(2, 2), growth_rate=8, num_classes=10):
    img_input = keras.Input(shape=(32, 32, 3))
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(img_input)
    x = layers.Conv2D(16, 3, strides=1, use_bias=False, name="conv1_conv")(x)
    x = layers.BatchNormalization(axis=BN_AXIS, epsilon=1.001e-5, name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)

    for i, n in enumerate(blocks):
        x = dense_block(x, n, growth_rate, name=f"conv{i + 2}")
        if i != len(blocks) - 1:
            x = transition_block(x, 0.5, name=f"pool{i + 2}")

    x = layers.BatchNormalization(axis=BN_AXIS, epsilon=1.001e-5, name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    x = layers.Dense(num_classes, activation="softmax", name="predictions")(x)
    return keras.Model(img_input, x, name="densenet_small")


def get_init_inputs():
    return [(2, 2), 8, 10]


def get_inputs():
    rng = np.random.default_rng(15)
    return [rng.normal(size=(2, 32, 32, 3)).astype("float32")]
