"""The per-document token lists the events component shares equal what spaCy's own attributes give."""

from __future__ import annotations

from spacy.tokens import Doc

from diplograph.pipeline.tokens import (
    doc_lowers,
    doc_offsets,
    doc_text,
    doc_words,
    forget_cached,
    remember_text,
    sentence_bounds,
)


def test_shared_lowers_are_spacy_lower(blank_de):
    doc = blank_de("İstanbul: ΣΟΦΙΑ und die Straße, ǅemal ﬁnal — ÆØÅ. Außenminister TRAF Ministerin.")
    forget_cached(doc)
    assert doc_lowers(doc) == [t.lower_ for t in doc]


def test_shared_words_offsets_and_sentences(blank_de):
    doc = blank_de("Die Ministerin traf ihren Amtskollegen. Danach sprachen beide in Rom.")
    assert doc_words(doc) == [t.text for t in doc]
    assert doc_offsets(doc) == [t.idx for t in doc]
    assert sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents] and len(sentence_bounds(doc)) == 2
    forget_cached(doc)
    assert "diplograph_token_cache" not in doc.user_data


def test_sentence_bounds_follow_sent_starts_and_user_hooks(blank_de):
    doc = blank_de("Erster Satz. Zweiter Satz! Dritter Satz? Ohne Punkt")
    assert sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents] and len(sentence_bounds(doc)) == 4
    hooked = blank_de("Ein Satz. Noch ein Satz.")
    hooked.user_hooks["sents"] = lambda d: iter([d[0:len(d)]])  # one sentence, whatever the boundaries
    assert sentence_bounds(hooked) == [(0, len(hooked))]
    words = Doc(blank_de.vocab, words=["ohne", "Satzgrenzen"])  # no SENT_START annotation at all
    assert sentence_bounds(words) == [(0, 2)]


def test_doc_text_is_remembered_or_joined(blank_de):
    text = "Ein  Text\nmit (Klammern), Doppel-  Leerzeichen und Ende. "
    joined = blank_de(text)
    assert doc_text(joined) == joined.text == text
    remembered = blank_de.make_doc(text)
    remember_text(remembered, "the remembered string")  # the joined text is not computed again
    assert doc_text(remembered) == "the remembered string"
    forget_cached(remembered)
    assert doc_text(remembered) == text
