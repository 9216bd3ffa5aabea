"""Document dates for a batch run: manifest, file-name pattern, one date for all."""

import pytest

from ruevents.batch.dates import DateError, DatePattern, DateResolver, read_manifest


def test_manifest_csv_and_jsonl(tmp_path):
    csv = tmp_path / "dates.csv"
    csv.write_text("doc_id,date\na.txt,2018-04-19\nb.txt,2017-09-07\n", encoding="utf-8")
    jsonl = tmp_path / "dates.jsonl"
    jsonl.write_text('{"doc_id": "a.txt", "date": "2018-04-19"}\n\n{"doc_id": "b.txt", "date": "2017-09-07"}\n', encoding="utf-8")
    assert read_manifest(csv) == read_manifest(jsonl) == {"a.txt": "2018-04-19", "b.txt": "2017-09-07"}


@pytest.mark.parametrize("content, message", [
    ("id,when\na.txt,2018-04-19\n", "header with doc_id and date"),
    ("doc_id,date\na.txt,19.04.2018\n", "YYYY-MM-DD"),
])
def test_bad_manifest_says_what_it_expected(tmp_path, content, message):
    path = tmp_path / "dates.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DateError, match=message):
        read_manifest(path)


@pytest.mark.parametrize("pattern, doc_id, date", [
    (r"(\d{4}-\d{2}-\d{2})", "lenta/2018-04-19_baku.txt", "2018-04-19"),
    (r"(\d{8})", "ria_20170907_0012.txt", "2017-09-07"),
    (r"(?P<day>\d\d)\.(?P<month>\d\d)\.(?P<year>\d{4})", "news 07.09.2017.txt", "2017-09-07"),
    (r"(\d{8})", "ria_20171399.txt", None),   # not a date: no date rather than a wrong one
    (r"(\d{8})", "no-digits.txt", None),
])
def test_date_from_name(pattern, doc_id, date):
    assert DatePattern(pattern).date_of(doc_id) == date


def test_pattern_needs_one_group_or_named_parts():
    with pytest.raises(DateError, match="year, month"):
        DatePattern(r"(?P<year>\d{4})")
    with pytest.raises(DateError, match="regular expression"):
        DatePattern(r"(\d{4")


def test_manifest_wins_over_name_which_wins_over_default(tmp_path):
    manifest = tmp_path / "dates.csv"
    manifest.write_text("doc_id,date\n2018-01-01_a.txt,2018-04-19\n", encoding="utf-8")
    dates = DateResolver(date="2020-05-05", manifest=manifest, name_pattern=r"(\d{4}-\d\d-\d\d)")
    assert dates("2018-01-01_a.txt") == "2018-04-19"
    assert dates("2018-01-01_b.txt") == "2018-01-01"
    assert dates("c.txt") == "2020-05-05"
    assert dates.unused_among(["c.txt"]) == ["2018-01-01_a.txt"]


def test_bad_default_date():
    with pytest.raises(DateError, match="--date"):
        DateResolver(date="19 апреля")
