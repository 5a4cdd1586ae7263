"""The HTML report: self-contained (no script, no external resource), a per-layer SVG plot."""
import re
import shutil
import subprocess

import pytest

from nnport.verify.html import render_html
from test_report import _result


def test_html_is_self_contained_with_a_layer_plot():
    page = render_html(_result())
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and not re.search(r"(src|href)=", page)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "Per-layer error, eval mode" in svg and svg.count("<rect") == 3
    assert svg.count('fill="#cf222e"') >= 2 and "tolerance 1e-05" in svg and "&#9660;" in svg
    assert "NOT EQUIVALENT" in page and "self.bn = nn.BatchNorm2d(4)" in page


def test_html_escapes_user_text():
    r = _result()
    r.notes = ["<b>x</b>"]
    assert "&lt;b&gt;x&lt;/b&gt;" in render_html(r)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_page_renders_in_headless_chromium(tmp_path):
    page, png = tmp_path / "r.html", tmp_path / "r.png"
    page.write_text(render_html(_result()))
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=1200,900",
                    page.as_uri()], capture_output=True, timeout=120)
    assert png.exists() and png.stat().st_size > 10_000
