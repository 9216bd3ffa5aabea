"""Regenerate ``docs/images/show.png``: the ``ruevents show --html`` page of a sample text in headless Chromium.

    .venv/bin/python docs/images/make_show_screenshot.py            # writes docs/images/show.png
    .venv/bin/python docs/images/make_show_screenshot.py -o out.png data/sample/06_putin_aliev_baku.txt

``tests/test_show_screenshot.py`` runs the same functions and checks the
picture, so the page is known to render.  Needs ``chromium`` on the PATH
(Debian: ``apt-get install -y chromium``) or ``$RUEVENTS_CHROMIUM``.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SAMPLE = REPO / "data" / "sample" / "01_lavrov_vang_i.txt"
DEFAULT_OUTPUT = REPO / "docs" / "images" / "show.png"
WINDOW = (1200, 1600)

# Headless, offline and quiet: no first-run pages, no background network
# traffic, a throw-away profile.  --no-sandbox because CI runs as root.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    """``$RUEVENTS_CHROMIUM``, else the first Chromium-like browser on the PATH."""
    if os.environ.get("RUEVENTS_CHROMIUM"):
        return os.environ["RUEVENTS_CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def sample_page(sample: Path = DEFAULT_SAMPLE) -> str:
    """The HTML page of one sample text, with its date from the sample's dates.csv."""
    import ruevents
    from ruevents import render

    text = sample.read_text(encoding="utf-8")
    date = None
    manifest = sample.parent / "dates.csv"
    if manifest.is_file():
        with manifest.open(encoding="utf-8", newline="") as handle:
            date = next((row["date"] for row in csv.DictReader(handle) if row["doc_id"] == sample.name), None)
    record = ruevents.extract(text, date=date, doc_id=sample.name, source=f"data/sample/{sample.name}")
    return render.html_page(text, record)


def screenshot(html_path: Path, png_path: Path, *, window: tuple[int, int] = WINDOW, chromium: str | None = None, timeout: float = 120) -> Path:
    """Render ``html_path`` in headless Chromium into ``png_path`` (the window's size)."""
    chromium = chromium or find_chromium()
    if chromium is None:
        raise FileNotFoundError("expected chromium on the PATH or in $RUEVENTS_CHROMIUM, got none")
    png_path = png_path.resolve()
    png_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="ruevents-chromium-") as profile:
        command = [
            chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={png_path}",
            f"--window-size={window[0]},{window[1]}", html_path.resolve().as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0 or not png_path.is_file():
        raise RuntimeError(f"expected chromium to write {png_path}, got exit code {done.returncode}: {done.stderr[-2000:]}")
    return png_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sample", nargs="?", type=Path, default=DEFAULT_SAMPLE, help="a text file (default: %(default)s)")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="the PNG to write (default: %(default)s)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ruevents-show-") as folder:
        page = Path(folder) / "show.html"
        page.write_text(sample_page(args.sample), encoding="utf-8")
        screenshot(page, args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
