"""Run `python -m nnport` as a real subprocess, from any folder, on this checkout's sources."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nnport

SRC = str(Path(nnport.__file__).resolve().parents[1])


def env() -> dict[str, str]:
    """The environment of the child: this checkout's nnport first on the path, no GPU, quiet TF."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": SRC + (os.pathsep + path if path else ""), "JAX_PLATFORMS": "cpu",
            "TF_CPP_MIN_LOG_LEVEL": "3"}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "nnport", *map(str, args)]


def nnport_cli(*args, cwd, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(command(*args), cwd=cwd, env=env(), capture_output=True, text=True, timeout=timeout)
