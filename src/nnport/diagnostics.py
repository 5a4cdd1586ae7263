"""Diagnostics: everything the translator did not (fully) translate, with a location."""
from __future__ import annotations

from dataclasses import dataclass, asdict


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" | "warning" | "info"
    line: int
    col: int
    message: str
    api: str = ""
    filename: str = "<string>"

    def format(self) -> str:
        return f"{self.filename}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)
