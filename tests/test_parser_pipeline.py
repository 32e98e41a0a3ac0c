"""A pipeline with a dependency parser (as de_core_news_* have): built and trained here on a few
sentences written for the test, saved, and loaded through ``diplograph.load``."""

from __future__ import annotations

import spacy
from spacy.training import Example

import diplograph

SENTENCES = [
    (["Scholz", "traf", "Macron", "."], [1, 1, 1, 1], ["sb", "ROOT", "oa", "punct"],
     [("Scholz", "PER"), ("Macron", "PER")]),
    (["Biden", "empfing", "Meloni", "."], [1, 1, 1, 1], ["sb", "ROOT", "oa", "punct"],
     [("Biden", "PER"), ("Meloni", "PER")]),
    (["Merz", "besuchte", "Paris", "."], [1, 1, 1, 1], ["sb", "ROOT", "oa", "punct"],
     [("Merz", "PER"), ("Paris", "LOC")]),
]


def _examples(nlp):
    out = []
    for words, heads, deps, ents in SENTENCES:
        doc = nlp.make_doc(" ".join(words[:-1]) + ".")
        spans, start = [], 0
        for text, label in ents:
            start = doc.text.index(text, start)
            spans.append((start, start + len(text), label))
        out.append(Example.from_dict(doc, {"heads": heads, "deps": deps, "entities": spans}))
    return out


def test_load_a_parser_pipeline_and_extract(tmp_path):
    nlp = spacy.blank("de")
    parser = nlp.add_pipe("parser")
    ner = nlp.add_pipe("ner")
    for label in ("sb", "ROOT", "oa", "punct"):
        parser.add_label(label)
    for label in ("PER", "LOC"):
        ner.add_label(label)
    examples = _examples(nlp)
    optimizer = nlp.initialize()
    for _ in range(30):
        nlp.update(examples, sgd=optimizer)
    nlp.meta["name"] = "tiny_parser"
    nlp.to_disk(tmp_path / "tiny")

    loaded = diplograph.load(tmp_path / "tiny")
    names = loaded.pipe_names
    assert "sentencizer" not in names  # the parser segments sentences
    assert names.index("diplograph_line_breaks") < names.index("parser")

    text = "Titelzeile ohne Punkt\n\nScholz traf Macron. Biden empfing Meloni."
    doc = loaded(text)
    assert doc.has_annotation("DEP")
    after_break = next(t for t in doc if t.text == "Scholz")
    assert after_break.is_sent_start  # the newline is a boundary the parser kept
    record = diplograph.extract(text, published="2024-05-02", nlp=loaded)
    assert record.model == "de_tiny_parser-0.0.0"
    assert all(0.0 <= ev.confidence <= 1.0 for ev in record.events)
