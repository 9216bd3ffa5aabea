"""The ``ruevents show --html`` page renders: a headless Chromium screenshot of a sample, checked pixel by pixel.

Runs ``docs/images/make_show_screenshot.py`` (the generator of
``docs/images/show.png``); skips when no Chromium is installed.  With
``RUEVENTS_SCREENSHOT_OUT=docs/images/show.png`` the picture is also kept there.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
from pathlib import Path

import pytest

from ruevents import render

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO / "docs" / "images" / "make_show_screenshot.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("make_show_screenshot", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from the PNG header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "expected a PNG signature"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def generator():
    return load_generator()


@pytest.fixture(scope="module")
def chromium(generator) -> str:
    found = generator.find_chromium()
    if found is None:
        pytest.skip("chromium is not installed (Debian: apt-get install -y chromium); set $RUEVENTS_CHROMIUM to use another")
    return found


@pytest.mark.slow
def test_show_screenshot_of_a_sample_page(generator, chromium, tmp_path):
    np = pytest.importorskip("numpy")
    image = pytest.importorskip("matplotlib.image", reason="the [analysis] extra (matplotlib) decodes the PNG")

    page = tmp_path / "show.html"
    page.write_text(generator.sample_page(), encoding="utf-8")
    png = generator.screenshot(page, tmp_path / "show.png", chromium=chromium)

    assert png_size(png.read_bytes()) == generator.WINDOW
    pixels = (image.imread(png)[..., :3] * 255).round().astype(int)
    assert pixels.shape[:2] == (generator.WINDOW[1], generator.WINDOW[0])

    # not blank: ink and colour, not a white page
    assert (pixels.min(axis=-1) < 250).mean() > 0.05
    assert (pixels.max(axis=-1) < 80).sum() > 5_000  # dark text

    # every kind of mark was drawn in its own colour: PER, LOC, ORG (МИД), times, triggers
    expected = {**render.ENTITY_COLOURS, "time": render.TIME_COLOUR, "trigger": render.TRIGGER_COLOUR}
    drawn = {name: int((np.abs(pixels - rgb(colour)).max(axis=-1) <= 2).sum()) for name, colour in expected.items()}
    assert all(count >= 500 for count in drawn.values()), drawn

    keep = os.environ.get("RUEVENTS_SCREENSHOT_OUT")
    if keep:
        shutil.copyfile(png, REPO / keep)
