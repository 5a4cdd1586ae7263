"""CPython's cyclic garbage collector held off while one file is translated.

A translation allocates hundreds of thousands of short-lived LibCST nodes while the whole parsed
tree is alive; each generation-2 collection then traverses every live object, and these collections
took 15-20 % of nnport.convert's time on the transformers sample (benchmarks/bench_project.py).
Reference counting still frees everything acyclic at once; the few cycles wait for the first
collection after the translation. The collector's previous state is restored on the way out,
exceptions included, and a caller that disabled it itself keeps it disabled.
"""
from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def paused():
    """Within the block the collector is off; afterwards it is as it was before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
