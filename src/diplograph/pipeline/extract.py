"""From an annotated spaCy Doc to a plain :class:`DocRecord`."""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

from spacy.tokens import Doc, Span

from diplograph.network.hosting import assign_hosts
from diplograph.pipeline.extensions import ext_get
from diplograph.pipeline.tokens import doc_text, forget_cached, sentence_bounds
from diplograph.records import Actor, DocRecord, Mention, Organization, Place


class SentenceIndex:
    """A doc's sentence starts, to number the sentence of a span's first token by binary search (-1 for a
    token outside every sentence)."""

    __slots__ = ("_starts", "_n")

    def __init__(self, bounds: list[tuple[int, int]]) -> None:
        self._starts = [start for start, _ in bounds]
        self._n = bounds[-1][1] if bounds else 0

    def mentions(self, spans: list[Span], text: str) -> list[Mention]:
        """The spans of a doc whose text is ``text`` as records (texts sliced from ``text``, no ``span.text``)."""
        starts, n = self._starts, self._n
        out = []
        for span in spans:
            start, end, i = span.start_char, span.end_char, span.start
            sentence = bisect_right(starts, i) - 1 if 0 <= i < n and starts else -1
            out.append(Mention(text[start:end], start, end, sentence))
        return out


def sentence_index(doc: Doc) -> SentenceIndex:
    """The sentence index of ``doc``."""
    return SentenceIndex(sentence_bounds(doc))


def _by_text(mentions: list[Mention]) -> dict[str, list[Mention]]:
    grouped: dict[str, list[Mention]] = {}
    for found in mentions:
        grouped.setdefault(found.text, []).append(found)
    return grouped


def places_of(doc: Doc, sentences: SentenceIndex | None = None) -> list[Place]:
    """The places component's result, or (without that component) the LOC entities as places."""
    places = ext_get(doc, "places")
    if places is not None:
        return list(places)
    sentences = sentences if sentences is not None else sentence_index(doc)
    locs = [e for e in doc.ents if e.label_ == "LOC"]
    return [Place(name=n, mentions=m) for n, m in _by_text(sentences.mentions(locs, doc_text(doc))).items()]


def _aliases(name: str, mentions: list[Mention]) -> list[str]:
    """``ActorCluster.aliases`` from the mentions' texts: the texts other than ``name``, first occurrences in order."""
    return list(dict.fromkeys(found.text for found in mentions if found.text != name))


@cache
def _actor_cluster() -> type:
    """``diplograph.pipeline.actors.ActorCluster`` (imported on first use: events imports this module)."""
    from diplograph.pipeline.actors import ActorCluster

    return ActorCluster


def doc_to_record(doc: Doc, *, article_id: str, model: str, url: str | None = None,
                  published: str | None = None, warnings: list[str] | None = None) -> DocRecord:
    """Collect what our components left on ``doc`` into a record (mention texts sliced from the doc's text:
    the article text ``Extractor.make_doc`` remembered, or joined once)."""
    sentences = sentence_index(doc)
    text = doc_text(doc)
    actors = []
    for c in ext_get(doc, "actors") or []:
        found = sentences.mentions(c.mentions, text)
        aliases = _aliases(c.name, found) if type(c) is _actor_cluster() else c.aliases
        actors.append(Actor(name=c.name, aliases=aliases, roles=list(c.roles), role_phrases=list(c.role_phrases),
                            country=c.country, mentions=found))
    places = places_of(doc, sentences)
    orgs = ext_get(doc, "organizations")
    if orgs is None:
        orgs = [e for e in doc.ents if e.label_ == "ORG"]
    grouped = _by_text(sentences.mentions(orgs, text))
    organizations = [Organization(name=name, mentions=m) for name, m in grouped.items()]
    forget_cached(doc)
    record = DocRecord(
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
    return assign_hosts(record)  # who hosts each meeting, who visits (diplograph.network.hosting)
