"""Typed errors raised by nnport."""
from __future__ import annotations


class NnportError(Exception):
    """Base class of every error nnport raises on purpose."""


class SourceSyntaxError(NnportError):
    """The input is not valid Python; carries file:line:col."""

    def __init__(self, filename: str, line: int, col: int, message: str):
        self.filename, self.line, self.col, self.message = filename, line, col, message
        super().__init__(f"{filename}:{line}:{col}: syntax error: {message}")


class UnknownFramework(NnportError):
    """A framework name that nnport does not know, or a source it cannot detect."""


class WeightTransferError(NnportError):
    """A parameter could not be matched or has the wrong shape; names it."""


class UntranslatableSource(NnportError):
    """Valid or not, the input cannot be translated at all (too large, nested too deeply); carries
    file:line:col (1:1 when there is no better position)."""

    def __init__(self, filename: str, line: int, col: int, message: str):
        self.filename, self.line, self.col, self.message = filename, line, col, message
        super().__init__(f"{filename}:{line}:{col}: {message}")
