"""One recorded run of a Linen model (corpus convention: `Model`, `get_init_inputs()`, `get_inputs()`).

`Model(*get_init_inputs()).init(...)` runs once on `get_inputs()` under `nn.intercept_methods`; every
module's first `__call__` is kept with where in the file the module was constructed (line, column
of the constructing call: a patched `Module.__post_init__`, clones inheriting their original's site),
its Linen name, the class of the module that holds it, the shapes of its call arguments and its
plain field values. Imports flax only when called (by the rewrite, where flax can be imported).
"""
from __future__ import annotations

import sys
import types
from dataclasses import dataclass, field

from nnport.frameworks.runtime_common import construction_site


@dataclass
class Made:
    """One Linen module instance as the run saw it."""
    path: tuple[str, ...]            # scope path from the top module ('block', 'Dense_0')
    cls: str
    name: str
    owner: str | None                # class of the module holding it
    owner_path: tuple[str, ...]
    site: tuple[int, int] | None     # (line, 0-based column) of its construction in the file
    shapes: list = field(default_factory=list)   # shape of each call argument (None: no array)
    values: dict = field(default_factory=dict)   # plain field values (numbers, strings, tuples)


@dataclass
class Record:
    made: list[Made]
    variables: dict                  # {collection: {path tuple: {name: shape}}}

    def at(self, owner: str, site: tuple[int, int]) -> dict[tuple, list[Made]]:
        """{owner instance path: [modules constructed at `site`, in call order]} (owner None: any)."""
        out: dict[tuple, list[Made]] = {}
        for m in self.made:
            if (owner is None or m.owner == owner) and m.site == site:
                out.setdefault(m.owner_path, []).append(m)
        return out

    def owned(self, owner: str) -> dict[tuple, list[Made]]:
        out: dict[tuple, list[Made]] = {}
        for m in self.made:
            if m.owner == owner:
                out.setdefault(m.owner_path, []).append(m)
        return out

    def instances(self, cls: str) -> list[Made]:
        return [m for m in self.made if m.cls == cls]

    def var_shapes(self, cls: str, name: str) -> set[tuple]:
        """Shapes of the variable `name` in every instance of `cls`."""
        paths = {m.path for m in self.instances(cls)}
        return {tuple(vs[name]) for col in self.variables.values() for p, vs in col.items()
                if p in paths and name in vs}


def record(code: str, filename: str, init_args=None, inputs=None) -> Record:
    """The run of `Model(*init_args)` on `inputs` (default: the file's get_init_inputs() / get_inputs())."""
    import jax
    import numpy as np
    from flax import linen as nn

    if filename.startswith("<"):   # "<string>" is also the file of the dataclass __init__s Linen generates
        filename = "<nnport: the Linen source>"
    module = load(code, filename)
    sites: dict[int, tuple | None] = {}
    keep: list = []                                        # ids stay unique while recording
    post_init, clone = nn.Module.__post_init__, nn.Module.clone

    def tracked_post_init(self, *a, **k):
        keep.append(self)
        sites.setdefault(id(self), construction_site(filename))
        return post_init(self, *a, **k)

    def tracked_clone(self, *a, **k):
        new = clone(self, *a, **k)
        keep.append(new)
        if id(self) in sites:
            sites[id(new)] = sites[id(self)]
        return new

    made: dict[tuple, Made] = {}

    def interceptor(next_fun, args, kwargs, context):
        mod = context.module
        if context.method_name == "__call__" and mod.scope is not None:
            path = tuple(mod.scope.path)
            if path not in made:
                parent = mod.parent if isinstance(mod.parent, nn.Module) else None
                made[path] = Made(path, type(mod).__name__, mod.name or "",
                                  None if parent is None else type(parent).__name__,
                                  path[:-1], sites.get(id(mod)),
                                  [_shape(a) for a in args], _values(mod))
        return next_fun(*args, **kwargs)

    nn.Module.__post_init__, nn.Module.clone = tracked_post_init, tracked_clone
    try:
        model = module.Model(*(module.get_init_inputs() if init_args is None else init_args))
        inputs = [jax.numpy.asarray(a) if isinstance(a, np.ndarray) else a
                  for a in (module.get_inputs() if inputs is None else inputs)]
        with nn.intercept_methods(interceptor):
            variables = model.init({"params": jax.random.key(0), "dropout": jax.random.key(1)}, *inputs)
    finally:
        nn.Module.__post_init__, nn.Module.clone = post_init, clone
    return Record(list(made.values()), _shapes(variables))


def load(code: str, filename: str, name: str = "_nnport_linen_source"):
    """The user's file run as a module (registered: Linen's dataclasses look their module up)."""
    module = types.ModuleType(name)
    module.__file__ = filename
    sys.modules[name] = module
    exec(compile(code, filename, "exec"), module.__dict__)   # noqa: S102 - the user's own model file
    return module


def _shape(a):
    return tuple(a.shape) if hasattr(a, "shape") else None


def _values(mod) -> dict:
    import dataclasses
    out = {}
    for f in dataclasses.fields(mod):
        if f.name in ("parent", "name"):
            continue
        v = getattr(mod, f.name, None)
        if _plain(v):
            out[f.name] = v
    return out


def _plain(v) -> bool:
    if isinstance(v, (bool, int, float, str)) or v is None:
        return True
    return isinstance(v, (tuple, list)) and all(_plain(x) for x in v)


def _shapes(variables) -> dict:
    out: dict = {}
    for col, tree in variables.items():
        flat: dict = {}
        _walk(tree, (), flat)
        out[col] = flat
    return out


def _walk(tree, path, flat):
    for k, v in tree.items():
        if hasattr(v, "items"):
            _walk(v, path + (k,), flat)
        else:
            flat.setdefault(path, {})[k] = tuple(getattr(v, "shape", ()))
