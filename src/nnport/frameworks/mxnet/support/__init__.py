"""Helper blocks and functions copied verbatim into translated Gluon code where Gluon has no API with
PyTorch's exact semantics (see nnport.frameworks.helpers). Each file here is real, importable, tested
code written against mxnet.gluon 1.9; HybridBlocks use `F` so that they hybridize."""
from __future__ import annotations

from pathlib import Path

from nnport.frameworks.helpers import Support

SUPPORT = Support(Path(__file__).parent)
helper = SUPPORT.helper
helper_class = SUPPORT.helper_class
