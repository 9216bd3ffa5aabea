"""The texts the speed benchmark runs over.

Every worker process rebuilds its corpus from the same description, so the
systems read exactly the same documents and nothing large crosses process
boundaries.  The sample corpus is ours (``data/sample``); NEREL dev is read
from ``../shared/corpora`` and never copied.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"
NEREL = (ROOT / ".." / "shared" / "corpora" / "nerel-1.1").resolve()
NEREL_DEV = NEREL / "dev"


@dataclass(frozen=True)
class Item:
    """One document: its id, text and publication date (``None`` when unknown)."""

    doc_id: str
    text: str
    date: str | None


def sample_items(sample_dir: Path = SAMPLE_DIR) -> list[Item]:
    """The team's sample news texts with their dates from ``dates.csv``."""
    with open(sample_dir / "dates.csv", encoding="utf-8", newline="") as handle:
        dates = {row["doc_id"]: row["date"] for row in csv.DictReader(handle)}
    paths = sorted(sample_dir.glob("*.txt"))
    if not paths:
        raise FileNotFoundError(f"expected news texts in {sample_dir}/*.txt, got none")
    return [Item(path.name, path.read_text(encoding="utf-8"), dates.get(path.name)) for path in paths]


def replicated(items: list[Item], times: int) -> list[Item]:
    """``items`` repeated ``times`` times, each copy with its own id."""
    if times < 1:
        raise ValueError(f"expected a replication factor >= 1, got {times}")
    return [Item(f"{item.doc_id}#{copy}", item.text, item.date) for copy in range(times) for item in items]


def nerel_items(nerel_dir: Path = NEREL_DEV, *, limit: int | None = None) -> list[Item]:
    """NEREL dev texts (no dates: NEREL does not give them); empty when the corpus is absent."""
    if not nerel_dir.is_dir():
        return []
    paths = sorted(nerel_dir.glob("*.txt"))[:limit]
    return [Item(path.name, path.read_text(encoding="utf-8"), None) for path in paths]


def corpus(name: str, *, replicate: int = 20, nerel_limit: int | None = None) -> list[Item]:
    """A named corpus: ``sample`` (replicated) or ``nerel`` (dev texts, maybe the first ``nerel_limit``)."""
    if name == "sample":
        return replicated(sample_items(), replicate)
    if name == "nerel":
        return nerel_items(limit=nerel_limit)
    raise ValueError(f"expected corpus name 'sample' or 'nerel', got {name!r}")


def sized_document(target_bytes: int) -> Item:
    """One long document of at least ``target_bytes`` bytes of UTF-8 (Cyrillic
    takes two bytes a letter): sample texts concatenated, separated by a blank
    line, in order and over again."""
    texts = [item.text.strip() for item in sample_items()]
    pieces: list[str] = []
    length, k = 0, 0
    while length < target_bytes:
        piece = texts[k % len(texts)]
        pieces.append(piece)
        length += len(piece.encode("utf-8")) + 2
        k += 1
    return Item(f"sized-{target_bytes}", "\n\n".join(pieces), "2020-01-15")


def short_documents(count: int, *, distinct: int | None = None) -> list[Item]:
    """``count`` short documents: the paragraphs (over 40 characters) of the
    sample texts and of NEREL dev and train (when present), cycled; with
    ``distinct``, only the first ``distinct`` paragraphs, cycled.

    All of them (~7,100) keep bringing new words and longer sentences, as a
    year of news would, so caches and spaCy's string store grow for most of a
    10,000-document run; a few cycled measure what grows per document alone.
    """
    paragraphs: list[str] = []
    for item in sample_items() + nerel_items() + nerel_items(NEREL / "train"):
        paragraphs.extend(line.strip() for line in item.text.splitlines() if len(line.strip()) > 40)
    paragraphs = paragraphs[:distinct]
    return [Item(f"short-{k}", paragraphs[k % len(paragraphs)], "2020-01-15") for k in range(count)]


def describe(items: list[Item]) -> dict:
    """Counts that go into the results: documents, characters, bytes."""
    return {
        "documents": len(items),
        "characters": sum(len(item.text) for item in items),
        "bytes_utf8": sum(len(item.text.encode("utf-8")) for item in items),
    }
