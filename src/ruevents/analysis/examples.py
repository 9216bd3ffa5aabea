"""A tiny hand-written corpus of contract records: try the analysis API without the models.

Three short texts with the records ruevents should give for them, written by
hand (offsets computed from the texts, validated by the contract models)::

    >>> from ruevents.analysis import tables_from_records
    >>> from ruevents.analysis.examples import example_records
    >>> tables_from_records(example_records())
    Tables(3 documents, 11 entities, 17 mentions, 4 times, 8 events, 21 arguments, 9 actors)

What they hold, for tests to rely on: Путин meets Байден in Geneva on
2021-06-16 (a.txt, also a planned second meeting and a statement); Путин,
Эрдоган and «Роухани» meet in Ankara on 2018-04-03, Путин and Эрдоган speak
by phone (dated by the document, 2018-04-04), Россия and Турция agree (b.txt);
Хасан Роухани speaks in May 2017 and agrees with the ORG «МИД Ирана» on a
day of unknown year, in a document without a date (c.txt).
"""

from __future__ import annotations

import hashlib
from typing import Any


def _span(text: str, fragment: str, occurrence: int = 1) -> dict[str, Any]:
    start = -1
    for _ in range(occurrence):
        start = text.index(fragment, start + 1)
    return {"start": start, "end": start + len(fragment), "text": fragment}


def _record(doc_id: str, date: str | None, text: str, entities, times, events) -> dict[str, Any]:
    """A contract record; entities as (id, type, name, [mention, ...], attributes), mentions as text or (text, n)."""
    def span(item):
        return _span(text, *item) if isinstance(item, tuple) else _span(text, item)

    record = {
        "doc_id": doc_id, "source": f"examples/{doc_id}", "date": date,
        "text_sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
        "entities": [
            {"id": ident, "type": kind, "name": name, "mentions": [span(m) for m in mentions], "attributes": attributes}
            for ident, kind, name, mentions, attributes in entities
        ],
        "times": [{"id": ident, **span(fragment), "value": value} for ident, fragment, value in times],
        "events": [],
        "errors": [],
    }
    for ident, kind, trigger, modality, confidence, sentence, arguments in events:
        record["events"].append({
            "id": ident, "type": kind, "trigger": span(trigger), "modality": modality, "confidence": confidence,
            "sentence": span(sentence),
            "arguments": [{"role": role, "ref": ref, **span(fragment)} for role, ref, fragment in arguments],
        })
    return record


TEXTS = {
    "a.txt": (
        "Владимир Путин и Джозеф Байден встретились в Женеве 16 июня. "
        "Путин заявил, что переговоры были конструктивными. "
        "Стороны договорились провести новую встречу Путина и Байдена."
    ),
    "b.txt": (
        "Путин, Реджеп Тайип Эрдоган и Роухани провели переговоры в Анкаре 3 апреля. "
        "Накануне Путин и Эрдоган обсудили по телефону подготовку саммита. "
        "Россия и Турция договорились о поставках."
    ),
    "c.txt": (
        "Хасан Роухани выступил в мае 2017 года. "
        "19 апреля Роухани и МИД Ирана подписали соглашение."
    ),
}


def example_records() -> list[dict[str, Any]]:
    """The three example records as JSON dicts (``Document.model_validate`` accepts each)."""
    a, b, c = TEXTS["a.txt"], TEXTS["b.txt"], TEXTS["c.txt"]
    records = [
        _record("a.txt", "2021-06-16", a, [
            ("e1", "PER", "Владимир Путин", ["Владимир Путин", ("Путин", 2), "Путина"], {"titles": ["президент России"]}),
            ("e2", "PER", "Джозеф Байден", ["Джозеф Байден", "Байдена"], {}),
            ("e3", "LOC", "Женева", ["Женеве"], {}),
        ], [("t1", "16 июня", "2021-06-16")], [
            ("v1", "meeting", "встретились", "asserted", 0.95, "Владимир Путин и Джозеф Байден встретились в Женеве 16 июня.",
             [("participant", "e1", "Владимир Путин"), ("participant", "e2", "Джозеф Байден"),
              ("place", "e3", "Женеве"), ("time", "t1", "16 июня")]),
            ("v2", "statement", "заявил", "asserted", 0.9, "Путин заявил, что переговоры были конструктивными.",
             [("participant", "e1", ("Путин", 2))]),
            ("v3", "meeting", "встречу", "planned", 0.7, "Стороны договорились провести новую встречу Путина и Байдена.",
             [("participant", "e1", "Путина"), ("participant", "e2", "Байдена")]),
        ]),
        _record("b.txt", "2018-04-04", b, [
            ("e1", "PER", "Владимир Путин", ["Путин", ("Путин", 2)], {}),
            ("e2", "PER", "Реджеп Тайип Эрдоган", ["Реджеп Тайип Эрдоган", ("Эрдоган", 2)], {}),
            ("e3", "PER", "Роухани", ["Роухани"], {}),
            ("e4", "LOC", "Анкара", ["Анкаре"], {}),
            ("e5", "LOC", "Россия", ["Россия"], {}),
            ("e6", "LOC", "Турция", ["Турция"], {}),
        ], [("t1", "3 апреля", "2018-04-03")], [
            ("v1", "meeting", "провели переговоры", "asserted", 0.93,
             "Путин, Реджеп Тайип Эрдоган и Роухани провели переговоры в Анкаре 3 апреля.",
             [("participant", "e1", "Путин"), ("participant", "e2", "Реджеп Тайип Эрдоган"), ("participant", "e3", "Роухани"),
              ("place", "e4", "Анкаре"), ("time", "t1", "3 апреля")]),
            ("v2", "phone_call", "обсудили по телефону", "asserted", 0.8,
             "Накануне Путин и Эрдоган обсудили по телефону подготовку саммита.",
             [("participant", "e1", ("Путин", 2)), ("participant", "e2", ("Эрдоган", 2))]),
            ("v3", "agreement", "договорились", "asserted", 0.75, "Россия и Турция договорились о поставках.",
             [("participant", "e5", "Россия"), ("participant", "e6", "Турция")]),
        ]),
        _record("c.txt", None, c, [
            ("e1", "PER", "Хасан Роухани", ["Хасан Роухани", ("Роухани", 2)], {}),
            ("e2", "ORG", "МИД Ирана", ["МИД Ирана"], {}),
        ], [("t1", "в мае 2017 года", "2017-05"), ("t2", "19 апреля", "XXXX-04-19")], [
            ("v1", "statement", "выступил", "asserted", 0.85, "Хасан Роухани выступил в мае 2017 года.",
             [("participant", "e1", "Хасан Роухани"), ("time", "t1", "в мае 2017 года")]),
            ("v2", "agreement", "подписали соглашение", "asserted", 0.9, "19 апреля Роухани и МИД Ирана подписали соглашение.",
             [("participant", "e1", ("Роухани", 2)), ("participant", "e2", "МИД Ирана"), ("time", "t2", "19 апреля")]),
        ]),
    ]
    return records


def example_texts() -> dict[str, str]:
    """doc_id → text of the example records (their offsets point into these)."""
    return dict(TEXTS)
