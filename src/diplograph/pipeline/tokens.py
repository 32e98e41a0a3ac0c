"""Token texts and attributes straight from spaCy's arrays: no Token objects on the hot paths of our
components.

``token_texts`` builds a fresh list. ``doc_words``, ``doc_lowers``, ``doc_offsets``, ``doc_text`` and
``sentence_bounds`` keep their result in ``doc.user_data`` so that the components that run one after
another on a document share one copy; they hold only what no component changes (the tokens and the
sentence boundaries, not the entities). ``forget_cached`` drops the copies when the pipeline is done.
``span_text`` gives a span's text from the token texts and offsets.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from operator import itemgetter
from typing import TypeVar

import numpy as np
from spacy.attrs import LOWER, SENT_START, SPACY
from spacy.lang import lex_attrs
from spacy.tokens import Doc

_CACHE_KEY = "diplograph_token_cache"
T = TypeVar("T", bound=tuple)


# String hashes are the same in every vocabulary (a hash of the string's bytes): a dict in front of the
# StringStore answers the frequent words without the store's lookup (~0.3 us a token). Bounded: cleared
# when full.
_STRINGS: dict[int, str] = {}
STRINGS_MAX = 262144


def token_texts(doc: Doc, attr: str = "ORTH") -> list[str]:
    """The text (``attr="ORTH"``) or lowercased text (``attr="LOWER"``) of every token of ``doc``."""
    values = doc.to_array(attr).tolist()
    known = _STRINGS
    try:
        return [known[value] for value in values]
    except KeyError:
        if len(known) >= STRINGS_MAX:
            known.clear()
        strings = doc.vocab.strings
        for value in values:
            if value not in known:
                known[value] = strings[value]
        return [known[value] for value in values]


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


def remember_text(doc: Doc, text: str) -> None:
    """Record ``text``, the string ``doc`` was tokenized from (which is ``doc.text``: spaCy's tokenizer
    keeps every character), so that ``doc_text`` need not join it again."""
    _cache(doc)["TEXT"] = text


def doc_text(doc: Doc) -> str:
    """``doc.text``: the text given to ``remember_text``, or joined once from the token texts and offsets
    (shared)."""
    cache = _cache(doc)
    text = cache.get("TEXT")
    if text is None:
        text = cache["TEXT"] = _joined_text(doc, doc_words(doc), doc_offsets(doc))
    return text


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    # ``doc.sents`` (a sentence starts at token 0 and at every token whose SENT_START is 1), read off the
    # array instead of making a Span per sentence.
    n = len(doc)
    if not n:
        return []
    if not doc.has_annotation("SENT_START"):
        return [(0, n)]
    if "sents" in doc.user_hooks:
        return [(s.start, s.end) for s in doc.sents]
    starts = (np.flatnonzero(doc.to_array(SENT_START)[1:] == 1) + 1).tolist()
    return list(zip([0, *starts], [*starts, n], strict=True))


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


class WordTable(dict):
    """``function(word)`` by word, computed on a word's first lookup and a plain dict lookup afterwards
    (cleared when it holds ``max_size`` words): a per-word table for :func:`lookup_all`."""

    def __init__(self, function: Callable[[str], object], max_size: int = 200_000) -> None:
        super().__init__()
        self.function = function
        self.max_size = max_size

    def __missing__(self, word: str) -> object:
        if len(self) >= self.max_size:
            self.clear()
        value = self[word] = self.function(word)
        return value


def lookup_all(table: Mapping, keys: Sequence) -> tuple:
    """``tuple(table[key] for key in keys)`` in one C call (``operator.itemgetter``; a ``__missing__`` of
    ``table`` is used as by ``table[key]``): a per-word table looked up for every token of a doc."""
    if len(keys) > 1:
        return itemgetter(*keys)(table)
    return tuple(table[key] for key in keys)


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


class DocView:
    """Plain lists of one ``Doc`` for the rules: token texts, lowercased texts, character offsets and
    (on first use) the text and the sentence bounds (``Token``/``Span`` objects, ``Doc.text`` and
    ``Doc.ents`` are built anew on every access)."""

    __slots__ = ("doc", "words", "lowers", "offsets", "n", "_text", "_sent_starts", "_bounds")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.words = doc_words(doc)
        self.lowers = doc_lowers(doc)
        self.offsets = doc_offsets(doc)
        self.n = len(self.words)
        self._text: str | None = None
        self._sent_starts: list[int] | None = None
        self._bounds: list[tuple[int, int]] = []

    @property
    def text(self) -> str:
        """``doc.text`` (``doc_text``: the remembered article text, or joined once from the token texts;
        ``Doc.text`` would make a Token object per token)."""
        if self._text is None:
            self._text = doc_text(self.doc)
        return self._text

    def sentence(self, i: int) -> tuple[int, int]:
        """(start, end) of the sentence of token ``i`` (``doc[i].sent``; the whole doc without sentences)."""
        if self._sent_starts is None:
            self._bounds = sentence_bounds(self.doc)
            self._sent_starts = [start for start, _ in self._bounds]
        return self._bounds[bisect_right(self._sent_starts, i) - 1]

    def start_char(self, start: int) -> int:
        return self.offsets[start]

    def end_char(self, end: int) -> int:
        """Character offset after token ``end - 1`` (``Span.end_char`` of a span ending at ``end``)."""
        return self.offsets[end - 1] + len(self.words[end - 1])

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``."""
        words = self.words
        if end - start == 1:
            return words[start]
        if self._text is not None:
            return self._text[self.offsets[start]:self.end_char(end)]
        return span_text(words, self.offsets, start, end)

    def text_with_ws(self, i: int) -> str:
        """``doc[i].text_with_ws``, except that the last token of the doc comes without its whitespace."""
        word = self.words[i]
        if i + 1 < self.n and self.offsets[i + 1] > self.offsets[i] + len(word):
            return word + " "
        return word


def _joined_text(doc: Doc, words: list[str], offsets: list[int]) -> str:
    """``doc.text`` from the token texts and offsets: the texts joined by spaces, without the space after
    each token that has no whitespace (a token's whitespace is one space or none), and the whitespace of
    the last token. (A slice per token without whitespace, rather than a string per token.)"""
    if not words:
        return ""
    joined = " ".join(words)
    spaces = doc.to_array(SPACY)
    pieces = []
    at = 0
    for k, j in enumerate(np.flatnonzero(spaces[:-1] == 0).tolist()):
        cut = offsets[j + 1] + k  # the space after token j in ``joined``
        pieces.append(joined[at:cut])
        at = cut + 1
    pieces.append(joined[at:])
    if spaces[-1]:
        pieces.append(" ")
    return "".join(pieces)


def forget_cached(doc: Doc) -> None:
    """Drop the shared copies (the last component calls this, so that no Doc carries them on)."""
    doc.user_data.pop(_CACHE_KEY, None)
