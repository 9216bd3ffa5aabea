"""ruevents.analysis.quality: scores as DataFrames and the list of errors, on hand-built records (no model)."""

from __future__ import annotations

import copy

import pytest

from ruevents.analysis.examples import example_records, example_texts
from ruevents.analysis.quality import document_errors, error_summary, scores_by_role, scores_by_type
from ruevents.records import Document


@pytest.fixture()
def pair():
    """Gold a.txt and a prediction that misses, adds and mislabels a little."""
    gold = example_records()[0]
    predicted = copy.deepcopy(gold)
    meeting, statement, planned = predicted["events"]
    meeting["arguments"] = [a for a in meeting["arguments"] if a["role"] != "place"]  # missed place
    statement["arguments"].append(dict(meeting["arguments"][1], role="participant"))  # spurious participant: Байден
    predicted["events"] = [meeting, statement]  # the planned meeting is missed
    predicted["events"].append(dict(planned, id="v9", type="visit"))  # same trigger, wrong type: spurious
    return example_texts()["a.txt"], Document.model_validate(gold), Document.model_validate(predicted)


def test_document_errors_lists_missed_and_spurious_events_and_arguments(pair):
    text, gold, predicted = pair
    rows = document_errors(text, gold, predicted)
    found = sorted((r["error"], r["event_type"], r["role"], r["text"]) for r in rows)
    assert found == [
        ("missed argument", "meeting", "place", "Женеве"),
        ("missed event", "meeting", None, "встречу"),
        ("spurious argument", "statement", "participant", "Джозеф Байден"),
        ("spurious event", "visit", None, "встречу"),
    ]
    place = next(r for r in rows if r["error"] == "missed argument")
    assert place["name"] == "Женева" and place["sentence"].startswith("Владимир Путин и Джозеф Байден встретились")
    missed = next(r for r in rows if r["error"] == "missed event")  # a gold event has no sentence: found from the text
    assert missed["sentence"] == "Стороны договорились провести новую встречу Путина и Байдена."


def test_no_errors_when_the_prediction_is_the_gold(pair):
    text, gold, _ = pair
    assert document_errors(text, gold, gold) == []


def test_scores_tables_per_type_and_role(pair):
    import pandas as pd

    from ruevents.evaluation.events import Scores, score_document, scored_events

    text, gold, predicted = pair
    scores = Scores()
    score_document(scored_events(predicted), scored_events(gold), scores, typed=True)
    by_type = scores_by_type(scores)
    assert list(by_type.index[-2:]) == ["contact", "all"]
    meeting = by_type.loc["meeting"]
    assert (meeting[("trigger", "predicted")], meeting[("trigger", "gold")], meeting[("trigger", "correct")]) == (1, 2, 1)
    assert meeting[("trigger", "recall")] == pytest.approx(0.5)
    assert by_type.loc["all", ("argument", "gold")] == 7
    by_role = scores_by_role(scores)
    assert by_role.loc[("all", "place"), "recall"] == 0.0 and by_role.loc[("all", "time"), "f1"] == 1.0
    rows = pd.DataFrame(document_errors(text, gold, predicted))
    summary = error_summary(rows, by=("error",))
    assert summary["count"].sum() == 4


def test_unknown_split_is_refused():
    from ruevents.analysis.quality import compare_annotated

    with pytest.raises(ValueError, match="expected split train, test or all"):
        compare_annotated("data/annotated", split="dev")
