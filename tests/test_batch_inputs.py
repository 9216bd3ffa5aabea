"""Finding inputs and decoding them: every file becomes a text or a clear reason."""

import os
import socket
import threading
from pathlib import Path

import pytest

from ruevents.batch.codepages import PAIR_COSTS, count_pair_costs
from ruevents.batch.inputs import (
    InputError,
    InputFile,
    decode_bytes,
    decode_text,
    discover,
    html_to_text,
)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"

TEXT = "Глава МИД России Сергей Лавров встретился в Пекине с министром иностранных дел Китая Ван И.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8_r", "utf-16", "utf-16-le", "utf-16-be", "cp866"])
def test_russian_text_decodes_from_every_common_encoding(encoding):
    text, used = decode_bytes(TEXT.encode(encoding))
    assert text.lstrip("\ufeff") == TEXT, used


def test_short_cp1251_and_koi8_are_told_apart():
    for encoding in ("cp1251", "koi8_r"):
        text, used = decode_bytes("Путин прибыл в Баку.".encode(encoding))
        assert (text, used) == ("Путин прибыл в Баку.", encoding)


# written for these tests: short headlines and a longer paragraph, with «ё» and a hyphen
CODEPAGE_SENTENCES = [
    "Путин прибыл в Баку.",
    "Ночью в Якутске шёл снег.",
    "Министр обороны провёл совещание в Минске.",
    "Сегодня утром в Казани открылась выставка старинных часов.",
    ("В четверг делегация правительства Финляндии прибыла в Санкт-Петербург, где её встретил губернатор"
     " города. Стороны обсудили торговлю, туризм и строительство нового морского терминала. По словам"
     " участников, переговоры заняли почти четыре часа, а подписание соглашения отложено до осени."),
]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "cp866"])
@pytest.mark.parametrize("case", ["upper", "lower", "as written"])
@pytest.mark.parametrize("sentence", CODEPAGE_SENTENCES, ids=["baku", "yakutsk", "minsk", "kazan", "paragraph"])
def test_cyrillic_code_pages_are_told_apart_whatever_the_case(encoding, case, sentence):
    # all capitals in cp1251 are all lower case in koi8-r: case alone cannot decide
    text = {"upper": sentence.upper(), "lower": sentence.lower(), "as written": sentence}[case]
    assert decode_bytes(text.encode(encoding)) == (text, encoding)


def test_codepage_pair_costs_are_those_the_sample_corpus_gives():
    # the table is regenerated with: python -m ruevents.batch.codepages data/sample
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLE.rglob("*.txt"))]
    assert count_pair_costs(texts) == PAIR_COSTS.strip("\n")


def test_latin_text_in_a_legacy_encoding_is_not_read_as_cyrillic():
    # cp1252 «é» is cp1251 «й»: the Cyrillic code pages must not claim a French text;
    # charset-normalizer's guess among the Latin ones may differ on rarer letters
    text, used = decode_bytes("Réunion à Genève: les présidents ont parlé.".encode("cp1252"))
    assert "Réunion" in text and "présidents" in text and used not in ("cp1251", "koi8_r", "cp866", "mac_cyrillic")


def test_utf8_with_one_invalid_byte_is_kept_with_a_note():
    data = (TEXT * 20).encode("utf-8")
    middle = len(data) // 2
    middle -= data[middle] & 0xC0 == 0x80  # at a character boundary
    decoded = decode_text(data[:middle] + b"\xff" + data[middle:])
    assert decoded.encoding == "utf-8"
    assert decoded.text.replace("\ufffd", "", 1) == TEXT * 20 and decoded.text.count("\ufffd") == 1
    assert decoded.note == "decoded as utf-8 with 1 invalid byte replaced by U+FFFD"


def test_utf8_with_a_character_cut_in_half_is_kept_with_a_note():
    data = TEXT.encode("utf-8")
    cut = data.index("Лавров".encode()) + 1  # the first byte of «Л» only
    decoded = decode_text(data[:cut] + data[cut + 1:])
    assert decoded.text == TEXT.replace("Лавров", "\ufffdавров") and "1 invalid byte" in decoded.note


@pytest.mark.parametrize("data, encoding", [
    ("Réunion à Genève.".encode("latin-1"), None),        # one «é» is not UTF-8 with a bad byte
    ((TEXT * 3).encode("cp1251"), "cp1251"),             # every Cyrillic letter invalid: a code page
])
def test_text_that_is_not_mostly_utf8_is_not_read_as_utf8(data, encoding):
    decoded = decode_text(data)
    assert decoded.encoding != "utf-8" and decoded.note is None
    assert encoding is None or decoded.encoding == encoding


def test_utf8_with_many_invalid_bytes_is_not_kept_as_utf8():
    data = bytearray((TEXT * 3).encode("utf-8"))
    data[10::40] = b"\xff" * len(data[10::40])  # far more than one per 1,000 bytes
    decoded = None
    try:
        decoded = decode_text(bytes(data))
    except InputError:
        pass
    assert decoded is None or decoded.encoding != "utf-8"


@pytest.mark.parametrize("data, reason", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (bytes(range(256)) * 4, "binary"),
    (b"\x00\x01\x02\x03garbage\x00\x00\x05", "binary"),
])
def test_binary_data_is_refused_with_its_kind(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_bytes(data)


def test_html_keeps_the_readable_text_in_paragraphs():
    page = ("<html><head><title>Визит</title><style>p{color:red}</style><script>var x='<p>';</script></head>"
            "<body><h1>Путин в Баку</h1><p>Президент&nbsp;России прибыл&hellip;</p><p>Переговоры <b>начались</b>.</p></body></html>")
    text = html_to_text(page)
    assert "color" not in text and "var x" not in text
    assert text.splitlines() == ["Визит", "", "Путин в Баку", "", "Президент России прибыл…", "", "Переговоры начались."]


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "news"
    (root / "2018" / "04").mkdir(parents=True)
    (root / "2018" / "04" / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "b.txt").write_bytes(TEXT.encode("cp1251"))
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (root / "scan.txt").write_bytes(b"%PDF-1.4 binary")
    (root / "notes.md").write_text("# Заметки\n", encoding="utf-8")
    (root / "dangling.txt").symlink_to(root / "gone.txt")
    (root / "2018" / "loop").symlink_to(root)
    return root


def test_discover_lists_every_matching_file_and_reports_the_broken_ones(tree):
    inputs, skipped = discover([str(tree)])
    by_id = {entry.doc_id: entry for entry in inputs}
    assert list(by_id) == sorted(by_id)  # doc_id order: deterministic
    assert {"2018/04/a.txt", "b.txt", "empty.txt", "blank.txt", "scan.txt", "dangling.txt"} <= set(by_id)
    assert "broken symbolic link" in by_id["dangling.txt"].error
    loops = [e for e in inputs if e.error and "loop" in e.error]
    assert [e.doc_id for e in loops] == ["2018/loop"]
    assert skipped == 1  # notes.md, left out by the default glob


def test_reading_gives_text_or_a_reason_for_each_input(tree):
    inputs, _ = discover([str(tree)])
    read = {e.doc_id: e.read() for e in inputs}
    assert read["2018/04/a.txt"].text == TEXT and read["b.txt"].encoding == "cp1251"
    assert read["empty.txt"].error == "empty file"
    assert "only whitespace" in read["blank.txt"].error
    assert "PDF" in read["scan.txt"].error
    assert all((e.text is None) != (e.error is None) for e in read.values())


def test_globs_choose_the_files(tree):
    inputs, _ = discover([str(tree)], globs=["*.md"])
    assert [e.doc_id for e in inputs if not e.error] == ["notes.md"]


def test_several_paths_get_ids_relative_to_their_common_folder(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt").write_text(TEXT, encoding="utf-8")
    inputs, _ = discover([str(tmp_path / "a"), str(tmp_path / "b")])
    assert [e.doc_id for e in inputs] == ["a/x.txt", "b/x.txt"]


def test_the_same_file_given_twice_is_analysed_once(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text(TEXT, encoding="utf-8")
    inputs, _ = discover([str(path), str(path)])
    assert [e.doc_id for e in inputs] == ["x.txt"]


@pytest.fixture
def loops(tmp_path):
    root = tmp_path / "floop"
    root.mkdir()
    (root / "a.txt").symlink_to("b.txt")
    (root / "b.txt").symlink_to("a.txt")
    (root / "self.txt").symlink_to("self.txt")
    (root / "gone.txt").symlink_to("nowhere.txt")
    return root


def test_file_symlink_loops_are_reported_as_loops(loops):
    errors = {entry.doc_id: entry.error for entry in discover([str(loops)])[0]}
    assert errors == {
        "a.txt": "symbolic link loop (a.txt → b.txt → a.txt)",
        "b.txt": "symbolic link loop (b.txt → a.txt → b.txt)",
        "self.txt": "symbolic link loop (self.txt → self.txt)",
        "gone.txt": "broken symbolic link to nowhere.txt",
    }


@pytest.mark.parametrize("extra", [["a.txt"], ["self.txt", "gone.txt"], ["gone.txt", "gone.txt"], ["."]])
def test_an_input_reached_twice_is_reported_once_under_its_own_id(loops, extra):
    inputs, _ = discover([str(loops), *(str(loops / name) for name in extra)])
    assert [entry.doc_id for entry in inputs] == ["a.txt", "b.txt", "gone.txt", "self.txt"]
    assert "loop" in inputs[0].error


def test_a_dangling_link_given_alone_is_reported_as_such(loops):
    assert [e.error for e in discover([str(loops / "self.txt")])[0]] == ["symbolic link loop (self.txt → self.txt)"]
    assert [e.error for e in discover([str(loops / "gone.txt")] * 2)[0]] == ["broken symbolic link to nowhere.txt"]


def test_missing_path_is_an_entry_with_a_reason(tmp_path):
    inputs, _ = discover([str(tmp_path / "nowhere.txt")])
    assert inputs[0].error == "no such file or folder"


def test_size_limit_is_reported_not_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(TEXT * 100, encoding="utf-8")
    entry = InputFile("big.txt", str(path), path).read(max_bytes=1000)
    assert entry.text is None and "too large" in entry.error and "--max-bytes" in entry.error


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_reported(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    entry = InputFile("secret.txt", str(path), path).read()
    assert entry.error.startswith("cannot read")


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_a_file_that_fails_to_read_is_reported_even_as_root(tmp_path):
    # reading /proc/self/mem at offset 0 fails with EIO, whoever reads it
    (tmp_path / "device.txt").symlink_to("/proc/self/mem")
    [entry] = discover([str(tmp_path)])[0]
    assert entry.read().text is None and entry.error.startswith("cannot read")


def _read_without_hanging(entry: InputFile) -> InputFile:
    """``entry.read()`` in a thread, so that a read that blocks fails the test instead of hanging it."""
    reader = threading.Thread(target=entry.read, daemon=True)
    reader.start()
    reader.join(timeout=60)
    if reader.is_alive():  # blocked opening a FIFO: a writer lets it go before the test fails
        os.close(os.open(entry.path, os.O_WRONLY | os.O_NONBLOCK))
        reader.join()
        pytest.fail(f"reading {entry.source} blocked")
    return entry


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_reported_without_being_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    [entry] = discover([str(tmp_path)])[0]
    assert _read_without_hanging(entry).error == "not a regular file (fifo)"


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="needs /dev/null")
def test_a_device_is_reported_as_not_a_regular_file(tmp_path):
    (tmp_path / "null.txt").symlink_to("/dev/null")
    [entry] = discover([str(tmp_path)])[0]
    assert _read_without_hanging(entry).error == "not a regular file (character device)"


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_a_socket_is_reported_as_not_a_regular_file(tmp_path):
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tmp_path / "socket.txt"))
        [entry] = discover([str(tmp_path)])[0]
        assert _read_without_hanging(entry).error == "not a regular file (socket)"
