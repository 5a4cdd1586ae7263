"""Layer input sizes for the Gluon -> PyTorch translation, from one recorded run of the source.

A Gluon layer may defer its input size to its first call (`nn.Dense(64)`: in_units=0); a PyTorch
layer needs it in its constructor. When the file follows the corpus convention (`Model`,
`get_init_inputs()`, `get_inputs()`) and mxnet can be imported, the model is built, initialised and
run once in inference mode; every block's call is keyed by where the block was constructed: the
class whose `__init__` assigned it and the path inside that class (`("Model", "fc1")`,
`("Model", "body.0")` for the first block of a Sequential), as keras/sizes.py keys Keras layers.
Parameters made by `self.params.get` with a deferred shape are keyed the same way (their shape).
"""
from __future__ import annotations

import types
from collections import defaultdict

from nnport.frameworks.runtime_common import construction_site as _construction_site


def record(code: str, filename: str):
    """({(class, path): [input shapes of one call, ...]}, {(class, attribute): parameter shape where
    every instance agrees},
    {(line, column) of a block's construction in the file: [input shapes of one call, ...]})."""
    import mxnet as mx
    from mxnet import autograd, gluon, nd
    from nnport.frameworks.mxnet import runtime as rt

    module = types.ModuleType("_nnport_gluon_source")
    module.__file__ = filename
    exec(compile(code, filename, "exec"), module.__dict__)   # noqa: S102 - the user's own model file
    mx.random.seed(0)
    made: dict[int, tuple] = {}
    init = gluon.Block.__init__

    def tracked(self, *args, **kwargs):   # where in the file each block is constructed
        init(self, *args, **kwargs)
        where = _construction_site(filename)
        if where is not None:
            made.setdefault(id(self), where)

    gluon.Block.__init__ = tracked
    try:
        model = module.Model(*module.get_init_inputs())
    finally:
        gluon.Block.__init__ = init
    model.initialize()
    own = {v for v in vars(module).values() if isinstance(v, type)}
    calls: list[tuple[tuple, list]] = []
    handles = []
    for path, block in rt.modules(model):
        def hook(blk, args, _path=path):
            calls.append((_path, [tuple(a.shape) if hasattr(a, "shape") else None for a in _flat(args)]))
        handles.append(block.register_forward_pre_hook(hook))
    try:
        inputs = [nd.array(a, dtype=a.dtype) if hasattr(a, "dtype") else a for a in module.get_inputs()]
        with autograd.predict_mode():
            model(*inputs)
    finally:
        for h in handles:
            h.detach()
    sizes: dict = defaultdict(list)
    for path, shapes in calls:
        for key in _keys(model, path, own):
            sizes[key].append(shapes)
        blk = rt.find(model, path)
        if type(blk) in own:
            sizes[(type(blk).__name__, "")].append(shapes)
    params = {}
    by_site: dict = defaultdict(list)
    for path, shapes in calls:
        where = made.get(id(rt.find(model, path)))
        if where is not None:
            by_site[where].append(shapes)
    for path, block in rt.modules(model):
        if type(block) in own:
            for name, p in block._reg_params.items():
                params.setdefault((type(block).__name__, name), set()).add(tuple(p.shape))
    agreed = {k: v.pop() for k, v in params.items() if len(v) == 1}   # every instance's shape the same
    return dict(sizes), agreed, dict(by_site)


def _flat(args):
    out = []
    for a in args:
        if isinstance(a, (list, tuple)):
            out.extend(_flat(a))
        else:
            out.append(a)
    return out


def _keys(model, path: tuple, own: set) -> list[tuple[str, str]]:
    """(owner class, path inside it) for the block at `path`: the innermost user class holds it."""
    if not path:
        return []
    obj, owner, rel = model, type(model).__name__, []
    for i, seg in enumerate(path):
        obj = obj._children.get(seg)
        if obj is None:
            return []
        rel.append(seg)
        if i < len(path) - 1 and type(obj) in own:
            owner, rel = type(obj).__name__, []
    return [(owner, ".".join(rel))]
