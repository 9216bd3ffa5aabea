"""Flat tables from a pyinstrument session: where the time goes, by function.

pyinstrument prints a call tree; for "which of our functions cost most" a
flat view is easier to read: self time per function (time with that function
on top of the stack) and inclusive time per function (time with it anywhere
on the stack, counted once even when it recurses, as the time grammar's
pattern matchers do).
"""

from __future__ import annotations


def _key(frame) -> str:
    path = (frame.file_path_short or frame.file_path or "?").replace("\\", "/")
    return f"{frame.function}  {path}:{frame.line_no}"


def _is_ours(key: str) -> bool:
    return "ruevents/" in key


def summarise(session, *, top: int = 40) -> dict:
    """``self`` and ``inclusive`` seconds per function, biggest first, and the total."""
    root = session.root_frame()
    if root is None:
        return {"total_seconds": 0.0, "self": [], "inclusive": []}
    self_time: dict[str, float] = {}
    inclusive: dict[str, float] = {}

    def walk(frame, on_stack: frozenset[str]) -> None:
        key = _key(frame)
        if not frame.is_synthetic:
            self_time[key] = self_time.get(key, 0.0) + frame.total_self_time
            if key not in on_stack:
                inclusive[key] = inclusive.get(key, 0.0) + frame.time
                on_stack = on_stack | {key}
        for child in frame.children:
            walk(child, on_stack)

    walk(root, frozenset())

    def ranked(table: dict[str, float], *, ours_only: bool = False) -> list[list]:
        rows = sorted(((k, v) for k, v in table.items() if not ours_only or _is_ours(k)), key=lambda kv: -kv[1])
        return [[k, round(v, 4)] for k, v in rows[:top]]

    return {
        "total_seconds": root.time,
        "self": ranked(self_time),
        "inclusive_ours": ranked(inclusive, ours_only=True),
    }


def format_summary(summary: dict, *, top: int = 30) -> str:
    """The two tables as text, with shares of the profiled total."""
    total = summary["total_seconds"] or 1.0
    lines = []
    for title, rows in (
        ("Self time by function (any library)", summary["self"]),
        ("Inclusive time of ruevents functions (recursion counted once)", summary["inclusive_ours"]),
    ):
        lines += [title, "-" * len(title), f"{'seconds':>8} {'share':>6}  function  file:line"]
        lines += [f"{seconds:8.3f} {seconds / total:6.1%}  {key}" for key, seconds in rows[:top]]
        lines.append("")
    return "\n".join(lines)
