"""The networkx graph built from records written for the tests."""

from __future__ import annotations

import networkx as nx

from diplograph import actor_network, build_graph
from diplograph.records import Actor, DocRecord, Event, Evidence, Place


def corpus() -> list[DocRecord]:
    return [
        DocRecord(id="a", model="test", url="https://example.org/a", published="2025-03-05", actors=[
            Actor("Anna Berg", aliases=["Berg"], roles=["Außenministerin"], country="DE"),
            Actor("Luis Vega", roles=["Außenminister"], country="ES")],
            places=[Place("Madrid", country="ES", lat=40.4165, lon=-3.70256, geonameid=3117735)],
            events=[Event("meeting", "held", ["Berg", "Luis Vega"], ["DE", "ES"], "Madrid", "2025-03-04",
                          confidence=0.8, evidence=[Evidence("Berg traf Vega in Madrid.", 0, 25)])]),
        DocRecord(id="b", model="test", url="https://example.org/b", published="2025-03-06", actors=[
            Actor("Anna Berg", country="DE"), Actor("Luiz Vega", country="ES"),
            Actor("Omar Haddad", roles=["Premier"], country="JO")],
            events=[Event("talks", "held", ["Anna Berg", "Luiz Vega"], ["DE", "ES"], "Madrid", "2025-03"),
                    Event("call", "planned", ["Anna Berg", "Omar Haddad"], ["DE", "JO"], None, None)]),
    ]


MEETING = "event:2025-03-04:in_person:berg-vega"
CALL = "event:undated:call:berg-haddad:planned"


def test_graph_has_exactly_the_expected_nodes_and_edges() -> None:
    graph = build_graph(corpus())
    assert isinstance(graph, nx.DiGraph)
    assert set(graph.nodes) == {
        "actor:anna-berg", "actor:luis-vega", "actor:omar-haddad", MEETING, CALL,
        "place:madrid", "state:DE", "state:ES", "state:JO"}
    assert set(graph.edges(data="relation")) == {
        ("actor:anna-berg", "state:DE", "represents"), ("actor:luis-vega", "state:ES", "represents"),
        ("actor:omar-haddad", "state:JO", "represents"),
        ("actor:anna-berg", MEETING, "participated_in"), ("actor:luis-vega", MEETING, "participated_in"),
        ("actor:anna-berg", CALL, "participated_in"), ("actor:omar-haddad", CALL, "participated_in"),
        (MEETING, "place:madrid", "held_in"),
        ("state:DE", MEETING, "party_to"), ("state:ES", MEETING, "party_to"),
        ("state:DE", CALL, "party_to"), ("state:JO", CALL, "party_to")}


def test_node_and_edge_attributes() -> None:
    graph = build_graph(corpus())
    berg = graph.nodes["actor:anna-berg"]
    assert berg == {"kind": "actor", "label": "Anna Berg", "name": "Anna Berg", "aliases": "Berg",
                    "country": "DE", "roles": "Außenministerin", "mentions": 2, "articles": 2}
    assert graph.nodes["actor:luis-vega"]["aliases"] == "Luiz Vega"
    meeting = graph.nodes[MEETING]
    assert meeting["type"] in {"meeting", "talks"}
    assert (meeting["status"], meeting["date"], meeting["place"], meeting["sources"]) == \
        ("held", "2025-03-04", "Madrid", 2)
    assert meeting["article_ids"] == "a; b"
    assert meeting["urls"] == "https://example.org/a; https://example.org/b"
    assert meeting["evidence"] == "Berg traf Vega in Madrid."
    assert graph.nodes["place:madrid"]["latitude"] == 40.4165
    assert graph.nodes["place:madrid"]["country"] == "ES"
    assert graph.edges["actor:anna-berg", MEETING]["role"] == "Außenministerin"
    for _, attrs in [*graph.nodes(data=True), *((None, d) for *_, d in graph.edges(data=True))]:
        assert all(isinstance(v, str | int | float) for v in attrs.values()), attrs


def test_actor_network_weights_shared_meetings() -> None:
    records = corpus()
    records.append(DocRecord(id="c", model="test", actors=[Actor("Anna Berg", country="DE"),
                                                            Actor("Luis Vega", country="ES")],
                             events=[Event("meeting", "held", ["Anna Berg", "Luis Vega"], ["DE", "ES"],
                                           "Brüssel", "2025-06-01")]))
    net = actor_network(build_graph(records))
    assert isinstance(net, nx.Graph) and not net.is_directed()
    assert set(net.nodes) == {"actor:anna-berg", "actor:luis-vega", "actor:omar-haddad"}
    assert net["actor:anna-berg"]["actor:luis-vega"]["weight"] == 2
    assert net["actor:anna-berg"]["actor:omar-haddad"]["weight"] == 1
    assert net.number_of_edges() == 2


def test_planned_meeting_is_linked_to_the_held_one() -> None:
    records = corpus()
    records.insert(0, DocRecord(id="p", model="test", actors=[Actor("Anna Berg", country="DE"),
                                                               Actor("Luis Vega", country="ES")],
                                events=[Event("visit", "planned", ["Anna Berg", "Luis Vega"], ["DE", "ES"],
                                              "Madrid", "2025-03")]))
    graph = build_graph(records)
    planned = "event:2025-03:in_person:berg-vega:planned"
    assert graph.edges[MEETING, planned]["relation"] == "realises"
    assert graph.nodes[MEETING]["realises"] == planned
