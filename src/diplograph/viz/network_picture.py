"""The picture of the actor–meeting network: actors coloured by the state they represent (international
bodies as hexagons of their own colours, unknown states hollow and dashed), meetings as squares sized by
their sources, the legend, and the labels placed so that they overlap nothing."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from diplograph.viz.figures import freeze_layout, new_figure, nothing_to_draw
from diplograph.viz.label_placement import place_labels
from diplograph.viz.plot_style import (
    ACTOR_SIZE,
    BODY_PALETTE,
    CANCELLED_COLOUR,
    MEETING_COLOUR,
    UNKNOWN_EDGE,
    UNKNOWN_FACE,
    state_colours,
    status_handles,
)
from diplograph.viz.state_names import UNKNOWN_LABEL, actor_group, state_name


def draw_empty_network(title: str | None) -> Figure:
    """The picture of a network without meetings."""
    fig = new_figure((7.0, 4.0))
    ax = fig.add_subplot()
    nothing_to_draw(ax, "no meetings to draw")
    if title:
        ax.set_title(f"{title}: 0 actors, 0 meetings", fontsize=12)
    return fig


def draw_network(sub: nx.Graph, pos: dict, hidden: int, title: str | None, scale: float) -> tuple[Figure, int]:
    """The network ``sub`` with its nodes at ``pos`` (layout units), ``scale`` times the usual size; and how
    many labels could not be placed without an overlap."""
    actors = [a for a in sub if sub.nodes[a].get("kind") == "actor"]
    meetings = [m for m in sub if sub.nodes[m].get("kind") == "meeting"]
    groups = {a: actor_group(sub.nodes[a].get("country")) for a in actors}
    colours = state_colours(code for kind, code in groups.values() if kind == "state")
    bodies = sorted({code for kind, code in groups.values() if kind == "body"})
    body_colours = {b: BODY_PALETTE[i % len(BODY_PALETTE)] for i, b in enumerate(bodies)}
    unknown = any(kind == "unknown" for kind, _ in groups.values())

    xs, ys = zip(*pos.values(), strict=True)
    width_units, height_units = max(xs) - min(xs), max(ys) - min(ys)
    inch = 1.15 * scale  # inches per layout unit (one edge)
    fig = new_figure((min(max(7.0, width_units * inch + 4.6), 30.0), min(max(4.5, height_units * inch + 2.0), 30.0)))
    ax = fig.add_subplot()
    ax.set_axis_off()
    if title:
        note = f" ({hidden} actor{'s' if hidden != 1 else ''} without meetings not shown)" if hidden else ""
        ax.set_title(f"{title}: {len(actors)} actors, {len(meetings)} meetings{note}", fontsize=12)
    network_legend(fig, colours, body_colours, unknown)
    freeze_layout(fig)

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
            ax.scatter([x], [y], s=size * 0.8, marker="x", color=CANCELLED_COLOUR, linewidths=1.8, zorder=4)
        markers.append((meeting, math.sqrt(size) / 2 * 1.15))

    labels = []
    for actor in sorted(actors, key=lambda a: -sub.degree(a)):
        text = ax.annotate(str(sub.nodes[actor].get("label", actor)), pos[actor], xytext=(0, 0),
                           textcoords="offset points", fontsize=9, zorder=6)
        labels.append((actor, text))
    for meeting in sorted(meetings, key=lambda m: -sub.degree(m)):
        text = ax.annotate(meeting_caption(sub.nodes[meeting]), pos[meeting], xytext=(0, 0),
                           textcoords="offset points", fontsize=7, color="#424242", style="italic", zorder=6,
                           linespacing=1.1)
        labels.append((meeting, text))
    overlaps = place_labels(fig, ax, pos, markers, labels, list(sub.edges()))
    return fig, overlaps


def meeting_caption(attrs: dict) -> str:
    """'talks 2025-06-02' over 'Paris' (type and date, then place, when known)."""
    head = " ".join(str(v) for v in (attrs.get("type", "meeting"), attrs.get("date")) if v)
    return f"{head}\n{attrs['place']}" if attrs.get("place") else head


def network_legend(fig: Figure, colours: dict[str, Any], body_colours: dict[str, Any], unknown: bool) -> None:
    """States, international bodies, "unbekannt" (when there are such actors) and the meetings' statuses,
    each group under a bold header, at the right of the figure."""
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
    handles += status_handles("s", 8, MEETING_COLOUR)
    handles.append(Line2D([], [], ls="", marker="s", ms=5, color=MEETING_COLOUR, label="size = sources"))
    legend = fig.legend(handles=handles, loc="outside right upper", frameon=False, fontsize=9, alignment="left",
                        handletextpad=0.4)
    for i in headers:
        legend.get_texts()[i].set_fontweight("bold")

