"""Run one side in a child process: its own interpreter, a timeout, a memory limit.

The request and response travel as files (tree.save: JSON + npz) in a fresh job folder. The child
sets RLIMIT_AS (address space) before it imports anything; some frameworks reserve large
virtual ranges at import, so the default (16 GiB) leaves room for that. On timeout the child's
whole process group is killed. Failures come back as SideError with a message for the user.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile

import nnport
from nnport.verify import tree

SRC_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(nnport.__file__)))


class SideError(Exception):
    """One side could not run; `kind` is "timeout", "memory" or "exception"."""

    def __init__(self, message: str, kind: str = "exception", detail: str = ""):
        super().__init__(message)
        self.kind, self.detail = kind, detail


# Set the address-space limit and block the network (confine.py) first thing in the child, then run
# the side module: no preexec_fn, so no fork of a parent whose framework may hold threads.
_BOOT = ("import resource, runpy, sys; n = int(sys.argv.pop(1)); net = sys.argv.pop(1) == '1'; "
         "n and resource.setrlimit(resource.RLIMIT_AS, (n, n)); "
         "net or __import__('nnport.verify.confine').verify.confine.install(); "
         "runpy.run_module('nnport.verify.side', run_name='__main__', alter_sys=True)")


def _env() -> dict:
    env = dict(os.environ)
    env.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")   # TF's CPU convs refuse NCHW without oneDNN (no AVX-512)
    env["PYTHONPATH"] = os.pathsep.join([SRC_ROOT] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


def run_side(role: str, request: dict, *, python: str | None = None, timeout: float = 300.0,
             memory_gib: float | None = 16.0, workdir: str | None = None, allow_network: bool = False) -> dict:
    """The side's response, or SideError. `python` defaults to this interpreter. The child has no
    network (confine.py) unless `allow_network`."""
    job = tempfile.mkdtemp(prefix=f"nnport-{role}-", dir=workdir)
    try:
        return _run(role, request, job, python, timeout, memory_gib, allow_network)
    finally:
        shutil.rmtree(job, ignore_errors=True)


def _run(role, request, job, python, timeout, memory_gib, allow_network=False) -> dict:
    tree.save(os.path.join(job, "request"), request)
    limit = int(memory_gib * (1 << 30)) if memory_gib else 0
    cmd = [python or sys.executable, "-c", _BOOT, str(limit), "1" if allow_network else "0", job]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=_env(),
                                start_new_session=True)
    except OSError as e:
        raise SideError(f"{role} side: cannot start {cmd[0]}: {e.strerror or e}") from None
    try:
        log, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise SideError(f"{role} side timed out after {timeout:g} s (--timeout)", "timeout") from None
    text = log.decode("utf-8", "replace")
    stem = os.path.join(job, "response")
    if not os.path.exists(stem + ".json"):
        how = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit status {proc.returncode}"
        raise SideError(f"{role} side died ({how}) without an answer{_memory_hint(memory_gib, text)}:"
                        f"\n{_tail(text)}", "memory" if _memory_hint(memory_gib, text) else "exception", text)
    resp = tree.load(stem)
    if "error" in resp:
        raise _failure(role, resp, memory_gib)
    return resp


def run_in_process(role: str, request: dict) -> dict:
    """The same job in this process (no isolation: for tests and notebooks that hold both frameworks)."""
    from nnport.verify.side import failure, handle
    try:
        return handle(request)
    except Exception as e:  # noqa: BLE001
        raise _failure(role, failure(e), None) from e


def _failure(role: str, resp: dict, memory_gib) -> SideError:
    if resp.get("kind") == "memory":
        limit = f" under the {memory_gib:g} GiB memory limit (--memory-limit)" if memory_gib else ""
        return SideError(f"{role} side ran out of memory{limit}: {resp['error'][:300]}", "memory",
                         resp.get("traceback", ""))
    return SideError(f"{role} side failed: {resp['error'][:2000]}", "exception", resp.get("traceback", ""))


def _memory_hint(memory_gib, text: str) -> str:
    words = ("memoryerror", "bad_alloc", "cannot allocate", "out of memory", "mmap")
    if memory_gib and any(w in text.lower() for w in words):
        return f" (out of memory under the {memory_gib:g} GiB limit, --memory-limit)"
    return ""


def _tail(text: str, n: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-n:])
