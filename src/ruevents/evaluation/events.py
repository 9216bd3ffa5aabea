"""Events: trigger and argument precision, recall and F1, ruevents beside the naive baseline.

Matching (one-to-one, in each document):

* a predicted trigger matches a gold trigger when their character spans
  overlap and, on a typed corpus (``data/annotated``), their types are equal;
  on an untyped one (NEREL) any type goes.  Among the possible pairings the
  largest is taken, preferring the pairs that overlap most;
* an argument is correct when its event matched a gold event and its mention
  overlaps a mention filling the same role of that gold event.  Arguments of
  unmatched events count as wrong (precision) and missed (recall).

Figures are micro averages over all documents: overall, per event type, per
role, and for the contact subset (meeting, phone_call, visit, statement,
agreement).  A predicted item is counted under its own type, a gold item
under the gold type; on NEREL the gold type is the one our trigger lexicon
gives the lemmas of the gold trigger (:func:`lexicon_type`), or ``unlisted``.

Both systems come from one pipeline run: ruevents' record and the baseline
(:mod:`ruevents.evaluation.baseline`) built from the same analysed ``Doc``.

Command line: ``ruevents eval events --annotated data/annotated`` or
``ruevents eval events --nerel ../shared/corpora/nerel-1.1/dev``.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from spacy.tokens import Doc

from ..records import Document
from .annotated import CONTACT_TYPES, EVENT_TYPES
from .matching import max_matching

Fragments = tuple[tuple[int, int], ...]
ROLES = ("participant", "place", "time")
#: the gold type of a NEREL event whose trigger our lexicon does not know
UNLISTED = "unlisted"
SYSTEMS = ("ruevents", "baseline")
SKIPPED_POS = ("PUNCT", "SPACE")


@dataclass(frozen=True)
class ScoredArgument:
    role: str
    mention: Fragments
    text: str


@dataclass(frozen=True)
class ScoredEvent:
    """What the scorer sees of an event, predicted or gold; spans may be discontinuous."""

    type: str | None
    trigger: Fragments
    text: str
    arguments: tuple[ScoredArgument, ...] = ()
    modality: str | None = None
    confidence: float | None = None


def overlap(a: Fragments, b: Fragments) -> int:
    """Number of characters two (possibly discontinuous) spans share."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _extent(a: Fragments) -> int:
    return sum(e - s for s, e in a)


def scored_events(record: Document) -> list[ScoredEvent]:
    """A contract record's events as the scorer sees them."""
    return [
        ScoredEvent(
            event.type,
            ((event.trigger.start, event.trigger.end),),
            event.trigger.text,
            tuple(ScoredArgument(a.role, ((a.start, a.end),), a.text) for a in event.arguments),
            event.modality,
            event.confidence,
        )
        for event in record.events
    ]


# --------------------------------------------------------------------------- counting


@dataclass
class Counts:
    """Matched and total items on each side.

    One-to-one matching makes the two ``correct`` figures equal overall; in a
    per-type row of an untyped corpus they differ (a predicted ``meeting`` may
    match a gold event the lexicon calls ``unlisted``).
    """

    correct_predicted: int = 0
    predicted: int = 0
    correct_gold: int = 0
    gold: int = 0

    def add(self, other: "Counts") -> "Counts":
        self.correct_predicted += other.correct_predicted
        self.predicted += other.predicted
        self.correct_gold += other.correct_gold
        self.gold += other.gold
        return self

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "correct_predicted": self.correct_predicted, "predicted": self.predicted,
            "correct_gold": self.correct_gold, "gold": self.gold,
        }


def _total(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for item in counts:
        total.add(item)
    return total


@dataclass
class Scores:
    """Trigger counts per type and argument counts per (type, role) for one system."""

    triggers: dict[str, Counts] = field(default_factory=dict)
    arguments: dict[tuple[str, str], Counts] = field(default_factory=dict)

    def trigger(self, types: Iterable[str] | None = None) -> Counts:
        keys = set(self.triggers) if types is None else set(types)
        return _total(c for t, c in self.triggers.items() if t in keys)

    def argument(self, types: Iterable[str] | None = None, roles: Iterable[str] | None = None) -> Counts:
        type_keys = None if types is None else set(types)
        role_keys = None if roles is None else set(roles)
        return _total(
            c for (t, r), c in self.arguments.items()
            if (type_keys is None or t in type_keys) and (role_keys is None or r in role_keys)
        )

    def types(self) -> list[str]:
        """Every type seen, in the order of ``EVENT_TYPES``, then others, ``unlisted`` last."""
        seen = set(self.triggers) | {t for t, _ in self.arguments}
        known = [t for t in EVENT_TYPES if t in seen]
        return known + sorted(seen - set(known) - {UNLISTED}) + ([UNLISTED] if UNLISTED in seen else [])

    def roles(self) -> list[str]:
        seen = {r for _, r in self.arguments}
        return [r for r in ROLES if r in seen] + sorted(seen - set(ROLES))

    def _trigger_counts(self, kind: str) -> Counts:
        return self.triggers.setdefault(kind, Counts())

    def _argument_counts(self, kind: str, role: str) -> Counts:
        return self.arguments.setdefault((kind, role), Counts())

    def to_json(self) -> dict[str, Any]:
        return {
            "triggers": {
                "all": self.trigger().to_json(),
                "contact": self.trigger(CONTACT_TYPES).to_json(),
                "by_type": {t: self.trigger([t]).to_json() for t in self.types()},
            },
            "arguments": {
                "all": self.argument().to_json(),
                "contact": self.argument(CONTACT_TYPES).to_json(),
                "by_type": {t: self.argument([t]).to_json() for t in self.types()},
                "by_role": {r: self.argument(roles=[r]).to_json() for r in self.roles()},
                "contact_by_role": {r: self.argument(CONTACT_TYPES, [r]).to_json() for r in self.roles()},
            },
        }


# --------------------------------------------------------------------------- matching


def match_events(predicted: Sequence[ScoredEvent], gold: Sequence[ScoredEvent], *, typed: bool) -> dict[int, int]:
    """Predicted index → gold index of the matched events."""

    def preference(i: int, j: int) -> tuple | None:
        p, g = predicted[i], gold[j]
        shared = overlap(p.trigger, g.trigger)
        if shared == 0 or (typed and p.type != g.type):
            return None
        # most shared characters, then the least left over: «встречи» is closer to «встречи» than to «встречи на Эльбе»
        return (shared, -(_extent(p.trigger) + _extent(g.trigger) - 2 * shared))

    return max_matching(len(predicted), len(gold), preference)


def match_arguments(predicted: ScoredEvent, gold: ScoredEvent) -> dict[int, int]:
    """Predicted argument index → gold argument index: same role, overlapping mentions."""

    def preference(i: int, j: int) -> tuple | None:
        p, g = predicted.arguments[i], gold.arguments[j]
        shared = overlap(p.mention, g.mention)
        if shared == 0 or p.role != g.role:
            return None
        return (shared, -(_extent(p.mention) + _extent(g.mention) - 2 * shared))

    return max_matching(len(predicted.arguments), len(gold.arguments), preference)


def score_document(
    predicted: Sequence[ScoredEvent], gold: Sequence[ScoredEvent], scores: Scores, *, typed: bool
) -> dict[int, int]:
    """Add one document's counts to ``scores``; return the event pairing (predicted → gold)."""
    pairs = match_events(predicted, gold, typed=typed)
    for i, event in enumerate(predicted):
        kind = event.type or UNLISTED
        counts = scores._trigger_counts(kind)
        counts.predicted += 1
        counts.correct_predicted += i in pairs
        for argument in event.arguments:
            scores._argument_counts(kind, argument.role).predicted += 1
    matched_gold = {j: i for i, j in pairs.items()}
    for j, event in enumerate(gold):
        kind = event.type or UNLISTED
        counts = scores._trigger_counts(kind)
        counts.gold += 1
        counts.correct_gold += j in matched_gold
        for argument in event.arguments:
            scores._argument_counts(kind, argument.role).gold += 1
    for i, j in pairs.items():
        p, g = predicted[i], gold[j]
        for a, b in match_arguments(p, g).items():
            scores._argument_counts(p.type or UNLISTED, p.arguments[a].role).correct_predicted += 1
            scores._argument_counts(g.type or UNLISTED, g.arguments[b].role).correct_gold += 1
    return pairs


# --------------------------------------------------------------------------- lemmas and lexicon types


def span_lemmas(doc: Doc, fragments: Fragments) -> tuple[str, ...]:
    """Lemmas of the tokens a (possibly discontinuous) span touches, punctuation left out."""
    lemmas = []
    for start, end in fragments:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            lemmas += [t.lemma_ for t in span if t.pos_ not in SKIPPED_POS]
    return tuple(lemmas)


def lexicon_type(lemmas: Sequence[str]) -> str | None:
    """The type our trigger lexicon gives these lemmas: the first (longest) phrase all of whose lemmas are there."""
    from ..events import trigger_lexicon

    lexicon = trigger_lexicon()
    present = set(lemmas)
    for lemma in lemmas:
        for phrase, kind in lexicon.get(lemma, ()):
            if present.issuperset(phrase):
                return kind
    return None


# --------------------------------------------------------------------------- running both systems


CONFIDENCE_BINS = ((0.0, 0.55), (0.55, 0.7), (0.7, 0.85), (0.85, 1.01))


@dataclass
class Evaluation:
    """Both systems' scores on one corpus, with what ruevents missed and got wrong."""

    corpus: str
    documents: int
    typed: bool
    scores: dict[str, Scores] = field(default_factory=lambda: {name: Scores() for name in SYSTEMS})
    #: system → Counter of the lemmas of gold triggers it did not find
    missed: dict[str, Counter] = field(default_factory=lambda: {name: Counter() for name in SYSTEMS})
    #: system → Counter of (type, lemmas) of its triggers that matched no gold trigger
    spurious: dict[str, Counter] = field(default_factory=lambda: {name: Counter() for name in SYSTEMS})
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: system → Counter of (gold modality, predicted modality) over matched triggers (typed corpora)
    modality: dict[str, Counter] = field(default_factory=lambda: {name: Counter() for name in SYSTEMS})
    #: system → (confidence, trigger matched a gold one) for every predicted event
    calibration: dict[str, list[tuple[float, bool]]] = field(default_factory=lambda: {name: [] for name in SYSTEMS})

    def modality_accuracy(self, system: str) -> float:
        pairs = self.modality[system]
        total = sum(pairs.values())
        return sum(n for (gold, pred), n in pairs.items() if gold == pred) / total if total else 0.0

    def calibration_table(self, system: str) -> list[tuple[str, int, float]]:
        """(confidence bin, events, share whose trigger is right): higher bins should be more often right."""
        rows = []
        for low, high in CONFIDENCE_BINS:
            inside = [ok for conf, ok in self.calibration[system] if low <= conf < high]
            rows.append((f"{low:.2f}-{min(high, 1.0):.2f}", len(inside), sum(inside) / len(inside) if inside else 0.0))
        return rows

    def to_json(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "documents": self.documents,
            "matching": "overlap, same type" if self.typed else "overlap, any type",
            "contact_types": list(CONTACT_TYPES),
            "systems": {name: scores.to_json() for name, scores in self.scores.items()},
            "missed_trigger_lemmas": {name: dict(c.most_common()) for name, c in self.missed.items()},
            "modality_accuracy": {name: self.modality_accuracy(name) for name in self.scores} if self.typed else None,
            "calibration": {name: self.calibration_table(name) for name in self.scores},
            "errors": self.errors,
        }


def analyse(items: Sequence[tuple[str, str | None]], *, batch_size: int = 32) -> Iterator[tuple[Doc, Document]]:
    """(text, date) pairs → (analysed ``Doc``, ruevents record), batched as ``extract_many`` does.

    The ``Doc`` is kept because the baseline and the lexicon types need its
    lemmas and sentences; the record is the one ``extract_many`` would return.
    A document that makes the pipeline fail comes back bare, its error in the record.
    """
    import ruevents
    from ..api import to_record

    nlp = ruevents.load()
    for first in range(0, len(items), batch_size):
        docs = []
        for text, date in items[first : first + batch_size]:
            doc = nlp.make_doc(text)
            doc._.date = date
            docs.append(doc)
        try:
            analysed = list(nlp.pipe(docs, batch_size=batch_size))
        except Exception:  # find the document that broke the batch
            analysed = [_analyse_alone(nlp, doc) for doc in docs]
        for doc in analysed:
            yield doc, to_record(doc, date=doc._.date)


def _analyse_alone(nlp, doc: Doc) -> Doc:
    try:
        return nlp(doc)
    except Exception as error:  # scored as a document with no events; the run goes on
        bare = nlp(nlp.make_doc(doc.text), disable=[name for name in nlp.pipe_names])
        bare._.date = doc._.date
        bare._.errors = [f"analysis failed: {type(error).__name__}: {error}"]
        return bare


#: Our event types that NEREL does not annotate as EVENT: its guidelines leave
#: speech acts («заявил», «сообщил») out, so scoring them there would count
#: every correct statement as a false trigger.  ``--nerel-statements`` scores
#: them anyway.
NEREL_UNSCORED_TYPES = frozenset({"statement"})


def evaluate(
    documents: Sequence[tuple[str, str | None, list[ScoredEvent]]],
    *,
    corpus: str,
    typed: bool,
    batch_size: int = 32,
    unscored_types: frozenset[str] = frozenset(),
) -> Evaluation:
    """Score ruevents and the baseline on (text, date, gold events) triples.

    Gold events with ``type=None`` (NEREL) get the type our lexicon gives
    their trigger's lemmas, or :data:`UNLISTED`.
    """
    from .baseline import baseline_record

    started = time.perf_counter()
    evaluation = Evaluation(corpus, len(documents), typed)
    analysed = analyse([(text, date) for text, date, _ in documents], batch_size=batch_size)
    for (text, _, gold), (doc, record) in zip(documents, analysed):
        if doc.text != text:
            raise ValueError(f"expected the analysed text to equal the gold text, got {len(doc.text)} vs {len(text)} characters")
        evaluation.errors += record.errors
        gold_lemmas = [" ".join(span_lemmas(doc, g.trigger)) or g.text.lower() for g in gold]
        if not typed:
            gold = [replace(g, type=lexicon_type(lemmas.split()) or UNLISTED) for g, lemmas in zip(gold, gold_lemmas)]
        systems = {"ruevents": record, "baseline": baseline_record(doc, record)}
        for name, system_record in systems.items():
            predicted = [p for p in scored_events(system_record) if p.type not in unscored_types]
            pairs = score_document(predicted, gold, evaluation.scores[name], typed=typed)
            found = set(pairs.values())
            for i, p in enumerate(predicted):
                if p.confidence is not None:
                    evaluation.calibration[name].append((p.confidence, i in pairs))
            if typed:
                evaluation.modality[name].update((gold[j].modality, predicted[i].modality) for i, j in pairs.items())
            evaluation.missed[name].update(lemmas for j, lemmas in enumerate(gold_lemmas) if j not in found)
            evaluation.spurious[name].update(
                (p.type, " ".join(span_lemmas(doc, p.trigger))) for i, p in enumerate(predicted) if i not in pairs
            )
    evaluation.seconds = time.perf_counter() - started
    return evaluation


def run_annotated(folder: str | Path, *, split: str = "test", batch_size: int = 32) -> Evaluation:
    """Score on ``data/annotated``: ``split`` is ``train``, ``test`` or ``all``."""
    from .annotated import load_annotated

    if split not in ("train", "test", "all"):
        raise ValueError(f"expected split train, test or all, got {split!r}")
    folder = Path(folder)
    corpus = load_annotated(folder if split == "all" else folder / split)
    if not corpus:
        raise ValueError(f"expected annotated documents in {folder if split == 'all' else folder / split}, found none (is the split written yet? try --split train)")
    documents = [(text, record.date, scored_events(record)) for text, record in corpus]
    return evaluate(documents, corpus=f"annotated {split} ({folder})", typed=True, batch_size=batch_size)


def run_nerel(
    folder: str | Path, *, limit: int | None = None, agent: bool = False, statements: bool = False, batch_size: int = 32
) -> Evaluation:
    """Score on a NEREL brat folder; ``agent`` counts ``AGENT`` relations as participants too."""
    from .nerel import ROLE_RELATIONS, ROLE_RELATIONS_WITH_AGENT, gold_events, read_folder

    relations = ROLE_RELATIONS_WITH_AGENT if agent else ROLE_RELATIONS
    brat = read_folder(folder, limit=limit)
    documents = [(d.text, None, gold_events(d, relations=relations)) for d in brat]
    name = f"NEREL {Path(folder).name} ({folder})" + (", AGENT as participant" if agent else "")
    unscored = frozenset() if statements else NEREL_UNSCORED_TYPES
    if unscored:
        name += f"; {', '.join(sorted(unscored))} events not scored (NEREL does not annotate speech acts)"
    return evaluate(documents, corpus=name, typed=False, batch_size=batch_size, unscored_types=unscored)


# --------------------------------------------------------------------------- report


def _cells(counts: Counts) -> str:
    return (
        f"{100 * counts.precision:6.1f} {100 * counts.recall:6.1f} {100 * counts.f1:6.1f}"
        f" {counts.predicted:6d} {counts.gold:6d}"
    )


def _system_table(name: str, scores: Scores) -> list[str]:
    blank = " " * 34
    lines = [
        f"{name}",
        f"{'':22} {'triggers':<34} | {'arguments':<34}",
        f"{'':22} {'P':>6} {'R':>6} {'F1':>6} {'pred':>6} {'gold':>6} | {'P':>6} {'R':>6} {'F1':>6} {'pred':>6} {'gold':>6}",
        f"{'all':22} {_cells(scores.trigger())} | {_cells(scores.argument())}",
        f"{'contact':22} {_cells(scores.trigger(CONTACT_TYPES))} | {_cells(scores.argument(CONTACT_TYPES))}",
    ]
    for kind in scores.types():
        lines.append(f"{'  ' + kind:22} {_cells(scores.trigger([kind]))} | {_cells(scores.argument([kind]))}")
    for role in scores.roles():
        lines.append(f"{'role ' + role:22} {blank} | {_cells(scores.argument(roles=[role]))}")
    for role in scores.roles():
        lines.append(f"{'contact ' + role:22} {blank} | {_cells(scores.argument(CONTACT_TYPES, [role]))}")
    return lines


def format_report(evaluation: Evaluation, *, missed: int = 0) -> str:
    """Summary of both systems, one table per system, and optionally the most missed gold triggers."""
    matching = "overlap and same type" if evaluation.typed else "overlap, any type; gold typed by our lexicon"
    lines = [
        f"Events on {evaluation.corpus}: {evaluation.documents} documents, triggers match on {matching}",
        f"contact = {', '.join(CONTACT_TYPES)}; P/R/F1 in %, micro-averaged",
        "",
        f"{'system':10} {'trigger F1 all':>15} {'contact':>8} {'argument F1 all':>16} {'contact':>8}",
    ]
    for name, scores in evaluation.scores.items():
        lines.append(
            f"{name:10} {100 * scores.trigger().f1:15.1f} {100 * scores.trigger(CONTACT_TYPES).f1:8.1f}"
            f" {100 * scores.argument().f1:16.1f} {100 * scores.argument(CONTACT_TYPES).f1:8.1f}"
        )
    if evaluation.typed:
        lines += ["", "modality accuracy on matched triggers: " + ", ".join(
            f"{name} {100 * evaluation.modality_accuracy(name):.1f}%" for name in evaluation.scores)]
    lines += ["", "ruevents confidence vs trigger precision: " + "; ".join(
        f"{label}: {100 * share:.0f}% of {count}" for label, count, share in evaluation.calibration_table("ruevents"))]
    for name, scores in evaluation.scores.items():
        lines += ["", *_system_table(name, scores)]
    if missed:
        lines += ["", f"gold triggers ruevents missed, by lemmas (top {missed}):"]
        lines += [f"  {count:4d}  {lemmas}" for lemmas, count in evaluation.missed["ruevents"].most_common(missed)]
        lines += ["", f"ruevents triggers that matched no gold trigger, by type and lemmas (top {missed}):"]
        lines += [f"  {count:4d}  {kind:<12} {lemmas}" for (kind, lemmas), count in evaluation.spurious["ruevents"].most_common(missed)]
    if evaluation.errors:
        lines += ["", f"{len(evaluation.errors)} document error(s): " + "; ".join(evaluation.errors[:5])]
    lines += ["", f"time: {evaluation.seconds:.1f} s"]
    return "\n".join(lines)


def write_json(evaluations: Mapping[str, Evaluation], path: str | Path) -> None:
    """All figures, keyed by corpus (``annotated``, ``nerel``), for regenerating the README table."""
    import json

    payload = {key: evaluation.to_json() for key, evaluation in evaluations.items()}
    Path(path).write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
