"""Articles longer than ``nlp.max_length``: split at paragraph or sentence boundaries, merge the records.

Chunks are contiguous slices of the text, so every offset of a chunk's record is shifted by the chunk's
start to point into the whole article again (mentions, evidence sentences, dates); sentence indices are
shifted by the number of sentences of the chunks before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from diplograph.records import Actor, DocRecord, Organization, Place

_SENTENCE_END = re.compile(r"[.!?][\"'»«“”)\]]*\s+")
_SPACE = re.compile(r"\s+")


def _cut(text: str, start: int, limit: int) -> int:
    """Where the chunk starting at ``start`` ends (exclusive), at most ``limit`` characters later."""
    end = start + limit
    if end >= len(text):
        return len(text)
    lower = start + max(1, limit // 3)
    window = text[lower:end]
    for pattern in ("\n\n", "\n"):
        found = window.rfind(pattern)
        if found != -1:
            return lower + found + len(pattern)
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        return lower + ends[-1].end()
    spaces = list(_SPACE.finditer(window))
    if spaces:
        return lower + spaces[-1].end()
    return end  # one huge token: a hard cut


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, chunk) pairs covering ``text`` exactly, each chunk at most ``limit`` characters."""
    if limit < 1:
        raise ValueError("limit must be >= 1")
    chunks: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = _cut(text, start, limit)
        chunks.append((start, text[start:end]))
        start = end
    return chunks or [(0, text)]


def shift_record(record: DocRecord, chars: int, sentences: int) -> DocRecord:
    """Shift every offset of ``record`` in place by ``chars`` characters and ``sentences`` sentences."""
    def shift_mentions(items: Iterable) -> None:
        for item in items:
            for m in item.mentions:
                m.start += chars
                m.end += chars
                if m.sentence >= 0:
                    m.sentence += sentences

    shift_mentions(record.actors)
    shift_mentions(record.places)
    shift_mentions(record.organizations)
    for date in record.dates:
        date.start += chars
        date.end += chars
    for event in record.events:
        for ev in event.evidence:
            ev.start += chars
            ev.end += chars
    return record


def _union(*lists: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(x for values in lists for x in values))


def _merge_actors(actors: Iterable[Actor]) -> list[Actor]:
    merged: dict[str, Actor] = {}
    for actor in actors:
        known = merged.get(actor.name)
        if known is None:
            merged[actor.name] = actor
            continue
        known.aliases = _union(known.aliases, actor.aliases)
        known.roles = _union(known.roles, actor.roles)
        known.role_phrases = _union(known.role_phrases, actor.role_phrases)
        known.country = known.country or actor.country
        known.mentions.extend(actor.mentions)
    return list(merged.values())


def _merge_named(items: Iterable[Place | Organization]) -> list:
    merged: dict[str, Place | Organization] = {}
    for item in items:
        known = merged.get(item.name)
        if known is None:
            merged[item.name] = item
        else:
            known.mentions.extend(item.mentions)
    return list(merged.values())


def merge_records(parts: list[DocRecord]) -> DocRecord:
    """One record from the (already shifted) records of consecutive chunks of one article."""
    first = parts[0]
    return DocRecord(
        id=first.id, model=first.model, url=first.url, published=first.published, language=first.language,
        actors=_merge_actors(a for p in parts for a in p.actors),
        places=_merge_named(pl for p in parts for pl in p.places),
        organizations=_merge_named(o for p in parts for o in p.organizations),
        dates=[d for p in parts for d in p.dates],
        events=[e for p in parts for e in p.events],
        warnings=_union(*(p.warnings for p in parts)),
    )


__all__ = ["merge_records", "shift_record", "split_text"]
