"""Shared fixtures: the pipeline (loaded once) and the shared corpora folder."""

from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import settings

# CI replays the same examples every run (a red CI must mean a change broke
# something, not that the fuzzer got lucky); locally hypothesis explores freely.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


@pytest.fixture(scope="session")
def nlp():
    import ruevents

    return ruevents.load()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (public corpora and the seed article live there)")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared_dir) -> str:
    path = shared_dir / "seed" / "nato_russia_baku.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return path.read_text(encoding="utf-8")
