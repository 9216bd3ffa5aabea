"""Random files at ``ruevents extract``: nothing raises, every file is accounted for, offsets hold."""

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ruevents.batch.inputs import InputError, decode_bytes, html_to_text
from ruevents.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()

NEWS = ["Путин", "встретился", "с", "Алиевым", "в", "Баку", "19 апреля", "2018 года", "заявил", "МИД", "России", ",", ".", "\n",
        "«", "»", "переговоры", "Лавров", "и", "Ван И", "прибыл", "в среду"]
news_text = st.lists(st.sampled_from(NEWS), min_size=1, max_size=60).map(" ".join)
any_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)
controls = st.text(st.sampled_from("\x00\x01\x07\x08\x0b\x0c\x1b\x7f\u2028\u2029\u200b\ufeff\u202e\r\n\t"), max_size=50)
contents = st.one_of(
    st.tuples(news_text, st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "koi8_r", "utf-16"])).map(
        lambda pair: pair[0].encode(pair[1], errors="replace")),
    any_text.map(lambda text: text.encode("utf-8")),
    st.tuples(news_text, controls).map(lambda pair: (pair[0] + pair[1]).encode("utf-8")),
    st.binary(max_size=400),
    st.just(b""),
    st.integers(1, 30_000).map(lambda n: ("Я" * n).encode("utf-8")),
)


# JSON Lines are split at "\n" only: a text's U+2028 stays raw inside a JSON string
# (valid JSON), and str.splitlines() would cut the line there.


def decoded(path: Path) -> str | None:
    try:
        text, _ = decode_bytes(path.read_bytes())
    except InputError:
        return None
    return html_to_text(text) if path.suffix == ".html" else text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=st.lists(contents, min_size=1, max_size=6))
def test_every_random_file_ends_as_a_record_or_an_error(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "in"
        root.mkdir()
        for number, data in enumerate(files):
            (root / f"{number:02d}.txt").write_bytes(data)
        out = Path(folder) / "out.jsonl"
        result = runner.invoke(app, ["extract", str(root), "-o", str(out), "-q", "--max-chars", "5000", "--batch-size", "4"])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
        errors = [json.loads(line) for line in Path(f"{out}.errors.jsonl").read_text(encoding="utf-8").split("\n") if line]
        failed = {e["doc_id"] for e in errors if not e["has_record"]}
        written = [r["doc_id"] for r in records]
        assert sorted(written + sorted(failed)) == [f"{n:02d}.txt" for n in range(len(files))]
        assert result.exit_code == (1 if errors else 0)
        for record in records:
            text = decoded(root / record["doc_id"])
            assert text is not None
            spans = [m for e in record["entities"] for m in e["mentions"]] + record["times"]
            spans += [v["trigger"] for v in record["events"]] + [a for v in record["events"] for a in v["arguments"]]
            assert all(text[s["start"]:s["end"]] == s["text"] for s in spans)
