"""Each side in a child process: timeouts, the memory limit and crashes end in exit 2 with a clear
message (the source side fails first here, so no target process starts)."""
import nnport
from models import net


def _model(tmp_path, body):
    p = tmp_path / "net.py"
    p.write_text(net(body, imports="os time torch"))
    return str(p)


def test_timeout_kills_the_side(tmp_path):
    r = nnport.verify(_model(tmp_path, "time.sleep(120)\nreturn self.fc(x)"), to="flax", timeout=5)
    assert r.exit_code == 2 and "source side timed out after 5 s (--timeout)" in r.error
    assert r.seconds < 60


def test_memory_limit_fails_cleanly(tmp_path):
    src = _model(tmp_path, "big = torch.ones(1 << 31)  # 8 GiB\nreturn self.fc(x) + big[:4]")
    r = nnport.verify(src, to="flax", memory_limit=2)
    assert r.exit_code == 2 and r.verdict == "error"
    assert "source side ran out of memory under the 2 GiB memory limit (--memory-limit)" in r.error


def test_a_side_that_dies_is_reported(tmp_path):
    r = nnport.verify(_model(tmp_path, "os._exit(3)"), to="flax")
    assert r.exit_code == 2 and "source side died (exit status 3) without an answer" in r.error


def test_a_missing_interpreter_is_reported(tmp_path):
    r = nnport.verify(_model(tmp_path, "return self.fc(x)"), to="flax", source_python=str(tmp_path / "nopython"))
    assert r.exit_code == 2 and "source side: cannot start" in r.error
