"""Processed Docs serialise the spaCy way (diplograph.pipeline.serialization): ``doc.to_bytes()``, ``DocBin`` with user
data, ``nlp.pipe(..., n_process=2)``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import srsly
from spacy.tokens import Doc, DocBin

from diplograph.pipeline import serialization
from diplograph.pipeline.actors import ActorCluster
from diplograph.pipeline.extract import doc_to_record
from diplograph.pipeline.serialization import MentionRef
from diplograph.records import Event

# (text, published): sentences written for these tests
TEXTS = [
    ("Die Außenministerin Anna Beispiel traf am Montag in Paris ihren französischen Amtskollegen Jean Exemple.",
     "2025-03-05"),
    ("Bundeskanzler Max Muster empfängt am Freitag den polnischen Ministerpräsidenten Jan Przykład in Berlin. "
     "Die beiden wollen über die Zusammenarbeit in der Nato sprechen.", "2025-04-02"),
    ("Das für Mittwoch geplante Treffen der Präsidentin Eva Probe mit dem spanischen Außenminister Tomás Ejemplo "
     "in Rom wurde abgesagt.", None),
    ("UN-Generalsekretär Paul Muster und der Vorstand der Europäischen Zentralbank berieten am 3. März 2025 in "
     "Genf über die Lage.", "2025-03-05"),
]


def _make(nlp, text: str, published: str | None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.published = published
    return doc


@pytest.fixture(scope="module")
def docs(nlp) -> list[Doc]:
    return [nlp(_make(nlp, text, published)) for text, published in TEXTS]


def _spans(spans) -> list[tuple]:
    return [(s.text, s.start, s.end, s.start_char, s.end_char, s.label_) for s in spans]


def _actors(doc: Doc) -> list[tuple]:
    return [(a.name, a.aliases, a.roles, a.role_phrases, a.country, _spans(a.mentions)) for a in doc._.actors]


def _role_spans(doc: Doc) -> list[list[tuple]]:
    """The role phrases of each actor: a processed doc's RoleMentions, as the MentionRefs they are read back as."""
    return [[(rm.span.text, rm.start, rm.end, rm.span.start_char, rm.span.end_char, "ROLE")
             if type(rm) is not MentionRef else _spans([rm])[0] for rm in a.role_mentions] for a in doc._.actors]


def _record(doc: Doc) -> dict:
    return doc_to_record(doc, article_id="a", model="m").to_dict()


def test_the_texts_give_results(docs):
    assert all(doc._.events for doc in docs[:3])
    assert all(doc._.actors for doc in docs)
    assert any(doc._.organizations for doc in docs)
    assert any(a.role_mentions for doc in docs for a in doc._.actors)


def test_encoder_and_decoder_are_registered_with_srsly():
    assert srsly.msgpack_encoders.get(serialization.NAME) is serialization.encode
    assert srsly.msgpack_decoders.get(serialization.NAME) is serialization.decode


def test_to_bytes_round_trip(nlp, docs):
    for doc in docs:
        back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
        assert back.text == doc.text
        assert back._.published == doc._.published
        assert back._.events == doc._.events
        assert all(type(e) is Event for e in back._.events)
        assert back._.places == doc._.places
        assert back._.dates == doc._.dates
        assert all(type(a) is ActorCluster for a in back._.actors)
        assert _actors(back) == _actors(doc)
        assert _role_spans(back) == _role_spans(doc)
        assert all(type(rm) is MentionRef for a in back._.actors for rm in a.role_mentions)
        assert _spans(back._.organizations) == _spans(doc._.organizations)
        assert all(type(m) is MentionRef for a in back._.actors for m in a.mentions)
        again = Doc(nlp.vocab).from_bytes(back.to_bytes())  # what was read back is written again
        assert again._.events == doc._.events
        assert _actors(again) == _actors(back)


def test_mention_ref_rebuilds_the_span(nlp, docs):
    doc = docs[1]
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    for ref, span in zip(back._.organizations, doc._.organizations, strict=True):
        rebuilt = ref.span(back)
        assert (rebuilt.text, rebuilt.start, rebuilt.end, rebuilt.label_) == (span.text, span.start, span.end,
                                                                              span.label_)
    ref = back._.actors[0].mentions[0]
    with pytest.raises(ValueError, match="does not match"):
        ref.span(docs[0])


def test_docbin_round_trip(nlp, docs):
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    assert [d.text for d in back] == [d.text for d in docs]
    for doc, read in zip(docs, back, strict=True):
        # (DocBin reads user data with use_list=False: a list stored in doc._ comes back as a tuple; the
        # lists inside our objects are lists again)
        assert list(read._.events) == doc._.events
        assert list(read._.places) == doc._.places
        assert list(read._.dates) == doc._.dates
        assert all(type(e.participants) is list and type(e.evidence) is list for e in read._.events)
        assert [a.name for a in read._.actors] == [a.name for a in doc._.actors]
        assert _spans(read._.organizations) == _spans(doc._.organizations)


def test_doc_to_record_of_a_round_tripped_doc_is_the_same(nlp, docs):
    written = [doc.to_bytes() for doc in docs]  # (before doc_to_record, which sets the events' hosts in place)
    binned = DocBin(docs=docs, store_user_data=True).to_bytes()
    expected = [_record(doc) for doc in docs]
    assert [_record(Doc(nlp.vocab).from_bytes(b)) for b in written] == expected
    assert [_record(doc) for doc in DocBin().from_bytes(binned).get_docs(nlp.vocab)] == expected


def test_pipe_with_two_processes_gives_the_events_of_one(nlp):
    one = list(nlp.pipe([_make(nlp, text, published) for text, published in TEXTS]))
    two = list(nlp.pipe([_make(nlp, text, published) for text, published in TEXTS], n_process=2))
    assert [d.text for d in two] == [d.text for d in one]
    assert [d._.events for d in two] == [d._.events for d in one]
    assert [d._.places for d in two] == [d._.places for d in one]
    assert [_record(d) for d in two] == [_record(d) for d in one]


def test_docbin_reads_back_in_a_fresh_process_that_loads_only_a_component(docs, tmp_path):
    """The decoder is registered by the components' entry points: no ``import diplograph``."""
    DocBin(docs=docs, store_user_data=True).to_disk(tmp_path / "docs.spacy")
    code = f"""
import json, sys
import spacy
from spacy.tokens import DocBin
imported_before = "diplograph" in sys.modules
nlp = spacy.blank("de")
nlp.add_pipe("diplograph_dates")
docs = list(DocBin().from_disk({str(tmp_path / "docs.spacy")!r}).get_docs(nlp.vocab))
print(json.dumps({{"imported_before": imported_before,
                  "events": [[type(e).__name__, e.type, e.participants] for d in docs for e in d._.events],
                  "actors": [[a.name, [m.text for m in a.mentions]] for d in docs for a in d._.actors]}}))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["imported_before"] is False
    assert result["events"] == [["Event", e.type, e.participants] for d in docs for e in d._.events]
    assert result["actors"] == [[a.name, [m.text for m in a.mentions]] for d in docs for a in d._.actors]
