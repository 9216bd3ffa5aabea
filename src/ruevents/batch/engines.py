"""Where the batches run: in this process, in N worker processes, or on a Dask cluster.

Every engine takes batches in input order and yields their results in the same
order, with at most a few batches in flight, so memory does not grow with the
number of files and the output does not depend on the engine or ``--jobs``.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
from collections import deque
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, TypeVar

from .work import (
    WORKER_DIED,
    WorkItem,
    failed_in_worker,
    WorkLost,
    WorkResult,
    analyse_batch,
    init_pool_worker,
    init_worker,
)

log = logging.getLogger(__name__)

Batch = TypeVar("Batch")
# batches in flight per worker: one running, one waiting, so no worker idles
IN_FLIGHT_PER_WORKER = 2
# what comes back for a batch: a result per document (a record, or why there is none), or why the whole batch failed
BatchOutcome = list[WorkResult | WorkLost] | Exception


def _outcome(future) -> BatchOutcome:
    """The batch's results, or the exception that failed it (its worker died, ...), which the run reports per document."""
    try:
        return future.result()
    except Exception as error:  # noqa: BLE001 - reported per document by the run
        return error


def _logged(outcome: BatchOutcome) -> BatchOutcome:
    if isinstance(outcome, Exception):
        log.error("a batch failed in its worker: %s: %s", type(outcome).__name__, outcome)
    return outcome


def _ordered(submit: Callable, batches: Iterable[Batch], window: int) -> Iterator[tuple[Batch, BatchOutcome]]:
    """Submit ahead up to ``window`` batches; yield ``(batch, outcome)`` in submission order."""
    pending: deque = deque()
    for batch in batches:
        pending.append((batch, submit(batch)))
        if len(pending) >= window:
            done_batch, future = pending.popleft()
            yield done_batch, _logged(_outcome(future))
    while pending:
        done_batch, future = pending.popleft()
        yield done_batch, _logged(_outcome(future))


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

    def run(self, batches: Iterable[list[WorkItem]]) -> Iterator[tuple[list[WorkItem], BatchOutcome]]:
        for batch in batches:
            try:
                yield batch, analyse_batch(batch, self.max_chars)
            except Exception as error:  # noqa: BLE001 - reported per document by the run
                log.exception("a batch failed")
                yield batch, error


class ProcessEngine:
    """``--jobs N``: N worker processes, each loading the models once.

    A worker that dies (killed, out of memory, a crash in native code) breaks
    the whole pool: every batch in flight fails with it, the healthy workers'
    too.  The engine then starts a new pool and analyses the documents of those
    batches again one at a time, so that a document that kills its worker again
    is the only one lost (reported as ``WORKER_DIED``).
    """

    def __init__(self, *, jobs: int, max_chars: int) -> None:
        if jobs < 1:
            raise ValueError(f"expected --jobs >= 1, got {jobs}")
        self.workers, self.max_chars = jobs, max_chars

    def __enter__(self) -> "ProcessEngine":
        self._start_pool()
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _start_pool(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the parent may hold threads (the progress bar) and
        # half-initialised BLAS pools that a forked child would inherit
        self.pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=init_pool_worker, initargs=(os.getpid(),),
        )

    def _restart_pool(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)  # a broken pool has already ended its workers
        self._start_pool()

    def run(self, batches: Iterable[list[WorkItem]]) -> Iterator[tuple[list[WorkItem], BatchOutcome]]:
        """As ``_ordered``, with batches broken by a dead worker analysed again."""
        window = self.workers * IN_FLIGHT_PER_WORKER
        in_flight: deque[tuple[list[WorkItem], Future]] = deque()
        for batch in batches:
            in_flight.append((batch, self._submit(batch, in_flight)))
            if len(in_flight) >= window:
                yield self._first_done(in_flight)
        while in_flight:
            yield self._first_done(in_flight)

    def _submit(self, batch: list[WorkItem], in_flight: deque) -> Future:
        try:
            return self.pool.submit(analyse_batch, batch, self.max_chars)
        except BrokenProcessPool:  # a worker died since the last batch came back
            self._recover(in_flight)
            return self.pool.submit(analyse_batch, batch, self.max_chars)

    def _first_done(self, in_flight: deque) -> tuple[list[WorkItem], BatchOutcome]:
        batch, future = in_flight[0]
        if isinstance(_outcome(future), BrokenProcessPool):
            self._recover(in_flight)
            batch, future = in_flight[0]
        in_flight.popleft()
        return batch, _logged(_outcome(future))

    def _recover(self, in_flight: deque) -> None:
        """A new pool; every batch in flight that the dead worker broke is analysed again, a document at a time."""
        broken = [index for index, (_, future) in enumerate(in_flight)
                  if isinstance(_outcome(future), BrokenProcessPool)]  # the pool fails each one it had
        log.warning("a worker process died: starting a new pool; the %d documents of the %d batches in flight"
                    " are analysed again one at a time", sum(len(in_flight[i][0]) for i in broken), len(broken))
        self._restart_pool()
        for index in broken:
            batch = in_flight[index][0]
            in_flight[index] = (batch, _settled(self._one_at_a_time(batch)))

    def _one_at_a_time(self, batch: list[WorkItem]) -> list[WorkResult | WorkLost]:
        """Each document alone in the pool: one that kills its worker again is lost, and only it."""
        results: list[WorkResult | WorkLost] = []
        for item in batch:
            outcome = _outcome(self.pool.submit(analyse_batch, [item], self.max_chars))
            if isinstance(outcome, BrokenProcessPool):
                log.error("%s: %s (the second time); starting a new pool", item.doc_id, WORKER_DIED)
                results.append(WorkLost(item.doc_id, WORKER_DIED, worker_died=True))
                self._restart_pool()
            elif isinstance(outcome, Exception):
                results.append(dataclasses.replace(failed_in_worker(outcome), doc_id=item.doc_id))
            else:
                results.extend(outcome)
        return results


def _settled(results: list) -> Future:
    """A future already done with ``results``, to stand in the queue of batches in flight."""
    future: Future = Future()
    future.set_result(results)
    return future


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
        # load the models on every worker now, not inside the first batch
        self.client.run(functools.partial(init_worker, freeze=False))
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
