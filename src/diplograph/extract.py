"""From an annotated spaCy Doc to a plain :class:`DocRecord`."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

from diplograph.records import Actor, DocRecord, Mention, Organization, Place
from diplograph.tokens import forget_cached, sentence_bounds


class SentenceIndex:
    """The sentence number of a token index (``get(i, default)``, as on a dict), by binary search over
    the sentence starts."""

    __slots__ = ("_starts", "_n")

    def __init__(self, bounds: list[tuple[int, int]]) -> None:
        self._starts = [start for start, _ in bounds]
        self._n = bounds[-1][1] if bounds else 0

    def get(self, i: int, default: int = -1) -> int:
        if not 0 <= i < self._n or not self._starts:
            return default
        return bisect_right(self._starts, i) - 1


def sentence_index(doc: Doc) -> SentenceIndex:
    """Map each token index to the index of its sentence."""
    return SentenceIndex(sentence_bounds(doc))


def mention(span: Span, sentences: SentenceIndex, text: str | None = None) -> Mention:
    """``span`` as a record; ``text``: ``span.doc.text`` when the caller has it (cheaper than ``span.text``)."""
    start, end = span.start_char, span.end_char
    return Mention(text=span.text if text is None else text[start:end], start=start, end=end,
                   sentence=sentences.get(span.start, -1))


def _unique_named(spans: list[Span], sentences: SentenceIndex, text: str | None = None) -> dict[str, list[Mention]]:
    grouped: dict[str, list[Mention]] = {}
    for span in spans:
        found = mention(span, sentences, text)
        grouped.setdefault(found.text, []).append(found)
    return grouped


def places_of(doc: Doc, sentences: SentenceIndex | None = None) -> list[Place]:
    """The places component's result, or (without that component) the LOC entities as places."""
    if doc._.places is not None:
        return list(doc._.places)
    sentences = sentences if sentences is not None else sentence_index(doc)
    locs = [e for e in doc.ents if e.label_ == "LOC"]
    return [Place(name=n, mentions=m) for n, m in _unique_named(locs, sentences).items()]


def _char_length(doc: Doc) -> int:
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def doc_to_record(doc: Doc, *, article_id: str, model: str, url: str | None = None,
                  published: str | None = None, warnings: list[str] | None = None,
                  text: str | None = None) -> DocRecord:
    """Collect what our components left on ``doc`` into a record.

    ``text``: the text the doc was made from, when the caller has it (equal to ``doc.text``, which joins
    every token anew).
    """
    sentences = sentence_index(doc)
    if text is None or len(text) != _char_length(doc):
        text = doc.text
    actors = [
        Actor(name=c.name, aliases=c.aliases, roles=list(c.roles), role_phrases=list(c.role_phrases),
              country=c.country, mentions=[mention(s, sentences, text) for s in c.mentions])
        for c in (doc._.actors or [])
    ]
    places = places_of(doc, sentences)
    orgs = doc._.organizations if doc._.organizations is not None else [e for e in doc.ents if e.label_ == "ORG"]
    organizations = [Organization(name=n, mentions=m) for n, m in _unique_named(orgs, sentences, text).items()]
    forget_cached(doc)
    return DocRecord(
        id=article_id,
        model=model,
        url=url,
        published=published,
        actors=actors,
        places=places,
        organizations=organizations,
        dates=list(doc._.dates or []),
        events=list(doc._.events or []),
        warnings=list(warnings or []) + list(doc._.warnings or []),
    )
