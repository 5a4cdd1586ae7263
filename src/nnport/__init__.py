"""nnport: port deep-learning model code between PyTorch, Keras 3, Flax NNX and MXNet Gluon.

Public API (see DESIGN.md):
    convert(code, *, to, source=None, filename="<string>", via_pivot=False, known_modules=()) -> Conversion
    transfer_weights(src_model, dst_model, *, example_inputs=None)
    verify(source, *, to=None, target=None, ...) -> VerifyResult (.verdict, .exit_code)
Converting imports no deep-learning framework.
"""
from __future__ import annotations

from nnport.errors import NnportError, SourceSyntaxError, UnknownFramework, WeightTransferError

__all__ = ["convert", "transfer_weights", "verify", "Conversion", "Diagnostic", "NnportError",
           "SourceSyntaxError", "UnknownFramework", "WeightTransferError"]
__version__ = "0.1.0"


def convert(code: str, *, to: str, source: str | None = None, filename: str = "<string>",
            via_pivot: bool = False, known_modules=()):
    """Translate `code` to framework `to`; returns a Conversion(code, diagnostics).
    `via_pivot=True` translates through the tables even when source and target are the same
    framework (a round trip: torch -> pivot -> torch); else such code comes back unchanged.
    `known_modules`: names of module classes this file imports from the rest of its project
    (`nnport convert DIR` finds them), constructed like the file's own classes."""
    from nnport.translate.engine import convert as _convert
    return _convert(code, to=to, source=source, filename=filename, via_pivot=via_pivot,
                    known_modules=known_modules)


def transfer_weights(src_model, dst_model, *, example_inputs=None):
    """Copy every weight of `src_model` into `dst_model` in place; raises on any mismatch."""
    from nnport.weights.transfer import transfer_weights as _transfer
    return _transfer(src_model, dst_model, example_inputs=example_inputs)


def __getattr__(name):
    if name == "verify":   # a callable package: nnport.verify(...) runs the oracle (verify/oracle.py)
        import importlib
        return importlib.import_module("nnport.verify")
    if name == "Diagnostic":   # lazily: dataclasses (and inspect) would double the CLI's start-up
        from nnport.diagnostics import Diagnostic
        return Diagnostic
    if name == "Conversion":
        from nnport.translate.engine import Conversion
        return Conversion
    raise AttributeError(name)
