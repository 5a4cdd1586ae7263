"""nnport.project.progress: a bar on a terminal, nothing otherwise."""
from __future__ import annotations

import io

from nnport.project.progress import Progress


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_bar_on_a_terminal():
    out = Tty()
    p = Progress(4, out)
    p.step("a.py")
    p.step("b.py")
    p.print("b.py:1:1: warning: x")
    p.close()
    text = out.getvalue()
    assert "\r[############............] 2/4 b.py" in text
    assert "b.py:1:1: warning: x\n" in text and text.endswith("\r")


def test_quiet_otherwise():
    out = io.StringIO()
    p = Progress(4, out)
    for _ in range(4):
        p.step("a.py")
    p.print("line")
    p.close()
    assert out.getvalue() == "line\n"
