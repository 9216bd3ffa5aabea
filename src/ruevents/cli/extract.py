"""``ruevents extract``: folders of texts in, records or tables out, every file accounted for."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import List, Optional

import typer

log = logging.getLogger("ruevents.extract")

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
STDOUT = "-"


def extract(
    paths: List[str] = typer.Argument(..., metavar="PATH...", help="Files, folders (searched recursively) or - for stdin."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="A .jsonl file, or a folder for --format parquet; - for stdout. Default: JSON Lines on stdout."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="jsonl or parquet (default: jsonl for -o X.jsonl or stdout, parquet for -o DIR)."),
    globs: List[str] = typer.Option(["*.txt"], "--glob", "-g", help="File-name patterns to take from folders; repeat for more ('*.md', '*.html')."),
    date: Optional[str] = typer.Option(None, "--date", help="Document date (YYYY-MM-DD) for every file: the anchor for «вчера», «в среду»."),
    dates: Optional[Path] = typer.Option(None, "--dates", help="Manifest of dates: CSV with doc_id,date or JSON Lines; wins over --date."),
    date_from_name: Optional[str] = typer.Option(None, "--date-from-name", help=r"Regex finding the date in the doc_id, e.g. '(\d{4}-\d{2}-\d{2})' or '(?P<year>\d{4})(?P<month>\d\d)(?P<day>\d\d)'."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes, each loading the models once."),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://HOST:PORT); without it --engine dask starts a local cluster of --jobs workers."),
    resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run into the same output, skipping documents already written; on a finished output, add the inputs not in it yet."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing output."),
    limit: Optional[int] = typer.Option(None, "--limit", min=0, help="Only the first N inputs (in doc_id order): a quick look."),
    max_chars: int = typer.Option(100_000, "--max-chars", min=1_000, help="Longer documents are analysed in chunks of at most this many characters, cut at paragraph breaks."),
    max_bytes: int = typer.Option(50_000_000, "--max-bytes", min=1, help="Files larger than this are reported, not read."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Documents sent to a worker at a time (the models batch across them)."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More log output on stderr (-v: each file's problems as they happen, -vv: debug)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary (errors still go to stderr)."),
) -> None:
    """Analyse news texts and write one record per document (JSON Lines) or the analysts' tables (Parquet).

    Every input ends up either in the output or in the error report
    (OUT.errors.jsonl, or errors.jsonl and the documents table's errors column
    for Parquet).  Exit code 0: all inputs analysed; 1: some failed; 2: usage error.

    Examples:

      ruevents extract data/sample --dates data/sample/dates.csv -o out/sample.jsonl

      ruevents extract news/ -g '*.txt' -g '*.html' -f parquet -o out/tables --jobs 2

      ruevents extract news/ -o out/news.jsonl --resume       # after a crash or Ctrl-C

      ruevents extract archive/ --date-from-name '(\\d{8})' -o out/archive.jsonl

      cat article.txt | ruevents extract - --date 2018-04-19 -o -

      ruevents extract news/ -o out/news.jsonl --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from ..batch.dates import DateError
    from ..batch.output import OutputError
    from ..batch.run import RunConfig, run_batch

    if verbose:  # as well as `ruevents -v extract`
        logging.getLogger().setLevel(logging.WARNING - 10 * min(verbose, 2))
    if output is not None and str(output) == STDOUT:
        output = None  # as without -o, not a folder named "-"
    fmt = _format(fmt, output)
    if fmt == "parquet" and output is None:
        _usage("--format parquet writes a folder of tables: give it with -o DIR")
    if resume and output is None:
        _usage("--resume continues a run written to -o OUT; records on stdout cannot be resumed")
    if scheduler and engine != "dask":
        _usage("--scheduler goes with --engine dask")
    if engine not in ("local", "dask"):
        _usage(f"--engine: expected local or dask, got {engine!r}")
    config = RunConfig(paths=paths, output=output, fmt=fmt, globs=globs, date=date, dates=dates,
                       date_from_name=date_from_name, jobs=jobs, engine=engine, scheduler=scheduler,
                       resume=resume, overwrite=overwrite, limit=limit, max_chars=max_chars, max_bytes=max_bytes,
                       batch_size=batch_size)
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    try:
        with progress:
            summary = run_batch(config, on_start=progress.start, on_progress=progress.advance)
    except (DateError, OutputError, ValueError) as error:
        _usage(str(error))
    except KeyboardInterrupt:
        typer.echo("interrupted: what was written is kept; run again with --resume to continue", err=True)
        raise typer.Exit(EXIT_INTERRUPTED)
    if summary.nothing_to_resume:
        typer.echo(f"nothing to resume: {output} is complete (--overwrite redoes the run)", err=True)
        raise typer.Exit(EXIT_OK)
    if not quiet:
        print_summary(summary)
    raise typer.Exit(EXIT_SOME_FAILED if summary.failed else EXIT_OK)


def _usage(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _format(fmt: str | None, output: Path | None) -> str:
    if fmt is not None:
        if fmt not in ("jsonl", "parquet"):
            _usage(f"--format: expected jsonl or parquet, got {fmt!r}")
        return fmt
    if output is None or output.suffix.lower() in (".jsonl", ".json", ".ndjson"):
        return "jsonl"
    if output.suffix == "":
        return "parquet"  # a folder name: the tables
    _usage(f"-o {output}: expected a .jsonl file, or a folder for the Parquet tables")


class _Progress:
    """A rich progress bar on a terminal: files, documents/s, ETA.  Silent otherwise."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None

    def __enter__(self) -> "_Progress":
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                                TimeRemainingColumn(), console=Console(stderr=True), transient=False)
            self.bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def start(self, total: int, already_done: int = 0) -> None:
        """A bar of ``total`` inputs, ``already_done`` of them (written by the run being resumed) counted as done."""
        import time

        self.started, self.documents = time.perf_counter(), 0
        if self.bar is not None:
            self.task = self.bar.add_task("extract", total=total, completed=already_done, rate="")

    def advance(self, inputs: int, documents: int) -> None:
        import time

        self.documents += documents
        if self.bar is not None:
            rate = self.documents / max(time.perf_counter() - self.started, 1e-9)
            self.bar.update(self.task, advance=inputs, rate=f"{rate:.1f} docs/s")


def print_summary(summary) -> None:
    """The closing account of a run, on stderr: what was read, found, and what failed."""
    out = lambda text="": typer.echo(text, err=True)  # noqa: E731
    rate = summary.documents / summary.elapsed if summary.elapsed else 0.0
    out(f"files: {summary.files} found" + (f", {summary.skipped_by_glob} others left out by --glob" if summary.skipped_by_glob else "")
        + (f", {summary.already_done} already done (resumed)" if summary.already_done else ""))
    out(f"documents: {summary.documents} analysed in {summary.elapsed:.1f} s ({rate:.1f}/s, {summary.workers} worker{'s' if summary.workers > 1 else ''})")
    if summary.encodings and set(summary.encodings) != {"utf-8"}:
        out("encodings: " + ", ".join(f"{name} {count}" for name, count in summary.encodings.most_common()))
    out(f"entities: {summary.entities}")
    events = sum(summary.events.values())
    out(f"events: {events}" + (" (" + ", ".join(f"{kind} {count}" for kind, count in summary.events.most_common()) + ")" if events else ""))
    if summary.failed:
        out(f"errors: {summary.failed}")
        for error in summary.errors[:10]:
            out(f"  {error['doc_id']}: {error['error']}")
        if summary.failed > 10:
            out(f"  ... and {summary.failed - 10} more")
    else:
        out("errors: none")
    for path in summary.outputs:
        out(f"written: {path}")
