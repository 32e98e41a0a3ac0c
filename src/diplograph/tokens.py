"""Token texts and attributes straight from spaCy's arrays: no Token objects on the hot paths of our
components.

``token_texts`` builds a fresh list. ``doc_words``, ``doc_lowers``, ``doc_offsets`` and
``sentence_bounds`` keep their result in ``doc.user_data`` so that the components that run one after
another on a document share one copy; they hold only what no component changes (the tokens and the
sentence boundaries, not the entities). ``forget_cached`` drops the copies when the pipeline is done.
``span_text`` gives a span's text from the token texts and offsets.
"""

from __future__ import annotations

from spacy.tokens import Doc

_CACHE_KEY = "diplograph_token_cache"


def token_texts(doc: Doc, attr: str = "ORTH") -> list[str]:
    """The text (``attr="ORTH"``) or lowercased text (``attr="LOWER"``) of every token of ``doc``."""
    strings = doc.vocab.strings
    return [strings[value] for value in doc.to_array(attr).tolist()]


def _cache(doc: Doc) -> dict:
    cache = doc.user_data.get(_CACHE_KEY)
    if cache is None or cache.get("n") != len(doc):
        cache = doc.user_data[_CACHE_KEY] = {"n": len(doc)}
    return cache


def doc_words(doc: Doc) -> list[str]:
    """Every token's text (shared, do not modify)."""
    cache = _cache(doc)
    words = cache.get("ORTH")
    if words is None:
        words = cache["ORTH"] = token_texts(doc, "ORTH")
    return words


def doc_lowers(doc: Doc) -> list[str]:
    """Every token's lowercased text (shared, do not modify)."""
    cache = _cache(doc)
    lowers = cache.get("LOWER")
    if lowers is None:
        lowers = cache["LOWER"] = token_texts(doc, "LOWER")
    return lowers


def doc_offsets(doc: Doc) -> list[int]:
    """Every token's character offset (``Token.idx``; shared, do not modify)."""
    cache = _cache(doc)
    offsets = cache.get("IDX")
    if offsets is None:
        offsets = cache["IDX"] = doc.to_array("IDX").tolist()
    return offsets


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of every sentence, in order (shared, do not modify)."""
    cache = _cache(doc)
    bounds = cache.get("SENTS")
    if bounds is None:
        if not len(doc):
            bounds = []
        elif doc.has_annotation("SENT_START"):
            bounds = [(s.start, s.end) for s in doc.sents]
        else:
            bounds = [(0, len(doc))]
        cache["SENTS"] = bounds
    return bounds


def span_text(words: list[str], offsets: list[int], start: int, end: int) -> str:
    """``doc[start:end].text`` (``end > start``) from the doc's token texts and offsets (no Span object):
    tokens are joined with the single space that spaCy records as a token's trailing whitespace."""
    if end - start == 1:
        return words[start]
    if end - start == 2:  # most multi-token names
        first, second = words[start], words[start + 1]
        return f"{first} {second}" if offsets[start + 1] > offsets[start] + len(first) else first + second
    parts = [words[start]]
    for k in range(start + 1, end):
        if offsets[k] > offsets[k - 1] + len(words[k - 1]):
            parts.append(" ")
        parts.append(words[k])
    return "".join(parts)


def forget_cached(doc: Doc) -> None:
    """Drop the shared copies (the last component calls this, so that no Doc carries them on)."""
    doc.user_data.pop(_CACHE_KEY, None)
