"""The `package` fixture: project_fixture.build_package in tmp_path."""
from __future__ import annotations

from pathlib import Path

import pytest

from project_fixture import build_package


@pytest.fixture
def package(tmp_path) -> Path:
    return build_package(tmp_path / "pkg")
