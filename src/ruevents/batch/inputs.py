"""Finding the input files and turning their bytes into text, with a reason for every failure.

Every input the batch run is given ends up as an ``InputFile``: later either a
record or an error entry.  Nothing here raises for a bad file; the reason is
kept on the ``InputFile`` so the run can report it and go on.
"""

from __future__ import annotations

import codecs
import errno
import fnmatch
import html.parser
import logging
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .codepages import best_cyrillic_codepage

log = logging.getLogger(__name__)

DEFAULT_GLOBS = ("*.txt",)
STDIN = "-"
STDIN_ID = "stdin"
STDIN_SOURCE = "<stdin>"
DEFAULT_MAX_BYTES = 50_000_000

# what a binary file starts with, to say which kind it is
MAGIC = {
    b"%PDF": "PDF", b"PK\x03\x04": "ZIP (docx, xlsx, ...)", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF", b"\x1f\x8b": "gzip", b"\x7fELF": "ELF executable", b"\xd0\xcf\x11\xe0": "MS Office (doc, xls)",
    b"BZh": "bzip2", b"\xfd7zXZ": "xz", b"7z\xbc\xaf": "7-Zip", b"Rar!": "RAR", b"PAR1": "Parquet",
}
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_LINKS_SHOWN = 8                # of a symbolic link loop, in its error


class InputError(Exception):
    """An input that cannot become a text; the message says why."""


@dataclass
class InputFile:
    """One input: where it is, its id in the output, and (once read) its text or the reason it has none."""

    doc_id: str
    source: str
    path: Path | None = None          # None for stdin and for entries that are only an error
    error: str | None = None          # set when the input cannot be read at all
    text: str | None = None
    encoding: str | None = None
    note: str | None = None           # how the text was read, when not exactly as its bytes say

    def read(self, *, max_bytes: int = DEFAULT_MAX_BYTES) -> "InputFile":
        """Fill ``text`` (and ``encoding``, ``note``) or ``error``; never raises."""
        if self.error is not None or self.text is not None:
            return self
        try:
            data = _read_bytes(self.path, max_bytes=max_bytes)
            decoded = decode_text(data)
            text, self.encoding, self.note = decoded.text, decoded.encoding, decoded.note
            if self.path is not None and self.path.suffix.lower() in HTML_SUFFIXES:
                text = html_to_text(text)
            if not text.strip():
                raise InputError("no text (only whitespace)" if text else "empty file")
            self.text = text
        except InputError as error:
            self.error = str(error)
        except OSError as error:
            self.error = f"cannot read: {error.strerror or error}"
        return self


def _read_bytes(path: Path | None, *, max_bytes: int) -> bytes:
    if path is None:  # stdin
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block the run for ever; a device may never end
            raise InputError(f"not a regular file ({_file_kind(info.st_mode)})")
        if info.st_size > max_bytes:
            raise InputError(f"file too large: {info.st_size:,} bytes, the limit is {max_bytes:,} (--max-bytes)")
        # non-blocking, in case a FIFO took the file's place since the check
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError("not a regular file (it changed while being read)")
            data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"input too large: more than {max_bytes:,} bytes (--max-bytes)")
    if not data:
        raise InputError("empty file")
    return data


def _file_kind(mode: int) -> str:
    for is_kind, kind in ((stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                          (stat.S_ISBLK, "block device"), (stat.S_ISDIR, "folder")):
        if is_kind(mode):
            return kind
    return f"file type {stat.S_IFMT(mode):o}"


# ---------------------------------------------------------------- decoding


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    note: str | None = None           # for the record's errors: a text kept with invalid bytes replaced


def decode_bytes(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of news text; see ``decode_text``."""
    decoded = decode_text(data)
    return decoded.text, decoded.encoding


def decode_text(data: bytes) -> DecodedText:
    """Decode news text: BOMs, UTF-8, UTF-16, the Cyrillic code pages, UTF-8 with a few invalid bytes, then charset-normalizer.

    Raises ``InputError`` for binary or undecodable data.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                          (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return DecodedText(_checked(data.decode(encoding), encoding), encoding)
            except UnicodeDecodeError as error:
                mostly = _mostly_utf8(data, encoding) if encoding == "utf-8-sig" else None
                if mostly:
                    return mostly
                raise InputError(f"broken {encoding} text (it starts with a byte order mark): {error.reason}") from None
    for signature, kind in MAGIC.items():
        if data.startswith(signature):
            raise InputError(f"binary file ({kind}), expected text")
    if b"\x00" in data:  # before UTF-8: UTF-16 Cyrillic is valid ASCII bytes with NULs
        utf16 = _utf16_without_bom(data)
        if utf16:
            return DecodedText(_checked(data.decode(utf16), utf16), utf16)
        raise InputError("binary file (NUL bytes), expected text")
    try:
        return DecodedText(_checked(data.decode("utf-8"), "utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    cyrillic = best_cyrillic_codepage(data)
    if cyrillic:
        return DecodedText(_checked(data.decode(cyrillic), cyrillic), cyrillic)
    mostly = _mostly_utf8(data, "utf-8")
    if mostly:
        return mostly
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot detect the text encoding (not UTF-8, UTF-16, cp1251, koi8-r, ...)")
    return DecodedText(_checked(str(best), best.encoding), best.encoding)


# UTF-8 with at most this many places of invalid bytes per byte is kept (a cut
# character, a stray cp1251 letter); its valid non-ASCII characters must also
# outnumber those places tenfold, so a Latin-1 text with one «é» is not UTF-8
MOSTLY_UTF8_BAD_PLACES_PER_BYTE = 1 / 1000
MOSTLY_UTF8_VALID_PER_BAD_PLACE = 10
_ESCAPED_BAD_BYTES = re.compile("[\udc80-\udcff]+")  # invalid bytes under errors="surrogateescape"


def _mostly_utf8(data: bytes, encoding: str) -> DecodedText | None:
    """UTF-8 with a few invalid bytes, read with U+FFFD in their place and a note that says so; else None."""
    escaped = data.decode(encoding, errors="surrogateescape")
    places = _ESCAPED_BAD_BYTES.findall(escaped)
    allowed = max(1, int(len(data) * MOSTLY_UTF8_BAD_PLACES_PER_BYTE))
    bad_bytes = sum(map(len, places))
    ascii_chars = len(data.translate(None, bytes(range(0x80, 0x100))))  # ASCII bytes are never invalid
    valid_non_ascii = len(escaped) - ascii_chars - bad_bytes
    if not places or len(places) > allowed or valid_non_ascii < MOSTLY_UTF8_VALID_PER_BAD_PLACE * len(places):
        return None
    text = _checked(data.decode(encoding, errors="replace"), encoding)
    note = (f"decoded as {encoding} with {bad_bytes} invalid byte{'s' if bad_bytes > 1 else ''}"
            f" replaced by U+FFFD" + (f" in {len(places)} places" if len(places) > 1 else ""))
    return DecodedText(text, encoding, note)


def _checked(text: str, encoding: str) -> str:
    """Reject decoded text that is mostly control characters: a binary file that happened to decode."""
    sample = text[:100_000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v" or ch == "\x7f")
    if sample and controls / len(sample) > 0.02:
        raise InputError(f"binary file ({controls} control characters in the first {len(sample):,} as {encoding}), expected text")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has a NUL (Latin) or 0x04 (Cyrillic) in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for high, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        share = sum(1 for b in high[:5000] if b in (0x00, 0x04)) / min(len(high), 5000)
        if share > 0.9:
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


# ---------------------------------------------------------------- html


class _TextOfHtml(html.parser.HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "article", "section",
              "header", "footer", "blockquote", "pre", "table", "ul", "ol"}
    SKIPPED = {"script", "style", "noscript", "template", "svg"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The readable text of an HTML page: blocks become paragraphs, scripts and styles are dropped."""
    parser = _TextOfHtml()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    paragraphs, blank = [], False
    for line in lines:
        if line:
            paragraphs.append(line)
            blank = False
        elif not blank and paragraphs:
            paragraphs.append("")
            blank = True
    return unicodedata.normalize("NFC", "\n".join(paragraphs).strip()) + "\n"


# ---------------------------------------------------------------- discovery


def _matches(name: str, globs: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in globs)


def discover(paths: Sequence[str], *, globs: Sequence[str] = DEFAULT_GLOBS) -> tuple[list[InputFile], int]:
    """Every input under ``paths``, sorted by ``doc_id``, and the number of files skipped by ``globs``.

    ``doc_id`` is the path relative to the input folder ("/" separators); with
    several paths, relative to their common parent, so ids stay unique.  Broken
    symlinks, symlink loops and unreadable folders become entries with an error.
    """
    if not paths:
        raise ValueError("expected at least one PATH, got none")
    roots = list(dict.fromkeys(os.path.abspath(p) for p in paths if p != STDIN))
    if len(roots) == 1:
        base = Path(roots[0]) if Path(roots[0]).is_dir() else Path(roots[0]).parent
    elif roots:
        base = Path(os.path.commonpath(roots))
        if base.is_file():
            base = base.parent
    else:
        base = Path(".")
    found: dict[str, InputFile] = {}
    skipped = 0
    seen: set[str] = set()

    def add(entry: InputFile) -> None:
        if entry.path is not None:  # a file: the same file reached twice (two PATHs, or a symlink to it) is one input
            identity = os.path.realpath(entry.path)
        elif entry.source == STDIN_SOURCE:
            identity = STDIN_SOURCE
        else:  # an error entry: the same path reached twice (a folder and a file in it) is one input
            identity = os.path.abspath(entry.source)
        if identity in seen:
            log.info("%s: the same input as one already listed, taken once", entry.source)
            return
        seen.add(identity)
        doc_id, copy = entry.doc_id, 1
        while doc_id in found:  # two inputs, one id: only a file named like the stdin id can do that
            copy += 1
            doc_id = f"{entry.doc_id}#{copy}"
        entry.doc_id = doc_id
        found[doc_id] = entry

    def doc_id_of(path: Path) -> str:
        try:
            relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
        except ValueError:
            relative = str(path)
        return relative.replace(os.sep, "/")

    for given in paths:
        if given == STDIN:
            add(InputFile(STDIN_ID, STDIN_SOURCE, None))
            continue
        path = Path(given)
        if path.is_symlink() and not path.exists():
            add(InputFile(doc_id_of(path), str(path), None, error=_dangling_link_error(path)))
        elif path.is_dir():
            skipped += _walk(path, globs, add, doc_id_of)
        elif path.exists():
            add(InputFile(doc_id_of(path), str(path), path))
        else:
            add(InputFile(doc_id_of(path), str(path), None, error="no such file or folder"))
    return [found[key] for key in sorted(found)], skipped


def _walk(root: Path, globs: Sequence[str], add, doc_id_of) -> int:
    """Walk ``root`` following symlinks, reporting loops and broken links instead of failing."""
    skipped = 0
    active: set[str] = set()

    def visit(folder: Path) -> None:
        nonlocal skipped
        real = os.path.realpath(folder)
        if real in active:
            add(InputFile(doc_id_of(folder), str(folder), None, error=f"symbolic link loop (back to {real})"))
            return
        active.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            add(InputFile(doc_id_of(folder), str(folder), None, error=f"cannot list folder: {error.strerror or error}"))
            active.discard(real)
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                visit(path)
            elif entry.is_symlink() and not path.exists():
                if _matches(entry.name, globs):
                    add(InputFile(doc_id_of(path), str(path), None, error=_dangling_link_error(path)))
            elif _matches(entry.name, globs):
                add(InputFile(doc_id_of(path), str(path), path))
            else:
                skipped += 1
        active.discard(real)

    visit(root)
    return skipped


def _dangling_link_error(path: Path) -> str:
    """Why a symbolic link leads to no file: it loops (a.txt → b.txt → a.txt), or its target is missing."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno != errno.ELOOP:
            return f"broken symbolic link to {os.readlink(path)}"
    chain, link, visited = [path.name], path, {os.path.abspath(path)}
    while len(chain) <= MAX_LINKS_SHOWN:
        target = os.readlink(link)
        chain.append(target)
        link = link.parent / target
        if os.path.abspath(link) in visited or not link.is_symlink():
            break
        visited.add(os.path.abspath(link))
    else:
        chain.append("...")
    return "symbolic link loop (" + " → ".join(chain) + ")"


def read_all(inputs: Iterable[InputFile], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[InputFile]:
    for entry in inputs:
        yield entry.read(max_bytes=max_bytes)
