"""Per-document token lists shared by the rules of the events component (``pipeline/events/tables.py``):
token texts, lowercased texts, character offsets, the text and the sentence bounds, made from spaCy's
``Token``/``Span`` attributes once per document and kept in ``doc.user_data`` until ``forget_cached``
(``extract.doc_to_record`` calls it). The other components use spaCy's objects directly.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

_CACHE_KEY = "diplograph_token_cache"


def _cache(doc: Doc) -> dict:
    cache = doc.user_data.get(_CACHE_KEY)
    if cache is None or cache.get("n") != len(doc):
        cache = doc.user_data[_CACHE_KEY] = {"n": len(doc)}
    return cache


def _cached(doc: Doc, key: str, build: Callable[[Doc], object]):  # noqa: ANN202
    cache = _cache(doc)
    value = cache.get(key)
    if value is None:
        value = cache[key] = build(doc)
    return value


def doc_words(doc: Doc) -> list[str]:
    """Every token's text (shared, do not modify)."""
    return _cached(doc, "ORTH", lambda d: [t.text for t in d])


def doc_lowers(doc: Doc) -> list[str]:
    """Every token's lowercased text (``Token.lower_``; shared, do not modify)."""
    return _cached(doc, "LOWER", lambda d: [t.lower_ for t in d])


def doc_offsets(doc: Doc) -> list[int]:
    """Every token's character offset (``Token.idx``; shared, do not modify)."""
    return _cached(doc, "IDX", lambda d: [t.idx for t in d])


def remember_text(doc: Doc, text: str) -> None:
    """Record ``text``, the string ``doc`` was tokenized from (which is ``doc.text``: spaCy's tokenizer
    keeps every character), so that ``doc_text`` need not join it again."""
    _cache(doc)["TEXT"] = text


def doc_text(doc: Doc) -> str:
    """``doc.text``: the text given to ``remember_text``, or ``doc.text`` (shared)."""
    return _cached(doc, "TEXT", lambda d: d.text)


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    if not doc.has_annotation("SENT_START") and "sents" not in doc.user_hooks:
        return [(0, len(doc))] if len(doc) else []
    return [(sent.start, sent.end) for sent in doc.sents]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of every sentence (``doc.sents``; the whole doc where it has no
    sentence boundaries), in order (shared, do not modify)."""
    return _cached(doc, "SENTS", _sentence_bounds)


def forget_cached(doc: Doc) -> None:
    """Drop the shared copies (the last component calls this, so that no Doc carries them on)."""
    doc.user_data.pop(_CACHE_KEY, None)
