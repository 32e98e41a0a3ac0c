"""Pictures with matplotlib: the actor–meeting network and a timeline of meetings.

Needs the ``notebook`` extra (``pip install "diplograph[notebook]"``: matplotlib, and scipy for the network
layout). Both functions return a ``matplotlib.figure.Figure`` and save it when given ``path`` (PNG, or what
the suffix says). The figure is made with pyplot and closed at once: Jupyter shows it inline as the value of
a cell, once, without ``%matplotlib inline``, and scripts that draw many figures do not collect open ones.

The network is laid out so that its labels do not overlap one another or the nodes, and nothing lies
outside the figure: each label takes the first free place around its node (below, above, beside...). States
have their German names (CLDR via Babel), international bodies (EU, NATO, UN...) are hexagons of their own
colours, and actors whose state is not known are drawn hollow and dashed, "unbekannt" in the legend.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

try:
    import matplotlib.pyplot as plt
    import scipy  # noqa: F401 - networkx's Kamada-Kawai layout needs it
except ImportError as err:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        f"diplograph.viz.plot needs matplotlib and scipy ({err.name} is missing); install them with: "
        'pip install "diplograph[notebook]"', name=err.name) from err

import networkx as nx
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from diplograph.network.graph import as_graph
from diplograph.viz.state_names import INTERNATIONAL_BODIES, UNKNOWN_LABEL, actor_group, state_name

TYPE_MARKERS = {"meeting": "o", "talks": "s", "summit": "*", "visit": "D", "call": "^"}
TYPE_COLOURS = {"meeting": "#1f77b4", "talks": "#2ca02c", "summit": "#9467bd", "visit": "#ff7f0e",
                "call": "#17becf"}
STATUS_STYLE = {"held": "filled", "planned": "hollow", "cancelled": "crossed"}
NO_STATE = "#bdbdbd"
UNKNOWN_FACE, UNKNOWN_EDGE = "#f5f5f5", "#616161"
MEETING_COLOUR = "#555555"
DPI = 150
BODY_PALETTE = ["#00695c", "#6a1b9a", "#283593", "#ad1457", "#4e342e", "#37474f"]
ACTOR_SIZE = 260  # marker area in points^2
LABEL_GAP = 3.0  # points between a label and the things around it


def _figure(size: tuple[float, float]) -> Figure:
    """A pyplot figure (in Jupyter this sets up the inline display of figures), closed at once so that it is
    shown once (as a cell's value) and never piles up, then given an Agg canvas (closing left one that does
    not draw), so that ``fig.canvas.draw()`` and ``fig.savefig()`` work everywhere."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = plt.figure(figsize=size, dpi=100, layout="constrained")
    plt.close(fig)
    FigureCanvasAgg(fig)
    return fig


def _freeze_layout(fig: Figure) -> None:
    """Run the constrained layout once and keep its result (label placement needs fixed axes)."""
    fig.draw_without_rendering()
    fig.set_layout_engine("none")


def _state_colours(codes: Iterable[str]) -> dict[str, Any]:
    from matplotlib import colormaps

    palette = colormaps["tab20"].colors + colormaps["tab20b"].colors
    ordered = sorted(set(codes), key=lambda c: state_name(c))
    # tab20 alternates dark/light shades: the dark ones first, then the light ones; grey (7, 15) is left out
    # because it is the colour of "unbekannt"
    order = [i for i in list(range(0, 20, 2)) + list(range(1, 20, 2)) if i not in (14, 15)] + list(range(20, 40))
    return {code: palette[order[i % len(order)]] for i, code in enumerate(ordered)}


def _save(fig: Figure, path: str | Path | None) -> None:
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=DPI, facecolor="white")


# -- network ------------------------------------------------------------------------------------------------

def network(graph: Any, path: str | Path | None = None, *, isolated: bool = False, seed: int = 7,
            title: str | None = "Who met whom") -> Figure:
    """Actors (coloured by the state they represent) linked to the meetings they took part in.

    ``graph``: the graph of :func:`diplograph.build_graph`, a :class:`~diplograph.Corpus` or records.
    Meetings are squares sized by their number of sources (articles); hollow = planned, crossed =
    cancelled. Actors of international bodies are hexagons; actors without a known state are hollow, dashed
    circles ("unbekannt"). ``isolated=True`` also draws actors without any meeting.
    """
    g = as_graph(graph)
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
    if sub.number_of_nodes() == 0:
        fig = _figure((7.0, 4.0))
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no meetings to draw", ha="center", va="center", transform=ax.transAxes)
        if title:
            ax.set_title(f"{title}: 0 actors, 0 meetings", fontsize=12)
        _save(fig, path)
        return fig
    pos = _layout(sub, seed)
    scale = 1.0
    for _ in range(4):  # a larger figure when the labels do not fit
        fig, overlaps = _draw_network(sub, pos, hidden, title, scale)
        if not overlaps:
            break
        scale *= 1.25
    _save(fig, path)
    return fig


def _draw_network(sub: nx.Graph, pos: dict, hidden: int, title: str | None, scale: float) -> tuple[Figure, int]:
    actors = [a for a in sub if sub.nodes[a].get("kind") == "actor"]
    meetings = [m for m in sub if sub.nodes[m].get("kind") == "meeting"]
    groups = {a: actor_group(sub.nodes[a].get("country")) for a in actors}
    colours = _state_colours(code for kind, code in groups.values() if kind == "state")
    bodies = sorted({code for kind, code in groups.values() if kind == "body"})
    body_colours = {b: BODY_PALETTE[i % len(BODY_PALETTE)] for i, b in enumerate(bodies)}
    unknown = any(kind == "unknown" for kind, _ in groups.values())

    xs, ys = zip(*pos.values(), strict=True)
    width_units, height_units = max(xs) - min(xs), max(ys) - min(ys)
    inch = 1.15 * scale  # inches per layout unit (one edge)
    fig = _figure((min(max(7.0, width_units * inch + 4.6), 30.0), min(max(4.5, height_units * inch + 2.0), 30.0)))
    ax = fig.add_subplot()
    ax.set_axis_off()
    if title:
        note = f" ({hidden} actor{'s' if hidden != 1 else ''} without meetings not shown)" if hidden else ""
        ax.set_title(f"{title}: {len(actors)} actors, {len(meetings)} meetings{note}", fontsize=12)
    _network_legend(fig, colours, body_colours, unknown)
    _freeze_layout(fig)

    # Axis limits that leave room for labels around the outermost nodes (in pixels, then in data units).
    box = ax.get_window_extent()
    margin_x, margin_y = 75.0, 40.0
    sx = (box.width - 2 * margin_x) / (width_units or 1.0)
    sy = (box.height - 2 * margin_y) / (height_units or 1.0)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half_w, half_h = box.width / 2 / sx, box.height / 2 / sy
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)

    for u, v in sub.edges():
        (x1, y1), (x2, y2) = pos[u], pos[v]
        ax.plot([x1, x2], [y1, y2], color="#9e9e9e", lw=1.0, alpha=0.8, zorder=1)
    markers: list[tuple[Any, float]] = []  # (node, marker radius in points)
    for actor in actors:
        kind, code = groups[actor]
        x, y = pos[actor]
        if kind == "state":
            ax.scatter([x], [y], s=ACTOR_SIZE, color=colours[code], edgecolors="white", linewidths=1.5, zorder=3)
        elif kind == "body":
            ax.scatter([x], [y], s=ACTOR_SIZE * 1.25, marker="h", color=body_colours[code], edgecolors="white",
                       linewidths=1.5, zorder=3)
        else:
            ax.scatter([x], [y], s=ACTOR_SIZE, facecolors=UNKNOWN_FACE, edgecolors=UNKNOWN_EDGE, linewidths=1.6,
                       linestyles="--", zorder=3)
        markers.append((actor, math.sqrt(ACTOR_SIZE * 1.25) / 2))
    for meeting in meetings:
        attrs = sub.nodes[meeting]
        x, y = pos[meeting]
        size = 70 + 70 * min(float(attrs.get("sources", 1) or 1), 6.0)
        status = str(attrs.get("status", "held"))
        face = "white" if status in {"planned", "cancelled"} else MEETING_COLOUR  # white: hides the edges
        ax.scatter([x], [y], s=size, marker="s", facecolors=face, edgecolors=MEETING_COLOUR, linewidths=1.6,
                   zorder=4)
        if status == "cancelled":
            ax.scatter([x], [y], s=size * 0.8, marker="x", color="#c62828", linewidths=1.8, zorder=4)
        markers.append((meeting, math.sqrt(size) / 2 * 1.15))

    labels = []
    for actor in sorted(actors, key=lambda a: -sub.degree(a)):
        text = ax.annotate(str(sub.nodes[actor].get("label", actor)), pos[actor], xytext=(0, 0),
                           textcoords="offset points", fontsize=9, zorder=6)
        labels.append((actor, text))
    for meeting in sorted(meetings, key=lambda m: -sub.degree(m)):
        text = ax.annotate(_meeting_caption(sub.nodes[meeting]), pos[meeting], xytext=(0, 0),
                           textcoords="offset points", fontsize=7, color="#424242", style="italic", zorder=6,
                           linespacing=1.1)
        labels.append((meeting, text))
    overlaps = _place_labels(fig, ax, pos, markers, labels, list(sub.edges()))
    return fig, overlaps


# Candidate places for a label around its node: (dx, dy) directions and the alignment that puts the label
# on that side. The first free one wins; below and above first, as names read best there.
_SIDES = [
    ((0, -1), "center", "top"), ((0, 1), "center", "bottom"), ((1, 0), "left", "center"),
    ((-1, 0), "right", "center"), ((1, -1), "left", "top"), ((-1, -1), "right", "top"),
    ((1, 1), "left", "bottom"), ((-1, 1), "right", "bottom"),
]


def _label_box(anchor: tuple[float, float], size: tuple[float, float], ha: str, va: str) -> Bbox:
    (x, y), (w, h) = anchor, size
    x0 = x - w / 2 if ha == "center" else x if ha == "left" else x - w
    y0 = y - h / 2 if va == "center" else y if va == "bottom" else y - h
    return Bbox.from_bounds(x0, y0, w, h)


def _segment_hits(box: Bbox, p: tuple[float, float], q: tuple[float, float]) -> bool:
    """Whether the segment p-q passes through the box (Liang-Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for step, room in ((-dx, p[0] - box.x0), (dx, box.x1 - p[0]), (-dy, p[1] - box.y0), (dy, box.y1 - p[1])):
        if step == 0:
            if room < 0:
                return False
            continue
        t = room / step
        if step < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _place_labels(fig: Figure, ax: Any, pos: dict, markers: list[tuple[Any, float]],
                  labels: list[tuple[Any, Any]], edges: list[tuple[Any, Any]]) -> int:
    """Move every label to the first place around its node where it overlaps no other label and no node,
    stays inside the axes and crosses as few edges as possible. Returns how many overlaps are left."""
    renderer = fig._get_renderer()
    px = fig.dpi / 72.0
    to_px = ax.transData.transform
    node_px = {node: tuple(to_px(pos[node])) for node in pos}
    radius = dict(markers)
    obstacles = [Bbox.from_bounds(node_px[n][0] - r * px, node_px[n][1] - r * px, 2 * r * px, 2 * r * px)
                 for n, r in markers]
    area = ax.get_window_extent()
    segments = [(node_px[u], node_px[v]) for u, v in edges]
    placed: list[Bbox] = []
    left = 0
    for node, text in labels:
        extent = text.get_window_extent(renderer)
        size = (extent.width + 2 * LABEL_GAP * px, extent.height + 2 * LABEL_GAP * px)
        best: tuple[float, Any] | None = None
        for distance in (1.0, 1.8, 2.8, 4.0):
            for (dx, dy), ha, va in _SIDES:
                step = (radius[node] + LABEL_GAP) * distance
                norm = math.hypot(dx, dy)
                offset = (dx / norm * step, dy / norm * step)
                anchor = (node_px[node][0] + offset[0] * px, node_px[node][1] + offset[1] * px)
                box = _label_box(anchor, size, ha, va)
                hits = sum(box.overlaps(other) for other in placed) + sum(box.overlaps(o) for o in obstacles)
                outside = not (area.x0 <= box.x0 and box.x1 <= area.x1 and area.y0 <= box.y0 and box.y1 <= area.y1)
                crossings = sum(_segment_hits(box, p, q) for p, q in segments)
                cost = 1000.0 * (hits + outside) + 5.0 * crossings + 2.0 * distance
                if best is None or cost < best[0]:
                    best = (cost, (offset, ha, va, box))
            if best is not None and best[0] < 1000.0 and best[0] - 2.0 * distance < 5.0:
                break  # free and crossing no edge: no need to look further out
        assert best is not None
        offset, ha, va, box = best[1]
        text.set_position(offset)
        text.set_horizontalalignment(ha)
        text.set_verticalalignment(va)
        if isinstance(text.get_text(), str) and "\n" in text.get_text():
            text.set_multialignment("center" if ha == "center" else ha)
        if best[0] >= 1000.0:
            left += 1
        placed.append(box)
    return left


def _component_layout(h: nx.Graph) -> dict:
    """Positions with edges of about unit length (Kamada-Kawai; deterministic: nodes in sorted order)."""
    nodes = sorted(h, key=str)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) == 2:
        return {nodes[0]: (0.0, 0.0), nodes[1]: (0.0, -1.0)}
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(sorted((tuple(sorted((u, v), key=str)) for u, v in h.edges()), key=str))
    raw = nx.kamada_kawai_layout(ordered, scale=1.0)
    lengths = sorted(math.dist(raw[u], raw[v]) for u, v in ordered.edges())
    unit = lengths[len(lengths) // 2] or 1.0
    return {n: (float(x) / unit, float(y) / unit) for n, (x, y) in raw.items()}


def _shelves(boxes: list[tuple[float, float, float, float]], width: float) -> tuple[list, float, float]:
    """Offsets for boxes (x0, y0, w, h) packed left to right in rows of at most ``width``, each row centred;
    and the total size."""
    rows: list[list[int]] = [[]]
    offsets: list[list[float]] = []
    x, y, shelf, total_w = 0.0, 0.0, 0.0, 0.0
    for i, (_, _, w, h) in enumerate(boxes):
        if x > 0 and x + w > width + 1e-9:
            x, y, shelf = 0.0, y - shelf, 0.0
            rows.append([])
        offsets.append([x, y])
        rows[-1].append(i)
        x += w
        shelf = max(shelf, h)
        total_w = max(total_w, x)
    for row in rows:
        used = offsets[row[-1]][0] + boxes[row[-1]][2]
        for i in row:
            offsets[i][0] += (total_w - used) / 2
    return [tuple(o) for o in offsets], total_w, -y + shelf


def _layout(sub: nx.Graph, seed: int = 7) -> dict:
    """Kamada-Kawai per connected component (edges of unit length), the components packed in rows, the
    largest first, choosing the row width whose picture is smallest without being much wider than 2:1
    (room for labels included)."""
    components = sorted(nx.connected_components(sub), key=lambda c: (-len(c), sorted(map(str, c))))
    local = [_component_layout(sub.subgraph(comp)) for comp in components]
    pad_x, pad_y = 1.6, 1.0  # room for the labels between components (layout units)
    boxes = []
    for lay in local:
        xs, ys = [p[0] for p in lay.values()], [p[1] for p in lay.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + pad_x, max(ys) - min(ys) + pad_y))
    widths = {max(w for *_, w, _ in boxes)}
    running = 0.0
    for *_, w, _ in boxes:
        running += w
        widths.add(running)

    def badness(width: float) -> float:
        _, w, h = _shelves(boxes, width)
        aspect = w / h
        return w * h * max(1.0, aspect / 2.2, 1.0 / aspect)

    offsets, _, _ = _shelves(boxes, min(sorted(widths), key=badness))
    pos: dict = {}
    for lay, (x0, y0, _, h), (x, y) in zip(local, boxes, offsets, strict=True):
        for node, (px, py) in lay.items():
            pos[node] = (x + (px - x0), y - (h - pad_y) + (py - y0))
    return pos


def _meeting_caption(attrs: dict) -> str:
    """'talks 2025-06-02' over 'Paris' (type and date, then place, when known)."""
    head = " ".join(str(v) for v in (attrs.get("type", "meeting"), attrs.get("date")) if v)
    return f"{head}\n{attrs['place']}" if attrs.get("place") else head


def _network_legend(fig: Figure, colours: dict[str, Any], body_colours: dict[str, Any], unknown: bool) -> None:
    handles: list[Line2D] = []
    headers: list[int] = []

    def header(label: str) -> None:
        headers.append(len(handles))
        handles.append(Line2D([], [], ls="", marker="", label=label))

    header("Actors by state")
    handles += [Line2D([], [], ls="", marker="o", ms=10, color=c, label=state_name(code))
                for code, c in colours.items()]
    if body_colours:
        header("International bodies")
        handles += [Line2D([], [], ls="", marker="h", ms=11, color=c, label=state_name(code))
                    for code, c in body_colours.items()]
    if unknown:
        handles.append(Line2D([], [], ls="", marker="o", ms=10, mfc=UNKNOWN_FACE, mec=UNKNOWN_EDGE, mew=1.4,
                              label=f"{UNKNOWN_LABEL} (no state found)"))
    header("Meetings")
    handles += [
        Line2D([], [], ls="", marker="s", ms=8, color=MEETING_COLOUR, label="held"),
        Line2D([], [], ls="", marker="s", ms=8, mfc="white", mec=MEETING_COLOUR, label="planned"),
        Line2D([], [], ls="", marker="X", ms=8, color="#c62828", label="cancelled"),
        Line2D([], [], ls="", marker="s", ms=5, color=MEETING_COLOUR, label="size = sources"),
    ]
    legend = fig.legend(handles=handles, loc="outside right upper", frameon=False, fontsize=9, alignment="left",
                        handletextpad=0.4)
    for i in headers:
        legend.get_texts()[i].set_fontweight("bold")


# -- timeline -----------------------------------------------------------------------------------------------

def _parse_date(value: Any) -> tuple[date, date] | None:
    """'2025-02-18' -> (day, day); '2025-02' -> (1st, last day); anything else None."""
    text = str(value or "")
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return d, d
        if len(text) == 7:
            first = date.fromisoformat(text + "-01")
            nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
            return first, nxt - timedelta(days=1)
    except ValueError:
        return None
    return None


def events_table(events: Any) -> pd.DataFrame:
    """One row per real-world meeting: type, status, date, place, parties, participants, sources.

    Accepts a :class:`~diplograph.Corpus` or a graph (meetings resolved across articles), records, or an
    ``events_df()`` DataFrame (rows with the same ``event_id`` are merged).
    """
    if isinstance(events, pd.DataFrame):
        frame = events.copy()
        if "event_id" in frame and frame["event_id"].notna().all():
            sources = frame.groupby("event_id")["event_id"].transform("size")
            frame = frame.assign(sources=sources).drop_duplicates("event_id")
        else:
            frame = frame.assign(sources=1)
        return frame.reset_index(drop=True)
    g = as_graph(events)
    rows = []
    for node, attrs in g.nodes(data=True):
        if attrs.get("kind") != "meeting":
            continue
        people = [g.nodes[u].get("label", u) for u, _, rel in g.in_edges(node, data="relation")
                  if rel == "participated_in"] if g.is_directed() else []
        rows.append({"event_id": node, "type": attrs.get("type"), "status": attrs.get("status"),
                     "date": attrs.get("date"), "place": attrs.get("place"), "parties": attrs.get("parties", ""),
                     "participants": "; ".join(sorted(people)), "sources": attrs.get("sources", 1)})
    return pd.DataFrame(rows, columns=["event_id", "type", "status", "date", "place", "parties", "participants",
                                       "sources"])


def _split(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return [v.strip() for v in str(value or "").split(";") if v.strip()]


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
    table = events_table(events)
    placed: list[tuple[str, date, date, dict]] = []
    undated = 0
    for row in table.to_dict("records"):
        span = _parse_date(row.get("date"))
        if span is None:
            undated += 1
            continue
        if by == "parties":
            keys = ["–".join(sorted(_split(row.get("parties")))) or "unknown parties"]
        else:
            keys = _split(row.get("participants")) or ["(no named person)"]
        placed += [(key, span[0], span[1], row) for key in keys]
    lanes = sorted({key for key, *_ in placed}, key=lambda k: min(s for kk, s, _, _ in placed if kk == k))
    fig = _figure((11, max(3.0, 1.3 + 0.5 * len(lanes))))
    ax = fig.add_subplot()
    if title:
        note = f" ({undated} undated not shown)" if undated else ""
        ax.set_title(f"{title}{note}", fontsize=12)
    if not placed:
        ax.text(0.5, 0.5, "no dated meetings", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        _save(fig, path)
        return fig
    row_of = {key: i for i, key in enumerate(lanes)}
    first = min(s for _, s, _, _ in placed)
    last = max(e for _, _, e, _ in placed)
    _timeline_axes(fig, ax, lanes, placed, first, last)
    labels = []
    for key, start, end, row in placed:
        y = row_of[key]
        kind = str(row.get("type") or "meeting")
        status = str(row.get("status") or "held")
        colour = TYPE_COLOURS.get(kind, "#616161")
        marker = TYPE_MARKERS.get(kind, "o")
        size = 90 if marker != "*" else 200
        if end > start:
            ax.plot([start, end], [y, y], color=colour, lw=6, alpha=0.25, solid_capstyle="round", zorder=2)
        middle = start + (end - start) / 2
        face = colour if status == "held" else "white"
        ax.scatter([middle], [y], s=size, marker=marker, facecolors=face, edgecolors=colour, linewidths=1.8,
                   zorder=3)
        if status == "cancelled":
            ax.scatter([middle], [y], s=size * 0.9, marker="x", color="#c62828", linewidths=2.0, zorder=4)
        if isinstance(row.get("place"), str) and row["place"]:
            labels.append(ax.annotate(row["place"], (middle, y), xytext=(0, 8), textcoords="offset points",
                                      ha="center", va="bottom", fontsize=7.5, color="#424242"))
    _separate_place_labels(fig, labels)
    _save(fig, path)
    return fig


def _timeline_axes(fig: Figure, ax: Any, lanes: list[str], placed: list, first: date, last: date) -> None:
    import matplotlib.dates as mdates

    ax.set_yticks(range(len(lanes)), [_lane_label(k) for k in lanes], fontsize=9)
    ax.set_ylim(len(lanes) - 0.45, -0.75)  # room above the first lane for its place names
    ax.set_xlim(first - timedelta(days=7), last + timedelta(days=7))
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#e0e0e0", zorder=0)
    ax.grid(axis="y", color="#f2f2f2", zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    kinds = sorted({str(r.get("type") or "meeting") for *_, r in placed})
    handles = [Line2D([], [], ls="", marker=TYPE_MARKERS.get(k, "o"), ms=9, color=TYPE_COLOURS.get(k, "#616161"),
                      label=k) for k in kinds]
    handles += [
        Line2D([], [], ls="", marker="o", ms=9, color="#616161", label="held"),
        Line2D([], [], ls="", marker="o", ms=9, mfc="white", mec="#616161", label="planned"),
        Line2D([], [], ls="", marker="X", ms=9, color="#c62828", label="cancelled"),
    ]
    fig.legend(handles=handles, loc="outside right upper", frameon=False, fontsize=9)
    # The margin beyond the first and last day: half the widest place name or marker (and a bar's round
    # cap), in pixels turned into days, so that nothing is cut at the edges of the axes. The layout runs
    # again after each change of the limits (tick labels change with them).
    longest = max((len(str(r.get("place") or "")) for *_, r in placed), default=0)
    margin_px = max(14.0, 0.5 * longest * 7.5 * 0.6 * fig.dpi / 72 + 4)
    span_days = max((last - first).days, 1)
    for _ in range(2):
        fig.draw_without_rendering()
        width_px = ax.get_window_extent().width
        days = margin_px * span_days / max(width_px - 2 * margin_px, 1.0)
        pad = timedelta(days=max(2.0, days))
        ax.set_xlim(first - pad, last + pad)
    _freeze_layout(fig)


def _separate_place_labels(fig: Figure, labels: Sequence[Any]) -> None:
    """Place names of meetings close in time on the same lane: the later one goes below its marker."""
    renderer = fig._get_renderer()
    boxes: list[Bbox] = []
    for text in labels:
        box = text.get_window_extent(renderer)
        if any(box.overlaps(other) for other in boxes):
            text.set_position((0, -9))
            text.set_verticalalignment("top")
            box = text.get_window_extent(renderer)
        boxes.append(box)


def _lane_label(key: str) -> str:
    return key


__all__ = ["INTERNATIONAL_BODIES", "events_table", "network", "state_name", "timeline"]
