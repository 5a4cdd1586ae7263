"""The outcome of a verification: verdict, every check, the per-layer table, the defect's place.

Verdict rules (the "honesty" part): "equivalent" needs at least one compared value and no
mismatch; a mismatch (or a target that fails where the source runs) is "not equivalent"; a side
that could not run, or nothing compared (every output random, or none), is "error".
"""
from __future__ import annotations

from dataclasses import dataclass, field

from nnport.verify.compare import ERROR, MISMATCH, Check, Tolerance

EQUIVALENT, NOT_EQUIVALENT, VERIFY_ERROR = "equivalent", "not equivalent", "error"
EXIT_CODES = {EQUIVALENT: 0, NOT_EQUIVALENT: 1, VERIFY_ERROR: 2}


@dataclass
class Location:
    """The innermost differing module: source path, classes, how it was found, source lines."""
    path: str
    cls: str
    found_by: str                  # "layer outputs" | "train state" | "train grad"
    max_abs: float | None = None
    max_rel: float | None = None
    layout: str = ""
    source_line: int | None = None     # where the module is constructed (self.x = ...)
    source_text: str = ""
    class_line: int | None = None      # its class definition, when the class is the user's
    forward_line: int | None = None    # its forward, when the class is the user's
    target_line: int | None = None
    target_text: str = ""
    target_forward_line: int | None = None
    others: list[str] = field(default_factory=list)   # further innermost differing modules


@dataclass
class VerifyResult:
    verdict: str
    tolerance: Tolerance
    source: dict = field(default_factory=dict)     # file, class, framework, init, inputs
    target: dict = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    layers: dict[str, list] = field(default_factory=dict)   # mode -> [LayerCheck dict]
    location: Location | None = None
    notes: list[str] = field(default_factory=list)          # what was assumed
    error: str | None = None
    seconds: float = 0.0
    trials: int = 1

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    @property
    def compared(self) -> list[Check]:
        return [c for c in self.checks if c.compared]

    @property
    def max_abs(self) -> float | None:
        vals = [c.max_abs for c in self.compared if c.max_abs is not None]
        return max(vals) if vals else None

    @property
    def max_rel(self) -> float | None:
        vals = [c.max_rel for c in self.compared if c.max_rel is not None]
        return max(vals) if vals else None

    def __bool__(self) -> bool:
        return self.verdict == EQUIVALENT

    def to_dict(self) -> dict:
        from dataclasses import asdict
        return {"verdict": self.verdict, "exit_code": self.exit_code, "error": self.error,
                "tolerance": asdict(self.tolerance), "max_abs": self.max_abs, "max_rel": self.max_rel,
                "compared": len(self.compared), "source": self.source, "target": self.target,
                "notes": self.notes, "trials": self.trials, "seconds": round(self.seconds, 3),
                "checks": [c.to_dict() for c in self.checks], "layers": self.layers,
                "location": asdict(self.location) if self.location else None}


def decide(checks: list[Check], error: str | None) -> tuple[str, str | None]:
    if error:
        return VERIFY_ERROR, error
    if any(c.status in (MISMATCH, ERROR) for c in checks):
        return NOT_EQUIVALENT, None
    if not any(c.compared for c in checks):
        why = "nothing was compared"
        if checks:
            why += " (every output is " + ", ".join(sorted({c.status for c in checks})) + ")"
        return VERIFY_ERROR, why
    return EQUIVALENT, None
