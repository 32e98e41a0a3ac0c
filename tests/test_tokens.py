"""The shared per-document token lists equal what spaCy's own attributes give."""

from __future__ import annotations

from diplograph.tokens import doc_lowers, doc_offsets, doc_words, forget_cached, sentence_bounds, token_texts


def test_shared_lowers_are_spacy_lower(blank_de):
    doc = blank_de("İstanbul: ΣΟΦΙΑ und die Straße, ǅemal ﬁnal — ÆØÅ. Außenminister TRAF Ministerin.")
    forget_cached(doc)
    assert doc_lowers(doc) == token_texts(doc, "LOWER") == [t.lower_ for t in doc]


def test_shared_words_offsets_and_sentences(blank_de):
    doc = blank_de("Die Ministerin traf ihren Amtskollegen. Danach sprachen beide in Rom.")
    assert doc_words(doc) == [t.text for t in doc]
    assert doc_offsets(doc) == [t.idx for t in doc]
    assert sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents] and len(sentence_bounds(doc)) == 2
    forget_cached(doc)
    assert "diplograph_token_cache" not in doc.user_data
