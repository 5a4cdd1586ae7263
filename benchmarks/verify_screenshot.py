"""Render a verify HTML report in headless Chromium and save a PNG (to look at the page by eye).

    python benchmarks/verify_screenshot.py REPORT.html [OUT.png]

Make a report first, e.g. `nnport verify tests/corpus/torch/resnet_basic.py --target mutant.py
--html build/verify.html`. Needs `chromium` on PATH (Debian: apt-get install chromium).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile


def screenshot(html: str, png: str, size: str = "1200,900") -> None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        raise SystemExit("chromium not found (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run",
                        f"--user-data-dir={profile}", f"--screenshot={os.path.abspath(png)}",
                        f"--window-size={size}", "file://" + os.path.abspath(html)],
                       check=True, capture_output=True, timeout=120)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.splitext(sys.argv[1])[0] + ".png"
    screenshot(sys.argv[1], out)
    print(out)
