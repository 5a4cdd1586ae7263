"""The verifier: `nnport.verify(source, to=... | target=..., ...)` -> VerifyResult.

This package is itself callable (nnport.verify(...)), so that importing its submodules (which
sets the attribute `nnport.verify` to the package) never hides the function. Importing it loads
no framework; each side of a run imports its own (see oracle.py and side.py).
"""
from __future__ import annotations

import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, source, **kwargs):
        from nnport.verify.oracle import verify
        return verify(source, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
