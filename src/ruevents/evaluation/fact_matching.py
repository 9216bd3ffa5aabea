"""FactRuEval-2016 facts as the scorer sees them, and when a predicted fact matches a gold one.

Our own implementation of the competition's matching, made strict:

* strings are compared normalised (lowercase, ё → е, one kind of quote,
  single spaces) and fuzzily: Levenshtein distance ≤ 2, as the competition's
  ``compareStrings`` does;
* ``Job`` counts as ``Position`` (the official scorer renames it too);
* a gold fact matches a predicted fact of the same type when **every** gold
  slot has a predicted value of the same slot that matches one of its
  alternatives (each predicted value used once, so two gold participants need
  two predicted ones); extra predicted slots are not penalised;
* gold and predicted facts are paired one to one in each document (maximum
  matching).

The official Track 3 scorer is softer: a predicted fact that shares one
argument with a gold fact is paired with it and earns the share of
arguments that agree (:func:`soft_quality`); :func:`soft_pairs` pairs facts
greedily one to one, which approximates the official optimiser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

FACT_TYPES = ("Meeting", "Occupation")
#: predicted slot → the gold slot it is compared with
SLOT_ALIASES = {"job": "position"}
MAX_DISTANCE = 2


@dataclass(frozen=True)
class Fact:
    """A predicted fact: its type and ``(slot, value)`` pairs, one value each."""

    type: str
    slots: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class GoldFact:
    """A gold fact: each slot with the alternatives any of which is right."""

    id: str
    type: str
    slots: tuple[tuple[str, tuple[str, ...]], ...]


# -- strings --------------------------------------------------------------------

_QUOTES = str.maketrans({q: '"' for q in "«»“”„"} | {q: "'" for q in "’`"})


def normalise(text: str) -> str:
    """Lowercase, ё → е, one kind of quote, single spaces."""
    return " ".join(text.lower().replace("ё", "е").translate(_QUOTES).split())


def levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance; stops early with ``limit + 1`` once it is sure to exceed ``limit``."""
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(current[j - 1] + 1, previous[j] + 1, previous[j - 1] + (ca != cb)))
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def fuzzy_equal(a: str, b: str, *, max_distance: int = MAX_DISTANCE) -> bool:
    """Equal after :func:`normalise`, up to ``max_distance`` edits.

    >>> fuzzy_equal("Юрия Лужкова", "юрий лужков")
    True
    >>> fuzzy_equal("мэр", "губернатор")
    False
    """
    return levenshtein(normalise(a), normalise(b), max_distance) <= max_distance


def matches_any(value: str, alternatives: Iterable[str]) -> bool:
    """The value is :func:`fuzzy_equal` to one of the alternatives."""
    return any(fuzzy_equal(value, alternative) for alternative in alternatives)


# -- matching -------------------------------------------------------------------


def fact_matches(gold: GoldFact, predicted: Fact) -> bool:
    """Every gold slot is filled by a distinct predicted value of that slot."""
    if gold.type != predicted.type:
        return False
    unused = [(SLOT_ALIASES.get(s.lower(), s.lower()), v) for s, v in predicted.slots]
    for slot, alternatives in gold.slots:
        index = next((i for i, (s, v) in enumerate(unused) if s == slot and matches_any(v, alternatives)), None)
        if index is None:
            return False
        del unused[index]
    return True


def match_facts(gold: Sequence[GoldFact], predicted: Sequence[Fact]) -> list[tuple[int, int]]:
    """A maximum one-to-one pairing of gold and predicted facts (indices)."""
    from .matching import max_matching

    pairs = max_matching(len(gold), len(predicted), lambda i, j: () if fact_matches(gold[i], predicted[j]) else None)
    return sorted(pairs.items())


def soft_quality(gold: GoldFact, predicted: Fact) -> float:
    """The official scorer's argument quality of one pair: matched gold slots over
    matched + unmatched gold slots + unmatched predicted slots; 0 when none match."""
    if gold.type != predicted.type:
        return 0.0
    matched, unmatched_predicted = set(), 0
    for slot, value in predicted.slots:
        slot = SLOT_ALIASES.get(slot.lower(), slot.lower())
        hit = next((i for i, (s, alts) in enumerate(gold.slots) if s == slot and matches_any(value, alts)), None)
        if hit is None:
            unmatched_predicted += 1
        else:
            matched.add(hit)
    return len(matched) / (len(gold.slots) + unmatched_predicted) if matched else 0.0


def soft_pairs(gold: Sequence[GoldFact], predicted: Sequence[Fact]) -> list[tuple[int, int, float]]:
    """One-to-one pairs by descending :func:`soft_quality` (greedy)."""
    candidates = sorted(
        ((q, i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted) if (q := soft_quality(g, p)) > 0),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold, used_predicted, pairs = set(), set(), []
    for quality, i, j in candidates:
        if i not in used_gold and j not in used_predicted:
            used_gold.add(i)
            used_predicted.add(j)
            pairs.append((i, j, quality))
    return sorted(pairs)
