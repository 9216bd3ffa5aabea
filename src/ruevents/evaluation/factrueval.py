"""FactRuEval-2016 folders (``book_N.txt`` with ``.tokens``, ``.spans``,
``.objects``, ``.coref`` and ``.facts``) as plain records.

Offsets in ``.tokens`` and ``.spans`` are character offsets into the ``.txt``
file.  In the published devset the texts are UTF-8 without a BOM and with
``\\n`` line ends, so they index the text as read.  Copies that went through
other tools may carry a BOM or ``\\r\\n``; :func:`load_document` tries the
readings those produce and keeps the one under which every token's text sits
at its offset (a BOM is dropped and the offsets shifted if they counted it),
so a mismatch is caught here and never turns into silently shifted gold spans.

References between layers are kept as ids *and* resolved: an object holds its
``Span`` records, a coref group its ``Object`` records.  Fact slots point at
coref groups (``obj48``) or spans (``span22777``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

BOM = "\ufeff"


class FactRuEvalFormatError(ValueError):
    """A FactRuEval file does not have the expected layout."""


@dataclass(frozen=True)
class Token:
    id: str
    start: int
    stop: int
    text: str
    #: index of the sentence (blank lines in ``.tokens`` separate sentences)
    sentence: int


@dataclass(frozen=True)
class Span:
    """One annotated fragment: ``org_name``, ``loc_name``, ``surname``, ``job``..."""

    id: str
    type: str
    start: int
    stop: int
    token_id: str
    token_count: int


@dataclass(frozen=True)
class Object:
    """A mention: ``Person``, ``Org``, ``Location``, ``LocOrg``, ``Project``..."""

    id: str
    type: str
    spans: tuple[Span, ...]

    @property
    def start(self) -> int:
        return min(span.start for span in self.spans)

    @property
    def stop(self) -> int:
        return max(span.stop for span in self.spans)


@dataclass(frozen=True)
class Coref:
    """Objects that name one entity, with its normalised attributes.

    ``slots`` keeps the file's order and repeats (``firstname1``...); a key
    written without a value (``wikidata``) has the value ``""``.
    """

    id: str
    objects: tuple[Object, ...]
    slots: tuple[tuple[str, str], ...]

    def get(self, key: str) -> str | None:
        return next((value for k, value in self.slots if k == key), None)


@dataclass(frozen=True)
class FactValue:
    """One filler of a fact slot.

    ``ref`` is ``("obj", coref id)``, ``("span", span id)`` or ``None`` for a
    plain value (``Type купля/продажа``); ``texts`` are the written forms, the
    first after the reference and any ``| alias`` that follows it.
    """

    ref: tuple[str, str] | None
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    id: str
    type: str
    slots: tuple[tuple[str, tuple[FactValue, ...]], ...]


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    tokens: tuple[Token, ...]
    spans: tuple[Span, ...]
    objects: tuple[Object, ...]
    corefs: tuple[Coref, ...]
    facts: tuple[Fact, ...]


def _lines(path: Path) -> list[str]:
    # newline="" keeps a stray "\r" visible instead of silently dropping it
    with path.open(encoding="utf-8-sig", newline="") as file:
        return [line.rstrip("\r\n") for line in file]


def _blocks(lines: list[str]) -> Iterator[list[str]]:
    """Groups of non-blank lines separated by blank ones (.coref, .facts)."""
    block: list[str] = []
    for line in lines:
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def parse_tokens(lines: list[str]) -> list[Token]:
    """``id start length text``; a blank line ends a sentence."""
    tokens, sentence = [], 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            sentence += 1
            continue
        parts = line.split(" ", 3)
        if len(parts) < 4 or not (parts[1].isdigit() and parts[2].isdigit()):
            raise FactRuEvalFormatError(f"expected 'id start length text' on .tokens line {number}, got {line!r}")
        start, length = int(parts[1]), int(parts[2])
        tokens.append(Token(parts[0], start, start + length, parts[3], sentence))
    return tokens


def parse_spans(lines: list[str]) -> list[Span]:
    """``id type start length token_id token_count  # comment``."""
    spans = []
    for number, line in enumerate(lines, 1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) != 6:
            raise FactRuEvalFormatError(f"expected 6 fields on .spans line {number}, got {line!r}")
        span_id, span_type, start, length, token_id, token_count = fields
        spans.append(Span(span_id, span_type, int(start), int(start) + int(length), token_id, int(token_count)))
    return spans


def parse_objects(lines: list[str], spans: dict[str, Span]) -> list[Object]:
    """``id Type span_id span_id ...  # comment``."""
    objects = []
    for number, line in enumerate(lines, 1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) < 3:
            raise FactRuEvalFormatError(f"expected 'id Type span_id...' on .objects line {number}, got {line!r}")
        missing = [span_id for span_id in fields[2:] if span_id not in spans]
        if missing:
            raise FactRuEvalFormatError(f"expected .objects line {number} to name known spans, got unknown {missing}")
        objects.append(Object(fields[0], fields[1], tuple(spans[span_id] for span_id in fields[2:])))
    return objects


def parse_corefs(lines: list[str], objects: dict[str, Object]) -> list[Coref]:
    """Blocks: ``id object_id...`` then ``key value`` lines."""
    corefs = []
    for block in _blocks(lines):
        head = block[0].split()
        missing = [object_id for object_id in head[1:] if object_id not in objects]
        if missing:
            raise FactRuEvalFormatError(f"expected coref {head[0]} to name known objects, got unknown {missing}")
        slots = []
        for line in block[1:]:
            key, _, value = line.strip().partition(" ")
            slots.append((key, value.strip()))
        corefs.append(Coref(head[0], tuple(objects[o] for o in head[1:]), tuple(slots)))
    return corefs


_REFERENCE = re.compile(r"^(obj|span)(\d+)\s*(.*)$")


def parse_fact_values(text: str) -> tuple[FactValue, ...]:
    """``obj143 Украина | obj144 Турецкая республика | Турция``: a part without
    a reference is another written form of the value before it."""
    values: list[FactValue] = []
    for part in text.split(" | "):
        match = _REFERENCE.match(part.strip())
        if match:
            values.append(FactValue((match[1], match[2]), (match[3],)))
        elif values and values[-1].ref is not None:
            values[-1] = FactValue(values[-1].ref, values[-1].texts + (part.strip(),))
        else:
            values.append(FactValue(None, (part.strip(),)))
    return tuple(values)


def parse_facts(lines: list[str]) -> list[Fact]:
    """Blocks: ``id Type`` then ``Slot value | value`` lines."""
    facts = []
    for block in _blocks(lines):
        fact_id, _, fact_type = block[0].strip().partition(" ")
        slots = []
        for line in block[1:]:
            slot, _, text = line.strip().partition(" ")
            slots.append((slot, parse_fact_values(text)))
        facts.append(Fact(fact_id, fact_type.strip(), tuple(slots)))
    return facts


def _aligned_text(raw: str, tokens: list[Token], path: Path) -> tuple[str, int]:
    """The reading of ``raw`` that every token's offsets fit, and the shift to
    add to the file's offsets (see module doc)."""
    body = raw[1:] if raw.startswith(BOM) else raw
    candidates = [
        (body, 0),  # offsets count characters of the text as shown
        (body.replace("\r\n", "\n"), 0),  # offsets were taken after newline translation
        (body, -1 if body is not raw else 0),  # offsets count the BOM
    ]
    for text, shift in candidates:
        if all(text[t.start + shift : t.stop + shift] == t.text for t in tokens):
            return text, shift
    bad = next(t for t in tokens if body[t.start : t.stop] != t.text)
    raise FactRuEvalFormatError(
        f"expected token {bad.id} of {path.name} to read {bad.text!r} at {bad.start}, got {body[bad.start : bad.stop]!r}"
    )


def load_document(folder: Path, doc_id: str) -> Document:
    """One ``book_<id>`` with all its layers."""
    folder = Path(folder)
    base = folder / f"book_{doc_id}"
    txt = base.with_suffix(".txt")
    with txt.open(encoding="utf-8", newline="") as file:
        raw = file.read()
    tokens = parse_tokens(_lines(base.with_suffix(".tokens")))
    text, shift = _aligned_text(raw, tokens, txt)
    spans = parse_spans(_lines(base.with_suffix(".spans")))
    if shift:
        tokens = [replace(t, start=t.start + shift, stop=t.stop + shift) for t in tokens]
        spans = [replace(s, start=s.start + shift, stop=s.stop + shift) for s in spans]
    objects = parse_objects(_lines(base.with_suffix(".objects")), {s.id: s for s in spans})
    coref_path, facts_path = base.with_suffix(".coref"), base.with_suffix(".facts")
    corefs = parse_corefs(_lines(coref_path), {o.id: o for o in objects}) if coref_path.is_file() else []
    facts = parse_facts(_lines(facts_path)) if facts_path.is_file() else []
    return Document(doc_id, text, tuple(tokens), tuple(spans), tuple(objects), tuple(corefs), tuple(facts))


def document_ids(folder: Path) -> list[str]:
    """``book_<id>.txt`` ids in numeric order."""
    ids = [m[1] for p in Path(folder).glob("book_*.txt") if (m := re.fullmatch(r"book_(\d+)\.txt", p.name))]
    return sorted(ids, key=int)


def load_folder(folder: Path) -> list[Document]:
    """Every document of a FactRuEval folder (``devset`` or ``testset``)."""
    folder = Path(folder)
    ids = document_ids(folder)
    if not ids:
        raise FactRuEvalFormatError(f"expected book_<N>.txt files in {folder}, got none")
    return [load_document(folder, doc_id) for doc_id in ids]
