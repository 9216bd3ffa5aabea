"""The ``ruevents`` command: a thin Typer app over importable functions."""

from __future__ import annotations

import logging
from typing import Optional

import typer

from .. import __version__
from .eval import eval_app
from .train import train_app
from .export import export_app
from .extract import extract as extract_command

app = typer.Typer(
    name="ruevents",
    help="Structured events (who met whom, where, when, in what role) from Russian news.",
    epilog="Examples: ruevents extract data/sample --dates data/sample/dates.csv -o out/sample  ·  "
    "ruevents show data/sample/06_putin_aliev_baku.txt  ·  ruevents eval events --annotated data/annotated",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
app.add_typer(export_app, name="export")
from .show import show as show_command
app.command("show")(show_command)
app.command("extract")(extract_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ruevents {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More log output (-v, -vv)."),
) -> None:
    """ruevents: Russian news in, structured events out."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def demo(
    path: str = typer.Argument("data/sample", help="A text file or a folder of .txt files."),
) -> None:
    """Print the entities, canonical names and events found in sample texts.

    Example: ruevents demo data/sample
    """
    from .demo import run_demo

    raise typer.Exit(run_demo(path))


@app.command()
def schema(
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Print the JSON Schema of one output record (the contract, generated from the models).

    Example: ruevents schema -o docs/schema/document.schema.json
    """
    import json
    from pathlib import Path

    from ..records import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


def main() -> None:
    app()
