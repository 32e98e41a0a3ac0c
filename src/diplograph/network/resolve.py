"""Cross-document identity: one id per real person and one id per real meeting across a corpus.

Actors: full names merge when their transliteration keys (:mod:`diplograph.network.names`) agree, or when
surname and given name keys are close (rapidfuzz) and their countries do not contradict each other.
A surname-only actor joins the single full-name cluster it can belong to; when several people share
the surname, only country evidence that singles one out may decide, otherwise it stays apart.

Events: reports of the same meeting merge when kind (call vs in person) and status agree, participants
agree, places and dates are compatible ("2025-02" joins "2025-02-18") and they come from different
articles. A planned meeting and the held meeting that realises it are linked, not merged.

Ids are derived from the data (canonical name, date, participants), never from processing order.

This module says when two spellings or two reports are one; :mod:`diplograph.network.actor_identity` and
:mod:`diplograph.network.event_identity` find the pairs to ask about through indexes (about n log n in the number
of records, comparisons counted) and keep the result up to date as records are added. :func:`resolve`,
:func:`resolve_actors` and :func:`resolve_events` run it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from diplograph.corpus.gc_pause import without_collector
from diplograph.network.names import fold, slug, spelled, unlisted_id
from diplograph.records import DocRecord, Event

SURNAME_MIN_RATIO = 85.0
GIVEN_MIN_RATIO = 75.0
UNDATED_WINDOW_DAYS = 14
CALL_TYPES = {"call", "phone_call", "phonecall", "telephone", "video_call", "telefonat"}
Ref = tuple[int, int]  # (record index, actor or event index inside the record)


# --------------------------------------------------------------------------- actors


@dataclass
class ActorEntity:
    """One real person across the corpus."""

    id: str
    name: str
    spellings: list[str]
    country: str | None
    roles: list[str]
    mentions: int
    articles: int
    refs: list[Ref] = field(default_factory=list)


def _majority(values: Iterable[str | None]) -> str | None:
    """The most frequent non-empty value (ties: the smallest), None when there is none."""
    present = [v for v in values if v]
    if not present:
        return None
    if present.count(present[0]) == len(present):  # one value (the common case): nothing to count
        return present[0]
    counts = Counter(present)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _given_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    return fuzz.ratio(a, b) >= GIVEN_MIN_RATIO


def _full_keys_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if a[-1] != b[-1] and fuzz.ratio(a[-1], b[-1]) < SURNAME_MIN_RATIO:
        return False
    return _given_compatible(a[0], b[0])


def resolve_actors(records: Sequence[DocRecord]) -> tuple[dict[str, ActorEntity], dict[Ref, str]]:
    """Corpus-wide actor entities and the id of every (record, actor) pair
    (:class:`~diplograph.network.actor_identity.ActorResolver`: name-compatible keys found through surname indexes,
    clustered with a union-find)."""
    from diplograph.network.actor_identity import ActorResolver
    from diplograph.network.record_summary import summarize

    summaries = [summarize(r) for r in records]
    actors = ActorResolver(lambda ref: summaries[ref[0]].actors[ref[1]], Counter())
    actors.update([(d, s.actors) for d, s in enumerate(summaries)])
    ids = {(d, i): g.id for d, row in enumerate(actors.group_of) for i, g in enumerate(row) if g is not None}
    return actors.entities(), ids


# --------------------------------------------------------------------------- events


@dataclass
class EventEntity:
    """One real meeting across the corpus, with every report of it."""

    id: str
    type: str
    status: str
    date: str | None
    place: str | None
    participants: list[str]  # actor ids
    parties: list[str]
    refs: list[Ref] = field(default_factory=list)
    realises: str | None = None  # for a held meeting: the id of the planned meeting it realises


@dataclass
class _EventRef:
    ref: Ref
    event: Event
    people: frozenset[str]
    parties: frozenset[str]
    place: str
    place_country: str | None
    published: str | None

    @cached_property
    def call(self) -> bool:
        return (self.event.type or "").lower() in CALL_TYPES


def coarse_kind(event_type: str | None) -> str:
    return "call" if (event_type or "").lower() in CALL_TYPES else "in_person"


@lru_cache(maxsize=16384)
def _parse(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def dates_compatible(a: str | None, b: str | None) -> bool:
    """None joins anything; a month joins its days; two days join when at most one day apart."""
    if not a or not b:
        return True
    if a.startswith(b) or b.startswith(a):
        return True
    da, db = _parse(a), _parse(b)
    return bool(da and db and abs((da - db).days) <= 1)


def _stem(word: str) -> str:
    for ending in ("es", "en", "er", "em", "s", "n", "e"):
        if len(word) > 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


@lru_cache(maxsize=16384)
def _stemmed(place: str) -> str:
    """The place with every word stemmed (asked for every pair of reports compared)."""
    return " ".join(map(_stem, place.split()))


def places_compatible(a: _EventRef, b: _EventRef) -> bool | None:
    """True: same place or one missing; False: different countries; None: different words, unknown."""
    if not a.place or not b.place:
        return True
    if a.place == b.place or _stemmed(a.place) == _stemmed(b.place):
        return True
    short, long_ = sorted((a.place, b.place), key=len)
    if long_.startswith(short) and len(short) >= 4:
        return True
    if a.place_country and b.place_country:
        # "Anchorage" and "Alaska": different words for one place are accepted inside one country
        return a.place_country == b.place_country
    return None


def _people_agree(a: _EventRef, b: _EventRef) -> bool:
    if a.people and b.people:
        shared = len(a.people & b.people)
        if shared >= 2:
            return True
        if shared == 1 and (a.people <= b.people or b.people <= a.people):
            # a single shared person: the rest of the evidence must confirm it
            confirmed_place = bool(a.place and b.place)
            confirmed_date = bool(a.event.date and b.event.date)
            return bool(a.parties & b.parties) and (confirmed_place or confirmed_date)
        return False
    if len(a.parties) < 2 or a.parties != b.parties:
        return False
    if a.people or b.people:
        return bool((a.place and b.place) or (a.event.date and b.event.date))
    if not a.event.date or not b.event.date:
        return bool(_parse(a.published) and _parse(b.published) and _published_close(a, b))
    return True


def _published_close(a: _EventRef, b: _EventRef) -> bool:
    """An undated report is only tied to reports published around the same time (unknown: allowed)."""
    pa, pb = _parse(a.published), _parse(b.published)
    return not (pa and pb) or abs((pa - pb).days) <= UNDATED_WINDOW_DAYS


def _contents_compatible(a: _EventRef, b: _EventRef, *, same_status: bool = True) -> bool:
    """Whether two reports from different articles may be one meeting (two events of one article are two
    events: callers check that apart): it reads only their contents."""
    if a.call != b.call:
        return False
    if same_status and (a.event.status or "") != (b.event.status or ""):
        return False
    if not _people_agree(a, b) or not dates_compatible(a.event.date, b.event.date):
        return False
    if not (a.event.date and b.event.date) and not _published_close(a, b):
        return False
    place = places_compatible(a, b)
    if place is None:  # "Vatikan" / "Petersdom": the date and the people must carry the match
        dated = bool(a.event.date and b.event.date)
        people = len(a.people & b.people) >= 2 or (len(a.parties) >= 2 and a.parties == b.parties)
        return dated and people
    return place


def _score(a: _EventRef, b: _EventRef) -> float:
    union = len(a.people | b.people) or 1
    score = 10.0 * len(a.people & b.people) / union + len(a.parties & b.parties) / max(len(a.parties | b.parties), 1)
    score += (a.place == b.place and bool(a.place)) + (a.event.date == b.event.date and bool(a.event.date))
    return score


def _participant_ids(record: DocRecord, doc: int, actor_ids: dict[Ref, str]) -> dict[str, str]:
    """Map every spelling in the article (folded) to the actor id."""
    out: dict[str, str] = {}
    for i, actor in enumerate(record.actors):
        actor_id = actor_ids.get((doc, i))
        if actor_id is None:
            continue
        for form in (actor.name, *actor.aliases, *(m.text for m in actor.mentions)):
            out.setdefault(fold(form), actor_id)
    return out


def _lookup(name: str, spellings: dict[str, str]) -> str:
    matches = spelled(name, spellings)
    return matches[0] if len(matches) == 1 else unlisted_id(name)


def _event_refs(records: Sequence[DocRecord], actor_ids: dict[Ref, str]) -> list[_EventRef]:
    refs = []
    for d, rec in enumerate(records):
        spellings = _participant_ids(rec, d, actor_ids)
        place_country = {fold(p.name): p.country for p in rec.places if p.country}
        normalized = {fold(p.name): fold(p.normalized) for p in rec.places if p.normalized}
        for i, ev in enumerate(rec.events):
            people = frozenset(_lookup(n, spellings) for n in ev.participants if n)
            place = fold(ev.place or "")
            place_country.setdefault(normalized.get(place, place), place_country.get(place))
            place = normalized.get(place, place)  # "Peking" and "Beijing" compare as one place
            refs.append(_EventRef((d, i), ev, people, frozenset(p.upper() for p in ev.parties if p), place,
                                  place_country.get(place), rec.published))
    return refs


def _month_number(value: str | None) -> int:
    """'2025-02-18' / '2025-02' -> a running month number (-1 when unknown)."""
    if not value or len(value) < 7 or not value[:4].isdigit() or not value[5:7].isdigit():
        return -1
    return int(value[:4]) * 12 + int(value[5:7]) - 1


def _day_number(value: str | None) -> int | None:
    """'2025-02-18' -> a running day number; None for month precision or no date."""
    parsed = _parse(value) if value and len(value) == 10 else None
    return parsed.toordinal() if parsed else None


@lru_cache(maxsize=16384)
def _when(date_value: str | None, published: str | None) -> tuple[int, int | None]:
    """The month number (by date, else publication) and day number (by date) of a report."""
    return _month_number(date_value or published), _day_number(date_value)


CLUSTER_SAMPLE = 12  # members of a large cluster checked against a newcomer (first and last ones)


def _sample(members: list) -> list:
    """All members of a small cluster; the first and last CLUSTER_SAMPLE/2 of a large one, so that
    merging stays linear in cluster size on corpora where one meeting has thousands of reports."""
    if len(members) <= CLUSTER_SAMPLE:
        return members
    half = CLUSTER_SAMPLE // 2
    return members[:half] + members[-half:]


def _signature(r: _EventRef) -> tuple:
    """What ``_contents_compatible`` and ``_score`` read of a report: reports with one signature are one
    content to :mod:`diplograph.network.event_identity`."""
    ev = r.event
    return (r.call, ev.status or "", ev.date, r.people, r.parties, r.place, r.place_country, r.published)


def _best_date(refs: Sequence[_EventRef]) -> str | None:
    dates = [r.event.date for r in refs if r.event.date]
    if not dates:
        return None
    if dates.count(dates[0]) == len(dates):  # one date (the common case): nothing to count
        return dates[0]
    counts = Counter(dates)
    return sorted(counts, key=lambda d: (-len(d), -counts[d], d))[0]


@lru_cache(maxsize=16384)
def _last_slug(name: str) -> str:
    """The last word of the name's slug (the surname, for the event id)."""
    return slug(name).split("-")[-1]


def _event_id(cluster: Sequence[_EventRef], date_value: str | None, names: dict[str, str]) -> str:
    ev = cluster[0].event
    people = sorted({_last_slug(names[p] if p in names else p.split(":", 1)[-1]) for r in cluster for p in r.people})
    who = people or sorted({p.lower() for r in cluster for p in r.parties}) or ["unknown"]
    parts = [date_value or "undated", coarse_kind(ev.type), "-".join(who)]
    if (ev.status or "held") != "held":
        parts.append(ev.status)
    return "event:" + ":".join(parts)


def resolve_events(records: Sequence[DocRecord], actor_ids: Mapping[Ref, str],
                   actors: dict[str, ActorEntity] | None = None
                   ) -> tuple[dict[str, EventEntity], dict[Ref, str]]:
    """Corpus-wide event entities and the id of every (record, event) pair; held meetings are linked to the
    planned meetings they realise (``EventEntity.realises``)."""
    from diplograph.network.event_blocks import Report
    from diplograph.network.event_identity import EventResolver

    names = {a.id: a.name for a in (actors or {}).values()}
    reports = [Report.of(r) for r in _event_refs(records, actor_ids)]
    resolver = EventResolver(names.get)
    resolver.update(reports)
    return resolver.entities(), {r.ref: r.cluster.id for r in reports}  # type: ignore[union-attr]


# --------------------------------------------------------------------------- the pass


@dataclass
class Resolution:
    actors: dict[str, ActorEntity]
    events: dict[str, EventEntity]
    actor_ids: dict[Ref, str]
    event_ids: dict[Ref, str]


@without_collector
def resolve(records: Sequence[DocRecord]) -> Resolution:
    """Resolve actors, then events (whose participants are compared by actor id), with
    :class:`diplograph.network.identity.Identity` (about n log n; for a corpus that grows, keep an ``Identity`` and
    ``add`` to it)."""
    from diplograph.network.identity import Identity

    return Identity().add(records).resolution()


def assign_ids(records: list[DocRecord]) -> list[DocRecord]:
    """Fill ``actors[].id`` and ``events[].id`` with corpus-wide ids (in place) and return the records."""
    result = resolve(records)
    for d, rec in enumerate(records):
        for i, actor in enumerate(rec.actors):
            actor.id = result.actor_ids.get((d, i))
        for i, event in enumerate(rec.events):
            event.id = result.event_ids.get((d, i))
    return records


__all__ = ["ActorEntity", "EventEntity", "Resolution", "assign_ids", "assign_ids_file", "dates_compatible", "resolve",
           "resolve_actors", "resolve_events"]


def assign_ids_file(path: str | os.PathLike[str]) -> list[DocRecord]:
    """Rewrite an extract JSONL file with corpus-wide ids (temp file, then an atomic replace)."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        records = [DocRecord.from_dict(json.loads(line)) for line in fh if line.strip()]
    assign_ids(records)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, path.stat().st_mode & 0o7777)  # keep the permissions of the file we replace
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return records
