"""Times in the seed article (``../shared/seed/nato_russia_baku.txt``), with and without a date."""

from __future__ import annotations

import pytest

import ruevents


def _values(record) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in record.times]


@pytest.fixture(scope="module")
def undated(seed_text):
    return ruevents.extract(seed_text)


@pytest.fixture(scope="module")
def dated(seed_text):
    return ruevents.extract(seed_text, date="2018-04-19")


def test_times_seed_first_date(undated, dated):
    assert _values(undated)[0] == ("19 апреля", "XXXX-04-19")
    assert _values(dated)[0] == ("19 апреля", "2018-04-19")


@pytest.mark.parametrize("record_name", ["undated", "dated"])
def test_times_seed_narrative_values(record_name, request, seed_text):
    record = request.getfixturevalue(record_name)
    values = _values(record)
    for expected in [
        ("марте 2017 года", "2017-03"),
        ("7 сентября того же года", "2017-09-07"),
        ("октябре 2017 года", "2017-10"),
        ("2013 году", "2013"),
        ("весной 2014 года", "2014-SP"),
    ]:
        assert expected in values
    # the bare «7 сентября» after «В октябре 2017 года», and the last one too
    bare = [value for text, value in values if text == "7 сентября"]
    assert bare == ["2017-09-07", "2017-09-07"]
    record.check_offsets(seed_text)


def test_times_seed_anchors(undated):
    by_text = {t.text: t for t in undated.times}
    march = by_text["марте 2017 года"]
    assert by_text["Тогда"].value == "2017-03" and by_text["Тогда"].anchor == march.id
    assert by_text["7 сентября того же года"].anchor == march.id
    assert by_text["Позднее"].mod == "AFTER"
