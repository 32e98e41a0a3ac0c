"""Positions for the nodes of the actor–meeting network: Kamada-Kawai per connected component, edges of
about unit length, the components packed in centred rows, the largest first."""

from __future__ import annotations

import math

import networkx as nx


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


def layout(sub: nx.Graph, seed: int = 7) -> dict:
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
