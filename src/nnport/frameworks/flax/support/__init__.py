"""Helper classes and functions copied verbatim into translated Flax code when a layer needs them.

Each file here is real, importable, tested code; the translator copies the named definitions into
the output file (translated code never imports nnport)."""
from __future__ import annotations

from pathlib import Path

from nnport.frameworks.helpers import Support

SUPPORT = Support(Path(__file__).parent)
helper = SUPPORT.helper
helper_class = SUPPORT.helper_class
