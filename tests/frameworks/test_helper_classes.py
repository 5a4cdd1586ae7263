"""The helper classes translations into PyTorch write (torch/helper_classes.py: KerasBatchNormNd and its
Gluon/Flax names, their Lazy forms, GluonGroupNorm), read back by the PyTorch reader as their table
layer with a flag: the hub's second hop (Keras / Gluon / Flax -> PyTorch -> this target). Each case
runs the PyTorch text with the helper (real PyTorch, computing the source framework's statistics) and
its translation on the same weights, in eval mode and in one training forward, outputs and running
statistics compared (harness.check; for Flax also the round trip to PyTorch). Run for Flax here, for
Keras under tests/frameworks_keras, for Gluon under tests/frameworks_mxnet."""
import pytest

import harness
import nnport
from harness import check, layer_case, randn
from nnport.frameworks.torch.helper_classes import by_pattern

BN, LAZY, GN = (by_pattern(p) for p in ("{prefix}BatchNorm{n}d", "{prefix}LazyBatchNorm{n}d", "{prefix}GroupNorm"))


def _case(ctor: str, *helpers: str) -> str:
    return layer_case(ctor, prelude="\n\n".join(helpers).replace("\n", "\n        "))


@pytest.mark.parametrize("n,shape", [("1", (6, 4)), ("1", (5, 4, 3)), ("2", (4, 4, 5, 3)), ("3", (3, 4, 2, 3, 2))],
                         ids=["1d", "1d-seq", "2d", "3d"])
@pytest.mark.parametrize("prefix", ["Keras", "Gluon"])
def test_batch_norm_helper(prefix, n, shape):
    """Momentum and eps as the helper was built; the training forward updates the running variance
    with the biased batch variance (the target's own batch norm: nn.BatchNormNd would differ)."""
    src = _case(f"{prefix}BatchNorm{n}d(4, eps=0.001, momentum=0.3)", BN.text(prefix, n))
    conv = harness.translate(src)
    assert f"{prefix}BatchNorm" not in conv.code and "nn.BatchNorm" not in conv.code.replace(
        "nn.BatchNorm(", ""), conv.code
    check(src, inputs=[randn(*shape)], train=True)


def test_batch_norm_helper_without_affine():
    check(_case("FlaxBatchNorm2d(4, affine=False, momentum=0.5)", BN.text("Flax", "2")), inputs=[randn(2, 4, 3, 3)],
          train=True)


@pytest.mark.parametrize("n,shape", [("1", (5, 3)), ("2", (2, 3, 4, 4)), ("3", (2, 3, 2, 2, 3))], ids=["1d", "2d", "3d"])
def test_lazy_batch_norm_helper(n, shape):
    """The Lazy helper (the Keras -> PyTorch translation where no recorded run gave the size): a target
    without lazy layers refuses it, with the reason."""
    src = _case("KerasLazyBatchNorm%sd(momentum=0.2)" % n, BN.text("Keras", n), LAZY.text("Keras", n))
    conv = nnport.convert(src, to=harness.target(), source="torch")
    if harness.target() in ("keras", "mxnet"):   # layers sized by their first call too (in_channels=0)
        check(src, inputs=[randn(*shape)], train=True)
    else:
        assert any("lazy module" in d.message for d in conv.issues), conv.code


def test_group_norm_helper():
    """One scale and shift per group: Gluon's own nn.GroupNorm; Keras' and Flax's have them per channel,
    which the translation reports instead of computing something else."""
    src = _case("GluonGroupNorm(2, 6, eps=0.001)", GN.text("Gluon"))
    if harness.target() == "mxnet":
        check(src, inputs=[randn(3, 6, 4, 2)], train=True)
        return
    conv = nnport.convert(src, to=harness.target(), source="torch")
    assert any("per group" in d.message for d in conv.issues), [d.message for d in conv.diagnostics]
    if harness.target() == "flax":   # the round trip to PyTorch writes the helper again
        import round_trip
        round_trip.check(src, inputs=[randn(3, 6, 4, 2)], train=True)


def test_a_changed_helper_is_a_class_of_the_file():
    """Recognised by its definition: a class of the same name computing something else is not the
    helper (it stays the file's own class, constructed as such)."""
    text = BN.text("Keras", "2").replace("unbiased=False", "unbiased=True")
    conv = nnport.convert(_case("KerasBatchNorm2d(4)", text), to=harness.target(), source="torch")
    assert "class KerasBatchNorm2d" in conv.code and "= KerasBatchNorm2d(4)" in conv.code, conv.code
