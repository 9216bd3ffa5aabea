"""Records → pandas DataFrames, with entities merged across documents into actors.

``load_tables`` reads what ``ruevents extract`` writes — a JSON Lines file
(one contract record per line) or a folder of ``<table>.parquet`` files — and
gives the six tables of :mod:`ruevents.tables` as DataFrames with exactly the
columns of ``TABLE_COLUMNS`` (the right dtypes even when a table is empty),
plus a few columns for analysts:

* ``entities``, ``mentions``, ``arguments``: ``actor_id`` and ``actor``, the
  entity merged across documents (same type and canonical name, see
  :func:`merge_entities`); ``None`` for an argument that is a time;
* ``events``: ``date`` (ISO, maybe partial: ``2018``, ``2018-04``,
  ``2018-04-19``), ``date_precision`` (year, month, day), ``date_source``
  (``event`` when it comes from the event's time, ``document`` when from the
  document's date), ``when`` (the date as a timestamp, its first day),
  ``actor_ids`` and ``actors`` (the participants as actors), ``source``;
* a seventh table, ``actors``: one row per merged entity.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..tables import TABLE_COLUMNS, TABLES, build_rows
from ._deps import require

pd = require("pandas")

#: pandas dtype of each short column type of ``TABLE_COLUMNS``
_DTYPES: dict[str, Any] = {
    "str": pd.api.types.pandas_dtype("str"),  # pandas 3: the string dtype; pandas 2: object
    "int": "Int64",  # nullable: the contract allows null in every column but the keys
    "float": "float64",
    "list[str]": "object",  # Python lists of str
}
DATE_PRECISIONS = ("year", "month", "day")
#: a TIMEX3 value that names a date: its leading year, month and day
_DATE_VALUE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12]\d|3[01]))?)?(?![\dX])")
_QUOTES = str.maketrans("", "", "«»\"“”„'")


# --------------------------------------------------------------------------- columns and dtypes


def _as_list(value: Any) -> list[str]:
    """A list cell as a Python list of str: Parquet gives numpy arrays, a missing cell gives []."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        raise ValueError(f"expected a list of strings in a list column, got the string {value!r}")
    return [str(item) for item in value]


def _coerce(frame, table: str):
    """``frame`` with the columns of ``table`` first, in order and with their dtypes; extra columns kept after."""
    columns = TABLE_COLUMNS[table]
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise ValueError(f"expected the columns {list(columns)} in table {table!r}, missing {missing}")
    frame = frame[list(columns) + [c for c in frame.columns if c not in columns]].copy()
    for name, kind in columns.items():
        if kind == "list[str]":
            frame[name] = pd.Series([_as_list(v) for v in frame[name]], index=frame.index, dtype="object")
        elif kind == "str":
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None).astype(_DTYPES["str"])
        else:
            frame[name] = frame[name].astype(_DTYPES[kind])
    return frame.reset_index(drop=True)


def frames_from_rows(rows: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """``build_rows`` output → one DataFrame per table, exactly the ``TABLE_COLUMNS`` columns."""
    return {
        table: _coerce(pd.DataFrame.from_records(rows.get(table, []), columns=list(TABLE_COLUMNS[table])), table)
        for table in TABLES
    }


# --------------------------------------------------------------------------- dates


def date_of_value(value: Any) -> tuple[str, str] | None:
    """The date a TIMEX3-style value names, as (ISO date, precision), or ``None``.

    >>> date_of_value("2024-08-18TEV"), date_of_value("2018-Q1"), date_of_value("XXXX-04-19")
    (('2024-08-18', 'day'), ('2018', 'year'), None)
    """
    if not isinstance(value, str) or not value:  # None, or NaN from a string column
        return None
    match = _DATE_VALUE.match(value)
    if match is None:
        return None
    year, month, day = match.group("year", "month", "day")
    if day:
        return f"{year}-{month}-{day}", "day"
    if month:
        return f"{year}-{month}", "month"
    return year, "year"


def event_date(time_value: Any, document_date: Any) -> tuple[str | None, str | None, str | None]:
    """(date, precision, source) of an event: its own time when that is a date, else its document's date."""
    own = date_of_value(time_value)
    if own is not None:
        return own[0], own[1], "event"
    document = date_of_value(document_date)
    if document is not None:
        return document[0], document[1], "document"
    return None, None, None


def _timestamp(date: str | None):
    """The first day a (maybe partial) ISO date covers, as a pandas Timestamp; NaT when there is none."""
    if not date:
        return pd.NaT
    parts = date.split("-") + ["01", "01"]
    return pd.Timestamp(int(parts[0]), int(parts[1]), int(parts[2]))


# --------------------------------------------------------------------------- merging entities


def normalise_name(name: str) -> str:
    """The form two canonical names must share to be one actor: case, «ё», quotes and spaces ignored."""
    return " ".join(name.translate(_QUOTES).replace("ё", "е").replace("Ё", "Е").casefold().split())


def merge_entities(entities, *, surnames: bool = True) -> dict[tuple[str, str], tuple[str, str]]:
    """(doc_id, entity_id) → (actor_id, actor name) for every row of an ``entities`` table.

    Entities of the same type whose canonical names are equal up to case,
    «ё» and quotes are one actor.  With ``surnames``, a person known only by
    one word («Роухани») joins the one person of the corpus whose full name
    ends with it («Хасан Роухани»); when several do, it stays apart.  The
    actor's name is its most frequent canonical spelling (then the longest).
    """
    keys = {
        (row.doc_id, row.entity_id): (row.type, normalise_name(row.name))
        for row in entities[["doc_id", "entity_id", "type", "name"]].itertuples(index=False)
    }
    redirect: dict[tuple[str, str], tuple[str, str]] = {}
    if surnames:
        full_names_by_last_word: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for kind, name in set(keys.values()):
            words = name.split()
            if kind == "PER" and len(words) > 1:
                full_names_by_last_word[words[-1]].add((kind, name))
        for kind, name in set(keys.values()):
            candidates = full_names_by_last_word.get(name, set()) if kind == "PER" and " " not in name else set()
            if len(candidates) == 1:
                redirect[(kind, name)] = next(iter(candidates))
    spellings: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for row in entities[["doc_id", "entity_id", "name"]].itertuples(index=False):
        key = keys[(row.doc_id, row.entity_id)]
        if key not in redirect:  # «Роухани» should not name «Хасан Роухани»
            spellings[key][row.name] += 1
    names = {
        key: min(counter.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0]
        for key, counter in spellings.items()
    }
    actors = {}
    for ident, key in keys.items():
        key = redirect.get(key, key)
        actors[ident] = (f"{key[0]}:{key[1]}", names[key])
    return actors


def _actors_table(entities):
    """One row per actor: its type, name, documents, entities, mentions and the spellings it was merged from."""
    rows = []
    for actor_id, group in entities.groupby("actor_id", sort=True):
        rows.append({
            "actor_id": actor_id,
            "type": group["type"].iloc[0],
            "name": group["actor"].iloc[0],
            "n_documents": group["doc_id"].nunique(),
            "n_entities": len(group),
            "n_mentions": int(group["n_mentions"].fillna(0).sum()),
            "variants": sorted(set(group["name"])),
        })
    columns = ["actor_id", "type", "name", "n_documents", "n_entities", "n_mentions", "variants"]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for name in ("actor_id", "type", "name"):
        frame[name] = frame[name].astype(_DTYPES["str"])
    for name in ("n_documents", "n_entities", "n_mentions"):
        frame[name] = frame[name].astype("int64")
    return frame


# --------------------------------------------------------------------------- the tables


@dataclass
class Tables:
    """The analysts' tables of a corpus as DataFrames; see the module docstring for the added columns."""

    documents: Any
    entities: Any
    mentions: Any
    times: Any
    events: Any
    arguments: Any
    actors: Any

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(getattr(self, f.name))} {f.name}" for f in fields(self))
        return f"Tables({counts})"

    def actor_name(self, actor_id: str) -> str:
        """The display name of an actor id."""
        found = self.actors.loc[self.actors["actor_id"] == actor_id, "name"]
        if found.empty:
            raise KeyError(f"expected an actor id of this corpus, got {actor_id!r}")
        return str(found.iloc[0])


def tables_from_frames(frames: Mapping[str, Any], *, surnames: bool = True) -> Tables:
    """The six ``TABLE_COLUMNS`` DataFrames → ``Tables``, with actors merged and dates resolved."""
    documents, entities, mentions = frames["documents"], frames["entities"], frames["mentions"]
    events, arguments = frames["events"], frames["arguments"]
    actor_of = merge_entities(entities, surnames=surnames)
    string = _DTYPES["str"]

    def add_actor(frame, ref_column: str):
        pairs = [actor_of.get((doc_id, ref), (None, None)) for doc_id, ref in zip(frame["doc_id"], frame[ref_column])]
        frame = frame.copy()
        frame["actor_id"] = pd.Series([p[0] for p in pairs], index=frame.index, dtype=object).astype(string)
        frame["actor"] = pd.Series([p[1] for p in pairs], index=frame.index, dtype=object).astype(string)
        return frame

    entities = add_actor(entities, "entity_id")
    mentions = add_actor(mentions, "entity_id")
    arguments = add_actor(arguments, "ref")

    events = events.copy()
    document_dates = dict(zip(documents["doc_id"], documents["date"]))
    sources = dict(zip(documents["doc_id"], documents["source"]))
    dated = [
        event_date(value, document_dates.get(doc_id))
        for doc_id, value in zip(events["doc_id"], events["time_value"])
    ]
    events["date"] = pd.Series([d[0] for d in dated], index=events.index, dtype=object).astype(string)
    events["date_precision"] = pd.Series([d[1] for d in dated], index=events.index, dtype=object).astype(string)
    events["date_source"] = pd.Series([d[2] for d in dated], index=events.index, dtype=object).astype(string)
    events["when"] = pd.to_datetime(pd.Series([_timestamp(d[0]) for d in dated], index=events.index, dtype=object))
    events["actor_ids"] = pd.Series(
        [list(dict.fromkeys(actor_of[(doc_id, ref)][0] for ref in refs if (doc_id, ref) in actor_of))
         for doc_id, refs in zip(events["doc_id"], events["participant_ids"])],
        index=events.index, dtype=object,
    )
    names_of = {actor_id: name for actor_id, name in actor_of.values()}
    events["actors"] = pd.Series([[names_of[a] for a in ids] for ids in events["actor_ids"]], index=events.index, dtype=object)
    events["source"] = pd.Series([sources.get(d) for d in events["doc_id"]], index=events.index, dtype=object).astype(string)
    return Tables(documents, entities, mentions, frames["times"], events, arguments, _actors_table(entities))


def tables_from_records(records: Iterable[Mapping[str, Any] | Any], *, surnames: bool = True) -> Tables:
    """Records (``ruevents.records.Document`` or their JSON dicts) → ``Tables``."""
    return tables_from_frames(frames_from_rows(build_rows(records)), surnames=surnames)


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file, one per non-empty line."""
    records = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"expected one JSON record per line in {path}, got invalid JSON on line {number}: {error}") from error
    return records


def read_parquet_frames(folder: str | Path) -> dict[str, Any]:
    """The ``<table>.parquet`` files of a ``ruevents extract --format parquet`` folder."""
    folder = Path(folder)
    missing = [f"{table}.parquet" for table in TABLES if not (folder / f"{table}.parquet").is_file()]
    if missing:
        raise FileNotFoundError(f"expected the tables {', '.join(missing)} in {folder}, not found")
    return {table: _coerce(pd.read_parquet(folder / f"{table}.parquet"), table) for table in TABLES}


def load_tables(path: str | Path, *, surnames: bool = True) -> Tables:
    """Load what ``ruevents extract`` wrote: a ``.jsonl`` file of records or a folder of Parquet tables.

    ``surnames``: merge a person named by one word into the one person of the
    corpus whose full name ends with it (see :func:`merge_entities`).
    """
    path = Path(path)
    if path.is_dir():
        return tables_from_frames(read_parquet_frames(path), surnames=surnames)
    if path.is_file() and path.suffix == ".jsonl":
        return tables_from_records(read_records(path), surnames=surnames)
    raise ValueError(f"expected a .jsonl file of records or a folder of <table>.parquet files, got {path}")
