"""Journals survive being killed mid-line; outputs appear only when the run is finished."""

import json

import pyarrow.parquet as pq
import pytest

from ruevents.batch.output import Journal, Output, OutputExists
from ruevents.batch.run import retried_on_resume
from ruevents.batch.work import WORKER_DIED
from ruevents.tables import TABLE_COLUMNS


def line(doc_id):
    return json.dumps({"doc_id": doc_id, "entities": [], "times": [], "events": [], "errors": [],
                       "source": None, "date": None, "text_sha1": "0" * 40}, ensure_ascii=False)


def record(doc_id):
    """A record as the journals take it: ``(doc_id, JSON line)``."""
    return doc_id, line(doc_id)


def test_journal_recovers_whole_lines_and_drops_a_cut_one(tmp_path):
    path = tmp_path / "out.jsonl.partial"
    journal = Journal(path, resume=False)
    journal.append([record("a"), record("b")])
    journal.close()
    with path.open("ab") as handle:  # a crash in the middle of the third line
        handle.write(line("c")[:25].encode())
    resumed = Journal(path, resume=True)
    assert resumed.done == {"a", "b"}
    resumed.append([record("c")])
    resumed.close()
    assert [json.loads(x)["doc_id"] for x in path.read_text().splitlines()] == ["a", "b", "c"]


def test_jsonl_output_appears_only_when_finished(tmp_path):
    target = tmp_path / "out.jsonl"
    output = Output(target, fmt="jsonl", resume=False, overwrite=False)
    output.write([record("a")], [{"doc_id": "bad", "source": "bad.txt", "stage": "read", "error": "empty file", "has_record": False}])
    assert not target.exists()
    output.finish()
    assert target.read_text(encoding="utf-8").count("\n") == 1
    assert json.loads((tmp_path / "out.jsonl.errors.jsonl").read_text())["error"] == "empty file"
    with pytest.raises(OutputExists, match="--overwrite"):
        Output(target, fmt="jsonl", resume=False, overwrite=False)


def test_parquet_tables_include_inputs_without_records(tmp_path):
    target = tmp_path / "tables"
    output = Output(target, fmt="parquet", resume=False, overwrite=False)
    output.write([record("a"), record("c")], [{"doc_id": "b", "source": "b.txt", "stage": "read", "error": "binary file", "has_record": False}])
    output.finish()
    documents = pq.read_table(target / "documents.parquet").to_pylist()
    assert [d["doc_id"] for d in documents] == ["a", "b", "c"]
    assert documents[1]["errors"] == ["binary file"]
    for table, columns in TABLE_COLUMNS.items():  # empty tables keep their columns
        assert pq.read_schema(target / f"{table}.parquet").names == list(columns)
    assert not (tmp_path / "tables.partial").exists()


def error(doc_id, stage, reason, has_record=False):
    return {"doc_id": doc_id, "source": f"{doc_id}.txt", "stage": stage, "error": reason, "has_record": has_record}


def test_resume_does_again_the_documents_whose_worker_died_and_keeps_the_other_failures(tmp_path):
    target = tmp_path / "out.jsonl"
    output = Output(target, fmt="jsonl", resume=False, overwrite=False)
    output.write([record("a"), record("d")], [
        error("b", "worker", WORKER_DIED),
        error("c", "analyse", "analysis failed in the worker: BrokenProcessPool: A process in the process pool was"
                              " terminated abruptly while the future was running or pending."),  # before this version
        error("d", "analyse", "analysis failed: ValueError: ...", has_record=True),
        error("e", "read", "empty file"),
    ])
    output.abandon()  # killed

    resumed = Output(target, fmt="jsonl", resume=True, overwrite=False, retry=retried_on_resume)
    assert resumed.done == {"a", "d", "e"}
    resumed.write([record("b"), record("c")], [])
    resumed.finish()
    assert [json.loads(x)["doc_id"] for x in target.read_text().splitlines()] == ["a", "b", "c", "d"]
    assert [json.loads(x)["doc_id"] for x in (tmp_path / "out.jsonl.errors.jsonl").read_text().splitlines()] == ["d", "e"]


def test_records_added_out_of_order_by_a_resumed_run_are_put_in_order(tmp_path):
    path = tmp_path / "out.jsonl.partial"
    journal = Journal(path, resume=False)
    journal.append([record("a"), record("c"), record("c2")])
    journal.close()
    resumed = Journal(path, resume=True)
    resumed.append([record("b")])
    resumed.close()
    resumed.sort()
    assert [json.loads(x)["doc_id"] for x in path.read_text().splitlines()] == ["a", "b", "c", "c2"]
