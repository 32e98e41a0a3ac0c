"""From an annotated spaCy Doc to a plain :class:`DocRecord`."""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

from spacy.tokens import Doc, Span

from diplograph.extensions import ext_get
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


def _mentions(spans: list[Span], starts: list[int], n: int, text: str) -> list[Mention]:
    """``[mention(span, sentences, text) for span in spans]`` with the sentence starts ``starts`` of a doc
    of ``n`` tokens (the :class:`SentenceIndex` lookup inlined)."""
    out = []
    for span in spans:
        start, end, i = span.start_char, span.end_char, span.start
        out.append(Mention(text[start:end], start, end, bisect_right(starts, i) - 1 if 0 <= i < n and starts else -1))
    return out


def _aliases(name: str, mentions: list[Mention]) -> list[str]:
    """``ActorCluster.aliases`` from the mentions' texts: the texts other than ``name``, first occurrences in order."""
    seen: list[str] = []
    for found in mentions:
        if found.text != name and found.text not in seen:
            seen.append(found.text)
    return seen


@cache
def _actor_cluster() -> type:
    """``diplograph.components.actors.ActorCluster`` (imported on first use: events imports this module)."""
    from diplograph.components.actors import ActorCluster

    return ActorCluster


def doc_to_record(doc: Doc, *, article_id: str, model: str, url: str | None = None,
                  published: str | None = None, warnings: list[str] | None = None,
                  text: str | None = None) -> DocRecord:
    """Collect what our components left on ``doc`` into a record.

    ``text``: the text the doc was made from, when the caller has it (equal to ``doc.text``, which joins
    every token anew).
    """
    sentences = sentence_index(doc)
    starts, n = sentences._starts, sentences._n
    if text is None or len(text) != _char_length(doc):
        text = doc.text
    actors = []
    for c in ext_get(doc, "actors") or []:
        found = _mentions(c.mentions, starts, n, text)
        aliases = _aliases(c.name, found) if type(c) is _actor_cluster() else c.aliases
        actors.append(Actor(name=c.name, aliases=aliases, roles=list(c.roles), role_phrases=list(c.role_phrases),
                            country=c.country, mentions=found))
    places = ext_get(doc, "places")
    places = list(places) if places is not None else places_of(doc, sentences)
    orgs = ext_get(doc, "organizations")
    if orgs is None:
        orgs = [e for e in doc.ents if e.label_ == "ORG"]
    grouped: dict[str, list[Mention]] = {}
    for found in _mentions(orgs, starts, n, text):
        grouped.setdefault(found.text, []).append(found)
    organizations = [Organization(name=name, mentions=m) for name, m in grouped.items()]
    forget_cached(doc)
    return DocRecord(
        id=article_id,
        model=model,
        url=url,
        published=published,
        actors=actors,
        places=places,
        organizations=organizations,
        dates=list(ext_get(doc, "dates") or []),
        events=list(ext_get(doc, "events") or []),
        warnings=list(warnings or []) + list(ext_get(doc, "warnings") or []),
    )
