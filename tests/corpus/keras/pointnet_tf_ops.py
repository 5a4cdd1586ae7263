"""PointNet segmentation network with raw TensorFlow ops in call(): a T-Net predicting a 3x3
alignment applied with tf.matmul, shared per-point MLPs (Conv1D, kernel 1), tf.reduce_max global
feature tiled back to every point with tf.expand_dims/tf.tile and joined with tf.concat."""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class TNet(keras.layers.Layer):
    """Predicts a k x k transform, initialised to the identity."""

    def __init__(self, k=3, **kwargs):
        super().__init__(**kwargs)
        self.k = k
        self.conv1 = keras.layers.Conv1D(16, 1)
        self.conv2 = keras.layers.Conv1D(32, 1)
        self.fc1 = keras.layers.Dense(16)
        self.fc2 = keras.layers.Dense(k * k, kernel_initializer="zeros", bias_initializer="zeros")

    def call(self, points):
        x = tf.nn.relu(self.conv1(points))
        x = tf.nn.relu(self.conv2(x))
        x = tf.reduce_max(x, axis=1)
        x = tf.nn.relu(self.fc1(x))
        x = self.fc2(x)
        transform = tf.reshape(x, (-1, self.k, self.k)) + tf.eye(self.k)
        return tf.matmul(points, transform)


class Model(keras.Model):
    def __init__(self, num_classes=4, widths=(16, 32, 64)):
        super().__init__()
        self.input_transform = TNet(3)
        self.mlp1 = [keras.layers.Conv1D(w, 1) for w in widths[:2]]
        self.bn1 = [keras.layers.BatchNormalization(momentum=0.0) for _ in widths[:2]]
        self.mlp2 = keras.layers.Conv1D(widths[2], 1)
        self.seg_head1 = keras.layers.Conv1D(32, 1, activation="relu")
        self.seg_dropout = keras.layers.Dropout(0.3)
        self.seg_head2 = keras.layers.Conv1D(num_classes, 1)

    def call(self, points, training=None):
        num_points = tf.shape(points)[1]
        x = self.input_transform(points)
        local = x
        for conv, bn in zip(self.mlp1, self.bn1):
            x = tf.nn.relu(bn(conv(x), training=training))
            local = x
        x = tf.nn.relu(self.mlp2(x))
        global_feature = tf.reduce_max(x, axis=1)                       # (B, C)
        tiled = tf.tile(tf.expand_dims(global_feature, 1), [1, num_points, 1])
        x = tf.concat([local, tiled], axis=-1)
        x = self.seg_dropout(self.seg_head1(x), training=training)
        return tf.nn.softmax(self.seg_head2(x), axis=-1)


def get_init_inputs():
    return [4, (16, 32, 64)]


def get_inputs():
    rng = np.random.default_rng(44)
    return [rng.uniform(-1, 1, size=(2, 64, 3)).astype("float32")]
