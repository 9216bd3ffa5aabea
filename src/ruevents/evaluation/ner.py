"""NER on FactRuEval: token-level IO precision, recall and F1 per type.

The metric is the one natasha's benchmark (naeval) publishes for slovnet, so
our figures can be set beside theirs:

* the text is cut into razdel tokens; a token is tagged with the type of the
  mention that covers it (IO: no begin/inside distinction, so a boundary error
  costs only the tokens it moves);
* gold ``Person`` is the whole object, ``Org`` its ``org_name`` spans,
  ``Location`` and ``LocOrg`` their ``loc_name`` spans, both as LOC;
* a gold span that overlaps an earlier one (``мид Грузии`` as ORG around
  ``Грузии`` as LOC) or whose ends are not razdel token ends is dropped.

Both systems run in the same call on the same documents: raw slovnet over the
whole text (what natasha's ``NewsNERTagger`` does) and the ruevents pipeline.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from ..backends import razdel as razdel_backend
from .factrueval import Document, load_folder

TYPES: tuple[str, ...] = ("PER", "LOC", "ORG")

#: FactRuEval object type -> our label, and which of its spans count.
GOLD_TYPES: dict[str, tuple[str, str | None]] = {
    "Person": ("PER", None),  # None: the object from its first to its last span
    "Org": ("ORG", "org_name"),
    "Location": ("LOC", "loc_name"),
    "LocOrg": ("LOC", "loc_name"),
}


@dataclass(frozen=True)
class Mention:
    """A labelled character range ``[start, stop)``."""

    start: int
    stop: int
    type: str


def drop_overlapping(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep the first (then the longest) of overlapping mentions, as naeval does."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -m.stop)):
        if kept and kept[-1].stop > mention.start:
            continue
        kept.append(mention)
    return kept


def gold_mentions(document: Document) -> list[Mention]:
    """Gold PER/LOC/ORG mentions of one document, before token alignment."""
    mentions: list[Mention] = []
    for obj in document.objects:
        if obj.type not in GOLD_TYPES:
            continue  # Project, Facility: not scored
        label, span_type = GOLD_TYPES[obj.type]
        if span_type is None:
            mentions.append(Mention(obj.start, obj.stop, label))
        else:
            # an object may name itself twice (``org_name`` nested in another)
            own = [Mention(s.start, s.stop, label) for s in obj.spans if s.type == span_type]
            mentions.extend(drop_overlapping(own))
    return drop_overlapping(mentions)


def drop_misaligned(mentions: Iterable[Mention], tokens: Sequence[razdel_backend.Piece]) -> list[Mention]:
    """Mentions whose ends fall on token ends (``Москва-Баку`` is one razdel token)."""
    starts, stops = {t.start for t in tokens}, {t.end for t in tokens}
    return [m for m in mentions if m.start in starts and m.stop in stops]


def io_tags(tokens: Sequence[razdel_backend.Piece], mentions: Iterable[Mention]) -> list[str | None]:
    """The type of the mention each token starts in, or ``None``.

    "Starts in" rather than "lies in" so that a predicted span cut mid-token
    still marks the token, as naeval's tagging does.
    """
    tags: list[str | None] = [None] * len(tokens)
    starts = [t.start for t in tokens]
    for mention in mentions:
        for index in range(bisect_left(starts, mention.start), len(tokens)):
            if tokens[index].start >= mention.stop:
                break
            tags[index] = mention.type
    return tags


@dataclass
class Counts:
    """Token counts for one type; adds up over documents (micro averaging)."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: "Counts") -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Counts per type for one system over a set of documents."""

    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})

    def add_document(self, predicted: list[str | None], gold: list[str | None]) -> None:
        for pred, true in zip(predicted, gold):
            if pred in self.by_type:
                self.by_type[pred].predicted += 1
                if pred == true:
                    self.by_type[pred].correct += 1
            if true in self.by_type:
                self.by_type[true].gold += 1

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.by_type.values():
            total.add(counts)
        return total


def score_documents(
    documents: Sequence[Document], predictions: Sequence[Sequence[Mention]]
) -> Scores:
    """IO scores of ``predictions`` (one list of mentions per document)."""
    if len(documents) != len(predictions):
        raise ValueError(f"expected one prediction list per document ({len(documents)}), got {len(predictions)}")
    scores = Scores()
    for document, predicted in zip(documents, predictions):
        tokens = list(razdel_backend.tokens(document.text))
        gold = drop_misaligned(gold_mentions(document), tokens)
        scores.add_document(io_tags(tokens, predicted), io_tags(tokens, gold))
    return scores


def slovnet_mentions(texts: Sequence[str]) -> list[list[Mention]]:
    """Raw slovnet news NER on whole texts, as natasha's ``NewsNERTagger`` runs it."""
    from ..backends.slovnet import ner_model

    return [[Mention(s.start, s.stop, s.type) for s in markup.spans] for markup in ner_model().map(list(texts))]


def doc_mentions(doc: Doc) -> list[Mention]:
    """``doc.ents`` as character-offset mentions."""
    return [Mention(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def pipeline_mentions(texts: Sequence[str], nlp: Language, *, batch_size: int = 32) -> list[list[Mention]]:
    """``doc.ents`` of a ruevents pipeline."""
    return [doc_mentions(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]


@dataclass(frozen=True)
class SystemResult:
    name: str
    scores: Scores
    seconds: float


def evaluate(documents: Sequence[Document], nlp: Language) -> list[SystemResult]:
    """Raw slovnet and the given pipeline, scored on the same documents.

    Times include loading whatever models the system has not loaded yet.
    """
    texts = [d.text for d in documents]
    results = []
    for name, predict in (("raw slovnet", slovnet_mentions), ("ruevents", lambda t: pipeline_mentions(t, nlp))):
        started = time.perf_counter()
        predictions = predict(texts)
        seconds = time.perf_counter() - started
        results.append(SystemResult(name, score_documents(documents, predictions), seconds))
    return results


def format_table(results: Sequence[SystemResult], *, documents: int) -> str:
    """A plain-text table: one row per type plus the micro average."""
    header = ["type"] + [f"{part} {r.name}" for r in results for part in ("P", "R", "F1")]
    rows = []
    for label in (*TYPES, "micro"):
        row = [label]
        for result in results:
            counts = result.scores.micro if label == "micro" else result.scores.by_type[label]
            row += [f"{counts.precision:.3f}", f"{counts.recall:.3f}", f"{counts.f1:.3f}"]
        rows.append(row)
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(line, widths)) for line in [header, *rows]]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    timing = ", ".join(f"{r.name} {r.seconds:.1f} s" for r in results)
    gold = results[0].scores.micro.gold if results else 0
    return (
        f"NER, token-level IO F1 (naeval metric), {documents} documents, {gold} gold entity tokens\n"
        + "\n".join(lines)
        + f"\ntime: {timing}"
    )


def rule_ablation(documents: Sequence[Document], nlp: Language) -> str:
    """F1 per type with no NER rules, all of them, and all but each one.

    The pipeline runs once with the rules switched off; the rule sets are then
    applied to copies of the model's entities, so this costs one run.
    """
    from ..stages import ner_rules

    component = nlp.get_pipe("ruevents_ner_rules")
    enabled = component.rules
    component.rules = ()
    try:
        docs = list(nlp.pipe([d.text for d in documents]))
    finally:
        component.rules = enabled
    model_ents = [list(doc.ents) for doc in docs]

    def f1_row(name: str, rules: Sequence[str]) -> str:
        predictions = []
        for doc, ents in zip(docs, model_ents):
            doc.ents = ents
            kept = ner_rules.apply_rules(doc, rules)
            predictions.append([Mention(doc[s:e].start_char, doc[s:e].end_char, label) for s, e, label in kept])
        scores = score_documents(documents, predictions)
        cells = [f"{scores.by_type[t].f1:.4f}" for t in TYPES] + [f"{scores.micro.f1:.4f}"]
        return f"{name:<28} " + " ".join(f"{c:>7}" for c in cells)

    names = list(ner_rules.RULES)
    lines = [f"{'rules':<28} " + " ".join(f"{t:>7}" for t in (*TYPES, "micro"))]
    lines.append(f1_row("none", ()))
    lines.append(f1_row("all", names))
    lines += [f1_row(f"all but {name}", [n for n in names if n != name]) for name in names]
    return "\n".join(lines)


def run(path: Path, *, nlp: Language | None = None) -> str:
    """Load a FactRuEval folder, run both systems, return the printable report."""
    documents = load_folder(Path(path))
    if nlp is None:
        import ruevents

        nlp = ruevents.load()
    return format_table(evaluate(documents, nlp), documents=len(documents))


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m ruevents.evaluation.ner DIR [--ablate]``."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="FactRuEval-2016 folder (devset or testset)")
    parser.add_argument("--ablate", action="store_true", help="F1 with each NER rule left out")
    args = parser.parse_args(argv)
    if not args.ablate:
        print(run(args.folder))
        return
    import ruevents

    print(rule_ablation(load_folder(args.folder), ruevents.load()))


if __name__ == "__main__":
    main()
