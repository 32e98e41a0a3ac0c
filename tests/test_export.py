"""Every export format read back by an independent reader."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import igraph
import networkx as nx
import pytest

from diplograph import build_graph, write_csv, write_gexf, write_graphml, write_json
from diplograph.cli import main
from diplograph.network.export import UnsafeXMLError, clean_text, read_graph
from diplograph.records import Actor, DocRecord, Event, Place

MEETING = "event:2025-03-04:in_person:berg-vega"


def records() -> list[DocRecord]:
    return [
        DocRecord(id="a", model="test", url="https://example.org/a", actors=[
            Actor("Anna Berg", roles=["Außenministerin"], country="DE"), Actor("Luis Vega", country="ES")],
            places=[Place("Madrid", country="ES", lat=40.4165, lon=-3.70256)],
            events=[Event("meeting", "held", ["Anna Berg", "Luis Vega"], ["DE", "ES"], "Madrid", "2025-03-04")]),
        DocRecord(id="b", model="test", actors=[
            Actor("Anna Berg", roles=["Minis\x00terin\x1b"], country="DE"), Actor("Omar Haddad", country="JO")],
            events=[Event("call", "held", ["Anna Berg", "Omar Haddad"], ["DE", "JO"], None, "2025-02")]),
        DocRecord(id="c", model="test", actors=[Actor("Anna Berg", country="DE"), Actor("Luis Vega", country="ES")],
                  events=[Event("meeting", "planned", ["Anna Berg", "Luis Vega"], ["DE", "ES"], "Rom", None)]),
    ]


@pytest.fixture()
def graph() -> nx.DiGraph:
    return build_graph(records())


def test_clean_text_removes_characters_xml_forbids() -> None:
    assert clean_text("a\x00b\x1bc\ufffed\n\te") == "abcd\n\te"


def test_graphml_reads_back_in_networkx_and_igraph(graph: nx.DiGraph, tmp_path: Path) -> None:
    path = write_graphml(graph, tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(graph.nodes)
    assert set(back.edges) == set(graph.edges)
    assert all("label" in attrs for _, attrs in back.nodes(data=True))
    assert back.nodes["place:madrid"]["latitude"] == pytest.approx(40.4165)
    assert back.nodes["actor:anna-berg"]["roles"] == "Außenministerin; Ministerin"  # control chars gone
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.vcount() == graph.number_of_nodes() and ig.ecount() == graph.number_of_edges()
    assert sorted(ig.vs["id"]) == sorted(graph.nodes)
    assert set(ig.vs["kind"]) == {"actor", "meeting", "place", "state"}
    ET.parse(path)  # well-formed XML


def test_gexf_has_timeline_and_viz(graph: nx.DiGraph, tmp_path: Path) -> None:
    path = write_gexf(graph, tmp_path / "g.gexf")
    root = ET.parse(path).getroot()
    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    assert root.get("version") == "1.3"
    graph_el = root.find("g:graph", ns)
    assert graph_el is not None
    assert (graph_el.get("mode"), graph_el.get("timeformat")) == ("dynamic", "date")
    nodes = {n.get("id"): n for n in root.iter("{http://gexf.net/1.3}node")}
    assert all(n.get("label") for n in nodes.values())
    meeting = nodes[MEETING]
    assert (meeting.get("start"), meeting.get("end")) == ("2025-03-04", "2025-03-04")
    call = nodes["event:2025-02:call:berg-haddad"]
    assert (call.get("start"), call.get("end")) == ("2025-02-01", "2025-02-28")  # a month spans its days
    assert nodes["actor:anna-berg"].get("start") is None  # actors are always visible
    colour = meeting.find("viz:color", ns)
    assert colour is not None and colour.get("r") == "234"
    assert float(nodes["actor:anna-berg"].find("viz:size", ns).get("value")) > 4.0
    edges = [e for e in root.iter("{http://gexf.net/1.3}edge") if e.get("target") == MEETING
             and e.get("source") == "actor:luis-vega"]
    assert edges and edges[0].get("start") == "2025-03-04"
    back = nx.read_gexf(path, version="1.3")
    assert set(back.nodes) == set(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes["actor:anna-berg"]["label"] == "Anna Berg"


def test_csv_tables_in_gephi_layout(graph: nx.DiGraph, tmp_path: Path) -> None:
    nodes_path, edges_path = write_csv(graph, tmp_path / "tables")
    with nodes_path.open(encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with edges_path.open(encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert list(nodes[0])[:2] == ["Id", "Label"]
    assert list(edges[0])[:3] == ["Source", "Target", "Type"]
    assert {n["Id"] for n in nodes} == set(graph.nodes)
    assert {(e["Source"], e["Target"]) for e in edges} == set(graph.edges)
    assert {e["Type"] for e in edges} == {"Directed"}
    madrid = next(n for n in nodes if n["Id"] == "place:madrid")
    assert float(madrid["latitude"]) == pytest.approx(40.4165) and madrid["Label"] == "Madrid"


def test_node_link_json(graph: nx.DiGraph, tmp_path: Path) -> None:
    path = write_json(graph, tmp_path / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == set(graph.nodes)
    assert len(data["edges"]) == graph.number_of_edges()
    back = read_graph(path)
    assert set(back.edges) == set(graph.edges)


def test_reader_refuses_entities(tmp_path: Path) -> None:
    evil = tmp_path / "evil.graphml"
    evil.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">'
                    '<node id="&e;"/></graph></graphml>', encoding="utf-8")
    with pytest.raises(UnsafeXMLError):
        read_graph(evil)


def test_cli_graph_from_extract_jsonl(tmp_path: Path) -> None:
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("".join(json.dumps(r.to_dict()) + "\n" for r in records()), encoding="utf-8")
    for name in ("g.graphml", "g.gexf", "g.json"):
        assert main(["graph", str(jsonl), "--output", str(tmp_path / name), "--quiet"]) == 0
        assert set(read_graph(tmp_path / name).nodes) == set(build_graph(records()).nodes)
    assert main(["graph", str(jsonl), "--output", str(tmp_path / "tables"), "--quiet"]) == 0
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["edges.csv", "nodes.csv"]


def test_graphml_keeps_text_that_needs_escaping_and_drops_what_xml_forbids(tmp_path) -> None:
    nasty = ["a&b", "<x>", '"q"', "it's", "tab\there", "nl\nx", "emoji 😀", "ü ß", "]]>", "\x00c\x1f"]
    graph = nx.DiGraph(name="t&<>\"")
    for i, text in enumerate(nasty):
        graph.add_node(text, label=text, n=i, f=i / 3, b=bool(i % 2), **{text: text})
        graph.add_edge(text, nasty[(i + 1) % len(nasty)], relation=text, w=i)
    back = read_graph(write_graphml(graph, tmp_path / "g.graphml"))
    assert sorted(back.nodes) == sorted(clean_text(t) for t in nasty)
    assert back.graph["name"] == 't&<>"'
    for i, text in enumerate(nasty):
        attrs = back.nodes[clean_text(text)]
        assert attrs["label"] == attrs[clean_text(text)] == clean_text(text)
        assert (attrs["n"], attrs["f"], attrs["b"]) == (i, i / 3, bool(i % 2))
        assert back.edges[clean_text(text), clean_text(nasty[(i + 1) % len(nasty)])]["relation"] == clean_text(text)


@pytest.mark.parametrize("kind", ["collide", "undirected"])
def test_graphml_merges_ids_that_are_one_once_cleaned(tmp_path, kind: str) -> None:
    """Ids that are one once cleaned ("a\\x00" and "a") are one node, in a directed and in an undirected graph."""
    graph = nx.DiGraph() if kind == "collide" else nx.Graph()
    graph.add_edge("a\x00", "b", relation="first")
    graph.add_edge("c", "a", relation="second")
    graph.add_edge("b", "c", relation="third")
    graph.nodes["a"]["n"] = 1
    back = read_graph(write_graphml(graph, tmp_path / "ours.graphml"))
    assert sorted(back.nodes) == ["a", "b", "c"]  # "a\x00" is "a"
    assert back.nodes["a"]["n"] == 1 and back.is_directed() == (kind == "collide")
    assert {back.edges[e]["relation"] for e in back.edges} == {"first", "second", "third"}
