"""Event scoring: the matcher and its counts, the NEREL reader, the baseline, the command."""

from __future__ import annotations

import json

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab
from typer.testing import CliRunner

from ruevents.cli import app
from ruevents.evaluation.baseline import baseline_events, first_lemma_types
from ruevents.evaluation.events import (
    UNLISTED,
    Counts,
    ScoredArgument,
    ScoredEvent,
    Scores,
    lexicon_type,
    match_events,
    overlap,
    run_annotated,
    score_document,
    scored_events,
)
from ruevents.evaluation.nerel import (
    ROLE_RELATIONS_WITH_AGENT,
    BratError,
    gold_events,
    parse_ann,
    read_document,
    read_folder,
)
from ruevents.extensions import register_extensions
from ruevents.records import Argument, Document, Event, Trigger

# --------------------------------------------------------------------------- scorer on hand-built records

TEXT = "Путин встретился с Эрдоганом в Анкаре. Лавров заявил о визите. Умер Иванов."


def at(word: str, nth: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(nth):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def event(ident: str, kind: str, trigger: str, *arguments: tuple[str, str]) -> Event:
    start, end = at(trigger)
    return Event(
        id=ident, type=kind, modality="asserted", confidence=1.0,
        trigger=Trigger(start=start, end=end, text=trigger),
        arguments=[Argument(role=role, ref="e1", start=at(word)[0], end=at(word)[1], text=word) for role, word in arguments],
    )


def record(*events: Event) -> Document:
    doc = Document(doc_id="d", text_sha1="0", events=list(events))
    doc.check_offsets(TEXT)
    return doc


GOLD = record(
    event("v1", "meeting", "встретился", ("participant", "Путин"), ("participant", "Эрдоганом"), ("place", "Анкаре")),
    event("v2", "statement", "заявил", ("participant", "Лавров")),
    event("v3", "visit", "визите"),
    event("v4", "death", "Умер", ("participant", "Иванов")),
)
PREDICTED = record(
    # longer than the gold trigger: overlap is enough; «Анкаре» as a participant has the wrong role
    event("v1", "meeting", "встретился с", ("participant", "Путин"), ("participant", "Анкаре"), ("place", "Анкаре")),
    # right place, wrong type: matches only when types are not compared
    event("v2", "meeting", "заявил", ("participant", "Лавров")),
    event("v3", "visit", "визите"),
)


def scores_of(*, typed: bool) -> Scores:
    scores = Scores()
    score_document(scored_events(PREDICTED), scored_events(GOLD), scores, typed=typed)
    return scores


def prf(counts: Counts) -> tuple[float, float, float]:
    return pytest.approx(counts.precision), pytest.approx(counts.recall), pytest.approx(counts.f1)


def test_eval_events_typed_triggers():
    scores = scores_of(typed=True)
    # 2 of 3 predicted match (v2's type differs), 2 of 4 gold found
    assert prf(scores.trigger()) == (2 / 3, 2 / 4, 4 / 7)
    # contact: the death is out; 2 of 3 predicted, 2 of 3 gold
    assert prf(scores.trigger(("meeting", "phone_call", "visit", "statement", "agreement"))) == (2 / 3, 2 / 3, 2 / 3)
    assert prf(scores.trigger(["meeting"])) == (1 / 2, 1.0, 2 / 3)
    assert prf(scores.trigger(["statement"])) == (0.0, 0.0, 0.0)
    assert scores.trigger(["death"]).gold == 1 and scores.trigger(["death"]).predicted == 0


def test_eval_events_typed_arguments():
    scores = scores_of(typed=True)
    # predicted: Путин ✓, Анкаре as participant ✗, Анкаре as place ✓, Лавров ✗ (its event did not match)
    # gold: Путин, Эрдоганом, Анкаре, Лавров, Иванов
    assert prf(scores.argument()) == (2 / 4, 2 / 5, 2 * 0.5 * 0.4 / 0.9)
    assert prf(scores.argument(roles=["participant"])) == (1 / 3, 1 / 4, 2 / 7)
    assert prf(scores.argument(roles=["place"])) == (1.0, 1.0, 1.0)
    assert prf(scores.argument(["meeting"], ["participant"])) == (1 / 3, 1 / 2, 0.4)


def test_eval_events_untyped_matching_ignores_type():
    scores = scores_of(typed=False)
    assert prf(scores.trigger()) == (1.0, 3 / 4, 6 / 7)
    assert prf(scores.argument()) == (3 / 4, 3 / 5, 2 / 3)
    # per type the two sides keep their own types: the «заявил» meeting matched a gold statement
    meeting, statement = scores.trigger(["meeting"]), scores.trigger(["statement"])
    assert (meeting.correct_predicted, meeting.predicted, meeting.correct_gold, meeting.gold) == (2, 2, 1, 1)
    assert (statement.correct_predicted, statement.predicted, statement.correct_gold, statement.gold) == (0, 0, 1, 1)


def span(start: int, end: int) -> tuple[tuple[int, int], ...]:
    return ((start, end),)


@pytest.mark.parametrize(
    "a, b, shared",
    [
        (span(0, 5), span(5, 9), 0),  # touching is not overlapping
        (span(0, 5), span(4, 9), 1),
        (((0, 5), (10, 15)), span(6, 9), 0),  # in the gap of a discontinuous span
        (((0, 5), (10, 15)), span(3, 12), 4),
    ],
)
def test_eval_events_overlap(a, b, shared):
    assert overlap(a, b) == overlap(b, a) == shared


def test_eval_events_matching_is_one_to_one_and_prefers_the_closest():
    # «встречи» predicted once; gold has «встречи на Эльбе» and the nested «встречи»
    predicted = [ScoredEvent("meeting", span(0, 7), "встречи")]
    gold = [ScoredEvent(None, span(0, 16), "встречи на Эльбе"), ScoredEvent(None, span(0, 7), "встречи")]
    assert match_events(predicted, gold, typed=False) == {0: 1}
    scores = Scores()
    score_document(predicted, gold, scores, typed=False)
    assert (scores.trigger().correct_predicted, scores.trigger().correct_gold, scores.trigger().gold) == (1, 1, 2)


def test_eval_events_matching_finds_the_largest_pairing():
    # greedy by overlap would give the long prediction the short gold event and leave one unmatched
    predicted = [ScoredEvent("x", span(0, 10), "a"), ScoredEvent("x", span(8, 12), "b")]
    gold = [ScoredEvent("x", span(0, 2), "c"), ScoredEvent("x", span(5, 11), "d")]
    assert match_events(predicted, gold, typed=True) == {0: 0, 1: 1}


def test_eval_events_argument_needs_same_role_and_overlap():
    gold = [ScoredEvent("meeting", span(10, 20), "t", (ScoredArgument("place", span(0, 5), "x"),))]
    predicted = [ScoredEvent("meeting", span(12, 14), "t", (
        ScoredArgument("participant", span(0, 5), "x"),
        ScoredArgument("place", span(4, 8), "y"),
        ScoredArgument("place", span(0, 3), "z"),  # the gold place is already taken
    ))]
    scores = Scores()
    score_document(predicted, gold, scores, typed=True)
    counts = scores.argument()
    assert (counts.correct_predicted, counts.predicted, counts.correct_gold, counts.gold) == (1, 3, 1, 1)


@pytest.mark.parametrize(
    "lemmas, kind",
    [
        (("встреча",), "meeting"),
        (("телефонный", "разговор"), "phone_call"),  # the longest phrase wins
        (("провести", "переговоры"), "meeting"),
        (("провести",), None),  # a phrase needs all its lemmas
        (("шукшинский", "день"), None),
    ],
)
def test_eval_events_lexicon_type(lemmas, kind):
    assert lexicon_type(lemmas) == kind


# --------------------------------------------------------------------------- NEREL reader

# «Вчера» «в Казани» «Иванов и Петров провели встречу»: the trigger «провели … встречу» is discontinuous
BRAT_TEXT = "Вчера в Казани Иванов\r\nи Петров провели\r\nвсю ночь встречу.\r\n"
BRAT_ANN = "\n".join([
    "T1\tDATE 0 5\tВчера",
    "T2\tCITY 8 14\tКазани",
    "T3\tPERSON 15 21\tИванов",
    "T4\tPERSON 25 31\tПетров",
    "T5\tEVENT 50 57;32 39\tвстречу провели",  # fragments listed out of text order, as brat allows
    "T6\tWORK_OF_ART 41 49\tвсю ночь",
    "R1\tPARTICIPANT_IN Arg1:T3 Arg2:T5",
    "R2\tTAKES_PLACE_IN Arg1:T5 Arg2:T2",
    "R3\tPOINT_IN_TIME Arg1:T5 Arg2:T1",
    "R4\tAGENT Arg1:T4 Arg2:T5",
    "R5\tPARTICIPANT_IN Arg1:T4 Arg2:T6",  # not an EVENT: ignored
    "N1\tReference T2 Wikidata:Q900\tКазань",
    "",
])


@pytest.fixture
def brat_folder(tmp_path):
    (tmp_path / "doc_text.txt").write_bytes(BRAT_TEXT.encode("utf-8"))
    (tmp_path / "doc_text.ann").write_text(BRAT_ANN, encoding="utf-8")
    return tmp_path


def test_nerel_reader_keeps_offsets_and_fragments(brat_folder):
    document = read_document(brat_folder / "doc_text.txt")
    assert "\r\n" in document.text  # read as on disk: brat offsets count the \r
    trigger = document.entities["T5"]
    assert trigger.fragments == ((32, 39), (50, 57))
    assert [document.text[s:e] for s, e in trigger.fragments] == ["провели", "встречу"]
    assert len(document.relations) == 5


def test_nerel_gold_events_follow_relation_directions(brat_folder):
    [document] = read_folder(brat_folder)
    [gold] = gold_events(document)
    assert gold.type is None and gold.trigger == ((32, 39), (50, 57))
    assert sorted((a.role, a.text) for a in gold.arguments) == [
        ("participant", "Иванов"), ("place", "Казани"), ("time", "Вчера"),
    ]
    [with_agent] = gold_events(document, relations=ROLE_RELATIONS_WITH_AGENT)
    assert sorted(a.text for a in with_agent.arguments if a.role == "participant") == ["Иванов", "Петров"]


@pytest.mark.parametrize(
    "line, message",
    [
        ("T1\tPERSON 0 5\tИванов", "expected 'Иванов'"),
        ("T1\tPERSON 5 0\tx", "START <= END"),
        ("R1\tPARTICIPANT_IN T1 T2", "Arg1:T1 Arg2:T2"),
    ],
)
def test_nerel_reader_reports_bad_lines(line, message):
    with pytest.raises(BratError, match=message):
        parse_ann(line, BRAT_TEXT, source="x.ann")


def test_nerel_reader_reports_dangling_relation():
    with pytest.raises(BratError, match="T9, which no T line defines"):
        parse_ann("T1\tDATE 0 5\tВчера\nR1\tPARTICIPANT_IN Arg1:T1 Arg2:T9", BRAT_TEXT, source="x.ann")


# --------------------------------------------------------------------------- baseline on a hand-built Doc


def baseline_doc() -> Doc:
    register_extensions()
    words = ["Вчера", "Лавров", "встретился", "с", "Ван", "И", "в", "Пекине", ".", "Погода", "была", "хорошей", "."]
    lemmas = ["вчера", "лавров", "встретиться", "с", "ван", "и", "в", "пекин", ".", "погода", "быть", "хороший", "."]
    pos = ["ADV", "PROPN", "VERB", "ADP", "PROPN", "PROPN", "ADP", "PROPN", "PUNCT", "NOUN", "AUX", "ADJ", "PUNCT"]
    spaces = [True] * 7 + [False, True] + [True, True, False, False]
    sent_starts = [True] + [False] * 8 + [True] + [False] * 3
    doc = Doc(Vocab(), words=words, spaces=spaces, lemmas=lemmas, pos=pos, sent_starts=sent_starts)

    def chars(first: int, last: int) -> list[int]:
        return [doc[first].idx, doc[last].idx + len(doc[last])]
    doc._.entities = [
        {"id": "e1", "type": "PER", "name": "Лавров", "mentions": [chars(1, 1)]},
        {"id": "e2", "type": "PER", "name": "Ван И", "mentions": [chars(4, 5)]},
        {"id": "e3", "type": "LOC", "name": "Пекин", "mentions": [chars(7, 7)]},
    ]
    doc._.times = [{"id": "t1", "start": 0, "end": 5, "value": None}]
    return doc


def test_baseline_builds_one_event_per_trigger_word():
    doc = baseline_doc()
    assert doc.text == "Вчера Лавров встретился с Ван И в Пекине. Погода была хорошей."
    [found] = baseline_events(doc)  # the second sentence has no trigger
    assert (found.type, found.trigger.text) == ("meeting", "встретился")
    assert [(a.role, a.ref, a.text) for a in found.arguments] == [
        ("participant", "e1", "Лавров"), ("participant", "e2", "Ван И"), ("place", "e3", "Пекине"), ("time", "t1", "Вчера"),
    ]
    for argument in found.arguments:
        assert doc.text[argument.start : argument.end] == argument.text


@pytest.mark.parametrize("lemma, kind", [("разговор", "meeting"), ("телефонный", "phone_call"), ("провести", "meeting"), ("заявить", "statement")])
def test_baseline_first_lemma_takes_the_shortest_phrase_type(lemma, kind):
    assert first_lemma_types()[lemma] == kind


# --------------------------------------------------------------------------- end to end


def test_eval_events_annotated_split(tmp_path):
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / "001.ann.md").write_text(
        "doc_id: train/001\ndate: 2018-04-19\n\n"
        "[Сергей Лавров](PER:e1) [встретился](meeting:v1) с [Ван И](PER:e2) в [Пекине](LOC:e3 \"Пекин\").\n\n"
        "# events\nv1 meeting asserted participant=e1 participant=e2 place=e3\n",
        encoding="utf-8",
    )
    evaluation = run_annotated(tmp_path, split="train")
    assert evaluation.documents == 1
    for scores in evaluation.scores.values():
        assert (scores.trigger().gold, scores.argument().gold) == (1, 3)
    baseline = evaluation.scores["baseline"]
    assert baseline.trigger().correct_gold == 1
    (tmp_path / "test").mkdir()  # the held-out split, not written yet
    with pytest.raises(ValueError, match="found none"):
        run_annotated(tmp_path, split="test")


def test_eval_events_nerel_command(shared_dir, tmp_path):
    nerel = shared_dir / "corpora" / "nerel-1.1" / "dev"
    if not nerel.is_dir():
        pytest.skip(f"{nerel} is absent")
    out = tmp_path / "events.json"
    result = CliRunner().invoke(app, ["eval", "events", "--nerel", str(nerel), "--limit", "4", "--missed", "3", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "4 documents" in result.output
    assert "ruevents" in result.output and "baseline" in result.output
    figures = json.loads(out.read_text(encoding="utf-8"))["nerel"]
    assert figures["documents"] == 4
    for system in ("ruevents", "baseline"):
        triggers = figures["systems"][system]["triggers"]
        assert triggers["all"]["gold"] > 0
        assert set(triggers) == {"all", "contact", "by_type"}
        assert set(figures["systems"][system]["arguments"]["by_role"]) <= {"participant", "place", "time"}
    unlisted = figures["systems"]["ruevents"]["triggers"]["by_type"].get(UNLISTED)
    assert unlisted is None or unlisted["predicted"] == 0


def test_eval_events_command_needs_a_corpus():
    result = CliRunner().invoke(app, ["eval", "events"])
    assert result.exit_code != 0
    assert "--annotated" in result.output
