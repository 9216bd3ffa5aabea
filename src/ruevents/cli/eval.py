"""``ruevents eval ...``: quality figures, each beside its baseline, in one run."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

eval_app = typer.Typer(help="Evaluate a stage against gold data and print P/R/F1 beside the baseline.\n\nExample: ruevents eval events --annotated data/annotated", no_args_is_help=True)

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


@eval_app.command("events")
def eval_events(
    annotated: Optional[Path] = typer.Option(None, "--annotated", help="The gold event corpus folder (data/annotated, with train/ and test/)."),
    split: str = typer.Option("test", "--split", help="Split of --annotated to score: train, test or all."),
    nerel: Optional[Path] = typer.Option(None, "--nerel", help="A NEREL brat folder (*.txt, *.ann), e.g. ../shared/corpora/nerel-1.1/dev."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Score only the first N NEREL documents (by file name)."),
    agent: bool = typer.Option(False, "--nerel-agent", help="Count NEREL AGENT relations as participants too."),
    statements: bool = typer.Option(False, "--nerel-statements", help="Score our statement events on NEREL too (NEREL does not annotate speech acts, so they all count as false)."),
    missed: int = typer.Option(0, "--missed", min=0, help="Also list the N most frequent missed gold and unmatched predicted triggers."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write all figures to this JSON file."),
) -> None:
    """Events: trigger and argument P/R/F1 per type and role, ruevents beside the naive baseline.

    Example: ruevents eval events --annotated data/annotated --split test
             ruevents eval events --nerel ../shared/corpora/nerel-1.1/dev --json events.json
    """
    if annotated is None and nerel is None:
        raise typer.BadParameter("expected --annotated DIR or --nerel DIR (or both)")
    if split not in ("train", "test", "all"):
        raise typer.BadParameter(f"expected train, test or all, got {split!r}", param_hint="--split")
    if annotated is not None and not annotated.is_dir():
        raise typer.BadParameter(f"expected the annotated corpus folder, got {annotated}", param_hint="--annotated")
    if nerel is not None and not nerel.is_dir():
        raise typer.BadParameter(f"expected a folder of NEREL .txt/.ann files, got {nerel}", param_hint="--nerel")
    from ..evaluation.events import format_report, run_annotated, run_nerel, write_json

    evaluations = {}
    try:
        if annotated is not None:
            evaluations["annotated"] = run_annotated(annotated, split=split)
        if nerel is not None:
            evaluations["nerel"] = run_nerel(nerel, limit=limit, agent=agent, statements=statements)
    except (ValueError, FileNotFoundError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error
    typer.echo("\n\n".join(format_report(e, missed=missed) for e in evaluations.values()))
    if json_out is not None:
        write_json(evaluations, json_out)
        typer.echo(f"figures written to {json_out}")


@eval_app.command("facts")
def eval_facts(
    factrueval: Path = typer.Option(DEFAULT_FACTRUEVAL, "--factrueval", help="FactRuEval-2016 folder with *.facts (Meeting, Occupation).", callback=_existing_dir),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Score only the first N documents (by number)."),
    examples: int = typer.Option(0, "--examples", min=0, help="Also list N missed gold and N unmatched predicted facts."),
) -> None:
    """Facts: Meeting and Occupation P/R/F1 (strict and official-style soft), beside the best published Track 3 figures.

    Example: ruevents eval facts --factrueval ../shared/corpora/factrueval-2016/devset
    """
    from ..evaluation.facts import run_facts

    typer.echo(run_facts(factrueval, limit=limit, examples=examples))
