"""Exports checked against the formats' own definitions.

GEXF: the official GEXF 1.3 RelaxNG schema (copied into tests/schemas/, CC BY 4.0, see its README).
GraphML: the structure the GraphML primer requires (keys declared before use, typed keys, unique ids).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from diplograph import build_graph, write_gexf, write_graphml
from diplograph.cli import main
from diplograph.records import Actor, DocRecord, Event, Place

etree = pytest.importorskip("lxml.etree")

SCHEMA = Path(__file__).resolve().parent / "schemas" / "gexf-1.3" / "gexf.rng"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"
GRAPHML_TYPES = {"boolean", "int", "long", "float", "double", "string"}


@pytest.fixture(scope="module")
def gexf_schema():
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def assert_valid_gexf(schema, path: Path) -> None:
    document = etree.parse(str(path))
    for element in document.getroot().iter():
        for name in [a for a in element.attrib if a.startswith(XSI)]:
            del element.attrib[name]
    assert schema.validate(document), f"{path.name}: {schema.error_log}"


def every_kind() -> list[DocRecord]:
    """Held, planned and cancelled meetings, a call, day and month dates, unicode, empty values."""
    return [
        DocRecord(id="ä-1", model="test", url="https://example.org/ä", published="2025-03-05", actors=[
            Actor("Zoë Ångström", roles=["Außenministerin"], country="SE"),
            Actor("Łukasz Żółć", roles=[], country="PL"), Actor("Jürgen Öztürk", roles=[""], country=None)],
            places=[Place("Kraków", country="PL", lat=50.06, lon=19.94), Place("Nirgendwo")],
            events=[Event("meeting", "held", ["Zoë Ångström", "Łukasz Żółć"], ["SE", "PL"], "Kraków", "2025-03-04"),
                    Event("call", "held", ["Zoë Ångström", "Jürgen Öztürk"], ["SE"], None, "2025-02"),
                    Event("summit", "planned", ["Łukasz Żółć", "Jürgen Öztürk"], [], "Nirgendwo", None),
                    Event("visit", "cancelled", ["Zoë Ångström"], ["SE", "PL"], "", "")]),
        DocRecord(id="b", model="test", actors=[Actor("Zoë Ångström", country="SE")],
                  events=[Event("talks", "held", ["Zoë Ångström", "Łukasz Żółć"], ["SE", "PL"], "Kraków",
                                "2025-03-04")]),
    ]


def undated() -> list[DocRecord]:
    return [DocRecord(id="u", model="test", actors=[Actor("Ada Weiß", country="AT"), Actor("Ben Roth", country="CH")],
                      events=[Event("meeting", "held", ["Ada Weiß", "Ben Roth"], ["AT", "CH"], "Wien", None)])]


@pytest.mark.parametrize("viz", [True, False])
@pytest.mark.parametrize("make", [every_kind, undated], ids=["dynamic", "static"])
def test_gexf_is_valid_gexf_1_3(gexf_schema, tmp_path: Path, make, viz: bool) -> None:
    graph = build_graph(make())
    path = write_gexf(graph, tmp_path / "g.gexf", viz=viz)
    assert_valid_gexf(gexf_schema, path)
    root = ET.parse(path).getroot()
    graph_element = root.find("{http://gexf.net/1.3}graph")
    assert graph_element is not None and "name" not in graph_element.attrib
    assert graph_element.get("mode") == ("dynamic" if make is every_kind else "static")
    has_viz = any(el.tag.startswith("{http://gexf.net/1.3/viz}") for el in root.iter())
    assert has_viz is viz


def test_schema_rejects_what_gexf_1_3_does_not_define(gexf_schema, tmp_path: Path) -> None:
    """The check can fail: networkx's own writer adds a ``name`` to <graph>, which 1.3 does not allow."""
    path = tmp_path / "networkx.gexf"
    nx.write_gexf(nx.path_graph(3), path, version="1.3")
    document = etree.parse(str(path))
    for element in document.getroot().iter():
        for name in [a for a in element.attrib if a.startswith(XSI) or a.startswith("{http://w3.org/")]:
            del element.attrib[name]
    assert not gexf_schema.validate(document)


def test_cli_gexf_of_the_example_data_is_valid(nlp, gexf_schema, tmp_path: Path) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "articles.jsonl"
    records = tmp_path / "data-records.jsonl"
    assert main(["extract", str(data), "--output", str(records), "--quiet"]) == 0
    out = tmp_path / "x.gexf"
    assert main(["graph", str(records), "--output", str(out), "--quiet"]) == 0
    assert_valid_gexf(gexf_schema, out)
    assert len(list(ET.parse(out).getroot().iter("{http://gexf.net/1.3}node"))) > 10


@pytest.mark.parametrize("make", [every_kind, undated])
def test_graphml_has_the_structure_the_primer_requires(tmp_path: Path, make) -> None:
    path = write_graphml(build_graph(make()), tmp_path / "g.graphml")
    root = ET.parse(path).getroot()
    declared: dict[str, str] = {}
    seen_data = False
    for element in root.iter():
        if element.tag == f"{GRAPHML_NS}key":
            assert not seen_data, "a <key> after the first <data>"
            assert element.get("attr.type") in GRAPHML_TYPES
            assert element.get("id") not in declared
            declared[element.get("id")] = element.get("for")
        elif element.tag == f"{GRAPHML_NS}data":
            seen_data = True
            assert element.get("key") in declared, f"undeclared key {element.get('key')}"
    node_ids = [n.get("id") for n in root.iter(f"{GRAPHML_NS}node")]
    assert node_ids and len(node_ids) == len(set(node_ids))
    for edge in root.iter(f"{GRAPHML_NS}edge"):
        assert edge.get("source") in node_ids and edge.get("target") in node_ids
