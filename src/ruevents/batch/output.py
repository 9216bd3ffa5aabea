"""Writing a batch run's output so that a crash never leaves a broken file and a run can resume.

Records and errors go first to journals (``*.partial``), appended a batch at a
time as whole lines, flushed and synced.  A run killed at any moment leaves
journals whose last line may be cut short; ``--resume`` drops that line,
skips the documents already written and appends the rest.  Only a finished run
moves the journals to their final names (JSON Lines), or builds the Parquet
tables from them in a temporary folder and renames it into place.
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from ..tables import TABLE_COLUMNS, TABLES, error_rows, record_rows

PARTIAL = ".partial"
ROW_GROUP_ROWS = 50_000


class OutputError(Exception):
    """The output cannot be written as asked (a usage error); the message says why."""


class OutputExists(OutputError):
    """The output is there already and neither --resume nor --overwrite was given."""


class OutputUnusable(OutputError):
    """``-o`` names a place that cannot hold the output: a folder where the file goes, a missing or read-only folder."""


class Journal:
    """An append-only file of JSON lines that survives being killed mid-write.

    Lines are appended in ``doc_id`` order; when a resumed run adds one out of
    order (a document done again), ``sort`` puts the file back in order.
    """

    def __init__(self, path: Path, *, resume: bool, retry: Callable[[dict], bool] | None = None) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.done: set[str] = set()
        self.last_doc_id: str | None = None
        self.in_order = True
        if resume and path.exists():
            self._recover(retry)
        else:
            path.write_bytes(b"")
        self.handle = path.open("ab")

    def _recover(self, retry: Callable[[dict], bool] | None) -> None:
        """Keep the whole lines already written, less the entries ``retry`` wants done again; a last line cut short by a crash is dropped."""
        keep, dropped = 0, []  # the length of the whole lines; where the entries to do again start
        with self.path.open("rb") as handle:
            for line in handle:
                if not line.endswith(b"\n"):
                    break
                try:
                    entry = _parse(line)
                    doc_id = entry["doc_id"]
                except (ValueError, KeyError, TypeError):
                    break
                if retry is not None and retry(entry):
                    dropped.append(keep)
                else:
                    self.done.add(doc_id)
                    self._saw(doc_id)
                keep += len(line)
        if dropped:
            _rewrite_without(self.path, keep, set(dropped))
        else:
            with self.path.open("r+b") as handle:
                handle.truncate(keep)

    def _saw(self, doc_id: str) -> None:
        if self.last_doc_id is not None and doc_id < self.last_doc_id:
            self.in_order = False
        self.last_doc_id = doc_id

    def append(self, entries: list[tuple[str, str]]) -> None:
        """``(doc_id, JSON line)`` pairs, written as whole lines and synced."""
        if not entries:
            return
        for doc_id, _ in entries:
            self._saw(doc_id)
        self.handle.write("".join(line + "\n" for _, line in entries).encode("utf-8", "surrogatepass"))
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        self.handle.close()

    def sort(self) -> None:
        """Put the closed file in ``doc_id`` order if it is not; a document's own lines keep their order."""
        if self.in_order:
            return
        index = []
        with self.path.open("rb") as handle:
            offset = 0
            for line in handle:
                index.append((_parse(line)["doc_id"], offset, len(line)))
                offset += len(line)
        index.sort(key=lambda place: place[0])

        def write_sorted(source: BinaryIO, target: BinaryIO) -> None:
            for _, offset, length in index:
                source.seek(offset)
                target.write(source.read(length))

        _rewrite(self.path, write_sorted)
        self.in_order = True


def _parse(line: bytes) -> dict:
    """A journal line; lone surrogates (from file names that are not UTF-8) were written with surrogatepass."""
    return json.loads(line.decode("utf-8", "surrogatepass"))


def _rewrite(path: Path, write: Callable[[BinaryIO, BinaryIO], None]) -> None:
    """Replace ``path`` by what ``write(source, target)`` makes of it, crash-safe:
    a new file beside it, synced, then renamed over it."""
    new_path = path.with_name(path.name + ".rewriting")
    with path.open("rb") as source, new_path.open("wb") as target:
        write(source, target)
        target.flush()
        os.fsync(target.fileno())
    os.replace(new_path, path)


def _rewrite_without(path: Path, length: int, dropped: set[int]) -> None:
    """Keep the first ``length`` bytes of ``path`` but the lines starting at ``dropped`` offsets; crash-safe."""

    def write_kept(source: BinaryIO, target: BinaryIO) -> None:
        offset = 0
        for line in source:
            if offset >= length:
                break
            if offset not in dropped:
                target.write(line)
            offset += len(line)

    _rewrite(path, write_kept)


def read_lines(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8", errors="surrogatepass") as handle:
        for line in handle:
            yield json.loads(line)


class Output:
    """Where a run writes: a JSON Lines file (+ ``.errors.jsonl``) or a folder of Parquet tables."""

    def __init__(self, target: Path, *, fmt: str, resume: bool, overwrite: bool,
                 retry: Callable[[dict], bool] | None = None) -> None:
        """``retry(error_entry)``: on --resume, whether that failure is done again rather than kept (a worker that died)."""
        if fmt not in ("jsonl", "parquet"):
            raise ValueError(f"expected format jsonl or parquet, got {fmt!r}")
        self.target, self.fmt = target, fmt
        if fmt == "jsonl":
            self.errors_target = target.with_name(target.name + ".errors.jsonl")
            self.work = target.with_name(target.name + PARTIAL)
            records, errors = self.work, self.errors_target.with_name(self.errors_target.name + PARTIAL)
        else:
            self.errors_target = target / "errors.jsonl"
            self.work = target.with_name(target.name + PARTIAL)
            records, errors = self.work / "records.jsonl", self.work / "errors.jsonl"
        self.journal_paths, self.retry = (records, errors), retry
        _check_target(target, fmt=fmt, errors_target=self.errors_target)
        # --resume on a finished output: add what it lacks, or nothing (the journals are opened only then)
        self.finished = resume and not overwrite and target.exists() and not self.work.exists()
        if target.exists() and not overwrite and not resume:
            raise OutputExists(f"{target} exists: pass --overwrite to replace it, or --resume to add the inputs not in it yet")
        self.records: Journal | None = None
        self.errors: Journal | None = None
        if self.finished:
            self.done = self._done_in_finished_output()
            return
        with _unusable_on_os_error(target):
            if not resume and fmt == "parquet" and self.work.exists():
                shutil.rmtree(self.work)
            self.records = Journal(records, resume=resume)
            self.errors = Journal(errors, resume=resume, retry=retry)
        self.done = self.records.done | self.errors.done

    def _finished_files(self) -> tuple[Path, Path]:
        """The records and the error report of the finished output."""
        return (self.target if self.fmt == "jsonl" else self.target / "records.jsonl"), self.errors_target

    def _done_in_finished_output(self) -> set[str]:
        records, errors = self._finished_files()
        if not records.is_file():
            raise OutputExists(f"{self.target} has no {records.name} to resume from: pass --overwrite to redo the run")
        done = set()
        for path in (records, errors) if errors.exists() else (records,):
            with path.open("rb") as handle:
                for number, line in enumerate(handle, 1):
                    try:
                        entry = _parse(line)
                        doc_id = entry["doc_id"]
                    except (ValueError, KeyError, TypeError):
                        raise OutputExists(f"{self.target} exists and is not the output of a run ({path.name}, line"
                                           f" {number}, is not a record): pass --overwrite to replace it") from None
                    if path == records or self.retry is None or not self.retry(entry):
                        done.add(doc_id)
        return done

    def reopen(self) -> None:
        """Continue a finished output: copies of its records and error report become the journals.

        The finished output stays as it is until the run ends and replaces it.
        """
        with _unusable_on_os_error(self.target):
            self.work.parent.mkdir(parents=True, exist_ok=True)
            if self.fmt == "parquet":
                self.work.mkdir(exist_ok=True)
            records_journal, errors_journal = self.journal_paths
            records, errors = self._finished_files()
            shutil.copyfile(records, records_journal)
            if errors.exists():
                shutil.copyfile(errors, errors_journal)
            self.records = Journal(records_journal, resume=True)
            self.errors = Journal(errors_journal, resume=True, retry=self.retry)
        self.finished = False

    def write(self, records: list[tuple[str, str]], errors: list[dict]) -> None:
        """One batch: its records as ``(doc_id, JSON line)`` and its error entries."""
        self.records.append(records)
        self.errors.append([(e["doc_id"], json.dumps(e, ensure_ascii=False)) for e in errors])

    def finish(self) -> list[Path]:
        """Move the finished output into place, in ``doc_id`` order; returns the paths written."""
        for journal in (self.records, self.errors):
            journal.close()
            journal.sort()
        if self.fmt == "jsonl":
            os.replace(self.records.path, self.target)
            os.replace(self.errors.path, self.errors_target)
            return [self.target, self.errors_target]
        write_parquet_tables(self.records.path, self.errors.path, self.work)
        if self.target.exists():
            old = self.target.with_name(self.target.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(self.target, old)
            shutil.rmtree(old)
        os.replace(self.work, self.target)
        return [self.target]

    def abandon(self) -> None:
        for journal in (self.records, self.errors):
            if journal is not None:
                journal.close()


@contextmanager
def _unusable_on_os_error(target: Path) -> Iterator[None]:
    """Failing to make the journals means ``-o`` cannot be written: a usage error, before any work."""
    try:
        yield
    except OSError as error:
        raise OutputUnusable(f"-o {target}: cannot write there: {error.strerror or error}"
                             + (f" ({error.filename})" if error.filename else "")) from error


def _check_target(target: Path, *, fmt: str, errors_target: Path) -> None:
    """Refuse, before any work, an output that could only fail at the end of the run."""
    if fmt == "jsonl":
        for path in (target, errors_target):
            if path.is_dir():
                raise OutputUnusable(f"-o {target}: {path} is a folder; JSON Lines go to a file"
                                     " (give a .jsonl path, or --format parquet for a folder of tables)")
    elif target.exists() and not target.is_dir():
        raise OutputUnusable(f"-o {target}: a file is in the way of the output folder (the Parquet tables);"
                             " remove it or give another -o")
    if target.parent.exists() and not target.parent.is_dir():
        raise OutputUnusable(f"-o {target}: {target.parent} is a file, not a folder")


# ---------------------------------------------------------------- parquet


def arrow_schema(table: str):
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "list[str]": pa.list_(pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in TABLE_COLUMNS[table].items()])


def write_parquet_tables(records_path: Path, errors_path: Path, folder: Path) -> None:
    """The contract's tables from the journals, streamed in row groups (memory stays flat).

    Inputs that gave no record (unreadable, binary, ...) get a ``documents`` row
    with their errors, in ``doc_id`` order with the rest.
    """
    import heapq

    import pyarrow as pa
    import pyarrow.parquet as pq

    unread = sorted((e for e in read_lines(errors_path) if not e.get("has_record")), key=lambda e: e["doc_id"])
    rows_of_unread = (("error", e) for e in unread)
    rows_of_records = (("record", r) for r in read_lines(records_path))
    stream = heapq.merge(rows_of_records, rows_of_unread, key=lambda item: item[1]["doc_id"])

    schemas = {name: arrow_schema(name) for name in TABLES}
    writers = {name: pq.ParquetWriter(folder / f"{name}.parquet", schemas[name], compression="zstd") for name in TABLES}
    buffers: dict[str, list[dict]] = {name: [] for name in TABLES}

    def flush(name: str) -> None:
        writers[name].write_table(pa.Table.from_pylist(buffers[name], schema=schemas[name]))
        buffers[name].clear()

    try:
        for kind, item in stream:
            rows = record_rows(item) if kind == "record" else error_rows(item["doc_id"], item.get("source"), [item["error"]])
            for name, table_rows in rows.items():
                buffers[name].extend(table_rows)
                if len(buffers[name]) >= ROW_GROUP_ROWS:
                    flush(name)
        for name in TABLES:
            if buffers[name]:
                flush(name)
    finally:
        for writer in writers.values():
            writer.close()  # a table with no rows is still a valid file with its columns
