"""``ruevents show FILE``: one text with its entities, times and events highlighted."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Optional

import typer


class UnreadableText(Exception):
    """The input could not be read or decoded as text."""


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Bytes → ``(text, encoding used)``: the given encoding, else the batch CLI's detector.

    The detector (``ruevents.batch.inputs.decode_bytes``) tries byte order
    marks, UTF-8, UTF-16, the Cyrillic code pages, then charset-normalizer.
    Raises ``UnreadableText`` saying what was expected.
    """
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError as error:
            raise UnreadableText(f"expected a known encoding name, got {encoding!r}") from error
        except UnicodeDecodeError as error:
            raise UnreadableText(f"expected {encoding} text, got a byte it cannot decode at offset {error.start}") from error
    from ..batch.inputs import InputError, decode_bytes

    try:
        return decode_bytes(data)
    except InputError as error:
        raise UnreadableText(f"{error}; pass --encoding if you know it") from error


def _sample_date(path: Path) -> str | None:
    """The file's row in a ``dates.csv`` beside it (``doc_id,date``, as in data/sample), if any."""
    manifest = path.parent / "dates.csv"
    if not manifest.is_file():
        return None
    try:
        with manifest.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("doc_id") == path.name and row.get("date"):
                    return dt.date.fromisoformat(row["date"].strip()).isoformat()
    except (OSError, UnicodeDecodeError, csv.Error, ValueError):
        return None  # a broken manifest only costs the default date
    return None


def _read(file: str, encoding: str | None) -> tuple[str, str]:
    """The decoded text of FILE (``-`` = stdin) and the encoding used."""
    if file == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(file)
        if path.is_dir():
            raise UnreadableText(f"expected a text file, got the folder {file} (ruevents extract reads folders)")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UnreadableText(f"cannot read {file}: {error.strerror or error}") from error
    if not data:
        raise UnreadableText(f"expected text, got an empty {'input' if file == '-' else 'file'}")
    return decode_text(data, encoding)


def show(
    file: str = typer.Argument(..., metavar="FILE", help="A text file to analyse; - reads standard input."),
    date: Optional[str] = typer.Option(
        None, "--date", "-d", metavar="YYYY-MM-DD",
        help="The document date that relative times («во вторник») resolve against. "
        "Default: the file's row in a dates.csv beside it, if there is one.",
    ),
    html: Optional[Path] = typer.Option(
        None, "--html", metavar="OUT.html", help="Write a self-contained HTML page there instead of printing to the terminal.",
    ),
    encoding: Optional[str] = typer.Option(
        None, "--encoding", "-e", help="The file's encoding. Default: detected (a byte order mark, UTF-8, UTF-16, cp1251, koi8-r, ...).",
    ),
    labels: bool = typer.Option(True, "--labels/--no-labels", help="Terminal only: write \\[mark]LABEL brackets around the marks (they show the marks without colour)."),
) -> None:
    """Show one text with its entities, times and event triggers highlighted, and tables of its events and entities.

    The events table gives, for every event: type, trigger, who / whom
    (participants), where, when (the normalised time value), modality and
    confidence.

    Examples:

        ruevents show data/sample/01_lavrov_vang_i.txt

        ruevents show article.txt --date 2018-04-19 --html article.html

        cat article.txt | ruevents show - --date 2018-04-19

    Exit codes: 0 done, 1 the file could not be read or written, 2 bad usage.
    """
    if date is not None:
        try:
            date = dt.date.fromisoformat(date.strip()).isoformat()
        except ValueError as error:
            raise typer.BadParameter(f"expected YYYY-MM-DD, got {date!r}", param_hint="--date") from error
    try:
        text, used_encoding = _read(file, encoding)
    except UnreadableText as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from error
    if not encoding and used_encoding not in ("utf-8", "utf-8-sig"):
        typer.echo(f"note: {file} is not UTF-8; read it as {used_encoding}", err=True)
    if date is None and file != "-":
        date = _sample_date(Path(file))

    import ruevents

    from .. import render

    doc_id = "stdin" if file == "-" else Path(file).name
    record = ruevents.extract(text, date=date, doc_id=doc_id, source=None if file == "-" else file)

    if html is not None:
        try:
            html.write_text(render.html_page(text, record), encoding="utf-8")
        except OSError as error:
            typer.echo(f"error: cannot write {html}: {error.strerror or error}", err=True)
            raise typer.Exit(1) from error
        typer.echo(f"{html}: {len(record.entities)} entities, {len(record.times)} times, {len(record.events)} events")
        return

    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        # a pipe or a captured stream: wide enough that the tables do not fold names
        console = Console(highlight=False, width=max(console.width, 120))
    console.print(render.terminal(text, record, labels=labels))
