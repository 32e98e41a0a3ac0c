"""Readable pictures: no overlapping or clipped labels, German state names, international bodies and unknown
states told apart, timelines without half-cut markers; matplotlib only with the notebook extra."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("scipy")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402

import diplograph.viz.plot  # noqa: E402
from diplograph import Corpus  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def example(nlp) -> Corpus:
    return Corpus.from_jsonl(DATA / "articles.jsonl", nlp=nlp, progress=False)


def _texts(fig) -> list:
    """Every drawn text: node labels, title, legend entries, tick labels of visible axes."""
    texts = []
    for ax in fig.axes:
        texts += [*ax.texts, ax.title]
        if ax.axison:  # tick labels of ticks within the view (matplotlib keeps, but does not draw, the others)
            box = ax.get_window_extent()
            texts += [t for t in ax.get_xticklabels() if box.x0 <= t.get_window_extent().x0
                      + t.get_window_extent().width / 2 <= box.x1]
            texts += [t for t in ax.get_yticklabels() if box.y0 <= t.get_window_extent().y0
                      + t.get_window_extent().height / 2 <= box.y1]
    for legend in fig.legends + [ax.get_legend() for ax in fig.axes if ax.get_legend()]:
        texts += legend.get_texts()
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def _inside(inner, outer, slack: float = 0.5) -> bool:
    return (outer.x0 - slack <= inner.x0 and inner.x1 <= outer.x1 + slack
            and outer.y0 - slack <= inner.y0 and inner.y1 <= outer.y1 + slack)


def _marker_boxes(ax) -> list:
    """Display-space boxes of every scatter marker (centre +- half its size)."""
    from matplotlib.transforms import Bbox

    boxes = []
    for collection in ax.collections:
        if not isinstance(collection, PathCollection):
            continue
        sizes = collection.get_sizes()
        for i, centre in enumerate(ax.transData.transform(collection.get_offsets())):
            half = math.sqrt(sizes[i % len(sizes)]) / 2 * ax.figure.dpi / 72
            boxes.append(Bbox.from_extents(centre[0] - half, centre[1] - half, centre[0] + half, centre[1] + half))
    return boxes


def assert_readable(fig) -> None:
    fig.canvas.draw()
    texts = _texts(fig)
    boxes = [(t.get_text(), t.get_window_extent()) for t in texts]
    overlapping = [(a, b) for (a, x), (b, y) in itertools.combinations(boxes, 2) if x.overlaps(y)]
    assert overlapping == []
    clipped = [a for a, x in boxes if not _inside(x, fig.bbox)]
    assert clipped == []
    for ax in fig.axes:
        assert all(_inside(box, ax.bbox) for box in _marker_boxes(ax)), "a marker is cut at the axes' edge"


def test_network_of_the_example_data_is_readable(example: Corpus, tmp_path: Path) -> None:
    open_before = plt.get_fignums()
    fig = diplograph.viz.plot.network(example, tmp_path / "network.png")
    assert plt.get_fignums() == open_before, "the figure must not stay open in pyplot (Jupyter would show it twice)"
    assert (tmp_path / "network.png").stat().st_size > 20_000
    assert_readable(fig)
    ax = fig.axes[0]
    labels = {t.get_text() for t in ax.texts}
    assert {"Johann Wadephul", "Sergei Lavrov", "Mark Rutte"} <= labels
    assert len(labels) >= 20  # actors and meeting captions
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert {"Deutschland", "Vereinigte Staaten", "Frankreich"} <= set(legend)
    # NATO is an international body, listed as such and not among the states
    assert legend.index("International bodies") < legend.index("NATO") < legend.index("Meetings")
    assert "NATO" not in legend[:legend.index("International bodies")]


def test_network_tells_bodies_and_unknown_states_apart(tmp_path: Path) -> None:
    g = nx.DiGraph()
    people = {"a:1": ("Anna Beispiel", "DE"), "a:2": ("Karl Muster", None), "a:3": ("Ursula Probe", "EU"),
              "a:4": ("Toni Exemple", "UN"), "a:5": ("Jean Essai", "FR")}
    for node, (name, code) in people.items():
        g.add_node(node, kind="actor", label=name, **({"country": code} if code else {}))
    g.add_node("m:1", kind="meeting", type="summit", status="held", date="2025-06-24", place="Brüssel", sources=2)
    g.add_node("m:2", kind="meeting", type="talks", status="planned", date="2025-03", place="New York")
    for person in ("a:1", "a:3", "a:5"):
        g.add_edge(person, "m:1", relation="participated_in")
    for person in ("a:1", "a:2", "a:4"):
        g.add_edge(person, "m:2", relation="participated_in")
    fig = diplograph.viz.plot.network(g)
    assert_readable(fig)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Europäische Union" in legend and "Vereinte Nationen" in legend
    assert any(text.startswith("unbekannt") for text in legend)
    ax = fig.axes[0]
    dashed = [c for c in ax.collections if isinstance(c, PathCollection)
              and any(dashes is not None and dashes[1] for dashes in c.get_linestyle())]
    assert dashed, "the actor without a state is drawn dashed"
    hexagons = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_paths()[0].vertices) == 7]
    assert len(hexagons) == 2  # the EU and UN actors


def test_state_names_are_german() -> None:
    assert diplograph.viz.plot.state_name("DE") == "Deutschland"
    assert diplograph.viz.plot.state_name("us") == "Vereinigte Staaten"
    assert diplograph.viz.plot.state_name("NATO") == "NATO"
    assert diplograph.viz.plot.state_name("XX-unknown") == "XX-unknown"


def test_timeline_has_no_half_cut_markers(example: Corpus, tmp_path: Path) -> None:
    fig = diplograph.viz.plot.timeline(example, tmp_path / "timeline.png")
    assert (tmp_path / "timeline.png").stat().st_size > 10_000
    assert_readable(fig)
    fig = diplograph.viz.plot.timeline(example, by="actors")
    assert_readable(fig)


def test_timeline_over_ten_years_keeps_its_edge_markers_whole() -> None:
    import pandas as pd

    frame = pd.DataFrame([
        {"event_id": "e1", "type": "summit", "status": "held", "date": "2015-01-01", "place": "Elmau",
         "parties": "DE; US", "participants": "Anna Beispiel"},
        {"event_id": "e2", "type": "talks", "status": "planned", "date": "2025-12", "place": "Wien",
         "parties": "AT; DE", "participants": "Karl Muster"},
        {"event_id": "e3", "type": "call", "status": "cancelled", "date": "2025-12-31", "place": None,
         "parties": "DE; US", "participants": "Anna Beispiel"},
    ])
    assert_readable(diplograph.viz.plot.timeline(frame))


def test_a_single_meeting_and_nothing_at_all_draw(tmp_path: Path) -> None:
    g = nx.DiGraph()
    g.add_node("a:1", kind="actor", label="Anna Beispiel", country="DE")
    g.add_node("m:1", kind="meeting", type="call", status="held", date="2025-01-31")
    g.add_edge("a:1", "m:1", relation="participated_in")
    assert_readable(diplograph.viz.plot.network(g))
    assert_readable(diplograph.viz.plot.timeline(g))
    assert_readable(diplograph.viz.plot.network(nx.DiGraph()))


@pytest.mark.parametrize("missing", ["matplotlib", "scipy"])
def test_without_the_notebook_extra_the_error_names_it(missing: str) -> None:
    code = (f"import sys; sys.modules[{missing!r}] = None\n"
            "try:\n    import diplograph.viz.plot\nexcept ImportError as err:\n    print(err)\n    sys.exit(3)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 3, done.stderr
    assert 'pip install "diplograph[notebook]"' in done.stdout and missing in done.stdout


def test_docs_figures_script(nlp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``python docs/make_figures.py`` (here with the session's pipeline and another output directory)."""
    import importlib.util

    import diplograph.corpus.runner

    monkeypatch.setattr(diplograph.corpus.runner, "load", lambda model="auto", **_: nlp)
    script = Path(__file__).resolve().parents[1] / "docs" / "make_figures.py"
    spec = importlib.util.spec_from_file_location("make_figures", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--out", str(tmp_path)]) == 0
    for name in ("network.png", "timeline.png"):
        assert (tmp_path / name).stat().st_size > 10_000
