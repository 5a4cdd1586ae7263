"""`nnport convert DIR --out-dir DST` killed part way (Ctrl-C = SIGINT, kill -9 = SIGKILL), as a real
subprocess: every output left is complete, the next run knows its own outputs (cache.py's journal),
removes the temporary files of the killed run and ends with what a clean run writes."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from cli_run import command, env, nnport_cli
from nnport.io import TEMP_SUFFIX, is_temp_name
from nnport.project.cache import JOURNAL, NAME
from project_fixture import LAYERS, NET

FILES, BIG = 120, 4   # model files, and large files copied (their writes take long enough to be hit)
SEED = int(os.environ.get("NNPORT_KILL_SEED", random.randrange(1 << 30)))


def build(root: Path) -> Path:
    for i in range(FILES):
        text = (LAYERS if i % 2 else NET).replace("Block", f"Block{i}").replace("from .layers import Block", "")
        path = root / f"pkg{i % 6}/m{i}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    rng = random.Random(0)
    for i in range(BIG):
        (root / f"data/blob{i}.bin").parent.mkdir(exist_ok=True)
        (root / f"data/blob{i}.bin").write_bytes(rng.randbytes(6 << 20))
    return root


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def temps(root: Path) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.name.endswith(TEMP_SUFFIX)]


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return build(tmp_path_factory.mktemp("kill") / "src")


@pytest.fixture(scope="module")
def clean(source):
    """What a run that is not interrupted writes (its cache left out), and how long it took."""
    t0 = time.monotonic()
    r = nnport_cli("convert", source, "--to", "flax", "--out-dir", source.parent / "clean", "-j", "2",
                   cwd=source.parent)
    assert r.returncode == 1, r.stderr   # 1: torch.special.erfcx has no table entry
    return {k: v for k, v in files(source.parent / "clean").items() if k != NAME}, time.monotonic() - t0


def killed_run(source: Path, dst: Path, sig: int, rng: random.Random, seconds: float) -> subprocess.CompletedProcess:
    """Start the run, wait for its first output, kill its process group at a random moment after,
    within the first third of what a whole run takes (`seconds`), so that it lands part way."""
    for attempt in range(3):
        proc = subprocess.Popen(command("convert", source, "--to", "flax", "--out-dir", dst, "-j", "2"),
                                cwd=source.parent, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        deadline = time.monotonic() + 240
        while not any(not is_temp_name(p.name) for p in dst.rglob("*") if p.is_file()):
            assert proc.poll() is None and time.monotonic() < deadline, "no output appeared"
            time.sleep(0.01)
        time.sleep(rng.uniform(0, seconds / 3) / (attempt + 1))
        if proc.poll() is None:
            os.killpg(proc.pid, sig)   # the whole group: what Ctrl-C in a terminal does
            out, err = proc.communicate(timeout=120)
            return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
        proc.communicate()
        for p in sorted(dst.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
    pytest.fail("the run ended before it could be killed, three times")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_killed_run_leaves_only_complete_outputs_and_the_next_run_finishes_it(source, clean, sig, tmp_path):
    clean, seconds = clean
    rng = random.Random(SEED + sig)
    why = f"NNPORT_KILL_SEED={SEED}"
    dst = tmp_path / "dst"
    r = killed_run(source, dst, sig, rng, seconds)
    if sig == signal.SIGINT:
        assert r.returncode == 130, (why, r.stderr)
        assert r.stderr.strip().splitlines()[-1].startswith("nnport: interrupted"), (why, r.stderr)
        assert "Traceback" not in r.stderr, (why, r.stderr)
        assert temps(dst) == [], why   # an interrupted atomic write removes its temporary file
    else:
        assert r.returncode == -signal.SIGKILL, why
    left = files(dst)
    assert (dst / JOURNAL).exists() and not (dst / NAME).exists(), why   # killed before the cache
    outputs = {k: v for k, v in left.items() if k != JOURNAL and not is_temp_name(Path(k).name)}
    assert 0 < len(outputs) < len(clean), why
    for rel, data in outputs.items():
        assert data == clean[rel], (why, rel)   # complete: what the clean run wrote

    # what a kill -9 during a write leaves: a temporary file (made here so that the cleanup is always tested)
    fd, stale = tempfile.mkstemp(dir=dst / "data", prefix=".blob0.bin.", suffix=TEMP_SUFFIX)
    os.write(fd, b"half")
    os.close(fd)
    os.utime(stale, (time.time() - 60,) * 2)
    (dst / "data/notes.nnport-tmp").write_text("a user's file, not nnport's pattern")
    r = nnport_cli("convert", source, "--to", "flax", "--out-dir", dst, "-j", "2", cwd=source.parent)
    assert r.returncode == 1 and "exists (use --force" not in r.stderr, (why, r.stderr)   # its own outputs
    assert temps(dst) == [str(dst / "data/notes.nnport-tmp")], why
    (dst / "data/notes.nnport-tmp").unlink()
    assert not (dst / JOURNAL).exists(), why   # folded into the cache
    assert {k: v for k, v in files(dst).items() if k != NAME} == clean, why


def test_outputs_someone_else_put_there_stay_refused_after_a_kill(source, clean, tmp_path):
    """The journal makes a killed run's outputs nnport's own, and nothing else."""
    clean, seconds = clean
    dst = tmp_path / "dst"
    (dst / "pkg0").mkdir(parents=True)
    (dst / "pkg0/m0.py").write_text("mine\n")
    r = killed_run(source, dst, signal.SIGKILL, random.Random(SEED), seconds)
    assert r.returncode == -signal.SIGKILL
    r = nnport_cli("convert", source, "--to", "flax", "--out-dir", dst, "-j", "2", cwd=source.parent)
    assert r.returncode == 2 and f"output {dst / 'pkg0/m0.py'} exists (use --force to overwrite)" in r.stderr
    assert r.stderr.count("use --force") == 1
    assert (dst / "pkg0/m0.py").read_text() == "mine\n"
    assert {k: v for k, v in files(dst).items() if k not in (NAME, "pkg0/m0.py") and not k.startswith("nnport-report")} \
        == {k: v for k, v in clean.items() if k != "pkg0/m0.py" and not k.startswith("nnport-report")}
