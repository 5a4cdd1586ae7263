"""A small PyTorch package for the project tests: relative imports, a notebook, data, a file without models."""
from __future__ import annotations

import json
from pathlib import Path

LAYERS = '''\
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc = nn.Linear(d, d)
        self.norm = nn.LayerNorm(d)

    def forward(self, x):
        return F.gelu(self.norm(self.fc(x)))
'''

NET = '''\
import torch
from torch import nn

from .layers import Block
from ..utils import scale


class Net(nn.Module):
    def __init__(self, d=4):
        super().__init__()
        self.block = Block(d)
        self.head = nn.Linear(d, 2)

    def forward(self, x):
        y = torch.special.erfcx(x)
        return self.head(scale(self.block(x + y)))
'''

# no framework: must come out byte for byte (a BOM and CRLF line ends make that visible)
UTILS = b"\xef\xbb\xbf# helpers\r\ndef scale(x, k=2.0):\r\n    return x * k\r\n"
DATA = bytes(range(256))   # not text at all

NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Demo\n", "A model."]},
        {"cell_type": "code", "execution_count": 3, "metadata": {},
         "outputs": [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}],
         "source": ["%matplotlib inline\n", "import torch\n", "import torch.nn as nn"]},
        {"cell_type": "code", "execution_count": 4, "metadata": {}, "outputs": [],
         "source": ["class Tiny(nn.Module):\n", "    def __init__(self):\n", "        super().__init__()\n",
                    "        self.fc = nn.Linear(3, 1)\n", "\n", "    def forward(self, x):\n",
                    "        return torch.tanh(self.fc(x))"]},
        {"cell_type": "code", "execution_count": 5, "metadata": {}, "outputs": [], "source": ["!ls\n", "m = Tiny()"]},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def build_package(root: Path) -> Path:
    files = {
        "models/__init__.py": b"from .layers import Block\nfrom .net import Net\n",
        "models/layers.py": LAYERS.encode(),
        "models/net.py": NET.encode(),
        "utils.py": UTILS,
        "config.yaml": b"d: 4\nname: tiny\n",
        "data/weights.bin": DATA,
        "demo.ipynb": json.dumps(NOTEBOOK, indent=1).encode(),
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root
