"""Token texts and attributes straight from spaCy's arrays: no Token objects on the hot paths of our
components.

``token_texts`` builds a fresh list. ``doc_words``, ``doc_lowers``, ``doc_offsets`` and
``sentence_bounds`` keep their result in ``doc.user_data`` so that the components that run one after
another on a document share one copy; they hold only what no component changes (the tokens and the
sentence boundaries, not the entities). ``forget_cached`` drops the copies when the pipeline is done.
``span_text`` gives a span's text from the token texts and offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from operator import itemgetter
from typing import TypeVar

from spacy.attrs import LOWER
from spacy.lang import lex_attrs
from spacy.tokens import Doc

_CACHE_KEY = "diplograph_token_cache"
T = TypeVar("T", bound=tuple)


def token_texts(doc: Doc, attr: str = "ORTH") -> list[str]:
    """The text (``attr="ORTH"``) or lowercased text (``attr="LOWER"``) of every token of ``doc``."""
    strings = doc.vocab.strings
    return [strings[value] for value in doc.to_array(attr).tolist()]


def _cache(doc: Doc) -> dict:
    cache = doc.user_data.get(_CACHE_KEY)
    if cache is None or cache.get("n") != len(doc):
        cache = doc.user_data[_CACHE_KEY] = {"n": len(doc)}
    return cache


def _cached(doc: Doc, key: str, build: Callable[[Doc], list]) -> list:
    cache = _cache(doc)
    value = cache.get(key)
    if value is None:
        value = cache[key] = build(doc)
    return value


def doc_words(doc: Doc) -> list[str]:
    """Every token's text (shared, do not modify)."""
    return _cached(doc, "ORTH", token_texts)


def _lowers(doc: Doc) -> list[str]:
    # spaCy's LOWER is ``str.lower`` of the text wherever the language keeps spaCy's own getter: then
    # lowercase the shared words in C instead of looking every token's LOWER up in the string store.
    if doc.vocab.lex_attr_getters.get(LOWER) is lex_attrs.lower:
        return list(map(str.lower, doc_words(doc)))
    return token_texts(doc, "LOWER")


def doc_lowers(doc: Doc) -> list[str]:
    """Every token's lowercased text (``Token.lower_``; shared, do not modify)."""
    return _cached(doc, "LOWER", _lowers)


def doc_offsets(doc: Doc) -> list[int]:
    """Every token's character offset (``Token.idx``; shared, do not modify)."""
    return _cached(doc, "IDX", lambda d: d.to_array("IDX").tolist())


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    if not len(doc):
        return []
    if doc.has_annotation("SENT_START"):
        return [(s.start, s.end) for s in doc.sents]
    return [(0, len(doc))]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of every sentence, in order (shared, do not modify)."""
    return _cached(doc, "SENTS", _sentence_bounds)


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


def longest_ranges(items: Sequence[T], at: int = 0) -> list[T]:
    """``spacy.util.filter_spans`` for tuples that hold a token range (start, end) at positions ``at`` and
    ``at + 1``: of overlapping ranges the (first) longest wins; the result is in text order."""
    if len(items) < 2:
        return list(items)
    start_of = itemgetter(at)
    in_order = sorted(items, key=start_of)
    end = at + 1
    if all(a[at] < a[end] <= b[at] for a, b in pairwise(in_order)) and in_order[-1][at] < in_order[-1][end]:
        return in_order  # no two overlap: all are kept
    # longer first, then earlier first; one int key (token positions stay below 2**32), ties keep their order
    ranked = sorted(items, key=lambda item: (item[at] - item[end]) * 4294967296 + item[at])
    kept: list[T] = []
    seen: set[int] = set()
    for item in ranked:
        if item[at] not in seen and item[end] - 1 not in seen:
            kept.append(item)
            seen.update(range(item[at], item[end]))
    kept.sort(key=start_of)
    return kept


def forget_cached(doc: Doc) -> None:
    """Drop the shared copies (the last component calls this, so that no Doc carries them on)."""
    doc.user_data.pop(_CACHE_KEY, None)
