"""Readers (CST route): recurrent and attention layers -> pivot ops, with the call-site facts."""
from __future__ import annotations
