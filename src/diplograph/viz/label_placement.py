"""Where the labels of a network picture go: each label takes the first place around its node (below,
above, beside...) where it overlaps no other label and no node, stays inside the axes and crosses as few
edges as possible."""

from __future__ import annotations

import math
from typing import Any

from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

LABEL_GAP = 3.0  # points between a label and the things around it

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


def place_labels(fig: Figure, ax: Any, pos: dict, markers: list[tuple[Any, float]],
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

