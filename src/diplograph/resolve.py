"""Cross-document identity: one id per real person and one id per real meeting across a corpus.

Actors: full names merge when their transliteration keys (:mod:`diplograph.translit`) agree, or when
surname and given name keys are close (rapidfuzz) and their countries do not contradict each other.
A surname-only actor joins the single full-name cluster it can belong to; when several people share
the surname, only country evidence that singles one out may decide, otherwise it stays apart.

Events: reports of the same meeting merge when kind (call vs in person) and status agree, participants
agree, places and dates are compatible ("2025-02" joins "2025-02-18") and they come from different
articles. A planned meeting and the held meeting that realises it are linked, not merged.

Ids are derived from the data (canonical name, date, participants), never from processing order.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from diplograph.gc_pause import without_collector
from diplograph.records import Actor, DocRecord, Event
from diplograph.translit import fold, name_key, slug, token_key

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


@dataclass
class _ActorRef:
    ref: Ref
    actor: Actor
    keys: tuple[str, ...]

    @property
    def full(self) -> bool:
        return len(self.keys) >= 2


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


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


def _cluster_full_names(refs: list[_ActorRef]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Map each full-name key to its cluster representative key."""
    by_key: dict[tuple[str, ...], list[_ActorRef]] = {}
    for r in refs:
        by_key.setdefault(r.keys, []).append(r)
    country = {k: _majority(r.actor.country for r in rs) for k, rs in by_key.items()}
    keys = sorted(by_key)
    uf = _UnionFind()
    blocks: dict[str, list[tuple[str, ...]]] = {}
    for k in keys:
        uf.find(k)
        blocks.setdefault(k[-1][:1], []).append(k)
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                if country[a] and country[b] and country[a] != country[b]:
                    continue
                if _full_keys_compatible(a, b):
                    uf.union(a, b)
    return {k: uf.find(k) for k in keys}


def _surname_target(key: str, country: str | None, clusters: dict[tuple[str, ...], list[_ActorRef]]
                    ) -> tuple[str, ...] | None:
    """The one full-name cluster a surname-only actor belongs to, or None when absent or ambiguous."""
    for position in (-1, 0):  # surname last; then family-name-first order ("Xi" in "Xi Jinping")
        candidates = sorted(c for c, rs in clusters.items() if any(r.keys[position] == key for r in rs))
        if not candidates:
            continue
        if len(candidates) == 1:
            target = candidates[0]
            other = _majority(r.actor.country for r in clusters[target])
            return target if not (country and other and other != country) else None
        if country:
            same = [c for c in candidates if _majority(r.actor.country for r in clusters[c]) == country]
            if len(same) == 1:
                return same[0]
        return None
    return None


def _canonical(refs: Sequence[_ActorRef]) -> str:
    full = [r.actor.name for r in refs if r.full] or [r.actor.name for r in refs]
    counts = Counter(full)
    return sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


_name_key = lru_cache(maxsize=65536)(name_key)  # a pure function of the name, asked for every actor


def resolve_actors(records: Sequence[DocRecord]) -> tuple[dict[str, ActorEntity], dict[Ref, str]]:
    """Corpus-wide actor entities and the id of every (record, actor) pair."""
    refs = [_ActorRef((d, i), a, tuple(k for k in _name_key(a.name).split() if k))
            for d, rec in enumerate(records) for i, a in enumerate(rec.actors)]
    refs = [r for r in refs if r.keys]
    full = [r for r in refs if r.full]
    rep = _cluster_full_names(full)
    clusters: dict[tuple[str, ...], list[_ActorRef]] = {}
    for r in full:
        clusters.setdefault(rep[r.keys], []).append(r)
    groups: dict[tuple, list[_ActorRef]] = {("full", k): rs for k, rs in clusters.items()}
    for r in refs:
        if r.full:
            continue
        target = _surname_target(r.keys[0], r.actor.country, clusters)
        if target is not None:
            groups[("full", target)].append(r)
        elif any(r.keys[0] in (x.keys[0], x.keys[-1]) for x in full):  # ambiguous: stays alone
            groups[("alone", r.ref)] = [r]
        else:
            groups.setdefault(("single", r.keys[0]), []).append(r)
    entities: dict[str, ActorEntity] = {}
    ids: dict[Ref, str] = {}
    ordered = sorted(groups.values(), key=lambda rs: (_canonical(rs), min(r.ref for r in rs)))
    for rs in ordered:
        canonical = _canonical(rs)
        base = "actor:" + slug(canonical)
        actor_id, n = base, 1
        while actor_id in entities:
            n += 1
            actor_id = f"{base}-{n}"
        spellings: list[str] = []
        roles: list[str] = []
        for r in sorted(rs, key=lambda r: r.ref):
            for form in (r.actor.name, *r.actor.aliases):
                if form not in spellings:
                    spellings.append(form)
            roles += [x for x in r.actor.roles if x not in roles]
        entities[actor_id] = ActorEntity(
            id=actor_id, name=canonical, spellings=spellings, country=_majority(r.actor.country for r in rs),
            roles=roles, mentions=sum(max(len(r.actor.mentions), 1) for r in rs),
            articles=len({r.ref[0] for r in rs}), refs=sorted(r.ref for r in rs))
        for r in rs:
            ids[r.ref] = actor_id
    return entities, ids


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


def places_compatible(a: _EventRef, b: _EventRef) -> bool | None:
    """True: same place or one missing; False: different countries; None: different words, unknown."""
    if not a.place or not b.place:
        return True
    if a.place == b.place or " ".join(map(_stem, a.place.split())) == " ".join(map(_stem, b.place.split())):
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


def events_compatible(a: _EventRef, b: _EventRef, *, same_status: bool = True) -> bool:
    if a.ref[0] == b.ref[0] and same_status:
        return False
    return _contents_compatible(a, b, same_status=same_status)


def _contents_compatible(a: _EventRef, b: _EventRef, *, same_status: bool = True) -> bool:
    """``events_compatible`` of two reports from different articles: it reads only their contents."""
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
    folded = fold(name)
    if folded in spellings:
        return spellings[folded]
    for ending in ("s", "'"):  # genitive
        if folded.endswith(ending) and folded[: -len(ending)] in spellings:
            return spellings[folded[: -len(ending)]]
    last = folded.split()[-1] if folded else ""
    matches = {v for k, v in spellings.items() if k.split() and k.split()[-1] == last}
    if len(matches) == 1:
        return matches.pop()
    return "name:" + slug(name_key(name))


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


_BLOCK_SHIFT = 24  # month numbers (below 120000) and day numbers (below 3652060) fit in 24 bits


@lru_cache(maxsize=16384)
def _when(date_value: str | None, published: str | None) -> tuple[int, int | None]:
    """The month number (by date, else publication) and day number (by date) of a report."""
    return _month_number(date_value or published), _day_number(date_value)


@lru_cache(maxsize=16384)
def _parties_token(parties: frozenset[str]) -> str:
    """The blocking token of a set of parties."""
    return "parties:" + ",".join(sorted(parties))


def _by_token(refs: list[_EventRef], subset: list[int]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for n in subset:
        for token in (*refs[n].people, _parties_token(refs[n].parties)):
            index.setdefault(token, []).append(n)
    return index


CLUSTER_SAMPLE = 12  # members of a large cluster checked against a newcomer (first and last ones)


def _sample(members: list) -> list:
    """All members of a small cluster; the first and last CLUSTER_SAMPLE/2 of a large one, so that
    merging stays linear in cluster size on corpora where one meeting has thousands of reports."""
    if len(members) <= CLUSTER_SAMPLE:
        return members
    half = CLUSTER_SAMPLE // 2
    return members[:half] + members[-half:]


def _signature(r: _EventRef) -> tuple:
    """What ``events_compatible`` and ``_score`` read of a report, except its article (and what the
    blocking of :func:`_candidate_pairs` reads)."""
    ev = r.event
    return (r.call, ev.status or "", ev.date, r.people, r.parties, r.place, r.place_country, r.published)


class _Comparisons:
    """``events_compatible`` and ``_score`` of pairs of reports, each computed once per pair of report
    contents: both read only a report's contents (and, for compatibility, whether two reports come from one
    article), and reports with the same contents (a wire story printed by several outlets) are common.
    Both are symmetric. Contents are numbered in the order they first occur in ``refs``."""

    def __init__(self, refs: Sequence[_EventRef]) -> None:
        ids: dict[tuple, int] = {}
        self._content = {r.ref: ids.setdefault(_signature(r), len(ids)) for r in refs}
        self._first: dict[int, _EventRef] = {}  # content -> the first report with it (stands for them all)
        for r in refs:
            self._first.setdefault(self._content[r.ref], r)
        self._compatible: dict[tuple[int, int, bool], bool] = {}
        self._scores: dict[tuple[int, int], float] = {}

    def content(self, r: _EventRef) -> int:
        """The number of the report's contents."""
        return self._content[r.ref]

    def compatible(self, a: _EventRef, b: _EventRef, *, same_status: bool = True) -> bool:
        if same_status and a.ref[0] == b.ref[0]:
            return False  # two events of one article are two events
        return self.contents_compatible(self._content[a.ref], self._content[b.ref], same_status=same_status)

    def contents_compatible(self, ca: int, cb: int, *, same_status: bool = True) -> bool:
        """``events_compatible`` of two reports from different articles with contents ``ca`` and ``cb``."""
        key = (ca, cb, same_status) if ca < cb else (cb, ca, same_status)
        known = self._compatible.get(key)
        if known is None:
            known = self._compatible[key] = _contents_compatible(self._first[ca], self._first[cb],
                                                                 same_status=same_status)
        return known

    def score(self, a: _EventRef, b: _EventRef) -> float:
        return self.contents_score(self._content[a.ref], self._content[b.ref])

    def contents_score(self, ca: int, cb: int) -> float:
        """``_score`` of two reports with contents ``ca`` and ``cb``."""
        key = (ca, cb) if ca < cb else (cb, ca)
        known = self._scores.get(key)
        if known is None:
            known = self._scores[key] = _score(self._first[ca], self._first[cb])
        return known


def _candidate_pairs(refs: list[_EventRef]) -> set[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, of positions in ``refs`` that blocking lets through.

    Only reports that share a person (or the same set of parties) in the same or a neighbouring month can be
    one meeting, so only those pairs are compared. Kind (call or not) and status are part of the block:
    reports that differ in them are never compatible. Within a block, reports dated to the day pair only with
    the same or the next day; reports dated to a month only (or undated, placed by publication) pair with the
    whole month and its neighbours; reports without any date pair within their person (or parties).
    Whether two reports pair depends on their contents only, and two reports with the same contents always
    pair."""
    # Bucket keys are ints: the block (token, kind, status) numbered and shifted left by _BLOCK_SHIFT bits,
    # or-ed with the month or day number (both below 2 ** _BLOCK_SHIFT), so the next day is key + 1.
    blocks: dict[tuple[str, bool, str], int] = {}
    by_day: dict[int, list[int]] = {}
    by_month: dict[int, list[int]] = {}
    coarse: dict[int, list[int]] = {}
    undated: list[int] = []
    for n, r in enumerate(refs):
        month, day = _when(r.event.date, r.published)
        if month < 0:
            undated.append(n)
            continue
        call, status = r.call, r.event.status or ""
        for token in (*r.people, _parties_token(r.parties)):
            block = blocks.setdefault((token, call, status), len(blocks)) << _BLOCK_SHIFT
            by_month.setdefault(block | month, []).append(n)
            if day is None:
                coarse.setdefault(block | month, []).append(n)
            else:
                by_day.setdefault(block | day, []).append(n)
    pairs: set[tuple[int, int]] = set()
    for key, members in by_day.items():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                pairs.add((i, j))
        for j in by_day.get(key + 1, ()):
            for i in members:
                pairs.add((i, j) if i < j else (j, i))
    for key, members in coarse.items():
        around = [j for m in (key - 1, key, key + 1) for j in by_month.get(m, ())]
        for i in members:
            for j in around:
                if i != j:
                    pairs.add((i, j) if i < j else (j, i))
    for token_members in _by_token(refs, undated).values():  # no date at all: compare within the token
        for x, i in enumerate(token_members):
            for j in token_members[x + 1:]:
                pairs.add((i, j))
    return pairs


def _cluster_events(refs: list[_EventRef], memo: _Comparisons | None = None) -> list[list[_EventRef]]:
    """Greedy merging of the candidate pairs (:func:`_candidate_pairs`) of compatible reports from different
    articles, best-scored pairs first, ties in text order (``refs`` is in (article, event) order, so index
    order is ref order); a pair merges two clusters when every report of a sample (:func:`_sample`) of one
    is compatible with every report of a sample of the other.

    Blocking, compatibility and score read only a report's contents, so they are worked out once per pair of
    distinct contents, then spread over the reports that carry them."""
    if memo is None:
        memo = _Comparisons(refs)
    content = [memo.content(r) for r in refs]
    groups: dict[int, list[int]] = {}  # content -> the reports (indices) with it, in order
    for n, c in enumerate(content):
        groups.setdefault(c, []).append(n)
    contents = list(groups)
    articles = [r.ref[0] for r in refs]
    size = len(refs)
    candidates = [(x, x) for x, c in enumerate(contents) if len(groups[c]) > 1]
    candidates += _candidate_pairs([refs[groups[c][0]] for c in contents])
    by_score: dict[float, list[int]] = {}  # score -> the compatible pairs (i, j) with it, as i * size + j
    for x, y in candidates:
        ca, cb = contents[x], contents[y]
        ga, gb = groups[ca], groups[cb]
        if x == y:
            keys = [i * size + j for k, i in enumerate(ga) for j in ga[k + 1:] if articles[i] != articles[j]]
        else:
            keys = [i * size + j if i < j else j * size + i for i in ga for j in gb if articles[i] != articles[j]]
        if keys and memo.contents_compatible(ca, cb):
            by_score.setdefault(memo.contents_score(ca, cb), []).extend(keys)

    def ok(i: int, j: int) -> bool:
        return articles[i] != articles[j] and memo.contents_compatible(content[i], content[j])

    cluster_of = list(range(size))
    members: dict[int, list[int]] = {n: [n] for n in range(size)}
    for score in sorted(by_score, reverse=True):
        for key in sorted(by_score[score]):
            i, j = divmod(key, size)
            ci, cj = cluster_of[i], cluster_of[j]
            if ci == cj:
                continue
            if not all(ok(x, y) for x in _sample(members[ci]) for y in _sample(members[cj])):
                continue
            keep, gone = min(ci, cj), max(ci, cj)
            for m in members[gone]:
                cluster_of[m] = keep
            members[keep] += members.pop(gone)
    return [[refs[m] for m in sorted(ms)] for ms in members.values()]


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


def resolve_events(records: Sequence[DocRecord], actor_ids: dict[Ref, str],
                   actors: dict[str, ActorEntity] | None = None
                   ) -> tuple[dict[str, EventEntity], dict[Ref, str]]:
    """Corpus-wide event entities and the id of every (record, event) pair."""
    refs = _event_refs(records, actor_ids)
    names = {a.id: a.name for a in (actors or {}).values()}
    memo = _Comparisons(refs)
    dated = [(cluster, _best_date(cluster)) for cluster in _cluster_events(refs, memo)]
    named = sorted(((_event_id(cluster, date_value, names), cluster[0].ref), cluster, date_value)
                   for cluster, date_value in dated)
    entities: dict[str, EventEntity] = {}
    ids: dict[Ref, str] = {}
    for (base, _), cluster, date_value in named:
        event_id, n = base, 1
        while event_id in entities:
            n += 1
            event_id = f"{base}-{n}"
        entities[event_id] = EventEntity(
            id=event_id, type=_majority(r.event.type for r in cluster) or "meeting",
            status=cluster[0].event.status, date=date_value,
            place=_majority(r.event.place for r in cluster),
            participants=sorted({p for r in cluster for p in r.people}),
            parties=sorted({p for r in cluster for p in r.parties}), refs=[r.ref for r in cluster])
        for r in cluster:
            ids[r.ref] = event_id
    _link_planned(entities, {r.ref: r for r in refs}, memo)
    return entities, ids


def _contents(memo: _Comparisons, refs: Iterable[_EventRef]) -> list[int]:
    """The distinct contents of ``refs``, in order."""
    return list(dict.fromkeys(map(memo.content, refs)))


def _link_planned(entities: dict[str, EventEntity], refs: dict[Ref, _EventRef], memo: _Comparisons) -> None:
    """Set ``realises`` on held meetings that carry out a planned one (same people, place, date)."""
    planned = [e for e in entities.values() if e.status == "planned"]
    # Every pair of reports must be compatible, in particular the first report of each side, which needs
    # the same kind (call or not) and a shared person, or (one side without people) the same two or more
    # parties: index the plans by their first report so that only those candidates are compared.
    # The first reports must also be close in time (same or neighbouring month, by date or publication).
    by_person: dict[tuple, list[int]] = {}
    by_parties: dict[tuple, list[int]] = {}
    without_people: dict[tuple, list[int]] = {}
    for n, plan in enumerate(planned):
        first = refs[plan.refs[0]]
        month = _when(first.event.date, first.published)[0]
        for person in first.people:
            by_person.setdefault((first.call, person, month), []).append(n)
        if len(first.parties) >= 2:
            by_parties.setdefault((first.call, first.parties, month), []).append(n)
            if not first.people:
                without_people.setdefault((first.call, first.parties, month), []).append(n)
    samples: dict[int, list[int]] = {}  # a plan's sample, as the distinct contents of its reports
    compatible, score_of = memo.contents_compatible, memo.contents_score
    for held in sorted((e for e in entities.values() if e.status == "held"), key=lambda e: e.id):
        best: tuple[float, str] | None = None
        held_sample: list[int] | None = None
        first = refs[held.refs[0]]
        month = _when(first.event.date, first.published)[0]
        months = (month - 1, month, month + 1) if month >= 0 else (month,)
        if first.people:
            found = {n for person in first.people for m in months for n in by_person.get((first.call, person, m), ())}
            found.update(n for m in months for n in without_people.get((first.call, first.parties, m), ()))
        else:
            found = {n for m in months for n in by_parties.get((first.call, first.parties, m), ())}
        for n in sorted(found):
            plan = planned[n]
            if held_sample is None:
                held_sample = _contents(memo, (refs[a] for a in _sample(held.refs)))
            plan_sample = samples.get(n)
            if plan_sample is None:
                plan_sample = samples[n] = _contents(memo, (refs[b] for b in _sample(plan.refs)))
            if len(held_sample) == 1 and len(plan_sample) == 1:  # the common case: one content a side
                x, y = held_sample[0], plan_sample[0]
                if not compatible(x, y, same_status=False):
                    continue
                score = score_of(x, y)
            else:
                pairs = [(x, y) for x in held_sample for y in plan_sample]
                if not all(compatible(x, y, same_status=False) for x, y in pairs):
                    continue
                score = max(score_of(x, y) for x, y in pairs)
            if best is None or (score, plan.id) > best:
                best = (score, plan.id)
        if best is not None:
            held.realises = best[1]


# --------------------------------------------------------------------------- the pass


@dataclass
class Resolution:
    actors: dict[str, ActorEntity]
    events: dict[str, EventEntity]
    actor_ids: dict[Ref, str]
    event_ids: dict[Ref, str]


@without_collector
def resolve(records: Sequence[DocRecord]) -> Resolution:
    """Resolve actors, then events (whose participants are compared by actor id)."""
    actors, actor_ids = resolve_actors(records)
    events, event_ids = resolve_events(records, actor_ids, actors)
    return Resolution(actors, events, actor_ids, event_ids)


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
           "resolve_actors", "resolve_events", "token_key"]


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
