"""Weights Keras -> PyTorch (CST route): recurrent layers and multi-head attention."""
from __future__ import annotations
