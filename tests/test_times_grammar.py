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


# -- the matcher's shortcuts change nothing ------------------------------------------


def _alternatives(node, seen=None):
    """Every ``Alt`` node reachable from a pattern."""
    from ruevents.timex.engine import Alt

    seen = set() if seen is None else seen
    if id(node) in seen:
        return []
    seen.add(id(node))
    found = [node] if isinstance(node, Alt) else []
    children = list(getattr(node, "items", ())) + [getattr(node, "item", None)]
    for child in children:
        if child is not None:
            found += _alternatives(child, seen)
    return found


def test_times_rules_and_branches_skipped_could_not_have_matched(analysed):
    """The matcher tries a rule (and an ``Alt`` a branch) only where the atom can
    start it, remembered per word: at every atom of the suite, what it skips
    matches nothing there."""
    from ruevents.timex.atoms import atoms_from_doc
    from ruevents.timex.grammar import matcher

    rules = matcher()
    alternatives = [alt for rule in rules.rules for alt in _alternatives(rule.pattern)]
    assert len(alternatives) > 20
    checked = 0
    for doc in analysed.values():
        atoms = atoms_from_doc(doc)
        for i, atom in enumerate(atoms):
            tried = rules.candidates(atom)
            for rule in rules.rules:
                if rule not in tried:
                    assert list(rule.pattern.match(atoms, i, ())) == [], (rule.name, atom.text, doc.text)
            for alt in alternatives:
                every_branch = [found for item in alt.items for found in item.match(atoms, i, ())]
                assert alt.match(atoms, i, ()) == every_branch, (atom.text, doc.text)
                checked += 1
    assert checked > 10_000


def test_times_pattern_starts_are_the_atoms_that_can_open_it():
    from ruevents.timex.engine import Ahead, Alt, Cap, One, Opt, Rep, Seq, first_atoms

    a, b, c = One(lambda x: True), One(lambda x: True), One(lambda x: True, glued=True)
    assert first_atoms(Seq(Opt(a), b, c)) == (a, b)
    assert first_atoms(Seq(Ahead(lambda x: True), Cap("n", Rep(a, 1, 2)), b)) == (a,)
    assert first_atoms(Alt(Seq(a, b), c)) == (a, c)
    assert first_atoms(Opt(a)) is None  # may match nothing: try it everywhere
    assert first_atoms(Rep(a, 0, 3)) is None


def test_times_word_is_timeish_agrees_with_every_table():
    """One set look-up gives what asking each time table gives."""
    from ruevents.timex import lexicon
    from ruevents.timex.atoms import Atom, roman_number, word_is_timeish

    tables = [lexicon.months(), lexicon.weekdays(), lexicon.units(), lexicon.numbers(), lexicon.relative(),
              lexicon.parts_of_day(), lexicon.sets(), lexicon.decades()]

    def asked_table_by_table(word: str) -> bool:
        atom = Atom(word, 0, len(word), 0, True, True, False, False, 0)
        if roman_number(word) is not None or atom.lower in lexicon.trigger_words():
            return True
        seasons = [] if atom.lower == "лет" else [lexicon.seasons()]
        return any(atom.lookup(table) is not None for table in tables + seasons)

    words = ["апреля", "Апреля", "понедельник", "летом", "лет", "году", "двадцать", "вчера", "утром", "ежегодно",
             "девяностые", "XXI", "МИД", "стороны", "Баку", "встреча", "полгода", "назад", "тогда"]
    words += [key for table in tables for key in list(table)[:5]]
    for word in words:
        assert word_is_timeish(word, "") == asked_table_by_table(word), word
    assert word_is_timeish("апреля", "") and not word_is_timeish("стороны", "")
