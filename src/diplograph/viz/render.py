"""displaCy views of an article: persons (with their state), roles, places, organisations, dates and
event triggers, highlighted in the text (displaCy "span" style, so overlapping spans are fine).

Works on a spaCy ``Doc`` produced by :func:`diplograph.load` or on a :class:`DocRecord` plus the
article text (records keep offsets, not text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from diplograph.records import DocRecord

COLOURS = {
    "PER": "#8ab4f8",
    "ROLE": "#c3a6ff",
    "LOC": "#81c995",
    "ORG": "#fdd663",
    "DATE": "#f6aea9",
    "EVENT": "#ff8a65",
}
_TOKEN = re.compile(r"\S+")
ROLE_WINDOW = 120  # a role phrase counts when it is this close (in characters) to one of the actor's mentions


@dataclass(frozen=True, slots=True)
class Highlight:
    start: int
    end: int
    label: str
    kind: str  # key of COLOURS


def _find_all(text: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    hi = len(text) if hi is None else hi
    found, pos = [], text.find(needle, lo, hi)
    while needle and pos != -1:
        found.append(pos)
        pos = text.find(needle, pos + 1, hi)
    return found


def highlights(record: DocRecord, text: str) -> list[Highlight]:
    """Every span worth showing, from the record's offsets (roles and triggers are located in the text)."""
    out: set[Highlight] = set()
    for actor in record.actors:
        label = f"PER {actor.country}" if actor.country else "PER"
        for m in actor.mentions:
            out.add(Highlight(m.start, m.end, label, "PER"))
        for phrase in set(actor.role_phrases):
            for pos in _find_all(text, phrase):
                if any(abs(pos - m.start) <= ROLE_WINDOW for m in actor.mentions):
                    out.add(Highlight(pos, pos + len(phrase), "ROLE", "ROLE"))
    for place in record.places:
        label = f"LOC {place.country}" if place.country else "LOC"
        for m in place.mentions:
            out.add(Highlight(m.start, m.end, label, "LOC"))
    for org in record.organizations:
        for m in org.mentions:
            out.add(Highlight(m.start, m.end, "ORG", "ORG"))
    for d in record.dates:
        out.add(Highlight(d.start, d.end, f"DATE {d.value}" if d.value else "DATE", "DATE"))
    for event in record.events:
        label = f"{event.type.upper()} {event.status}"
        for ev in event.evidence:
            for pos in _find_all(text, event.trigger, ev.start, ev.end)[:1]:
                out.add(Highlight(pos, pos + len(event.trigger), label, "EVENT"))
    return sorted((h for h in out if 0 <= h.start < h.end <= len(text)), key=lambda h: (h.start, -h.end, h.label))


def _tokens(text: str, cuts: set[int]) -> list[tuple[int, int]]:
    """Whitespace-separated tokens, additionally split at every highlight boundary."""
    tokens: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(text):
        start = match.start()
        for cut in sorted(c for c in cuts if match.start() < c < match.end()):
            tokens.append((start, cut))
            start = cut
        tokens.append((start, match.end()))
    return tokens


def manual_data(record: DocRecord, text: str) -> dict[str, Any]:
    """displaCy's manual "span" format: ``{"text", "tokens", "spans": [{start_token, end_token, label}]}``."""
    spans = highlights(record, text)
    tokens = _tokens(text, {h.start for h in spans} | {h.end for h in spans})
    starts = {s: i for i, (s, _) in enumerate(tokens)}
    ends = {e: i for i, (_, e) in enumerate(tokens)}
    items = []
    for h in spans:
        if h.start in starts and h.end in ends:
            items.append({"start_token": starts[h.start], "end_token": ends[h.end] + 1, "label": h.label})
    # displaCy rebuilds the text from tokens joined by spaces; keep the original words
    return {"text": text, "tokens": [text[s:e] for s, e in tokens], "spans": items}


def _as_record(doc_or_record: Any, text: str | None) -> tuple[DocRecord, str]:
    if isinstance(doc_or_record, DocRecord):
        if text is None:
            raise ValueError("a DocRecord holds offsets, not text: pass the article text, render(record, text=...)")
        return doc_or_record, text
    from spacy.tokens import Doc

    if isinstance(doc_or_record, Doc):
        from diplograph.pipeline.extract import doc_to_record

        doc = doc_or_record
        record = doc_to_record(doc, article_id=str(doc._.article_id or "doc"), model="", published=doc._.published)
        return record, doc.text
    raise TypeError(f"render() takes a spaCy Doc or a DocRecord, not {type(doc_or_record).__name__}")


def render(doc_or_record: Any, text: str | None = None, jupyter: bool | None = None,
           options: dict[str, Any] | None = None) -> str | None:
    """Highlight an article: inline in Jupyter (returns None), the HTML string elsewhere.

    ``doc_or_record``: a ``Doc`` from ``diplograph.load()(text)`` or a :class:`DocRecord` with ``text``.
    """
    from spacy import displacy

    record, article = _as_record(doc_or_record, text)
    data = manual_data(record, article)
    labels = {s["label"] for s in data["spans"]}
    colours = {label: COLOURS.get(label.split()[0], COLOURS["EVENT"]) for label in labels}
    opts = {"colors": colours, **(options or {})}
    return displacy.render(data, style="span", manual=True, jupyter=jupyter, options=opts)


__all__ = ["COLOURS", "Highlight", "highlights", "manual_data", "render"]
