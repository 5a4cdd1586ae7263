"""Write the --json and --html reports of a result (atomically); returns a problem or None."""
from __future__ import annotations

import json
import os


def write_reports(res, *, json_path: str | None = None, html_path: str | None = None) -> str | None:
    from nnport.io import atomic_write
    from nnport.verify.html import render_html
    for path, make in ((json_path, lambda: json.dumps(res.to_dict(), indent=2, default=str) + "\n"),
                       (html_path, lambda: render_html(res))):
        if not path:
            continue
        try:
            parent = os.path.dirname(path)
            if parent:
                os.makedirs(parent, exist_ok=True)
            atomic_write(path, make())
        except OSError as e:
            return f"cannot write {path}: {e.strerror or e}"
    return None
