"""A small pattern engine over atoms: sequences, options, alternatives, captures.

A rule is a named pattern plus a builder.  At every token start the matcher
tries every rule, collects every way each pattern can match, asks the
builder to interpret each (the builder may refuse with ``None``) and keeps
the longest accepted match; ties go to the rule listed first.  Matching
never crosses a line break.

A rule is tried only at atoms that can start it: each pattern knows the
``One`` nodes that may match its first atom (``starts()``), and which rules
an atom can start is worked out once per distinct word.  This is why a
``One`` predicate must read only what the atom's word says (its text, lemma
and part of speech; ``glued`` is checked by ``One`` itself): context goes
into ``Ahead``, ``Behind`` or the builder.

    >>> from ruevents.timex.engine import One, Seq, Opt, Cap
    >>> digits = One(lambda a: a.is_digit)
    >>> pattern = Seq(Cap("n", digits), Opt(One(lambda a: a.text == "%", glued=True)))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional, Sequence

from .atoms import Atom
from .lexicon import compose_number
from .value import Timex

Caps = tuple  # ((name, start, end), ...), atom indexes within the line

Predicate = Callable[[Atom], bool]

#: ``starts()`` of a pattern: the ``One`` nodes that may match its first atom
#: and whether it may match no atom at all; ``None`` when it cannot tell.
Starts = Optional[tuple[tuple["One", ...], bool]]


#: distinct words whose possible first rules (and, per ``Alt``, branches) are
#: remembered, then forgotten all at once: memory stays flat
WORD_MEMORY = 30_000
BRANCH_MEMORY = 5_000


def first_atoms(node: "Node") -> "tuple[One, ...] | None":
    """The ``One`` nodes one of which must accept the first atom of any match of
    ``node``; ``None`` when there is no such test (it may match no atom, or cannot tell)."""
    starts = node.starts()
    return None if starts is None or starts[1] else starts[0]


class Node:
    """A pattern: ``match`` gives every (end, captures) it can reach from ``i``, in order.

    The nodes below return lists (cheaper than generators, and every match is
    read anyway); a node of a grammar's own may return any iterable.
    """

    def match(self, atoms: Sequence[Atom], i: int, caps: Caps) -> Iterable[tuple[int, Caps]]:
        raise NotImplementedError

    def starts(self) -> Starts:
        """What may match the first atom (see ``Starts``); unknown nodes say ``None``."""
        return None


class One(Node):
    """One atom that satisfies ``pred``; ``glued``: with no space before it."""

    def __init__(self, pred: Predicate, *, glued: bool = False):
        self.pred, self.glued = pred, glued

    def match(self, atoms, i, caps):
        if i < len(atoms) and (not self.glued or atoms[i].glued) and self.pred(atoms[i]):
            return [(i + 1, caps)]
        return []

    def accepts(self, atom: Atom) -> bool:
        return (not self.glued or atom.glued) and bool(self.pred(atom))

    def starts(self) -> Starts:
        return (self,), False


class Seq(Node):
    def __init__(self, *items: Node):
        self.items = items

    def match(self, atoms, i, caps):
        # item by item over every partial match: the same order as a depth-first walk
        reached = [(i, caps)]
        for item in self.items:
            following = []
            for j, found in reached:
                following.extend(item.match(atoms, j, found))
            if not following:
                return following
            reached = following
        return reached

    def starts(self) -> Starts:
        ones: tuple[One, ...] = ()
        for item in self.items:
            inner = item.starts()
            if inner is None:
                return None
            ones += inner[0]
            if not inner[1]:
                return ones, False
        return ones, True


class StartIndex:
    """Which of some items (rules, or the branches of an ``Alt``) an atom can
    start, in their order: each item's ``firsts`` are the ``One`` nodes its first
    atom must satisfy (None: try it everywhere).  Worked out once per distinct
    word (``Atom.key``) and remembered for up to ``memory`` words, then
    forgotten all at once; the few distinct answers share one tuple each."""

    def __init__(self, items: Sequence, firsts: Sequence[tuple["One", ...] | None], memory: int):
        self.items, self.firsts, self.memory = tuple(items), list(firsts), memory
        self._of_key: dict[tuple, tuple] = {}
        self._answers: dict[tuple[int, ...], tuple] = {}

    def at(self, atom: Atom) -> tuple:
        found = self._of_key.get(atom.key)
        if found is None:
            if len(self._of_key) >= self.memory:
                self._of_key.clear()
            which = tuple(k for k, first in enumerate(self.firsts) if first is None or any(one.accepts(atom) for one in first))
            found = self._answers.get(which)
            if found is None:
                found = self._answers[which] = tuple(self.items[k] for k in which)
            self._of_key[atom.key] = found
        return found


class Alt(Node):
    """The first item's matches, then the second's..., each tried only where
    the atom at ``i`` can start it (worked out once per distinct word)."""

    def __init__(self, *items: Node):
        self.items = items
        self._starts: StartIndex | None = None  # made on first use, when the items are complete

    def match(self, atoms, i, caps):
        found = []
        for item in self._items_at(atoms, i):
            found.extend(item.match(atoms, i, caps))
        return found

    def _items_at(self, atoms, i) -> tuple[Node, ...]:
        if i >= len(atoms):
            return self.items
        if self._starts is None:
            self._starts = StartIndex(self.items, [first_atoms(item) for item in self.items], BRANCH_MEMORY)
        return self._starts.at(atoms[i])

    def starts(self) -> Starts:
        ones: tuple[One, ...] = ()
        nullable = False
        for item in self.items:
            inner = item.starts()
            if inner is None:
                return None
            ones += inner[0]
            nullable = nullable or inner[1]
        return ones, nullable


class Opt(Node):
    def __init__(self, *items: Node):
        self.item = items[0] if len(items) == 1 else Seq(*items)

    def match(self, atoms, i, caps):
        found = list(self.item.match(atoms, i, caps))
        found.append((i, caps))
        return found

    def starts(self) -> Starts:
        inner = self.item.starts()
        return None if inner is None else (inner[0], True)


class Rep(Node):
    """``item`` repeated ``low`` to ``high`` times."""

    def __init__(self, item: Node, low: int = 1, high: int = 4):
        self.item, self.low, self.high = item, low, high

    def match(self, atoms, i, caps):
        return self._from(0, atoms, i, caps)

    def _from(self, count, atoms, i, caps):
        found = []  # more repetitions first
        if count < self.high:
            for j, more in self.item.match(atoms, i, caps):
                if j > i:
                    found.extend(self._from(count + 1, atoms, j, more))
        if count >= self.low:
            found.append((i, caps))
        return found

    def starts(self) -> Starts:
        inner = self.item.starts()
        return None if inner is None else (inner[0], inner[1] or self.low == 0)


class Cap(Node):
    """Name what ``item`` matched, for the builder."""

    def __init__(self, name: str, *items: Node):
        self.name = name
        self.item = items[0] if len(items) == 1 else Seq(*items)

    def match(self, atoms, i, caps):
        return [(j, found + ((self.name, i, j),)) for j, found in self.item.match(atoms, i, caps)]

    def starts(self) -> Starts:
        return self.item.starts()


class Ahead(Node):
    """Look at the next atom without taking it: ``pred(atom or None)`` must hold."""

    def __init__(self, pred: Callable[[Atom | None], bool]):
        self.pred = pred

    def match(self, atoms, i, caps):
        return [(i, caps)] if self.pred(atoms[i] if i < len(atoms) else None) else []

    def starts(self) -> Starts:
        return (), True  # takes no atom; checked when the rule is tried


class Behind(Node):
    """Look at the previous atom (``None`` at the start of the line)."""

    def __init__(self, pred: Callable[[Atom | None], bool]):
        self.pred = pred

    def match(self, atoms, i, caps):
        return [(i, caps)] if self.pred(atoms[i - 1] if i > 0 else None) else []

    def starts(self) -> Starts:
        return (), True


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
        # per rule, the One nodes its first atom must satisfy; None: try it everywhere
        # (a pattern that may match nothing, or a node that cannot tell)
        self._starts = StartIndex(self.rules, [first_atoms(rule.pattern) for rule in self.rules], WORD_MEMORY)

    def candidates(self, atom: Atom) -> tuple[Rule, ...]:
        """The rules whose first atom ``atom`` can be, in rule order."""
        return self._starts.at(atom)

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
        for rule in self.candidates(line[i]):
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
