"""Time expressions: ruevents against natasha's DatesExtractor and dateparser.

    .venv/bin/python benchmarks/times_vs_baselines.py            # writes benchmarks/results/times_vs_baselines.json
    .venv/bin/python benchmarks/times_vs_baselines.py --no-nerel # skip the NEREL span check

**Data.** ``tests/data/times.tsv``: time expressions in context, one marked
``[[...]]`` per line with its expected value (and ``end_value`` for ranges)
and the document date ("-" for none); other time expressions in the line are
marked ``{...}`` so that span precision is fair; ``none`` lines hold no time.
The suite was written by the ruevents developer (the last two sections after
a first run, see the comments in the file), so it is a development set: the
figures show coverage of the forms the issue lists, not accuracy on unseen
news.  A second, independent check counts span agreement with the DATE and
TIME entities of NEREL 1.1 dev (other guidelines: NEREL includes
prepositions, ages, «COVID-19»; no values), when ``../shared`` is there.

**Systems.**

* ruevents: ``ruevents.extract_many`` (the whole library chain), ``date=``
  the document date.
* natasha ``DatesExtractor`` (natasha 1.6, yargy grammar: day, month, year
  only).  natasha's own ``MorphVocab`` needs pymorphy2; yargy wraps whatever
  analyser it is given and needs pymorphy's ``parse``/``TagClass``, which
  ``ruevents.backends.pymorphy.MorphVocab`` does not offer, so the pymorphy3
  ``MorphAnalyzer`` behind that adapter (``ruevents.backends.pymorphy.analyzer()``)
  is passed in.  ``from natasha import DatesExtractor`` is tried first; if the
  package import fails, ``natasha/extractors.py`` and ``natasha/grammars/date.py``
  are loaded by path.  Two rows: as it comes (a missing year stays ``XXXX``), and
  "+ doc year", where a missing year is filled with the document date's year.
* dateparser (``dateparser.search.search_dates(text, languages=['ru'],
  settings={'RELATIVE_BASE': date, 'DATE_ORDER': 'DMY'})``; without ``DATE_ORDER``
  it reads «01.12.2017» as 12 January, as no Russian reader would).  Each found substring is parsed again
  with ``DateDataParser(...).get_date_data`` to learn its granularity
  (``period``: day, week, month, year, time).

**Mapping outputs to values (the same for every system).** A date becomes
``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` at the granularity the system states
(natasha: the fields it fills; dateparser: ``period``; a dateparser ``time``
becomes ``YYYY-MM-DDTHH:MM``, a ``week`` ``YYYY-Www``).  Without a document
date dateparser still needs a base: it gets 1800-06-15 and any year 1800 in
its output is written ``XXXX`` (so «19 апреля» can still score ``XXXX-04-19``).

**Scores.** *Exact value*: for each marked expression, the system time that
overlaps it most is taken; it is right when its value (and, for a range, its
end value) equals the expected one.  Nothing found counts as wrong.  *Start
value* is the same but checks only the start of a range (kinder to systems
that do not give ranges).  *Span
F1*: every marked span (``[[...]]`` and ``{...}``) against every system span;
before comparing, a leading preposition or signal («в», «с», «на», «в
течение», ...) and trailing punctuation are stripped from both sides, since
TIMEX3 leaves prepositions out and the baselines do not; "strict" needs equal
spans, "overlap" any overlap (one-to-one).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "times.tsv"
RESULT = ROOT / "benchmarks" / "results" / "times_vs_baselines.json"
NEREL_DEV = (ROOT / ".." / "shared" / "corpora" / "nerel-1.1" / "dev").resolve()
SENTINEL = dt.datetime(1800, 6, 15)

SIGNALS = ("в течение", "в течении", "на протяжении", "в", "во", "с", "со", "на", "к", "ко", "до", "по", "за", "от",
           "около", "после", "перед", "между", "через")


# -- the data -------------------------------------------------------------------


def read_cases(path: Path = DATA) -> list[dict]:
    """The lines of ``times.tsv`` with the marks taken out and their offsets."""
    from ruevents.evaluation.times_data import read_cases as read_times_cases

    return [
        {
            "form": row["form"], "date": row["date"], "text": row["text"],
            "target": row["target"], "spans": row["spans"],
            "value": None if row["value"] in ("-", "null") else row["value"],
            "end_value": None if row["end_value"] == "-" else row["end_value"],
            "kind": row["kind"], "note": row["note"],
        }
        for row in read_times_cases(path)
    ]


# -- the systems: text, date → [(start, end, value, end_value)] ------------------------


def run_ruevents(cases: list[dict]) -> list[list[tuple]]:
    import ruevents

    records = ruevents.extract_many([(c["text"], {"date": c["date"]}) for c in cases])
    return [[(t.start, t.end, t.value, t.end_value) for t in record.times] for record in records]


def _natasha_dates_extractor():
    """natasha's DatesExtractor class, imported normally or, failing that, by path."""
    try:
        from natasha import DatesExtractor

        return DatesExtractor, "import"
    except Exception:  # natasha's __init__ pulls in pymorphy2; load the two modules we need by path
        base = Path(importlib.util.find_spec("natasha").submodule_search_locations[0])
        import types

        package = types.ModuleType("natasha")
        package.__path__ = [str(base)]
        sys.modules["natasha"] = package
        for name in ("record", "obj", "extractors", "grammars", "grammars.date"):
            spec = importlib.util.spec_from_file_location(
                f"natasha.{name}", base / (name.replace(".", "/") + (".py" if name != "grammars" else "/__init__.py"))
            )
            module = importlib.util.module_from_spec(spec)
            sys.modules[f"natasha.{name}"] = module
            spec.loader.exec_module(module)
        return sys.modules["natasha.extractors"].DatesExtractor, "by path"


def run_natasha(cases: list[dict], *, fill_year: bool) -> list[list[tuple]]:
    from ruevents.backends.pymorphy import analyzer

    extractor_class, _ = _natasha_dates_extractor()
    extractor = extractor_class(analyzer())
    out = []
    for case in cases:
        found = []
        for match in extractor(case["text"]):
            fact = match.fact
            year = fact.year
            if year is None and fill_year and case["date"]:
                year = int(case["date"][:4])
            found.append((match.start, match.stop, _value(year, fact.month, fact.day), None))
        out.append(found)
    return out


def _value(year, month, day, hour=None, minute=None, week=None) -> str | None:
    y = "XXXX" if year is None else f"{year:04d}"
    if week is not None:
        return f"{y}-W{week:02d}"
    if month is None:
        return y if year is not None else None
    if day is None:
        return f"{y}-{month:02d}"
    value = f"{y}-{month:02d}-{day:02d}"
    if hour is not None:
        value += f"T{hour:02d}:{minute or 0:02d}"
    return value


def run_dateparser(cases: list[dict]) -> list[list[tuple]]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    out = []
    for case in cases:
        base = dt.datetime.fromisoformat(case["date"]) if case["date"] else SENTINEL
        settings = {"RELATIVE_BASE": base, "DATE_ORDER": "DMY"}
        found, cursor = [], 0
        for substring, when in search_dates(case["text"], languages=["ru"], settings=settings) or []:
            start = case["text"].find(substring, cursor)
            if start < 0:
                start = case["text"].find(substring)
            if start < 0:
                continue
            cursor = start + len(substring)
            data = DateDataParser(languages=["ru"], settings=settings).get_date_data(substring)
            period = data.period if data and data.date_obj else "day"
            year = None if when.year == SENTINEL.year else when.year
            if period == "year":
                value = _value(year, None, None)
            elif period == "month":
                value = _value(year, when.month, None)
            elif period == "week":
                iso = when.isocalendar()
                value = _value(None if year is None else iso[0], None, None, week=iso[1])
            elif period == "time":
                value = _value(year, when.month, when.day, when.hour, when.minute)
            else:
                value = _value(year, when.month, when.day)
            found.append((start, start + len(substring), value, None))
        out.append(found)
    return out


# -- scoring --------------------------------------------------------------------------------


def _normal_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip a leading preposition / signal and trailing punctuation and spaces."""
    piece = text[start:end]
    lowered = piece.lower()
    for signal in SIGNALS:
        if lowered.startswith(signal + " "):
            start += len(signal) + 1
            break
    while end > start and not text[end - 1].isalnum():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def score(cases: list[dict], outputs: list[list[tuple]]) -> dict:
    right = total = start_right = 0
    per_form: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    gold_n = sys_n = strict = overlap = 0
    misses = []
    for case, found in zip(cases, outputs):
        text = case["text"]
        gold = [_normal_span(text, *span) for span in case["spans"]]
        mine = [_normal_span(text, s, e) for s, e, *_ in found]
        gold_n += len(gold)
        sys_n += len([m for m in mine if m[0] < m[1]])
        strict += len(set(gold) & set(mine))
        used = set()
        for g in gold:
            for k, m in enumerate(mine):
                if k not in used and m[0] < g[1] and g[0] < m[1]:
                    used.add(k)
                    overlap += 1
                    break
        if case["target"] is None:
            continue
        total += 1
        per_form[case["form"]][1] += 1
        t0, t1 = case["target"]
        best, best_overlap = None, 0
        for s, e, value, end_value in found:
            size = min(e, t1) - max(s, t0)
            if size > best_overlap:
                best, best_overlap = (value, end_value), size
        ok = best is not None and best[0] == case["value"] and (case["end_value"] is None or best[1] == case["end_value"])
        start_right += best is not None and best[0] == case["value"]
        if ok:
            right += 1
            per_form[case["form"]][0] += 1
        else:
            misses.append({"text": text, "date": case["date"], "expected": [case["value"], case["end_value"]],
                           "got": list(best) if best else None})

    def f1(hit):
        p = hit / sys_n if sys_n else 0.0
        r = hit / gold_n if gold_n else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}

    return {
        "exact_value_accuracy": round(right / total, 3) if total else None, "right": right, "expressions": total,
        "start_value_accuracy": round(start_right / total, 3) if total else None,
        "span_strict": f1(strict), "span_overlap": f1(overlap),
        "per_form": {form: round(r / n, 3) for form, (r, n) in sorted(per_form.items())},
        "misses": misses,
    }


# -- NEREL: span agreement only -----------------------------------------------------------------


def nerel_spans(systems: dict) -> dict | None:
    if not NEREL_DEV.is_dir():
        return None
    files = sorted(NEREL_DEV.glob("*.txt"))
    cases = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        gold = []
        for line in path.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
            match = re.match(r"T\d+\t(DATE|TIME) (\d+) (\d+)\t", line)
            if match:
                gold.append((int(match.group(2)), int(match.group(3))))
        cases.append({"text": text, "date": None, "spans": gold, "target": None, "form": "nerel"})
    out = {}
    for name, run in systems.items():
        found = run(cases)
        result = score(cases, found)
        out[name] = {"span_overlap": result["span_overlap"], "span_strict": result["span_strict"]}
    out["documents"] = len(files)
    out["gold_spans"] = sum(len(c["spans"]) for c in cases)
    return out


# -- main -----------------------------------------------------------------------------------------


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-nerel", action="store_true", help="skip the NEREL dev span check")
    parser.add_argument("-o", "--output", type=Path, default=RESULT)
    args = parser.parse_args(argv)

    cases = read_cases()
    systems = {
        "ruevents": run_ruevents,
        "natasha DatesExtractor": lambda cs: run_natasha(cs, fill_year=False),
        "natasha DatesExtractor + doc year": lambda cs: run_natasha(cs, fill_year=True),
        "dateparser search_dates": run_dateparser,
    }
    results = {}
    for name, run in systems.items():
        started = time.perf_counter()
        results[name] = score(cases, run(cases))
        results[name]["seconds"] = round(time.perf_counter() - started, 2)
    report = {
        "data": str(DATA.relative_to(ROOT)),
        "expressions": results["ruevents"]["expressions"],
        "lines": len(cases),
        "natasha_loaded": _natasha_dates_extractor()[1],
        "systems": results,
    }
    if not args.no_nerel:
        report["nerel_dev_date_time_spans"] = nerel_spans(
            {"ruevents": run_ruevents, "natasha DatesExtractor": lambda cs: run_natasha(cs, fill_year=False),
             "dateparser search_dates": run_dateparser}
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    return report


def table(report: dict) -> str:
    lines = [
        f"Time expressions: {report['expressions']} marked expressions in {report['lines']} lines of {report['data']}",
        "",
        "| system | exact value | start value | span F1 (strict) | span F1 (overlap) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, result in report["systems"].items():
        lines.append(f"| {name} | {result['exact_value_accuracy']:.3f} ({result['right']}/{result['expressions']}) "
                     f"| {result['start_value_accuracy']:.3f} "
                     f"| {result['span_strict']['f1']:.3f} | {result['span_overlap']['f1']:.3f} |")
    nerel = report.get("nerel_dev_date_time_spans")
    if nerel:
        title = f"NEREL 1.1 dev DATE+TIME spans ({nerel['gold_spans']} in {nerel['documents']} documents; overlap match):"
        lines += ["", title, "",
                  "| system | precision | recall | F1 |", "| --- | --- | --- | --- |"]
        for name, result in nerel.items():
            if isinstance(result, dict):
                o = result["span_overlap"]
                lines.append(f"| {name} | {o['precision']:.3f} | {o['recall']:.3f} | {o['f1']:.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
