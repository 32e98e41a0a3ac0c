"""The interactive view: one self-contained HTML file (no script, stylesheet or font from the network), from
``diplograph.view``, ``export.write_graph`` and ``diplograph graph --output graph.html``; its script runs (under
node with a minimal DOM, and in a headless browser when there is one)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import diplograph
from diplograph import Corpus
from diplograph.cli import EXIT_OK, main
from diplograph.viz.interactive import graph_html, write_html

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def example(nlp) -> Corpus:
    return Corpus.from_jsonl(DATA / "articles.jsonl", nlp=nlp, progress=False)


def _data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert match, "the graph data element is missing"
    return json.loads(match.group(1))


def small_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node("a:1", kind="actor", label="Anna Beispiel", country="DE")
    g.add_node("a:2", kind="actor", label="</script><script>alert(1)</script> <!-- Karl", country=None)
    g.add_node("a:3", kind="actor", label="Ursula Probe", country="EU")
    g.add_node("m:1", kind="meeting", label="talks", type="talks", status="cancelled", date="2025-03-05")
    for actor in ("a:1", "a:2", "a:3"):
        g.add_edge(actor, "m:1", relation="participated_in")
    return g


def test_the_page_is_self_contained_and_holds_the_graph() -> None:
    page = graph_html(small_graph())
    assert page.startswith("<!DOCTYPE html>")
    assert not REMOTE.search(page), REMOTE.search(page)
    assert "<link" not in page and not re.search(r"<script[^>]*\bsrc=", page)
    assert page.count("</script>") == 2  # the data and the script: a label cannot close either early
    data = _data(page)
    assert {n["label"] for n in data["nodes"]} >= {"Anna Beispiel", "</script><script>alert(1)</script> <!-- Karl"}
    legend = [item["label"] for item in data["legend"]]
    assert "Deutschland" in legend and "Europäische Union" in legend and any("unbekannt" in x for x in legend)
    assert next(n for n in data["nodes"] if n["id"] == "a:3")["shape"] == "hexagon"
    assert next(n for n in data["nodes"] if n["id"] == "m:1")["cross"] is True


def test_view_in_jupyter_and_save(example: Corpus, tmp_path: Path) -> None:
    shown = diplograph.view(example)
    frame = shown._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and "&lt;script" in frame and "<script" not in frame
    path = shown.save(tmp_path / "view.html")
    assert len(_data(path.read_text(encoding="utf-8"))["nodes"]) == example.graph().number_of_nodes()
    assert diplograph.view(example.graph()).html == shown.html


def test_cli_writes_the_html_view(example: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = example.to_jsonl(tmp_path / "records.jsonl")
    out = tmp_path / "graph.html"
    assert main(["graph", str(records), "--output", str(out)]) == EXIT_OK
    page = out.read_text(encoding="utf-8")
    assert not REMOTE.search(page)
    labels = {n["label"] for n in _data(page)["nodes"] if n["kind"] == "actor"}
    assert {"Johann Wadephul", "Mark Rutte"} <= labels
    assert capsys.readouterr().err.rstrip().endswith("graph.html")


def test_no_matplotlib_needed(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['matplotlib'] = None\n"
            "import networkx as nx\nfrom diplograph.network.export import write_graph\n"
            "g = nx.DiGraph(); g.add_node('a', kind='actor', label='A', country='FR')\n"
            f"write_graph(g, {str(tmp_path / 'g.html')!r})\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "g.html").stat().st_size > 5000


def test_the_script_runs_under_node(example: Corpus, tmp_path: Path) -> None:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed (the script is then checked in a browser only, if there is one)")
    page = write_html(example.graph(), tmp_path / "g.html")
    done = subprocess.run([node, str(ROOT / "tests" / "js" / "dom_stub.js"), str(page)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    graph = example.graph()
    assert result["nodes"] == graph.number_of_nodes() and result["edges"] == graph.number_of_edges()
    assert result["finite"] and result["legend"] >= 5
    assert result["count"].endswith(f"of {graph.number_of_nodes()} nodes")  # places and states hidden at first


def test_the_page_renders_in_a_headless_browser(tmp_path: Path) -> None:
    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
                    if shutil.which(b)), None)
    if browser is None:
        pytest.skip("no headless Chromium or Chrome installed")
    page = write_html(small_graph(), tmp_path / "g.html")
    done = subprocess.run([browser, "--headless", "--disable-gpu", "--no-sandbox", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count('class="node actor') == 3 and "4 of 4 nodes" in done.stdout
    shot = tmp_path / "g.png"
    done = subprocess.run([browser, "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
                           "--window-size=900,700", f"--screenshot={shot}", page.as_uri()],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and shot.exists(), done.stderr
    from PIL import Image

    colours = Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 20  # the graph drew: not a blank page


@pytest.mark.parametrize(("filters", "expected"), [
    ({"status": "held"}, {"held"}), ({"status": "planned"}, {"planned"}),
    ({"from": "2025-03-01", "to": "2025-03-31"}, {"held"}),
])
def test_status_and_date_filters(tmp_path: Path, filters: dict, expected: set) -> None:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed")
    graph = nx.DiGraph()
    graph.add_node("actor:a", kind="actor", label="A", country="FR")
    graph.add_node("m1", kind="meeting", label="m1", status="held", date="2025-03-04")
    graph.add_node("m2", kind="meeting", label="m2", status="planned", date="2025-06")
    graph.add_edges_from([("actor:a", "m1"), ("actor:a", "m2")])
    page = write_html(graph, tmp_path / "g.html")
    done = subprocess.run([node, str(ROOT / "tests" / "js" / "dom_stub.js"), str(page), "", json.dumps(filters)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)["count"]
    assert shown == f"{1 + len(expected)} of 3 nodes"
