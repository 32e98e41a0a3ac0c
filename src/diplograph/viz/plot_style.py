"""The look shared by the matplotlib pictures: colours and markers of meeting types and statuses, of states,
international bodies and unknown states, marker sizes, and the legend entries for a meeting's status."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from matplotlib.lines import Line2D

from diplograph.viz.state_names import state_name

TYPE_MARKERS = {"meeting": "o", "talks": "s", "summit": "*", "visit": "D", "call": "^"}
TYPE_COLOURS = {"meeting": "#1f77b4", "talks": "#2ca02c", "summit": "#9467bd", "visit": "#ff7f0e",
                "call": "#17becf"}
UNKNOWN_FACE, UNKNOWN_EDGE = "#f5f5f5", "#616161"
MEETING_COLOUR = "#555555"
CANCELLED_COLOUR = "#c62828"
BODY_PALETTE = ["#00695c", "#6a1b9a", "#283593", "#ad1457", "#4e342e", "#37474f"]
ACTOR_SIZE = 260  # marker area in points^2


def state_colours(codes: Iterable[str]) -> dict[str, Any]:
    """A colour for each state code, the states in the order of their (German) names."""
    from matplotlib import colormaps

    palette = colormaps["tab20"].colors + colormaps["tab20b"].colors
    ordered = sorted(set(codes), key=lambda c: state_name(c))
    # tab20 alternates dark/light shades: the dark ones first, then the light ones; grey (7, 15) is left out
    # because it is the colour of "unbekannt"
    order = [i for i in list(range(0, 20, 2)) + list(range(1, 20, 2)) if i not in (14, 15)] + list(range(20, 40))
    return {code: palette[order[i % len(order)]] for i, code in enumerate(ordered)}


def status_handles(marker: str, size: float, colour: str) -> list[Line2D]:
    """Legend entries for held (filled), planned (hollow) and cancelled (a red cross) meetings."""
    return [
        Line2D([], [], ls="", marker=marker, ms=size, color=colour, label="held"),
        Line2D([], [], ls="", marker=marker, ms=size, mfc="white", mec=colour, label="planned"),
        Line2D([], [], ls="", marker="X", ms=size, color=CANCELLED_COLOUR, label="cancelled"),
    ]
