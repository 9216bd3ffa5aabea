"""The notebooks in notebooks/: stored without outputs, and every one runs from top to bottom.

Execution uses a kernel spec written into a temporary folder that starts this
very interpreter, so a fresh virtual environment needs no ``ipykernel install``;
the notebooks write into a temporary folder (``RUEVENTS_NOTEBOOK_OUT``), never
into the repository.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
EXPECTED = ["01_quickstart.ipynb", "02_corpus_exploration.ipynb", "03_quality.ipynb"]
KERNEL_NAME = "ruevents-test-python"


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_three_notebooks_are_there():
    assert [path.name for path in notebook_paths()] == EXPECTED


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, f"{path.name} has no code"
    for index, cell in enumerate(code):
        assert cell.outputs == [] and cell.execution_count is None, (
            f"{path.name}, code cell {index}: clear the outputs before committing (Jupyter: Edit → Clear Outputs of All Cells)"
        )
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """A kernel spec for this interpreter, in a temporary JUPYTER_PATH, and private Jupyter/IPython folders."""
    pytest.importorskip("ipykernel")
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "data" / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "ruevents tests", "language": "python",
    }), encoding="utf-8")
    return {
        "JUPYTER_PATH": str(root / "data"),
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
        "JUPYTER_CONFIG_DIR": str(root / "config"),
        "IPYTHONDIR": str(root / "ipython"),
    }


@pytest.mark.slow
@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, kernel_env, tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    for name, value in kernel_env.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "out"
    monkeypatch.setenv("RUEVENTS_NOTEBOOK_OUT", str(out))
    before = sorted(p.name for p in NOTEBOOKS.iterdir())

    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook, kernel_name=KERNEL_NAME, timeout=900, resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    try:
        client.execute()
    finally:
        nbformat.write(notebook, tmp_path / path.name)  # the executed copy, to read when something fails

    errors = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if o.output_type == "error"]
    assert errors == []
    assert any(out.iterdir()), "expected the notebook to write its outputs into RUEVENTS_NOTEBOOK_OUT"
    assert sorted(p.name for p in NOTEBOOKS.iterdir()) == before, "a notebook wrote into notebooks/"
    if path.name == "02_corpus_exploration.ipynb":
        pictures = {p.name for p in out.glob("*.png")}
        assert {"meeting_network.png", "contact_matrix.png", "timeline.png", "events_over_time.png"} <= pictures
        shown = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(shown) >= 4, "expected the figures to display in the notebook"
