"""An interactive view of the graph: one self-contained HTML file that works offline.

``diplograph.view(corpus_or_graph)`` shows it in Jupyter (in an iframe, so its script runs in JupyterLab and
the classic notebook alike); ``diplograph graph records.jsonl --output graph.html`` and :func:`write_html`
write it to a file. The page holds the graph as JSON and a small script of its own (a force layout, zoom and
pan, dragging, a search box, kinds to show or hide, details of the node under the pointer, its neighbours
highlighted on click): no script, stylesheet or font is loaded from anywhere, so it opens from a disk, a mail
attachment or an air-gapped machine. Nothing here needs matplotlib.

Colours follow :mod:`diplograph.viz.plot`: actors by the state they represent (German names), actors of
international bodies as hexagons, actors without a known state hollow and dashed ("unbekannt"), meetings as
grey squares (hollow when planned, red cross when cancelled), places green, states yellow.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import networkx as nx

from diplograph.network.graph import as_graph

# matplotlib's tab20 (dark shades first, grey left out) and a palette for international bodies, as plot.py
STATE_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
                 "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#dbdb8d", "#9edae5"]
BODY_PALETTE = ["#00695c", "#6a1b9a", "#283593", "#ad1457", "#4e342e", "#37474f"]
KIND_COLOURS = {"meeting": "#555555", "place": "#34a853", "state": "#fbbc05"}
ATTRIBUTES = ("label", "kind", "country", "roles", "aliases", "type", "status", "date", "place", "parties", "sources",
              "article_ids", "evidence", "latitude", "longitude", "code")


def _caption(attrs: dict) -> str:
    """'talks 2025-06-02 Paris': type, date and place of a meeting (the full label is in its details)."""
    return " ".join(str(attrs[k]) for k in ("type", "date", "place") if attrs.get(k)) or "meeting"


def graph_data(graph: nx.Graph) -> dict:
    """The JSON the page draws: nodes (id, label, kind, colour, shape, attributes) and edges, plus the legend."""
    from diplograph.viz.state_names import actor_group, state_name

    groups = {n: actor_group(a.get("country")) for n, a in graph.nodes(data=True) if a.get("kind") == "actor"}
    states = sorted({code for kind, code in groups.values() if kind == "state"}, key=state_name)
    bodies = sorted({code for kind, code in groups.values() if kind == "body"})
    colour = {code: STATE_PALETTE[i % len(STATE_PALETTE)] for i, code in enumerate(states)}
    colour.update({code: BODY_PALETTE[i % len(BODY_PALETTE)] for i, code in enumerate(bodies)})
    nodes = []
    for node, attrs in graph.nodes(data=True):
        kind = str(attrs.get("kind") or "other")
        info = {key: attrs[key] for key in ATTRIBUTES if attrs.get(key) not in (None, "")}
        item = {"id": str(node), "label": str(attrs.get("label") or node), "kind": kind, "info": info,
                "shape": "circle", "colour": KIND_COLOURS.get(kind, "#9e9e9e"), "hollow": False, "dashed": False}
        if kind == "actor":
            group, code = groups[node]
            if group == "unknown":
                item.update(colour="#616161", hollow=True, dashed=True, group="unbekannt")
            else:
                item.update(colour=colour[code], shape="hexagon" if group == "body" else "circle",
                            group=state_name(code))
        elif kind == "meeting":
            status = str(attrs.get("status") or "held")
            item.update(shape="square", hollow=status != "held", cross=status == "cancelled",
                        size=float(attrs.get("sources") or 1), label=_caption(attrs))
        elif kind == "state":
            item["label"] = state_name(str(attrs.get("code") or attrs.get("label") or node))
        nodes.append(item)
    edges = [{"source": str(u), "target": str(v), "relation": str(a.get("relation") or "")}
             for u, v, a in graph.edges(data=True)]
    legend = ([{"label": state_name(c), "colour": colour[c], "shape": "circle"} for c in states]
              + [{"label": state_name(c), "colour": colour[c], "shape": "hexagon"} for c in bodies])
    if any(kind == "unknown" for kind, _ in groups.values()):
        legend.append({"label": "unbekannt (no state found)", "colour": "#616161", "shape": "circle", "hollow": True})
    return {"nodes": nodes, "edges": edges, "legend": legend}


def graph_html(data: Any, *, title: str = "diplograph: who met whom") -> str:
    """The whole page for a graph, :class:`~diplograph.Corpus` or records: HTML, CSS, script and data inline."""
    payload = json.dumps(graph_data(as_graph(data)), ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c")  # no "</script>" or "<!--" can end the data element early
    page, script = _template()
    return page.replace("__TITLE__", html.escape(title)).replace("__SCRIPT__", script).replace("__DATA__", payload)


def write_html(graph: Any, path: str | Path, *, title: str = "diplograph: who met whom") -> Path:
    """Write the interactive page (one file, works offline)."""
    path = Path(path)
    path.write_text(graph_html(graph, title=title), encoding="utf-8")
    return path


class View:
    """The interactive page; Jupyter shows it (in an iframe), :meth:`save` writes it."""

    def __init__(self, page: str, height: int = 640) -> None:
        self.html = page
        self.height = height

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" style="width:100%;height:{self.height}px;'
                'border:1px solid #ddd" sandbox="allow-scripts"></iframe>')

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path

    def __repr__(self) -> str:
        return f"<diplograph.View: {len(self.html)} characters of HTML; .save(path) writes it>"


def view(data: Any, *, height: int = 640, title: str = "diplograph: who met whom") -> View:
    """An interactive view of a :class:`~diplograph.Corpus`, a graph or records (see the module docstring)."""
    return View(graph_html(data, title=title), height=height)


RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def _template() -> tuple[str, str]:
    """The page (resources/interactive.html) and its script (resources/interactive.js)."""
    return ((RESOURCES / "interactive.html").read_text(encoding="utf-8"),
            (RESOURCES / "interactive.js").read_text(encoding="utf-8"))


__all__ = ["View", "graph_data", "graph_html", "view", "write_html"]
