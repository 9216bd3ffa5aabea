"""ruevents.analysis.tables: records → DataFrames, dates for analysts, entities merged across documents."""

from __future__ import annotations

import importlib
import json

import pandas as pd
import pytest

from ruevents.analysis import load_tables, merge_entities, normalise_name, tables_from_records
from ruevents.analysis.examples import example_records, example_texts
from ruevents.analysis.tables import date_of_value, event_date
from ruevents.records import Document
from ruevents.tables import TABLE_COLUMNS, build_rows

EXPECTED_DTYPES = {"str": pd.api.types.pandas_dtype("str"), "int": pd.Int64Dtype(), "float": "float64", "list[str]": "object"}


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def write_parquet(folder, records):
    """The folder ``ruevents extract --format parquet`` writes, built the same way (pyarrow, TABLE_COLUMNS types)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "list[str]": pa.list_(pa.string())}
    folder.mkdir()
    rows = build_rows(records)
    for table, columns in TABLE_COLUMNS.items():
        schema = pa.schema([(name, types[kind]) for name, kind in columns.items()])
        pq.write_table(pa.Table.from_pylist(rows[table], schema=schema), folder / f"{table}.parquet")
    return folder


@pytest.fixture()
def tables():
    return tables_from_records(example_records())


def test_example_records_are_valid_contract_records():
    texts = example_texts()
    for record in example_records():
        Document.model_validate(record).check_offsets(texts[record["doc_id"]])


@pytest.mark.parametrize("records", [example_records(), []], ids=["examples", "empty"])
def test_load_tables_jsonl_gives_table_columns_with_their_dtypes(tmp_path, records):
    loaded = load_tables(write_jsonl(tmp_path / "out.jsonl", records))
    for table, columns in TABLE_COLUMNS.items():
        frame = getattr(loaded, table)
        assert list(frame.columns[: len(columns)]) == list(columns), table
        for name, kind in columns.items():
            assert frame[name].dtype == EXPECTED_DTYPES[kind], (table, name, frame[name].dtype)
    assert len(loaded.documents) == len(records)


def test_load_tables_counts_rows_of_every_table(tmp_path):
    loaded = load_tables(write_jsonl(tmp_path / "out.jsonl", example_records()))
    assert (len(loaded.documents), len(loaded.entities), len(loaded.events), len(loaded.arguments)) == (3, 11, 8, 21)
    assert len(loaded.mentions) == 17 and len(loaded.times) == 4
    first = loaded.events.iloc[0]
    assert first["participants"] == ["Владимир Путин", "Джозеф Байден"] and first["place"] == "Женева"


def test_parquet_folder_loads_the_same_tables_as_jsonl(tmp_path):
    records = example_records()
    from_jsonl = load_tables(write_jsonl(tmp_path / "out.jsonl", records))
    from_parquet = load_tables(write_parquet(tmp_path / "tables", records))
    for table in ("documents", "entities", "mentions", "times", "events", "arguments", "actors"):
        pd.testing.assert_frame_equal(getattr(from_parquet, table), getattr(from_jsonl, table), obj=table)
    # list cells are Python lists, not the numpy arrays pyarrow gives
    assert isinstance(from_parquet.events.loc[0, "participant_ids"], list)


def test_folder_without_a_table_names_the_missing_file(tmp_path):
    folder = write_parquet(tmp_path / "tables", example_records())
    (folder / "times.parquet").unlink()
    with pytest.raises(FileNotFoundError, match="times.parquet"):
        load_tables(folder)


@pytest.mark.parametrize("name", ["records.json", "missing.jsonl"])
def test_load_tables_rejects_what_is_neither_jsonl_nor_a_folder(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="expected a .jsonl file"):
        load_tables(path)


def test_invalid_jsonl_line_is_reported_with_its_number(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps(example_records()[0], ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load_tables(path)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-04-19", ("2018-04-19", "day")),
        ("2024-08-18TEV", ("2024-08-18", "day")),
        ("2019-04-15T18:50", ("2019-04-15", "day")),
        ("2018-04", ("2018-04", "month")),
        ("2018", ("2018", "year")),
        ("2018-Q1", ("2018", "year")),
        ("2014-SP", ("2014", "year")),
        ("XXXX-04-19", None),
        ("201X", None),
        ("P3Y", None),
        ("FUTURE_REF", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_date_of_value_keeps_the_date_part_of_timex_values(value, expected):
    assert date_of_value(value) == expected


def test_event_date_prefers_the_event_time_then_the_document_date():
    assert event_date("2018-04-03", "2018-04-04") == ("2018-04-03", "day", "event")
    assert event_date("PRESENT_REF", "2018-04-04") == ("2018-04-04", "day", "document")
    assert event_date(None, None) == (None, None, None)


def test_events_table_says_where_each_date_comes_from(tables):
    events = tables.events.set_index(["doc_id", "event_id"])
    assert events.loc[("b.txt", "v1"), ["date", "date_source"]].tolist() == ["2018-04-03", "event"]
    assert events.loc[("b.txt", "v2"), ["date", "date_source"]].tolist() == ["2018-04-04", "document"]
    assert events.loc[("c.txt", "v1"), ["date", "date_precision"]].tolist() == ["2017-05", "month"]
    assert events.loc[("c.txt", "v1"), "when"] == pd.Timestamp("2017-05-01")
    # «19 апреля» of an unknown year in an undated document: no date at all
    assert pd.isna(events.loc[("c.txt", "v2"), "date"]) and pd.isna(events.loc[("c.txt", "v2"), "when"])
    assert events.loc[("a.txt", "v1"), "source"] == "examples/a.txt"


def test_same_name_and_type_in_two_documents_is_one_actor(tables):
    putin = tables.entities[tables.entities["name"] == "Владимир Путин"]
    assert sorted(putin["doc_id"]) == ["a.txt", "b.txt"]
    assert set(putin["actor_id"]) == {"PER:владимир путин"}
    row = tables.actors.set_index("actor_id").loc["PER:владимир путин"]
    assert (row["n_documents"], row["n_entities"], row["n_mentions"]) == (2, 2, 5)


def test_a_lone_surname_joins_the_one_full_name_that_ends_with_it(tables):
    rouhani = tables.entities[tables.entities["name"].isin(["Роухани", "Хасан Роухани"])]
    assert set(rouhani["actor"]) == {"Хасан Роухани"} and len(rouhani) == 2
    assert tables.actors.set_index("actor_id").loc["PER:хасан роухани", "variants"] == ["Роухани", "Хасан Роухани"]
    apart = tables_from_records(example_records(), surnames=False)
    assert set(apart.entities.loc[apart.entities["name"] == "Роухани", "actor"]) == {"Роухани"}


def test_an_ambiguous_surname_stays_apart():
    entities = pd.DataFrame({
        "doc_id": ["a", "b", "c"], "entity_id": ["e1", "e1", "e1"], "type": ["PER"] * 3,
        "name": ["Алиев", "Ильхам Алиев", "Гейдар Алиев"],
    })
    actors = merge_entities(entities)
    assert actors[("a", "e1")] == ("PER:алиев", "Алиев")
    assert actors[("b", "e1")][1] == "Ильхам Алиев"


def test_same_name_of_another_type_is_another_actor():
    entities = pd.DataFrame({
        "doc_id": ["a", "b"], "entity_id": ["e1", "e1"], "type": ["LOC", "ORG"], "name": ["Кремль", "Кремль"],
    })
    actors = merge_entities(entities)
    assert actors[("a", "e1")] != actors[("b", "e1")]


def test_merged_name_is_the_most_frequent_spelling():
    entities = pd.DataFrame({
        "doc_id": ["a", "b", "c"], "entity_id": ["e1"] * 3, "type": ["ORG"] * 3,
        "name": ["Газпром", "«Газпром»", "Газпром"],
    })
    assert {name for _, name in merge_entities(entities).values()} == {"Газпром"}


@pytest.mark.parametrize(("left", "right"), [("Пётр Толстой", "петр толстой"), ("«Роснефть»", "Роснефть"), ("Белый  дом", "белый дом")])
def test_normalise_name_ignores_case_yo_quotes_and_spaces(left, right):
    assert normalise_name(left) == normalise_name(right)


def test_arguments_and_mentions_carry_their_actor(tables):
    times = tables.arguments[tables.arguments["role"] == "time"]
    assert times["actor_id"].isna().all()
    people = tables.arguments[tables.arguments["role"] == "participant"]
    assert people["actor_id"].notna().all()
    assert set(tables.mentions["actor_id"]) <= set(tables.actors["actor_id"])


def test_missing_extra_gives_the_install_hint(monkeypatch):
    from ruevents.analysis import _deps

    def without_networkx(name):
        if name == "networkx":
            raise ImportError("No module named 'networkx'")
        return importlib.import_module(name)

    monkeypatch.setattr(_deps, "importlib", type("Importlib", (), {"import_module": staticmethod(without_networkx)}))
    with pytest.raises(ImportError, match=r"ruevents\[analysis\]"):
        _deps.require("networkx")
    assert _deps.require("pandas").__name__ == "pandas"


@pytest.mark.parametrize("module", ["ruevents.analysis.tables", "ruevents.analysis.examples"])
def test_docstring_examples_hold(module):
    import doctest

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
