"""Keras -> PyTorch weight conversions (reading/weights.py) and the transfer (reading/transfer.py)."""
import numpy as np
import pytest

from nnport.frameworks.keras.reading import weights as W


def test_conv_kernel_hwio_to_oihw():
    k = np.arange(3 * 2 * 4 * 5, dtype=np.float32).reshape(3, 2, 4, 5)   # (kh, kw, in, out)
    t = W.conv_kernel(k)
    assert t.shape == (5, 4, 3, 2)
    assert t[1, 2, 0, 1] == k[0, 1, 2, 1]


def test_depthwise_kernel_output_channel_is_c_times_m_plus_j():
    k = np.arange(3 * 3 * 4 * 2, dtype=np.float32).reshape(3, 3, 4, 2)   # (kh, kw, in, multiplier)
    t = W.depthwise_kernel(k)
    assert t.shape == (8, 1, 3, 3)
    for c in range(4):
        for j in range(2):
            np.testing.assert_array_equal(t[c * 2 + j, 0], k[:, :, c, j])


def test_gru_gates_z_r_h_to_r_z_n():
    z, r, h = (np.full((2, 3), v, np.float32) for v in (1, 2, 3))
    out = W._gates(np.concatenate([z, r, h], axis=-1), (1, 0, 2))
    np.testing.assert_array_equal(out, np.concatenate([r, z, h], axis=-1))


def _lstm_pair():
    import keras
    import torch
    keras.utils.set_random_seed(0)
    x = keras.Input((5, 3))
    model = keras.Model(x, keras.layers.LSTM(4, name="lstm")(x))

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = torch.nn.LSTM(3, 4, batch_first=True)

        def forward(self, x):
            return self.lstm(x)[1][0][0]
    return model, Net()


def test_lstm_gates_and_biases():
    """Keras i, f, c, o are PyTorch's i, f, g, o; one Keras bias: PyTorch's recurrent bias is zero."""
    import torch
    import nnport
    model, net = _lstm_pair()
    cell = model.get_layer("lstm").cell
    cell.bias.assign(np.random.default_rng(0).normal(size=cell.bias.shape).astype("float32"))
    nnport.transfer_weights(model, net)
    np.testing.assert_array_equal(net.lstm.weight_ih_l0.detach().numpy(), cell.kernel.numpy().T)
    np.testing.assert_array_equal(net.lstm.bias_hh_l0.detach().numpy(), 0)
    x = np.random.default_rng(1).normal(size=(2, 5, 3)).astype("float32")
    with torch.no_grad():
        got = net(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(got, np.asarray(model(x)), atol=1e-6)


def test_transfer_refuses_a_target_weight_it_cannot_write():
    import torch
    import nnport
    from nnport.errors import WeightTransferError
    model, net = _lstm_pair()
    net.extra = torch.nn.Parameter(torch.zeros(3))
    with pytest.raises(WeightTransferError, match="extra"):
        nnport.transfer_weights(model, net)


def test_transfer_refuses_a_shape_mismatch():
    import torch
    import nnport
    from nnport.errors import WeightTransferError
    model, net = _lstm_pair()
    net.lstm = torch.nn.LSTM(3, 5, batch_first=True)
    with pytest.raises(WeightTransferError, match="does not fit"):
        nnport.transfer_weights(model, net)
