"""Times: the stage, its offsets and records, the resolver and the value format."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ruevents
from ruevents.pipeline import STAGES, build
from ruevents.records import Time
from ruevents.timex import find_times, find_times_in_text
from ruevents.timex.lexicon import compose_number
from ruevents.timex.resolve import Resolver
from ruevents.timex.value import Timex, format_value

#: the values of a time dict's "kind" (TIMEX3 types)
EXPRESSION_KINDS = ("date", "time", "duration", "set")

TEXT = (
    "19 апреля глава Генштаба прибыл в Баку. В марте 2017 года стороны созвонились.\n\n"
    "Позднее, 7 сентября того же года, они встретились, а 2018-04-19, в 15:00 по московскому времени, "
    "начались переговоры. Учения шли с 5 по 7 марта.   Вчера вечером всё закончилось."
)


@lru_cache(maxsize=None)
def tokens_only():
    """razdel only: the grammar must cope without lemmas, tags or a tree."""
    return build(stages=())


@pytest.fixture(scope="module")
def with_morph():
    return build(stages=("ruevents_morph", "ruevents_syntax", "ruevents_times"))


def test_times_stage_sits_before_events():
    assert "ruevents_times" in STAGES
    assert STAGES.index("ruevents_times") < STAGES.index("ruevents_events")


def test_times_offsets_match_text_and_tokens(with_morph):
    doc = with_morph.make_doc(TEXT)
    doc._.date = "2018-04-19"
    doc = with_morph(doc)
    assert [t["id"] for t in doc._.times] == [f"t{n}" for n in range(1, len(doc._.times) + 1)]
    assert len(doc._.times) >= 8
    for expression in doc._.times:
        assert TEXT[expression["start"] : expression["end"]] == expression["text"]
        span = doc.char_span(expression["start"], expression["end"])
        assert span is not None, f"{expression['text']!r} is not aligned with tokens"
        assert span.text == expression["text"]
        assert expression["kind"] in EXPRESSION_KINDS


def test_times_dicts_become_contract_records(with_morph):
    doc = with_morph.make_doc(TEXT)
    doc = with_morph(doc)
    for time in doc._.times:
        record = Time(**{"text": TEXT[time["start"] : time["end"]], **time})
        assert record.value == time["value"]


def test_times_reach_the_record():
    record = ruevents.extract("Встреча прошла 19 апреля, а 20 апреля стороны подписали договор.", date="2018-04-21")
    assert [(t.text, t.value, t.kind, t.anchor) for t in record.times] == [
        ("19 апреля", "2018-04-19", "date", "date"),
        ("20 апреля", "2018-04-20", "date", "date"),
    ]
    record.check_offsets("Встреча прошла 19 апреля, а 20 апреля стороны подписали договор.")


def test_times_range_record_has_end_value():
    record = ruevents.extract("Форум пройдет с 5 по 7 марта 2019 года.")
    (time,) = record.times
    assert (time.value, time.end_value) == ("2019-03-05", "2019-03-07")


def test_times_without_models_still_work():
    times = find_times_in_text("В марте 2017 года. 7 сентября того же года. Вчера.")
    assert [t["value"] for t in times] == ["2017-03", "2017-09-07", "XXXX-XX-XX"]


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789 .,:-–—/()гГвВсоп\nянварьмтесиюлькдбчнгзыхIVX")), max_size=80),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)
def test_times_random_text_never_raises(text, date):
    # texts made of date-like characters, the worst case for the grammar
    doc = tokens_only()(text)
    for date in (None, date):
        for time in find_times(doc, date=date):
            assert text[time["start"] : time["end"]] == time["text"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_times_any_text_never_raises(text):
    for time in find_times(tokens_only()(text), date="2018-04-19"):
        assert text[time["start"] : time["end"]] == time["text"]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 .,:-вгодапрелясентябрьутромВчераНакануне\n")), max_size=60))
def test_times_stage_in_the_pipeline_never_raises(text):
    nlp = build_with_morph()
    doc = nlp.make_doc(text)
    doc._.date = "2018-04-19"
    for time in nlp(doc)._.times:
        assert text[time["start"] : time["end"]] == time["text"]


@lru_cache(maxsize=None)
def build_with_morph():
    return build(stages=("ruevents_morph", "ruevents_syntax", "ruevents_times"))


@pytest.mark.parametrize("words, expected", [
    ([2, 1000, 18], 2018), ([30, 1], 31), ([20], 20), ([15, 2], None), ([1, 1000, 900, 90, 9], 1999),
])
def test_times_compose_number_words(words, expected):
    assert compose_number(words) == expected


@pytest.mark.parametrize("timex, value", [
    (Timex(year=2018, month=4, day=19), "2018-04-19"),
    (Timex(month=4, day=19), "XXXX-04-19"),
    (Timex(year=2014, season="SP"), "2014-SP"),
    (Timex(year=2018, week=16), "2018-W16"),
    (Timex(year=2018, week=16, weekend=True), "2018-W16-WE"),
    (Timex(year=2018, month=4, day=19, hour=15, minute=0, kind="time"), "2018-04-19T15:00"),
    (Timex(year=2018, quarter=1), "2018-Q1"),
    (Timex(decade="201X"), "201X"),
    (Timex(weekday=1), "XXXX-WXX-1"),
    (Timex(kind="duration", period="P3Y"), "P3Y"),
])
def test_times_format_value(timex, value):
    assert format_value(timex) == value


@pytest.mark.parametrize("tense, expected", [("past", "2017-09-07"), ("future", "2018-09-07"), (None, "2018-09-07")])
def test_times_resolver_year_follows_tense(tense, expected):
    resolver = Resolver(dt.date(2018, 4, 19))
    resolved = resolver.add(Timex(month=9, day=7), ident="t1", start=0, end=10, sent=0, tense=tense)
    assert resolved.value == expected


def test_times_resolver_narrative_year_and_repeated_date():
    resolver = Resolver(None)
    first = resolver.add(Timex(year=2017, month=10, explicit_year=True), ident="t1", start=0, end=1, sent=0, tense=None)
    bare = resolver.add(Timex(month=9, day=7), ident="t2", start=2, end=3, sent=1, tense="past")
    resolver.add(Timex(year=2014, season="SP", explicit_year=True), ident="t3", start=4, end=5, sent=2, tense=None)
    again = resolver.add(Timex(month=9, day=7), ident="t4", start=6, end=7, sent=3, tense="past")
    assert (first.value, bare.value, bare.anchor) == ("2017-10", "2017-09-07", "t1")
    assert again.value == "2017-09-07"  # the same date as before, not the spring of 2014


# -- found by tests/test_fuzz_extract.py ------------------------------------------


@pytest.mark.parametrize("text, date, value", [
    ("Весной стороны встретились.", "0001-01-01", "0001-SP"),  # the year before year 1 has no bounds
    ("Через год стороны встретятся.", "9999-12-31", None),  # year 10000 is beyond the calendar
    ("В 1 году мир был иным. Год назад стороны встретились.", "0001-06-01", None),
])
def test_times_values_beyond_the_calendar_are_unknown(text, date, value):
    times = find_times_in_text(text, date=date)
    assert [t["value"] for t in times][-1] == value


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["весной", "19 апреля", "через год", "год назад", "в эти выходные", "в понедельник",
                              "вчера вечером", "в марте следующего года", "с 30 декабря по 2 января",
                              "в ночь на 1 января", "на следующий день", ".", "в 15:00"]), max_size=6).map(" ".join),
    st.sampled_from([dt.date(1, 1, 1), dt.date(1, 12, 31), dt.date(9999, 1, 1), dt.date(9999, 12, 31)]),
)
def test_times_at_the_ends_of_the_calendar_never_raise(text, date):
    for time in find_times(tokens_only()(text), date=date):
        assert text[time["start"] : time["end"]] == time["text"]


def test_times_atoms_glued_only_without_space_before():
    from ruevents.timex.atoms import atoms_from_doc

    atoms = atoms_from_doc(tokens_only()("В 2018 году,\n19 апреля"))
    assert [(a.text, a.glued, a.newline_before) for a in atoms] == [
        ("В", False, False), ("2018", False, False), ("году", False, False), (",", True, False),
        ("19", False, True), ("апреля", False, False),
    ]


@pytest.mark.parametrize("text, expected", [
    ("Встреча назначена на 19.04.2018.", ["19.04.2018"]),
    ("Встреча назначена на 19 . 04 . 2018.", []),  # digits apart are not a written date
    ("Начало в 15:30.", ["15:30"]),
    ("Счёт 15 : 30 в пользу хозяев.", []),
])
def test_times_glued_parts_must_touch(text, expected):
    assert [t["text"] for t in find_times_in_text(text, date="2018-04-19")] == expected


def test_times_resolver_same_sentence_lookups_stop_at_the_sentence():
    # «19 апреля» looks for an explicit year in its own sentence; it used to scan
    # the whole history each time (quadratic on a 1 MB document)
    resolver = Resolver(dt.date(2018, 4, 19))
    for k in range(30):
        resolver.add(Timex(year=2000 + k, explicit_year=True), ident=f"t{k}", start=k, end=k + 1, sent=k, tense=None)
    looked_at = []
    assert resolver._last(lambda r: looked_at.append(r.sent) or False, sent=29) is None
    assert looked_at == [29]
    same = resolver.add(Timex(month=4, day=19), ident="t30", start=40, end=41, sent=29, tense=None)
    later = resolver.add(Timex(month=4, day=19), ident="t31", start=50, end=51, sent=30, tense=None)
    assert (same.value, later.value) == ("2029-04-19", "2018-04-19")
