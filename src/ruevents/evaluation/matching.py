"""One-to-one matching of predicted and gold items, shared by the scorers."""

from __future__ import annotations

from typing import Callable


def max_matching(left_count: int, right_count: int, preference: Callable[[int, int], tuple | None]) -> dict[int, int]:
    """A largest one-to-one pairing (left index → right index) over the pairs ``preference`` allows.

    Augmenting paths (Kuhn's algorithm), each left item trying its
    candidates best first, so among equally large pairings the closer pairs win.
    """
    candidates: list[list[int]] = []
    for i in range(left_count):
        allowed = [(key, j) for j in range(right_count) if (key := preference(i, j)) is not None]
        candidates.append([j for _, j in sorted(allowed, key=lambda item: item[0], reverse=True)])
    owner: dict[int, int] = {}  # right → left

    def augment(i: int, visited: set[int]) -> bool:
        for j in candidates[i]:
            if j in visited:
                continue
            visited.add(j)
            if j not in owner or augment(owner[j], visited):
                owner[j] = i
                return True
        return False

    for i in range(left_count):
        augment(i, set())
    return {i: j for j, i in owner.items()}
