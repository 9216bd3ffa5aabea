"""``run_batch`` without the command line: what a resumed run counts and reports."""

import shutil
from pathlib import Path

import pytest

from ruevents.batch.run import RunConfig, run_batch
from ruevents.cli.extract import _Progress

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for path in sorted(SAMPLE.glob("*.txt"))[:4]:
        shutil.copy(path, root / path.name)
    return root


def test_a_resumed_run_counts_what_was_done_so_the_progress_reaches_the_total(tmp_path, corpus):
    whole = tmp_path / "whole.jsonl"
    run_batch(RunConfig(paths=[str(corpus)], output=whole, batch_size=2))
    out = tmp_path / "out.jsonl"
    first_two = "".join(whole.read_text(encoding="utf-8").splitlines(keepends=True)[:2])
    Path(f"{out}.partial").write_text(first_two, encoding="utf-8")   # a run killed after its first batch
    Path(f"{out}.errors.jsonl.partial").write_text("", encoding="utf-8")

    started, advanced = [], []
    summary = run_batch(RunConfig(paths=[str(corpus)], output=out, batch_size=2, resume=True),
                        on_start=lambda *args: started.append(args), on_progress=lambda inputs, docs: advanced.append(inputs))
    assert started == [(4, 2)]
    assert started[0][1] + sum(advanced) == 4
    assert summary.already_done == 2 and summary.documents == 2
    assert out.read_bytes() == whole.read_bytes()


def test_the_progress_bar_starts_with_the_done_inputs_counted():
    progress = _Progress(enabled=True)
    with progress:
        progress.start(10, 4)
        progress.advance(6, 6)
        [task] = progress.bar.tasks
        assert (task.completed, task.total) == (10, 10)
