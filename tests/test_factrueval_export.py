"""FactRuEval-2016 export (Tracks 1-3) and the facts scorer: made-up records and
folders first, then the whole chain on three devset documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ruevents.cli import app
from ruevents.evaluation import factrueval
from ruevents.evaluation.factrueval_export import (
    export_records,
    is_name_mention,
    mention_tag,
    response_text,
    split_person_name,
    task1_lines,
    task2_blocks,
    task3_blocks,
)
from ruevents.evaluation.fact_gold import gold_facts
from ruevents.evaluation.fact_matching import (
    Fact,
    GoldFact,
    fact_matches,
    fuzzy_equal,
    levenshtein,
    match_facts,
    normalise,
    soft_quality,
)
from ruevents.evaluation.facts import FactScores, meeting_facts, prf, score_documents
from ruevents.evaluation.occupation import occupation_facts
from ruevents.evaluation.phrase_forms import nominative_phrase
from ruevents.evaluation.title_split import split_title
from ruevents.records import Argument, Document, Entity, Event, Mention, Trigger

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO / ".." / "shared" / "corpora" / "factrueval-2016" / "devset"

# --------------------------------------------------------------------------- a made-up record

TEXT = (
    "Президент Ромашкинской республики Иван Петров встретился в Москве с главой компании «Лютик» "
    "Анной Сидоровой. Глава компании обещала инвестиции."
)


def at(word: str, nth: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(nth):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def mention(word: str, nth: int = 1) -> Mention:
    start, end = at(word, nth)
    return Mention(start=start, end=end, text=word)


def made_up_record() -> Document:
    entities = [
        Entity(id="e1", type="PER", name="Иван Петров", mentions=[mention("Иван Петров")],
               attributes={"titles": ["президент Ромашкинской республики"], "org": "e2", "org_name": "Ромашкинская республика"}),
        Entity(id="e2", type="LOC", name="Ромашкинская республика", mentions=[mention("Ромашкинской республики")]),
        Entity(id="e3", type="LOC", name="Москва", mentions=[mention("Москве")]),
        Entity(id="e4", type="ORG", name="Лютик", mentions=[mention("«Лютик»")]),
        Entity(id="e5", type="PER", name="Анна Сидорова", mentions=[mention("Анной Сидоровой"), mention("Глава компании")],
               attributes={"titles": ["глава компании «Лютик»"], "org": "e4", "org_name": "Лютик"}),
    ]
    start, end = at("встретился")
    arguments = [
        Argument(role="participant", ref="e1", start=at("Иван Петров")[0], end=at("Иван Петров")[1], text="Иван Петров"),
        Argument(role="participant", ref="e5", start=at("Анной Сидоровой")[0], end=at("Анной Сидоровой")[1], text="Анной Сидоровой"),
        Argument(role="place", ref="e3", start=at("Москве")[0], end=at("Москве")[1], text="Москве"),
    ]
    events = [Event(id="v1", type="meeting", modality="asserted", confidence=1.0,
                    trigger=Trigger(start=start, end=end, text="встретился"), arguments=arguments)]
    record = Document(doc_id="7", text_sha1="0", entities=entities, events=events)
    record.check_offsets(TEXT)
    return record


def test_export_task1_lines_tags_and_offsets():
    expected = [
        ("locorg", "Ромашкинской республики"),  # no preposition before: the place acts
        ("per", "Иван Петров"),
        ("loc", "Москве"),  # «в Москве»: a place
        ("org", "«Лютик»"),
        ("per", "Анной Сидоровой"),
    ]  # «Глава компании», a title standing for Сидорова, is not a name
    assert task1_lines(made_up_record(), TEXT) == [f"{tag} {at(word)[0]} {len(word)}" for tag, word in expected]


def test_export_task2_blocks():
    assert task2_blocks(made_up_record()) == [
        ["per", "firstname: Иван", "lastname: Петров"],
        ["loc", "name: Ромашкинская республика"],
        ["loc", "name: Москва"],
        ["org", "name: Лютик"],
        ["per", "firstname: Анна", "lastname: Сидорова"],
    ]


def test_export_task3_blocks():
    assert task3_blocks(made_up_record()) == [
        ["Meeting", "participant: Иван Петров", "participant: Анна Сидорова"],
        ["Occupation", "who: Иван Петров", "position: президент", "where: Ромашкинская республика"],
        ["Occupation", "who: Анна Сидорова", "position: глава", "where: компания «Лютик»"],
    ]


def parse_response(text: str, track: int) -> list:
    """What the competition's response readers accept, checked as they check it."""
    if track == 1:
        rows = []
        for line in text.splitlines():
            tag, start, length = line.split(" ")
            assert tag in ("per", "org", "loc", "locorg")
            rows.append((tag, int(start), int(length)))
        return rows
    blocks = [block.splitlines() for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
    for block in blocks:
        assert ":" not in block[0]
        for line in block[1:]:
            assert line.count(":") == 1, line  # the Track 3 reader splits on ":" and wants two parts
    return blocks


@pytest.mark.parametrize("track", [1, 2, 3])
def test_export_response_files_parse(tmp_path, track):
    summary = export_records([(made_up_record(), TEXT)], tmp_path, (track,))
    assert summary.files == [tmp_path / f"book_7.task{track}"]
    text = summary.files[0].read_text(encoding="utf-8")
    assert text == response_text(made_up_record(), TEXT, track)
    assert parse_response(text, track)


def test_export_empty_record_gives_empty_files(tmp_path):
    summary = export_records([(Document(doc_id="9", text_sha1="0"), "")], tmp_path)
    assert [p.name for p in summary.files] == ["book_9.task1", "book_9.task2", "book_9.task3"]
    assert all(p.read_text(encoding="utf-8") == "" for p in summary.files)


def test_export_rejects_unknown_track(tmp_path):
    with pytest.raises(ValueError, match="expected tracks"):
        export_records([], tmp_path, (4,))


@pytest.mark.parametrize(
    "text, start, tag",
    [("Он живёт в Москве.", 11, "loc"), ("Мэрия Москвы решила.", 6, "locorg"), ("Россия заявила.", 0, "locorg")],
)
def test_export_mention_tag_place_or_actor(text, start, tag):
    assert mention_tag("LOC", text, start) == tag


@pytest.mark.parametrize("text, expected", [("Иван Петров", True), ("Глава компании", False), ("глава компании", False)])
def test_export_is_name_mention(text, expected):
    assert is_name_mention(text) is expected


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize(
    "name, parts",
    [
        ("Юрий Лужков", {"firstname": "Юрий", "lastname": "Лужков"}),
        ("Юрий Михайлович Лужков", {"firstname": "Юрий", "patronymic": "Михайлович", "lastname": "Лужков"}),
        ("Лужков Юрий Михайлович", {"firstname": "Юрий", "patronymic": "Михайлович", "lastname": "Лужков"}),
        ("Петров Иван", {"firstname": "Иван", "lastname": "Петров"}),
        ("Борис Николаевич", {"firstname": "Борис", "patronymic": "Николаевич"}),
        ("Реджеп Тайип Эрдоган", {"firstname": "Реджеп Тайип", "lastname": "Эрдоган"}),
        ("Шарль де Голль", {"firstname": "Шарль", "lastname": "де Голль"}),
        ("Лиза", {"firstname": "Лиза"}),
        ("Путин", {"lastname": "Путин"}),
        ("", {}),
    ],
)
def test_names_split_person_name(name, parts):
    assert split_person_name(name) == parts


# --------------------------------------------------------------------------- strings

@pytest.mark.parametrize(
    "a, b, distance",
    [("", "", 0), ("мэр", "мэра", 1), ("главой", "глава", 2), ("kitten", "sitting", 3), ("abc", "", 3)],
)
def test_facts_levenshtein(a, b, distance):
    assert levenshtein(a, b) == distance
    assert levenshtein(b, a) == distance


def test_facts_levenshtein_stops_past_limit():
    assert levenshtein("аааааааа", "б", limit=2) == 3


@pytest.mark.parametrize(
    "a, b, equal",
    [
        ("Юрия Лужкова", "юрий лужков", True),  # case and two letters
        ("Пётр Павел", "петр павел", True),  # ё
        ("«Яблоко»", '"яблоко"', True),  # quotes
        ("президентом", "президент", True),
        ("мэр", "губернатор", False),
        ("Иван Петров", "Анна Сидорова", False),
    ],
)
def test_facts_fuzzy_equal(a, b, equal):
    assert fuzzy_equal(a, b) is equal


def test_facts_normalise():
    assert normalise("  Пётр  «Лютик»\n") == 'петр "лютик"'


@pytest.mark.parametrize(
    "phrase, forms",
    [
        ("генерального директора", ("генеральный директор",)),
        ("первого секретаря", ("первый секретарь",)),
        ("президентами", ("президенты", "президент")),
        ("заместителем министра иностранных дел", ("заместитель министра иностранных дел",)),
        ("очень быстро", ()),  # no noun
    ],
)
def test_facts_nominative_phrase(phrase, forms):
    assert nominative_phrase(phrase) == forms


# --------------------------------------------------------------------------- facts from a record

def test_facts_split_title():
    record = made_up_record()
    places = [e for e in record.entities if e.type in ("ORG", "LOC")]
    assert split_title("президент Ромашкинской республики", places) == ("президент", "Ромашкинская республика")
    assert split_title("глава компании «Лютик»", places) == ("глава", "компания «Лютик»")
    assert split_title("министр", places) == ("министр", None)


def place(entity_id: str, name: str, kind: str = "ORG", written: str | None = None) -> Entity:
    """An organisation or place with one mention, as ``written`` (the name by default)."""
    written = written or name
    return Entity(id=entity_id, type=kind, name=name, mentions=[Mention(start=0, end=len(written), text=written)])


@pytest.mark.parametrize(
    ("title", "places", "expected"),
    [
        # a unit word with a quoted name the NER missed
        ("глава партии «Новый путь»", [], ("глава", "партия «Новый путь»")),
        # the unit phrase runs up to a preposition
        ("депутат парламента от партии «Новые правые»", [], ("депутат", "парламент")),
        # «от» introduces the organisation
        ("наблюдатель от ОБСЕ", [place("e1", "ОБСЕ")], ("наблюдатель", "ОБСЕ")),
        # an adjective of a region or country stands for the place
        ("подмосковный губернатор", [], ("губернатор", "Подмосковье")),
        ("португальский парламентарий", [], ("парламентарий", "Португалия")),
        # qualifiers are not part of the position
        ("бывший заместитель министра финансов Ромашкинской республики",
         [place("e2", "Ромашкинская республика", "LOC", "Ромашкинской республики")], ("заместитель министра финансов", "Ромашкинская республика")),
        ("действующий президент ФИДЕ", [place("e3", "ФИДЕ")], ("президент", "ФИДЕ")),
        # an adjective inside the position stays
        ("чрезвычайный и полномочный посол Италии", [place("e4", "Италия", "LOC", "Италии")], ("чрезвычайный и полномочный посол", "Италия")),
        # «по» stays inside a unit's name, «в» ends it
        ("глава отдела по связям с общественностью", [], ("глава", "отдел по связям с общественностью")),
        ("глава представительства ООН в регионе", [place("e5", "ООН")], ("глава", "представительство ООН")),
        # adverbs and adjectives before the organisation are the organisation's
        ("лидер французского крайне правого Национального фронта",
         [place("e6", "Национальный фронт", written="Национального фронта")], ("лидер", "Национальный фронт")),
        # a legal form keeps its capitals
        ("глава ОАО «Вектор»", [], ("глава", "ОАО «Вектор»")),
        # a place adjective on «государство», «страна» names the place
        ("глава российского государства", [], ("глава", "Россия")),
    ],
)
def test_facts_split_title_shapes(title, places, expected):
    assert split_title(title, places) == expected


def test_facts_national_office_takes_the_country_of_another_title():
    person = Entity(id="e1", type="PER", name="Иван Петров", mentions=[Mention(start=0, end=11, text="Иван Петров")],
                    attributes={"titles": ["президент", "президент Ромашкинской республики"]})
    country = Entity(id="e2", type="LOC", name="Ромашкинская республика", mentions=[Mention(start=20, end=43, text="Ромашкинской республики")])
    other = Entity(id="e3", type="LOC", name="Лютиково", mentions=[Mention(start=50, end=58, text="Лютиково"), Mention(start=60, end=68, text="Лютиково")])
    record = Document(doc_id="x", text_sha1="0", entities=[person, country, other])
    expected = Fact("Occupation", (("Who", "Иван Петров"), ("Position", "президент"), ("Where", "Ромашкинская республика")))
    assert occupation_facts(record) == [expected]  # not the most mentioned place, Лютиково


def _person(name: str, start: int, titles: list[str]) -> Entity:
    return Entity(id="p1", type="PER", name=name, mentions=[Mention(start=start, end=start + len(name), text=name)],
                  attributes={"titles": titles})


def _loc(entity_id: str, name: str, *starts: int) -> Entity:
    return Entity(id=entity_id, type="LOC", name=name, mentions=[Mention(start=s, end=s + len(name), text=name) for s in starts])


def test_facts_national_office_takes_the_nearest_country_before_the_person():
    # Италия is named just before «премьер-министр Марио Росси»; Франция more often but far away
    record = Document(doc_id="x", text_sha1="0", entities=[
        _loc("e1", "Франция", 0, 20), _loc("e2", "Италия", 900), _person("Марио Росси", 950, ["премьер-министр"])])
    assert occupation_facts(record) == [Fact("Occupation", (("Who", "Марио Росси"), ("Position", "премьер-министр"), ("Where", "Италия")))]


def test_facts_a_city_is_not_the_country_of_a_national_office():
    record = Document(doc_id="x", text_sha1="0", entities=[
        _loc("e1", "Казань", 0, 20, 40), _loc("e2", "Россия", 60, 80), _person("Иван Петров", 2000, ["президент"])])
    assert occupation_facts(record) == [Fact("Occupation", (("Who", "Иван Петров"), ("Position", "президент"), ("Where", "Россия")))]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("глава государства", ("глава", "Россия")),  # the country the document is about
        ("мэр города", ("мэр", "Казань")),  # the place it mentions most
    ],
)
def test_facts_title_with_a_place_named_elsewhere(title, expected):
    record = Document(doc_id="x", text_sha1="0", entities=[
        _loc("e1", "Казань", 0, 20, 40), _loc("e2", "Россия", 60, 80), _person("Иван Петров", 2000, [title])])
    position, where = expected
    assert occupation_facts(record) == [Fact("Occupation", (("Who", "Иван Петров"), ("Position", position), ("Where", where)))]


def test_facts_meeting_needs_two_sides_and_drops_repeats():
    record = made_up_record()
    second = record.events[0].model_copy(update={"id": "v2"})
    lonely = record.events[0].model_copy(update={"id": "v3", "arguments": record.events[0].arguments[:1]})
    record = record.model_copy(update={"events": [*record.events, second, lonely]})
    assert meeting_facts(record) == [Fact("Meeting", (("Participant", "Иван Петров"), ("Participant", "Анна Сидорова")))]


def test_facts_occupation_needs_a_place():
    person = Entity(id="e1", type="PER", name="Иван Петров", mentions=[Mention(start=0, end=11, text="Иван Петров")],
                    attributes={"titles": ["писатель и", "чешский писатель"], "nationality": "Чехия"})
    record = Document(doc_id="x", text_sha1="0", entities=[person])
    # «писатель и» is cleaned to «писатель»; with the nationality as Where, one fact for both
    assert occupation_facts(record) == [Fact("Occupation", (("Who", "Иван Петров"), ("Position", "писатель"), ("Where", "Чехия")))]
    alone = person.model_copy(update={"attributes": {"titles": ["писатель"]}})
    assert occupation_facts(Document(doc_id="x", text_sha1="0", entities=[alone])) == []


# --------------------------------------------------------------------------- gold facts from a made-up folder

GOLD_TEXT = "Министр финансов Ромашкинской республики Иван Петрович Петров встретился с Анной Сидоровой."
GOLD_SPANS = [  # id, type, text
    ("1", "job", "Министр финансов"),
    ("2", "loc_name", "Ромашкинской республики"),
    ("3", "name", "Иван"),
    ("4", "patronymic", "Петрович"),
    ("5", "surname", "Петров"),
    ("6", "name", "Анной"),
    ("7", "surname", "Сидоровой"),
]
GOLD_OBJECTS = [("10", "Person", ["3", "4", "5"]), ("11", "LocOrg", ["2"]), ("12", "Person", ["6", "7"])]
GOLD_COREF = (
    "1 10\nfirstname Иван\npatronymic Петрович\nlastname Петров\n\n"
    "2 11\nname Ромашкинская республика\ndescriptor республика\n\n"
    "3 12\nfirstname Анна\nlastname Сидорова\n"
)
GOLD_FACTS = (
    "1-0 Occupation\nWho obj1 Петров Иван\nPosition span1 Министр финансов\nWhere obj2 Ромашкинская республика\n\n"
    "1-1 Meeting\nParticipant obj1 Петров Иван\nParticipant obj3 Сидорова Анна\nМодальность будущее\n\n"
    "1-2 Occupation\nWho obj1 Петров Иван\nPosition span1 Министр финансов\nWhere obj2 Ромашкинская республика\n"
)


def write_gold_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tokens = [(m.start(), m.group()) for m in re.finditer(r"\w+|[^\w\s]", GOLD_TEXT)]
    token_id = {start: str(100 + i) for i, (start, _) in enumerate(tokens)}
    (folder / "book_1.txt").write_text(GOLD_TEXT, encoding="utf-8")
    (folder / "book_1.tokens").write_text(
        "".join(f"{token_id[s]} {s} {len(t)} {t}\n" for s, t in tokens), encoding="utf-8")
    lines = []
    for span_id, kind, text in GOLD_SPANS:
        start = GOLD_TEXT.index(text)
        inside = [s for s, t in tokens if start <= s < start + len(text)]
        lines.append(f"{span_id} {kind} {start} {len(text)} {token_id[inside[0]]} {len(inside)}  # {text}\n")
    (folder / "book_1.spans").write_text("".join(lines), encoding="utf-8")
    (folder / "book_1.objects").write_text(
        "".join(f"{o} {kind} {' '.join(spans)}\n" for o, kind, spans in GOLD_OBJECTS), encoding="utf-8")
    (folder / "book_1.coref").write_text(GOLD_COREF, encoding="utf-8")
    (folder / "book_1.facts").write_text(GOLD_FACTS, encoding="utf-8")
    return folder


@pytest.fixture
def gold_document(tmp_path) -> factrueval.Document:
    return factrueval.load_document(write_gold_folder(tmp_path / "gold"), "1")


def test_facts_gold_alternatives(gold_document):
    facts = gold_facts(gold_document)
    assert [f.type for f in facts] == ["Occupation", "Meeting"]  # the repeated Occupation counted once
    slots = dict(facts[0].slots)
    assert {"Петров Иван", "Иван Петров", "Иван Петрович Петров", "Петров", "Иван Петрович Петров"} <= set(slots["who"])
    assert "Ромашкинской республики" in slots["where"]  # the mention as written
    assert "министр финансов" in slots["position"]  # the span put in the nominative
    assert [s for s, _ in facts[1].slots] == ["participant", "participant"]  # Модальность ignored


@pytest.mark.parametrize(
    "slots, matches",
    [
        ((("Who", "Иван Петров"), ("Position", "министр финансов"), ("Where", "Ромашкинская республика")), True),
        ((("Who", "Иван Петров"), ("Job", "министр финансов"), ("Where", "Ромашкинская республика")), True),
        ((("Who", "Петров"), ("Position", "министра финансов"), ("Where", "Ромашкинской республики"), ("Where", "Москва")), True),
        ((("Who", "Иван Петров"), ("Position", "министр финансов")), False),  # Where missing
        ((("Who", "Иван Петров"), ("Position", "министр обороны"), ("Where", "Ромашкинская республика")), False),
    ],
)
def test_facts_occupation_matches(gold_document, slots, matches):
    assert fact_matches(gold_facts(gold_document)[0], Fact("Occupation", slots)) is matches


@pytest.mark.parametrize(
    "participants, matches",
    [
        (("Анна Сидорова", "Иван Петров"), True),
        (("Анна Сидорова", "Иван Петров", "Пётр Иванов"), True),  # an extra side is not penalised
        (("Иван Петров",), False),
        (("Иван Петров", "Иван Петров"), False),  # one name cannot fill two sides
    ],
)
def test_facts_meeting_matches(gold_document, participants, matches):
    fact = Fact("Meeting", tuple(("Participant", p) for p in participants))
    assert fact_matches(gold_facts(gold_document)[1], fact) is matches


# --------------------------------------------------------------------------- scorer on hand-built facts

def gold(ident: str, kind: str, **slots: str) -> GoldFact:
    return GoldFact(ident, kind, tuple((slot.rstrip("0123456789"), (value,)) for slot, value in slots.items()))


def occupation(**slots: str) -> Fact:
    return Fact("Occupation", tuple((slot.capitalize(), value) for slot, value in slots.items()))


GOLD = [
    gold("g1", "Occupation", who="Иван Петров", position="министр", where="Ромашкинская республика"),
    gold("g2", "Occupation", who="Анна Сидорова", position="глава", where="Лютик"),
    gold("g3", "Meeting", participant1="Иван Петров", participant2="Анна Сидорова"),
]
PREDICTED = [
    occupation(who="Иван Петров", position="министр", where="Ромашкинская республика"),  # exact
    occupation(who="Анна Сидорова", position="глава"),  # Where missing: soft 2/3
    Fact("Meeting", (("Participant", "Иван Петров"), ("Participant", "Анна Сидорова"), ("Participant", "Лютик"))),  # soft 2/3
    occupation(who="Пётр Иванов", job="писатель"),  # wrong
]


def test_facts_scores_exact_figures():
    scores = FactScores()
    scores.add("1", GOLD, PREDICTED)
    occupations, meetings, overall = scores.by_type["Occupation"], scores.by_type["Meeting"], scores.overall
    assert (occupations.gold, occupations.predicted, occupations.matched) == (2, 3, 1)
    assert (meetings.gold, meetings.predicted, meetings.matched) == (1, 1, 1)
    assert overall.strict_prf() == pytest.approx((2 / 4, 2 / 3, 4 / 7))
    assert overall.soft == pytest.approx(1 + 2 / 3 + 2 / 3)
    assert overall.soft_prf() == pytest.approx((7 / 12, 7 / 9, 2 / 3))
    assert [g.id for _, g in scores.missed] == ["g2"]
    assert [f.slots[0][1] for _, f in scores.spurious] == ["Анна Сидорова", "Пётр Иванов"]


def test_facts_soft_quality():
    assert soft_quality(GOLD[0], PREDICTED[0]) == 1.0
    assert soft_quality(GOLD[1], PREDICTED[1]) == pytest.approx(2 / 3)
    assert soft_quality(GOLD[2], PREDICTED[2]) == pytest.approx(2 / 3)
    assert soft_quality(GOLD[0], PREDICTED[3]) == 0.0
    assert soft_quality(GOLD[2], PREDICTED[0]) == 0.0  # another type


def test_facts_match_is_maximum_not_greedy():
    golds = [gold("a", "Occupation", who="Иван Петров"), gold("b", "Occupation", who="Петров")]
    # the first prediction fits both gold facts, the second only the first one
    predicted = [occupation(who="Петров"), occupation(who="Иван Петров")]
    assert match_facts(golds, predicted) == [(0, 1), (1, 0)]


def test_facts_prf_empty():
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)


# --------------------------------------------------------------------------- the chain on real documents

@pytest.fixture(scope="module")
def devset_documents() -> list[factrueval.Document]:
    if not DEVSET.is_dir():
        pytest.skip("../shared/corpora/factrueval-2016/devset is absent")
    return [factrueval.load_document(DEVSET, doc_id) for doc_id in factrueval.document_ids(DEVSET)[:3]]


@pytest.mark.slow
def test_export_devset_end_to_end(devset_documents, tmp_path):
    import ruevents

    records = list(ruevents.extract_many([(d.text, {"doc_id": d.id}) for d in devset_documents]))
    summary = export_records(zip(records, (d.text for d in devset_documents)), tmp_path)
    assert summary.documents == 3 and len(summary.files) == 9
    for document in devset_documents:
        rows = parse_response((tmp_path / f"book_{document.id}.task1").read_text(encoding="utf-8"), 1)
        assert rows and all(document.text[s : s + n].strip() for _, s, n in rows)
        for track in (2, 3):
            parse_response((tmp_path / f"book_{document.id}.task{track}").read_text(encoding="utf-8"), track)
    scores = score_documents(devset_documents, records)
    overall = scores.overall
    assert overall.gold == sum(len(gold_facts(d)) for d in devset_documents) > 0
    assert 0 < overall.matched <= min(overall.gold, overall.predicted)


@pytest.mark.slow
def test_export_cli_on_made_up_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "book_1.txt").write_text(TEXT, encoding="utf-8")  # no .tokens: the text is read as it is
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["export", "factrueval", str(folder), "-o", str(out), "--track", "1", "--track", "3"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["book_1.task1", "book_1.task3"]
    assert parse_response((out / "book_1.task1").read_text(encoding="utf-8"), 1)


def test_export_cli_rejects_bad_arguments(tmp_path):
    result = CliRunner().invoke(app, ["export", "factrueval", str(tmp_path), "-o", str(tmp_path / "o"), "--track", "4"])
    assert result.exit_code != 0
    result = CliRunner().invoke(app, ["export", "factrueval", str(tmp_path), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2  # an empty folder: no book_N.txt


@pytest.mark.slow
def test_eval_facts_cli(devset_documents):
    result = CliRunner().invoke(app, ["eval", "facts", "--factrueval", str(DEVSET), "--limit", "3", "--examples", "2"])
    assert result.exit_code == 0, result.output
    assert "Occupation" in result.output and "0.662" in result.output
