"""Layer input shapes for the Flax NNX -> PyTorch translation, from one recorded run of the source.

NNX layers name their input sizes, but not always their rank (BatchNorm1d or 2d?) or spatial size (a
strided 'SAME' convolution's padding). When the file follows the corpus convention (`Model`,
`get_init_inputs()`, `get_inputs()`) and flax can be imported, the model is built with
`rngs=nnx.Rngs(0)` and run once in eval mode; each table layer's calls are keyed by where in the file
it was constructed ((line, column) of the call), as mxnet/sizes.py keys Gluon blocks.
"""
from __future__ import annotations

import types
from collections import defaultdict

from nnport.frameworks.mxnet.sizes import _construction_site, _flat


def record(code: str, filename: str) -> dict[tuple[int, int], list[list[tuple | None]]]:
    """{(line, column) of a layer's construction: [input shapes of one call, ...]}."""
    import jax.numpy as jnp
    from flax import nnx
    from nnport.frameworks.flax.reading.tables import SOURCE
    from nnport.frameworks.runtime_common import resolve

    module = types.ModuleType("_nnport_flax_source")
    module.__file__ = filename
    exec(compile(code, filename, "exec"), module.__dict__)   # noqa: S102 - the user's own model file
    from nnport.frameworks.flax.own_helpers import PREFIX
    classes = {c for c in (resolve(e.api) if not e.api.startswith(PREFIX) else module.__dict__.get(e.api[len(PREFIX):])
                           for e in SOURCE.layers) if isinstance(c, type)}   # and the writer's own helper classes
    made: dict[int, tuple] = {}
    calls: dict = defaultdict(list)
    saved = {}
    for cls in classes:
        init, call = cls.__init__, cls.__call__
        saved[cls] = (init, call)

        def tracked(self, *args, _init=init, **kwargs):
            where = _construction_site(filename)   # before the base classes' (a helper class's super())
            if where is not None:
                made.setdefault(id(self), where)
            _init(self, *args, **kwargs)

        def recorded(self, *args, _call=call, **kwargs):
            where = made.get(id(self))
            if where is not None:
                calls[where].append([tuple(a.shape) if hasattr(a, "shape") else None for a in _flat(args)])
            return _call(self, *args, **kwargs)
        cls.__init__, cls.__call__ = tracked, recorded
    try:
        model = module.Model(*module.get_init_inputs(), rngs=nnx.Rngs(0))
        model.eval()
        model(*[jnp.asarray(a) if hasattr(a, "dtype") else a for a in module.get_inputs()])
    finally:
        for cls, (init, call) in saved.items():
            cls.__init__, cls.__call__ = init, call
    return dict(calls)
