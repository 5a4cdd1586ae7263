"""ResNet-style classifier built with the functional API: basic blocks, projection shortcuts, Add."""
import numpy as np
import keras
from keras import layers


def residual_block(x, filters, stride=1, name=None):
    """Two 3x3 convolutions; a strided 1x1 projection when the shape changes."""
    shortcut = x
    y = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False,
                      kernel_initializer="he_normal", name=f"{name}_conv1")(x)
    y = layers.BatchNormalization(name=f"{name}_bn1")(y)
    y = layers.ReLU(name=f"{name}_relu1")(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False,
                      kernel_initializer="he_normal", name=f"{name}_conv2")(y)
    y = layers.BatchNormalization(name=f"{name}_bn2")(y)
    if stride != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride, use_bias=False,
                                 kernel_initializer="he_normal", name=f"{name}_proj")(x)
        shortcut = layers.BatchNormalization(name=f"{name}_proj_bn")(shortcut)
    y = layers.Add(name=f"{name}_add")([y, shortcut])
    return layers.ReLU(name=f"{name}_out")(y)


def Model(input_shape=(32, 32, 3), num_classes=10, widths=(8, 16, 32)):
    inputs = keras.Input(shape=input_shape, name="image")
    x = layers.Conv2D(widths[0], 3, padding="same", use_bias=False, name="stem_conv")(inputs)
    x = layers.BatchNormalization(name="stem_bn")(x)
    x = layers.Activation("relu", name="stem_relu")(x)
    for stage, filters in enumerate(widths):
        stride = 1 if stage == 0 else 2
        x = residual_block(x, filters, stride, name=f"stage{stage}_block0")
        x = residual_block(x, filters, 1, name=f"stage{stage}_block1")
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    outputs = layers.Dense(num_classes, name="logits")(x)
    return keras.Model(inputs, outputs, name="resnet_small")


def get_init_inputs():
    return [(32, 32, 3), 10, (8, 16, 32)]


def get_inputs():
    rng = np.random.default_rng(10)
    return [rng.normal(size=(2, 32, 32, 3)).astype("float32")]
