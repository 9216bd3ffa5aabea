"""Which single-byte Cyrillic code page a text is in, by how Russian reads under each.

cp1251, koi8-r, cp866 and mac-cyrillic put the Russian letters at different
bytes.  Read under the wrong one, the letters are shuffled (koi8-r ↔ cp1251
also swap upper and lower case) or become symbols.  Case alone cannot tell
them apart: an all-capitals cp1251 headline is all-lower-case koi8-r.  So each
reading is scored, case-insensitively, by how often its letter pairs follow
each other in Russian: «путин прибыл» is made of common pairs, its koi8-r
reading «осрхм опхашк» of rare ones.

The pair costs below were counted over the sample corpus (``data/sample``,
written for the project) by ``python -m ruevents.batch.codepages data/sample``,
which prints the table to paste here.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from functools import cache
from itertools import pairwise
from pathlib import Path

# tried in this order; a tie goes to the earlier one
CYRILLIC_CODEPAGES = ("cp1251", "koi8_r", "cp866", "mac_cyrillic")
# how much rarer than cp1251 a code page is, as a cost added to its reading:
# cp866 and mac-cyrillic agree on capital letters, and mac-cyrillic files are rare
PRIOR_COST = {"cp1251": 0, "koi8_r": 0, "cp866": 1, "mac_cyrillic": 6}

RUSSIAN_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
# the classes a character falls into: a Russian letter (either case), a word
# boundary (ASCII, spaces, dashes, №, ...), the Russian quotes, or anything else
BOUNDARY, OTHER = " ", "?"
CLASSES = RUSSIAN_LETTERS + BOUNDARY + "«»"
NEUTRAL = "—–…№\xa0"          # non-ASCII but ordinary in Russian news: read as a boundary
OTHER_COST = 12                # a pair with a symbol no Russian text has there (ї, ╗, €, ...)
# a lower-case letter before a capital («пУТИН»: koi8-r read as cp1251), or after
# two («ВСр»: cp866 capitals with «Ё» read as mac-cyrillic); right readings have few («МИДа»)
CASE_FLIP = re.compile("[а-яё](?=[А-ЯЁ])|(?<=[А-ЯЁ]{2})[а-яё]")
CASE_FLIP_COST = 4
MAX_COST = 9                   # the largest cost in the table: a pair seldom or never seen

# -ln P(column class | row class), rounded, at most 9; rows and columns in CLASSES order
# (columns: а б в ... ю я, boundary, «, »)
PAIR_COSTS = """
а 743634663443232753435754456777763177
б 255662666366355263463656553426664466
в 275572575274354274343767757737775177
г 366663666366265164652666666666666365
д 273551747275353244353777557545777377
е 663326543734342652337455465777776277
ё 444444444444233443334424444444444244
ж 245531555255552455454555555555555554
з 143333666265633465664666666666664366
и 455733754334242553335644457777743276
й 666436666466665666266665646666666066
к 264663646265464152432664666666666266
л 277662747276464277464777777762743277
м 346662666266445346563566666656666165
н 275653567274773275433575777724764277
о 832335844644333452236566556888855288
п 366663666366465161662665666666664466
р 254442547276753275443665777746775377
с 374753777372354244314777547764774377
т 273762777274664272473777777743777377
у 445436645663334533326645344666536166
ф 355552555255555253535555555555555355
х 253545555455555253355555455555555155
ц 345552554153555555553555555545555555
ч 255551455255453555524555545555555555
ш 354551455255253335553555555554555355
щ 244442344144444444444444444443444444
ъ 444443444444444444444444444444442444
ы 634653666626325654346636646666666166
ь 644644666664662646246646646666646166
э 444444444442233442424444444444444444
ю 555455543553553555545555353555545154
я 642645664666365665626644665666655166
  432434854383433323234565468888466858
« 334444444444344442344444444444444444
» 444444444444444444444444444444444144
"""


def _class_of(char: str) -> str:
    char = char.lower()
    if char in CLASSES:
        return char
    if char < "\x80" or char in NEUTRAL:
        return BOUNDARY
    return OTHER


def _code_of(char_class: str) -> int:
    """One byte per class, so that ``bytes.translate`` turns a text's bytes into its classes at once."""
    return ord(char_class) if char_class in (BOUNDARY, OTHER) else 0x80 + CLASSES.index(char_class)


def _is_letter_code(code: int) -> bool:
    """Whether a class code stands for a Russian letter (not a quote, boundary or symbol)."""
    return 0x80 <= code < 0x80 + len(RUSSIAN_LETTERS)


@cache
def _class_codes(encoding: str) -> bytes:
    """The translate table of ``encoding``: each byte value → the code of the class of its character."""
    return bytes(_code_of(_class_of(bytes([value]).decode(encoding, errors="replace"))) for value in range(256))


@cache
def _pair_costs() -> dict[tuple[int, int], int]:
    """``PAIR_COSTS`` by pair of class codes."""
    costs = {}
    for line in PAIR_COSTS.strip("\n").split("\n"):
        first, digits = line[0], line[2:]
        if len(digits) != len(CLASSES):
            raise ValueError(f"PAIR_COSTS row {first!r}: expected {len(CLASSES)} costs, got {len(digits)}")
        for second, digit in zip(CLASSES, digits):
            costs[_code_of(first), _code_of(second)] = int(digit)
    return costs


def reading_cost(data: bytes, encoding: str) -> int:
    """How un-Russian ``data`` reads under ``encoding`` (lower is better).

    The letter pairs' costs, whatever their case; a cost for each case flip
    inside a word; the code page's prior.
    """
    codes = re.sub(rb" +", b" ", data.translate(_class_codes(encoding)))  # a run of boundaries is one
    costs, other = _pair_costs(), _code_of(OTHER)
    pairs = Counter(pairwise(codes))
    flips = len(CASE_FLIP.findall(data.decode(encoding, errors="replace")))
    return PRIOR_COST.get(encoding, 0) + CASE_FLIP_COST * flips + sum(
        count * (OTHER_COST if other in pair else costs[pair]) for pair, count in pairs.items()
    )


def best_cyrillic_codepage(data: bytes) -> str | None:
    """The code page under which ``data`` reads most like Russian, or None when none reads as Russian.

    A reading is a candidate when most of its non-ASCII characters other than
    dashes, quotes and the like are Russian letters (random bytes are not) and
    they are not a sprinkling in Latin text (cp1252 «é» is cp1251 «й»).
    """
    sample = data[:100_000]
    counts = Counter(sample)
    non_ascii = sum(count for value, count in counts.items() if value >= 0x80)
    if not non_ascii:
        return None  # plain ASCII would have decoded as UTF-8
    latin = sum(count for value, count in counts.items() if value < 0x80 and chr(value).isalpha())
    punctuation_codes = {_code_of(char_class) for char_class in BOUNDARY + "«»"}  # a non-ASCII boundary is NEUTRAL
    best, best_cost = None, math.inf
    for encoding in CYRILLIC_CODEPAGES:
        codes = _class_codes(encoding)
        russian = sum(count for value, count in counts.items() if value >= 0x80 and _is_letter_code(codes[value]))
        punctuation = sum(count for value, count in counts.items() if value >= 0x80 and codes[value] in punctuation_codes)
        if russian < 0.6 * (non_ascii - punctuation) or russian < 0.3 * (russian + latin):
            continue
        cost = reading_cost(sample, encoding)
        if cost < best_cost:
            best, best_cost = encoding, cost
    return best


def count_pair_costs(texts: list[str]) -> str:
    """The ``PAIR_COSTS`` table counted over ``texts`` (Russian, any case)."""
    counts: Counter = Counter()
    for text in texts:
        classes = [_class_of(char) for char in text]
        classes = [c for i, c in enumerate(classes) if c != BOUNDARY or i == 0 or classes[i - 1] != BOUNDARY]
        counts.update(pair for pair in pairwise(classes) if OTHER not in pair)
    rows = []
    for first in CLASSES:
        total = sum(counts[first, second] for second in CLASSES)
        costs = (min(MAX_COST, round(-math.log((counts[first, second] + 0.5) / (total + 0.5 * len(CLASSES)))))
                 for second in CLASSES)
        rows.append(f"{first} " + "".join(str(cost) for cost in costs))
    return "\n".join(rows)


if __name__ == "__main__":  # python -m ruevents.batch.codepages FOLDER...: the table from *.txt under FOLDERs
    folders = sys.argv[1:] or ["data/sample"]
    corpus = [path.read_text(encoding="utf-8") for folder in folders for path in sorted(Path(folder).rglob("*.txt"))]
    print(count_pair_costs(corpus))
