"""The shared per-document token lists equal what spaCy's own attributes give."""

from __future__ import annotations

from spacy.tokens import Doc

import diplograph.pipeline.tokens as tokens
from diplograph.pipeline.tokens import (
    doc_lowers,
    doc_offsets,
    doc_text,
    doc_words,
    forget_cached,
    lookup_all,
    remember_text,
    sentence_bounds,
    token_texts,
)


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


def test_token_texts_after_the_string_cache_is_full(blank_de, monkeypatch):
    monkeypatch.setattr(tokens, "STRINGS_MAX", 3)
    monkeypatch.setattr(tokens, "_STRINGS", {})
    doc = blank_de("Sieben verschiedene Wörter stehen in diesem Satz hier")
    assert token_texts(doc) == [t.text for t in doc]
    other = blank_de("Ganz andere Wörter kommen danach")
    assert token_texts(other) == [t.text for t in other]
    assert len(tokens._STRINGS) <= 3 + len(other)  # cleared when full, then filled with this doc's words


def test_lookup_all_is_a_lookup_per_key_with_missing():
    class Lengths(dict):
        def __missing__(self, key: str) -> int:
            self[key] = len(key)
            return self[key]

    table = Lengths(rom=99)
    assert lookup_all(table, ["rom", "paris", "rom"]) == (99, 5, 99)
    assert lookup_all(table, ["oslo"]) == (4,) and lookup_all(table, []) == ()
    assert table == {"rom": 99, "paris": 5, "oslo": 4}


def test_word_table_computes_each_word_once_and_clears_when_full():
    from diplograph.pipeline.tokens import WordTable, lookup_all

    calls: list[str] = []
    table = WordTable(lambda word: calls.append(word) or len(word), max_size=2)
    assert lookup_all(table, ["ab", "abc", "ab"]) == (2, 3, 2)
    assert calls == ["ab", "abc"]
    assert table["abcd"] == 4 and len(table) == 1  # full at two words: cleared before the third
    assert table["abcd"] == 4 and calls == ["ab", "abc", "abcd"]
