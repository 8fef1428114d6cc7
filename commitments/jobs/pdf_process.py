"""The worker processes that lay PDFs out (ReportLab is CPU-bound: never on the event loop)."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor

_pool: Executor | None = None
_size = 1


def configure(processes: int) -> None:
    """How many layout processes the next pool starts (a `commitments worker` may want more)."""
    global _size
    _size = max(1, processes)


def render_executor() -> Executor:
    """The layout pool (spawned, so it holds no copy of the server's state), replaced when a
    worker of it died while idle (killed, out of memory)."""
    global _pool
    if _pool is not None and getattr(_pool, "_broken", False):
        discard_broken_pool()
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=_size, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def shutdown_render_executor() -> None:
    """Stop the layout processes (and multiprocessing's resource tracker with the last pool)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
    _pool = None


def discard_broken_pool() -> None:
    """Drop a pool whose worker was killed mid-layout: a broken pool fails every later submit,
    so the next report starts a fresh one."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
    _pool = None
