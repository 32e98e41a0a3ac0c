"""Record summaries: what identity and the graph read of one article, and nothing else.

Per record only a compact summary is kept (:func:`summarize`: names, roles, countries, the meeting fields that
identity and the graph read, the evidence sentences), never the whole record. Values that recur across articles
(names, roles, countries, party sets) are shared objects (:func:`interned`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from diplograph.network.hosting import CALL_TYPES, RecordIndex
from diplograph.network.names import fold, name_tokens, spelled, unlisted_id
from diplograph.records import DocRecord, Evidence, Place


@dataclass(slots=True)
class ActorSummary:
    """What identity and the graph read of one actor of one article."""

    name: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    country: str | None
    mentions: int  # max(number of mentions, 1)
    keys: tuple[str, ...]  # the tokens of its name key; () for a name without letters (no identity)


@dataclass(slots=True)
class EventSummary:
    """What identity and the graph read of one event of one article.

    ``people``: each participant as the article's actor it names (an index into the record's actors), the
    actors whose name ends the same way (``(indices, fallback)``: one person if they all resolve to one),
    or the ``name:`` id of a participant the article does not list. ``host`` and ``visitors`` are worked out
    from the article (:func:`diplograph.network.plover.hosting_of`) when it is summarised, so ``parties`` (what
    ``hosting_of`` reads to decide whether to look again) is empty where they are: there is nothing left to
    look up. ``party_set``: the parties as identity compares them."""

    type: str
    status: str
    date: str | None
    place: str | None
    parties: tuple[str, ...]
    party_set: frozenset[str]
    people: tuple
    fplace: str
    place_country: str | None
    confidence: float
    trigger: str
    evidence: list[Evidence]
    host: str | None
    visitors: list[str]


@dataclass(slots=True)
class RecordSummary:
    """A record as identity and the graph read it (``build_graph`` takes these in place of records)."""

    id: str
    url: str | None
    published: str | None
    actors: tuple[ActorSummary, ...]
    places: tuple[Place, ...]
    events: tuple[EventSummary, ...]


_SHARED: dict = {}


def interned(value):
    """One shared object per distinct value (names, roles, countries, party sets recur across articles)."""
    if value is None:
        return None
    found = _SHARED.get(value)
    if found is None:
        found = _SHARED[value] = value
    return found


def _spec(name: str, spellings: dict[str, int]):
    """The participant ``name`` as the article's actor it names (an index, resolved to an id later), the
    actors whose name ends the same way with the id it gets when they are not one person, or that id."""
    matches = spelled(name, spellings)
    if len(matches) == 1:
        return matches[0]
    fallback = interned(unlisted_id(name))
    return (tuple(matches), fallback) if matches else fallback


def summarize(record: DocRecord | dict) -> RecordSummary:
    """The compact summary of one record: a :class:`~diplograph.records.DocRecord`, or its dict as a line of
    an extract JSONL file holds it (read without building the record; a :class:`RecordSummary` is returned
    as it is)."""
    if isinstance(record, RecordSummary):
        return record
    if isinstance(record, dict):
        return _summarize(record, lambda: _hosting_record(record))  # type: ignore[arg-type]
    return _summarize(record.to_dict(), lambda: record)  # type: ignore[return-value]


def _hosting_record(data: dict) -> DocRecord:
    """The parts of a record that :func:`diplograph.network.hosting.host_and_visitors` reads (actors with their
    mentions, places, events), built without the rest (dates, organisations, warnings)."""
    return DocRecord.from_dict({key: data[key] for key in ("id", "actors", "places", "events") if key in data})


def _summarize(data: dict, as_record: Callable[[], DocRecord]) -> RecordSummary:
    intern = interned
    actors = []
    spellings: dict[str, int] = {}
    for i, a in enumerate(data.get("actors", ())):
        name = a["name"]
        keys = name_tokens(name)
        aliases = a.get("aliases") or ()
        mentions = a.get("mentions") or ()
        actors.append(ActorSummary(intern(name), tuple(map(intern, aliases)), tuple(map(intern, a.get("roles") or ())),
                                   intern(a.get("country")), max(len(mentions), 1), keys))
        if keys:
            spellings.setdefault(fold(name), i)
            for form in aliases:
                spellings.setdefault(fold(form), i)
            for m in mentions:
                spellings.setdefault(fold(m["text"]), i)
    places = data.get("places") or ()
    place_country = {fold(p["name"]): p.get("country") for p in places if p.get("country")}
    normalized = {fold(p["name"]): fold(p["normalized"]) for p in places if p.get("normalized")}
    index: RecordIndex | None = None
    record: DocRecord | None = None
    events = []
    for i, ev in enumerate(data.get("events", ())):
        people = tuple(_spec(n, spellings) for n in ev.get("participants") or () if n)
        raw_place = ev.get("place")
        place = fold(raw_place or "")
        place_country.setdefault(normalized.get(place, place), place_country.get(place))
        place = normalized.get(place, place)
        parties = ev.get("parties") or ()
        host, visitors = ev.get("host"), list(ev.get("visitors") or ())
        kind = ev.get("type")
        if not (host or visitors) and len(parties) >= 2 and (kind or "").lower() not in CALL_TYPES:
            from diplograph.network.plover import hosting_of  # as meeting_hosting asks it, per report

            record = record if record is not None else as_record()
            index = index if index is not None else RecordIndex(record)
            host, visitors = hosting_of(record.events[i], record, index)
        evidence = [e if isinstance(e, Evidence) else Evidence(e["text"], e["start"], e["end"])
                    for e in ev.get("evidence") or ()]
        events.append(EventSummary(
            intern(kind), intern(ev.get("status")), intern(ev.get("date")), intern(raw_place),
            tuple(parties) if (host or visitors) else (), intern(frozenset(p.upper() for p in parties if p)),
            people, intern(place), intern(place_country.get(place)), ev.get("confidence", 0.5), ev.get("trigger", ""),
            evidence, intern(host), visitors))
    return RecordSummary(str(data["id"]), data.get("url"), intern(data.get("published")), tuple(actors),
                         tuple(Place(intern(p["name"]), intern(p.get("normalized")), intern(p.get("country")),
                                     p.get("lat"), p.get("lon"), p.get("geonameid")) for p in places),
                         tuple(events))


__all__ = ["ActorSummary", "EventSummary", "RecordSummary", "interned", "summarize"]
