"""A progress bar on stderr, drawn only when stderr is a terminal (quiet otherwise)."""
from __future__ import annotations

import shutil
import sys


class Progress:
    def __init__(self, total: int, stream=None, enabled: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.total, self.done, self.label = total, 0, ""
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else enabled
        self.drawn = False

    def step(self, label: str = "") -> None:
        self.done += 1
        self.label = label
        self.draw()

    def draw(self) -> None:
        if not self.enabled or not self.total:
            return
        width = shutil.get_terminal_size((80, 20)).columns
        bar = 24
        filled = bar * self.done // self.total
        head = f"[{'#' * filled}{'.' * (bar - filled)}] {self.done}/{self.total} "
        label = self.label[-max(0, width - len(head) - 1):] if width > len(head) + 1 else ""
        self.stream.write("\r" + (head + label).ljust(width - 1))
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            width = shutil.get_terminal_size((80, 20)).columns
            self.stream.write("\r" + " " * (width - 1) + "\r")
            self.stream.flush()
            self.drawn = False

    def print(self, text: str) -> None:
        """A line of output above the bar."""
        self.clear()
        print(text, file=self.stream)
        self.draw()

    def close(self) -> None:
        self.clear()
