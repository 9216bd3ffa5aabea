"""Draw docs/images/meeting_network.png: who met or phoned whom in the sample corpus.

    python docs/images/make_meeting_network.py              # runs the chain over data/sample
    python docs/images/make_meeting_network.py OUT.jsonl    # or draws what `ruevents extract` wrote (file or Parquet folder)

Needs the analysis extras (pip install 'ruevents[analysis]').
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # a file, never a window

from ruevents.analysis import MEETING_TYPES, actor_network, load_tables, plot_network, tables_from_records  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample"
PICTURE = Path(__file__).resolve().with_name("meeting_network.png")


def sample_tables():
    """The sample corpus through the library, each text with its date from dates.csv."""
    import ruevents

    with open(SAMPLE / "dates.csv", encoding="utf-8", newline="") as rows:
        dates = {row["doc_id"]: row["date"] for row in csv.DictReader(rows)}
    paths = sorted(SAMPLE.glob("*.txt"))
    items = [(p.read_text(encoding="utf-8"), {"doc_id": p.name, "date": dates.get(p.name)}) for p in paths]
    return tables_from_records(ruevents.extract_many(items))


def main(argv: list[str]) -> int:
    tables = load_tables(argv[0]) if argv else sample_tables()
    graph = actor_network(tables, types=MEETING_TYPES)  # asserted meetings and phone calls
    figure = plot_network(graph, title="Кто с кем встречался и говорил по телефону: data/sample")
    figure.savefig(PICTURE, dpi=150)
    print(f"{PICTURE}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} pairs, "
          f"{sum(d['weight'] for _, _, d in graph.edges(data=True))} contacts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
