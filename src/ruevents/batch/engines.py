"""Where the batches run: in this process, in N worker processes, or on a Dask cluster.

Every engine takes batches in input order and yields their results in the same
order, with at most a few batches in flight, so memory does not grow with the
number of files and the output does not depend on the engine or ``--jobs``.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

from .work import WorkItem, WorkResult, analyse_batch, init_pool_worker, init_worker

log = logging.getLogger(__name__)

Batch = TypeVar("Batch")
# batches in flight per worker: one running, one waiting, so no worker idles
IN_FLIGHT_PER_WORKER = 2


def _result_or_error(future) -> list[WorkResult] | Exception:
    """A batch whose worker died comes back as the exception, for the run to report per document."""
    try:
        return future.result()
    except Exception as error:  # noqa: BLE001 - reported per document by the run
        log.error("a batch failed in its worker: %s: %s", type(error).__name__, error)
        return error


def _ordered(submit: Callable, batches: Iterable[Batch], window: int) -> Iterator[tuple[Batch, list[WorkResult] | Exception]]:
    """Submit ahead up to ``window`` batches; yield ``(batch, results)`` in submission order."""
    pending: deque = deque()
    for batch in batches:
        pending.append((batch, submit(batch)))
        if len(pending) >= window:
            done_batch, future = pending.popleft()
            yield done_batch, _result_or_error(future)
    while pending:
        done_batch, future = pending.popleft()
        yield done_batch, _result_or_error(future)


class InlineEngine:
    """Everything in this process: the default for ``--jobs 1``."""

    workers = 1

    def __init__(self, *, max_chars: int) -> None:
        self.max_chars = max_chars

    def __enter__(self) -> "InlineEngine":
        init_worker()
        return self

    def __exit__(self, *exc) -> None:
        pass

    def run(self, batches: Iterable[list[WorkItem]]) -> Iterator[tuple[list[WorkItem], list[WorkResult] | Exception]]:
        for batch in batches:
            try:
                yield batch, analyse_batch(batch, self.max_chars)
            except Exception as error:  # noqa: BLE001 - reported per document by the run
                log.exception("a batch failed")
                yield batch, error


class ProcessEngine:
    """``--jobs N``: N worker processes, each loading the models once."""

    def __init__(self, *, jobs: int, max_chars: int) -> None:
        if jobs < 1:
            raise ValueError(f"expected --jobs >= 1, got {jobs}")
        self.workers, self.max_chars = jobs, max_chars

    def __enter__(self) -> "ProcessEngine":
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the parent may hold threads (the progress bar) and
        # half-initialised BLAS pools that a forked child would inherit
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=init_pool_worker, initargs=(os.getpid(),),
        )
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def run(self, batches):
        return _ordered(self._submit, batches, self.workers * IN_FLIGHT_PER_WORKER)

    def _submit(self, batch):
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.pool.submit(analyse_batch, batch, self.max_chars)
        except BrokenProcessPool:  # a worker died (killed, out of memory): carry on with a fresh pool
            log.warning("a worker process died; starting a new pool")
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.__enter__()
            return self.pool.submit(analyse_batch, batch, self.max_chars)


class DaskEngine:
    """``--engine dask``: the same batches on a Dask distributed cluster; the client writes the output.

    With no scheduler address a ``LocalCluster`` of ``jobs`` worker processes is
    started for the run.  The models load once per worker process (the
    pipeline is cached in the worker's ``ruevents`` module).
    """

    def __init__(self, *, scheduler: str | None, jobs: int, max_chars: int) -> None:
        self.scheduler, self.jobs, self.max_chars = scheduler, jobs, max_chars

    def __enter__(self) -> "DaskEngine":
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise RuntimeError("--engine dask needs dask.distributed: pip install 'ruevents[dask]'") from None
        self.cluster = None
        if self.scheduler:
            self.client = Client(self.scheduler)
        else:
            self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        self.client.run(init_worker)  # load the models on every worker now, not inside the first batch
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        log.info("dask: %d workers at %s", self.workers, self.client.scheduler.address)
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def run(self, batches):
        return _ordered(lambda b: self.client.submit(analyse_batch, b, self.max_chars, pure=False),
                        batches, self.workers * IN_FLIGHT_PER_WORKER)


def make_engine(*, engine: str, jobs: int, scheduler: str | None, max_chars: int):
    if engine == "local":
        if scheduler:
            raise ValueError("--scheduler goes with --engine dask")
        return InlineEngine(max_chars=max_chars) if jobs == 1 else ProcessEngine(jobs=jobs, max_chars=max_chars)
    if engine == "dask":
        return DaskEngine(scheduler=scheduler, jobs=jobs, max_chars=max_chars)
    raise ValueError(f"expected --engine local or dask, got {engine!r}")
