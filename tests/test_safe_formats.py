"""Reading exports back never expands entities or fetches anything; no unsafe deserialisation on inputs."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "diplograph"

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE x [ <!ENTITY ext SYSTEM "file:///etc/passwd"> ]>
"""
GRAPHML_BODY = """<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
<node id="&lol3;"/></graph></graphml>"""
GEXF_BODY = """<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="directed">
<nodes><node id="a" label="&ext;"/></nodes><edges/></graph></gexf>"""


@pytest.mark.parametrize(("name", "content"), [
    ("bomb.graphml", BOMB + GRAPHML_BODY), ("ext.gexf", EXTERNAL + GEXF_BODY),
    ("lower.graphml", BOMB.replace("DOCTYPE", "doctype") + GRAPHML_BODY),
])
def test_reader_refuses_dtd_and_entities(tmp_path: Path, name: str, content: str) -> None:
    export = pytest.importorskip("diplograph.network.export")
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(export.UnsafeXMLError):
        export.read_graph(path)


def test_writers_never_emit_a_doctype(tmp_path: Path) -> None:
    export = pytest.importorskip("diplograph.network.export")
    graph = nx.DiGraph()
    graph.add_node("a", kind="actor", label="<!DOCTYPE x> &amp; \x00 ]]>", date="2025-02-18")
    graph.add_node("m", kind="meeting", label="Treffen", date="2025-02")
    graph.add_edge("a", "m", kind="participant")
    for name, writer in (("g.graphml", export.write_graphml), ("g.gexf", export.write_gexf)):
        path = tmp_path / name
        writer(graph, path)
        raw = path.read_bytes()
        assert not re.search(rb"<!\s*(DOCTYPE|ENTITY)", raw, flags=re.IGNORECASE)
        assert export.read_graph(path).nodes["a"]["label"].startswith("<!DOCTYPE x>")


UNSAFE = re.compile(r"\b(pickle|marshal|shelve|dill|cloudpickle)\.(loads?|Unpickler)\b|\byaml\.load\(|"
                    r"\beval\(|\bexec\(|xml\.etree\.ElementTree\.parse|lxml|resolve_entities")


def test_no_unsafe_deserialisation_in_sources() -> None:
    offenders = [f"{p.relative_to(SRC)}:{n}: {line.strip()}"
                 for p in sorted(SRC.rglob("*.py"))
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
                 if UNSAFE.search(line)]
    assert offenders == []
