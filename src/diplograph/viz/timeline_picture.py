"""The picture of meetings over time: one lane per set of parties or per actor, markers shaped and coloured
by the meeting's type (filled = held, hollow = planned, crossed = cancelled), a bar over the month for a
month-precise date, place names kept apart, and a time axis wide enough that nothing is cut at its edges."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from diplograph.viz.figures import freeze_layout, new_figure, nothing_to_draw
from diplograph.viz.plot_style import CANCELLED_COLOUR, TYPE_COLOURS, TYPE_MARKERS, status_handles


def draw_timeline(placed: list[tuple[str, date, date, dict]], undated: int, title: str | None) -> Figure:
    """The timeline of the meetings ``placed`` as (lane, first day, last day, row), lanes in the order of
    their first meeting; ``undated`` meetings are counted in the title."""
    # lanes by their first date, then by name: the same picture in every run (a set's order is not)
    lanes = sorted({key for key, *_ in placed}, key=lambda k: (min(s for kk, s, _, _ in placed if kk == k), k))
    fig = new_figure((11, max(3.0, 1.3 + 0.5 * len(lanes))))
    ax = fig.add_subplot()
    if title:
        note = f" ({undated} undated not shown)" if undated else ""
        ax.set_title(f"{title}{note}", fontsize=12)
    if not placed:
        nothing_to_draw(ax, "no dated meetings")
        return fig
    row_of = {key: i for i, key in enumerate(lanes)}
    first = min(s for _, s, _, _ in placed)
    last = max(e for _, _, e, _ in placed)
    timeline_axes(fig, ax, lanes, placed, first, last)
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
            ax.scatter([middle], [y], s=size * 0.9, marker="x", color=CANCELLED_COLOUR, linewidths=2.0, zorder=4)
        if isinstance(row.get("place"), str) and row["place"]:
            labels.append(ax.annotate(row["place"], (middle, y), xytext=(0, 8), textcoords="offset points",
                                      ha="center", va="bottom", fontsize=7.5, color="#424242"))
    _separate_place_labels(fig, labels)
    return fig


def timeline_axes(fig: Figure, ax: Any, lanes: list[str], placed: list, first: date, last: date) -> None:
    """Lanes, date ticks, grid and legend; the time axis from ``first`` to ``last`` with room for the
    markers and place names at its ends; then the layout is kept."""
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
    handles += status_handles("o", 9, "#616161")
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
    freeze_layout(fig)


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
