"""A batch run: inputs → batches → an engine → records and errors written in input order.

``run_batch`` is the whole of ``ruevents extract`` without the command line:
scripts and tests call it directly.  Every input ends up either as a record or
as an entry in the error report; the summary counts both.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .chunks import DEFAULT_MAX_CHARS
from .dates import DateResolver
from .engines import BatchOutcome, make_engine
from .inputs import DEFAULT_GLOBS, DEFAULT_MAX_BYTES, InputFile, discover
from .output import Output
from .work import WORKER_DIED, WORKER_FAILED, WorkItem, WorkLost, WorkResult, failed_in_worker

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 16
# the error report's stage for a document whose worker process died: --resume tries it again
WORKER_STAGE = "worker"
# how the worker's death surfaces from a local pool and from Dask
WORKER_DEATHS = ("BrokenProcessPool", "KilledWorker")
# what runs before this one wrote for a dead worker (stage "analyse")
WORKER_DIED_BEFORE = f"{WORKER_FAILED}BrokenProcessPool"


@dataclass
class RunConfig:
    """The options of one run (the CLI's flags, as data)."""

    paths: Sequence[str]
    output: Path | None = None            # None: records to stdout
    fmt: str = "jsonl"
    globs: Sequence[str] = DEFAULT_GLOBS
    date: str | None = None
    dates: Path | None = None
    date_from_name: str | None = None
    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None
    resume: bool = False
    overwrite: bool = False
    limit: int | None = None
    max_chars: int = DEFAULT_MAX_CHARS
    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = DEFAULT_BATCH_SIZE


@dataclass
class Summary:
    """What a run did, for the closing report and the exit code."""

    files: int = 0                    # inputs found (files, stdin, broken links, ...)
    skipped_by_glob: int = 0          # files in the folders that the globs left out
    already_done: int = 0             # skipped because a resumed run had written them
    documents: int = 0                # records written in this run
    entities: int = 0
    events: Counter = field(default_factory=Counter)
    encodings: Counter = field(default_factory=Counter)
    errors: list[dict] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    elapsed: float = 0.0
    workers: int = 1
    nothing_to_resume: bool = False   # --resume on a finished output that has every input: left as it was

    @property
    def failed(self) -> int:
        return len(self.errors)


@dataclass
class _Pending:
    """The inputs of one batch, kept by the run while the engine analyses its texts."""

    inputs: list[InputFile]
    items: list[WorkItem]


def _batches(inputs: list[InputFile], config: RunConfig, done: set[str], dates: DateResolver,
             pending: deque, summary: Summary) -> Iterator[list[WorkItem]]:
    """Batches of ``batch_size`` inputs, less those a resumed run had written (a record does not depend on its batch)."""
    for first in range(0, len(inputs), config.batch_size):
        group = [entry for entry in inputs[first : first + config.batch_size] if entry.doc_id not in done]
        if not group:
            continue
        items = []
        for entry in group:
            entry.read(max_bytes=config.max_bytes)
            if entry.text is not None:
                summary.encodings[entry.encoding + (" with invalid bytes replaced" if entry.note else "")] += 1
                items.append(WorkItem(entry.doc_id, entry.text, dates(entry.doc_id), entry.source,
                                      (entry.note,) if entry.note else ()))
                entry.text = None  # the WorkItem holds it now; keep one copy in memory
        pending.append(_Pending(group, items))
        yield items


def run_batch(config: RunConfig, *, on_progress: Callable[[int, int], None] | None = None,
              on_start: Callable[[int, int], None] | None = None) -> Summary:
    """Run ``config``; ``on_start(inputs, already_done)`` and ``on_progress(inputs_done, documents_done)`` drive a progress bar."""
    started = time.perf_counter()
    summary = Summary()
    dates = DateResolver(date=config.date, manifest=config.dates, name_pattern=config.date_from_name)
    engine = make_engine(engine=config.engine, jobs=config.jobs, scheduler=config.scheduler, max_chars=config.max_chars)
    # the output first: a place that cannot take it is refused before any work
    output = Output(config.output, fmt=config.fmt, resume=config.resume, overwrite=config.overwrite,
                    retry=retried_on_resume) if config.output else None
    try:
        inputs, summary.skipped_by_glob = discover(config.paths, globs=config.globs)
        if config.limit is not None:
            inputs = inputs[: config.limit]
        summary.files = len(inputs)
        for doc_id in dates.unused_among(entry.doc_id for entry in inputs):
            log.warning("--dates: %s matches no input", doc_id)
        done = output.done if output else set()
        summary.already_done = sum(1 for entry in inputs if entry.doc_id in done)
        if output is not None and output.finished:  # --resume on a finished output
            if summary.already_done == len(inputs):
                summary.nothing_to_resume = True
                summary.elapsed = time.perf_counter() - started
                return summary
            log.info("%s is finished; %d inputs are not in it yet", config.output, len(inputs) - summary.already_done)
            output.reopen()
        if on_start:
            on_start(len(inputs), summary.already_done)
        pending: deque[_Pending] = deque()
        with engine:
            summary.workers = engine.workers
            for items, results in engine.run(_batches(inputs, config, done, dates, pending, summary)):
                batch = pending.popleft()
                lines, errors = _collect(batch, results, summary)
                if output:
                    output.write(lines, errors)
                else:
                    _to_stdout(lines, errors)
                if on_progress:
                    on_progress(len(batch.inputs), len(lines))
        if output:
            summary.outputs = output.finish()
    except BaseException:
        if output:
            output.abandon()
        raise
    summary.elapsed = time.perf_counter() - started
    return summary


def _collect(batch: _Pending, results: BatchOutcome, summary: Summary) -> tuple[list[tuple[str, str]], list[dict]]:
    """The records (``(doc_id, JSON line)``) and error entries of a batch, in input order."""
    by_id: dict[str, WorkResult | WorkLost] = {}
    if isinstance(results, Exception):
        lost = _lost_with_the_batch(results)
        by_id = {item.doc_id: WorkLost(item.doc_id, lost.reason, lost.worker_died) for item in batch.items}
    else:
        by_id = {result.doc_id: result for result in results}
    lines, errors = [], []
    for entry in batch.inputs:
        if entry.error is not None:
            errors.append(_error(entry, "read", entry.error, has_record=False))
            continue
        result = by_id.get(entry.doc_id)
        if result is None:
            errors.append(_error(entry, "analyse", "no result came back", has_record=False))
            continue
        if isinstance(result, WorkLost):
            errors.append(_error(entry, WORKER_STAGE if result.worker_died else "analyse", result.reason, has_record=False))
            continue
        lines.append((entry.doc_id, result.line))
        summary.documents += 1
        summary.entities += result.n_entities
        summary.events.update(result.event_types)
        if result.failed:
            errors.append(_error(entry, "analyse", result.failed, has_record=True))
    for error in errors:
        log.info("%s: %s failed: %s", error["doc_id"], error["stage"], error["error"])
    log.debug("batch of %d inputs: %d records, %d errors", len(batch.inputs), len(lines), len(errors))
    summary.errors.extend(errors)
    return lines, errors


def _lost_with_the_batch(error: Exception) -> WorkLost:
    """Why the documents of a batch that failed as a whole have no record."""
    if type(error).__name__ in WORKER_DEATHS:
        return WorkLost("", f"{WORKER_DIED} ({type(error).__name__}: {error})", worker_died=True)
    return failed_in_worker(error)


def retried_on_resume(error: dict) -> bool:
    """Whether --resume analyses a document again despite its error entry: when its worker died.

    A worker dies for reasons that may pass (out of memory, killed); a file
    that cannot be read, or a text that fails analysis, fails the same again.
    """
    return error.get("stage") == WORKER_STAGE or str(error.get("error", "")).startswith(WORKER_DIED_BEFORE)


def _error(entry: InputFile, stage: str, reason: str, *, has_record: bool) -> dict:
    """One line of the error report: which input, at which stage, why, and whether it still has a (bare) record."""
    return {"doc_id": entry.doc_id, "source": entry.source, "stage": stage, "error": reason, "has_record": has_record}


def _to_stdout(lines: list[tuple[str, str]], errors: list[dict]) -> None:
    out = sys.stdout
    for _, line in lines:
        out.write(line + "\n")
    out.flush()
    for error in errors:
        print(f"error: {error['doc_id']}: {error['error']}", file=sys.stderr)
