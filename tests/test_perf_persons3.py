"""The one-walk assembly of the persons component's entities gives what the straightforward code gives."""

from __future__ import annotations

import random

from spacy.tokens import Span

from diplograph.pipeline import persons


def _reference(doc, ranges, ents, entities) -> list[Span]:
    """The persons of ``ranges`` (the NER's PER entity where it has the range and no kb_id/id), then the
    other NER entities that share no token with a range."""
    per = doc.vocab.strings.add("PER")
    known = {(s, e): ent for (s, e, label), ent in zip(ents, entities, strict=True) if label == "PER"}
    out = []
    for start, end in ranges:
        ent = known.get((start, end))
        if ent is None or ent.kb_id or ent.id:
            ent = Span(doc, start, end, label=per)
        out.append(ent)
    taken = {i for s, e in ranges for i in range(s, e)}
    return out + [ent for (s, e, label), ent in zip(ents, entities, strict=True)
                  if label != "PER" and taken.isdisjoint(range(s, e))]


def _disjoint(rng: random.Random, n: int) -> list[tuple[int, int]]:
    out, i = [], 0
    while i < n:
        i += rng.randint(0, 3)
        length = rng.randint(1, 3)
        if i + length <= n and rng.random() < 0.6:
            out.append((i, i + length))
        i += length
    return out


def test_final_entities_agree_with_reference(blank_de):
    rng = random.Random(3)
    doc = blank_de("Heute trafen sich Anna Beispiel , Karl Muster und Lena Vogel in Berlin und Paris zum Gespräch .")
    for _ in range(400):
        entities = tuple(Span(doc, s, e, label=rng.choice(["PER", "PER", "LOC", "ORG"]),
                              kb_id=rng.choice(["", "", "", "Q1"]))
                         for s, e in _disjoint(rng, len(doc)))
        ents = [(e.start, e.end, e.label_) for e in entities]
        ranges = _disjoint(rng, len(doc))
        if rng.random() < 0.5:  # ranges that are (some of) the PER entities
            ranges = sorted({*ranges[:1], *((s, e) for s, e, label in ents if label == "PER" and rng.random() < 0.7)})
            kept, end = [], -1
            for s, e in ranges:
                if s >= end:
                    kept.append((s, e))
                    end = e
            ranges = kept
        got = persons._final_entities(doc, ranges, ents, entities)
        expected = _reference(doc, ranges, ents, entities)
        assert [(s.start, s.end, s.label_, s.kb_id_) for s in got] == \
            [(s.start, s.end, s.label_, s.kb_id_) for s in expected]
        assert all(g is x or x not in entities for g, x in zip(got, expected, strict=True))
