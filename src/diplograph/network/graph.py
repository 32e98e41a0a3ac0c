"""The networkx graph of who met whom, where and when.

:func:`build_graph` returns an ``nx.DiGraph`` (at most one edge of each relation between two nodes):

nodes (attribute ``kind``)
    ``actor``   ``actor:<slug>``   name, label, aliases, country, roles, mentions, articles
    ``meeting`` ``event:<...>``    type, status, date, place, parties, sources, article_ids, urls, evidence,
                                   confidence, realises, host, visitors, cameo, plover_mode, quad
                                   (diplograph.network.hosting, diplograph.network.plover)
    ``place``   ``place:<slug>``   name, country, latitude, longitude (when known)
    ``state``   ``state:<ISO>``    code
edges (attribute ``relation``)
    actor -> meeting  ``participated_in`` (role: the roles the actor held in the reporting articles)
    meeting -> place  ``held_in``
    actor -> state    ``represents``
    state -> meeting  ``party_to`` (side: ``host`` or ``visitor`` where the meeting has a host)
    held meeting -> planned meeting ``realises``

Every attribute is a plain scalar (str, int, float); lists are joined with "; " and missing values are
left out, so the graph can be written to GraphML and GEXF as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from diplograph.corpus.gc_pause import without_collector
from diplograph.network.names import fold, slug
from diplograph.network.plover import RecordIndexes, meeting_codes
from diplograph.network.resolve import Resolution, resolve
from diplograph.records import DocRecord

SEP = "; "


def _join(values: Iterable[str | None]) -> str:
    """The non-empty values, each once, in order, joined by ``SEP``."""
    unique = dict.fromkeys(values)
    unique.pop("", None)
    unique.pop(None, None)
    return SEP.join(unique)  # type: ignore[arg-type]


def _scalars(attrs: dict) -> dict:
    """Drop None and empty strings; every value left is str, int, float or bool."""
    return {k: v for k, v in attrs.items() if v is not None and v != ""}


def place_id(name: str) -> str:
    return "place:" + slug(name)


def state_id(code: str) -> str:
    return "state:" + code.upper()


Nodes = dict[str, dict]  # node id -> attributes, in the order the nodes are added
Edges = list[tuple[str, str, dict]]  # (source, target, attributes), in the order the edges are added


def _add_node(nodes: Nodes, node: str, attrs: dict) -> None:
    """Add a node or update its attributes, as ``nx.DiGraph.add_node`` does."""
    known = nodes.get(node)
    if known is None:
        nodes[node] = attrs
    else:
        known.update(attrs)


def _add_actors(nodes: Nodes, edges: Edges, records: Sequence[DocRecord], res: Resolution) -> None:
    for entity in res.actors.values():
        _add_node(nodes, entity.id, _scalars({
            "kind": "actor", "label": entity.name, "name": entity.name,
            "aliases": _join([s for s in entity.spellings if s != entity.name]),
            "country": entity.country, "roles": _join(entity.roles),
            "mentions": entity.mentions, "articles": entity.articles}))
        if entity.country:
            edges.append((entity.id, _add_state(nodes, entity.country), {"relation": "represents"}))


def _add_state(nodes: Nodes, code: str) -> str:
    """The state's node id, the node added if it is new."""
    node = state_id(code)
    if node not in nodes:
        nodes[node] = {"kind": "state", "label": code.upper(), "code": code.upper()}
    return node


_PLACE_ATTRS = ("country", "latitude", "longitude", "geonameid", "normalized")


def _place_info(records: Sequence[DocRecord]) -> dict[str, dict]:
    """Folded place name -> the best known attributes (coordinates, country) from any article."""
    info: dict[str, dict] = {}
    seen: set[tuple] = set()  # places already read: reading one again adds nothing
    for rec in records:
        for p in rec.places:
            values = (p.country, p.lat, p.lon, p.geonameid, p.normalized)
            signature = (p.name, *values)
            if signature in seen:
                continue
            seen.add(signature)
            for key in {fold(p.name), fold(p.normalized or "")} - {""}:
                known = info.setdefault(key, {})
                for attr, value in zip(_PLACE_ATTRS, values, strict=True):
                    if value is not None and attr not in known:
                        known[attr] = value
    return info


def _article_roles(record: DocRecord, doc: int, res: Resolution) -> dict[str | None, list[str]]:
    """Actor id -> the roles the article gives it (its actors in order, their roles in order)."""
    roles: dict[str | None, list[str]] = {}
    for n, actor in enumerate(record.actors):
        roles.setdefault(res.actor_ids.get((doc, n)), []).extend(actor.roles)
    return roles


def _add_meetings(nodes: Nodes, edges: Edges, records: Sequence[DocRecord], res: Resolution) -> None:
    places = _place_info(records)
    place_nodes: dict[str, str] = {}  # a meeting's place -> its node id (the node added with the first)
    article_roles: dict[int, dict[str | None, list[str]]] = {}
    indexes = RecordIndexes()
    for entity in res.events.values():
        reports = [(records[d], records[d].events[i]) for d, i in entity.refs]
        evidence = [e.text for _, ev in reports for e in ev.evidence]
        venue = places.get(fold(entity.place), {}).get("country") if entity.place else None
        codes = meeting_codes(entity, reports, venue, indexes)  # host, visitors, PLOVER mode, CAMEO code
        _add_node(nodes, entity.id, _scalars({
            "kind": "meeting", "label": _meeting_label(entity, res), "type": entity.type,
            "status": entity.status, "date": entity.date, "place": entity.place,
            "parties": _join(entity.parties), "sources": len(entity.refs),
            "article_ids": _join([rec.id for rec, _ in reports]), "urls": _join([rec.url or "" for rec, _ in reports]),
            "evidence": _join(evidence), "confidence": max((ev.confidence for _, ev in reports), default=None),
            "realises": entity.realises, "host": codes["host"], "visitors": _join(codes["visitors"]),
            "cameo": codes["cameo"], "plover_mode": codes["plover_mode"], "quad": codes["quad"]}))
        if entity.place:
            node = place_nodes.get(entity.place)
            if node is None:
                info = places.get(fold(entity.place), {})
                name = info.get("normalized") or entity.place
                node = place_nodes[entity.place] = place_id(name)
                if node not in nodes:
                    nodes[node] = _scalars({
                        "kind": "place", "label": name, "name": name, "country": info.get("country"),
                        "latitude": info.get("latitude"), "longitude": info.get("longitude"),
                        "geonameid": info.get("geonameid")})
            edges.append((entity.id, node, {"relation": "held_in"}))
        for code in entity.parties:  # side: the host's state and the visitors' (visitor -> host, where known)
            side = "host" if code == codes["host"] else "visitor" if code in codes["visitors"] else None
            edges.append((_add_state(nodes, code), entity.id, {"relation": "party_to", "side": side} if side else
                          {"relation": "party_to"}))
        docs = sorted({d for d, _ in entity.refs})
        for d in docs:
            if d not in article_roles:
                article_roles[d] = _article_roles(records[d], d, res)
        for person in entity.participants:
            if person not in nodes:  # a participant the article did not list as an actor
                name = person.split(":", 1)[-1]
                nodes[person] = {"kind": "actor", "label": name, "name": name, "mentions": 0, "articles": 0}
            role = _join([r for d in docs for r in article_roles[d].get(person, ())])
            edges.append((person, entity.id, {"relation": "participated_in", "role": role} if role else
                          {"relation": "participated_in"}))
    for entity in res.events.values():
        if entity.realises:
            edges.append((entity.id, entity.realises, {"relation": "realises"}))


def _meeting_label(entity, res: Resolution) -> str:
    names = [res.actors[p].name if p in res.actors else p.split(":", 1)[-1] for p in entity.participants]
    who = ", ".join(names) or "/".join(entity.parties) or "?"
    where = f" in {entity.place}" if entity.place else ""
    when = f" ({entity.date})" if entity.date else ""
    return f"{entity.type}: {who}{where}{when}"


def graph_elements(records: Sequence[DocRecord], resolution: Resolution | None = None) -> tuple[Nodes, Edges]:
    """The nodes (with their attributes) and edges of :func:`build_graph`, in the order it adds them, without
    the graph. ``records`` may also be record summaries (:func:`diplograph.network.record_summary.summarize`),
    with their ``resolution``."""
    records = list(records)
    res = resolution or resolve(records)
    nodes: Nodes = {}
    edges: Edges = []
    _add_actors(nodes, edges, records, res)
    _add_meetings(nodes, edges, records, res)
    return nodes, edges


@without_collector
def build_graph(records: Sequence[DocRecord], resolution: Resolution | None = None) -> nx.DiGraph:
    """The actor / meeting / place / state graph of a corpus of records (resolved here unless given;
    the cyclic garbage collector is paused meanwhile, see :mod:`diplograph.corpus.gc_pause`)."""
    nodes, edges = graph_elements(records, resolution)
    graph = nx.DiGraph(name="diplograph")
    graph.add_nodes_from(nodes.items())  # in bulk: the order and attributes of adding them one by one
    graph.add_edges_from(edges)
    return graph


def actor_network(graph: nx.DiGraph) -> nx.Graph:
    """Actor-actor projection: an edge per pair of actors who met, ``weight`` = number of shared meetings."""
    actors = [n for n, k in graph.nodes(data="kind") if k == "actor"]
    net = nx.Graph(name="diplograph actors")
    net.add_nodes_from((n, dict(graph.nodes[n])) for n in actors)
    meetings = [n for n, k in graph.nodes(data="kind") if k == "meeting"]
    for meeting in meetings:
        people = sorted(u for u, _, rel in graph.in_edges(meeting, data="relation") if rel == "participated_in")
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                if net.has_edge(a, b):
                    net[a][b]["weight"] += 1
                    net[a][b]["meetings"] += SEP + meeting
                else:
                    net.add_edge(a, b, weight=1, meetings=meeting)
    return net


__all__ = ["actor_network", "build_graph", "graph_elements", "place_id", "state_id"]


def as_graph(data: object) -> nx.Graph:
    """A graph from what a user holds: a graph as it is, a ``Corpus`` (its ``graph()``) or records."""
    if isinstance(data, nx.Graph):
        return data
    graph = getattr(data, "graph", None)
    if callable(graph):  # a Corpus
        return graph()
    return build_graph(list(data))  # type: ignore[call-overload]
