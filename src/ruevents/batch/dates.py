"""Document dates for a batch run: one date for all, a manifest, or a pattern in the file name.

A manifest's date wins over the file name's, which wins over ``--date``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import re
from pathlib import Path

log = logging.getLogger(__name__)


class DateError(ValueError):
    """A date option or manifest that cannot be used; the message says why."""


def parse_date(value: str, *, where: str) -> str:
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise DateError(f"{where}: expected a date as YYYY-MM-DD, got {value!r}") from None


def read_manifest(path: Path) -> dict[str, str]:
    """``doc_id → date`` from a CSV (header ``doc_id,date``) or JSON Lines manifest."""
    if not path.is_file():
        raise DateError(f"--dates: expected a CSV or JSONL file, got {str(path)!r} (not a file)")
    dates: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    doc_id, value = row["doc_id"], row["date"]
                except (ValueError, KeyError, TypeError):
                    raise DateError(f"{path}:{number}: expected a JSON object with doc_id and date, got {line.strip()[:80]!r}") from None
                dates[str(doc_id)] = parse_date(str(value), where=f"{path}:{number}")
        else:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not {"doc_id", "date"} <= set(reader.fieldnames):
                raise DateError(f"{path}: expected a CSV header with doc_id and date, got {reader.fieldnames}")
            for row in reader:
                if row["doc_id"] and row["date"]:
                    dates[row["doc_id"]] = parse_date(row["date"], where=f"{path}:{reader.line_num}")
    return dates


class DatePattern:
    """A date inside a file name: named groups ``year``, ``month``, ``day``, or one group like ``2018-04-19``/``20180419``."""

    def __init__(self, pattern: str) -> None:
        try:
            self.regex = re.compile(pattern)
        except re.error as error:
            raise DateError(f"--date-from-name: expected a regular expression, got {pattern!r} ({error})") from None
        names = set(self.regex.groupindex)
        if names and not {"year", "month", "day"} <= names:
            raise DateError(f"--date-from-name: expected groups named year, month and day, got {sorted(names)}")
        if not names and self.regex.groups > 1:
            raise DateError("--date-from-name: expected one group holding the date, or groups named year, month and day")

    def date_of(self, doc_id: str) -> str | None:
        match = self.regex.search(doc_id)
        if match is None:
            return None
        if self.regex.groupindex:
            text = f"{match['year']}-{int(match['month']):02d}-{int(match['day']):02d}"
        else:
            text = match.group(1 if self.regex.groups else 0)
            digits = re.sub(r"\D", "", text)
            if len(digits) == 8:
                text = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            log.warning("%s: %r in the name is not a date", doc_id, text)
            return None


class DateResolver:
    """The document date for each ``doc_id``, from the options of a run."""

    def __init__(self, *, date: str | None = None, manifest: Path | None = None, name_pattern: str | None = None) -> None:
        self.default = parse_date(date, where="--date") if date else None
        self.manifest = read_manifest(manifest) if manifest else {}
        self.pattern = DatePattern(name_pattern) if name_pattern else None

    def __call__(self, doc_id: str) -> str | None:
        if doc_id in self.manifest:
            return self.manifest[doc_id]
        if self.pattern is not None:
            found = self.pattern.date_of(doc_id)
            if found:
                return found
        return self.default

    def unused_among(self, doc_ids) -> list[str]:
        """Manifest entries that match none of ``doc_ids`` (a typo in a doc_id, a missing file)."""
        return sorted(set(self.manifest) - set(doc_ids))
