"""The time grammar: every rule, in the order that breaks ties between equally long matches."""

from __future__ import annotations

from functools import lru_cache

from .engine import Matcher
from .rules_calendar import RULES as CALENDAR_RULES
from .rules_clock import RULES as CLOCK_RULES
from .rules_duration import RULES as DURATION_RULES
from .rules_relative import RULES as RELATIVE_RULES

RULES = [*CALENDAR_RULES, *RELATIVE_RULES, *CLOCK_RULES, *DURATION_RULES]


@lru_cache(maxsize=None)
def matcher() -> Matcher:
    return Matcher(RULES)
