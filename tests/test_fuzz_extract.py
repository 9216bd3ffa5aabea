"""Fuzzing ``ruevents.extract``: random Unicode in, a valid record out.

Every strategy below feeds the whole chain (tokenize → models → names →
entities → coreference → times → events) and checks the same properties of
the record: nothing raises and no stage failed (``errors`` is empty), the
record validates and survives JSON, every span slices the text to its own
text, ids are unique, every argument points at an entity or time that holds
that very span, and ``text_sha1`` is the SHA-1 of the text.

How many examples run is scaled by ``HYPOTHESIS_PROFILE``: ``ci`` runs a
quarter of them with a fixed seed (a stable, short CI job), ``nightly`` ten
times as many (about six minutes); unset, the file takes well under a
minute on one core once the models are loaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import ruevents
from ruevents.records import Document

pytestmark = pytest.mark.slow

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
SCALE = {"ci": 0.25, "nightly": 10.0}.get(PROFILE, 1.0)


def fuzz_settings(max_examples: int) -> settings:
    """Settings for one fuzz test: no deadline (the models are slow on a cold
    cache), examples scaled by the profile, derandomized in CI."""
    return settings(
        max_examples=max(2, round(max_examples * SCALE)),
        deadline=None,
        derandomize=PROFILE == "ci",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


# --- what every record must satisfy -------------------------------------------------


def sha1_of(text: str) -> str:
    # lone surrogates are valid in a Python str; the record hashes them as they are
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def assert_valid_record(text: str, record: Document, *, json_round_trip: bool = True) -> None:
    """The properties every record of every text must have."""
    assert record.errors == [], f"a stage failed: {record.errors}"
    assert Document.model_validate(record.model_dump()) == record
    assert record.text_sha1 == sha1_of(text)

    record.check_offsets(text)
    for span in record.spans():
        assert 0 <= span.start < span.end <= len(text), f"expected a non-empty span inside the text, got {span!r}"
        assert span.text == span.text.strip(), f"expected a span without surrounding whitespace, got {span.text!r}"

    ids = [e.id for e in record.entities] + [t.id for t in record.times] + [v.id for v in record.events]
    assert len(ids) == len(set(ids)), f"expected unique ids, got {ids}"

    # an argument's span is one of the places where its entity or time is named
    span_of_ref: dict[str, set[tuple[int, int]]] = {e.id: {(m.start, m.end) for m in e.mentions} for e in record.entities}
    span_of_ref.update({t.id: {(t.start, t.end)} for t in record.times})
    for event in record.events:
        for argument in event.arguments:
            assert argument.ref in span_of_ref, f"argument {argument!r} of {event.id} points at nothing"
            assert (argument.start, argument.end) in span_of_ref[argument.ref], (
                f"expected argument {argument.text!r} of {event.id} to be a mention of {argument.ref}"
            )
        if event.sentence is not None:
            assert event.sentence.start <= event.trigger.start and event.trigger.end <= event.sentence.end

    if json_round_trip:
        row = record.to_json()
        assert "\n" not in row  # one JSON Lines row
        assert json.loads(row) == record.model_dump(mode="json")
        assert Document.model_validate_json(row) == record


def extract_and_check(text: str, date: dt.date | None = None) -> Document:
    record = ruevents.extract(text, date=date)
    assert_valid_record(text, record)
    return record


# --- strategies -----------------------------------------------------------------------

#: anchor dates: mostly ordinary, sometimes the ends of the calendar (relative
#: times must not overflow: «через год» on 9999-12-31)
dates = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.sampled_from([dt.date(1, 1, 1), dt.date(1, 12, 31), dt.date(9999, 1, 1), dt.date(9999, 12, 31)]),
)

CONTROL_CHARS = [chr(c) for c in range(0x20)] + [
    "\x7f", "\x85", "\u00a0", "\u00ad", "\u2028", "\u2029", "\u200b", "\u200c", "\u200d", "\u2060",
    "\ufeff", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069",
    "\ufffd", "\ufffe", "\uffff", "\U000e0001",
]

#: fragments of many scripts: each is a word or a grapheme cluster
SCRIPT_FRAGMENTS = [
    "Путин", "Москва", "встреча", "ёж", "ЁЛКА", "Lavrov", "NATO", "meeting", "Zürich", "İstanbul",
    "习近平", "北京", "会谈", "東京", "한국", "مرحبا", "أردوغان", "עברית", "ελληνικά", "हिन्दी", "ไทย",
    "👍", "👨\u200d👩\u200d👧\u200d👦", "🏳️\u200d🌈", "🇷🇺", "👋🏽", "1️⃣", "e\u0301", "и\u0306", "а\u0300\u0301\u0302",
    "\u0301", "ǅ", "ﬁ", "Ⅻ", "²", "½", "٣", "१२", "𝟙𝟚", "𝔄", "\u202eПутин\u202c", "\u200fمرحبا",
]
mixed_scripts = st.lists(
    st.one_of(st.sampled_from(SCRIPT_FRAGMENTS), st.sampled_from(CONTROL_CHARS), st.sampled_from([" ", "  ", "\n", ". ", ", "])),
    max_size=60,
).map("".join)

control_text = st.text(alphabet=st.sampled_from(CONTROL_CHARS + ["а", "Б", "1", ".", " "]), max_size=300)

PUNCTUATION = ".,;:!?…-‐–—―()[]{}«»„“”‘’'\"/\\|*&%$#@^~`+=<>§№°•·"
punctuation_only = st.text(alphabet=PUNCTUATION + " \n", min_size=1, max_size=400)
digits_only = st.text(alphabet="0123456789", min_size=1, max_size=300)

DATE_LIKE = [
    "19.04.2018.", "19.04.2018", "30,", "2018-", "2018-04-", "-04-19", "2018–2019", "1990-е", "19", "04", "2018",
    "00.00.0000", "31.02.2018", "99.99.9999", "0", "000000", "12:00", "25:61", "24:00", "7.", "1-2", "II", "XXI",
    "апреля", "апрель", "г.", "года", "в", "с", "по", "до", "—", ",", ".", "век", "веке", "квартале", "2-м",
    "на прошлой неделе", "вчера", "через", "назад", "лет", "полгода", "ежегодно", "весной", "в 15:00",
    "9999", "10000", "0001", "12345678901234567890",
]
date_like = st.lists(st.sampled_from(DATE_LIKE), min_size=1, max_size=30).map(" ".join)

BRACKETS = ["«", "»", "„", "“", "”", "(", ")", "[", "]", "{", "}", '"', "'", "‹", "›"]
nested_quotes = st.recursive(
    st.sampled_from(["", "Путин", "НАТО", "встреча", "заявил", "19 апреля", "в Баку", "."]),
    lambda inner: st.tuples(st.sampled_from(BRACKETS), inner, st.sampled_from(BRACKETS), inner).map("".join),
    max_leaves=40,
)

whitespace_only = st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u2028\u2029\u3000\u2009\u200a\u1680\x85", max_size=200)

# A small news vocabulary, so that names, entities, times and events all fire.
PEOPLE = ["Владимир Путин", "Путин", "Сергей Лавров", "Лавровым", "Ван И", "Си Цзиньпином", "Реджеп Тайип Эрдоган",
          "Валерий Герасимов", "Кертисом Скапарротти", "Мария Захарова", "Эльвира Набиуллина", "Джо Байден", "Байденом"]
TITLES = ["президент России", "министр иностранных дел", "глава МИД КНР", "начальник Генштаба", "председатель ЦБ",
          "официальный представитель МИД", "генсек НАТО"]
PLACES = ["в Москве", "в Пекине", "в Баку", "в Женеве", "в Стамбуле", "в Кремле", "на полях саммита", "в Вашингтоне"]
VERBS = ["встретился с", "провёл переговоры с", "поговорил по телефону с", "прибыл", "посетит", "не встретится с",
         "может встретиться с", "заявил, что", "подписал соглашение с", "обсудил с", "планирует посетить"]
TIMES = ["19 апреля", "19 апреля 2018 года", "вчера", "во вторник", "в 2013 году", "на прошлой неделе", "8 апреля",
         "весной", "в начале марта", "с 5 по 7 марта", "через два дня", "в 15:00", "накануне", "в тот же день", "ежегодно"]
OTHER = ["и", "а также", "Стороны", "Он", "Она", "обсудили", "вопросы", "безопасности", "ситуацию на Украине", ",", "—"]
news_word = st.one_of(*(st.sampled_from(words) for words in (PEOPLE, TITLES, PLACES, VERBS, TIMES, OTHER)))
news_sentence = st.builds(
    lambda when, who, verb, whom, where, tail: f"{when} {who} {verb} {whom} {where} {' '.join(tail)}".strip() + ".",
    st.sampled_from(TIMES), st.sampled_from(PEOPLE + TITLES), st.sampled_from(VERBS), st.sampled_from(PEOPLE),
    st.sampled_from(PLACES), st.lists(news_word, max_size=6),
)
LINE_ENDS = [" ", "\n", "\r\n", "\r", "\n\n", "\r\r", "\u2028", "\u2029", "\n\r", " \n ", "\t", "\x0b", "\x0c", "\x85"]


@st.composite
def news_text(draw, max_sentences: int = 8) -> str:
    """Sentences of news words joined by every kind of line end; sometimes all
    lowercase, all caps, quoted or with doubled spaces, as scraped text is."""
    sentences = draw(st.lists(st.one_of(news_sentence, st.lists(news_word, min_size=1, max_size=12).map(" ".join)),
                              min_size=1, max_size=max_sentences))
    pieces = []
    for sentence in sentences:
        pieces.append(sentence)
        pieces.append(draw(st.sampled_from(LINE_ENDS)))
    text = "".join(pieces)
    if draw(st.booleans()):
        text = draw(st.sampled_from([str.lower, str.upper, lambda s: f"«{s}»", lambda s: s.replace(" ", "  ")]))(text)
    return text


def _insert(text: str, insertions: list[tuple[int, str]]) -> str:
    """``text`` with each piece inserted at its position (taken modulo the length so far)."""
    for position, piece in insertions:
        position %= len(text) + 1
        text = text[:position] + piece + text[position:]
    return text


#: news text with control characters, marks and foreign scripts inside names and dates
noisy_news_text = st.tuples(
    news_text(max_sentences=4),
    st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(CONTROL_CHARS + SCRIPT_FRAGMENTS)), min_size=1, max_size=8),
).map(lambda drawn: _insert(*drawn))

many_short_lines = st.lists(
    st.sampled_from(["а", "Б", "1", ".", "—", "•", "Путин", "в Москве", "19 апреля", "", " "]), min_size=100, max_size=2000
).flatmap(lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda end: end.join(lines)))

any_text = st.text(max_size=500)  # every code point hypothesis draws except lone surrogates


# --- the properties, one test per kind of input -------------------------------------------


@fuzz_settings(300)
@given(text=any_text, date=dates)
@example(text="", date=None)
@example(text="\x00", date=None)
@example(text="\ufeff19 апреля Путин прибыл в Баку.", date=dt.date(2018, 4, 19))
def test_fuzz_any_unicode(nlp, text, date):
    extract_and_check(text, date)


@fuzz_settings(150)
@given(text=control_text, date=dates)
def test_fuzz_control_characters(nlp, text, date):
    extract_and_check(text, date)


@fuzz_settings(150)
@given(text=mixed_scripts, date=dates)
def test_fuzz_mixed_scripts(nlp, text, date):
    extract_and_check(text, date)


@fuzz_settings(100)
@given(text=st.one_of(punctuation_only, digits_only, whitespace_only, nested_quotes))
@example(text="")
@example(text="«„“»")
@example(text="((((((((((((((((((((")
def test_fuzz_punctuation_digits_whitespace_quotes(nlp, text):
    extract_and_check(text)


@fuzz_settings(150)
@given(text=date_like, date=dates)
@example(text="19.04.2018.", date=None)
@example(text="30,", date=dt.date(2018, 4, 19))
@example(text="2018-", date=dt.date(9999, 12, 31))
def test_fuzz_date_like_digits(nlp, text, date):
    extract_and_check(text, date)


@fuzz_settings(100)
@given(text=st.one_of(news_text(), noisy_news_text), date=dates)
@example(text="19 апреля Владимир Путин встретился с Си Цзиньпином в Пекине.\r\nВчера\rон прибыл в Баку.", date=dt.date(2018, 4, 20))
def test_fuzz_news_sentences(nlp, text, date):
    extract_and_check(text, date)


def test_fuzz_news_sentences_reach_every_stage(nlp):
    """The news strategy is worth running: its texts give entities, times and events."""
    text = "19 апреля Владимир Путин встретился с Си Цзиньпином в Пекине.\r\nВчера\rон прибыл в Баку."
    record = extract_and_check(text, dt.date(2018, 4, 20))
    assert record.entities and record.times and record.events


@fuzz_settings(8)
@given(text=many_short_lines)
def test_fuzz_many_short_lines(nlp, text):
    extract_and_check(text)


@settings(max_examples=max(2, round(6 * SCALE)), deadline=None, derandomize=PROFILE == "ci",
          suppress_health_check=list(HealthCheck))
@given(
    length=st.sampled_from([1_000, 20_000, 100_000]),
    unit=st.sampled_from(["а", "Z", "7", "ё", "я\u0301", "-", ".", "👍", "習", "\u200b", "x_", "aб1"]),
    padding=st.sampled_from(["", " ", "Путин встретился с Лавровым. ", "\n"]),
)
def test_fuzz_single_huge_token(nlp, length, unit, padding):
    """One run of up to 100k characters with no space, alone or after a sentence."""
    if unit == "aб1":
        # razdel cuts at every change of script: 100k characters become 100k
        # tokens (about 40 s through the models, linear); 20k make the point
        length = min(length, 20_000)
    token = (unit * (length // len(unit) + 1))[:length]
    extract_and_check(padding + token + padding)


@fuzz_settings(12)
@given(texts=st.lists(st.one_of(news_text(max_sentences=4), mixed_scripts, date_like, st.just("")), min_size=2, max_size=5),
       date=dates, batch_size=st.sampled_from([1, 2, 32]))
def test_fuzz_extract_many_equals_one_by_one(nlp, texts, date, batch_size):
    """Batching across documents does not change any record."""
    batched = list(ruevents.extract_many(texts, date=date, batch_size=batch_size))
    alone = [ruevents.extract(text, date=date) for text in texts]
    assert [r.model_dump() for r in batched] == [r.model_dump() for r in alone]
    for text, record in zip(texts, batched):
        assert_valid_record(text, record)


# --- lone surrogates ----------------------------------------------------------------------

SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\udc80", "\ud83d", "\ude00", "\ud83d\ude00"]
with_surrogates = st.tuples(
    news_text(max_sentences=3),
    st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(SURROGATES)), min_size=1, max_size=5),
).map(lambda drawn: _insert(*drawn))


@fuzz_settings(30)
@given(text=with_surrogates, date=dates)
@example(text="\ud800", date=None)
@example(text="Путин\udc80 встретился с Си Цзиньпином в Пекине.", date=None)
def test_fuzz_lone_surrogates_are_analysed(nlp, text, date):
    """A ``str`` may hold lone surrogates (``surrogateescape`` decoding leaves
    them): the record's offsets and hash refer to the text as given."""
    record = ruevents.extract(text, date=date)
    assert_valid_record(text, record, json_round_trip=False)


def test_fuzz_lone_surrogates_survive_json(nlp):
    text = "Путин\udc80 встретился с Си Цзиньпином в Пекине."
    record = ruevents.extract(text)
    line = record.to_json()
    assert "\n" not in line and line.encode("utf-8")  # valid UTF-8: the surrogate is an escape
    assert json.loads(line) == record.model_dump(mode="json")


# --- minimal inputs of failures the fuzzing found (regression tests) -----------------------


@pytest.mark.parametrize("text", [" встреча", "\t19 апреля Владимир Путин встретился с Владимир Путин в Москве. "])
def test_fuzz_found_event_sentence_has_no_leading_whitespace(nlp, text):
    # the text's leading whitespace is a token of the first sentence; the record's
    # sentence used to start with it
    record = extract_and_check(text)
    assert record.events and all(v.sentence.text == v.sentence.text.strip() for v in record.events)


@pytest.mark.parametrize("text, date", [
    ("весной", dt.date(1, 1, 1)),  # year 0 in the resolver
    ("@𗀀", None),  # pymorphy3 raised ValueError on a letter without a Unicode name
    ("Путин\udc80 встретился с Си Цзиньпином в Пекине.", None),  # spaCy raised on a lone surrogate
])
def test_fuzz_found_inputs_give_clean_records(nlp, text, date):
    record = ruevents.extract(text, date=date)
    assert_valid_record(text, record, json_round_trip="\udc80" not in text)
