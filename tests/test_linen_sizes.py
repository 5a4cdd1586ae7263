"""sizes.record (frameworks/flax/linen/sizes.py): one run of a Linen model keeps, per module, its
construction site in the file, Linen name, holder, call shapes and plain field values."""
import textwrap

from nnport.frameworks.flax.linen import sizes

CODE = textwrap.dedent('''
    import numpy as np
    from flax import linen as nn


    class Model(nn.Module):
        @nn.compact
        def __call__(self, x):
            for _ in range(2):
                x = nn.Dense(3)(x)
            return nn.Dense(4, name="fc")(x)


    def get_init_inputs():
        return []


    def get_inputs():
        return [np.ones((2, 5), "float32")]
''')


def test_sites_names_and_shapes():
    rec = sizes.record(CODE, "<sizes-test>")
    by_name = {m.name: m for m in rec.made if m.owner == "Model"}
    assert by_name["fc"].site == (11, 15) and by_name["fc"].shapes == [(2, 3)]
    assert by_name["Dense_0"].site == by_name["Dense_1"].site == (10, 16)
    assert [m.shapes[0] for m in rec.at("Model", (10, 16))[()]] == [(2, 5), (2, 3)]
    assert by_name["fc"].values["features"] == 4
    assert rec.variables["params"][("fc",)]["kernel"] == (3, 4)
