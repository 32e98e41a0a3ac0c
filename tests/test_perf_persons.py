"""The fast paths of persons/roles give the results of the straightforward code (texts written for the tests)."""

from __future__ import annotations

import random
import re

from spacy.tokens import Span
from spacy.util import filter_spans

from diplograph.pipeline import persons
from diplograph.pipeline.knowledge import full_name_forms, norm, single_aliases, surnames
from diplograph.pipeline.tokens import DocView, longest_ranges

TEXTS = [
    "Die Ministerin Giorgia Meloni empfing Gäste.\nFoto: Hannes Knipser/AP/dpa\nBild von Greta Linse via Getty",
    "XFoto: Anna Beispiel sprach. Fotos: Karl Muster\nQuelle: Lena Vogel (dpa)",
    "© Jan Probe / Reuters\nCopyright Eva Test. Danach sprach Emmanuel Macron in Paris.",
    "Ein Bild von Kılıç Arslan und İsmail Yıldız. ΣΟΦΙΑ Papadopoulou sagte, die FOTO: Olga Pilz",
    "Von Max Mustermann\nKanzler Friedrich Merz traf Emmanuel Macrons Berater und Trump Putin.",
    "Photo : Sam Sample. Bildquelle Ole Bild. Foto von Ina Bildner, Quelle:Tim Texter",
]


def _reference_is_credit(text: str, start: int, end: int) -> bool:
    """is_credit as it was written first: every pattern searched on the span's surroundings."""
    pats = persons.credit_patterns()
    if any(p.search(text[end:end + 60]) for p in pats["after"]):
        return True
    lo, hi = persons._line_bounds(text, start, end)
    before = text[max(lo, start - 80):start]
    for p in pats["marker"]:
        for m in p.finditer(before):
            if not persons.SENTENCE_END.search(before[m.end():]):
                return True
    return any(p.search(text[lo:hi]) for p in pats["line"])


def test_credit_check_agrees_with_reference():
    for text in TEXTS:
        check = persons.CreditCheck(text)
        for m in re.finditer(r"[A-ZÄÖÜİΣ][\wı]+(?: [A-ZÄÖÜİΣ][\wı]+)?", text):
            assert check.is_credit(m.start(), m.end()) == _reference_is_credit(text, m.start(), m.end()), m.group()


def test_marker_prefilter_keeps_every_marker_that_can_match():
    for text in TEXTS:
        kept = persons._markers_in(text)
        for p in persons.credit_patterns()["marker"]:
            if any(p.search(text[i:j]) for i in range(0, len(text), 7) for j in (i + 40, i + 80)):
                assert p in kept, (p.pattern, text)


def _reference_knowledge_names(doc) -> list[tuple[int, int]]:
    forms, names, singles = full_name_forms(), surnames(), single_aliases()
    text = doc.text
    in_longer_ent = {i for e in doc.ents if len(e) > 1 and e.label_ != "PER" for i in range(e.start, e.end)}
    out = []
    for i, tok in enumerate(doc):
        word = tok.text
        if not word[:1].isupper():
            continue
        for n in range(4, 1, -1):
            if i + n <= len(doc):
                if not all(t.is_alpha or t.text in persons.NAME_JOINERS or "-" in t.text for t in doc[i:i + n]):
                    continue
                cand = doc[i:i + n].text
                assert cand == text[doc[i].idx:doc[i + n - 1].idx + len(doc[i + n - 1])]
                if norm(cand) in forms or cand.endswith("s") and norm(cand[:-1]) in forms:
                    out.append((i, i + n))
                    break
        else:
            if word in singles or (word.endswith("s") and word[:-1] in singles):
                out.append((i, i + 1))
                continue
            base = word[:-1] if word.endswith("s") and word[:-1] in names else word
            if base in names and len(base) >= 4 and not persons.is_common_noun(base) and i not in in_longer_ent \
                    and (not persons._in(base, "places") or persons._in(base, "last_names")):
                out.append((i, i + 1))
    return out


def test_knowledge_names_agrees_with_reference(blank_de):
    written = [" ".join(form) for form in list(full_name_forms().values())[:60]]
    texts = TEXTS + [", ".join(written), "Gespräch mit " + "s und ".join(written) + "s.",
                     " ".join(sorted(surnames())[:80]), " ".join(sorted(single_aliases())[:40])]
    for text in texts:
        doc = blank_de(text)
        ents = [(e.start, e.end, e.label_) for e in doc.ents]
        assert persons.knowledge_names(DocView(doc), ents) == _reference_knowledge_names(doc)


def test_filter_ranges_is_filter_spans(blank_de):
    doc = blank_de(" ".join(["Wort"] * 30))
    rng = random.Random(7)
    for _ in range(300):
        ranges = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 28)
            ranges.append((start, rng.randint(start + 1, min(30, start + 5))))
        expected = [(s.start, s.end) for s in filter_spans([Span(doc, s, e) for s, e in ranges])]
        assert longest_ranges(ranges) == expected


def test_doc_view_text_and_sentences(blank_de):
    for text in TEXTS + ["  Zwei  Leerzeichen . Ende ", "Ein Satz.\n\nNoch einer! Und\tTab "]:
        doc = blank_de(text)
        view = DocView(doc)
        assert view.text == doc.text
        for i in range(len(doc)):
            assert view.sentence(i) == (doc[i].sent.start, doc[i].sent.end)
            for j in range(i + 1, min(len(doc), i + 4) + 1):
                span = doc[i:j]
                assert view.span_text(i, j) == span.text
                assert view.sentence(i) == (span.sent.start, span.sent.end)


def test_add_uncovered_is_filter_ranges():
    rng = random.Random(11)
    for _ in range(300):
        spans, taken = [], set()
        for _ in range(rng.randint(0, 6)):
            start = rng.randint(0, 28)
            end = rng.randint(start + 1, min(30, start + 4))
            if not taken & set(range(start, end)):
                spans.append((start, end))
                taken.update(range(start, end))
        spans.sort()
        singles = [(i, i + 1) for i in sorted(rng.sample(range(30), rng.randint(0, 8)))]
        assert persons._add_uncovered(spans, singles) == longest_ranges(spans + singles)


def test_surname_mentions_agree_with_reference(blank_de):
    texts = ["Anna Lenz traf Lenz, Lenzs Sohn und Lenz' Kollegen. Lenzen kam nicht; Maria Lenzer schon, Lenzer auch.",
             "Karl Ek-Berg und Ek-Bergs Frau. Ek-Berg sagte: «Ek-Berg’» Ek-Bergs",
             "Tom O'Neil, O'Neils Bruder und O'Neil. Hans Bo sprach mit Bo."]
    for text in texts:
        doc = blank_de(text)
        view = DocView(doc)
        for _ in range(2):  # with the per-document positions filled in by the first pass, too
            found: dict[str, list[int]] = {}
            spans = [(i, j) for i in range(len(doc)) for j in range(i + 1, min(len(doc), i + 3) + 1)]
            for k in range(0, len(spans), 7):
                persons_ = spans[k:k + 7]
                lasts = {doc[e - 1].text for s, e in persons_ if e - s >= 2 and len(doc[e - 1].text) >= 3}
                wanted = lasts | {last + mark for last in lasts for mark in persons.GENITIVE_MARKS}
                expected = [(t.i, t.i + 1) for t in doc if t.text in wanted]
                assert persons.surname_mentions(view, persons_, found) == expected


def test_credit_verdicts_agree_with_verdict():
    """CreditCheck.verdicts (one pass over the names, a line's bounds kept) gives verdict of each name."""
    texts = TEXTS + ["Anna Beispiel\nVon Karl Muster\n  Lena Vogel  \nTom Test sagte, Tom Test und Eva Probe/AP kamen.",
                     "Eva Probe\n\nEva Probe Eva Probe\nFoto: Eva Probe. Eva Probe\nEva"]
    for text in texts:
        check = persons.CreditCheck(text)
        names = [(m.start(), m.end()) for m in re.finditer(r"[A-ZÄÖÜİΣ][\wı]+(?: [A-ZÄÖÜİΣ][\wı]+)?", text)]
        for bounds in (names, names[::-1], names + names):
            fresh = persons.CreditCheck(text)
            assert fresh.verdicts(bounds) == [check.verdict(s, e) for s, e in bounds], text
            assert [check.is_byline_line(s, e) and not check.is_credit(s, e) for s, e in bounds] == \
                [v == check.BYLINE for v in fresh.verdicts(bounds)]
