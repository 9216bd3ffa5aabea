"""Tokenizer stage: razdel tokens with exact offsets, razdel sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import spacy

from ruevents.stages.tokenize import RazdelTokenizer

tokenizer = RazdelTokenizer(spacy.blank("ru").vocab)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n",
        "Привет",
        "  Валерий Герасимов прибыл в Баку.\n\nОн встретится с Кертисом Скапарротти.  ",
        "В 2013 году\tадминистрация США...\r\nНовая строка",
        "«Эта встреча демонстрирует интерес», — заявили в НАТО.",
        "Цена выросла на 3,5% (до 1 200 руб.).",
    ],
)
def test_tokenize_text_round_trips(text):
    doc = tokenizer(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text


def test_tokenize_offsets_match_razdel():
    text = "19 апреля глава Генштаба Валерий Герасимов прибыл в Баку."
    words = [t.text for t in tokenizer(text) if not t.is_space]
    assert words == ["19", "апреля", "глава", "Генштаба", "Валерий", "Герасимов", "прибыл", "в", "Баку", "."]


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("Герасимов прибыл в Баку. Там он встретится с коллегой.", ["Герасимов прибыл в Баку.", "Там он встретится с коллегой."]),
        ("Т. е. это было в 2017 г. в Баку. Потом в Вене.", ["Т. е. это было в 2017 г. в Баку.", "Потом в Вене."]),
        ("Заголовок\n\nТекст статьи.", ["Заголовок", "Текст статьи."]),
    ],
)
def test_tokenize_sentences_from_razdel(text, sentences):
    doc = tokenizer(text)
    found = [s.text.strip() for s in doc.sents]
    assert found == sentences


def test_tokenize_whitespace_tokens_are_marked():
    doc = tokenizer("Первое.\n\nВторое.")
    assert [t.text for t in doc if t.is_space] == ["\n\n"]


def test_tokenize_rejects_non_text():
    with pytest.raises(TypeError, match="expected text as str"):
        tokenizer(b"bytes")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_tokenize_any_text_round_trips(text):
    doc = tokenizer(text)
    assert doc.text == text


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("Для переговоров прибыл глава Генштаба\n\nВалерий Герасимов и Кертис Скапарротти", ["Для переговоров прибыл глава Генштаба", "Валерий Герасимов и Кертис Скапарротти"]),
        ("Об этом\n\nсообщает\n\nпресс-служба ведомства.", ["Об этом\n\nсообщает\n\nпресс-служба ведомства."]),
        ("Глава МИД\n\nзаявил\n\n, что визит состоится.", ["Глава МИД\n\nзаявил\n\n, что визит состоится."]),
        ("Итоги года\n19 апреля министр прибыл в Баку.", ["Итоги года", "19 апреля министр прибыл в Баку."]),
    ],
)
def test_tokenize_line_breaks_split_only_between_sentences(text, sentences):
    doc = tokenizer(text)
    assert [s.text.strip() for s in doc.sents] == sentences


def test_tokenize_overlong_sentence_is_cut_for_the_models():
    from ruevents.stages.tokenize import MAX_SENTENCE_TOKENS

    text = "слово, " * (3 * MAX_SENTENCE_TOKENS)
    doc = tokenizer(text)
    assert doc.text == text
    sents = list(doc.sents)
    assert len(sents) >= 6
    assert all(len(s) <= MAX_SENTENCE_TOKENS + 1 for s in sents)
    # cuts fall after punctuation
    assert all(s[-1].text in (",", " ") or s[-1].is_space for s in sents[:-1])


@pytest.mark.parametrize("text", ["\ud800", "Путин\udc80 прибыл.", "a\ud83d\ude00b", "\udfff \udfff\n\ud800"])
def test_tokenize_lone_surrogates_become_replacement_characters(text):
    # spaCy's string store needs UTF-8; a lone surrogate (legal in a str) is
    # replaced one for one, so every offset still points into ``text``
    doc = tokenizer(text)
    assert len(doc.text) == len(text)
    assert doc.text == "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def _blocks_by_definition(text: str):
    """The line-break rule read literally: look at the whole block so far (quadratic)."""
    from ruevents.backends.razdel import _ENDS_SENTENCE, _LINE_BREAK, _STARTS_SENTENCE

    start = 0
    for match in _LINE_BREAK.finditer(text):
        before, after = text[start : match.start()], text[match.end() : match.end() + 1]
        if not before.strip():
            continue
        if not after or _STARTS_SENTENCE.match(after) or _ENDS_SENTENCE.search(before):
            yield start, match.start()
            start = match.end()
    if text[start:].strip():
        yield start, len(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("аБ1.!? \t\n\r\x0b\x0c\u2028\u00a0«»:;—,") + ["\r\n", "Да."]), max_size=40).map("".join))
def test_tokenize_blocks_follow_the_line_break_rule(text):
    # _blocks looks at one line per break, so many short lowercase lines stay
    # linear (it used to rescan the whole block: 16,000 lines took a second)
    from ruevents.backends.razdel import _blocks

    assert list(_blocks(text)) == list(_blocks_by_definition(text))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n",
        "  Валерий Герасимов прибыл в Баку.\n\nОн встретится с Кертисом Скапарротти.  ",
        "Первое.\n\n\n   \nВторое — короткое.\tТретье",
    ],
)
def test_tokenize_model_sentences_are_the_docs_sentences(text):
    from ruevents.stages.tokenize import model_sentences, model_words

    doc = tokenizer(text)
    expected = [
        (sent.start, sent.end, [t.i for t in model_words(sent)], [t.text for t in model_words(sent)])
        for sent in (doc.sents if len(doc) else [])
    ]
    assert [tuple(sent) for sent in model_sentences(doc)] == expected
