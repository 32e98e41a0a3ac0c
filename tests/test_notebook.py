"""notebooks/explore.ipynb runs top to bottom without errors, shows its pictures inline (with the kernel's own
matplotlib backend, as users get it: no %matplotlib inline, no MPLBACKEND), writes nothing to stderr (no
warnings), writes its files, and finds data/ from the repository root as well as from notebooks/."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
WIDGET = "application/vnd.jupyter.widget-view+json"


def _outputs(notebook) -> list:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


def test_explore_notebook_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel picks its inline backend, as for users
    path = NOTEBOOKS / "explore.ipynb"
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), \
        "commit the notebook without outputs"
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert "%matplotlib" not in code and "MPLBACKEND" not in code
    prose = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert '.[notebook]' in prose, "the notebook says how to install what it needs"
    started = time.time()
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=300,
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    for name in ("network.png", "timeline.png", "meetings.graphml", "meetings.gexf", "graph.html"):
        out = NOTEBOOKS / "out" / name
        assert out.is_file() and out.stat().st_mtime >= started - 1, f"{name} was not written"
        assert out.stat().st_size > 1000
    outputs = _outputs(notebook)
    stderr = [o.get("text", "") for o in outputs if o.output_type == "stream" and o.get("name") == "stderr"]
    assert stderr == [], f"the notebook writes to stderr (warnings?): {stderr}"
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    widgets = [o for o in outputs if WIDGET in o.get("data", {})]
    assert len(images) >= 3, f"{len(images)} inline pictures (network, timeline, timeline by actor expected)"
    assert len(images) + len(widgets) >= 3
    assert not any(o.get("data", {}).get("text/plain", "").startswith("<Figure size") and "image/png"
                   not in o.get("data", {}) for o in outputs), "a figure shown as text, not as a picture"
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    assert any("spans" in o["data"]["text/html"] for o in html), "displaCy output missing"


def test_notebook_finds_the_data_from_the_repository_root() -> None:
    """Its first code cell, run with the repository root as the working directory."""
    notebook = nbformat.read(NOTEBOOKS / "explore.ipynb", as_version=4)
    first = next(cell for cell in notebook.cells if cell.cell_type == "code")
    probe = nbformat.v4.new_code_cell("print(DATA.resolve(), OUT.resolve())")
    small = nbformat.v4.new_notebook(cells=[first, probe], metadata=notebook.metadata)
    nbclient.NotebookClient(small, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    printed = small.cells[1].outputs[0]["text"].split()
    assert printed == [str((ROOT / "data").resolve()), str((NOTEBOOKS / "out").resolve())]
