"""The comparison itself must be able to fail: a perturbed weight or a wrong layout is caught."""
import numpy as np
import pytest

from harness import build, compare, layer_case, randn


def test_compare_catches_small_differences():
    a = np.ones((2, 3), np.float32)
    compare(a, a + 1e-7, 1e-5)
    with pytest.raises(AssertionError, match="max abs error"):
        compare(a, a + 1e-3, 1e-5)
    with pytest.raises(AssertionError, match="shape"):
        compare(a, a.T, 1e-5)


def test_perturbed_weight_is_caught():
    import jax.numpy as jnp
    import torch
    tm, fm, _ = build(layer_case("nn.Conv2d(3, 4, 3, padding=1)"))
    x = randn(2, 3, 6, 6)
    with torch.no_grad():
        ref = tm(torch.from_numpy(x))
    compare(ref, fm(jnp.asarray(x)), 1e-5)
    fm.layer.kernel[...] = fm.layer.kernel[...] * 1.001
    with pytest.raises(AssertionError):
        compare(ref, fm(jnp.asarray(x)), 1e-5)
