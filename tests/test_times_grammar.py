"""Times: every expression of ``tests/data/times.tsv`` in its context.

One test per line: the expression marked ``[[...]]`` is found with that span
and normalised to that value (and end value, kind, mod) against that document
date; ``none`` lines give no time at all.  Lines noted ``xfail: …`` are known
misses, kept in the data so the benchmark counts them.  The benchmark
(``benchmarks/times_vs_baselines.py``) reads the same file.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ruevents.evaluation.times_data import read_cases as read_times_cases
from ruevents.pipeline import build

DATA = Path(__file__).resolve().parent / "data" / "times.tsv"


def read_cases() -> list[dict]:
    return read_times_cases(DATA)


CASES = read_cases()


@pytest.fixture(scope="module")
def analysed():
    """Every line analysed once (tokens, morphology, syntax, times), batched."""
    nlp = build(stages=("ruevents_morph", "ruevents_syntax", "ruevents_times"))
    docs = []
    for case in CASES:
        doc = nlp.make_doc(case["text"])
        doc._.date = case["date"]
        docs.append(doc)
    return {case["line"]: doc for case, doc in zip(CASES, nlp.pipe(docs, batch_size=64))}


def _param(case, *, known_misses: bool = False):
    miss = known_misses and case["note"].startswith("xfail:")
    marks = [pytest.mark.xfail(reason=case["note"], strict=True)] if miss else []
    return pytest.param(case, id=f"{case['line']}-{case['form']}", marks=marks)


POSITIVE = [c for c in CASES if c["form"] != "none"]
NEGATIVE = [c for c in CASES if c["form"] == "none"]


@pytest.mark.parametrize("case", [_param(c, known_misses=True) for c in POSITIVE])
def test_times_expression_value_and_span(case, analysed):
    times = analysed[case["line"]]._.times
    start, end = case["target"]
    found = [t for t in times if t["start"] < end and start < t["end"]]
    assert found, f"nothing found for {case['text'][start:end]!r} in {case['text']!r}"
    time = found[0]
    got = (time["text"], time["value"], time.get("end_value", "-"), time["kind"])
    assert got == (case["text"][start:end], case["value"], case["end_value"], case["kind"])
    if case["note"].startswith("mod "):
        assert time.get("mod") == case["note"].split()[1]


@pytest.mark.parametrize("case", [_param(c) for c in POSITIVE])
def test_times_no_spans_besides_the_marked_ones(case, analysed):
    spans = {(t["start"], t["end"]) for t in analysed[case["line"]]._.times}
    assert spans <= set(case["spans"])


@pytest.mark.parametrize("case", [_param(c) for c in NEGATIVE])
def test_times_none_where_there_is_no_time(case, analysed):
    assert analysed[case["line"]]._.times == []


REQUIRED_FORMS = {
    "day_month_year", "numeric", "day_month", "day_range", "month_range", "month", "year", "decade", "century",
    "season", "part", "quarter", "deictic_day", "weekday", "week", "weekend", "relative", "narrative",
    "ago_later", "clock", "duration", "set",
}


def test_times_suite_covers_every_form():
    forms = Counter(c["form"] for c in POSITIVE)
    assert len(POSITIVE) >= 200
    assert REQUIRED_FORMS <= set(forms), REQUIRED_FORMS - set(forms)
    assert all(case["value"] for case in POSITIVE)


def test_times_suite_accuracy_at_least_095(analysed):
    right = 0
    for case in POSITIVE:
        start, end = case["target"]
        found = [t for t in analysed[case["line"]]._.times if t["start"] < end and start < t["end"]]
        right += bool(found) and found[0]["value"] == case["value"] and found[0].get("end_value", "-") == case["end_value"]
    assert right / len(POSITIVE) >= 0.95
