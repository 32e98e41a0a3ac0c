"""The networkx graph of who met whom, where and when.

:func:`build_graph` returns an ``nx.DiGraph`` (at most one edge of each relation between two nodes):

nodes (attribute ``kind``)
    ``actor``   ``actor:<slug>``   name, label, aliases, country, roles, mentions, articles
    ``meeting`` ``event:<...>``    type, status, date, place, parties, sources, article_ids, urls, evidence,
                                   confidence, realises
    ``place``   ``place:<slug>``   name, country, latitude, longitude (when known)
    ``state``   ``state:<ISO>``    code
edges (attribute ``relation``)
    actor -> meeting  ``participated_in`` (role: the roles the actor held in the reporting articles)
    meeting -> place  ``held_in``
    actor -> state    ``represents``
    state -> meeting  ``party_to``
    held meeting -> planned meeting ``realises``

Every attribute is a plain scalar (str, int, float); lists are joined with "; " and missing values are
left out, so the graph can be written to GraphML and GEXF as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from diplograph.gc_pause import without_collector
from diplograph.records import DocRecord
from diplograph.resolve import Resolution, resolve
from diplograph.translit import fold, slug

SEP = "; "


def _join(values: Iterable[str]) -> str:
    """The non-empty values, each once, in order, joined by ``SEP``."""
    return SEP.join(dict.fromkeys(v for v in values if v))


def _scalars(attrs: dict) -> dict:
    """Drop None and empty strings; every value left is str, int, float or bool."""
    return {k: v for k, v in attrs.items() if v is not None and v != ""}


def place_id(name: str) -> str:
    return "place:" + slug(name)


def state_id(code: str) -> str:
    return "state:" + code.upper()


def _add_actors(graph: nx.DiGraph, records: Sequence[DocRecord], res: Resolution) -> None:
    for entity in res.actors.values():
        graph.add_node(entity.id, **_scalars({
            "kind": "actor", "label": entity.name, "name": entity.name,
            "aliases": _join([s for s in entity.spellings if s != entity.name]),
            "country": entity.country, "roles": _join(entity.roles),
            "mentions": entity.mentions, "articles": entity.articles}))
        if entity.country:
            _add_state(graph, entity.country)
            graph.add_edge(entity.id, state_id(entity.country), relation="represents")


def _add_state(graph: nx.DiGraph, code: str) -> None:
    node = state_id(code)
    if node not in graph:
        graph.add_node(node, kind="state", label=code.upper(), code=code.upper())


def _place_info(records: Sequence[DocRecord]) -> dict[str, dict]:
    """Folded place name -> the best known attributes (coordinates, country) from any article."""
    info: dict[str, dict] = {}
    for rec in records:
        for p in rec.places:
            for key in {fold(p.name), fold(p.normalized or "")} - {""}:
                known = info.setdefault(key, {})
                for attr, value in (("country", p.country), ("latitude", p.lat), ("longitude", p.lon),
                                    ("geonameid", p.geonameid), ("normalized", p.normalized)):
                    if value is not None and attr not in known:
                        known[attr] = value
    return info


def _add_meetings(graph: nx.DiGraph, records: Sequence[DocRecord], res: Resolution) -> None:
    places = _place_info(records)
    for entity in res.events.values():
        reports = [(records[d], records[d].events[i]) for d, i in entity.refs]
        evidence = [e.text for _, ev in reports for e in ev.evidence]
        graph.add_node(entity.id, **_scalars({
            "kind": "meeting", "label": _meeting_label(entity, res), "type": entity.type,
            "status": entity.status, "date": entity.date, "place": entity.place,
            "parties": _join(entity.parties), "sources": len(entity.refs),
            "article_ids": _join([rec.id for rec, _ in reports]), "urls": _join([rec.url or "" for rec, _ in reports]),
            "evidence": _join(evidence), "confidence": max((ev.confidence for _, ev in reports), default=None),
            "realises": entity.realises}))
        if entity.place:
            info = places.get(fold(entity.place), {})
            name = info.get("normalized") or entity.place
            node = place_id(name)
            if node not in graph:
                graph.add_node(node, **_scalars({
                    "kind": "place", "label": name, "name": name, "country": info.get("country"),
                    "latitude": info.get("latitude"), "longitude": info.get("longitude"),
                    "geonameid": info.get("geonameid")}))
            graph.add_edge(entity.id, node, relation="held_in")
        for code in entity.parties:
            _add_state(graph, code)
            graph.add_edge(state_id(code), entity.id, relation="party_to")
        roles: dict[str, list[str]] = {}
        for d in sorted({d for d, _ in entity.refs}):
            for n, actor in enumerate(records[d].actors):
                actor_id = res.actor_ids.get((d, n))
                if actor_id in entity.participants:
                    roles.setdefault(actor_id, []).extend(actor.roles)
        for person in entity.participants:
            if person not in graph:  # a participant the article did not list as an actor
                name = person.split(":", 1)[-1]
                graph.add_node(person, kind="actor", label=name, name=name, mentions=0, articles=0)
            graph.add_edge(person, entity.id, **_scalars({"relation": "participated_in",
                                                          "role": _join(roles.get(person, []))}))
    for entity in res.events.values():
        if entity.realises:
            graph.add_edge(entity.id, entity.realises, relation="realises")


def _meeting_label(entity, res: Resolution) -> str:
    names = [res.actors[p].name if p in res.actors else p.split(":", 1)[-1] for p in entity.participants]
    who = ", ".join(names) or "/".join(entity.parties) or "?"
    where = f" in {entity.place}" if entity.place else ""
    when = f" ({entity.date})" if entity.date else ""
    return f"{entity.type}: {who}{where}{when}"


@without_collector
def build_graph(records: Sequence[DocRecord], resolution: Resolution | None = None) -> nx.DiGraph:
    """The actor / meeting / place / state graph of a corpus of records (resolved here unless given;
    the cyclic garbage collector is paused meanwhile, see :mod:`diplograph.gc_pause`)."""
    records = list(records)
    res = resolution or resolve(records)
    graph = nx.DiGraph(name="diplograph")
    _add_actors(graph, records, res)
    _add_meetings(graph, records, res)
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


__all__ = ["actor_network", "build_graph", "place_id", "state_id"]
