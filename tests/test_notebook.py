"""notebooks/explore.ipynb runs top to bottom without errors and writes its pictures."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_explore_notebook_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    path = NOTEBOOKS / "explore.ipynb"
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "commit the notebook without outputs"
    started = time.time()
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=300,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    for name in ("network.png", "timeline.png", "meetings.graphml", "meetings.gexf"):
        out = NOTEBOOKS / "out" / name
        assert out.is_file() and out.stat().st_mtime >= started - 1, f"{name} was not written"
        assert out.stat().st_size > 1000
    html = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs
            if "text/html" in o.get("data", {})]
    assert any("spans" in o["data"]["text/html"] for o in html), "displaCy output missing"
