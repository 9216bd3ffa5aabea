"""Records → the analysts' tables of the output contract.

One record becomes rows of six tables that join on ``doc_id`` and the
record's ids: ``documents``, ``entities``, ``mentions``, ``times``,
``events`` and ``arguments``.  The contract names five of them with their
minimal columns; the extra columns (and the ``times`` table) are additions.

This module is plain Python so that both the batch writer (Parquet) and the
analysis API (pandas, from JSON Lines) build the tables the same way;
``TABLE_COLUMNS`` gives every table's columns and types in order, so an empty
table still has the right shape.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

# Column types as short names the writers map to their own type systems:
# str, int, float, list[str].  Nullable everywhere but the keys.
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "str", "source": "str", "date": "str", "text_sha1": "str",
        "n_entities": "int", "n_times": "int", "n_events": "int", "errors": "list[str]",
    },
    "entities": {
        "doc_id": "str", "entity_id": "str", "type": "str", "name": "str", "n_mentions": "int",
        "titles": "list[str]", "org": "str", "org_name": "str", "nationality": "str",
    },
    "mentions": {"doc_id": "str", "entity_id": "str", "start": "int", "end": "int", "text": "str"},
    "times": {
        "doc_id": "str", "time_id": "str", "start": "int", "end": "int", "text": "str",
        "value": "str", "end_value": "str", "kind": "str", "mod": "str", "anchor": "str",
    },
    "events": {
        "doc_id": "str", "event_id": "str", "type": "str", "trigger": "str",
        "trigger_start": "int", "trigger_end": "int", "modality": "str", "confidence": "float",
        "place": "str", "time_value": "str", "time_text": "str",
        "participants": "list[str]", "participant_ids": "list[str]", "sentence": "str",
    },
    "arguments": {
        "doc_id": "str", "event_id": "str", "role": "str", "ref": "str", "name_or_value": "str",
        "start": "int", "end": "int", "text": "str",
    },
}
TABLES = tuple(TABLE_COLUMNS)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def record_rows(record: Mapping[str, Any] | Any) -> dict[str, list[dict[str, Any]]]:
    """The rows one record (a ``Document`` or its JSON dict) adds to each table."""
    if not isinstance(record, Mapping):
        record = record.model_dump()
    doc_id = record["doc_id"]
    entities = record.get("entities") or []
    times = record.get("times") or []
    events = record.get("events") or []
    names = {e["id"]: e["name"] for e in entities}
    values = {t["id"]: t.get("value") or t["text"] for t in times}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    rows["documents"].append({
        "doc_id": doc_id, "source": record.get("source"), "date": record.get("date"),
        "text_sha1": record.get("text_sha1"), "n_entities": len(entities), "n_times": len(times),
        "n_events": len(events), "errors": list(record.get("errors") or []),
    })
    for entity in entities:
        attributes = entity.get("attributes") or {}
        org = attributes.get("org")
        rows["entities"].append({
            "doc_id": doc_id, "entity_id": entity["id"], "type": entity["type"], "name": entity["name"],
            "n_mentions": len(entity["mentions"]), "titles": [str(t) for t in attributes.get("titles") or []],
            "org": _text(org), "org_name": _text(attributes.get("org_name") or names.get(org)),
            "nationality": _text(attributes.get("nationality")),
        })
        for mention in entity["mentions"]:
            rows["mentions"].append({
                "doc_id": doc_id, "entity_id": entity["id"],
                "start": mention["start"], "end": mention["end"], "text": mention["text"],
            })
    for time in times:
        rows["times"].append({
            "doc_id": doc_id, "time_id": time["id"], "start": time["start"], "end": time["end"],
            "text": time["text"], "value": time.get("value"), "end_value": time.get("end_value"),
            "kind": time.get("kind"), "mod": time.get("mod"), "anchor": time.get("anchor"),
        })
    for event in events:
        arguments = event.get("arguments") or []
        participants = [a["ref"] for a in arguments if a["role"] == "participant"]
        participants = list(dict.fromkeys(participants))  # a side named twice is one participant
        place = next((names.get(a["ref"]) for a in arguments if a["role"] == "place"), None)
        time_arg = next((a for a in arguments if a["role"] == "time"), None)
        sentence = event.get("sentence")
        rows["events"].append({
            "doc_id": doc_id, "event_id": event["id"], "type": event["type"],
            "trigger": event["trigger"]["text"], "trigger_start": event["trigger"]["start"],
            "trigger_end": event["trigger"]["end"], "modality": event["modality"],
            "confidence": float(event["confidence"]), "place": place,
            "time_value": values.get(time_arg["ref"]) if time_arg else None,
            "time_text": time_arg["text"] if time_arg else None,
            "participants": [names.get(ref, ref) for ref in participants], "participant_ids": participants,
            "sentence": sentence["text"] if sentence else None,
        })
        for argument in arguments:
            ref = argument["ref"]
            rows["arguments"].append({
                "doc_id": doc_id, "event_id": event["id"], "role": argument["role"], "ref": ref,
                "name_or_value": names.get(ref, values.get(ref)),
                "start": argument["start"], "end": argument["end"], "text": argument["text"],
            })
    return rows


def error_rows(doc_id: str, source: str | None, errors: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The ``documents`` row of an input that gave no record (unreadable, binary, ...)."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    rows["documents"].append({
        "doc_id": doc_id, "source": source, "date": None, "text_sha1": None,
        "n_entities": 0, "n_times": 0, "n_events": 0, "errors": list(errors),
    })
    return rows


def build_rows(records: Iterable[Mapping[str, Any] | Any]) -> dict[str, list[dict[str, Any]]]:
    """All rows of many records, table by table, in record order."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for record in records:
        for name, rows in record_rows(record).items():
            tables[name].extend(rows)
    return tables
