"""``ruevents train ...``: reproducible training of the small learned parts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

train_app = typer.Typer(help="Train ruevents' small learned components (written to models/ as JSON).\n\nExample: ruevents train confidence", no_args_is_help=True)


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

