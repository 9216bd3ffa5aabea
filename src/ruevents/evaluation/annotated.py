"""The hand-annotated gold corpus (``data/annotated``): inline markup → text + record.

Each document is one human-editable markup file ``NNN.ann.md`` (the format is
described in ``data/annotated/README.md``)::

    doc_id: train/001
    date: 2018-04-19

    [Герасимов](PER:e1 "Валерий Герасимов") [прибыл](visit:v1) [в Баку](LOC:e2 "Баку")
    ...

    # events
    v1 visit asserted participant=e1 place=e2

:func:`parse_markup` strips the brackets, computes the character offsets of
every mention, time and trigger in the plain text, checks the annotation and
returns the text with its gold :class:`~ruevents.records.Document`.
:func:`build` writes the plain text ``NNN.txt`` and the record ``NNN.json``
next to each markup file, so tools that know nothing of the markup can read
the corpus; :func:`stale_files` tells whether those files are current.

Command line::

    python -m ruevents.evaluation.annotated build data/annotated
    python -m ruevents.evaluation.annotated check data/annotated
    python -m ruevents.evaluation.annotated stats data/annotated
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, get_args

from ..records import Argument, Document, Entity, Event, Mention, Modality, Time, Trigger

MARKUP_SUFFIX = ".ann.md"
TEXT_SUFFIX = ".txt"
RECORD_SUFFIX = ".json"
EVENTS_HEADING = "# events"

ENTITY_TYPES = ("PER", "ORG", "LOC")
CONTACT_TYPES = ("meeting", "phone_call", "visit", "statement", "agreement")
EVENT_TYPES = CONTACT_TYPES + (
    "appointment", "resignation", "election", "arrest", "trial", "attack", "accident",
    "death", "birth", "marriage", "award", "public_event",
)
ROLES = ("participant", "place", "time")
MODALITIES: tuple[str, ...] = get_args(Modality)
HEADER_KEYS = ("doc_id", "date")
#: gold records are certain
GOLD_CONFIDENCE = 1.0

# TIMEX3-like values we use: 2018, 2018-04, 2018-04-19, XXXX-04-19, 2014-SP, 2018-Q1, 2018-W15
_TIME_VALUE = re.compile(r"(?:\d{4}|XXXX)(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?|-(?:SP|SU|FA|WI|H[12]|Q[1-4]|W\d{2}))?")
_LABEL = re.compile(
    r"(?:(?P<kind>[A-Za-z_]+):)?(?P<id>[A-Za-z][A-Za-z0-9_]*)(?:=(?P<value>\S+))?(?:\s+\"(?P<name>[^\"]+)\")?"
)
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_ARGUMENT = re.compile(r"(?P<role>[a-z_]+)=(?P<ref>[A-Za-z][A-Za-z0-9_]*)(?:@(?P<nth>\d+))?")
# A sentence ends at a line break, or after . ! ? … (and closing quotes) before
# a capital, a digit or an opening quote; «В. Путин» (an initial) does not end one.
_SENTENCE_BREAK = re.compile(r"\n+|(?<=[.!?…])[»\")]*\s+(?=[«\"(—]?\s?[А-ЯЁA-Z0-9])")
_INITIAL = re.compile(r"(?:^|[\s(«\"])[А-ЯЁA-Z]\.$")


class AnnotationError(ValueError):
    """The markup is malformed or inconsistent; names the file and line."""

    def __init__(self, message: str, *, source: str = "<string>", line: int | None = None) -> None:
        self.message, self.source, self.line = message, source, line
        where = source if line is None else f"{source}:{line}"
        super().__init__(f"{where}: {message}")


@dataclass
class _Mark:
    """One bracketed span: ``[text](label)``."""

    kind: str | None  # PER/ORG/LOC, TIME, an event type, or None for a bare id
    id: str
    start: int
    end: int
    text: str
    line: int
    value: str | None = None
    name: str | None = None


@dataclass
class _EntityDraft:
    id: str
    type: str
    name: str | None
    mentions: list[_Mark] = field(default_factory=list)


def text_sha1(text: str) -> str:
    """Same digest as ``ruevents.api.text_sha1`` (kept here to avoid loading the pipeline)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


# --------------------------------------------------------------------------- parsing


def _split_header(lines: list[str], source: str) -> tuple[dict[str, str], int]:
    """``key: value`` lines up to the first blank line → (header, index of the body's first line)."""
    header: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            return header, index + 1
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in HEADER_KEYS:
            raise AnnotationError(
                f"expected a header line 'doc_id: ...' or 'date: ...' before the first blank line, got {line!r}",
                source=source, line=index + 1,
            )
        if key in header:
            raise AnnotationError(f"duplicate header key {key!r}", source=source, line=index + 1)
        header[key] = value.strip()
    raise AnnotationError("expected a blank line after the header, got end of file", source=source, line=len(lines))


def _parse_label(label: str, source: str, line: int) -> tuple[str | None, str, str | None, str | None]:
    match = _LABEL.fullmatch(label.strip())
    if not match:
        raise AnnotationError(
            f"expected a label like PER:e1 \"Имя\", e1, TIME:t1=2018-04-19 or meeting:v1, got ({label})",
            source=source, line=line,
        )
    kind, ident, value, name = match.group("kind", "id", "value", "name")
    if kind is not None and kind not in ENTITY_TYPES and kind != "TIME" and kind not in EVENT_TYPES:
        raise AnnotationError(
            f"unknown label kind {kind!r} in ({label}): expected one of {', '.join(ENTITY_TYPES)}, TIME "
            f"or an event type ({', '.join(EVENT_TYPES)})",
            source=source, line=line,
        )
    if kind == "TIME":
        if value is None:
            raise AnnotationError(f"expected TIME:{ident}=VALUE (e.g. 2018-04-19 or null), got ({label})", source=source, line=line)
        if value != "null" and not _TIME_VALUE.fullmatch(value):
            raise AnnotationError(
                f"expected a TIMEX3-like value (2018, 2018-04, 2018-04-19, XXXX-04-19, 2014-SP, null), got {value!r}",
                source=source, line=line,
            )
    elif value is not None:
        raise AnnotationError(f"only TIME labels take '=VALUE', got ({label})", source=source, line=line)
    if name is not None and kind not in (None, *ENTITY_TYPES):
        raise AnnotationError(f"only entity labels take a \"name\", got ({label})", source=source, line=line)
    return kind, ident, value, name


def _strip_marks(body: str, first_line: int, source: str) -> tuple[str, list[_Mark]]:
    """Remove ``[text](label)`` brackets (nesting allowed, ``\\[`` escapes) → plain text and marks."""
    out: list[str] = []
    length = 0
    opened: list[tuple[int, int]] = []  # (start in plain text, markup line)
    marks: list[_Mark] = []
    line = first_line
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body) and body[i + 1] in "[]\\":
            out.append(body[i + 1])
            length += 1
            i += 2
            continue
        if char == "[":
            opened.append((length, line))
            i += 1
            continue
        if char == "]":
            if not opened:
                raise AnnotationError("']' without a matching '[' (write \\] for a literal bracket)", source=source, line=line)
            if body[i + 1 : i + 2] != "(":
                raise AnnotationError("expected '](label)' after a bracketed span, got ']' alone", source=source, line=line)
            close = body.find(")", i + 2)
            if close < 0 or "\n" in body[i + 2 : close]:
                raise AnnotationError("expected ')' closing the label on the same line", source=source, line=line)
            start, open_line = opened.pop()
            if open_line != line:
                raise AnnotationError(f"a bracketed span opened on line {open_line} must close on the same line", source=source, line=line)
            text = "".join(out)[start:]
            if not text or text != text.strip():
                raise AnnotationError(f"expected a non-empty span without outer spaces, got [{text}]", source=source, line=line)
            kind, ident, value, name = _parse_label(body[i + 2 : close], source, line)
            marks.append(_Mark(kind, ident, start, length, text, line, value, name))
            i = close + 1
            continue
        if char == "\n":
            if opened:
                raise AnnotationError("'[' is not closed on its line", source=source, line=opened[-1][1])
            line += 1
        out.append(char)
        length += 1
        i += 1
    if opened:
        raise AnnotationError("'[' is not closed on its line", source=source, line=opened[-1][1])
    return "".join(out), marks


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans, used only to pick the default mention of an argument."""
    spans, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        if "\n" not in match.group() and _INITIAL.search(text[max(0, match.start() - 3) : match.start()]):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _nearest_mention(mentions: list[_Mark], trigger: _Mark, sentences: list[tuple[int, int]]) -> _Mark:
    """The mention in the trigger's sentence nearest the trigger; else the nearest one before it; else after."""

    def gap(mention: _Mark) -> int:
        return max(0, mention.start - trigger.end, trigger.start - mention.end)

    sentence = next(((s, e) for s, e in sentences if s <= trigger.start < e), (trigger.start, trigger.end))
    inside = [m for m in mentions if sentence[0] <= m.start and m.end <= sentence[1]]
    if inside:
        return min(inside, key=lambda m: (gap(m), m.start))
    before = [m for m in mentions if m.end <= trigger.start]
    if before:
        return max(before, key=lambda m: m.end)
    return min(mentions, key=lambda m: (gap(m), m.start))


def parse_markup(markup: str, *, source: str = "<string>") -> tuple[str, Document]:
    """One markup document → (plain text, gold record).  Raises :class:`AnnotationError`."""
    lines = markup.replace("\r\n", "\n").split("\n")
    header, body_start = _split_header(lines, source)
    for key in HEADER_KEYS:
        if key not in header:
            raise AnnotationError(f"missing header line '{key}: ...'", source=source, line=1)
    try:
        dt.date.fromisoformat(header["date"])
    except ValueError as error:
        raise AnnotationError(f"expected 'date: YYYY-MM-DD', got {header['date']!r}", source=source, line=1) from error

    events_at = next((i for i in range(body_start, len(lines)) if lines[i].strip() == EVENTS_HEADING), None)
    if events_at is None:
        raise AnnotationError(f"expected a line {EVENTS_HEADING!r} before the event lines", source=source, line=len(lines))
    body_lines = lines[body_start:events_at]
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
        body_start += 1
    while body_lines and not body_lines[-1].strip():
        body_lines.pop()
    if not body_lines:
        raise AnnotationError("the document has no text", source=source, line=body_start + 1)
    text, marks = _strip_marks("\n".join(line.rstrip() for line in body_lines), body_start + 1, source)
    text += "\n"

    entities, times, triggers, event_lines = _collect(marks, lines, events_at, source)
    sentences = sentence_spans(text)
    events = [
        _build_event(ident, triggers, event_lines[ident], entities, times, sentences, source)
        for ident in event_lines
    ]
    events.sort(key=lambda event: (event.trigger.start, event.id))
    record = Document(
        doc_id=header["doc_id"],
        source=header["doc_id"] + TEXT_SUFFIX,
        date=header["date"],
        text_sha1=text_sha1(text),
        entities=[
            Entity(
                id=draft.id, type=draft.type, name=draft.name or draft.mentions[0].text,
                mentions=[Mention(start=m.start, end=m.end, text=m.text) for m in draft.mentions],
            )
            for draft in sorted(entities.values(), key=lambda d: d.mentions[0].start)
        ],
        times=sorted(
            (Time(id=m.id, start=m.start, end=m.end, text=m.text, value=None if m.value == "null" else m.value) for m in times.values()),
            key=lambda t: t.start,
        ),
        events=events,
    )
    record.check_offsets(text)
    return text, record


def _collect(marks: list[_Mark], lines: list[str], events_at: int, source: str):
    """Group marks into entities, times and triggers; read the event lines."""
    event_lines: dict[str, tuple[int, list[str]]] = {}
    for index in range(events_at + 1, len(lines)):
        content = lines[index].split("#", 1)[0].strip()
        if not content:
            continue
        fields = content.split()
        if not _ID.fullmatch(fields[0]):
            raise AnnotationError(f"expected an event line 'v1 TYPE MODALITY role=ref ...', got {content!r}", source=source, line=index + 1)
        if fields[0] in event_lines:
            raise AnnotationError(f"duplicate event id {fields[0]!r} (first on line {event_lines[fields[0]][0]})", source=source, line=index + 1)
        event_lines[fields[0]] = (index + 1, fields)

    entities: dict[str, _EntityDraft] = {}
    times: dict[str, _Mark] = {}
    triggers: dict[str, _Mark] = {}
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        kind = mark.kind
        if kind is None:  # a bare id: a trigger when an event line defines it, else an entity seen before
            kind = "EVENT" if mark.id in event_lines else ("ENTITY" if mark.id in entities else None)
            if kind is None:
                raise AnnotationError(
                    f"unknown id {mark.id!r} in [{mark.text}]({mark.id}): give its type on the first mention "
                    f"(PER:{mark.id} \"Имя\") or add an event line for it",
                    source=source, line=mark.line,
                )
        if kind == "TIME":
            if mark.id in times or mark.id in entities or mark.id in event_lines:
                raise AnnotationError(f"duplicate id {mark.id!r}: every TIME mark needs its own id", source=source, line=mark.line)
            times[mark.id] = mark
        elif kind in EVENT_TYPES or kind == "EVENT":
            if mark.id not in event_lines:
                raise AnnotationError(f"trigger [{mark.text}]({mark.kind}:{mark.id}) has no event line '{mark.id} ...'", source=source, line=mark.line)
            if mark.id in triggers:
                raise AnnotationError(f"duplicate trigger for event {mark.id!r} (first on line {triggers[mark.id].line})", source=source, line=mark.line)
            declared = event_lines[mark.id][1][1] if len(event_lines[mark.id][1]) > 1 else None
            if mark.kind is not None and declared != mark.kind:
                raise AnnotationError(
                    f"trigger [{mark.text}] is marked {mark.kind!r} but its event line says {declared!r}",
                    source=source, line=mark.line,
                )
            triggers[mark.id] = mark
        else:  # an entity mention
            if mark.id in times or mark.id in event_lines:
                raise AnnotationError(f"id {mark.id!r} is already used by a time or an event", source=source, line=mark.line)
            draft = entities.get(mark.id)
            if draft is None:
                draft = entities[mark.id] = _EntityDraft(mark.id, kind, mark.name)
            elif kind not in ("ENTITY", draft.type):
                raise AnnotationError(f"entity {mark.id!r} is {draft.type}, here marked {kind}", source=source, line=mark.line)
            elif mark.name is not None:
                if draft.name is not None and draft.name != mark.name:
                    raise AnnotationError(f"entity {mark.id!r} is named {draft.name!r}, here {mark.name!r}", source=source, line=mark.line)
                draft.name = mark.name
            if any((m.start, m.end) == (mark.start, mark.end) for m in draft.mentions):
                raise AnnotationError(f"[{mark.text}] is marked twice as {mark.id!r}", source=source, line=mark.line)
            draft.mentions.append(mark)
    for ident, (line, _) in event_lines.items():
        if ident not in triggers:
            raise AnnotationError(f"event {ident!r} has no trigger: mark it in the text as [...]({ident})", source=source, line=line)
    for draft in entities.values():
        draft.mentions.sort(key=lambda m: (m.start, m.end))
    return entities, times, triggers, event_lines


def _build_event(ident, triggers, event_line, entities, times, sentences, source) -> Event:
    line, fields = event_line
    if len(fields) < 3:
        raise AnnotationError(f"expected '{ident} TYPE MODALITY role=ref ...', got {' '.join(fields)!r}", source=source, line=line)
    event_type, modality = fields[1], fields[2]
    if event_type not in EVENT_TYPES:
        raise AnnotationError(f"unknown event type {event_type!r}: expected one of {', '.join(EVENT_TYPES)}", source=source, line=line)
    if modality not in MODALITIES:
        raise AnnotationError(f"unknown modality {modality!r}: expected one of {', '.join(MODALITIES)}", source=source, line=line)
    trigger = triggers[ident]
    arguments: list[Argument] = []
    seen: set[tuple[str, str]] = set()
    for item in fields[3:]:
        match = _ARGUMENT.fullmatch(item)
        if not match:
            raise AnnotationError(f"expected an argument 'role=ref' or 'role=ref@N', got {item!r}", source=source, line=line)
        role, ref, nth = match.group("role", "ref", "nth")
        if role not in ROLES:
            raise AnnotationError(f"unknown role {role!r}: expected one of {', '.join(ROLES)}", source=source, line=line)
        if (role, ref) in seen:
            raise AnnotationError(f"duplicate argument {role}={ref}", source=source, line=line)
        seen.add((role, ref))
        if ref in times:
            if role != "time":
                raise AnnotationError(f"{ref!r} is a time: it can fill only the role 'time', not {role!r}", source=source, line=line)
            candidates = [times[ref]]
        elif ref in entities:
            if role == "time":
                raise AnnotationError(f"the role 'time' needs a TIME id, got entity {ref!r}", source=source, line=line)
            candidates = entities[ref].mentions
        else:
            raise AnnotationError(f"unknown id {ref!r} in {item!r}: no entity or time is marked with it", source=source, line=line)
        if nth is not None:
            if not 1 <= int(nth) <= len(candidates):
                raise AnnotationError(f"{item!r}: {ref!r} has {len(candidates)} mention(s), expected @1..@{len(candidates)}", source=source, line=line)
            mention = candidates[int(nth) - 1]
        else:
            mention = _nearest_mention(candidates, trigger, sentences)
        arguments.append(Argument(role=role, ref=ref, start=mention.start, end=mention.end, text=mention.text))
    return Event(
        id=ident, type=event_type, modality=modality, confidence=GOLD_CONFIDENCE,
        trigger=Trigger(start=trigger.start, end=trigger.end, text=trigger.text),
        arguments=arguments,
    )


# --------------------------------------------------------------------------- corpus


def markup_files(folder: str | Path) -> list[Path]:
    """Every ``*.ann.md`` under ``folder`` (recursively), sorted by path."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"expected a folder of {MARKUP_SUFFIX} files, got {folder}")
    return sorted(folder.rglob(f"*{MARKUP_SUFFIX}"))


def _stem(path: Path) -> str:
    return path.name[: -len(MARKUP_SUFFIX)]


def load_file(path: str | Path) -> tuple[str, Document]:
    """Parse one markup file; its ``doc_id`` must be ``<folder name>/<file stem>`` (``train/001``)."""
    path = Path(path)
    text, record = parse_markup(path.read_text(encoding="utf-8"), source=str(path))
    expected = f"{path.parent.name}/{_stem(path)}"
    if record.doc_id != expected:
        raise AnnotationError(f"expected 'doc_id: {expected}' (folder/file), got {record.doc_id!r}", source=str(path), line=1)
    return text, record


def load_annotated(folder: str | Path) -> list[tuple[str, Document]]:
    """Every document under ``folder`` as (plain text, gold record), sorted by path."""
    loaded = [load_file(path) for path in markup_files(folder)]
    ids = Counter(record.doc_id for _, record in loaded)
    duplicates = sorted(doc_id for doc_id, count in ids.items() if count > 1)
    if duplicates:
        raise AnnotationError(f"duplicate doc_id {', '.join(duplicates)}", source=str(folder))
    return loaded


def record_json(record: Document) -> str:
    """The gold record as written to ``NNN.json``: indented, Cyrillic as is.

    The markup has no sentence segmentation, so gold events carry no ``sentence``.
    """
    data = record.model_dump(mode="json")
    for event in data["events"]:
        if event.get("sentence") is None:
            event.pop("sentence", None)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _outputs(path: Path) -> tuple[Path, Path]:
    return path.with_name(_stem(path) + TEXT_SUFFIX), path.with_name(_stem(path) + RECORD_SUFFIX)


def build(folder: str | Path) -> list[Path]:
    """Write ``NNN.txt`` and ``NNN.json`` next to every markup file; return the files that changed."""
    changed = []
    for path in markup_files(folder):
        text, record = load_file(path)
        for target, content in zip(_outputs(path), (text, record_json(record))):
            if not target.is_file() or target.read_text(encoding="utf-8") != content:
                target.write_text(content, encoding="utf-8", newline="\n")
                changed.append(target)
    return changed


def stale_files(folder: str | Path) -> list[str]:
    """Generated files that are missing, out of date, or have no markup file: empty when all is current."""
    problems = []
    expected: set[Path] = set()
    for path in markup_files(folder):
        text, record = load_file(path)
        for target, content in zip(_outputs(path), (text, record_json(record))):
            expected.add(target)
            if not target.is_file():
                problems.append(f"{target}: missing")
            elif target.read_text(encoding="utf-8") != content:
                problems.append(f"{target}: out of date")
    for suffix in (TEXT_SUFFIX, RECORD_SUFFIX):
        for target in sorted(Path(folder).rglob(f"*{suffix}")):
            if target not in expected:
                problems.append(f"{target}: no {MARKUP_SUFFIX} file")
    return problems


def stats(corpus: Iterable[tuple[str, Document]]) -> dict[str, Counter]:
    """Counts of documents, events, types and modalities, overall and per split (folder)."""
    counts: dict[str, Counter] = {"documents": Counter(), "events": Counter(), "type": Counter(), "modality": Counter()}
    for _, record in corpus:
        split = record.doc_id.split("/")[0]
        counts["documents"][split] += 1
        for event in record.events:
            counts["events"][split] += 1
            counts["type"][event.type] += 1
            counts["modality"][event.modality] += 1
    return counts


def _print_stats(folder: str) -> None:
    counts = stats(load_annotated(folder))
    total = sum(counts["events"].values())
    contact = sum(counts["type"][t] for t in CONTACT_TYPES)
    print(f"documents: {sum(counts['documents'].values())} ({', '.join(f'{k} {v}' for k, v in sorted(counts['documents'].items()))})")
    print(f"events: {total} ({', '.join(f'{k} {v}' for k, v in sorted(counts['events'].items()))}); contact types {contact / max(total, 1):.0%}")
    for event_type in EVENT_TYPES:
        print(f"  {event_type:13} {counts['type'][event_type]}")
    print("modality: " + ", ".join(f"{m} {counts['modality'][m]}" for m in MODALITIES))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ruevents.evaluation.annotated", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("build", "check", "stats"), help="build: write .txt/.json; check: are they current; stats: counts")
    parser.add_argument("folder", help="the corpus folder, e.g. data/annotated")
    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            changed = build(args.folder)
            print(f"{len(changed)} file(s) written" + "".join(f"\n  {p}" for p in changed))
        elif args.command == "check":
            problems = stale_files(args.folder)
            for problem in problems:
                print(problem)
            if problems:
                print(f"run: python -m ruevents.evaluation.annotated build {args.folder}", file=sys.stderr)
                return 1
            print("all generated files are current")
        else:
            _print_stats(args.folder)
    except AnnotationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
