"""Adding a mention to an entity whose mentions are kept sorted, unless it
overlaps one of them, without looking at all of them each time."""

from __future__ import annotations

from bisect import bisect_left, insort


def overlaps_any(mentions: list[list[int]], start: int, end: int, longest: int) -> bool:
    """Whether ``[start, end)`` overlaps one of ``mentions``, sorted and none
    longer than ``longest`` characters: only those that start before ``end``
    and within ``longest`` characters of ``start`` can."""
    for position in range(bisect_left(mentions, [end]) - 1, -1, -1):
        mention_start, mention_end = mentions[position]
        if mention_end > start:
            return True
        if mention_start + longest <= start:
            break  # it, and every mention before it, ends by ``start``
    return False


class MentionAdder:
    """Adds ``[start, end]`` to an entity's sorted ``mentions`` when it overlaps
    none of them, keeping them sorted.  Remembers each entity's longest mention,
    so a document with thousands of mentions of one person is not rescanned for
    each new one; only this adder may change the entities' mentions while it is
    in use."""

    def __init__(self) -> None:
        self.longest: dict[int, int] = {}

    def add(self, entity: dict, start: int, end: int) -> bool:
        """Add the span; whether it was added."""
        mentions = entity["mentions"]
        key = id(entity)
        if key not in self.longest:
            self.longest[key] = max((e - s for s, e in mentions), default=0)
        if overlaps_any(mentions, start, end, self.longest[key]):
            return False
        insort(mentions, [start, end])
        self.longest[key] = max(self.longest[key], end - start)
        return True
