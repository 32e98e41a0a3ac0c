"""Pictures with matplotlib: the actor–meeting network and a timeline of meetings.

Needs the ``notebook`` extra (``pip install "diplograph[notebook]"``: matplotlib, and scipy for the network
layout). Both functions return a ``matplotlib.figure.Figure`` and save it when given ``path`` (PNG, or what
the suffix says). The figure is made with pyplot and closed at once: Jupyter shows it inline as the value of
a cell, once, without ``%matplotlib inline``, and scripts that draw many figures do not collect open ones.

The network is laid out so that its labels do not overlap one another or the nodes, and nothing lies
outside the figure: each label takes the first free place around its node (below, above, beside...). States
have their German names (CLDR via Babel), international bodies (EU, NATO, UN...) are hexagons of their own
colours, and actors whose state is not known are drawn hollow and dashed, "unbekannt" in the legend.

This module is the public entry; the work is done by ``network_layout`` and ``label_placement`` (where the
nodes and labels go), ``network_picture`` and ``timeline_picture`` (the drawing), ``meeting_table`` (the
meetings as rows and dated lanes), ``plot_style`` (colours and markers) and ``figures`` (making and saving).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

try:
    import matplotlib.pyplot  # noqa: F401 - the pictures are pyplot figures
    import scipy  # noqa: F401 - networkx's Kamada-Kawai layout needs it
except ImportError as err:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        f"diplograph.viz.plot needs matplotlib and scipy ({err.name} is missing); install them with: "
        'pip install "diplograph[notebook]"', name=err.name) from err

import networkx as nx
from matplotlib.figure import Figure

from diplograph.network.graph import as_graph
from diplograph.viz.figures import save_figure
from diplograph.viz.meeting_table import dated_meetings, events_table
from diplograph.viz.network_layout import layout
from diplograph.viz.network_picture import draw_empty_network, draw_network
from diplograph.viz.state_names import INTERNATIONAL_BODIES, state_name
from diplograph.viz.timeline_picture import draw_timeline


def network(graph: Any, path: str | Path | None = None, *, isolated: bool = False, seed: int = 7,
            title: str | None = "Who met whom") -> Figure:
    """Actors (coloured by the state they represent) linked to the meetings they took part in.

    ``graph``: the graph of :func:`diplograph.build_graph`, a :class:`~diplograph.Corpus` or records.
    Meetings are squares sized by their number of sources (articles); hollow = planned, crossed =
    cancelled. Actors of international bodies are hexagons; actors without a known state are hollow, dashed
    circles ("unbekannt"). ``isolated=True`` also draws actors without any meeting.
    """
    sub, hidden = _actor_meeting_graph(as_graph(graph), isolated)
    if sub.number_of_nodes() == 0:
        fig = draw_empty_network(title)
    else:
        pos = layout(sub, seed)
        scale = 1.0
        for _ in range(4):  # a larger figure when the labels do not fit
            fig, overlaps = draw_network(sub, pos, hidden, title, scale)
            if not overlaps:
                break
            scale *= 1.25
    save_figure(fig, path)
    return fig


def _actor_meeting_graph(g: Any, isolated: bool) -> tuple[nx.Graph, int]:
    """Actors and meetings of ``g`` linked by who took part; without actors that met no one unless
    ``isolated``, and how many were left out."""
    keep = [n for n, k in g.nodes(data="kind") if k in {"actor", "meeting"}]
    sub = nx.Graph()
    sub.add_nodes_from((n, g.nodes[n]) for n in keep)
    sub.add_edges_from((u, v) for u, v, rel in g.edges(data="relation") if rel == "participated_in"
                       and u in sub and v in sub)
    hidden = 0
    if not isolated:
        lonely = [n for n in sub if sub.degree(n) == 0 and sub.nodes[n].get("kind") == "actor"]
        hidden = len(lonely)
        sub.remove_nodes_from(lonely)
    return sub, hidden


def timeline(events: Any, path: str | Path | None = None, *, by: str = "parties",
             title: str | None = "Meetings over time") -> Figure:
    """Meetings on a time axis, one row per pair (set) of parties (``by="parties"``) or per actor
    (``by="actors"``). Marker shape and colour = type; filled = held, hollow = planned, crossed =
    cancelled; a month-precise date is drawn as a bar over the month. Undated meetings are counted in
    the title. The time axis reaches far enough beyond the first and last meeting that no marker, bar or
    place name is cut at its edges.
    """
    if by not in {"parties", "actors"}:
        raise ValueError("by must be 'parties' or 'actors'")
    placed, undated = dated_meetings(events_table(events), by)
    fig = draw_timeline(placed, undated, title)
    save_figure(fig, path)
    return fig


__all__ = ["INTERNATIONAL_BODIES", "events_table", "network", "state_name", "timeline"]
