"""What can be tested of the entries without a numeric test (tests/excluded_entries.py)."""
import numpy as np
import pytest

import nnport
from excluded_entries import EXCLUDED, PROBES
from harness import check, expr_case, load, randn
from nnport import frameworks

pytestmark = pytest.mark.target("flax")   # the probes run Flax


def test_every_exclusion_is_a_table_entry_with_a_probe():
    src = frameworks.get("torch")
    tables = {e.api for e in (*src.layers, *src.functions)}
    assert sorted(set(EXCLUDED) - tables) == []
    assert sorted(PROBES) == sorted(EXCLUDED)
    assert all(reason.strip() for reason in EXCLUDED.values())


@pytest.mark.parametrize("api", [a for a, (_, message) in PROBES.items() if message])
def test_reported(api):
    expr, message = PROBES[api]
    case = expr if "\nclass Model" in expr else expr_case(expr)   # a whole file: a helper class's probe
    conv = nnport.convert(case, to="flax", source="torch")
    assert any(message in d.message for d in conv.issues), [d.message for d in conv.issues]


@pytest.mark.parametrize("api", [a for a, (_, message) in PROBES.items() if not message])
def test_dropped_and_value_kept(api):
    """The translation has no device calls left and returns what the source would on a GPU."""
    import jax.numpy as jnp
    import torch
    from flax import nnx
    src, x = expr_case(PROBES[api][0]), randn(2, 3)
    conv = nnport.convert(src, to="flax", source="torch")
    assert not conv.issues and api.rsplit(".", 1)[1] not in conv.code, conv.code
    got = load(conv.code).Model(rngs=nnx.Rngs(0))(jnp.asarray(x))
    np.testing.assert_allclose(np.asarray(got), 3 * x, rtol=1e-6)
    if torch.cuda.is_available():   # with a GPU build the whole comparison runs
        check(src, inputs=[x])
