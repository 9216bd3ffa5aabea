"""FactRuEval loader and the NER scorer, on a made-up two-sentence folder,
then both systems on the real devset."""

from __future__ import annotations

from pathlib import Path

import pytest

from ruevents.backends import razdel as razdel_backend
from ruevents.evaluation import factrueval
from ruevents.evaluation.ner import (
    Mention,
    drop_misaligned,
    gold_mentions,
    io_tags,
    score_documents,
)

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO / ".." / "shared" / "corpora" / "factrueval-2016" / "devset"

TEXT = "Иван Петров встретил главу МИД Франции в Париже.\nКомпания «Ромашка» открыла офис в Кремле."

# (span id, type, surface, occurrence) -> located in TEXT by the fixture
SPANS = [
    ("1", "name", "Иван"),
    ("2", "surname", "Петров"),
    ("3", "org_name", "МИД"),
    ("4", "loc_name", "Франции"),
    ("5", "loc_name", "Париже"),
    ("6", "org_descr", "Компания"),
    ("7", "org_name", "Компания «Ромашка»"),
    ("8", "org_name", "Ромашка"),  # inside span 7: dropped as overlapping
    ("9", "loc_name", "Кремл"),  # half a token: dropped as misaligned
]
OBJECTS = [
    ("10", "Person", ["1", "2"]),
    ("11", "Org", ["3", "4"]),  # only org_name counts: МИД
    ("12", "LocOrg", ["4"]),  # Франции as LOC
    ("13", "Location", ["5"]),
    ("14", "Org", ["6", "7"]),
    ("15", "Org", ["8"]),
    ("16", "Location", ["9"]),
]
COREF = "1 10\nfirstname Иван\nlastname Петров\n\n2 12\nname Франция\nwikidata\n"
FACTS = "1-0 Meeting\nParticipant obj1 Петров Иван\nWhere obj2 Франция | Французская республика\nType встреча\n"


def write_folder(folder: Path, *, text: str = TEXT, bom: bool = False, crlf_offsets: bool = False) -> Path:
    """A FactRuEval folder with one document, ``book_1``.

    ``bom`` writes a BOM that the offsets count; ``crlf_offsets`` writes the
    text with ``\\r\\n`` and offsets counted on the ``\\n`` text.
    """
    folder.mkdir(parents=True, exist_ok=True)
    shift = 1 if bom else 0
    tokens, token_ids = [], {}
    sentences = list(razdel_backend.sentences(text))
    for number, sent in enumerate(sentences):
        for token in razdel_backend.tokens(sent.text, sent.start):
            token_ids[token.start] = str(100 + len(token_ids))
            tokens.append(f"{token_ids[token.start]} {token.start + shift} {token.end - token.start} {token.text}")
        if number < len(sentences) - 1:
            tokens.append("")
    spans = []
    for span_id, span_type, surface in SPANS:
        start = text.index(surface)
        first = max(s for s in token_ids if s <= start)
        spans.append(f"{span_id} {span_type} {start + shift} {len(surface)} {token_ids[first]} 1  # {surface}")
    objects = [f"{oid} {otype} {' '.join(ids)} # made up" for oid, otype, ids in OBJECTS]
    raw = ("\ufeff" if bom else "") + (text.replace("\n", "\r\n") if crlf_offsets else text)
    (folder / "book_1.txt").write_bytes(raw.encode("utf-8"))
    for suffix, lines in (("tokens", tokens), ("spans", spans), ("objects", objects)):
        (folder / f"book_1.{suffix}").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "book_1.coref").write_text(COREF, encoding="utf-8")
    (folder / "book_1.facts").write_text(FACTS, encoding="utf-8")
    return folder


@pytest.fixture
def document(tmp_path) -> factrueval.Document:
    return factrueval.load_folder(write_folder(tmp_path / "set"))[0]


def test_eval_ner_loader_reads_every_layer(document):
    assert document.id == "1" and document.text == TEXT
    assert all(TEXT[t.start : t.stop] == t.text for t in document.tokens)
    assert {t.sentence for t in document.tokens} == {0, 1}
    person = document.objects[0]
    assert (person.type, TEXT[person.start : person.stop]) == ("Person", "Иван Петров")
    assert [c.id for c in document.corefs] == ["1", "2"]
    assert document.corefs[0].get("lastname") == "Петров"
    assert document.corefs[1].slots == (("name", "Франция"), ("wikidata", ""))
    assert document.corefs[1].objects[0].id == "12"
    (fact,) = document.facts
    assert (fact.id, fact.type) == ("1-0", "Meeting")
    where = dict(fact.slots)["Where"][0]
    assert where.ref == ("obj", "2") and where.texts == ("Франция", "Французская республика")
    assert dict(fact.slots)["Type"][0].ref is None


@pytest.mark.parametrize("options", [{"bom": True}, {"crlf_offsets": True}])
def test_eval_ner_loader_realigns_bom_and_crlf(tmp_path, options):
    (doc,) = factrueval.load_folder(write_folder(tmp_path / "set", **options))
    assert all(doc.text[t.start : t.stop] == t.text for t in doc.tokens)
    assert all(doc.text[s.start : s.stop] == surface for s, (_, _, surface) in zip(doc.spans, SPANS))


def test_eval_ner_loader_refuses_shifted_offsets(tmp_path):
    folder = write_folder(tmp_path / "set")
    (folder / "book_1.txt").write_text("X" + TEXT, encoding="utf-8")
    with pytest.raises(factrueval.FactRuEvalFormatError, match="expected token"):
        factrueval.load_folder(folder)


def test_eval_ner_gold_follows_naeval(document):
    tokens = list(razdel_backend.tokens(document.text))
    gold = drop_misaligned(gold_mentions(document), tokens)
    assert [(TEXT[m.start : m.stop], m.type) for m in gold] == [
        ("Иван Петров", "PER"),
        ("МИД", "ORG"),
        ("Франции", "LOC"),
        ("Париже", "LOC"),
        ("Компания «Ромашка»", "ORG"),
    ]


def test_eval_ner_io_tags_mark_a_token_a_span_starts_in():
    tokens = list(razdel_backend.tokens("в Париже сейчас"))
    assert io_tags(tokens, [Mention(2, 5, "LOC")]) == [None, "LOC", None]


def mention(text: str, label: str) -> Mention:
    start = TEXT.index(text)
    return Mention(start, start + len(text), label)


def test_eval_ner_scores_exactly(document):
    predicted = [
        mention("Иван Петров", "PER"),  # 2 right
        mention("МИД Франции", "ORG"),  # МИД right, Франции wrong (gold LOC)
        mention("Париже", "LOC"),  # right
        mention("Ромашка", "PER"),  # wrong type
    ]
    scores = score_documents([document], [predicted])
    per, loc, org = (scores.by_type[t] for t in ("PER", "LOC", "ORG"))
    assert (per.correct, per.predicted, per.gold) == (2, 3, 2)
    assert (loc.correct, loc.predicted, loc.gold) == (1, 1, 2)
    assert (org.correct, org.predicted, org.gold) == (1, 2, 5)
    assert per.precision == pytest.approx(2 / 3) and per.recall == 1.0
    assert org.f1 == pytest.approx(2 * 0.5 * 0.2 / 0.7)
    micro = scores.micro
    assert (micro.correct, micro.predicted, micro.gold) == (4, 6, 9)


def test_eval_ner_perfect_prediction_scores_one(document):
    tokens = list(razdel_backend.tokens(document.text))
    gold = drop_misaligned(gold_mentions(document), tokens)
    scores = score_documents([document], [gold])
    assert all(scores.by_type[t].f1 == 1.0 for t in ("PER", "LOC", "ORG"))


@pytest.mark.slow
def test_eval_ner_ruevents_not_below_raw_slovnet_on_devset(nlp):
    if not DEVSET.is_dir():
        pytest.skip(f"{DEVSET} is absent")
    from ruevents.evaluation.ner import evaluate

    documents = factrueval.load_folder(DEVSET)
    raw, ours = evaluate(documents, nlp)
    for label in ("PER", "LOC", "ORG"):
        assert ours.scores.by_type[label].f1 >= raw.scores.by_type[label].f1, label
    assert ours.scores.by_type["ORG"].f1 > raw.scores.by_type["ORG"].f1
