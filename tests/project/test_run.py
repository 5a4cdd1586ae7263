"""nnport.project.run: `nnport convert SRC_DIR --to X --out-dir DST` with the real engine."""
from __future__ import annotations

import json
import os

import nnport
from nnport import cli
from nnport.project import cache as cache_mod
from nnport.project.run import REPORTS

SKIP = (*REPORTS, cache_mod.NAME)   # what a run writes about itself


def convert(capsys, src, dst, *more):
    code = cli.main(["convert", str(src), "--to", "flax", "--out-dir", str(dst), *more])
    out, err = capsys.readouterr()
    return code, out, err


def tree(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def counting(monkeypatch):
    calls = []
    real = nnport.convert

    def wrapped(code, **kw):
        calls.append(kw["filename"])
        return real(code, **kw)
    monkeypatch.setattr(nnport, "convert", wrapped)
    return calls


def test_package_converted_copied_and_reported(package, tmp_path, capsys):
    dst = tmp_path / "out"
    code, out, err = convert(capsys, package, dst, "-j", "1")
    assert code == 1 and out == ""   # 1: torch.special.erfcx has no table entry
    net = (dst / "models/net.py").read_text()
    assert "from .layers import Block" in net and "from ..utils import scale" in net   # own imports kept
    assert "nnx.Linear" in net and "import torch\n" not in net
    compile(net, "net.py", "exec")
    assert "class Block(nnx.Module)" in (dst / "models/layers.py").read_text()
    for rel in ("utils.py", "models/__init__.py", "config.yaml", "data/weights.bin"):   # byte for byte
        assert (dst / rel).read_bytes() == (package / rel).read_bytes(), rel
    nb = json.loads((dst / "demo.ipynb").read_text())
    src_nb = json.loads((package / "demo.ipynb").read_text())
    assert nb["nbformat"] == 4 and nb["metadata"] == src_nb["metadata"]
    assert nb["cells"][0] == src_nb["cells"][0]   # markdown kept
    code_cells = nb["cells"][1:]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code_cells)
    joined = "".join("".join(c["source"]) + "\n" for c in code_cells)
    assert code_cells[0]["source"][0] == "%matplotlib inline\n" and "!ls\n" in code_cells[2]["source"]
    assert "class Tiny(nnx.Module)" in joined and "torch" not in joined
    assert all(isinstance(line, str) for c in nb["cells"] for line in c["source"])
    report = json.loads((dst / REPORTS[1]).read_text())
    assert report["summary"]["converted"] == 5 and report["summary"]["copied"] == 2
    (issue,) = report["issues"]
    assert issue["api"] == "torch.special.erfcx" and issue["locations"] == ["models/net.py:15"]
    md = (dst / REPORTS[0]).read_text()
    assert md.splitlines()[4].startswith("**5 files converted, 1 issues need attention")
    assert "| `torch.special.erfcx` | 1 |" in md
    assert "5 files converted, 1 issues need attention" in err


def test_unchanged_inputs_are_skipped(package, tmp_path, capsys, monkeypatch):
    dst = tmp_path / "out"
    calls = counting(monkeypatch)
    convert(capsys, package, dst, "-j", "1")
    assert len(calls) == 5
    first = tree(dst)
    calls.clear()
    code, _, err = convert(capsys, package, dst, "-j", "1")
    assert calls == [] and code == 1 and "7 unchanged since the last run (skipped)" in err
    again = tree(dst)
    assert {k: v for k, v in again.items() if k not in SKIP} == {k: v for k, v in first.items() if k not in SKIP}
    before, after = (json.loads(t[REPORTS[1]]) for t in (first, again))
    assert after["issues"] == before["issues"] and all(f["skipped"] for f in after["files"])
    (package / "models/layers.py").write_text((package / "models/layers.py").read_text() + "\n# more\n")
    convert(capsys, package, dst, "-j", "1")
    assert calls == [str(package / "models/layers.py")]
    assert (dst / "models/layers.py").read_text().endswith("# more\n")
    calls.clear()
    convert(capsys, package, dst, "-j", "1", "--to", "keras")   # another target: the cache does not hold
    assert len(calls) == 5 and "class Block(keras" in (dst / "models/layers.py").read_text()


def test_cache_key_is_version_and_target(package, tmp_path, capsys, monkeypatch):
    dst = tmp_path / "out"
    convert(capsys, package, dst, "-j", "1")
    calls = counting(monkeypatch)
    monkeypatch.setattr(nnport, "__version__", "99.0")
    convert(capsys, package, dst, "-j", "1")
    assert len(calls) == 5   # a new nnport version converts everything again (its own outputs replaced)
    data = json.loads((dst / cache_mod.NAME).read_text())
    assert data["key"]["nnport"] == "99.0" and data["key"]["target"] == "flax"


def test_deleted_output_is_written_again(package, tmp_path, capsys, monkeypatch):
    dst = tmp_path / "out"
    convert(capsys, package, dst, "-j", "1")
    (dst / "config.yaml").unlink()
    calls = counting(monkeypatch)
    convert(capsys, package, dst, "-j", "1")
    assert calls == [] and (dst / "config.yaml").read_bytes() == (package / "config.yaml").read_bytes()


def test_outputs_not_written_by_nnport_need_force(package, tmp_path, capsys):
    dst = tmp_path / "out"
    (dst / "models").mkdir(parents=True)
    (dst / "models/net.py").write_text("mine\n")
    code, _, err = convert(capsys, package, dst, "-j", "1")
    assert code == 2 and "exists (use --force to overwrite)" in err
    assert (dst / "models/net.py").read_text() == "mine\n"
    assert (dst / "models/layers.py").exists()   # the others are written
    # an output edited since nnport wrote it is not replaced either when its input changes
    (dst / "models/layers.py").write_text("edited\n")
    (package / "models/layers.py").write_text((package / "models/layers.py").read_text() + "# x\n")
    code, _, err = convert(capsys, package, dst, "-j", "1")
    assert code == 2 and (dst / "models/layers.py").read_text() == "edited\n"
    code, _, _ = convert(capsys, package, dst, "-j", "1", "--force")
    assert code == 1 and "nnx" in (dst / "models/net.py").read_text()
    assert not [p for p in dst.rglob("*") if p.name.endswith(".nnport-tmp")]


def test_parallel_equals_serial_byte_for_byte(package, tmp_path, capsys):
    one, two = tmp_path / "j1", tmp_path / "j2"
    assert convert(capsys, package, one, "-j", "1")[0] == 1
    assert convert(capsys, package, two, "-j", "2")[0] == 1
    assert tree(one) == tree(two)


def test_quiet_when_not_a_terminal(package, tmp_path, capsys):
    _, out, err = convert(capsys, package, tmp_path / "out", "-j", "1")
    assert out == "" and "\r" not in err and "[#" not in err and "[." not in err


def test_output_dir_must_differ_from_source(package, capsys):
    code, _, err = convert(capsys, package, package)
    assert code == 2 and "--in-place" in err


def test_mode_bits_kept(package, tmp_path, capsys):
    os.chmod(package / "utils.py", 0o755)
    convert(capsys, package, tmp_path / "out", "-j", "1")
    assert os.stat(tmp_path / "out/utils.py").st_mode & 0o777 == 0o755
