"""Evaluation results as DataFrames, and the argument errors behind them, for notebook 03.

The figures come from :mod:`ruevents.evaluation.events` (the scorer behind
``ruevents eval events``); this module only lays them out as tables and
lists, per gold document, which arguments ruevents missed or added, each with
its sentence, so an analyst can read why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ._deps import require

pd = require("pandas")

SCORE_COLUMNS = ["precision", "recall", "f1", "predicted", "gold", "correct"]


def _row(counts) -> dict[str, Any]:
    return {
        "precision": counts.precision, "recall": counts.recall, "f1": counts.f1,
        "predicted": counts.predicted, "gold": counts.gold, "correct": counts.correct_gold,
    }


def scores_by_type(scores) -> Any:
    """Trigger and argument P/R/F1 per event type, then the contact subset and all types.

    ``scores`` is an ``evaluation.events.Scores`` (``Evaluation.scores["ruevents"]``).
    Columns are a two-level index: (``trigger`` | ``argument``, measure).
    """
    from ..evaluation.annotated import CONTACT_TYPES

    groups = [(kind, [kind]) for kind in scores.types()] + [("contact", list(CONTACT_TYPES)), ("all", None)]
    rows = {}
    for label, types in groups:
        trigger, argument = scores.trigger(types), scores.argument(types)
        rows[label] = {**{("trigger", k): v for k, v in _row(trigger).items()},
                       **{("argument", k): v for k, v in _row(argument).items()}}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.columns = pd.MultiIndex.from_tuples(frame.columns)
    frame.index.name = "type"
    return frame


def scores_by_role(scores) -> Any:
    """Argument P/R/F1 per role, over all event types and over the contact types."""
    from ..evaluation.annotated import CONTACT_TYPES

    rows = []
    for subset, types in (("all", None), ("contact", list(CONTACT_TYPES))):
        for role in scores.roles():
            rows.append({"events": subset, "role": role, **_row(scores.argument(types, [role]))})
    return pd.DataFrame.from_records(rows, columns=["events", "role", *SCORE_COLUMNS]).set_index(["events", "role"])


@dataclass
class Comparison:
    """ruevents against a gold corpus: the scores and every argument and event it got wrong."""

    scores: Any  # evaluation.events.Scores
    errors: Any  # DataFrame, see argument_errors
    records: list  # (gold record, predicted record) per document


ERROR_COLUMNS = ["doc_id", "error", "event_type", "trigger", "role", "text", "name", "modality", "sentence"]


def _sentence(text: str, event) -> str:
    """The sentence holding the event's trigger: the record's own, else from the gold corpus's sentence split.

    For an argument named in another sentence this is still the trigger's
    sentence: that is where the chain looks for arguments first.
    """
    from ..evaluation.annotated import sentence_spans

    if getattr(event, "sentence", None) is not None:
        return event.sentence.text
    for first, last in sentence_spans(text):
        if first <= event.trigger.start < last:
            return text[first:last]
    return ""


def _names(record) -> dict[str, str]:
    names = {entity.id: entity.name for entity in record.entities}
    names.update({time.id: time.value or time.text for time in record.times})
    return names


def document_errors(text: str, gold, predicted) -> list[dict[str, Any]]:
    """The errors in one document, as rows (see :func:`compare_annotated` for the kinds)."""
    from ..evaluation.events import match_arguments, match_events, scored_events

    gold_events, predicted_events = scored_events(gold), scored_events(predicted)
    pairs = match_events(predicted_events, gold_events, typed=True)
    gold_names, predicted_names = _names(gold), _names(predicted)
    rows = []

    def add(error: str, record_event, argument, names) -> None:
        rows.append({
            "doc_id": gold.doc_id, "error": error, "event_type": record_event.type,
            "trigger": record_event.trigger.text, "role": argument.role if argument else None,
            "text": argument.text if argument else record_event.trigger.text,
            "name": names.get(argument.ref) if argument else None, "modality": record_event.modality,
            "sentence": _sentence(text, record_event),
        })

    matched_gold = set(pairs.values())
    for i, event in enumerate(predicted.events):
        if i not in pairs:
            add("spurious event", event, None, predicted_names)
            continue
        gold_event = gold.events[pairs[i]]
        argument_pairs = match_arguments(predicted_events[i], gold_events[pairs[i]])
        for a, argument in enumerate(event.arguments):
            if a not in argument_pairs:
                add("spurious argument", event, argument, predicted_names)
        found = set(argument_pairs.values())
        for b, argument in enumerate(gold_event.arguments):
            if b not in found:
                add("missed argument", gold_event, argument, gold_names)
    for j, event in enumerate(gold.events):
        if j not in matched_gold:
            add("missed event", event, None, gold_names)
    return rows


def compare_annotated(folder: str | Path, *, split: str = "test", batch_size: int = 32) -> Comparison:
    """Run ruevents over a split of ``data/annotated`` and list what it got wrong.

    The scores are the ones ``ruevents eval events --annotated`` prints for
    ruevents (same matching: :func:`ruevents.evaluation.events.score_document`).
    ``errors`` has one row per mistake: ``error`` is ``missed event`` (a gold
    event no predicted trigger matched), ``spurious event`` (a predicted one
    matching no gold event), or, inside matched events, ``missed argument``
    and ``spurious argument``; ``text`` is the mention (or trigger), ``name``
    what it refers to, ``sentence`` the sentence of the trigger.
    """
    import ruevents

    from ..evaluation.annotated import load_annotated
    from ..evaluation.events import Scores, score_document, scored_events

    if split not in ("train", "test", "all"):
        raise ValueError(f"expected split train, test or all, got {split!r}")
    folder = Path(folder)
    corpus = load_annotated(folder if split == "all" else folder / split)
    if not corpus:
        raise ValueError(f"expected annotated documents in {folder} ({split}), found none")
    items = [(text, {"doc_id": gold.doc_id, "date": gold.date}) for text, gold in corpus]
    scores, rows, records = Scores(), [], []
    for (text, gold), predicted in zip(corpus, ruevents.extract_many(items, batch_size=batch_size)):
        score_document(scored_events(predicted), scored_events(gold), scores, typed=True)
        rows += document_errors(text, gold, predicted)
        records.append((gold, predicted))
    errors = pd.DataFrame.from_records(rows, columns=ERROR_COLUMNS)
    return Comparison(scores, errors, records)


def error_summary(errors, *, by: Sequence[str] = ("error", "role")) -> Any:
    """How many errors of each kind (``by`` columns), most first."""
    return errors.groupby(list(by), dropna=False).size().sort_values(ascending=False).rename("count").to_frame()
