"""A small pattern engine over atoms: sequences, options, alternatives, captures.

A rule is a named pattern plus a builder.  At every token start the matcher
tries every rule, collects every way each pattern can match, asks the
builder to interpret each (the builder may refuse with ``None``) and keeps
the longest accepted match; ties go to the rule listed first.  Matching
never crosses a line break.  ``find(..., debug=True)`` says which rule fired.

    >>> from ruevents.timex.engine import One, Seq, Opt, Cap
    >>> digits = One(lambda a: a.is_digit)
    >>> pattern = Seq(Cap("n", digits), Opt(One(lambda a: a.text == "%", glued=True)))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from .atoms import Atom
from .lexicon import compose_number
from .value import Timex

Caps = tuple  # ((name, start, end), ...), atom indexes within the line

Predicate = Callable[[Atom], bool]


class Node:
    """A pattern: ``match`` yields every (end, captures) it can reach from ``i``."""

    def match(self, atoms: Sequence[Atom], i: int, caps: Caps) -> Iterator[tuple[int, Caps]]:
        raise NotImplementedError


class One(Node):
    """One atom that satisfies ``pred``; ``glued``: with no space before it."""

    def __init__(self, pred: Predicate, *, glued: bool = False):
        self.pred, self.glued = pred, glued

    def match(self, atoms, i, caps):
        if i < len(atoms) and (not self.glued or atoms[i].glued) and self.pred(atoms[i]):
            yield i + 1, caps


class Seq(Node):
    def __init__(self, *items: Node):
        self.items = items

    def match(self, atoms, i, caps):
        yield from self._from(0, atoms, i, caps)

    def _from(self, k, atoms, i, caps):
        if k == len(self.items):
            yield i, caps
            return
        for j, found in self.items[k].match(atoms, i, caps):
            yield from self._from(k + 1, atoms, j, found)


class Alt(Node):
    def __init__(self, *items: Node):
        self.items = items

    def match(self, atoms, i, caps):
        for item in self.items:
            yield from item.match(atoms, i, caps)


class Opt(Node):
    def __init__(self, *items: Node):
        self.item = items[0] if len(items) == 1 else Seq(*items)

    def match(self, atoms, i, caps):
        yield from self.item.match(atoms, i, caps)
        yield i, caps


class Rep(Node):
    """``item`` repeated ``low`` to ``high`` times."""

    def __init__(self, item: Node, low: int = 1, high: int = 4):
        self.item, self.low, self.high = item, low, high

    def match(self, atoms, i, caps):
        yield from self._from(0, atoms, i, caps)

    def _from(self, count, atoms, i, caps):
        if count < self.high:
            for j, found in self.item.match(atoms, i, caps):
                if j > i:
                    yield from self._from(count + 1, atoms, j, found)
        if count >= self.low:
            yield i, caps


class Cap(Node):
    """Name what ``item`` matched, for the builder."""

    def __init__(self, name: str, *items: Node):
        self.name = name
        self.item = items[0] if len(items) == 1 else Seq(*items)

    def match(self, atoms, i, caps):
        for j, found in self.item.match(atoms, i, caps):
            yield j, found + ((self.name, i, j),)


class Ahead(Node):
    """Look at the next atom without taking it: ``pred(atom or None)`` must hold."""

    def __init__(self, pred: Callable[[Atom | None], bool]):
        self.pred = pred

    def match(self, atoms, i, caps):
        if self.pred(atoms[i] if i < len(atoms) else None):
            yield i, caps


class Behind(Node):
    """Look at the previous atom (``None`` at the start of the line)."""

    def __init__(self, pred: Callable[[Atom | None], bool]):
        self.pred = pred

    def match(self, atoms, i, caps):
        if self.pred(atoms[i - 1] if i > 0 else None):
            yield i, caps


@dataclass
class Match:
    """What one rule matched: its atoms and the named parts."""

    atoms: Sequence[Atom]
    start: int
    end: int
    caps: Caps

    def span(self, name: str) -> tuple[int, int] | None:
        for cap, start, end in self.caps:
            if cap == name:
                return start, end
        return None

    def has(self, name: str) -> bool:
        return self.span(name) is not None

    def get(self, name: str) -> list[Atom]:
        found = self.span(name)
        return list(self.atoms[found[0] : found[1]]) if found else []

    def first(self, name: str) -> Atom | None:
        got = self.get(name)
        return got[0] if got else None

    def number(self, name: str) -> int | None:
        """Digits («19», «2013-м» → its digits) or number words («двадцать первого»)."""
        atoms = self.get(name)
        if not atoms:
            return None
        if atoms[0].is_digit:
            return atoms[0].number
        if atoms[0].roman is not None and len(atoms) == 1:
            return atoms[0].roman
        values = [a.numword for a in atoms if a.is_word]
        if not values or any(v is None for v in values):
            return None
        return compose_number(values)


#: a builder reads a match into a Timex, or into several for a list
#: («17 и 21 апреля»: ``[((start, end), Timex), ...]`` with atom indexes), or refuses it
Builder = Callable[[Match], "Timex | list[tuple[tuple[int, int], Timex]] | None"]


@dataclass
class Rule:
    name: str
    pattern: Node
    build: Builder


@dataclass
class Found:
    """An accepted match: the atoms of its span and its meaning."""

    rule: str
    start: int  # atom index (in the whole list) of the span's first atom
    end: int  # atom index after the span's last atom
    timex: Timex


def _lines(atoms: Sequence[Atom]) -> Iterator[tuple[int, Sequence[Atom]]]:
    begin = 0
    for k in range(1, len(atoms) + 1):
        if k == len(atoms) or atoms[k].newline_before:
            yield begin, atoms[begin:k]
            begin = k


class Matcher:
    """Runs an ordered list of rules over atoms, left to right, longest match first."""

    #: how far into a match its first time word may come («на протяжении многих десятилетий»)
    reach = 4

    def __init__(self, rules: Sequence[Rule]):
        names = [rule.name for rule in rules]
        if len(set(names)) != len(names):
            raise ValueError(f"expected unique rule names, got {names}")
        self.rules = list(rules)

    def find(self, atoms: Sequence[Atom]) -> list[Found]:
        found: list[Found] = []
        for offset, line in _lines(atoms):
            # every rule's match has a time word among its first atoms: skip stretches without one
            near = [False] * len(line)
            for k, atom in enumerate(line):
                if atom.timeish:
                    for back in range(max(0, k - self.reach + 1), k + 1):
                        near[back] = True
            i = 0
            while i < len(line):
                best = self._best_at(line, i) if line[i].token_start and near[i] else None
                if best is None:
                    i += 1
                    continue
                rule, parts = best
                for (start, end), timex in parts:
                    found.append(Found(rule.name, offset + start, offset + end, timex))
                # go on after the last span: what the rule only looked at may start the next match
                i = parts[-1][0][1]
        return found

    def _best_at(self, line: Sequence[Atom], i: int):
        best = None
        for rule in self.rules:
            for end, caps in rule.pattern.match(line, i, ()):
                if best is not None and end <= best[1]:
                    continue
                if not line[end - 1].token_end:
                    continue
                match = Match(line, i, end, caps)
                built = rule.build(match)
                if built is None:
                    continue
                parts = built if isinstance(built, list) else [(match.span("span") or (i, end), built)]
                if parts and all(self._aligned(line, span) for span, _ in parts):
                    best = (rule, end, parts)
        return (best[0], best[2]) if best else None

    @staticmethod
    def _aligned(line: Sequence[Atom], span: tuple[int, int]) -> bool:
        return span[0] < span[1] and line[span[0]].token_start and line[span[1] - 1].token_end
