"""Writers for Gephi and friends: GraphML, GEXF 1.3 (with time and viz), CSV tables, node-link JSON.

Every writer works on a copy: strings are stripped of characters XML forbids, attributes that are
not plain scalars are dropped, and every node gets a ``label``. :func:`read_graph` reads an export
back without ever expanding entities (documents with a DTD are refused).
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from functools import lru_cache
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
    out = {}
    for key, value in attrs.items():
        kind = type(value)  # the common exact types first; anything else as _clean_value says
        if kind is str:
            cleaned = value if value.isprintable() else _XML_ILLEGAL.sub("", value)
        elif kind is int or kind is float or kind is bool:
            cleaned = value
        else:
            cleaned = _clean_value(value)
            if cleaned is None:
                continue
        out[key if type(key) is str and key.isprintable() else clean_text(str(key))] = cleaned
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


@without_collector
def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """GraphML that Gephi, igraph and networkx open: scalar attributes, a label on every node."""
    path = Path(path)
    # A simple directed graph (ours) is cleaned while it is written, as a stream (the body goes to a temporary
    # file beside the output while the <key> declarations it needs are collected, then both are joined); anything
    # else (or ids that clean to the same string, which the copy merges) is written from the sanitized copy.
    if type(graph) is nx.DiGraph and _graphml_stream(graph, path, clean=True):
        return path
    clean = sanitized(graph)
    if not _graphml_stream(clean, path):
        nx.write_graphml(clean, path, encoding="utf-8", prettyprint=True)
    return path


def _graphml_stream(graph: nx.Graph, path: Path, *, clean: bool = False) -> bool:
    """Write :func:`_graphml_bytes`' output to ``path`` without holding it in memory; False (nothing written)
    where that returns None."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".body", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as body:
            head = _graphml_parts(graph, body.write, clean=clean)
        if head is None:
            return False
        with open(tmp, "rb") as body, path.open("wb") as out:
            out.write("".join(head).encode("utf-8"))
            shutil.copyfileobj(body, out, 1 << 20)
        return True
    finally:
        Path(tmp).unlink(missing_ok=True)


class _Elements:
    """What the GraphML writer reads of an ``nx.DiGraph``, over plain node and edge lists (no graph built):
    nodes in order, edges grouped by source in node order as ``nx.DiGraph`` iterates them, a repeated edge
    merged into the first as ``add_edges_from`` does, endpoints not among the nodes added after them."""

    def __init__(self, nodes: dict, edges: list, attrs: dict) -> None:
        self.graph = attrs
        self._nodes = nodes
        for u, v, _ in edges:
            for end in (u, v):
                if end not in nodes:
                    nodes[end] = {}
        order = {n: k for k, n in enumerate(nodes)}
        edges.sort(key=lambda e: order[e[0]])  # stable: a source's edges stay in the order they were added
        self._edges = edges
        self.nodes = _NodeView(nodes)

    def is_multigraph(self) -> bool:
        return False

    def is_directed(self) -> bool:
        return True

    def number_of_nodes(self) -> int:
        return len(self._nodes)

    def edges(self, data: bool = True):
        edges, start = self._edges, 0
        while start < len(edges):
            u, end = edges[start][0], start + 1
            while end < len(edges) and edges[end][0] == u:
                end += 1
            run = edges[start:end]
            if len(run) > 1 and len({v for _, v, _ in run}) < len(run):
                merged: dict = {}
                for _, v, attrs in run:
                    merged.setdefault(v, {}).update(attrs)
                run = [(u, v, attrs) for v, attrs in merged.items()]
            yield from run
            start = end

    def number_of_edges(self) -> int:
        return sum(1 for _ in self.edges())


class _NodeView:
    def __init__(self, nodes: dict) -> None:
        self._nodes = nodes

    def __iter__(self):
        return iter(self._nodes)

    def __call__(self, data: bool = True):
        return iter(self._nodes.items())


@without_collector
def write_graphml_elements(nodes: dict, edges: list, path: str | Path, *, name: str = "diplograph") -> int:
    """:func:`write_graphml` of the ``nx.DiGraph(name=name)`` that ``nodes`` (id -> attributes, in order) and
    ``edges`` ((source, target, attributes), in order; sorted here) make, the same bytes, streamed to ``path``
    without building that graph (:func:`diplograph.network.graph.graph_elements`). Returns the number of edges."""
    path = Path(path)
    view = _Elements(nodes, edges, {"name": name})
    if not _graphml_stream(view, path, clean=True):  # what the fast path does not write: networkx does
        graph = nx.DiGraph(**view.graph)
        graph.add_nodes_from(nodes.items())
        graph.add_edges_from(view.edges())
        write_graphml(graph, path)
    return view.number_of_edges()


_GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}


def _escape_text(text: str) -> str:
    """Character data as networkx's GraphML writer writes it (``&``, ``<``, ``>`` and carriage returns escaped)."""
    if "&" in text or "<" in text or ">" in text or "\r" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return text


def _escape_attr(text: str) -> str:
    """An attribute value as that writer writes it (also quotes, newlines and tabs escaped)."""
    text = _escape_text(text)
    if '"' in text or "\n" in text or "\t" in text:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


@lru_cache(maxsize=1)
def _same_bytes_as_networkx() -> bool:
    """Whether :func:`_graphml_bytes` reproduces what this networkx writes (checked once per process on small
    graphs with every value type and characters that need escaping: one as it is, one that needs cleaning as
    networkx writes its sanitized copy)."""
    sample = nx.DiGraph(name='a "b" & <c>')
    sample.add_node("n\t1", kind="actor", label="x\r\ny > z", mentions=3, lat=1.5, ok=True)
    sample.add_node("n2")
    sample.add_edge("n\t1", "n2", relation='in "quotes"')
    sample.add_edge("n2", "n\t1")
    dirty = sample.copy()
    dirty.add_node("n3\x01", note="bell\x07", gone=None, **{"odd\x02": 1})
    dirty.add_edge("n3\x01", "n2", gone=None)
    written = []
    for graph in (sample, sanitized(dirty)):
        buffer = io.BytesIO()
        nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
        written.append(buffer.getvalue())
    return written[0] == _graphml_bytes(sample, check=False) and \
        written[1] == _graphml_bytes(dirty, check=False, clean=True)


_SCALARS = (str, int, float, bool)
_RECLEAN: list = []  # data_lines: these attributes are cleaned as the copy cleans them first


def _graphml_bytes(graph: nx.Graph, *, check: bool = True, clean: bool = False) -> bytes | None:
    """The bytes ``nx.write_graphml(graph, encoding="utf-8", prettyprint=True)`` writes, built
    as one string (several times faster); None for what this does not reproduce (multigraphs, defaults,
    a graph id, empty strings, other value types, an empty graph, another networkx output): networkx
    writes those.

    ``clean`` (for an ``nx.DiGraph``): write ``sanitized(graph)`` without building it, cleaning ids and
    attributes on the way (a directed copy keeps the original's node and edge order); None also when two ids
    are the same once cleaned (the copy merges them)."""
    body: list[str] = []
    head = _graphml_parts(graph, body.append, check=check, clean=clean)
    return None if head is None else "".join([*head, *body]).encode("utf-8")


_CHUNK = 2000  # nodes or edges per piece handed to ``write``


def _graphml_parts(graph: nx.Graph, write: Callable[[str], object], *, check: bool = True, clean: bool = False
                   ) -> list[str] | None:
    """:func:`_graphml_bytes` in pieces: the body (from ``<graph>`` to the end) is handed to ``write`` a few
    thousand elements at a time, and the head (declaration, ``<graphml>``, the ``<key>`` lines the body
    uses) is returned; None as there (what was written then is not a GraphML body)."""
    graph_attrs = _clean_attrs(graph.graph) if clean else graph.graph
    if graph.is_multigraph() or not graph.number_of_nodes() or {"id", "node_default", "edge_default"} & set(
            graph_attrs) or (check and not _same_bytes_as_networkx()):
        return None
    from networkx.readwrite.graphml import GraphML

    starts: dict[tuple[str, type, str], str] = {}  # (name, value type, scope) -> the opening of its <data>
    key_lines: list[str] = []

    def start(name: object, kind: type, scope: str) -> str | None:
        """The opening ``<data key="dN">`` (indented) of an attribute, its <key> declared on first use."""
        name = name if type(name) is str else str(name)
        found = starts.get((name, kind, scope))
        if found is None:
            xml_type = _GRAPHML_TYPES.get(kind)
            if xml_type is None:
                return None
            key_id = f"d{len(starts)}"
            found = starts[(name, kind, scope)] = f'{"" if scope == "graph" else "  "}<data key="{key_id}">'
            key_lines.append(f'<key id="{key_id}" for="{scope}" attr.name="{_escape_attr(name)}" '
                             f'attr.type="{xml_type}"/>\n')
        return found

    def data_lines(attrs: dict, scope: str, cleaning: bool) -> list[str] | None:
        """One ``<data>`` line per attribute; None for what networkx writes. ``cleaning``: the attributes
        as ``_clean_attrs`` cleans them, ``_RECLEAN`` where that cannot be done here (the rare case: keys that
        are not clean strings, values that are not exactly str, int, float or bool)."""
        lines = []
        for name, value in attrs.items():
            kind = type(value)
            if cleaning and not (kind in _SCALARS and type(name) is str and name.isprintable()):
                return _RECLEAN
            opening = start(name, kind, scope)
            if opening is None:
                return None
            if kind is str:
                if cleaning and not value.isprintable():
                    value = _XML_ILLEGAL.sub("", value)
                if not value:
                    return None
                lines.append(f"{opening}{_escape_text(value)}</data>\n")
            else:  # a number or a bool: nothing to escape
                lines.append(f"{opening}{value}</data>\n")
        return lines

    def clean_lines(attrs: dict, scope: str) -> tuple[list[str] | None, dict]:
        """The ``<data>`` lines of cleaned attributes (see data_lines), and the attributes as cleaned (or the
        original dict where cleaning leaves it as it is)."""
        lines = data_lines(attrs, scope, clean)
        if lines is _RECLEAN:
            attrs = _clean_attrs(attrs)
            lines = data_lines(attrs, scope, False)
        return lines, attrs

    body = ['<graph edgedefault="directed">' if graph.is_directed() else '<graph edgedefault="undirected">']
    graph_lines = data_lines(graph_attrs, "graph", False)
    if graph_lines is None:
        return None
    body += graph_lines
    ids = {n: clean_text(str(n)) if clean else str(n) for n in graph.nodes}
    if clean and len(set(ids.values())) != len(ids):
        return None
    escaped = {n: _escape_attr(i) for n, i in ids.items()}
    for node, attrs in graph.nodes(data=True):
        lines, attrs = clean_lines(attrs, "node")
        if lines is not None and clean and "label" not in attrs:  # the copy gives every node a label
            label = data_lines({"label": ids[node]}, "node", False)
            lines = None if label is None else lines + label
        if lines is None:
            return None
        body.append(f'<node id="{escaped[node]}">\n{"".join(lines)}</node>\n' if lines else
                    f'<node id="{escaped[node]}"/>\n')
        if len(body) >= _CHUNK:
            write("".join(body))
            body.clear()
    for u, v, attrs in graph.edges(data=True):
        lines, _ = clean_lines(attrs, "edge")
        if lines is None:
            return None
        tag = f'<edge source="{escaped[u]}" target="{escaped[v]}"'
        body.append(f"{tag}>\n{''.join(lines)}</edge>\n" if lines else tag + "/>\n")
        if len(body) >= _CHUNK:
            write("".join(body))
            body.clear()
    body.append("</graph></graphml>")
    write("".join(body))
    head = (f"<?xml version='1.0' encoding='utf-8'?>\n<graphml xmlns=\"{GraphML.NS_GRAPHML}\" "
            f'xmlns:xsi="{GraphML.NS_XSI}" xsi:schemaLocation="{GraphML.SCHEMALOCATION}">')
    return [head, *reversed(key_lines)]


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
           "supported_outputs", "write_csv", "write_gexf", "write_graph", "write_graphml", "write_graphml_elements",
           "write_json"]
