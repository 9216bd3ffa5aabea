"""Long documents: split into chunks at paragraph breaks, analysed apart, merged into one record.

A document longer than ``max_chars`` is not rejected.  Its chunks end at a
blank line where one is close enough to the limit, else at a line break, a
sentence end, a space, and as a last resort at the limit itself.  The merged
record has document-wide offsets and ids; entities of the same type and
canonical name are one entity across chunks; coreference does not cross chunks
(the record's ``errors`` says so).
"""

from __future__ import annotations

import re
from typing import Any

DEFAULT_MAX_CHARS = 100_000

# where to cut, best first; a cut is looked for in the last third of a chunk
_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), re.compile(r"[.!?…»][ \t]+"), re.compile(r"\s"))


def split_text(text: str, max_chars: int) -> list[tuple[int, int]]:
    """``(start, end)`` of chunks covering ``text`` exactly, each at most ``max_chars`` long."""
    if max_chars < 1:
        raise ValueError(f"expected max_chars >= 1, got {max_chars}")
    chunks, start = [], 0
    while len(text) - start > max_chars:
        limit = start + max_chars
        floor = start + max(1, (2 * max_chars) // 3)
        cut = limit
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(text, floor, limit)]
            if ends:
                cut = ends[-1]
                break
        chunks.append((start, cut))
        start = cut
    chunks.append((start, len(text)))
    return chunks


def _shift(span: dict, offset: int) -> dict:
    return dict(span, start=span["start"] + offset, end=span["end"] + offset)


def merge_chunk_records(parts: list[tuple[int, dict[str, Any]]], *, total_chars: int, max_chars: int) -> dict[str, Any]:
    """One record from ``(offset, record)`` pairs of a document's chunks (records as JSON dicts)."""
    first = parts[0][1]
    merged: dict[str, Any] = {key: first.get(key) for key in ("doc_id", "source", "date", "text_sha1")}
    entities: list[dict] = []
    by_name: dict[tuple[str, str], dict] = {}
    times: list[dict] = []
    events: list[dict] = []
    errors = [
        f"long document ({total_chars:,} characters) analysed in {len(parts)} chunks of at most {max_chars:,} (--max-chars);"
        " entities are merged across chunks by type and name, other coreference stays within a chunk"
    ]
    for offset, record in parts:
        refs: dict[str, str] = {}
        chunk_entities = record.get("entities") or []
        for entity in chunk_entities:  # ids first: attributes may point at a later entity
            key = (entity["type"], entity["name"])
            if key not in by_name:
                by_name[key] = {"id": f"e{len(entities) + 1}", "type": entity["type"], "name": entity["name"],
                                "mentions": [], "attributes": {}}
                entities.append(by_name[key])
            refs[entity["id"]] = by_name[key]["id"]
        for entity in chunk_entities:
            target = by_name[(entity["type"], entity["name"])]
            target["mentions"].extend(_shift(m, offset) for m in entity["mentions"])
            for name, value in (entity.get("attributes") or {}).items():
                if name == "titles":
                    titles = target["attributes"].setdefault("titles", [])
                    titles.extend(t for t in value if t not in titles)
                else:  # the first chunk that says it wins; entity ids are renumbered
                    is_ref = isinstance(value, str) and value in refs and re.fullmatch(r"e\d+", value)
                    target["attributes"].setdefault(name, refs[value] if is_ref else value)
        for time in record.get("times") or []:
            new = dict(_shift(time, offset), id=f"t{len(times) + 1}")
            refs[time["id"]] = new["id"]
            times.append(new)
        for time in times[len(times) - len(record.get("times") or []):]:
            if time.get("anchor") and time["anchor"] != "date":
                time["anchor"] = refs.get(time["anchor"], time["anchor"])
        for event in record.get("events") or []:
            new = dict(event, id=f"v{len(events) + 1}", trigger=_shift(event["trigger"], offset),
                       arguments=[dict(_shift(a, offset), ref=refs[a["ref"]]) for a in event["arguments"]])
            if event.get("sentence"):
                new["sentence"] = _shift(event["sentence"], offset)
            events.append(new)
        errors.extend(e for e in record.get("errors") or [] if e not in errors)
    merged.update(entities=entities, times=times, events=events, errors=errors)
    return merged
