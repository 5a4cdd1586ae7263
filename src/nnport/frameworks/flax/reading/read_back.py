"""Which Flax / JAX APIs the Flax writer can write (its tables' entries, as the support matrix reads
them: nnport.support.hooks, and its skeleton's idioms), and whether Flax as a source reads each back:
a reader entry, a container / parameter class of the source skeleton, the rngs plumbing prepare.py
removes, or a known gap below (with the reason). tests/test_flax_read_back.py fails on any other.
"""
from __future__ import annotations

import re

from nnport.frameworks.flax.reading.inverse import qualified

_DOTTED = re.compile(r"\b(?:nnx|jnp|lax|jax)(?:\.\w+)+")
# read by prepare.py (the rngs plumbing, the training flag) or by the source skeleton's idioms
PREPARED = ("flax.nnx.Rngs", "flax.nnx.Module", "flax.nnx.Param", "flax.nnx.BatchStat", "flax.nnx.Variable",
            "flax.nnx.data", "flax.nnx.iter_modules", "flax.nnx.iter_children")

KNOWN_GAPS = {
    # initializers: their values are dropped or read as array functions (flax/initializers.py, reinit.py)
    "jax.nn.initializers": "initializers: re-initialisations are dropped (transfer_weights copies the weights)",
    "jax.nn.initializers.orthogonal": "an initializer: its re-initialisation is dropped (reinit.py)",
    "jax.nn.initializers.variance_scaling": "an initializer: its re-initialisation is dropped (reinit.py)",
    "jax.nn.initializers.xavier_uniform": "an initializer: its re-initialisation is dropped (reinit.py)",
    # pieces of expressions the writer builds around another call (read where that call is)
    "jax.numpy.broadcast_shapes": "part of the shape the writer computes for normal(mean_tensor, std_tensor)",
    "jax.numpy.shape": "part of the shape the writer computes for normal(mean_tensor, std_tensor)",
    "jax.numpy.result_type": "part of torch.div(rounding_mode=...)'s dtype arithmetic",
    "jax.numpy.issubdtype": "part of is_floating_point's `jnp.issubdtype(x.dtype, jnp.floating)`",
    "jax.numpy.floating": "part of is_floating_point's `jnp.issubdtype(x.dtype, jnp.floating)`",
    "jax.numpy.int_": "part of one_hot's index cast",
    # not read yet
    "flax.nnx.InstanceNorm": "not read yet (nor the InstanceNorm support class the writer also writes)",
    "jax.lax.reduce_window": "lp_pool's window sum: a generic reduce_window is not read",
    "jax.lax.top_k": "written by a hook (topk's largest/sorted handling): not read yet",
    "jax.numpy.all": "written with a computed axis: not read yet",
    "jax.numpy.any": "written with a computed axis: not read yet",
    "jax.numpy.count_nonzero": "written with a computed axis: not read yet",
    "jax.numpy.array_equal": "written by a hook: not read yet",
    "jax.numpy.atleast_1d": "written for several tensors at once (*tensors): not read yet",
    "jax.numpy.atleast_2d": "written for several tensors at once (*tensors): not read yet",
    "jax.numpy.atleast_3d": "written for several tensors at once (*tensors): not read yet",
    "jax.numpy.broadcast_arrays": "written for several tensors at once (*tensors): not read yet",
    "jax.numpy.meshgrid": "written by a hook (indexing='ij' / 'xy'): not read yet",
    "jax.numpy.nanmean": "written with a computed axis: not read yet",
    "jax.numpy.nansum": "written with a computed axis: not read yet",
    "jax.numpy.pad": "written with pad widths computed from the input's rank: not read (pad_last_axes, a "
                     "support helper, is)",
    "jax.numpy.rot90": "written by a hook (k, axes): not read yet",
    "jax.numpy.sort": "written by a hook (values and indices): not read yet",
    "jax.random.permutation": "randperm: not read yet",
    "jax.scipy.linalg.block_diag": "written for several tensors at once (*tensors): not read yet",
}


def written_apis() -> dict[str, list[str]]:
    """{Flax / JAX API the Flax writer can write: the writer entries (or skeleton idioms) that write it}."""
    from nnport import frameworks
    from nnport.frameworks.flax import skeleton
    from nnport.support import hooks
    out: dict[str, list[str]] = {}

    def note(text: str, by: str) -> None:
        for found in _DOTTED.findall(text):
            out.setdefault(qualified(found), []).append(by)
    fw = frameworks.get("flax")
    for e in (*fw.layers, *fw.functions):
        facts = hooks.of_writer(e.emit)
        for text in (*facts.calls, *facts.templates):
            note(text, e.api)
    for name in ("MODULE_BASE", "PARAMETER", "BUFFER", "STOP_GRADIENT", "MOVE_AXIS", "GLOBAL_RNGS",
                 "INIT_EXTRA_PARAM", "CONTAINERS", "ITER_MODULES"):
        value = getattr(skeleton, name)
        for text in (value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else [value]):
            note(text, f"skeleton.{name}")
    return out


def read(api: str) -> bool:
    """Flax as a source reads `api`: a reader entry, a skeleton class, or prepare.py's rewriting."""
    from nnport.frameworks.flax import source_skeleton as sk
    from nnport.frameworks.flax.reading.tables import SOURCE
    return api in SOURCE.layers or api in SOURCE.functions or api in sk.CONTAINER_CLASSES or \
        api in PREPARED or api in sk.MODULE_BASES or api in sk.PARAMETER_CLASSES


def unread() -> dict[str, list[str]]:
    """What the writer writes that the reader neither reads nor lists as a known gap."""
    return {api: by for api, by in written_apis().items() if not read(api) and api not in KNOWN_GAPS}
