"""Helper classes and functions copied verbatim into translated Keras code where no Keras API has
PyTorch's exact semantics (see nnport.frameworks.helpers). Each file here is real, importable, tested
code that uses keras.layers / keras.ops only."""
from __future__ import annotations

from pathlib import Path

from nnport.frameworks.helpers import Support

SUPPORT = Support(Path(__file__).parent)
helper = SUPPORT.helper
helper_class = SUPPORT.helper_class
