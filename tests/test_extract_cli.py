"""``ruevents extract`` end to end: outputs, errors, exit codes, determinism, resume, Dask."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from ruevents.cli import app
from ruevents.records import json_schema

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
RUEVENTS = [sys.executable, "-m", "ruevents.cli"]
runner = CliRunner()


def run(*args, **kwargs):
    return subprocess.run([*RUEVENTS, *map(str, args)], capture_output=True, text=True, timeout=600, **kwargs)


def records(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").split("\n") if line]


@pytest.fixture(scope="module")
def sample_jsonl(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "sample.jsonl"
    result = runner.invoke(app, ["extract", str(SAMPLE), "--dates", str(SAMPLE / "dates.csv"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


def test_sample_corpus_to_jsonl_records_that_validate(sample_jsonl):
    out, result = sample_jsonl
    rows = records(out)
    assert [r["doc_id"] for r in rows] == sorted(p.name for p in SAMPLE.glob("*.txt"))
    schema = json_schema()
    dates = dict(line.split(",") for line in (SAMPLE / "dates.csv").read_text().split()[1:])
    for row in rows:
        jsonschema.validate(row, schema)
        assert row["date"] == dates[row["doc_id"]]
        text = (SAMPLE / row["doc_id"]).read_text(encoding="utf-8")
        for entity in row["entities"]:
            assert all(text[m["start"]:m["end"]] == m["text"] for m in entity["mentions"])
    assert out.with_name("sample.jsonl.errors.jsonl").read_text() == ""
    assert "documents: 12 analysed" in result.stderr and "errors: none" in result.stderr
    assert "events:" in result.stderr and "meeting" in result.stderr


def test_parquet_tables_read_by_pandas_polars_and_duckdb(tmp_path, sample_jsonl):
    import duckdb
    import pandas as pd
    import polars as pl

    out = tmp_path / "tables"
    result = runner.invoke(app, ["extract", str(SAMPLE), "--dates", str(SAMPLE / "dates.csv"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    rows = records(sample_jsonl[0])
    events = pd.read_parquet(out / "events.parquet")
    assert len(events) == sum(len(r["events"]) for r in rows)
    assert pl.read_parquet(out / "entities.parquet").height == sum(len(r["entities"]) for r in rows)
    meetings = duckdb.sql(f"select count(*) from '{out}/events.parquet' e join '{out}/documents.parquet' d using (doc_id) "
                          "where e.type = 'meeting' and d.date is not null").fetchall()[0][0]
    assert meetings == sum(v["type"] == "meeting" for r in rows for v in r["events"])
    arguments = pd.read_parquet(out / "arguments.parquet")
    assert set(arguments.role) == {"participant", "place", "time"}
    assert (out / "records.jsonl").read_text(encoding="utf-8") == sample_jsonl[0].read_text(encoding="utf-8")


@pytest.fixture
def messy(tmp_path):
    """A folder with every kind of trouble an analyst's archive has."""
    root = tmp_path / "messy"
    (root / "sub").mkdir(parents=True)
    text = (SAMPLE / "03_putin_tramp_telefon.txt").read_text(encoding="utf-8")
    (root / "utf8.txt").write_text(text, encoding="utf-8")
    (root / "bom.txt").write_text(text, encoding="utf-8-sig")
    (root / "sub" / "cp1251.txt").write_bytes(text.encode("cp1251"))
    (root / "sub" / "koi8.txt").write_bytes(text.encode("koi8_r"))
    (root / "utf16.txt").write_text(text, encoding="utf-16")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "broken.txt").symlink_to(root / "nowhere.txt")
    (root / "sub" / "loop").symlink_to(root)
    return root


def test_every_input_is_a_record_or_an_error_and_the_exit_code_says_so(tmp_path, messy):
    out = tmp_path / "out.jsonl"
    result = run("extract", messy, "-o", out, "--date", "2017-01-29")
    assert result.returncode == 1, result.stderr
    written = {r["doc_id"]: r for r in records(out)}
    errors = {e["doc_id"]: e for e in records(str(out) + ".errors.jsonl")}
    assert set(written) == {"utf8.txt", "bom.txt", "sub/cp1251.txt", "sub/koi8.txt", "utf16.txt"}
    assert set(errors) == {"empty.txt", "binary.txt", "broken.txt", "sub/loop"}
    assert not set(written) & set(errors)
    # the same text in any encoding gives the same analysis
    assert len({json.dumps(r["events"], sort_keys=True) for r in written.values()}) == 1
    assert errors["empty.txt"]["error"] == "empty file" and "binary" in errors["binary.txt"]["error"]
    assert "broken symbolic link" in errors["broken.txt"]["error"] and "loop" in errors["sub/loop"]["error"]
    assert "errors: 4" in result.stderr


def test_a_utf8_file_with_one_invalid_byte_is_analysed_with_a_note(tmp_path):
    text = (SAMPLE / "06_putin_aliev_baku.txt").read_text(encoding="utf-8")
    data = text.encode("utf-8")
    cut = data.index("Баку".encode())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad_byte.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path / "in"), "-o", str(out), "--date", "2024-08-19"])
    assert result.exit_code == 0, result.output
    [record] = records(out)
    assert record["errors"][0] == "decoded as utf-8 with 1 invalid byte replaced by U+FFFD"
    assert record["events"] and "with invalid bytes replaced" in result.stderr
    decoded = data[:cut].decode("utf-8") + "\ufffd" + data[cut:].decode("utf-8")  # offsets are in this text
    spans = [m for e in record["entities"] for m in e["mentions"]] + [v["trigger"] for v in record["events"]]
    assert spans and all(decoded[s["start"]:s["end"]] == s["text"] for s in spans)


def test_output_is_identical_whatever_the_number_of_jobs(tmp_path, sample_jsonl):
    out = tmp_path / "jobs2.jsonl"
    result = run("extract", SAMPLE, "--dates", SAMPLE / "dates.csv", "-o", out, "--jobs", "2", "--batch-size", "3", "-q")
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == sample_jsonl[0].read_bytes()


def _corpus(root, copies=4):
    """The sample texts under more names: enough documents for a run to be killed in the middle."""
    root.mkdir()
    for n in range(copies):
        for path in sorted(SAMPLE.glob("*.txt")):
            shutil.copy(path, root / f"{n}_{path.name}")
    return root


def test_a_run_killed_with_sigkill_resumes_to_the_same_output(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    whole = tmp_path / "whole.jsonl"
    assert run("extract", corpus, "-o", whole, "--date", "2020-01-01", "--batch-size", "4", "-q").returncode == 0

    out = tmp_path / "killed.jsonl"
    partial = Path(str(out) + ".partial")
    process = subprocess.Popen([*RUEVENTS, "extract", str(corpus), "-o", str(out), "--date", "2020-01-01",
                                "--batch-size", "4", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and (not partial.exists() or partial.read_bytes().count(b"\n") < 8):
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    lines_before = partial.read_bytes().count(b"\n")
    assert 8 <= lines_before < 48, "the run must be killed in the middle"
    assert not out.exists()  # never a final file from a killed run
    with partial.open("ab") as handle:  # as if killed in the middle of writing a line
        handle.write(b'{"doc_id": "3_12_pozhar_notr_dam.txt", "entit')

    result = run("extract", corpus, "-o", out, "--date", "2020-01-01", "--batch-size", "4", "--resume")
    assert result.returncode == 0, result.stderr
    assert f"{lines_before} already done" in result.stderr  # the cut line is not counted: it is redone
    assert out.read_bytes() == whole.read_bytes()
    assert not partial.exists()


def _alive(processes):
    """The processes still running (a zombie waiting to be reaped by init has ended)."""
    import psutil

    alive = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except psutil.NoSuchProcess:
            pass
    return alive


def test_worker_processes_exit_when_the_run_is_killed_with_sigkill(tmp_path):
    import psutil

    corpus = _corpus(tmp_path / "corpus", copies=8)
    partial = tmp_path / "killed.jsonl.partial"
    process = subprocess.Popen([*RUEVENTS, "extract", str(corpus), "-o", str(tmp_path / "killed.jsonl"), "--jobs", "2",
                                "--batch-size", "2", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and (not partial.exists() or partial.read_bytes().count(b"\n") < 2):
            time.sleep(0.05)
        workers = psutil.Process(process.pid).children(recursive=True)
        assert process.poll() is None, "the run must be killed in the middle"
        assert len(workers) >= 2
        process.kill()
        process.wait()
        deadline = time.monotonic() + 30  # the workers look for their parent every second
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(workers), "worker processes outlived the killed run"
    finally:
        process.kill()
        for worker in _alive(workers):
            worker.kill()


KILLED_DOC = "06_putin_aliev_baku.txt"


def _kill_worker_on(doc_id, once=None):
    """The environment of a run whose worker kills itself on ``doc_id`` (the test hook in ruevents.batch.work)."""
    env = dict(os.environ, RUEVENTS_TEST_KILL_WORKER_ON=doc_id)
    if once:
        env["RUEVENTS_TEST_KILL_WORKER_ONCE"] = str(once)
    return env


def test_a_worker_that_dies_once_costs_no_document(tmp_path, sample_jsonl):
    out = tmp_path / "out.jsonl"
    result = run("extract", SAMPLE, "--dates", SAMPLE / "dates.csv", "-o", out, "--jobs", "2", "--batch-size", "3", "-q",
                 env=_kill_worker_on(KILLED_DOC, once=tmp_path / "killed-once"))
    assert (tmp_path / "killed-once").exists()  # the worker did die
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == sample_jsonl[0].read_bytes()
    assert Path(f"{out}.errors.jsonl").read_text() == ""


def test_a_document_that_kills_its_worker_twice_is_the_only_one_lost(tmp_path, sample_jsonl):
    out = tmp_path / "out.jsonl"
    result = run("extract", SAMPLE, "--dates", SAMPLE / "dates.csv", "-o", out, "--jobs", "2", "--batch-size", "3", "-q",
                 env=_kill_worker_on(KILLED_DOC))
    assert result.returncode == 1, result.stderr
    expected = [line for line in sample_jsonl[0].read_text(encoding="utf-8").splitlines(keepends=True)
                if json.loads(line)["doc_id"] != KILLED_DOC]
    assert out.read_text(encoding="utf-8") == "".join(expected)
    [error] = records(f"{out}.errors.jsonl")
    assert error == {"doc_id": KILLED_DOC, "source": str(SAMPLE / KILLED_DOC), "stage": "worker",
                     "error": "the worker process died while analysing this document", "has_record": False}


@pytest.mark.parametrize("finished", [False, True], ids=["killed run", "finished run"])
def test_resume_analyses_again_a_document_whose_worker_died(tmp_path, sample_jsonl, finished):
    out = tmp_path / "out.jsonl"
    lines = sample_jsonl[0].read_text(encoding="utf-8").splitlines(keepends=True)
    kept = "".join(line for line in lines if json.loads(line)["doc_id"] != KILLED_DOC)
    died = json.dumps({"doc_id": KILLED_DOC, "source": str(SAMPLE / KILLED_DOC), "stage": "worker",
                       "error": "the worker process died while analysing this document", "has_record": False}) + "\n"
    suffix = "" if finished else ".partial"
    Path(f"{out}{suffix}").write_text(kept, encoding="utf-8")
    Path(f"{out}.errors.jsonl{suffix}").write_text(died, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(SAMPLE), "--dates", str(SAMPLE / "dates.csv"), "-o", str(out), "--resume"])
    assert result.exit_code == 0, result.output
    assert "11 already done" in result.stderr and "documents: 1 analysed" in result.stderr
    assert out.read_bytes() == sample_jsonl[0].read_bytes()  # the document back in its place
    assert Path(f"{out}.errors.jsonl").read_text() == ""


def test_resume_on_a_finished_output_that_has_every_input_leaves_it_alone(tmp_path, sample_jsonl):
    out = tmp_path / "out.jsonl"
    shutil.copy(sample_jsonl[0], out)
    Path(f"{out}.errors.jsonl").write_text("")
    before = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in tmp_path.iterdir()}
    result = runner.invoke(app, ["extract", str(SAMPLE), "-o", str(out), "--resume"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"nothing to resume: {out} is complete (--overwrite redoes the run)\n"
    assert {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in tmp_path.iterdir()} == before


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_resume_on_a_finished_output_adds_the_inputs_added_since(tmp_path, fmt):
    import pandas as pd

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = sorted(SAMPLE.glob("*.txt"))
    added_later = [texts[2], texts[6]]  # ids in the middle: the output must stay in doc_id order
    for path in texts:
        if path not in added_later:
            shutil.copy(path, corpus / path.name)
    out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "tables")
    assert runner.invoke(app, ["extract", str(corpus), "-o", str(out), "-q"]).exit_code == 0
    for path in added_later:
        shutil.copy(path, corpus / path.name)
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(out), "--resume"])
    assert result.exit_code == 0, result.output
    assert "documents: 2 analysed" in result.stderr and "10 already done" in result.stderr

    fresh = tmp_path / ("fresh.jsonl" if fmt == "jsonl" else "fresh")
    assert runner.invoke(app, ["extract", str(corpus), "-o", str(fresh), "-q"]).exit_code == 0
    if fmt == "jsonl":
        assert out.read_bytes() == fresh.read_bytes()
    else:
        assert (out / "records.jsonl").read_bytes() == (fresh / "records.jsonl").read_bytes()
        assert list(pd.read_parquet(out / "documents.parquet").doc_id) == sorted(p.name for p in texts)
    assert not Path(f"{out}.partial").exists()


def test_resume_does_not_take_a_file_that_is_not_an_output(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n")
    result = runner.invoke(app, ["extract", str(SAMPLE), "-o", str(out), "--resume"])
    assert result.exit_code == 2 and "--overwrite" in result.stderr
    assert out.read_text() == "keep me\n" and sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_dask_local_cluster_gives_the_same_output(tmp_path, sample_jsonl):
    from dask.distributed import LocalCluster

    out = tmp_path / "dask.jsonl"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = run("extract", SAMPLE, "--dates", SAMPLE / "dates.csv", "-o", out, "--engine", "dask",
                     "--scheduler", cluster.scheduler_address, "--batch-size", "3")
    assert result.returncode == 0, result.stderr
    assert "2 workers" in result.stderr
    assert out.read_bytes() == sample_jsonl[0].read_bytes()


def test_stdin_to_stdout():
    text = (SAMPLE / "06_putin_aliev_baku.txt").read_text(encoding="utf-8")
    result = run("extract", "-", "--date", "2024-08-19", "-q", input=text)
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert record["doc_id"] == "stdin" and record["date"] == "2024-08-19" and record["events"]


def test_output_dash_means_stdout(tmp_path):
    result = run("extract", SAMPLE / "06_putin_aliev_baku.txt", "-o", "-", "--date", "2024-08-19", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert record["doc_id"] == "06_putin_aliev_baku.txt" and record["events"]
    assert list(tmp_path.iterdir()) == []  # no folder or file named "-"
    result = run("extract", SAMPLE, "-o", "-", "-f", "parquet", cwd=tmp_path)
    assert result.returncode == 2 and "-o DIR" in result.stderr


def test_limit_takes_the_first_inputs(tmp_path):
    out = tmp_path / "two.jsonl"
    result = runner.invoke(app, ["extract", str(SAMPLE), "-o", str(out), "--limit", "2", "-q"])
    assert result.exit_code == 0
    assert [r["doc_id"] for r in records(out)] == ["01_lavrov_vang_i.txt", "02_putin_erdogan_rouhani.txt"]


@pytest.mark.parametrize("args, message", [
    (["--format", "parquet"], "-o DIR"),
    (["--date", "19.04.2018", "-o", "x.jsonl"], "YYYY-MM-DD"),
    (["-o", "x.csv"], ".jsonl"),
    (["--resume"], "--resume"),
    (["--scheduler", "tcp://localhost:1"], "--engine dask"),
])
def test_usage_errors_exit_2_with_a_message(tmp_path, args, message):
    result = runner.invoke(app, ["extract", str(SAMPLE), *args])
    assert result.exit_code == 2 and message in result.stderr


def _unusable_targets(tmp_path):
    (tmp_path / "a_file").write_text("in the way\n")
    (tmp_path / "d.jsonl").mkdir()
    (tmp_path / "d.jsonl.errors.jsonl").mkdir(exist_ok=True)
    targets = {"parent is a file": tmp_path / "a_file" / "out.jsonl", "a folder where the file goes": tmp_path / "d.jsonl"}
    if Path("/proc/self").is_dir():
        targets["parent cannot be made"] = Path("/proc/nope/out.jsonl")
    return targets


@pytest.mark.parametrize("case", ["parent is a file", "a folder where the file goes", "parent cannot be made"])
@pytest.mark.parametrize("flags", [[], ["--overwrite"], ["--resume"]], ids=["plain", "overwrite", "resume"])
def test_an_unusable_output_is_a_usage_error_before_any_work(tmp_path, case, flags):
    targets = _unusable_targets(tmp_path)
    if case not in targets:
        pytest.skip("needs Linux /proc")
    before = sorted(tmp_path.rglob("*"))
    result = run("extract", SAMPLE, "-o", targets[case], *flags)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()  # one line, no traceback, no summary of a run
    assert line.startswith(f"error: -o {targets[case]}")
    assert sorted(tmp_path.rglob("*")) == before


def test_a_file_in_the_way_of_the_parquet_folder_is_a_usage_error_even_with_overwrite(tmp_path):
    target = tmp_path / "tables"
    target.write_text("not tables\n")
    for flags in ([], ["--overwrite"], ["--resume"]):
        result = run("extract", SAMPLE, "-f", "parquet", "-o", target, *flags)
        assert result.returncode == 2 and "a file is in the way" in result.stderr, result.stderr
        assert target.read_text() == "not tables\n"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]  # nothing renamed, no *.partial


def test_existing_output_is_not_overwritten_unless_asked(tmp_path, sample_jsonl):
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n")
    result = runner.invoke(app, ["extract", str(SAMPLE / "01_lavrov_vang_i.txt"), "-o", str(out)])
    assert result.exit_code == 2 and "--overwrite" in result.stderr and out.read_text() == "keep me\n"
    result = runner.invoke(app, ["extract", str(SAMPLE / "01_lavrov_vang_i.txt"), "-o", str(out), "--overwrite", "-q"])
    assert result.exit_code == 0 and records(out)[0]["doc_id"] == "01_lavrov_vang_i.txt"


def test_help_has_examples():
    result = runner.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0 and "Examples" in result.stdout and "--resume" in result.stdout


@pytest.mark.parametrize("command", [[], ["extract"], ["show"], ["demo"], ["schema"], ["eval"], ["eval", "ner"], ["eval", "names"],
                                     ["eval", "events"], ["eval", "facts"], ["export"], ["export", "factrueval"], ["train"],
                                     ["train", "confidence"]])
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "example" in result.stdout.lower(), command


def test_verbose_logs_each_failed_input_as_it_happens(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("extract", tmp_path, "-v", "-q")
    assert result.returncode == 1 and "empty.txt: read failed: empty file" in result.stderr
