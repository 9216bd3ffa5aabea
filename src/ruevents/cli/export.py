"""``ruevents export ...``: our output in other projects' formats."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

export_app = typer.Typer(help="Write ruevents output in the formats of evaluation campaigns.\n\nExample: ruevents export factrueval ../shared/corpora/factrueval-2016/devset -o out/fre", no_args_is_help=True)


@export_app.command("factrueval")
def export_factrueval(
    folder: Path = typer.Argument(..., help="A FactRuEval-2016 folder with book_N.txt files (devset or testset)."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the response files (created if missing)."),
    track: Optional[List[int]] = typer.Option(None, "--track", "-t", help="Track to write: 1 (mentions), 2 (entities), 3 (facts); repeat for several. Default: all three."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Documents per model batch."),
) -> None:
    """Write book_N.task1/.task2/.task3 response files for the competition's own scorers.

    Example: ruevents export factrueval ../shared/corpora/factrueval-2016/devset -o out/fre --track 3
    Then:    python t3_eval.py -s ../shared/corpora/factrueval-2016/devset -t out/fre   (in factRuEval-2016/scripts)
    """
    tracks = tuple(dict.fromkeys(track or (1, 2, 3)))
    bad = [t for t in tracks if t not in (1, 2, 3)]
    if bad:
        raise typer.BadParameter(f"expected 1, 2 or 3, got {bad}", param_hint="--track")
    if not folder.is_dir():
        raise typer.BadParameter(f"expected a folder of FactRuEval book_N.txt files, got {folder}", param_hint="FOLDER")
    if output.exists() and not output.is_dir():
        raise typer.BadParameter(f"expected a folder to write to, got the file {output}", param_hint="--output")
    from ..evaluation.factrueval import FactRuEvalFormatError
    from ..evaluation.factrueval_export import export_folder

    try:
        summary = export_folder(folder, output, tracks, batch_size=batch_size)
    except (FactRuEvalFormatError, OSError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error
    typer.echo(f"{summary.documents} documents, {len(summary.files)} files (tracks {', '.join(map(str, tracks))}) written to {output}")
    for doc_id, errors in summary.errors.items():
        typer.echo(f"warning: book_{doc_id}: {'; '.join(errors)} (its files were written from what was found)", err=True)
