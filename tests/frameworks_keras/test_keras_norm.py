"""support/norm.py (helpers copied into Keras translations), numerically against PyTorch: BatchNorm and
InstanceNorm in inference and one training step (outputs and running statistics afterwards)."""
import pytest

from harness import check, layer_case, randn


@pytest.mark.parametrize("ctor, shape", [
    ("nn.BatchNorm2d(3)", (4, 3, 5, 5)),
    ("nn.BatchNorm2d(3, momentum=0.3, eps=1e-3)", (4, 3, 5, 5)),
    ("nn.BatchNorm1d(6)", (5, 6)),
    ("nn.BatchNorm3d(2, affine=False)", (3, 2, 3, 4, 5)),
    ("nn.BatchNorm2d(3, track_running_stats=False)", (4, 3, 5, 5)),
    ("nn.InstanceNorm2d(3, affine=True, track_running_stats=True)", (2, 3, 5, 5)),
    ("nn.InstanceNorm1d(3, momentum=0.3, track_running_stats=True)", (4, 3, 6)),
])
def test_norm_train_and_eval(ctor, shape):
    check(layer_case(ctor), inputs=[randn(*shape) * 2 + 0.5], train=True, to="keras")


@pytest.mark.parametrize("ctor, shape", [
    ("nn.RMSNorm(4, elementwise_affine=False)", (3, 5, 4)),             # PyTorch's eps: float32's
    ("nn.RMSNorm((3, 4), eps=1e-2, elementwise_affine=False)", (2, 3, 4)),
])
def test_rms_norm_without_weight(ctor, shape):
    """layers.RMSNormalization always scales: support/norm.py's rms_norm in a layers.Lambda."""
    check(layer_case(ctor), inputs=[randn(*shape)], to="keras")
