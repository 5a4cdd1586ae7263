"""The Linen -> NNX layer table (frameworks/flax/linen/layers.py) checked against the real APIs: the
Linen positional order, the NNX parameters each entry names, the functions NNX shares."""
import inspect

import pytest

from nnport.frameworks.flax.linen.layers import FUNCTIONS, LAYERS


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_entry_matches_both_apis(name):
    from flax import linen as nn
    from flax import nnx
    entry = LAYERS[name]
    linen = [p for p in inspect.signature(getattr(nn, name)).parameters if p not in ("parent", "name")]
    assert linen[:len(entry.fields)] == list(entry.fields)
    nnx_params = inspect.signature(getattr(nnx, entry.nnx).__init__).parameters
    positional = [p for p, v in nnx_params.items() if v.kind == v.POSITIONAL_OR_KEYWORD][1:]
    if entry.size_at is not None:
        assert positional[entry.size_at] == entry.size_name
    wanted = {entry.renames.get(f, f) for f in entry.fields} - set(entry.flags) - {"layers", "cell"}
    assert wanted <= set(nnx_params), wanted - set(nnx_params)
    assert {k for k, _ in entry.extra} <= set(nnx_params)
    assert "rngs" in nnx_params or not entry.rngs


def test_shared_functions_exist_in_nnx():
    from flax import linen as nn
    from flax import nnx
    for f in FUNCTIONS:
        assert hasattr(nnx, f) and hasattr(nn, f), f
