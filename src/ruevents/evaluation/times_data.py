"""Reader of ``tests/data/times.tsv``, shared by the time tests and the time benchmark.

One expression in context a line: ``[[...]]`` marks the expression under test,
``{...}`` other time expressions of the line; ``-`` stands for an empty field.
"""

from __future__ import annotations

import re
from pathlib import Path

MARK = re.compile(r"\[\[(.+?)\]\]|\{(.+?)\}")


def read_cases(path: Path) -> list[dict]:
    """Rows of the file (its header's fields) with the marks taken out.

    Each row gains ``line`` (its number), ``text`` (without marks), ``target``
    (offsets of the ``[[...]]`` expression or None), ``spans`` (offsets of
    every marked expression) and ``date`` (None for ``-``).
    """
    cases, header = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            continue
        if len(fields) != len(header):
            raise ValueError(f"{path}:{number}: expected {len(header)} tab-separated fields, got {len(fields)}")
        row = dict(zip(header, fields))
        clean, target, spans, last = "", None, [], 0
        for match in MARK.finditer(row["text"]):
            clean += row["text"][last : match.start()]
            start = len(clean)
            clean += match.group(1) or match.group(2)
            if match.group(1):
                target = (start, len(clean))
            spans.append((start, len(clean)))
            last = match.end()
        clean += row["text"][last:]
        row.update(line=number, text=clean, target=target, spans=spans, date=None if row["date"] == "-" else row["date"])
        cases.append(row)
    return cases
