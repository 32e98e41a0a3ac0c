"""From an annotated spaCy Doc to a plain :class:`DocRecord`."""

from __future__ import annotations

from bisect import bisect_right
from functools import cache

from spacy.tokens import Doc, Span, Token

from diplograph.network.hosting import assign_hosts
from diplograph.network.meeting_sides import states_from_sides
from diplograph.records import Actor, DocRecord, Mention, Organization, Place


def sentence_of(token: Token) -> Span:
    """``token.sent``; the whole doc where it has no sentence boundaries.

    ``Span.sent`` of the token's one-token Span, made with ``Span(...)``: that is what ``token.sent`` does, but
    it makes the Span by slicing the doc, whose slice normalisation in Python is a third of the call's cost.
    Where a component asks for the sentences of many tokens, :class:`Sentences` reads them once."""
    doc = token.doc
    return Span(doc, token.i, token.i + 1).sent if doc.has_annotation("SENT_START") else doc[:]


class Sentences:
    """The sentences of ``doc``, read once from ``doc.sents`` (the whole doc where it has no sentence
    boundaries): :meth:`of` finds a token's sentence by bisection, where ``token.sent`` scans the doc's
    sentence starts and makes two Spans on every call."""

    def __init__(self, doc: Doc) -> None:
        self.spans: list[Span] = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self.starts = [sent.start for sent in self.spans]

    def of(self, i: int) -> Span:
        """The sentence of token ``i`` (``sentence_of(doc[i])``)."""
        return self.spans[bisect_right(self.starts, i) - 1]


def sentence_starts(doc: Doc) -> list[int]:
    """The first token of every sentence of ``doc`` (``doc.sents``; one sentence where it has no boundaries)."""
    if not doc.has_annotation("SENT_START"):
        return [0] if len(doc) else []
    return [sent.start for sent in doc.sents]


def mentions(spans: list[Span], doc: Doc, starts: list[int]) -> list[Mention]:
    """The spans of ``doc`` as records, numbered by the sentence of their first token (``starts``:
    :func:`sentence_starts` of ``doc``; -1 for a span outside every sentence)."""
    out = []
    n = len(doc)
    for span in spans:
        sentence = bisect_right(starts, span.start) - 1 if 0 <= span.start < n and starts else -1
        out.append(Mention(span.text, span.start_char, span.end_char, sentence))
    return out


def _by_text(mentions: list[Mention]) -> dict[str, list[Mention]]:
    grouped: dict[str, list[Mention]] = {}
    for found in mentions:
        grouped.setdefault(found.text, []).append(found)
    return grouped


def places_of(doc: Doc) -> list[Place]:
    """The places component's result, or (without that component) the LOC entities as places."""
    if doc._.places is not None:
        return list(doc._.places)
    locs = [e for e in doc.ents if e.label_ == "LOC"]
    return [Place(name=n, mentions=m) for n, m in _by_text(mentions(locs, doc, sentence_starts(doc))).items()]


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
    """Collect what our components left on ``doc`` into a record."""
    starts = sentence_starts(doc)
    actors = []
    for c in doc._.actors or []:
        found = mentions(c.mentions, doc, starts)
        aliases = _aliases(c.name, found) if type(c) is _actor_cluster() else c.aliases
        actors.append(Actor(name=c.name, aliases=aliases, roles=list(c.roles), role_phrases=list(c.role_phrases),
                            country=c.country, mentions=found))
    places = places_of(doc)
    orgs = doc._.organizations
    if orgs is None:
        orgs = [e for e in doc.ents if e.label_ == "ORG"]
    organizations = [Organization(name=name, mentions=m) for name, m in _by_text(mentions(orgs, doc, starts)).items()]
    record = DocRecord(
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
    # the state of a participant from the sides of the meeting, then who hosts and who visits
    return assign_hosts(states_from_sides(record))
