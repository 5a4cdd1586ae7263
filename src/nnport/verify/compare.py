"""Compare a reference tree (the source's outputs) with a candidate (the target's), leaf by leaf.

A float leaf passes when max|ref - got| <= atol + rtol * scale, scale = max(floor, max|ref|) (the
harness rule: 1e-5 of the output's scale by default). Integers and bools must be equal, NaNs and
infinities must sit at the same places. Structure, shape and dtype kind are checked first.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from nnport.verify.tree import is_array, leaves

MATCH, MISMATCH, NOT_COMPARABLE, ERROR = "match", "mismatch", "not comparable", "error"


@dataclass(frozen=True)
class Tolerance:
    atol: float = 0.0
    rtol: float = 1e-5
    floor: float = 1e-3       # scale floor: outputs near zero are judged on this scale

    def limit(self, scale: float) -> float:
        return self.atol + self.rtol * scale

    def __str__(self) -> str:
        return f"|a-b| <= {self.atol:g} + {self.rtol:g} x max({self.floor:g}, max|a|)"


@dataclass
class Check:
    name: str                 # e.g. "eval output[0]", "train state bn1.mean", "grad fc.kernel"
    status: str
    max_abs: float | None = None
    max_rel: float | None = None   # max_abs / scale
    limit: float | None = None     # the absolute error allowed
    shape: tuple | None = None
    message: str = ""
    trial: int = 0
    module: str | None = None      # the source module a state or gradient check belongs to

    @property
    def compared(self) -> bool:
        return self.status in (MATCH, MISMATCH)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["shape"] = list(self.shape) if self.shape is not None else None
        return d


def _kind(a: np.ndarray) -> str:
    k = a.dtype.kind
    return "int" if k in "iu" else {"f": "float", "b": "bool", "c": "complex"}.get(k, k)


def compare_arrays(name: str, ref, got, tol: Tolerance, floor: float | None = None) -> Check:
    if not is_array(got):
        if is_array(ref):
            return Check(name, MISMATCH, message=f"expected an array, got {type(got).__name__}")
        ok = ref == got
        return Check(name, MATCH if ok else MISMATCH, 0.0 if ok else None, 0.0 if ok else None,
                     message="" if ok else f"{ref!r} vs {got!r}")
    ref, got = np.asarray(ref), np.asarray(got)
    if not is_array(ref) or ref.shape != got.shape:
        return Check(name, MISMATCH, shape=tuple(np.shape(ref)),
                     message=f"shape {tuple(np.shape(ref))} vs {tuple(got.shape)}")
    if _kind(ref) != _kind(got):
        return Check(name, MISMATCH, shape=ref.shape, message=f"dtype {ref.dtype} vs {got.dtype}")
    if ref.size == 0:
        return Check(name, MATCH, 0.0, 0.0, 0.0, ref.shape)
    if _kind(ref) in ("int", "bool"):
        diff = np.abs(ref.astype(np.float64) - got.astype(np.float64))
        err = float(diff.max())
        return Check(name, MATCH if err == 0 else MISMATCH, err, err, 0.0, ref.shape,
                     "" if err == 0 else f"{int((diff > 0).sum())} of {ref.size} values differ")
    a, b = ref.astype(np.float64), got.astype(np.float64)
    finite = np.isfinite(a)
    if not np.array_equal(finite, np.isfinite(b)) or not np.array_equal(a[~finite], b[~finite], equal_nan=True):
        return Check(name, MISMATCH, shape=ref.shape, message="NaN/inf at different places")
    scale = max(tol.floor if floor is None else floor, float(np.abs(a[finite]).max(initial=0.0)))
    err = float(np.abs(a[finite] - b[finite]).max(initial=0.0))
    limit = tol.limit(scale)
    return Check(name, MATCH if err <= limit else MISMATCH, err, err / scale, limit, ref.shape)


def compare_trees(name: str, ref, got, tol: Tolerance, *, skip: set[str] = frozenset(),
                  floor: float | None = None) -> list[Check]:
    """One Check per leaf of ref; leaves whose path is in `skip` are "not comparable"."""
    r, g = leaves(ref), leaves(got)
    rp, gp = [p for p, _ in r], [p for p, _ in g]
    if rp != gp:
        return [Check(name, MISMATCH, message=f"structure differs: {_paths(rp)} vs {_paths(gp)}")]
    out = []
    for (path, a), (_, b) in zip(r, g):
        if path in skip:
            out.append(Check(name + path, NOT_COMPARABLE,
                             message="depends on random numbers (changes with the seed)"))
        else:
            out.append(compare_arrays(name + path, a, b, tol, floor))
    return out


def _paths(paths: list[str]) -> str:
    shown = ", ".join(p or "<value>" for p in paths[:6])
    return f"{len(paths)} leaves ({shown}{', ...' if len(paths) > 6 else ''})"


def changed_leaves(a, b) -> set[str]:
    """Leaf paths whose values differ between two runs (randomness detection)."""
    la, lb = dict(leaves(a)), dict(leaves(b))
    out = set()
    for path, x in la.items():
        y = lb.get(path)
        if is_array(x) and is_array(y):
            if np.shape(x) != np.shape(y) or not np.array_equal(x, y, equal_nan=True):
                out.add(path)
        elif x != y:
            out.add(path)
    return out
