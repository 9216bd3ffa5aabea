"""FactRuEval-2016 facts (Track 3): Meeting and Occupation from our records, and a scorer.

Facts from a record
-------------------
* **Meeting**: one per ``meeting`` or ``phone_call`` event with at least two
  distinct participants that are people or organisations (a country as a
  side stands for its leader or delegation, which FactRuEval annotates
  instead); ``Participant`` = the canonical name of each.  A meeting whose
  participants are a subset of another's in the same document is dropped
  (the same meeting told twice).
* **Occupation**: one per title of a person (``attributes["titles"]``) whose
  organisation or place is known (:mod:`.occupation`, titles split into
  Position and Where by :mod:`.title_split`).

The scorer
----------
Our own implementation of the competition's matching, made strict
(:mod:`.fact_matching`): every gold slot matched by a predicted value as a
normalised string within Levenshtein distance 2, against all the written
forms the gold annotation allows (:mod:`.fact_gold`); gold and predicted
facts paired one to one in each document.

Precision = matched / predicted, recall = matched / gold, micro-averaged over
the documents.

The official Track 3 scorer is softer: a predicted fact that shares one
argument with a gold fact is paired with it and earns the share of
arguments that agree (matched gold slots over gold slots + unmatched
predicted slots).  The report gives that figure too ("soft"), with facts
paired greedily one to one, which approximates the official optimiser
(it lets several predicted facts share one gold fact).  For the official
figures run its scripts on ``ruevents export factrueval DIR -o OUT --track 3``
(see :mod:`ruevents.evaluation.factrueval_export`).

Reproduce: ``ruevents eval facts --factrueval ../shared/corpora/factrueval-2016/devset``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from ..records import Document as Record
from .fact_gold import gold_facts
from .fact_matching import FACT_TYPES, Fact, GoldFact, match_facts, soft_pairs
from .factrueval import Document, load_folder
from .occupation import occupation_facts

MEETING_EVENTS = ("meeting", "phone_call")
#: published best Track 3 F1 (test collection, official scorer): P, R, F1
REFERENCE = {"Meeting": (0.667, 0.148, 0.242), "Occupation": (None, None, 0.662), "all": (None, None, 0.508)}
#: meeting sides we keep: a country as a side stands for its leader or delegation
MEETING_SIDES = ("PER", "ORG")


def meeting_facts(record: Record) -> list[Fact]:
    """Meetings and calls with two or more people or organisations; repeats and subsets dropped."""
    names = {e.id: e.name for e in record.entities if e.type in MEETING_SIDES}
    groups: list[tuple[str, ...]] = []
    for event in record.events:
        if event.type not in MEETING_EVENTS:
            continue
        refs = [a.ref for a in event.arguments if a.role == "participant" and a.ref in names]
        participants = tuple(dict.fromkeys(names[ref] for ref in refs))
        if len(participants) >= 2 and not any(set(participants) <= set(g) for g in groups):
            groups = [g for g in groups if not set(g) < set(participants)] + [participants]
    return [Fact("Meeting", tuple(("Participant", name) for name in group)) for group in groups]


def record_facts(record: Record) -> list[Fact]:
    """Every fact we can state from one record."""
    return meeting_facts(record) + occupation_facts(record)


def prf(matched: float, gold: int, predicted: int) -> tuple[float, float, float]:
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    #: strictly matched pairs
    matched: int = 0
    #: sum of the soft qualities of the soft pairs
    soft: float = 0.0

    def strict_prf(self) -> tuple[float, float, float]:
        return prf(self.matched, self.gold, self.predicted)

    def soft_prf(self) -> tuple[float, float, float]:
        return prf(self.soft, self.gold, self.predicted)


@dataclass
class FactScores:
    """Counts per fact type and overall, with the unmatched facts for a report."""

    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in FACT_TYPES})
    missed: list[tuple[str, GoldFact]] = field(default_factory=list)
    spurious: list[tuple[str, Fact]] = field(default_factory=list)

    @property
    def overall(self) -> Counts:
        return Counts(*(sum(getattr(c, k) for c in self.by_type.values()) for k in ("gold", "predicted", "matched", "soft")))

    def add(self, doc_id: str, gold: Sequence[GoldFact], predicted: Sequence[Fact]) -> None:
        predicted = list(dict.fromkeys(predicted))
        for fact in gold:
            self.by_type.setdefault(fact.type, Counts()).gold += 1
        for fact in predicted:
            self.by_type.setdefault(fact.type, Counts()).predicted += 1
        pairs = match_facts(gold, predicted)
        for i, _ in pairs:
            self.by_type[gold[i].type].matched += 1
        for i, _, quality in soft_pairs(gold, predicted):
            self.by_type[gold[i].type].soft += quality
        matched_gold, matched_pred = {i for i, _ in pairs}, {j for _, j in pairs}
        self.missed += [(doc_id, g) for i, g in enumerate(gold) if i not in matched_gold]
        self.spurious += [(doc_id, p) for j, p in enumerate(predicted) if j not in matched_pred]


def score_documents(documents: Sequence[Document], records: Sequence[Record]) -> FactScores:
    scores = FactScores()
    for document, record in zip(documents, records, strict=True):
        scores.add(document.id, gold_facts(document), [f for f in record_facts(record) if f.type in FACT_TYPES])
    return scores


def _figures(values: Sequence[float | None]) -> str:
    return "".join(f"{x:7.3f}" if x is not None else f"{'-':>7}" for x in values)


def format_report(scores: FactScores, *, documents: int, examples: int = 0, failed: Sequence[str] = ()) -> str:
    """The P/R/F1 table, strict and soft, beside the best published Track 3 figures."""
    lines = [
        f"FactRuEval-2016 facts (Track 3 types Meeting, Occupation): {documents} documents",
        f"{'':<11}{'strict':^21}{'soft (official-style)':^21}{'':6}{'best published':^21}",
        f"{'type':<11}{'P':>7}{'R':>7}{'F1':>7}{'P':>7}{'R':>7}{'F1':>7}{'':6}{'P':>7}{'R':>7}{'F1':>7}{'match':>7}{'gold':>6}{'pred':>6}",
    ]
    rows = [(name, scores.by_type[name], REFERENCE[name]) for name in FACT_TYPES]
    rows.append(("all", scores.overall, REFERENCE["all"]))
    for name, counts, reference in rows:
        lines.append(
            f"{name:<11}{_figures(counts.strict_prf())}{_figures(counts.soft_prf())}{'':6}{_figures(reference)}"
            f"{counts.matched:7d}{counts.gold:6d}{counts.predicted:6d}"
        )
    lines += [
        "strict: every gold slot matched (Levenshtein <= 2 on normalised strings), one-to-one facts.",
        "soft: the official scorer's per-argument quality, facts paired greedily one to one (an approximation).",
        "best published: Track 3 on the test collection with the official scorer; its 'all' covers all four fact types.",
    ]
    if failed:
        lines.append(f"analysis failed on {len(failed)} document(s), scored as empty: " + ", ".join(f"book_{d}" for d in failed))
    if examples:
        lines += ["", f"missed gold facts (first {examples}):"]
        for doc_id, fact in scores.missed[:examples]:
            lines.append(f"  book_{doc_id} {fact.type}: " + "; ".join(f"{s}={alts[0] if alts else ''}" for s, alts in fact.slots))
        lines += ["", f"unmatched predicted facts (first {examples}):"]
        for doc_id, fact in scores.spurious[:examples]:
            lines.append(f"  book_{doc_id} {fact.type}: " + "; ".join(f"{s}={v}" for s, v in fact.slots))
    return "\n".join(lines)


def run_facts(path: Path, *, limit: int | None = None, examples: int = 0) -> str:
    """Run ruevents over a FactRuEval folder and return the printable facts report."""
    import ruevents

    documents = load_folder(Path(path))[:limit]
    records = list(ruevents.extract_many([(d.text, {"doc_id": d.id}) for d in documents]))
    failed = [r.doc_id for r in records if any(e.startswith("analysis failed") for e in r.errors)]
    return format_report(score_documents(documents, records), documents=len(documents), examples=examples, failed=failed)
