"""NEREL (brat standoff) as gold events: EVENT mentions and their argument relations.

NEREL 1.1 (Russian Wikinews) marks events as entities of type ``EVENT`` and
their arguments as relations between entities.  Checked on ``nerel-1.1/dev``
(``annotation.conf`` agrees), the directions are::

    R1  PARTICIPANT_IN  Arg1:<participant>  Arg2:<EVENT>
    R2  TAKES_PLACE_IN  Arg1:<EVENT>        Arg2:<place>
    R3  POINT_IN_TIME   Arg1:<EVENT>        Arg2:<DATE|TIME>

so a gold event is one ``EVENT`` mention (its trigger) and its arguments are
the other ends of these relations, mapped to our roles by
:data:`ROLE_RELATIONS`.  NEREL has no event types that match ours: events are
scored regardless of type.  ``AGENT`` (Arg1 acts in Arg2: the speaker of
«совместное заявление», but also the appointing authority of «назначил») is
left out by default; pass ``relations=`` to count it as a participant.

Brat details handled here: discontinuous spans (``T1 EVENT 10 15;20 25``),
``N``/``A``/``#`` lines (ignored), and offsets counted in the ``.txt`` as it
is on disk (read with ``newline=""``, so a ``\\r`` keeps its place); every
mention's text is checked against those offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .events import Fragments, ScoredArgument, ScoredEvent

EVENT_TYPE = "EVENT"

#: relation type -> (our role, which argument is the event: "Arg1" or "Arg2")
ROLE_RELATIONS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "PARTICIPANT_IN": ("participant", "Arg2"),
    "TAKES_PLACE_IN": ("place", "Arg1"),
    "POINT_IN_TIME": ("time", "Arg1"),
})
#: ``ROLE_RELATIONS`` plus ``AGENT`` as a participant (see the module docstring)
ROLE_RELATIONS_WITH_AGENT: Mapping[str, tuple[str, str]] = MappingProxyType({
    **ROLE_RELATIONS,
    "AGENT": ("participant", "Arg2"),
})


class BratError(ValueError):
    """A malformed or inconsistent brat file; names the file and line."""


@dataclass(frozen=True)
class BratEntity:
    id: str
    type: str
    fragments: Fragments  # ((start, end), ...) in text order
    text: str


@dataclass(frozen=True)
class BratRelation:
    id: str
    type: str
    arg1: str
    arg2: str


@dataclass
class BratDocument:
    """One ``NAME.txt`` with its ``NAME.ann``."""

    name: str
    text: str
    entities: dict[str, BratEntity]
    relations: list[BratRelation]


def _fragments(spec: str, where: str) -> list[tuple[int, int]]:
    """``"10 15;20 25"`` → ``[(10, 15), (20, 25)]``, in the order written."""
    try:
        pairs = [tuple(int(x) for x in part.split()) for part in spec.split(";")]
    except ValueError as error:
        raise BratError(f"{where}: expected offsets 'START END[;START END]', got {spec!r}") from error
    if not pairs or any(len(p) != 2 or p[0] > p[1] for p in pairs):
        raise BratError(f"{where}: expected offsets 'START END[;START END]' with START <= END, got {spec!r}")
    return pairs  # type: ignore[return-value]


def parse_ann(ann: str, text: str, *, source: str = "<string>") -> tuple[dict[str, BratEntity], list[BratRelation]]:
    """The ``T`` and ``R`` lines of one ``.ann`` file, offsets checked against ``text``."""
    entities: dict[str, BratEntity] = {}
    relations: list[BratRelation] = []
    for number, line in enumerate(ann.splitlines(), 1):
        where = f"{source}:{number}"
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 3:
                raise BratError(f"{where}: expected 'T1<TAB>TYPE START END<TAB>text', got {line!r}")
            ident, middle, mention = parts[0], parts[1], parts[2]
            kind, _, spec = middle.partition(" ")
            fragments = _fragments(spec, where)
            # brat writes the text of a discontinuous span as its pieces, in the order listed, joined by a space
            found = " ".join(text[s:e] for s, e in fragments)
            if found != mention:
                raise BratError(f"{where}: expected {mention!r} at {spec}, the text has {found!r}")
            entities[ident] = BratEntity(ident, kind, tuple(sorted(fragments)), mention)
        elif line.startswith("R"):
            parts = line.split("\t")
            fields = parts[1].split() if len(parts) > 1 else []
            if len(fields) != 3 or not fields[1].startswith("Arg1:") or not fields[2].startswith("Arg2:"):
                raise BratError(f"{where}: expected 'R1<TAB>TYPE Arg1:T1 Arg2:T2', got {line!r}")
            relations.append(BratRelation(parts[0], fields[0], fields[1][5:], fields[2][5:]))
        # N (normalisation), A (attribute), * (equivalence), # (note) lines: not used
    for relation in relations:
        for ident in (relation.arg1, relation.arg2):
            if ident not in entities:
                raise BratError(f"{source}: relation {relation.id} points to {ident}, which no T line defines")
    return entities, relations


def read_document(path: str | Path) -> BratDocument:
    """``NAME.txt`` (or ``NAME.ann``) → the pair as one :class:`BratDocument`."""
    path = Path(path)
    txt, ann = path.with_suffix(".txt"), path.with_suffix(".ann")
    # newline="": brat offsets count "\r" when the file has one
    with open(txt, encoding="utf-8", newline="") as file:
        text = file.read()
    entities, relations = parse_ann(ann.read_text(encoding="utf-8"), text, source=str(ann))
    return BratDocument(txt.stem, text, entities, relations)


def read_folder(folder: str | Path, *, limit: int | None = None) -> list[BratDocument]:
    """Every ``*.ann`` with its ``.txt`` in ``folder``, sorted by name; the first ``limit`` only when given."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"expected a folder of brat .txt/.ann files, got {folder}")
    paths = sorted(folder.glob("*.ann"))
    if not paths:
        raise FileNotFoundError(f"expected brat .ann files in {folder}, found none")
    return [read_document(path) for path in paths[:limit]]


def gold_events(
    document: BratDocument, *, relations: Mapping[str, tuple[str, str]] = ROLE_RELATIONS
) -> list[ScoredEvent]:
    """The document's ``EVENT`` mentions as untyped gold events with their arguments."""
    arguments: dict[str, list[ScoredArgument]] = {}
    for relation in document.relations:
        if relation.type not in relations:
            continue
        role, event_side = relations[relation.type]
        event_id, other_id = (relation.arg1, relation.arg2) if event_side == "Arg1" else (relation.arg2, relation.arg1)
        if document.entities[event_id].type != EVENT_TYPE:
            continue  # PARTICIPANT_IN a CRIME or WORK_OF_ART, POINT_IN_TIME of an AWARD: not events
        other = document.entities[other_id]
        arguments.setdefault(event_id, []).append(ScoredArgument(role, other.fragments, other.text))
    events = [
        ScoredEvent(None, entity.fragments, entity.text, tuple(arguments.get(entity.id, ())))
        for entity in document.entities.values()
        if entity.type == EVENT_TYPE
    ]
    return sorted(events, key=lambda event: event.trigger)
