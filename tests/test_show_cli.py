"""``ruevents show``: the terminal view, the HTML page, stdin, encodings and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ruevents.cli import app
from ruevents.cli.show import UnreadableText, decode_text

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample" / "01_lavrov_vang_i.txt"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


# --- no model needed --------------------------------------------------------------


def test_show_missing_file_exits_1_with_a_message(runner, tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["show", str(missing)])
    assert result.exit_code == 1
    assert f"cannot read {missing}" in result.stderr
    assert result.stdout == ""


def test_show_folder_exits_1(runner, tmp_path):
    result = runner.invoke(app, ["show", str(tmp_path)])
    assert result.exit_code == 1
    assert "expected a text file, got the folder" in result.stderr


def test_show_binary_file_exits_1(runner, tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = runner.invoke(app, ["show", str(path)])
    assert result.exit_code == 1
    assert "binary file (PNG), expected text" in result.stderr


def test_show_bad_date_is_a_usage_error(runner):
    result = runner.invoke(app, ["show", str(SAMPLE), "--date", "19.04.2018"])
    assert result.exit_code == 2
    assert "expected YYYY-MM-DD, got '19.04.2018'" in result.stderr


def test_show_unknown_encoding_exits_1(runner):
    result = runner.invoke(app, ["show", str(SAMPLE), "--encoding", "no-such-codec"])
    assert result.exit_code == 1
    assert "expected a known encoding name, got 'no-such-codec'" in result.stderr


def test_show_help_has_examples(runner):
    result = runner.invoke(app, ["show", "--help"])
    assert result.exit_code == 0
    assert "ruevents show data/sample/01_lavrov_vang_i.txt" in result.stdout
    assert "--html" in result.stdout and "--date" in result.stdout


def test_show_empty_file_exits_1(runner, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = runner.invoke(app, ["show", str(path)])
    assert result.exit_code == 1
    assert "expected text, got an empty file" in result.stderr


@pytest.mark.parametrize(
    "data, expected",
    [
        ("Лавров в Пекине".encode("utf-8"), ("Лавров в Пекине", "utf-8")),
        (b"\xef\xbb\xbf" + "Лавров".encode("utf-8"), ("Лавров", "utf-8-sig")),
        ("Лавров".encode("utf-16"), ("Лавров", "utf-16")),
        ("Лавров в Пекине".encode("cp1251"), ("Лавров в Пекине", "cp1251")),
    ],
)
def test_show_decode_text_detects(data, expected):
    assert decode_text(data) == expected


def test_show_decode_text_given_encoding_wins():
    assert decode_text("Лавров".encode("koi8-r"), "koi8-r") == ("Лавров", "koi8-r")
    with pytest.raises(UnreadableText, match="expected utf-8 text, got a byte it cannot decode at offset 0"):
        decode_text("Лавров".encode("cp1251"), "utf-8")


def test_show_decode_text_rejects_binary_data():
    with pytest.raises(UnreadableText, match=r"binary file \(NUL bytes\), expected text; pass --encoding"):
        decode_text(b"ab\x00\x01\x02\x03\x04")


# --- with the model -----------------------------------------------------------------


@pytest.mark.slow
def test_show_terminal_view_of_a_sample(runner):
    result = runner.invoke(app, ["show", str(SAMPLE)])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "01_lavrov_vang_i.txt" in out and "date 2024-04-09" in out  # the date from data/sample/dates.csv
    assert "[Сергей Лавров]PER" in out and "[Ван И]PER" in out and "[Пекине]LOC" in out
    assert "[провели переговоры]meeting" in out
    assert "Events (" in out and "who / whom" in out and "Entities (" in out
    v1 = next(line for line in out.splitlines() if line.strip().startswith("v1 "))
    for cell in ("meeting", "провели переговоры", "Сергей Лавров", "Ван И", "Пекин", "asserted"):
        assert cell in v1


@pytest.mark.slow
def test_show_html_page_of_a_sample(runner, tmp_path):
    out = tmp_path / "show.html"
    result = runner.invoke(app, ["show", str(SAMPLE), "--date", "2024-04-09", "--html", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{out}: ") and " events" in result.stdout
    page = out.read_text(encoding="utf-8")
    assert '<html lang="ru">' in page and "<h1>01_lavrov_vang_i.txt</h1>" in page
    assert 'data-ref="e1"' in page and 'data-label="PER"' in page and 'data-label="meeting"' in page
    assert '<tr id="rv-row-v1">' in page
    assert ">Сергей Лавров</mark>" in page


@pytest.mark.slow
def test_show_html_to_a_missing_folder_exits_1(runner, tmp_path):
    out = tmp_path / "no" / "such" / "show.html"
    result = runner.invoke(app, ["show", str(SAMPLE), "--html", str(out)])
    assert result.exit_code == 1
    assert f"cannot write {out}" in result.stderr


@pytest.mark.slow
def test_show_reads_stdin_and_cp1251(runner, tmp_path):
    text = "19 апреля Валерий Герасимов прибыл в Баку."
    result = runner.invoke(app, ["show", "-", "--date", "2018-04-19", "--no-labels"], input=text.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert "stdin" in result.stdout and "Валерий Герасимов" in result.stdout
    assert "]PER" not in result.stdout and "[Валерий" not in result.stdout

    path = tmp_path / "baku.txt"
    path.write_bytes(text.encode("cp1251"))
    result = runner.invoke(app, ["show", str(path), "--date", "2018-04-19"])
    assert result.exit_code == 0, result.stderr
    assert "is not UTF-8; read it as cp1251" in result.stderr
    assert "[Валерий Герасимов]PER" in result.stdout and "2018-04-19" in result.stdout
