"""``ruevents train ...``: reproducible training of the small learned parts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

train_app = typer.Typer(help="Train ruevents' small learned components (written to models/ as JSON).\n\nExample: ruevents train confidence; ruevents train arguments", no_args_is_help=True)


@train_app.command("confidence")
def train_confidence(
    annotated: Optional[Path] = typer.Option(Path("data/annotated"), "--annotated", help="Our gold corpus (its train split is used; test is only scored)."),
    nerel: Optional[Path] = typer.Option(Path("../shared/corpora/nerel-1.1/train"), "--nerel", help="NEREL train folder; pass an empty value to skip."),
    output: Path = typer.Option(Path("models/event_confidence.json"), "--output", "-o", help="Where to write the model."),
) -> None:
    """Fit the event confidence model on ruevents' own predictions against gold.

    Example: ruevents train confidence --annotated data/annotated --nerel ../shared/corpora/nerel-1.1/train
    """
    from ..confidence import load_model
    from ..training.confidence import train

    load_model.cache_clear()
    if nerel is not None and not str(nerel):
        nerel = None
    if nerel is not None and not nerel.is_dir():
        raise typer.BadParameter(f"expected a NEREL folder, got {nerel}")
    data = train(annotated, nerel, output)
    typer.echo(json.dumps({"sources": data["sources"], "metrics": data["metrics"], "features": len(data["weights"])}, ensure_ascii=False, indent=1))
    typer.echo(f"written {output}")


@train_app.command("arguments")
def train_arguments(
    annotated: Path = typer.Option(Path("data/annotated"), "--annotated", help="Our gold corpus (its train split is fitted and cross-validated; test is only scored)."),
    nerel: Optional[Path] = typer.Option(Path("../shared/corpora/nerel-1.1/train"), "--nerel", help="NEREL train folder; pass an empty value to skip."),
    validation: Optional[Path] = typer.Option(Path("../shared/corpora/nerel-1.1/dev"), "--validation", help="NEREL dev folder: a role keeps its model only if it gains there too; pass an empty value to skip."),
    output: Path = typer.Option(Path("models/argument_scorer.json"), "--output", "-o", help="Where to write the model."),
) -> None:
    """Fit the argument scorer: which candidates become an event's participants, place and time.

    Example: ruevents train arguments --annotated data/annotated --nerel ../shared/corpora/nerel-1.1/train
    """
    from ..events.scorer import load_scorer
    from ..training.arguments import train

    if not (annotated / "train").is_dir():
        raise typer.BadParameter(f"expected {annotated}/train with annotated documents, got no such folder")
    if nerel is not None and not str(nerel):
        nerel = None
    if nerel is not None and not nerel.is_dir():
        raise typer.BadParameter(f"expected a NEREL folder, got {nerel}")
    if validation is not None and not str(validation):
        validation = None
    if validation is not None and not validation.is_dir():
        raise typer.BadParameter(f"expected a NEREL folder for --validation, got {validation}")
    data = train(annotated, nerel, output, validation=validation)
    load_scorer.cache_clear()
    thresholds = {role: entry["threshold"] for role, entry in data["roles"].items()}
    typer.echo(json.dumps({"sources": data["sources"], "thresholds": thresholds, "metrics": data["metrics"]}, ensure_ascii=False, indent=1))
    typer.echo(f"written {output}")
