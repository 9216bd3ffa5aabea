"""One record shown over its text: in the terminal (``rich``) and as HTML.

Pure functions of ``(text, record)``; ``record`` is a ``Document`` or its JSON
dict.  Three kinds of marks are laid over the text: entity mentions (chip:
the entity type), time expressions (chip: the normalised value) and event
triggers (chip: the event type, and the modality when it is not asserted).

Marks may nest («провёл в Пекине переговоры» holds «Пекине») or cover the
same characters («Возгорание» is both an ORG mention and a trigger).  The
rule, shared by both renderers and tested: marks are opened by start, the
longer one outside; for identical spans a trigger holds an entity, which
holds a time.  A mark that crosses the end of an enclosing one (neither
holds the other) is split there into pieces, the way HTML parsers mend
mis-nested tags; its chip goes on the last piece only.  So every mark is
shown, the HTML nests properly, and the text between the tags is exactly the
document text.

The HTML needs no JavaScript and loads nothing: chips are CSS ``::after``
content from ``data-label``, so selecting and copying the page text gives
the document text back.  ``html_fragment`` is what a notebook passes to
``IPython.display.HTML``; ``html_page`` wraps it into a whole page.
``displacy_data`` gives the same marks to spaCy's own displaCy (its ``span``
style, which stacks overlapping marks), ``displacy_html`` renders them.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Mapping, Union

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Group

MarkKind = Literal["entity", "time", "trigger"]

# For marks over the same characters: which one holds the other (lower = outer).
KIND_NESTING: dict[str, int] = {"trigger": 0, "entity": 1, "time": 2}

# displaCy's palette where it has the type; pale enough for black text.
ENTITY_COLOURS: dict[str, str] = {"PER": "#c7bbfd", "ORG": "#8ef0ee", "LOC": "#fdd38d"}
# Types a later stage may add get a stable colour from this list.
EXTRA_COLOURS = ("#bfeeb7", "#f8c2d8", "#e4e7d2", "#d9c7a6", "#c6e2ff", "#d7f0a0")
TIME_COLOUR = "#cde6df"
TRIGGER_COLOUR = "#c8324b"

TERMINAL_ENTITY_STYLES: dict[str, str] = {
    "PER": "black on #c7bbfd", "ORG": "black on #8ef0ee", "LOC": "black on #fdd38d",
}
TERMINAL_EXTRA_STYLE = "black on #bfeeb7"
TERMINAL_TIME_STYLE = "black on #cde6df"
TERMINAL_TRIGGER_STYLE = "bold white on #c8324b"


@dataclass(frozen=True)
class Mark:
    """One highlighted stretch of the text and what its chip says."""

    start: int
    end: int
    kind: MarkKind
    label: str  # the chip: entity type, time value, event type
    ref: str  # the record id: e1, t1, v1
    tooltip: str
    entity_type: str | None = None
    modality: str | None = None

    @property
    def nesting_key(self) -> tuple[int, int, int, str]:
        return (self.start, -self.end, KIND_NESTING[self.kind], self.ref)


@dataclass
class Piece:
    """A mark, or the part of it between two crossings, with what it holds."""

    mark: Mark
    first: bool  # the piece where the mark starts
    last: bool = True  # the piece where it ends: the one with the chip
    children: list[Union[str, "Piece"]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The document text under this piece."""
        return "".join(c if isinstance(c, str) else c.text for c in self.children)


def _as_dict(record: Mapping[str, Any] | Any) -> Mapping[str, Any]:
    if isinstance(record, Mapping):
        return record
    if hasattr(record, "model_dump"):
        return record.model_dump()
    raise TypeError(f"expected a ruevents Document or its dict, got {type(record).__name__}")


def _checked(text: str, span: Mapping[str, Any], what: str) -> tuple[int, int]:
    start, end = int(span["start"]), int(span["end"])
    if not 0 <= start <= end <= len(text) or text[start:end] != span["text"]:
        raise ValueError(
            f"expected text[{start}:{end}] == {span['text']!r} for {what}, got {text[start:end]!r}"
            " (is this the text the record was made from?)"
        )
    return start, end


def marks(text: str, record: Mapping[str, Any] | Any) -> list[Mark]:
    """Every entity mention, time and trigger of ``record`` as a ``Mark``, in nesting order.

    Raises ``ValueError`` when a span does not match ``text``.  Empty spans
    and repeated mentions are left out.
    """
    record = _as_dict(record)
    found: dict[tuple[str, int, int, str], Mark] = {}
    for entity in record.get("entities") or []:
        tooltip = f"{entity['id']} · {entity['type']} · {entity['name']}"
        for mention in entity["mentions"]:
            start, end = _checked(text, mention, f"entity {entity['id']}")
            found[("entity", start, end, entity["id"])] = Mark(
                start, end, "entity", entity["type"], entity["id"], tooltip, entity_type=entity["type"]
            )
    for time in record.get("times") or []:
        start, end = _checked(text, time, f"time {time['id']}")
        value = time.get("value") or "?"
        if time.get("end_value"):
            value = f"{value}…{time['end_value']}"
        found[("time", start, end, time["id"])] = Mark(
            start, end, "time", value, time["id"], f"{time['id']} · {time['text']} → {value}"
        )
    for event in record.get("events") or []:
        trigger = event["trigger"]
        start, end = _checked(text, trigger, f"the trigger of event {event['id']}")
        modality = event.get("modality") or "asserted"
        label = event["type"] if modality == "asserted" else f"{event['type']} · {modality}"
        tooltip = f"{event['id']} · {event['type']} · {modality} · confidence {float(event['confidence']):.2f}"
        found[("trigger", start, end, event["id"])] = Mark(
            start, end, "trigger", label, event["id"], tooltip, modality=modality
        )
    return sorted((m for m in found.values() if m.end > m.start), key=lambda m: m.nesting_key)


def layout(text: str, marks_: list[Mark]) -> list[Union[str, Piece]]:
    """The text as a tree of properly nested pieces (see the module docstring for the rule).

    Joining the strings of the tree in order gives ``text`` back.
    """
    ordered = sorted(marks_, key=lambda m: m.nesting_key)
    starting: dict[int, list[Mark]] = defaultdict(list)
    for mark in ordered:
        starting[mark.start].append(mark)
    boundaries = sorted({0, len(text)} | {m.start for m in ordered} | {m.end for m in ordered})

    root: list[Union[str, Piece]] = []
    stack: list[Piece] = []

    def add(child: Union[str, Piece]) -> None:
        (stack[-1].children if stack else root).append(child)

    def open_(mark: Mark, first: bool) -> None:
        piece = Piece(mark, first=first)
        add(piece)
        stack.append(piece)

    previous = 0
    for position in boundaries:
        if position > previous:
            add(text[previous:position])
        ending = [i for i, piece in enumerate(stack) if piece.mark.end == position]
        if ending:
            # close from the top down to the outermost mark that ends here;
            # the marks above it that go on are reopened as new pieces
            going_on: list[Mark] = []
            while len(stack) > ending[0]:
                piece = stack.pop()
                if piece.mark.end != position:
                    piece.last = False
                    going_on.append(piece.mark)
            for mark in reversed(going_on):
                open_(mark, first=False)
        for mark in starting.get(position, ()):
            open_(mark, first=True)
        previous = position
    return root


def _pieces(tree: list[Union[str, Piece]]):
    for child in tree:
        if isinstance(child, Piece):
            yield child
            yield from _pieces(child.children)


# --- tables -----------------------------------------------------------------


def event_rows(record: Mapping[str, Any] | Any) -> list[dict[str, str]]:
    """One row of display strings per event: who, where, when, how sure."""
    record = _as_dict(record)
    names = {e["id"]: e["name"] for e in record.get("entities") or []}
    values = {t["id"]: t.get("value") or t["text"] for t in record.get("times") or []}
    rows = []
    for event in record.get("events") or []:
        by_role: dict[str, list[str]] = defaultdict(list)
        for argument in event.get("arguments") or []:
            shown = names.get(argument["ref"]) or values.get(argument["ref"]) or argument["text"]
            if shown not in by_role[argument["role"]]:  # a side named twice is one participant
                by_role[argument["role"]].append(shown)
        who = list(by_role.pop("participant", []))
        where, when = by_role.pop("place", []), by_role.pop("time", [])
        who += [f"{role}: {name}" for role, shown in by_role.items() for name in shown]
        rows.append({
            "id": event["id"], "type": event["type"], "trigger": event["trigger"]["text"],
            "who": ", ".join(who), "where": ", ".join(where), "when": ", ".join(when),
            "modality": event.get("modality") or "", "confidence": f"{float(event['confidence']):.2f}",
        })
    return rows


def entity_rows(record: Mapping[str, Any] | Any) -> list[dict[str, str]]:
    """One row of display strings per entity: name, type, titles, how it is mentioned."""
    record = _as_dict(record)
    rows = []
    for entity in record.get("entities") or []:
        attributes = entity.get("attributes") or {}
        forms = list(dict.fromkeys(m["text"] for m in entity["mentions"]))
        rows.append({
            "id": entity["id"], "type": entity["type"], "name": entity["name"],
            "titles": "; ".join(str(t) for t in attributes.get("titles") or []),
            "mentions": f"{len(entity['mentions'])}: " + ", ".join(forms),
        })
    return rows


def time_rows(record: Mapping[str, Any] | Any) -> list[dict[str, str]]:
    """One row per time expression: its text and normalised value."""
    record = _as_dict(record)
    return [
        {"id": t["id"], "text": t["text"], "value": (t.get("value") or "") + (f" … {t['end_value']}" if t.get("end_value") else "")}
        for t in record.get("times") or []
    ]


EVENT_COLUMNS = {
    "id": "id", "type": "type", "trigger": "trigger", "who": "who / whom", "where": "where",
    "when": "when", "modality": "modality", "confidence": "conf.",
}
ENTITY_COLUMNS = {"id": "id", "type": "type", "name": "name", "titles": "titles", "mentions": "mentions"}
TIME_COLUMNS = {"id": "id", "text": "text", "value": "value"}


# --- terminal -----------------------------------------------------------------


def _terminal_style(mark: Mark) -> str:
    if mark.kind == "trigger":
        return TERMINAL_TRIGGER_STYLE
    if mark.kind == "time":
        return TERMINAL_TIME_STYLE
    return TERMINAL_ENTITY_STYLES.get(mark.entity_type or "", TERMINAL_EXTRA_STYLE)


def highlighted_text(text: str, record: Mapping[str, Any] | Any, *, labels: bool = True):
    """The text as a ``rich.text.Text``, marks coloured; with ``labels``, ``[mark]LABEL`` brackets.

    The brackets keep the marks readable where colour is lost (a pipe, a log).
    """
    from rich.text import Text

    out = Text()

    def walk(children: list[Union[str, Piece]], style: str) -> None:
        for child in children:
            if isinstance(child, str):
                out.append(child, style=style or None)
                continue
            inner = f"{style} {_terminal_style(child.mark)}".strip()
            if labels and child.first:
                out.append("[", style="dim")
            walk(child.children, inner)
            if labels and child.last:
                out.append("]", style="dim")
                out.append(child.mark.label, style=f"dim italic {_terminal_style(child.mark)}")

    walk(layout(text, marks(text, record)), "")
    return out


def _rich_table(title: str, columns: Mapping[str, str], rows: list[dict[str, str]]):
    from rich import box
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_lines=False, expand=False)
    for key, header in columns.items():
        table.add_column(header, overflow="fold", no_wrap=key in ("id", "confidence"))
    for row in rows:
        table.add_row(*(row[key] for key in columns))
    return table


def terminal(text: str, record: Mapping[str, Any] | Any, *, labels: bool = True) -> "Group":
    """A ``rich`` renderable: header, highlighted text, events, entities and times tables."""
    from rich.console import Group
    from rich.rule import Rule
    from rich.text import Text

    record = _as_dict(record)
    header = Text(str(record.get("doc_id") or "document"), style="bold")
    if record.get("date"):
        header.append(f"  date {record['date']}", style="dim")
    legend = Text("  ")
    for name, style in (*TERMINAL_ENTITY_STYLES.items(), ("time", TERMINAL_TIME_STYLE), ("event trigger", TERMINAL_TRIGGER_STYLE)):
        legend.append(f" {name} ", style=style)
        legend.append(" ")
    parts: list[Any] = [Rule(header, align="left"), legend, Text(), highlighted_text(text, record, labels=labels), Text()]
    for error in record.get("errors") or []:
        parts.append(Text(f"error: {error}", style="bold red"))
    parts.append(_rich_table(f"Events ({len(record.get('events') or [])})", EVENT_COLUMNS, event_rows(record)))
    parts.append(_rich_table(f"Entities ({len(record.get('entities') or [])})", ENTITY_COLUMNS, entity_rows(record)))
    if record.get("times"):
        parts.append(_rich_table(f"Times ({len(record['times'])})", TIME_COLUMNS, time_rows(record)))
    return Group(*parts)


# --- HTML -----------------------------------------------------------------------

CSS = """
.ruevents-show { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1d1d1f;
  max-width: 70em; margin: 0 auto; padding: 1.2em 1.6em; font-size: 16px; }
.ruevents-show header { border-bottom: 1px solid #ddd; margin-bottom: 0.8em; }
.ruevents-show h1 { font-size: 1.35em; margin: 0 0 0.2em 0; }
.ruevents-show h2 { font-size: 1.1em; margin: 1.4em 0 0.4em 0; }
.ruevents-show .rv-meta { color: #666; margin: 0 0 0.6em 0; font-size: 0.9em; }
.ruevents-show .rv-errors { color: #b00020; }
.ruevents-show .rv-legend { font-size: 0.8em; margin: 0.3em 0 1em 0; }
.ruevents-show .rv-legend .rv-mark { margin-right: 0.6em; }
.ruevents-show .rv-text { line-height: 2.35; font-size: 1.02em; }
.ruevents-show .rv-par { white-space: pre-wrap; margin: 0 0 0.7em 0; }
.ruevents-show .rv-mark { background: var(--rv-c); color: #111; padding: 0.2em 0.3em;
  border-radius: 0.35em; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.ruevents-show .rv-mark .rv-mark { padding: 0.05em 0.2em; }
.ruevents-show .rv-mark[data-label]::after { content: attr(data-label); font-size: 0.6em; font-weight: bold;
  line-height: 1; padding: 0.2em 0.35em; margin-left: 0.4em; border-radius: 0.3em; vertical-align: middle;
  background: rgba(255, 255, 255, 0.55); color: #333; letter-spacing: 0.02em; white-space: nowrap; }
.ruevents-show .rv-trigger { background: #fff; box-shadow: inset 0 0 0 2px var(--rv-c); }
.ruevents-show .rv-trigger[data-label]::after { background: var(--rv-c); color: #fff; }
.ruevents-show .rv-trigger.rv-planned { box-shadow: none; outline: 2px dashed var(--rv-c); outline-offset: -2px; }
.ruevents-show .rv-trigger.rv-negated, .ruevents-show .rv-trigger.rv-hypothetical { box-shadow: none;
  outline: 2px dotted var(--rv-c); outline-offset: -2px; }
.ruevents-show .rv-cont-before { border-top-left-radius: 0; border-bottom-left-radius: 0; }
.ruevents-show .rv-cont-after { border-top-right-radius: 0; border-bottom-right-radius: 0; }
.ruevents-show table { border-collapse: collapse; font-size: 0.88em; width: 100%; }
.ruevents-show th { text-align: left; border-bottom: 2px solid #ccc; padding: 0.3em 0.5em; color: #444; }
.ruevents-show td { border-bottom: 1px solid #eee; padding: 0.3em 0.5em; vertical-align: middle; }
.ruevents-show td.rv-num { text-align: right; font-variant-numeric: tabular-nums; }
.ruevents-show td .rv-mark { display: inline-block; padding: 0.12em 0.45em; line-height: 1.2; }
.ruevents-show a { color: inherit; }
"""


COUNTED = {"entities": "entity", "times": "time", "events": "event"}


def _count(n: int, plural: str) -> str:
    """``1 entity``, ``2 entities``, ``0 events``."""
    return f"1 {COUNTED[plural]}" if n == 1 else f"{n} {plural}"


def _css_class(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


def entity_colour(entity_type: str) -> str:
    """The background of an entity type's marks: displaCy's for PER/ORG/LOC, else a stable pick."""
    if entity_type in ENTITY_COLOURS:
        return ENTITY_COLOURS[entity_type]
    return EXTRA_COLOURS[zlib.crc32(entity_type.encode("utf-8")) % len(EXTRA_COLOURS)]


def _type_css(types: list[str]) -> str:
    rules = [f".ruevents-show .rv-time {{ --rv-c: {TIME_COLOUR}; }}", f".ruevents-show .rv-trigger {{ --rv-c: {TRIGGER_COLOUR}; }}"]
    for entity_type in dict.fromkeys(types):
        rules.append(f".ruevents-show .rv-entity.rv-t-{_css_class(entity_type)} {{ --rv-c: {entity_colour(entity_type)}; }}")
    return "\n".join(rules)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _mark_classes(mark: Mark) -> list[str]:
    classes = ["rv-mark", f"rv-{mark.kind}"]
    if mark.entity_type is not None:
        classes.append(f"rv-t-{_css_class(mark.entity_type)}")
    if mark.modality and mark.modality != "asserted":
        classes.append(f"rv-{_css_class(mark.modality)}")
    return classes


def _piece_html(piece: Piece, out: list[str]) -> None:
    mark = piece.mark
    classes = _mark_classes(mark)
    if not piece.first:
        classes.append("rv-cont-before")
    if not piece.last:
        classes.append("rv-cont-after")
    attributes = [f'class="{" ".join(classes)}"', f'data-ref="{_attr(mark.ref)}"', f'title="{_attr(mark.tooltip)}"']
    if piece.first and mark.kind == "trigger":
        attributes.append(f'id="rv-{_attr(mark.ref)}"')
    if piece.last:
        attributes.append(f'data-label="{_attr(mark.label)}"')
    out.append(f"<mark {' '.join(attributes)}>")
    _tree_html(piece.children, out)
    out.append("</mark>")


def _tree_html(tree: list[Union[str, Piece]], out: list[str]) -> None:
    for child in tree:
        if isinstance(child, str):
            out.append(html.escape(child, quote=False))
        else:
            _piece_html(child, out)


# A blank line (maybe with spaces) ends a paragraph.
PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n\s*)")


def _paragraphs_html(tree: list[Union[str, Piece]]) -> str:
    """The laid-out text as ``<p>`` blocks split at blank lines outside marks.

    The blank lines stay in the markup between the blocks (where the browser
    does not draw them), so the page's text is still exactly the document text.
    """
    paragraphs: list[list[str]] = [[]]
    separators: list[str] = []
    for child in tree:
        if isinstance(child, Piece):
            _piece_html(child, paragraphs[-1])
            continue
        for i, part in enumerate(PARAGRAPH_BREAK.split(child)):
            if i % 2:
                separators.append(part)
                paragraphs.append([])
            elif part:
                paragraphs[-1].append(html.escape(part, quote=False))
    out = []
    for i, paragraph in enumerate(paragraphs):
        if i:
            out.append(separators[i - 1])
        if paragraph:
            out.append(f'<p class="rv-par">{"".join(paragraph)}</p>')
    return "".join(out)


def _chip(kind: str, label: str, *, entity_type: str | None = None, modality: str | None = None) -> str:
    """A stand-alone mark (legend, table cell) styled like the marks in the text."""
    mark = Mark(0, 0, kind, label, "", label, entity_type=entity_type, modality=modality)  # type: ignore[arg-type]
    return f'<mark class="{" ".join(_mark_classes(mark))}">{html.escape(label)}</mark>'


def _html_table(columns: Mapping[str, str], rows: list[dict[str, str]], cells: Mapping[str, Any] | None = None) -> str:
    """``cells`` maps a column to a function row → cell HTML; other cells are escaped text."""
    cells = cells or {}
    head = "".join(f"<th>{html.escape(header)}</th>" for header in columns.values())
    body = []
    for row in rows:
        tds = []
        for key in columns:
            inner = cells[key](row) if key in cells else html.escape(row[key])
            css = ' class="rv-num"' if key == "confidence" else ""
            tds.append(f"<td{css}>{inner}</td>")
        body.append(f'<tr id="rv-row-{_attr(row["id"])}">{"".join(tds)}</tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def html_fragment(text: str, record: Mapping[str, Any] | Any, *, include_style: bool = True) -> str:
    """The record over its text as one ``<div>``: for ``IPython.display.HTML`` or a page.

    All CSS is scoped to ``.ruevents-show``; with ``include_style`` the
    ``<style>`` travels inside the ``<div>``, so a notebook cell is complete.
    """
    record = _as_dict(record)
    all_marks = marks(text, record)
    entity_types = [e["type"] for e in record.get("entities") or []]
    out = ['<div class="ruevents-show" lang="ru">']
    if include_style:
        out.append(f"<style>{CSS}\n{_type_css(entity_types)}</style>")
    doc_id = str(record.get("doc_id") or "document")
    meta = [f"date {record['date']}" if record.get("date") else "no document date"]
    if record.get("source"):
        meta.append(f"source {record['source']}")
    meta.append(", ".join(_count(len(record.get(key) or []), key) for key in COUNTED))
    out.append(f'<header><h1>{html.escape(doc_id)}</h1><p class="rv-meta">{html.escape(" · ".join(meta))}</p></header>')
    for error in record.get("errors") or []:
        out.append(f'<p class="rv-errors">error: {html.escape(str(error))}</p>')

    legend = [_chip("entity", t, entity_type=t) for t in dict.fromkeys(entity_types)]
    legend += [_chip("time", "time"), _chip("trigger", "event trigger")]
    out.append(f'<div class="rv-legend">{"".join(legend)}</div>')

    out.append(f'<div class="rv-text">{_paragraphs_html(layout(text, all_marks))}</div>')

    modality = {e["id"]: e.get("modality") for e in record.get("events") or []}
    out.append(f"<h2>Events ({len(record.get('events') or [])})</h2>")
    out.append(_html_table(EVENT_COLUMNS, event_rows(record), {
        "id": lambda row: f'<a href="#rv-{_attr(row["id"])}">{html.escape(row["id"])}</a>',
        "type": lambda row: _chip("trigger", row["type"], modality=modality.get(row["id"])),
    }))
    out.append(f"<h2>Entities ({len(record.get('entities') or [])})</h2>")
    out.append(_html_table(ENTITY_COLUMNS, entity_rows(record), {
        "type": lambda row: _chip("entity", row["type"], entity_type=row["type"]),
    }))
    if record.get("times"):
        out.append(f"<h2>Times ({len(record['times'])})</h2>")
        out.append(_html_table(TIME_COLUMNS, time_rows(record)))
    out.append("</div>")
    return "\n".join(out)


def html_page(text: str, record: Mapping[str, Any] | Any, *, title: str | None = None) -> str:
    """A whole self-contained HTML page (UTF-8, ``lang="ru"``, inline CSS, no scripts)."""
    record = _as_dict(record)
    entity_types = [e["type"] for e in record.get("entities") or []]
    title = title or f"ruevents: {record.get('doc_id') or 'document'}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>body {{ margin: 0; background: #fff; }}\n{CSS}\n{_type_css(entity_types)}</style>\n"
        "</head>\n<body>\n"
        f"{html_fragment(text, record, include_style=False)}\n"
        "</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- displaCy


def _displacy_label(mark: Mark) -> str:
    if mark.kind == "time":
        return f"TIME {mark.label}"
    if mark.kind == "trigger":
        return f"EVENT {mark.label}"
    return mark.label


def displacy_data(text: str, record: Mapping[str, Any] | Any) -> dict[str, Any]:
    """The record in displaCy's manual ``span`` format: entity mentions
    (label: the type), times (``TIME`` and the value) and triggers (``EVENT``
    and the type) over the text's words.

    The words are the text split at whitespace and at every mark's ends, so
    each mark covers whole words; displaCy joins them with single spaces.
    ``spacy.displacy.render(displacy_data(text, record), style="span", manual=True)``
    draws it, or :func:`displacy_html` with our colours.
    """
    found = marks(text, record)
    cuts = sorted({0, len(text)} | {m.start for m in found} | {m.end for m in found})
    tokens: list[str] = []
    starts: list[int] = []
    for left, right in zip(cuts, cuts[1:]):
        for word in re.finditer(r"\S+", text[left:right]):
            tokens.append(word.group())
            starts.append(left + word.start())
    spans = []
    for mark in found:
        first, end = bisect_left(starts, mark.start), bisect_left(starts, mark.end)
        if first < end:  # a mark of whitespace only has no word to hang on
            spans.append({"start_token": first, "end_token": end, "label": _displacy_label(mark)})
    record = _as_dict(record)
    # displaCy escapes the words but writes the title as it is
    title = html.escape(str(record["doc_id"])) if record.get("doc_id") else None
    return {"text": text, "tokens": tokens, "spans": spans, "title": title}


def displacy_colours(data: Mapping[str, Any]) -> dict[str, str]:
    """Label → colour for the labels of :func:`displacy_data`: the colours of our own HTML view."""
    colours: dict[str, str] = {}
    for span in data["spans"]:
        label = span["label"]
        if label.startswith("TIME "):
            colours[label] = TIME_COLOUR
        elif label.startswith("EVENT "):
            colours[label] = "#f2a7b4"  # the trigger red, pale enough for displaCy's black text
        else:
            colours[label] = entity_colour(label)
    return colours


def displacy_html(text: str, record: Mapping[str, Any] | Any, *, jupyter: bool | None = None) -> str | None:
    """The record drawn by spaCy's displaCy (``span`` style) in our colours.

    ``jupyter=None`` displays it when run in a notebook (and returns None),
    else returns the HTML markup, as ``spacy.displacy.render`` does.
    """
    from spacy import displacy

    data = displacy_data(text, record)
    options = {"colors": displacy_colours(data)}
    return displacy.render(data, style="span", manual=True, options=options, jupyter=jupyter)
