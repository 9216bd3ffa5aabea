"""``ruevents eval ...``: quality figures, each beside its baseline, in one run."""

from __future__ import annotations

from pathlib import Path

import typer

eval_app = typer.Typer(help="Evaluate a stage against gold data and print P/R/F1 beside the baseline.", no_args_is_help=True)

DEFAULT_FACTRUEVAL = Path("../shared/corpora/factrueval-2016/devset")


def _existing_dir(path: Path) -> Path:
    if not path.is_dir():
        raise typer.BadParameter(f"expected a folder of FactRuEval files, got {path}")
    return path


@eval_app.command("ner")
def eval_ner(
    factrueval: Path = typer.Option(DEFAULT_FACTRUEVAL, "--factrueval", help="FactRuEval-2016 folder (*.txt, *.tokens, *.spans, *.objects).", callback=_existing_dir),
) -> None:
    """NER: token-level IO F1 per type (PER, LOC, ORG), ruevents beside raw slovnet.

    Example: ruevents eval ner --factrueval ../shared/corpora/factrueval-2016/devset
    """
    from ..evaluation.ner import run

    typer.echo(run(factrueval))


@eval_app.command("names")
def eval_names(
    factrueval: Path = typer.Option(DEFAULT_FACTRUEVAL, "--factrueval", help="FactRuEval-2016 folder (*.coref with normalised names).", callback=_existing_dir),
) -> None:
    """Canonical names: exact-match accuracy against FactRuEval's normalised names, beside natasha's normaliser.

    Example: ruevents eval names --factrueval ../shared/corpora/factrueval-2016/devset
    """
    from ..evaluation.names import run

    typer.echo(run(factrueval))
