"""Our records in FactRuEval-2016's response formats, for the competition's own scorers.

For every ``book_N.txt`` of a folder, ``export_folder`` writes, per track:

* ``book_N.task1`` (Track 1, mentions): one line per mention, ``tag start
  length``, with ``tag`` one of ``per``, ``org``, ``loc``, ``locorg`` and
  character offsets into the ``.txt``.  A place right after a preposition
  («в Москве») is ``loc``; elsewhere («мэрия Москвы», «Россия заявила») it
  is ``locorg``, the competition's place-as-organisation type.  Mentions of a
  person that are only a title («глава Генштаба») are left out: the track
  marks names.
* ``book_N.task2`` (Track 2, entities): one block per entity, blocks
  separated by a blank line; the first line is the type (``per``, ``org``,
  ``loc``), then ``attribute: value`` lines: ``firstname``, ``patronymic``,
  ``lastname`` for people (the canonical name split with pymorphy3's
  Name/Patr/Surn grammemes, by position where they say nothing), ``name`` for
  organisations and places.  The track matches entities by these values
  only; the format carries no offsets, and ``descriptor`` lines are not
  written because the scorer folds descriptors into the alternatives of
  ``name`` (a separate line would count as a wrong extra value).
* ``book_N.task3`` (Track 3, facts): one block per fact, ``Meeting`` with
  ``participant:`` lines, ``Occupation`` with ``who:``, ``position:`` (or
  ``job:``) and ``where:`` lines (see :mod:`ruevents.evaluation.facts`).

A document is written even when nothing was found in it (an empty file), as
the scorers expect one file per document.  Values never contain ``:`` or a
line break (the response parsers split on them).

Running the official scorers (``scripts/`` of the dialogue-evaluation
``factRuEval-2016`` repository, Python 3 with numpy)::

    ruevents export factrueval ../shared/corpora/factrueval-2016/devset -o out/fre
    cd factRuEval-2016/scripts
    python t1_eval.py -s <devset> -t <out/fre>        # add -l to score locorg as loc
    python t2_eval.py -s <devset> -t <out/fre>
    python t3_eval.py -s <devset> -t <out/fre> [-o reports/]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..backends import pymorphy
from ..records import Document as Record
from ..records import Entity
from . import factrueval
from .facts import record_facts

TRACKS = (1, 2, 3)
#: prepositions after which a place is a place, not an actor (``loc`` vs ``locorg``)
PLACE_PREPOSITIONS = frozenset("в во на из по под над у около через до к ко от близ возле вокруг за".split())
#: lowercase words inside names that go with the word after them («ибн Эзра», «де Голль»)
NAME_PARTICLES = frozenset("ибн бин бен аль ад ас де да дель ди дю ле ла фон ван дер".split())
_TYPES = {"PER": "per", "ORG": "org", "LOC": "loc"}


# -- names --------------------------------------------------------------------------


#: endings of family names, for words pymorphy3 only guesses at
SURNAME_ENDINGS = re.compile(r"(ов|ев|ёв|ин|ын|ский|цкий|ова|ева|ёва|ина|ына|ская|цкая|швили|дзе|ян|енко|ук|юк)$")


def name_grammemes(word: str) -> frozenset[str]:
    """Which of Name, Surn, Patr the nominative dictionary readings of ``word`` carry;
    for a word out of the dictionary, Surn when it ends like a family name
    (pymorphy3's guesses read «Налбандов» as a first name)."""
    found = set()
    for parse in pymorphy.parses(word):
        if pymorphy.is_known(parse) and "nomn" in parse.tag:  # canonical names are nominative
            found.update(g for g in ("Name", "Surn", "Patr") if g in parse.tag)
    if not found and SURNAME_ENDINGS.search(word.lower()):
        found.add("Surn")
    return frozenset(found)


def _words(name: str) -> list[str]:
    """Words of a name, a particle joined to the word after it."""
    words: list[str] = []
    pending = ""
    for word in name.split():
        if word.lower() in NAME_PARTICLES:
            pending = f"{pending} {word}".strip()
            continue
        words.append(f"{pending} {word}".strip())
        pending = ""
    if pending:
        words.append(pending)
    return words


def split_person_name(name: str) -> dict[str, str]:
    """``firstname``/``patronymic``/``lastname`` of a canonical person name.

    Grammemes first: a patronymic (Patr) after the first word, a family
    name (Surn, not Name) before a word that is not one («Лужков Юрий»); otherwise by
    position: the last word is the last name, the words before it the first
    name.  One word is a first name when pymorphy3 knows it only as one.

    >>> split_person_name("Юрий Михайлович Лужков")
    {'firstname': 'Юрий', 'patronymic': 'Михайлович', 'lastname': 'Лужков'}
    """
    words = _words(name)
    if not words:
        return {}
    tags = [name_grammemes(w.split()[-1]) for w in words]
    if len(words) == 1:
        key = "firstname" if "Name" in tags[0] and "Surn" not in tags[0] else "lastname"
        return {key: words[0]}
    patronymic = next((i for i in range(1, len(words)) if "Patr" in tags[i]), None)
    rest = [i for i in range(len(words)) if i != patronymic]
    first, last = tags[rest[0]], tags[rest[-1]] if rest else frozenset()
    surname_first = len(rest) >= 2 and "Surn" in first and "Name" not in first and ("Name" in last or "Surn" not in last)
    if patronymic is not None and patronymic == len(words) - 1 and len(rest) >= 2:
        surname_first = True  # «Лужков Юрий Михайлович»
    parts: dict[str, str] = {}
    if len(rest) == 1:
        parts["firstname"] = words[rest[0]]
    elif surname_first:
        parts["firstname"] = " ".join(words[i] for i in rest[1:])
        parts["lastname"] = words[rest[0]]
    else:
        parts["firstname"] = " ".join(words[i] for i in rest[:-1])
        parts["lastname"] = words[rest[-1]]
    if patronymic is not None:
        parts["patronymic"] = words[patronymic]
    return {key: parts[key] for key in ("firstname", "patronymic", "lastname") if key in parts}


# -- Track 1 ------------------------------------------------------------------------


def _title_lemmas() -> frozenset[str]:
    from ..coref import title_groups

    return frozenset(title_groups())


def is_name_mention(text: str) -> bool:
    """False for a person mention that is only a title («глава российского Генштаба»)."""
    words = text.split()
    if not words or not any(ch.isupper() for ch in text):
        return False
    found = pymorphy.parses(words[0])
    return not (found and found[0].normal_form in _title_lemmas())


_WORD_BEFORE = re.compile(r"(\w+)\W*$")


def mention_tag(entity_type: str, text: str, start: int) -> str | None:
    """Track 1 tag of a mention starting at ``start`` of ``text``."""
    tag = _TYPES.get(entity_type)
    if tag != "loc":
        return tag
    before = _WORD_BEFORE.search(text[max(0, start - 20) : start])
    return "loc" if before and before[1].lower() in PLACE_PREPOSITIONS else "locorg"


def task1_lines(record: Record, text: str) -> list[str]:
    """``tag start length`` for every name mention, in text order."""
    rows = set()
    for entity in record.entities:
        for mention in entity.mentions:
            if entity.type == "PER" and not is_name_mention(mention.text):
                continue
            tag = mention_tag(entity.type, text, mention.start)
            if tag is not None and mention.end > mention.start:
                rows.add((mention.start, mention.end - mention.start, tag))
    return [f"{tag} {start} {length}" for start, length, tag in sorted(rows)]


# -- Tracks 2 and 3 -----------------------------------------------------------------


def _value(text: str) -> str:
    return " ".join(text.replace(":", " ").split())


def entity_block(entity: Entity) -> list[str]:
    """The Track 2 block of one entity, or ``[]`` when it has nothing to match by."""
    tag = _TYPES.get(entity.type)
    if tag is None:
        return []
    if tag == "per":
        attributes = list(split_person_name(entity.name).items())
    else:
        attributes = [("name", entity.name)]
    lines = [f"{key}: {_value(value)}" for key, value in attributes if _value(value)]
    return [tag, *lines] if lines else []


def task2_blocks(record: Record) -> list[list[str]]:
    return [block for entity in record.entities if (block := entity_block(entity))]


def task3_blocks(record: Record) -> list[list[str]]:
    return [[fact.type, *(f"{slot.lower()}: {_value(value)}" for slot, value in fact.slots)] for fact in record_facts(record)]


def _blocks_text(blocks: Iterable[Sequence[str]]) -> str:
    return "".join("\n".join(block) + "\n\n" for block in blocks)


def response_text(record: Record, text: str, track: int) -> str:
    """The content of ``book_N.task<track>`` for one record."""
    if track == 1:
        lines = task1_lines(record, text)
        return "".join(line + "\n" for line in lines)
    if track == 2:
        return _blocks_text(task2_blocks(record))
    if track == 3:
        return _blocks_text(task3_blocks(record))
    raise ValueError(f"expected track 1, 2 or 3, got {track!r}")


# -- folders ------------------------------------------------------------------------


def read_text(folder: Path, doc_id: str) -> str:
    """The text the gold offsets index: via the loader when ``.tokens`` is there
    (it checks the offsets), else the ``.txt`` with a BOM and ``\\r`` dropped."""
    base = Path(folder) / f"book_{doc_id}"
    if base.with_suffix(".tokens").is_file() and base.with_suffix(".spans").is_file() and base.with_suffix(".objects").is_file():
        return factrueval.load_document(folder, doc_id).text
    with base.with_suffix(".txt").open(encoding="utf-8-sig") as file:
        return file.read()


@dataclass
class ExportSummary:
    documents: int = 0
    files: list[Path] = field(default_factory=list)
    #: doc id → errors the analysis recorded (the files are written regardless)
    errors: dict[str, list[str]] = field(default_factory=dict)


def export_records(records: Iterable[tuple[Record, str]], out: Path, tracks: Sequence[int] = TRACKS) -> ExportSummary:
    """Write the response files of ``(record, text)`` pairs; ``record.doc_id`` is ``N`` of ``book_N``."""
    bad = [t for t in tracks if t not in TRACKS]
    if bad:
        raise ValueError(f"expected tracks among {TRACKS}, got {bad}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = ExportSummary()
    for record, text in records:
        summary.documents += 1
        if record.errors:
            summary.errors[record.doc_id] = list(record.errors)
        for track in tracks:
            path = out / f"book_{record.doc_id}.task{track}"
            path.write_text(response_text(record, text, track), encoding="utf-8")
            summary.files.append(path)
    return summary


def export_folder(folder: Path, out: Path, tracks: Sequence[int] = TRACKS, *, batch_size: int = 32) -> ExportSummary:
    """Analyse every ``book_N.txt`` of ``folder`` and write its response files to ``out``."""
    import ruevents

    folder = Path(folder)
    ids = factrueval.document_ids(folder)
    if not ids:
        raise factrueval.FactRuEvalFormatError(f"expected book_<N>.txt files in {folder}, got none")
    texts = {doc_id: read_text(folder, doc_id) for doc_id in ids}
    records = ruevents.extract_many([(texts[i], {"doc_id": i}) for i in ids], batch_size=batch_size)
    return export_records(((record, texts[record.doc_id]) for record in records), out, tracks)
