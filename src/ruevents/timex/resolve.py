"""Filling in what a time expression leaves open, in reading order.

Where the missing pieces come from, first found wins:

* **deictic** expressions («вчера», «на прошлой неделе», «через два дня»,
  «в марте прошлого года») count from the document date; without one, those
  counted in years count from the nearest year named earlier in the text, the
  others keep ``X`` where the value is unknown (``XXXX-XX-XX``).
* **anaphoric** expressions («того же года», «в тот же день», «спустя месяц»,
  «на следующий день», «тогда», «позднее») count from the last time expression
  that is precise enough; without one, from the document date.
* **a date without a year** («19 апреля», «в марте», «весной») takes the year
  of an explicit year earlier in the same sentence; else the document date's
  year, moved back a year when the clause is in the past tense and the date
  would fall after the document date (and forward for the future tense; with
  no tense, whichever year puts it nearest); else the year this same date got
  when it was mentioned before; else the nearest year named earlier in the
  text; else ``XXXX``.
* **a weekday** is the nearest such day before (past tense) or after (future)
  the document date; **a clock time or part of the day** belongs to the day
  named earlier in the same sentence, else to the document date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from .value import Timex, bounds, format_value, from_date, shift_date, valid_date

_UNKNOWN = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX", "H": "XXXX-HX", "Y": "XXXX"}
#: fields a resolved value keeps from the words whatever it was resolved against
_DECORATIONS = ("kind", "mod", "half", "hour", "minute", "part_of_day")


@dataclass
class Resolved:
    """One time expression with its value, as the stage writes it."""

    id: str
    start: int
    end: int
    sent: int
    timex: Timex
    value: str | None
    end_value: str | None = None
    anchor: str | None = None
    explicit_year: bool = False
    signature: tuple | None = None  # a yearless date, to reuse its year when repeated
    notes: dict = field(default_factory=dict)

    def as_dict(self, text: str) -> dict:
        out = {"id": self.id, "start": self.start, "end": self.end, "text": text[self.start : self.end],
               "value": self.value, "kind": self.timex.kind}
        if self.end_value is not None:
            out["end_value"] = self.end_value
        if self.timex.mod:
            out["mod"] = self.timex.mod
        if self.anchor:
            out["anchor"] = self.anchor
        return out


def _decorate(resolved: Timex, words: Timex) -> Timex:
    for name in _DECORATIONS:
        value = getattr(words, name)
        if value is not None:
            setattr(resolved, name, value)
    return resolved


def _format(t: Timex) -> str | None:
    unknown = t.notes.get("unknown")
    if unknown == "Y" and t.half:
        return f"XXXX-H{t.half}"
    if unknown:
        value = _UNKNOWN[unknown]
        if unknown == "D" and (t.hour is not None or t.part_of_day):
            value += f"T{t.hour:02d}:{t.minute or 0:02d}" if t.hour is not None else f"T{t.part_of_day}"
        return value
    return format_value(t)


def _beyond_calendar(error: Exception) -> bool:
    """Did calendar arithmetic leave the years ``datetime.date`` holds (1–9999)?"""
    return isinstance(error, OverflowError) or "out of range" in str(error)


def _nearest_year(t: Timex, anchor: dt.date, tense: str | None) -> int:
    """The year for a yearless date seen from ``anchor`` in a clause of ``tense``."""
    def interval(year):
        return bounds(t.copy_with(year=year))

    year = anchor.year
    here = interval(year)
    if here is None:  # «29 февраля» in a year without it
        return year
    if tense == "past":
        return year - 1 if here[0] > anchor else year
    if tense == "future":
        return year + 1 if here[1] < anchor else year

    def distance(year):
        span = interval(year)
        if span is None:
            return 10**6
        if span[0] <= anchor <= span[1]:
            return 0
        return min(abs((span[0] - anchor).days), abs((span[1] - anchor).days))

    return min((year, year - 1, year + 1), key=distance)


class Resolver:
    """Resolves the expressions of one document, in reading order."""

    def __init__(self, doc_date: dt.date | None):
        self.doc_date = doc_date
        self.history: list[Resolved] = []

    # -- looking back -----------------------------------------------------------

    def _last(self, test: Callable[[Resolved], bool], *, sent: int | None = None) -> Resolved | None:
        """The latest resolved expression that passes ``test`` (in sentence ``sent`` only, when given)."""
        for item in reversed(self.history):
            if sent is not None and item.sent < sent:
                break  # the history is in reading order: the rest lie in earlier sentences
            if item.value is not None and item.timex.kind in ("date", "time") and not item.timex.literal and test(item):
                return item
        return None

    @staticmethod
    def _id(ref: Resolved) -> str:
        """The id to name as an anchor: a copy («тогда») stands for what it copied."""
        return ref.anchor if ref.notes.get("copy") and ref.anchor else ref.id

    def _context_year(self) -> Resolved | None:
        return self._last(lambda r: r.timex.year is not None)

    @staticmethod
    def _precise(r: Resolved, unit: str) -> bool:
        t = r.timex
        if t.year is None:
            return False
        if unit == "D":
            return t.day is not None and t.month is not None
        if unit == "W":
            return (t.day is not None and t.month is not None) or t.week is not None
        if unit in ("M", "Q", "H"):
            return t.month is not None
        return True

    @staticmethod
    def _date_of(t: Timex) -> dt.date:
        if t.week is not None:
            return dt.date.fromisocalendar(t.year, t.week, 1)
        return dt.date(t.year, t.month or 1, t.day or 1)

    # -- the public step --------------------------------------------------------

    def add(self, t: Timex, *, ident: str, start: int, end: int, sent: int, tense: str | None) -> Resolved | None:
        """Resolve one expression against what came before; ``None`` drops it."""
        calendar = (t.month, t.day, t.season, t.quarter, t.half)
        signature = calendar if any(v is not None for v in calendar) and not (t.anchor or t.copy or t.end) else None
        if t.literal == "NEAR":
            t = t.copy_with(literal="FUTURE_REF" if tense == "future" else "PAST_REF")
        if t.kind in ("duration", "set") or t.literal:
            result = Resolved(ident, start, end, sent, t, _format(t))
        elif t.copy:
            ref = self._last(lambda r: True)
            if ref is None and t.notes.get("fallback"):
                t = Timex(literal=t.notes["fallback"])
                result = Resolved(ident, start, end, sent, t, _format(t))
                self.history.append(result)
                return result
            if ref is None:
                return None
            copied = ref.timex.copy_with(mod=t.mod or ref.timex.mod, end=None, notes=dict(ref.timex.notes))
            anchor = self._id(ref)
            result = Resolved(ident, start, end, sent, copied, ref.value, ref.end_value, anchor)
            result.notes["copy"] = True
        else:
            try:
                if t.end is not None:
                    result = self._range(t, ident, start, end, sent, tense)
                else:
                    resolved, anchor = self._calendar(t, sent, tense)
                    result = Resolved(ident, start, end, sent, resolved, _format(resolved), anchor=anchor)
            except (OverflowError, ValueError) as error:
                if not _beyond_calendar(error):
                    raise
                # «через год» on 9999-12-31, «весной» in year 1 seen as past: the
                # words are a time, its value lies outside the calendar we can count in
                result = Resolved(ident, start, end, sent, t, None)
        result.explicit_year = t.explicit_year
        result.signature = signature
        self.history.append(result)
        return result

    # -- ranges -----------------------------------------------------------------

    def _range(self, t: Timex, ident, start, end, sent, tense) -> Resolved:
        first_words = t.copy_with(end=None)
        last_words = t.end
        own_year = not first_words.needs_year and not first_words.notes.get("year_from_end")
        # a range in the past tense must have begun by the document date: its start picks the year
        if last_words.needs_year and (own_year or (first_words.needs_year and tense == "past")):
            first, anchor = self._calendar(first_words, sent, tense)
            last = last_words.copy_with(year=first.year)
            if first.year is not None and self._later(first, last):
                last.year += 1
        else:
            last, anchor = self._calendar(last_words, sent, tense)
            if first_words.needs_year or first_words.notes.get("year_from_end"):
                first = first_words.copy_with(year=last.year, year_shift=None, narr_year=False)
                if last.year is not None and self._later(first, last):
                    first.year -= 1
            else:
                first, _ = self._calendar(first_words, sent, tense)
        return Resolved(ident, start, end, sent, first, _format(first), _format(last), anchor)

    @staticmethod
    def _later(first: Timex, last: Timex) -> bool:
        a, b = bounds(first), bounds(last)
        return a is not None and b is not None and a[0] > b[0]

    # -- one calendar value -----------------------------------------------------

    def _calendar(self, t: Timex, sent: int, tense: str | None) -> tuple[Timex, str | None]:
        if t.weekend:
            return self._weekend(t, tense)
        if t.anchor in ("doc", "narr"):
            resolved, anchor = self._shifted(t, sent, tense)
        elif t.year_shift is not None:
            resolved, anchor = self._year_shifted(t)
        elif t.narr_year:
            ref = self._context_year()
            if ref is not None:
                resolved, anchor = t.copy_with(year=ref.timex.year), self._id(ref)
            elif self.doc_date is not None:
                resolved, anchor = t.copy_with(year=self.doc_date.year), "date"
            else:
                resolved, anchor = t, None
        elif t.weekday is not None and t.week is None:
            resolved, anchor = self._weekday(t, tense)
        elif t.need_month:
            resolved, anchor = self._day_of_month(t, tense)
        elif t.needs_year:
            resolved, anchor = self._fill_year(t, sent, tense)
        elif t.year is None and t.decade is None and t.century is None and (t.hour is not None or t.part_of_day):
            resolved, anchor = self._day_for_clock(t, sent)
        else:
            resolved, anchor = t, None
        if resolved.notes.get("night_before") and resolved.day is not None and resolved.month is not None:
            # the night that ends on that day; with the year unknown, the eve of 1 March is 28 February
            day = dt.date(resolved.year or 2000, resolved.month, resolved.day) - dt.timedelta(days=1)
            if resolved.year is None and (day.month, day.day) == (2, 29):
                day = day.replace(day=28)
            resolved = resolved.copy_with(month=day.month, day=day.day, year=day.year if resolved.year else None)
        return resolved, anchor

    def _year_shifted(self, t: Timex) -> tuple[Timex, str | None]:
        if self.doc_date is not None:
            return t.copy_with(year=self.doc_date.year + t.year_shift), "date"
        ref = self._context_year()
        if ref is not None:
            return t.copy_with(year=ref.timex.year + t.year_shift), self._id(ref)
        return t, None

    def _fill_year(self, t: Timex, sent: int, tense: str | None) -> tuple[Timex, str | None]:
        same_sentence = self._last(lambda r: r.explicit_year and r.timex.year is not None, sent=sent)
        if same_sentence is not None:
            return t.copy_with(year=same_sentence.timex.year), self._id(same_sentence)
        if self.doc_date is not None:
            return t.copy_with(year=_nearest_year(t, self.doc_date, tense)), "date"
        signature = (t.month, t.day, t.season, t.quarter, t.half)
        repeated = self._last(lambda r: r.signature == signature and r.timex.year is not None)
        if repeated is not None:
            return t.copy_with(year=repeated.timex.year), repeated.anchor or self._id(repeated)
        ref = self._context_year()
        if ref is not None:
            return t.copy_with(year=ref.timex.year), self._id(ref)
        return t, None

    def _day_of_month(self, t: Timex, tense: str | None) -> tuple[Timex, str | None]:
        if self.doc_date is not None:
            doc = self.doc_date
            year, month = doc.year, doc.month
            if tense == "past" and t.day > doc.day:
                year, month = (year - 1, 12) if month == 1 else (year, month - 1)
            elif tense == "future" and t.day < doc.day:
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            if valid_date(year, month, t.day):
                return t.copy_with(year=year, month=month, need_month=False), "date"
            return t, None
        ref = self._last(lambda r: r.timex.month is not None and r.timex.year is not None)
        if ref is not None and valid_date(ref.timex.year, ref.timex.month, t.day):
            return t.copy_with(year=ref.timex.year, month=ref.timex.month, need_month=False), self._id(ref)
        return t, None

    def _day_for_clock(self, t: Timex, sent: int) -> tuple[Timex, str | None]:
        ref = self._last(lambda r: self._precise(r, "D"), sent=sent)
        if ref is not None:
            r = ref.timex
            return t.copy_with(year=r.year, month=r.month, day=r.day), self._id(ref)
        if self.doc_date is not None:
            d = self.doc_date
            return t.copy_with(year=d.year, month=d.month, day=d.day), "date"
        return t.copy_with(notes={**t.notes, "unknown": "D"}), None

    def _weekday(self, t: Timex, tense: str | None) -> tuple[Timex, str | None]:
        doc = self.doc_date
        if doc is None:
            return t, None
        if tense == "future":
            day = doc + dt.timedelta(days=(t.weekday - doc.isoweekday()) % 7)
        else:
            day = doc - dt.timedelta(days=(doc.isoweekday() - t.weekday) % 7)
        return _decorate(from_date(day, "D"), t), "date"

    def _weekend(self, t: Timex, tense: str | None) -> tuple[Timex, str | None]:
        doc = self.doc_date
        if doc is None:
            return t.copy_with(week=None, year=None), None
        which = t.notes.get("weekend", "this")
        on_weekend = doc.isoweekday() >= 6
        last_weekend = doc if on_weekend else doc - dt.timedelta(days=7)
        if which == "last" or (which == "this" and tense == "past"):
            day = last_weekend
        elif which == "next":
            day = doc + dt.timedelta(days=7) if on_weekend else doc
        else:
            day = doc
        iso = day.isocalendar()
        return Timex(year=iso[0], week=iso[1], weekend=True), "date"

    def _shifted(self, t: Timex, sent: int, tense: str | None) -> tuple[Timex, str | None]:
        unit, n = t.shift or ("D", 0)
        grain = t.grain or unit
        base, anchor = None, None
        narrative = t.anchor == "narr" or (t.notes.get("narrative_if_past") and tense == "past")
        if narrative:
            ref = self._last(lambda r: self._precise(r, unit))
            if ref is not None:
                base, anchor = self._date_of(ref.timex), self._id(ref)
        if base is None and self.doc_date is not None:
            base, anchor = self.doc_date, "date"
        if base is None and unit == "Y":
            ref = self._context_year()
            if ref is not None:
                base, anchor = dt.date(ref.timex.year, 1, 1), self._id(ref)
        if base is None:
            return _decorate(Timex(notes={"unknown": grain}), t), None
        if t.weekday is not None:
            monday = shift_date(base, "W", n) - dt.timedelta(days=base.isoweekday() - 1)
            return _decorate(from_date(monday + dt.timedelta(days=t.weekday - 1), "D"), t), anchor
        moved = shift_date(base, unit, n)
        return _decorate(from_date(moved, grain), t), anchor
