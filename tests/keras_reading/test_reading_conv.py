"""Readers of convolutions, pooling, padding, cropping and upsampling (reading/conv.py, pool.py):
numerically equal to Keras, and "same" padding written the way PyTorch code writes it."""
import pytest
from keras import layers

from keras_reading.layer_check import check

CASES = [
    ("conv1d_causal_dilated", lambda: layers.Conv1D(4, 3, padding="causal", dilation_rate=2), (2, 11, 3)),
    ("conv1d_same_stride2", lambda: layers.Conv1D(4, 4, strides=2, padding="same"), (2, 10, 3)),
    ("conv2d_same_stride1_even", lambda: layers.Conv2D(4, 2, padding="same", activation="relu"), (2, 6, 7, 3)),
    ("conv2d_same_stride2_odd", lambda: layers.Conv2D(4, 3, strides=2, padding="same"), (2, 8, 9, 3)),
    ("conv2d_same_stride2_sym", lambda: layers.Conv2D(4, 3, strides=2, padding="same"), (2, 7, 7, 3)),
    ("conv2d_groups_nobias", lambda: layers.Conv2D(4, 3, groups=2, use_bias=False), (2, 6, 6, 4)),
    # 5 filters: with as many filters as columns, Keras 3.15 on TF adds the bias along the columns
    ("conv2d_channels_first", lambda: layers.Conv2D(5, 3, data_format="channels_first"), (2, 3, 6, 6)),
    ("conv3d", lambda: layers.Conv3D(2, (2, 3, 3), strides=(1, 2, 1)), (1, 4, 6, 6, 2)),
    ("conv2d_transpose_same_k3", lambda: layers.Conv2DTranspose(3, 3, strides=2, padding="same"), (2, 4, 5, 2)),
    ("conv2d_transpose_same_k4", lambda: layers.Conv2DTranspose(3, 4, strides=2, padding="same"), (2, 4, 5, 2)),
    ("conv2d_transpose_valid", lambda: layers.Conv2DTranspose(3, 3, strides=2), (2, 4, 5, 2)),
    ("conv1d_transpose_outpad", lambda: layers.Conv1DTranspose(3, 3, strides=2, output_padding=1), (2, 5, 2)),
    ("depthwise_mult2_same", lambda: layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same"), (2, 5, 5, 3)),
    ("separable_same_s2", lambda: layers.SeparableConv2D(5, 3, strides=2, padding="same", depth_multiplier=2),
     (2, 8, 8, 3)),
    ("maxpool_same_asym", lambda: layers.MaxPooling2D(3, strides=2, padding="same"), (2, 8, 7, 3)),
    ("maxpool_same_sym", lambda: layers.MaxPooling2D(3, strides=1, padding="same"), (2, 5, 5, 3)),
    ("avgpool_same_asym", lambda: layers.AveragePooling2D(2, padding="same"), (2, 5, 5, 3)),
    ("avgpool_same_sym", lambda: layers.AveragePooling2D(3, strides=1, padding="same"), (2, 5, 5, 3)),
    ("avgpool1d", lambda: layers.AveragePooling1D(2), (2, 7, 3)),
    ("maxpool3d", lambda: layers.MaxPooling3D(2), (1, 4, 4, 4, 2)),
    ("global_max_keepdims", lambda: layers.GlobalMaxPooling2D(keepdims=True), (2, 4, 5, 3)),
    ("global_avg_1d", lambda: layers.GlobalAveragePooling1D(), (2, 6, 3)),
    ("global_avg_cf", lambda: layers.GlobalAveragePooling2D(data_format="channels_first"), (2, 3, 4, 5)),
    ("zero_padding_asym", lambda: layers.ZeroPadding2D(((1, 2), (0, 3))), (2, 4, 4, 3)),
    ("cropping2d", lambda: layers.Cropping2D(((1, 0), (2, 1))), (2, 6, 6, 3)),
    ("cropping1d", lambda: layers.Cropping1D((1, 2)), (2, 6, 3)),
    ("upsampling1d", lambda: layers.UpSampling1D(3), (2, 4, 3)),
    ("upsampling2d_bilinear", lambda: layers.UpSampling2D((2, 3), interpolation="bilinear"), (2, 3, 4, 2)),
    ("resizing_bilinear_down", lambda: layers.Resizing(3, 5), (2, 7, 8, 2)),
    ("resizing_nearest_up", lambda: layers.Resizing(9, 5, interpolation="nearest"), (2, 4, 3, 2)),
    ("center_crop", lambda: layers.CenterCrop(3, 4), (2, 6, 7, 2)),
    ("upsampling3d", lambda: layers.UpSampling3D(2), (1, 2, 3, 2, 2)),
]


@pytest.mark.parametrize("make, shape", [pytest.param(m, s, id=i) for i, m, s in CASES])
def test_reader(make, shape):
    check(make, shape)


def test_asymmetric_same_padding_is_an_explicit_pad():
    text, _ = check(lambda: layers.Conv2D(4, 3, strides=2, padding="same"), (2, 8, 9, 3))
    assert "F.pad(" in text and "nn.Conv2d(3, 4, 3, stride=2)" in text


def test_symmetric_same_padding_is_the_layers_padding():
    text, _ = check(lambda: layers.Conv2D(4, 3, strides=2, padding="same"), (2, 7, 7, 3))
    assert "F.pad(" not in text and "nn.Conv2d(3, 4, 3, stride=2, padding=1)" in text
    text, _ = check(lambda: layers.Conv2D(4, 3, padding="same"), (2, 7, 7, 3))
    assert "nn.Conv2d(3, 4, 3, padding=1)" in text


def test_channels_first_layers_chain_permutes_only_at_the_ends():
    import keras

    def block():
        return keras.Sequential([layers.Conv2D(4, 3, padding="same"), layers.BatchNormalization(),
                                 layers.ReLU(), layers.MaxPooling2D(), layers.Conv2D(4, 1)])
    text, _ = check(block, (2, 6, 6, 3))
    assert text.count(".permute(") == 2, text
