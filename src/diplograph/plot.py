"""Pictures with matplotlib: the actor–meeting network and a timeline of meetings.

Both functions return a ``matplotlib.figure.Figure`` (Jupyter shows it inline) and save a PNG when
given ``path``. They build figures without pyplot, so no GUI backend is needed (CI, scripts).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

TYPE_MARKERS = {"meeting": "o", "talks": "s", "summit": "*", "visit": "D", "call": "^"}
TYPE_COLOURS = {"meeting": "#1f77b4", "talks": "#2ca02c", "summit": "#9467bd", "visit": "#ff7f0e",
                "call": "#17becf"}
STATUS_STYLE = {"held": "filled", "planned": "hollow", "cancelled": "crossed"}
NO_STATE = "#bdbdbd"
MEETING_COLOUR = "#555555"
DPI = 150


def _state_name(code: str) -> str:
    """'DE' -> 'DE Deutschland' (German names from CLDR); organisations keep their code."""
    try:
        from babel import Locale

        name = Locale("de").territories.get(code.upper())
    except Exception:  # noqa: BLE001 - a label is not worth failing for
        name = None
    return f"{code} {name}" if name else code


def _state_colours(codes: Iterable[str]) -> dict[str, Any]:
    from matplotlib import colormaps

    palette = colormaps["tab20"].colors + colormaps["tab20b"].colors
    ordered = sorted(set(codes))
    # tab20 alternates dark/light shades: use the dark ones first, then the light ones
    order = list(range(0, 20, 2)) + list(range(1, 20, 2)) + list(range(20, 40))
    return {code: palette[order[i % len(order)]] for i, code in enumerate(ordered)}


def _as_graph(data: Any) -> nx.Graph:
    if isinstance(data, nx.Graph):
        return data
    if hasattr(data, "graph") and callable(data.graph):  # a Corpus
        return data.graph()
    from diplograph.graph import build_graph

    return build_graph(list(data))


def _save(fig: Figure, path: str | Path | None) -> None:
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=DPI, bbox_inches="tight", facecolor="white")


# -- network ------------------------------------------------------------------------------------------------

def network(graph: Any, path: str | Path | None = None, *, isolated: bool = False, seed: int = 7,
            title: str | None = "Who met whom") -> Figure:
    """Actors (coloured by the state they represent) linked to the meetings they took part in.

    ``graph``: the graph of :func:`diplograph.build_graph`, a :class:`~diplograph.Corpus` or records.
    Meetings are squares sized by their number of sources (articles); hollow = planned, crossed =
    cancelled. ``isolated=True`` also draws actors without any meeting.
    """
    g = _as_graph(graph)
    keep = [n for n, k in g.nodes(data="kind") if k in {"actor", "meeting"}]
    sub = nx.Graph()
    sub.add_nodes_from((n, g.nodes[n]) for n in keep)
    sub.add_edges_from((u, v) for u, v, rel in g.edges(data="relation") if rel == "participated_in")
    hidden = 0
    if not isolated:
        lonely = [n for n in sub if sub.degree(n) == 0 and sub.nodes[n].get("kind") == "actor"]
        hidden = len(lonely)
        sub.remove_nodes_from(lonely)
    n = sub.number_of_nodes()
    side = max(7.0, min(18.0, 3.0 + 1.6 * math.sqrt(max(n, 1))))
    fig = Figure(figsize=(side * 1.25, side))
    ax = fig.add_subplot()
    ax.set_axis_off()
    if n == 0:
        ax.text(0.5, 0.5, "no meetings to draw", ha="center", va="center", transform=ax.transAxes)
        _save(fig, path)
        return fig
    pos = _layout(sub, seed)
    for u, v in sub.edges():
        (x1, y1), (x2, y2) = pos[u], pos[v]
        ax.plot([x1, x2], [y1, y2], color="#9e9e9e", lw=1.0, alpha=0.8, zorder=1)
    actors = [a for a in sub if sub.nodes[a].get("kind") == "actor"]
    meetings = [m for m in sub if sub.nodes[m].get("kind") == "meeting"]
    colours = _state_colours(c for a in actors if (c := sub.nodes[a].get("country")))
    for actor in actors:
        code = sub.nodes[actor].get("country")
        x, y = pos[actor]
        ax.scatter([x], [y], s=260, color=colours.get(code, NO_STATE), edgecolors="white", linewidths=1.5, zorder=3)
        ax.annotate(str(sub.nodes[actor].get("label", actor)), (x, y), xytext=(0, -13), textcoords="offset points",
                    ha="center", va="top", fontsize=9, zorder=5,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
    for meeting in meetings:
        attrs = sub.nodes[meeting]
        x, y = pos[meeting]
        size = 70 + 70 * float(attrs.get("sources", 1) or 1)
        status = str(attrs.get("status", "held"))
        face = "none" if status in {"planned", "cancelled"} else MEETING_COLOUR
        ax.scatter([x], [y], s=size, marker="s", facecolors=face, edgecolors=MEETING_COLOUR, linewidths=1.6,
                   zorder=4)
        if status == "cancelled":
            ax.scatter([x], [y], s=size * 0.8, marker="x", color="#c62828", linewidths=1.8, zorder=4)
        ax.annotate(_meeting_caption(attrs), (x, y), xytext=(0, 9), textcoords="offset points", ha="center",
                    va="bottom", fontsize=7, color="#424242", style="italic", zorder=5)
    _network_legend(ax, colours, any(sub.nodes[a].get("country") is None for a in actors))
    xs, ys = zip(*pos.values(), strict=True)
    pad_x, pad_y = 0.12 * (max(xs) - min(xs) or 1), 0.1 * (max(ys) - min(ys) or 1)
    ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
    ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
    if title:
        note = f" ({hidden} actor{'s' if hidden != 1 else ''} without meetings not shown)" if hidden else ""
        ax.set_title(f"{title}: {len(actors)} actors, {len(meetings)} meetings{note}", fontsize=12)
    _save(fig, path)
    return fig


def _component_layout(h: nx.Graph, seed: int) -> dict:
    if len(h) == 1:
        return {next(iter(h)): (0.0, 0.0)}
    scale = 0.85 * math.sqrt(len(h))
    if len(h) == 2:
        a, b = list(h)
        return {a: (0.0, 0.0), b: (0.0, -scale)}
    return nx.kamada_kawai_layout(h, scale=scale)


def _layout(sub: nx.Graph, seed: int) -> dict:
    """Kamada-Kawai for the largest connected component; the smaller ones in columns to its right."""
    components = sorted(nx.connected_components(sub), key=lambda c: (-len(c), sorted(map(str, c))))
    pos: dict = {}
    gap = 1.4
    main = _component_layout(sub.subgraph(components[0]), seed)
    top = max(y for _, y in main.values())
    bottom = min(y for _, y in main.values())
    right = max(x for x, _ in main.values())
    pos.update(main)
    height = max(top - bottom, 3.0)
    column_x, cursor_y, column_w = right + gap, top, 0.0
    for comp in components[1:]:
        local = _component_layout(sub.subgraph(comp), seed)
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if cursor_y - h < top - height and cursor_y < top:
            column_x, cursor_y, column_w = column_x + column_w + gap, top, 0.0
        for node, (x, y) in local.items():
            pos[node] = (column_x + x - min(xs), cursor_y - (max(ys) - y))
        cursor_y -= h + gap
        column_w = max(column_w, w)
    return pos


def _meeting_caption(attrs: dict) -> str:
    """'talks 2025-06-02' over 'Paris' (type and date, then place, when known)."""
    head = " ".join(str(v) for v in (attrs.get("type", "meeting"), attrs.get("date")) if v)
    return f"{head}\n{attrs['place']}" if attrs.get("place") else head


def _network_legend(ax: Any, colours: dict[str, Any], unknown: bool) -> None:
    handles = [Line2D([], [], ls="", marker="o", ms=10, color=c, label=_state_name(code))
               for code, c in colours.items()]
    if unknown:
        handles.append(Line2D([], [], ls="", marker="o", ms=10, color=NO_STATE, label="state unknown"))
    handles += [
        Line2D([], [], ls="", marker="s", ms=8, color=MEETING_COLOUR, label="meeting held"),
        Line2D([], [], ls="", marker="s", ms=8, mfc="none", mec=MEETING_COLOUR, label="planned"),
        Line2D([], [], ls="", marker="X", ms=8, color="#c62828", label="cancelled"),
        Line2D([], [], ls="", marker="s", ms=5, color=MEETING_COLOUR, label="size = sources"),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9,
              title="Actors by state", title_fontsize=10, alignment="left")


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
    g = _as_graph(events)
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
    the title.
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
    fig = Figure(figsize=(11, max(3.0, 1.2 + 0.45 * len(lanes))))
    ax = fig.add_subplot()
    if not placed:
        ax.text(0.5, 0.5, "no dated meetings", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        _save(fig, path)
        return fig
    row_of = {key: i for i, key in enumerate(lanes)}
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
            ax.annotate(row["place"], (middle, y), xytext=(0, 8), textcoords="offset points", ha="center",
                        fontsize=7.5, color="#424242")
    _timeline_axes(ax, lanes, placed)
    if title:
        note = f" ({undated} undated not shown)" if undated else ""
        ax.set_title(f"{title}{note}", fontsize=12)
    _save(fig, path)
    return fig


def _timeline_axes(ax: Any, lanes: list[str], placed: list) -> None:
    import matplotlib.dates as mdates

    ax.set_yticks(range(len(lanes)), [_lane_label(k) for k in lanes], fontsize=9)
    ax.set_ylim(len(lanes) - 0.4, -0.6)
    first = min(s for _, s, _, _ in placed) - timedelta(days=7)
    last = max(e for _, _, e, _ in placed) + timedelta(days=7)
    ax.set_xlim(first, last)
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
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)


def _lane_label(key: str) -> str:
    return key


__all__ = ["events_table", "network", "timeline"]
