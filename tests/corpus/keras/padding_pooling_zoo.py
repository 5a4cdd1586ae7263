"""Feature extractor exercising spatial arithmetic on odd sizes: asymmetric ZeroPadding2D and
Cropping2D, dilated and strided 'same' convolutions (TensorFlow pads more on the bottom/right),
'same' and 'valid' pooling, bilinear and nearest UpSampling2D, global max and average pooling."""
import numpy as np
import keras
from keras import layers


def Model(input_shape=(15, 15, 3), num_classes=5):
    inputs = keras.Input(shape=input_shape)
    x = layers.ZeroPadding2D(padding=((1, 2), (0, 1)))(inputs)                       # 18x16
    x = layers.Conv2D(8, 3, dilation_rate=2, padding="same", activation="relu")(x)   # 18x16
    x = layers.Conv2D(8, 3, strides=2, padding="same", activation="relu")(x)         # 9x8
    x = layers.MaxPooling2D(pool_size=3, strides=2, padding="same")(x)               # 5x4
    x = layers.UpSampling2D(size=2, interpolation="bilinear")(x)                    # 10x8
    x = layers.Cropping2D(cropping=((1, 0), (0, 1)))(x)                              # 9x7
    a = layers.AveragePooling2D(pool_size=2, padding="valid")(x)                     # 4x3
    b = layers.Conv2D(8, (2, 3), strides=(2, 2), padding="valid", dilation_rate=1)(x)  # 4x3
    x = layers.Add()([a, b])
    x = layers.UpSampling2D(size=(1, 2), interpolation="nearest")(x)                # 4x6
    x = layers.Conv2D(16, 3, padding="same", dilation_rate=(2, 1), activation="relu")(x)
    pooled = layers.Concatenate()([layers.GlobalMaxPooling2D()(x),
                                   layers.GlobalAveragePooling2D()(x)])
    outputs = layers.Dense(num_classes)(pooled)
    return keras.Model(inputs, outputs, name="spatial_zoo")


def get_init_inputs():
    return [(15, 15, 3), 5]


def get_inputs():
    rng = np.random.default_rng(32)
    return [rng.normal(size=(2, 15, 15, 3)).astype("float32")]
