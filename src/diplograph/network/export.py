"""Writers for Gephi and friends: GraphML, GEXF 1.3 (with time and viz), CSV tables, node-link JSON.

Every writer works on a copy: strings are stripped of characters XML forbids, attributes that are
not plain scalars are dropped, and every node gets a ``label``. :func:`read_graph` reads an export
back without ever expanding entities (documents with a DTD are refused).
"""

from __future__ import annotations

import calendar
import csv
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from diplograph.corpus.gc_pause import without_collector

_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
COLOURS = {"actor": (66, 133, 244), "meeting": (234, 67, 53), "place": (52, 168, 83), "state": (251, 188, 5)}
OTHER_COLOUR = (128, 128, 128)


def clean_text(text: str) -> str:
    """Remove characters that XML 1.0 does not allow (control characters, lone surrogates, U+FFFE)."""
    # Printable text (no control characters, surrogates or noncharacters) is always allowed: skip the regex.
    return text if text.isprintable() else _XML_ILLEGAL.sub("", text)


def _clean_value(value: object) -> str | int | float | bool | None:
    if isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return clean_text(value)
    return None


def _clean_attrs(attrs: dict) -> dict:
    """Clean keys and values; attributes whose value is not a plain scalar are dropped."""
    out = {}
    for key, value in attrs.items():
        cleaned = _clean_value(value)
        if cleaned is not None:
            out[clean_text(str(key))] = cleaned
    return out


def sanitized(graph: nx.Graph) -> nx.Graph:
    """A copy with clean string ids/attributes, scalar attributes only and a ``label`` on every node."""
    out = graph.__class__()
    out.graph.update(_clean_attrs(graph.graph))
    mapping = {n: clean_text(str(n)) for n in graph.nodes}
    for node, attrs in graph.nodes(data=True):
        clean = _clean_attrs(attrs)
        clean.setdefault("label", mapping[node])
        out.add_node(mapping[node], **clean)
    for u, v, attrs in graph.edges(data=True):
        out.add_edge(mapping[u], mapping[v], **_clean_attrs(attrs))
    return out


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """GraphML that Gephi, igraph and networkx open (networkx's writer, of :func:`sanitized`: scalar
    attributes, a label on every node)."""
    path = Path(path)
    nx.write_graphml(sanitized(graph), path, encoding="utf-8", prettyprint=True)
    return path


def _interval(date_value: str) -> tuple[str, str] | None:
    """'2025-02-18' -> the day; '2025-02' -> the whole month; anything else -> None."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_value):
        return date_value, date_value
    if re.fullmatch(r"\d{4}-\d{2}", date_value):
        year, month = int(date_value[:4]), int(date_value[5:])
        if 1 <= month <= 12:
            last = calendar.monthrange(year, month)[1]
            return f"{date_value}-01", f"{date_value}-{last:02d}"
    return None


def _gexf_ready(graph: nx.Graph, viz: bool = True) -> nx.Graph:
    g = sanitized(graph)
    sizes = {n: float(a.get("sources", 0) or 0) for n, a in g.nodes(data=True)}
    for node, attrs in g.nodes(data=True):
        if viz:
            r, gr, b = COLOURS.get(str(attrs.get("kind")), OTHER_COLOUR)
            size = 4.0 + 2.0 * (sizes[node] if attrs.get("kind") == "meeting" else g.degree(node))
            attrs["viz"] = {"color": {"r": r, "g": gr, "b": b, "a": 1.0}, "size": size}
        span = _interval(str(attrs.get("date", "")))
        if attrs.get("kind") == "meeting" and span:
            attrs["start"], attrs["end"] = span
    for u, v, attrs in g.edges(data=True):
        attrs.pop("type", None)  # "type" is the GEXF edge direction, not data
        dated = g.nodes[v] if g.nodes[v].get("kind") == "meeting" else g.nodes[u]
        if dated.get("kind") == "meeting" and "start" in dated:
            attrs["start"], attrs["end"] = dated["start"], dated["end"]
    return g


XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"


@without_collector
def write_gexf(graph: nx.Graph, path: str | Path, *, viz: bool = True) -> Path:
    """GEXF 1.3 with a timeline (dated meetings and their edges carry start/end) and viz colours/sizes
    (``viz=False`` leaves colours and sizes to Gephi).

    Written by networkx's ``GEXFWriter`` with two corrections so that the file conforms to the official
    GEXF 1.3 schema: no ``name`` attribute on ``<graph>`` (1.3 does not define one) and the XML Schema
    instance namespace spelled correctly (networkx 3.x writes ``http://w3.org/...``).
    """
    path = Path(path)
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.3")
    writer.add_graph(_gexf_ready(graph, viz))
    writer.graph_element.attrib.pop("name", None)
    writer.xml.set("xmlns:xsi", XSI_NAMESPACE)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _columns(rows: list[dict], first: list[str]) -> list[str]:
    seen = list(first)
    for row in rows:
        seen += [k for k in row if k not in seen]
    return seen


def write_csv(graph: nx.Graph, directory: str | Path) -> tuple[Path, Path]:
    """nodes.csv (Id, Label, ...) and edges.csv (Source, Target, Type, ...) for Gephi's spreadsheet import."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    g = sanitized(graph)
    nodes = [{"Id": n, "Label": a.get("label", n), **{k: v for k, v in a.items() if k != "label"}}
             for n, a in g.nodes(data=True)]
    direction = "Directed" if g.is_directed() else "Undirected"
    edges = [{"Source": u, "Target": v, "Type": direction, "Id": i,
              "Label": a.get("relation", ""), "Weight": a.get("weight", 1),
              **{k: val for k, val in a.items() if k not in {"weight", "type"}}}
             for i, (u, v, a) in enumerate(g.edges(data=True))]
    paths = directory / "nodes.csv", directory / "edges.csv"
    for target, rows, first in ((paths[0], nodes, ["Id", "Label"]),
                                (paths[1], edges, ["Source", "Target", "Type", "Id", "Label", "Weight"])):
        with target.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=_columns(rows, first))
            writer.writeheader()
            writer.writerows(rows)
    return paths


def write_json(graph: nx.Graph, path: str | Path) -> Path:
    """networkx node-link JSON (``nodes`` and ``edges`` arrays)."""
    path = Path(path)
    data = nx.node_link_data(sanitized(graph), edges="edges")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def write_html(graph: nx.Graph, path: str | Path) -> Path:
    """An interactive page: one self-contained HTML file that works offline (:mod:`diplograph.viz.interactive`)."""
    from diplograph.viz.interactive import write_html as write_page

    return write_page(graph, path)


WRITERS: dict[str, Callable[[nx.Graph, Path], object]] = {
    ".graphml": write_graphml, ".gexf": write_gexf, ".json": write_json, ".html": write_html,
}


CSV_DIRECTORY = "directory"
# PLOVER event records (JSON Lines): not a graph format, written from the records themselves
# (diplograph.network.plover.write_plover, Corpus.to_plover, ``diplograph graph ... --output X.plover.jsonl``)
PLOVER_RECORDS = ".plover.jsonl"


def output_kind(path: str | Path) -> str | None:
    """The key of :data:`WRITERS` that ``path`` ends with (the longest, so ``.a.b`` wins over ``.b``),
    :data:`CSV_DIRECTORY` for a directory of CSV tables (an existing directory, a path ending in a
    separator, or a name without a suffix), else None (an unknown suffix such as ``.png``)."""
    raw = str(path)
    if raw.endswith(("/", os.sep)) or Path(raw).is_dir():
        return CSV_DIRECTORY
    name = Path(raw).name.lower()
    if name.endswith(PLOVER_RECORDS) and len(name) > len(PLOVER_RECORDS):
        return PLOVER_RECORDS
    matches = [suffix for suffix in WRITERS if name.endswith(suffix) and len(name) > len(suffix)]
    if matches:
        return max(matches, key=len)
    return CSV_DIRECTORY if not Path(raw).suffix else None


def supported_outputs() -> str:
    """The outputs :func:`write_graph` knows, for messages."""
    files = ", ".join(f"file{suffix}" for suffix in WRITERS)
    return (f"{files}, file{PLOVER_RECORDS} (PLOVER event records), or a directory for CSV tables "
            "(a path without a suffix or ending in /)")


def write_graph(graph: nx.Graph, path: str | Path) -> object:
    """Pick the writer by suffix (see :data:`WRITERS`); a directory (:func:`output_kind`) gets CSV tables.

    ValueError for an unknown suffix (``graph.png``), naming the supported ones.
    """
    kind = output_kind(path)
    if kind is None:
        raise ValueError(f"unknown output {str(path)!r}: use {supported_outputs()}")
    if kind == PLOVER_RECORDS:
        raise ValueError(f"{str(path)!r}: PLOVER event records are written from the records, not a graph: "
                         "diplograph.network.plover.write_plover(records, path) or Corpus.to_plover(path)")
    path = Path(path)
    if kind == CSV_DIRECTORY:
        return write_csv(graph, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return WRITERS[kind](graph, path)


class UnsafeXMLError(ValueError):
    """The document declares a DTD or entities; it is refused instead of being expanded."""


def read_graph(path: str | Path) -> nx.Graph:
    """Read a .graphml / .gexf / .json export back; XML with a DOCTYPE or ENTITY is refused."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    raw = path.read_bytes()
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", raw, flags=re.IGNORECASE):
        raise UnsafeXMLError(f"{path}: DTD/entity declarations are not accepted")
    if suffix == ".gexf":
        return nx.read_gexf(path, version="1.3")
    return nx.read_graphml(path)


__all__ = ["CSV_DIRECTORY", "PLOVER_RECORDS", "UnsafeXMLError", "clean_text", "output_kind", "read_graph", "sanitized",
           "supported_outputs", "write_csv", "write_gexf", "write_graph", "write_graphml", "write_json"]
