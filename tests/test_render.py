"""ruevents.render: marks over the text, their nesting, the HTML page and the terminal view (no model)."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from ruevents import render
from ruevents.records import Document

TEXT = (
    'Возгорание в Париже. Президент <Франции> & «Ко» "встретился с главой МИД России Сергеем Лавровым" 5 мая.\n'
    "\n"
    "Второй абзац: Лавров & <Ко>."
)


def at(text: str, fragment: str, occurrence: int = 0) -> dict:
    """The span of the n-th occurrence of ``fragment`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    return {"start": start, "end": start + len(fragment), "text": fragment}


def sample_record(text: str = TEXT) -> dict:
    """Every overlap the renderer must handle, on purpose:

    «Возгорание» is an ORG mention and a trigger (same span); «главой МИД
    России Сергеем» (PER) holds «МИД России» (ORG) and crosses the end of the
    trigger «встретился с главой».
    """
    return {
        "doc_id": 'cross <"test"> & co',
        "source": None,
        "date": "2019-04-16",
        "text_sha1": "0" * 40,
        "entities": [
            {"id": "e1", "type": "ORG", "name": "Возгорание", "mentions": [at(text, "Возгорание")], "attributes": {}},
            {"id": "e2", "type": "PER", "name": 'Сергей "Лавров" <И>', "mentions": [at(text, "главой МИД России Сергеем"), at(text, "Лавров", 1)],
             "attributes": {"titles": ["глава МИД России"]}},
            {"id": "e3", "type": "ORG", "name": "МИД России", "mentions": [at(text, "МИД России")], "attributes": {}},
            {"id": "e4", "type": "LOC", "name": "Франция", "mentions": [at(text, "Франции")], "attributes": {}},
            {"id": "e5", "type": "FAC", "name": "Париж", "mentions": [at(text, "Париже")], "attributes": {}},
        ],
        "times": [{"id": "t1", **at(text, "5 мая"), "value": "2019-05-05"}],
        "events": [
            {"id": "v1", "type": "accident", "trigger": at(text, "Возгорание"), "modality": "asserted", "confidence": 0.8,
             "arguments": [{"role": "place", "ref": "e5", **at(text, "Париже")}]},
            {"id": "v2", "type": "meeting", "trigger": at(text, "встретился с главой"), "modality": "hypothetical", "confidence": 0.5,
             "arguments": [
                 {"role": "participant", "ref": "e2", **at(text, "главой МИД России Сергеем")},
                 {"role": "participant", "ref": "e2", **at(text, "Лавров", 1)},
                 {"role": "participant", "ref": "e4", **at(text, "Франции")},
                 {"role": "time", "ref": "t1", **at(text, "5 мая")},
                 {"role": "instrument", "ref": "e3", **at(text, "МИД России")},
             ]},
        ],
        "errors": [],
    }


def expected_spans(record: dict) -> set[tuple[str, int, int]]:
    spans = {(e["id"], m["start"], m["end"]) for e in record["entities"] for m in e["mentions"]}
    spans |= {(t["id"], t["start"], t["end"]) for t in record["times"]}
    spans |= {(v["id"], v["trigger"]["start"], v["trigger"]["end"]) for v in record["events"]}
    return spans


class MarkedText(HTMLParser):
    """Reads the ``.rv-text`` block of a page back: its text and where each ``<mark>`` lies in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.inside = 0  # depth inside div.rv-text
        self.open: list[dict] = []
        self.pieces: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.inside:
            self.inside += 1
            if tag == "mark":
                self.open.append({**attributes, "start": len(self.text)})
        elif tag == "div" and attributes.get("class") == "rv-text":
            self.inside = 1

    def handle_endtag(self, tag):
        if not self.inside:
            return
        self.inside -= 1
        if tag == "mark":
            piece = self.open.pop()
            piece["end"] = len(self.text)
            self.pieces.append(piece)

    def handle_data(self, data):
        if self.inside:
            self.text += data

    def marks(self) -> set[tuple[str, int, int]]:
        """(ref, start, end) per mark, its pieces joined (they are adjacent)."""
        spans: dict[tuple[str, int], list[int]] = {}
        for piece in sorted(self.pieces, key=lambda p: p["start"]):
            key = (piece["data-ref"], piece["start"])
            joined = next((k for k, (s, e) in spans.items() if k[0] == piece["data-ref"] and e == piece["start"] and "rv-cont-before" in piece["class"]), None)
            if joined is not None:
                spans[joined][1] = piece["end"]
            else:
                spans[key] = [piece["start"], piece["end"]]
        return {(ref, start, end) for (ref, _), (start, end) in spans.items()}


def read_page(page: str) -> MarkedText:
    parser = MarkedText()
    parser.feed(page)
    parser.close()
    return parser


# --- marks and layout --------------------------------------------------------


def test_render_marks_cover_every_mention_time_and_trigger():
    record = sample_record()
    found = {(m.ref, m.start, m.end) for m in render.marks(TEXT, record)}
    assert found == expected_spans(record)


def test_render_marks_accept_a_document_record():
    record = sample_record()
    from_model = render.marks(TEXT, Document.model_validate(record))
    assert from_model == render.marks(TEXT, record)


def test_render_marks_reject_offsets_of_another_text():
    record = sample_record()
    with pytest.raises(ValueError, match=r"expected text\[0:10\] == 'Возгорание' for entity e1, got 'Президент '"):
        render.marks("Президент Франции и Возгорание.", record)


def test_render_marks_skip_empty_spans():
    text = "Путин прибыл."
    record = {"entities": [{"id": "e1", "type": "PER", "name": "Путин", "mentions": [{"start": 0, "end": 0, "text": ""}, at(text, "Путин")]}]}
    assert [(m.start, m.end) for m in render.marks(text, record)] == [(0, 5)]


def flatten(tree) -> str:
    return "".join(child if isinstance(child, str) else flatten(child.children) for child in tree)


def pieces(tree):
    for child in tree:
        if isinstance(child, render.Piece):
            yield child
            yield from pieces(child.children)


def mark(start, end, kind="entity", ref="e1"):
    return render.Mark(start, end, kind, "X", ref, ref)


@pytest.mark.parametrize(
    "text, marks, expected",
    [
        # disjoint
        ("abc efghij", [mark(0, 3, ref="a"), mark(4, 7, ref="b")], ["[a:abc]", " ", "[b:efg]", "hij"]),
        # nested: the longer one outside, whatever the input order
        ("abcdefghij", [mark(4, 6, ref="in"), mark(0, 10, "trigger", "out")], ["[out:abcd[in:ef]ghij]"]),
        # the same span: a trigger holds an entity, which holds a time
        ("abc efghij", [mark(0, 3, "time", "t"), mark(0, 3, "entity", "e"), mark(0, 3, "trigger", "v")], ["[v:[e:[t:abc]]]", " efghij"]),
        # crossing: the later mark is split where the earlier one ends (> and < show the cut)
        ("abcdefghij", [mark(0, 5, "trigger", "v"), mark(3, 8, ref="e")], ["[v:abc[e:de>]]", "[<e:fgh]", "ij"]),
        # a mark that ends while two marks it holds go on: both are cut and reopened in order
        ("abcdefghij", [mark(0, 4, ref="a"), mark(2, 7, ref="b"), mark(1, 9, "trigger", "c")], ["[a:a[c:b[b:cd>]>]]", "[<c:[<b:efg]hi]", "j"]),
        # marks ending together close together
        ("abcdefghij", [mark(0, 10, "trigger", "v"), mark(5, 10, ref="e")], ["[v:abcde[e:fghij]]"]),
    ],
)
def test_render_layout_nests_marks_and_keeps_the_text(text, marks, expected):
    tree = render.layout(text, marks)
    assert flatten(tree) == text

    def show(children) -> list[str]:
        out = []
        for child in children:
            if isinstance(child, str):
                out.append(child)
            else:
                cont_before = "" if child.first else "<"
                cont_after = "" if child.last else ">"
                out.append(f"[{cont_before}{child.mark.ref}:{''.join(show(child.children))}{cont_after}]")
        return out

    assert show(tree) == expected
    # every mark has exactly one first and one last piece, and its pieces cover its span
    for m in marks:
        own = [p for p in pieces(tree) if p.mark is m]
        assert sum(p.first for p in own) == 1 and sum(p.last for p in own) == 1
        assert "".join(p.text for p in own) == text[m.start : m.end]


def test_render_layout_keeps_the_text_of_the_sample_record():
    tree = render.layout(TEXT, render.marks(TEXT, sample_record()))
    assert flatten(tree) == TEXT
    crossing = [p for p in pieces(tree) if p.mark.ref == "e2" and p.mark.start == TEXT.index("главой")]
    assert [(p.first, p.last, p.text) for p in crossing] == [(True, False, "главой"), (False, True, " МИД России Сергеем")]


# --- HTML -----------------------------------------------------------------------


def test_render_html_page_text_is_the_document_text_with_every_mark():
    record = sample_record()
    page = read_page(render.html_page(TEXT, record))
    assert page.text == TEXT  # escaping undone, line breaks and paragraphs kept
    assert page.marks() == expected_spans(record)


def test_render_html_escapes_text_names_and_ids():
    record = sample_record()
    page = render.html_page(TEXT, record)
    assert "<Франции>" not in page and "&lt;<mark" in page and "&gt; &amp; «Ко»" in page
    assert '«Ко» "<mark' in page and 'Лавровым" ' in page  # quotes in text need no escaping...
    assert 'Сергей &quot;Лавров&quot; &lt;И&gt;' in page  # ...but in attributes they do
    assert "<h1>cross &lt;&quot;test&quot;&gt; &amp; co</h1>" in page
    assert "<title>ruevents: cross &lt;&quot;test&quot;&gt; &amp; co</title>" in page


def test_render_html_chips_sit_on_the_last_piece_only():
    page = read_page(render.html_page(TEXT, sample_record()))
    e2 = [p for p in page.pieces if p["data-ref"] == "e2" and p["start"] == TEXT.index("главой")]
    assert len(e2) == 1 and "data-label" not in e2[0] and "rv-cont-after" in e2[0]["class"]
    continued = [p for p in page.pieces if p["data-ref"] == "e2" and "rv-cont-before" in p["class"]]
    assert len(continued) == 1 and continued[0]["data-label"] == "PER"
    labels = {p["data-ref"]: p.get("data-label") for p in page.pieces if p.get("data-label")}
    assert labels["v1"] == "accident" and labels["v2"] == "meeting · hypothetical"
    assert labels["t1"] == "2019-05-05" and labels["e5"] == "FAC"


def test_render_html_page_is_self_contained_utf8_russian():
    page = render.html_page(TEXT, sample_record())
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="ru">' in page and '<meta charset="utf-8">' in page
    lowered = page.lower()
    for external in ("<script", "<link", "src=", "http://", "https://", "@import", "url("):
        assert external not in lowered, external
    assert page.count("<mark") == page.count("</mark>")


def test_render_html_keeps_paragraphs():
    page = render.html_page(TEXT, sample_record())
    assert page.count('<p class="rv-par">') == 2
    assert "</p>\n\n<p" in page


def test_render_html_colours_every_entity_type():
    page = render.html_page(TEXT, sample_record())
    for entity_type in ("PER", "ORG", "LOC"):
        assert f".rv-t-{entity_type} {{ --rv-c: {render.ENTITY_COLOURS[entity_type]}; }}" in page
    assert f".rv-t-FAC {{ --rv-c: {render.entity_colour('FAC')}; }}" in page
    assert render.entity_colour("FAC") in render.EXTRA_COLOURS


def test_render_html_type_with_odd_characters_gives_a_safe_class():
    text = "Кубок мира"
    record = {"entities": [{"id": "e1", "type": 'EV"<x>', "name": "Кубок", "mentions": [at(text, "Кубок")]}]}
    page = render.html_page(text, record)
    assert 'rv-t-EV__x_' in page and 'data-label="EV&quot;&lt;x&gt;"' in page


def test_render_html_event_table_rows():
    record = sample_record()
    page = render.html_page(TEXT, record)
    assert '<tr id="rv-row-v1">' in page and '<tr id="rv-row-v2">' in page
    assert '<a href="#rv-v2">v2</a>' in page and 'id="rv-v2"' in page
    assert page.count('<tr id="rv-row-e') == len(record["entities"])


def test_render_event_rows_name_who_where_when():
    rows = {row["id"]: row for row in render.event_rows(sample_record())}
    assert rows["v1"] == {
        "id": "v1", "type": "accident", "trigger": "Возгорание", "who": "", "where": "Париж", "when": "",
        "modality": "asserted", "confidence": "0.80",
    }
    # a participant named twice is one; other roles follow, named
    assert rows["v2"]["who"] == 'Сергей "Лавров" <И>, Франция, instrument: МИД России'
    assert rows["v2"]["when"] == "2019-05-05"
    assert rows["v2"]["modality"] == "hypothetical"


def test_render_entity_rows_titles_and_forms():
    rows = {row["id"]: row for row in render.entity_rows(sample_record())}
    assert rows["e2"]["titles"] == "глава МИД России"
    assert rows["e2"]["mentions"] == "2: главой МИД России Сергеем, Лавров"


def test_render_fragment_scopes_its_style():
    fragment = render.html_fragment(TEXT, sample_record())
    assert fragment.startswith('<div class="ruevents-show" lang="ru">') and fragment.endswith("</div>")
    assert "<style>" in fragment and "<html" not in fragment
    style = fragment.split("<style>")[1].split("</style>")[0]
    selectors = [rule.split("{")[0] for rule in style.split("}") if "{" in rule]
    assert selectors and all(s.strip().startswith(".ruevents-show") for s in selectors)
    assert "<style>" not in render.html_fragment(TEXT, sample_record(), include_style=False)


def test_render_import_needs_neither_ipython_nor_rich():
    code = "import sys, ruevents.render; print(sorted(m for m in ('IPython', 'rich', 'spacy') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"


# --- terminal -------------------------------------------------------------------


def test_render_terminal_text_without_labels_is_the_text():
    highlighted = render.highlighted_text(TEXT, sample_record(), labels=False)
    assert highlighted.plain == TEXT
    styled = {TEXT[span.start : span.end] for span in highlighted.spans}
    assert {"Франции", "5 мая", "Париже"} <= styled


def test_render_terminal_labels_bracket_every_mark():
    plain = render.highlighted_text(TEXT, sample_record()).plain
    assert "[[Возгорание]ORG]accident" in plain
    assert "[встретился с [главой]meeting · hypothetical МИД России] Сергеем]PER" not in plain
    # the crossing PER mention: opened once, closed once, after its last piece
    assert "[встретился с [главой]meeting · hypothetical [МИД России]ORG Сергеем]PER" in plain
    assert "[5 мая]2019-05-05" in plain and "<[Франции]LOC>" in plain


def test_render_terminal_tables():
    from rich.console import Console

    console = Console(record=True, width=160, color_system=None)
    console.print(render.terminal(TEXT, sample_record()))
    out = console.export_text()
    assert "cross <\"test\"> & co" in out and "date 2019-04-16" in out
    assert "Events (2)" in out and "who / whom" in out and "Entities (5)" in out and "Times (1)" in out
    v2 = next(line for line in out.splitlines() if line.strip().startswith("v2"))
    for cell in ("meeting", "встретился с главой", "2019-05-05", "hypothetical", "0.50"):
        assert cell in v2


# --- displaCy ----------------------------------------------------------------


def test_render_displacy_data_spans_cover_each_mark_whole():
    record = sample_record()
    data = render.displacy_data(TEXT, record)
    # the words are the text without its whitespace, cut at every mark's ends («Париже» | «.»)
    assert "".join(data["tokens"]) == "".join(TEXT.split())
    assert "Париже" in data["tokens"] and "Франции" in data["tokens"]
    shown = sorted(("".join(data["tokens"][s["start_token"]:s["end_token"]]), s["label"]) for s in data["spans"])
    expected = []
    for mark in render.marks(TEXT, record):
        label = {"time": f"TIME {mark.label}", "trigger": f"EVENT {mark.label}"}.get(mark.kind, mark.label)
        expected.append(("".join(TEXT[mark.start:mark.end].split()), label))
    assert shown == sorted(expected)


def test_render_displacy_html_is_spacy_own_span_view_in_our_colours():
    record = sample_record()
    page = render.displacy_html(TEXT, record, jupyter=False)
    assert 'class="spans"' in page  # displaCy's own span markup
    for label in ("PER", "ORG", "TIME 2019-05-05", "EVENT accident"):
        assert re.search(rf">\s*{label}\s*</span>", page), label
    assert render.ENTITY_COLOURS["PER"] in page and render.TIME_COLOUR in page
    # the text and the title are escaped, as in our own view
    assert "&lt;Ко&gt;" in page and "<Ко>" not in page
    assert html.escape('cross <"test"> & co') in page
