"""``ruevents demo``: the sample texts through the chain, entities and events printed."""

from __future__ import annotations

import csv
from pathlib import Path

import typer


def _dates(path: Path) -> dict[str, str]:
    """``doc_id,date`` rows of the sample's manifest, if it has one."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["doc_id"]: row["date"] for row in csv.DictReader(handle)}


def run_demo(path: str) -> int:
    from .. import extract_many

    root = Path(path)
    files = sorted(root.rglob("*.txt")) if root.is_dir() else [root]
    if not files:
        typer.echo(f"expected .txt files under {root}, got none", err=True)
        return 1
    dates = _dates(root / "dates.csv") if root.is_dir() else {}
    items = [
        (f.read_text(encoding="utf-8"), {"doc_id": f.name, "source": str(f), "date": dates.get(f.name)}) for f in files
    ]
    for record in extract_many(items):
        typer.secho(f"\n== {record.doc_id}" + (f" ({record.date})" if record.date else ""), bold=True)
        for entity in record.entities:
            forms = sorted({m.text for m in entity.mentions})
            typer.echo(f"  {entity.id:>4}  {entity.type:<3}  {entity.name:<40}  ← {', '.join(forms)}")
        names = {e.id: e.name for e in record.entities}
        values = {t.id: t.value or t.text for t in record.times}
        for event in record.events:
            who = ", ".join(names[a.ref] for a in event.arguments if a.role == "participant")
            where = ", ".join(names[a.ref] for a in event.arguments if a.role == "place")
            when = ", ".join(values[a.ref] for a in event.arguments if a.role == "time")
            line = f"  {event.id:>4}  {event.type:<11} {event.modality:<9} «{event.trigger.text}»: {who}"
            line += (f" @ {where}" if where else "") + (f" [{when}]" if when else "")
            typer.echo(line)
        for error in record.errors:
            typer.secho(f"  error: {error}", fg="red", err=True)
    return 0
