"""The results of a project's files: in this process, or in a pool of -j worker processes.

Ctrl-C reaches every process of the terminal's process group. The workers ignore it (they only
convert; the main process writes every file), and the main process, on KeyboardInterrupt, cancels
what is queued and ends the workers at once, so that `nnport` stops with exit 130 (cli.main) and no
worker traceback. While the workers are being started, a Ctrl-C is held back and raised right after,
so that no worker can see it before it ignores it.
"""
from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager

from nnport.project.files import COPY, Item
from nnport.project.worker import process


def results(items: list[Item], to: str, src: str | None, jobs: int, known: dict[str, tuple[str, ...]]):
    """Each item's worker result, in completion order (files copied as they are need no worker)."""
    work = [i for i in items if i.kind != COPY]
    for item in items:
        if item.kind == COPY:
            yield process(item, to, src)
    if min(jobs, len(work)) <= 1:
        for item in work:
            yield process(item, to, src, known.get(item.rel, ()))
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_start_method

    if get_start_method() == "fork":   # the workers inherit the translator, imported and warmed once
        warm(to, src)

    def size(i: Item) -> int:
        try:
            return os.path.getsize(i.path)
        except OSError:
            return 0

    pool = ProcessPoolExecutor(max_workers=min(jobs, len(work)), initializer=ignore_sigint)
    try:
        with sigint_held():   # the pool forks its workers at the first submit
            futures = [pool.submit(process, item, to, src, known.get(item.rel, ()))
                       for item in sorted(work, key=size, reverse=True)]   # the largest files first
        for f in as_completed(futures):
            yield f.result()
    except BaseException:   # Ctrl-C, or the caller stopped: no worker goes on converting
        stop(pool)
        raise
    pool.shutdown()


def warm(to: str, src: str | None) -> None:
    import nnport
    try:
        nnport.convert("import torch\nx = torch.zeros(1)\n", to=to, source=src)
    except Exception:   # a file's own conversion reports what is wrong
        pass


def ignore_sigint() -> None:
    """A worker's initializer: the main process alone handles Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def sigint_held():
    """Hold a Ctrl-C back for the duration and raise it (KeyboardInterrupt) at the end."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    seen = []
    old = signal.signal(signal.SIGINT, lambda signum, frame: seen.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
    if seen:
        raise KeyboardInterrupt


def stop(pool) -> None:
    """Cancel what is queued and end the workers now (they write nothing: the main process does)."""
    procs = dict(getattr(pool, "_processes", None) or {})   # CPython's; without it the workers finish
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs.values():
        if proc.is_alive():
            proc.terminate()
