"""The unit of work of a batch run: a batch of decoded texts → their records as JSON lines.

This runs wherever the engine puts it: in the main process, in a worker
process, or on a Dask worker.  The models load once per process (``ruevents.load``
is cached), on the first batch or in the engine's worker initialiser.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

from .chunks import DEFAULT_MAX_CHARS, merge_chunk_records, split_text

# numpy's BLAS would start a thread per core in every worker; with N workers on
# N cores they fight.  Workers of a batch run keep to one thread each.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


PARENT_CHECK_SECONDS = 1.0
EXIT_PARENT_GONE = 70  # a worker's exit status when its parent died: nobody waits for it, but ps and logs show it


@dataclass(frozen=True)
class WorkItem:
    doc_id: str
    text: str
    date: str | None
    source: str | None
    notes: tuple[str, ...] = ()      # how the input was read (invalid bytes replaced, ...): put in the record's errors


@dataclass(frozen=True)
class WorkResult:
    doc_id: str
    line: str                  # the record as one JSON line (no newline)
    failed: str | None         # why the analysis failed, when it did (the record is then empty)
    n_entities: int = 0
    event_types: tuple[str, ...] = ()   # for the run's summary, without parsing the line again


@dataclass(frozen=True)
class WorkLost:
    """A document that came back with no record: its worker process died on it, or its batch failed."""

    doc_id: str
    reason: str
    worker_died: bool          # a crash, perhaps passing (out of memory, killed): --resume tries it again


WORKER_DIED = "the worker process died while analysing this document"
#: how the reason of a document lost with its batch begins; runs before the worker's death
#: was told apart wrote ``WORKER_FAILED + "BrokenProcessPool"`` for it
WORKER_FAILED = "analysis failed in the worker: "


def failed_in_worker(error: Exception) -> WorkLost:
    """A document lost because analysing it (or its batch) raised ``error`` in the worker."""
    return WorkLost("", f"{WORKER_FAILED}{type(error).__name__}: {error}", worker_died=False)

# Test hook, for the tests of a worker that dies: with RUEVENTS_TEST_KILL_WORKER_ON=<doc_id>, a worker
# process (never the main one) kills itself with SIGKILL when given that document; with
# RUEVENTS_TEST_KILL_WORKER_ONCE=<path> as well, only if <path> does not exist yet (it is created
# then), so only once in a run.  Unset, nothing happens.
TEST_KILL_WORKER_ON = "RUEVENTS_TEST_KILL_WORKER_ON"
TEST_KILL_WORKER_ONCE = "RUEVENTS_TEST_KILL_WORKER_ONCE"


def _test_hook_kill_worker(items: list[WorkItem]) -> None:
    doomed = os.environ.get(TEST_KILL_WORKER_ON)
    if not doomed or all(item.doc_id != doomed for item in items):
        return
    import multiprocessing

    if multiprocessing.parent_process() is None:  # the main process: the hook is for workers only
        return
    once = os.environ.get(TEST_KILL_WORKER_ONCE)
    if once:
        try:
            os.close(os.open(once, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
    import signal

    os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def limit_threads(count: int = 1) -> None:
    """One BLAS thread per process; set before numpy is imported to take effect everywhere."""
    for name in THREAD_VARIABLES:
        os.environ[name] = str(count)
    try:  # numpy may already be imported (in the main process): limit its pools now
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(count)


def init_worker(threads: int = 1, *, freeze: bool = True) -> None:
    """Worker start-up: limit threads, load the models once and, in a process
    the batch run owns (``freeze``), keep them out of the garbage collector's
    scans.  A Dask worker is the cluster's process: nothing is frozen there."""
    limit_threads(threads)
    from ..pipeline import freeze_loaded, load

    load()
    if freeze:
        freeze_loaded()


def init_pool_worker(parent_pid: int) -> None:
    """Start-up of a ``--jobs`` worker process: exit with the parent, then as ``init_worker``."""
    exit_when_parent_dies(parent_pid)
    init_worker()


def exit_when_parent_dies(parent_pid: int, *, every_seconds: float = PARENT_CHECK_SECONDS) -> None:
    """End this process soon after ``parent_pid`` is gone.

    A parent killed with SIGKILL cannot stop its workers, and nothing else
    tells them: each holds both ends of its queue's pipe, so it never reads EOF
    and would wait for work (or finish its batch) for ever, models loaded.
    When the parent dies the worker is re-parented, so ``getppid()`` changes.
    """
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(every_seconds)
        os._exit(EXIT_PARENT_GONE)

    threading.Thread(target=watch, name="ruevents-parent-watch", daemon=True).start()


def analyse_batch(items: list[WorkItem], max_chars: int = DEFAULT_MAX_CHARS) -> list[WorkResult]:
    """Records for a batch, in order; long texts go through in chunks and come back as one record."""
    from ..api import extract_many, text_sha1
    from ..records import Document

    _test_hook_kill_worker(items)

    pieces: list[tuple[str, dict]] = []
    owners: list[tuple[int, int]] = []          # (item index, chunk offset) of each piece
    for index, item in enumerate(items):
        meta = {"doc_id": item.doc_id, "date": item.date, "source": item.source}
        for start, end in split_text(item.text, max_chars) if len(item.text) > max_chars else [(0, len(item.text))]:
            pieces.append((item.text[start:end], meta))
            owners.append((index, start))
    by_item: dict[int, list[tuple[int, Document]]] = {}
    for (index, offset), record in zip(owners, extract_many(pieces)):
        by_item.setdefault(index, []).append((offset, record))
    results = []
    for index, item in enumerate(items):
        parts = by_item[index]
        if len(parts) == 1:
            record = parts[0][1]
        else:
            merged = merge_chunk_records([(offset, part.model_dump(mode="json")) for offset, part in parts],
                                         total_chars=len(item.text), max_chars=max_chars)
            merged["text_sha1"] = text_sha1(item.text)
            record = Document.model_validate(merged)
        if item.notes:
            record = record.model_copy(update={"errors": [*item.notes, *record.errors]})
        failed = next((e for e in record.errors if e.startswith("analysis failed")), None)
        results.append(WorkResult(item.doc_id, record.to_json(), failed, len(record.entities),
                                  tuple(event.type for event in record.events)))
    return results
