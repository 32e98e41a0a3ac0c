"""Property tests: hostile Unicode never breaks extraction, offsets, or the GraphML/GEXF exports."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from diplograph.corpus.inputs import Article
from diplograph.corpus.runner import Extractor
from diplograph.corpus.textprep import prepare_text
from diplograph.records import DocRecord

HOSTILE = [
    "\x00", "\x1b[31m", "\x07", "\u202e", "\u200f", "\u200d", "\ufeff", "\ufffe", "\uffff", "e\u0301\u0308",
    "👩‍👩‍👧", "🇩🇪", "שלום", "مرحبا", "\U0010ffff", "\ud800", "\udfff", "\r\n", "\u2028", "\u00a0",
    "A" * 10_000, "<p>", "&amp;", "]]>", "<!DOCTYPE x>", "\t\t", "\n\n\n",
]
GERMAN = [
    "Außenminister Johann Wadephul traf am Montag in Berlin den polnischen Außenminister Radosław Sikorski.",
    "Präsident Emmanuel Macron empfing Bundeskanzler Friedrich Merz in Paris.",
    "Die beiden sprachen über die Ukraine.", "Außenministerin", "Berlin", "Nato", "am Donnerstag",
]

names = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2FFFF), min_size=1, max_size=12).map(
    lambda s: s[:1].upper() + s[1:])
pieces = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(GERMAN),
    st.text(max_size=40),
    st.builds(lambda a, b: f"Außenminister {a} {b} traf in Berlin den Präsidenten {b} {a}.", names, names),
)
texts = st.lists(pieces, max_size=8).map(" ".join)


@pytest.fixture(scope="module")
def extractor(nlp) -> Extractor:
    return Extractor(nlp=nlp)


def _check_offsets(record: DocRecord, text: str) -> None:
    for item in [*record.actors, *record.places, *record.organizations]:
        for m in item.mentions:
            assert text[m.start:m.end] == m.text
    for event in record.events:
        for ev in event.evidence:
            assert text[ev.start:ev.end] == ev.text
    for date in record.dates:
        assert text[date.start:date.end] == date.text


@settings(derandomize=True, max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_extraction_never_raises_and_offsets_slice_back(extractor: Extractor, text: str) -> None:
    record = extractor.process(Article("h", text, "2025-02-18"))
    assert not any(w.startswith("extraction failed") for w in record.warnings), record.warnings
    data = record.to_dict()
    line = json.dumps(data, ensure_ascii=False)
    line.encode("utf-8")  # writable as UTF-8 (no lone surrogates)
    assert DocRecord.from_dict(json.loads(line)).to_dict() == data
    _check_offsets(record, prepare_text(text)[0])


@settings(derandomize=True, max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, other=texts)
@example(text="Außenminister Jo\x00h\u202ean Wa\ud800dep\x1bhul traf am Montag in Ber\x07lin den Präsidenten "
              "Emmanuel Ma\ufffecron. 👩‍👩‍👧 ]]> <!DOCTYPE x>", other=GERMAN[1])
def test_graphml_and_gexf_from_hostile_records_parse_again(extractor: Extractor, text: str, other: str) -> None:
    export = pytest.importorskip("diplograph.network.export")
    graph_mod = pytest.importorskip("diplograph.network.graph")
    records = [extractor.process(Article("h\x00\u202e1", text, "2025-02-18")),
               extractor.process(Article("h2", other, None))]
    graph = graph_mod.build_graph(records)
    if "Emmanuel" in text:
        assert graph.number_of_nodes() > 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, writer in (("g.graphml", export.write_graphml), ("g.gexf", export.write_gexf)):
            path = Path(tmp) / name
            writer(graph, path)
            assert b"<!DOCTYPE" not in path.read_bytes()
            back = export.read_graph(path)
            assert back.number_of_nodes() == graph.number_of_nodes()
            assert back.number_of_edges() == graph.number_of_edges()
