"""Corpus-wide identity that scales: actor and event resolution in about n log n, and incremental.

:mod:`diplograph.network.resolve` says *when* two spellings are one person and two reports are one meeting; this
module decides it for millions of records without comparing everything with everything, and can take more
records later without redoing what they do not touch (:class:`Identity`, ``Identity.add``).

Per record only a compact summary is kept (:func:`summarize`: names, roles, countries, the meeting fields
that identity and the graph read, the evidence sentences), never the whole record.

**Actors.** Every distinct full-name key is compared only with keys whose surname is the same or may be
:data:`~diplograph.network.resolve.SURNAME_MIN_RATIO` similar: similar surnames are found through their deletion
neighbourhoods (two surnames that similar share a string left after deleting at most a quarter of the
letters of each, :class:`_Surnames`), so the work per new key does not grow with the corpus. Name-compatible
keys are joined by an edge once; clusters are the connected components of the edges whose countries do not
contradict each other (``networkx.utils.UnionFind``), recomputed only around keys that are new or whose
majority country changed. Surnames alone are decided per distinct (surname, country) from indexes of the
keys' first and last tokens.

**Events.** Reports with the same contents are one "content". A content is filed under blocks that every
pair of *compatible* reports shares (two shared persons; one person where one side names only that person;
the same two or more parties where one side names nobody) and under the day, month or "undated" window of the
old blocking, and it is compared only with the at most :data:`CANDIDATE_LIMIT` contents before it (in corpus
order) of each window it may pair with: a bounded candidate list per window, so that a few actors in most
articles and thousands of meetings between the same parties cost linear time. Compatible pairs are edges;
the greedy merge of :mod:`diplograph.network.resolve` (best score first, cluster samples all compatible) runs over
the connected components that changed, with a union-find. Plans are linked to held meetings through indexes
of their first reports.

Below the limit (every window of the existing tests and of the annotated corpus) the result is identical
to comparing every pair the old blocking let through; above it, each report still meets its
:data:`CANDIDATE_LIMIT` nearest predecessors of every window. Adding records in several steps gives the
same ids as resolving all of them at once (the candidate lists depend only on corpus order).

Comparisons are counted in ``Identity.stats``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import combinations

from networkx.utils import UnionFind
from rapidfuzz import fuzz

from diplograph.corpus.gc_pause import without_collector
from diplograph.network import resolve as R
from diplograph.network.hosting import CALL_TYPES, RecordIndex
from diplograph.network.names import fold, name_key, slug
from diplograph.records import DocRecord, Evidence, Place

CANDIDATE_LIMIT = 64  # contents compared per window: the nearest ones before a content in corpus order
ORDER_SHIFT = 20  # a report's place in corpus order: (article << ORDER_SHIFT) | event index
LONG_SURNAME = 15  # surname keys longer than this are compared by scanning (rare), not by deletion variants
Ref = tuple[int, int]


def _ordinal(ref: Ref) -> int:
    return (ref[0] << ORDER_SHIFT) | ref[1]


def _major(counts: Counter) -> str | None:
    """``resolve._majority`` of counted values: the most frequent (ties: the smallest), None when none."""
    if not counts:
        return None
    if len(counts) == 1:
        return next(iter(counts))
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


# --------------------------------------------------------------------------- summaries


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


_INTERNED: dict = {}


def _intern(value):
    """One shared object per distinct value (names, roles, countries, party sets recur across articles)."""
    if value is None:
        return None
    found = _INTERNED.get(value)
    if found is None:
        found = _INTERNED[value] = value
    return found


@lru_cache(maxsize=65536)
def _keys(name: str) -> tuple[str, ...]:
    return tuple(k for k in R._name_key(name).split() if k)


def _spec(name: str, spellings: dict[str, int]):
    """``resolve._lookup`` with the article's actors as indices (resolved to ids later)."""
    folded = fold(name)
    found = spellings.get(folded)
    if found is not None:
        return found
    for ending in ("s", "'"):  # genitive
        if folded.endswith(ending) and folded[: -len(ending)] in spellings:
            return spellings[folded[: -len(ending)]]
    last = folded.split()[-1] if folded else ""
    matches = sorted({v for k, v in spellings.items() if k.split() and k.split()[-1] == last})
    fallback = _intern("name:" + slug(name_key(name)))
    if len(matches) == 1:
        return matches[0]
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
    intern = _intern
    actors = []
    spellings: dict[str, int] = {}
    for i, a in enumerate(data.get("actors", ())):
        name = a["name"]
        keys = _keys(name)
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


# --------------------------------------------------------------------------- actors


def _max_deletions(length: int) -> int:
    """Letters a surname of ``length`` loses to reach a common subsequence with any surname at least
    SURNAME_MIN_RATIO similar. The ratio is 100 * (1 - d / (l1 + l2)) with d the Indel distance, so with
    t = 1 - ratio / 100 the common subsequence has at least (1 - t) / 2 * (l1 + l2) letters and each side
    deletes at most 2t / (1 + t) of its own (0.26 for 85)."""
    t = 1.0 - R.SURNAME_MIN_RATIO / 100.0
    return int(length * 2.0 * t / (1.0 + t) + 0.01)


def _deletions(word: str) -> set[str]:
    out = level = {word}
    for _ in range(_max_deletions(len(word))):
        level = {w[:i] + w[i + 1:] for w in level for i in range(len(w))}
        out = out | level
    return out


class _Surnames:
    """Distinct surname keys and, for each, the known surnames at least SURNAME_MIN_RATIO similar with the same
    first letter (the old block). Two such surnames share a deletion variant (exact, not a heuristic), so a new
    surname looks up its own variants instead of comparing itself with every surname."""

    def __init__(self) -> None:
        self.similar: dict[str, list[str]] = {}
        self.variants: dict[str, list[str]] = {}
        self.longish: dict[str, list[str]] = {}  # first letter -> surnames of 12 letters or more

    def add(self, surname: str, stats: Counter, known: dict[str, list[str]] | None = None) -> list[str]:
        """The known surnames similar to ``surname``, which is registered; ``known``: the similar surnames of
        every surname, as an earlier run found them (a restored state: nothing is compared)."""
        found = self.similar.get(surname)
        if found is not None:
            return found
        if known is not None:
            self._index(surname)
            self.similar[surname] = list(known.get(surname, ()))
            return self.similar[surname]
        candidates: set[str] = set()
        if len(surname) <= LONG_SURNAME:
            for v in _deletions(surname):
                candidates.update(self.variants.get(v, ()))
        if len(surname) >= 12:  # a partner of a surname longer than LONG_SURNAME has 12 letters or more
            candidates.update(s for s in self.longish.get(surname[:1], ())
                              if len(s) > LONG_SURNAME or len(surname) > LONG_SURNAME)
        self._index(surname)
        out = []
        for other in sorted(candidates):
            if other == surname or other[:1] != surname[:1]:
                continue
            stats["actor_comparisons"] += 1
            if fuzz.ratio(surname, other) >= R.SURNAME_MIN_RATIO:
                out.append(other)
                self.similar[other].append(surname)
        self.similar[surname] = out
        return out

    def _index(self, surname: str) -> None:
        if len(surname) <= LONG_SURNAME:
            for v in _deletions(surname):
                self.variants.setdefault(v, []).append(surname)
        if len(surname) >= 12:
            self.longish.setdefault(surname[:1], []).append(surname)


class _Key:
    __slots__ = ("refs", "countries", "major", "comp")

    def __init__(self) -> None:
        self.refs: list[Ref] = []
        self.countries: Counter = Counter()
        self.major: str | None = None
        self.comp: _Comp | None = None


class _Comp:
    __slots__ = ("keys", "rep", "countries", "country")

    def __init__(self, keys: Iterable[tuple], infos: dict[tuple, _Key]) -> None:
        self.keys = frozenset(keys)
        self.rep = min(self.keys)
        self.refresh(infos)

    def refresh(self, infos: dict[tuple, _Key]) -> None:
        total: Counter = Counter()
        for k in self.keys:
            total.update(infos[k].countries)
        self.countries = total
        self.country = _major(total)


ALONE = ("alone",)
SINGLE = ("single",)


class _Group:
    """One actor entity: its refs in order and what the entity reports of them."""

    __slots__ = ("gkey", "label", "refs", "full_names", "all_names", "countries", "spellings", "spelled", "roles",
                 "roled", "mentions", "articles", "last_doc", "name", "country", "id")

    def __init__(self, gkey: tuple, label: int) -> None:
        self.gkey, self.label = gkey, label
        self.refs: list[Ref] = []
        self.full_names: Counter = Counter()
        self.all_names: Counter = Counter()
        self.countries: Counter = Counter()
        self.spellings: list[str] = []
        self.spelled: set[str] = set()
        self.roles: list[str] = []
        self.roled: set[str] = set()
        self.mentions = self.articles = 0
        self.last_doc = -1
        self.name = ""
        self.country: str | None = None
        self.id = ""

    def extend(self, refs: Sequence[Ref], actor: Callable[[Ref], ActorSummary]) -> None:
        """Add refs that all come after the group's refs, in order."""
        for ref in refs:
            a = actor(ref)
            self.refs.append(ref)
            (self.full_names if len(a.keys) >= 2 else self.all_names)[a.name] += 1
            if a.country:
                self.countries[a.country] += 1
            for form in (a.name, *a.aliases):
                if form not in self.spelled:
                    self.spelled.add(form)
                    self.spellings.append(form)
            for role in a.roles:
                if role not in self.roled:
                    self.roled.add(role)
                    self.roles.append(role)
            self.mentions += a.mentions
            if ref[0] != self.last_doc:
                self.articles += 1
                self.last_doc = ref[0]
        names = self.full_names or self.all_names
        self.name = min(names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]
        self.country = _major(self.countries)


class ActorResolver:
    """Actor identity, kept up to date as articles are added (see the module docstring)."""

    def __init__(self, actor: Callable[[Ref], ActorSummary], stats: Counter) -> None:
        self.actor, self.stats = actor, stats
        self.keys: dict[tuple, _Key] = {}
        self.edges: dict[tuple, set[tuple]] = {}  # name-compatible keys (countries aside)
        self.by_surname: dict[str, list[tuple]] = {}
        self.by_last: dict[str, set[tuple]] = {}
        self.by_first: dict[str, set[tuple]] = {}
        self.surnames = _Surnames()
        self.singles: dict[str, dict[str | None, list[Ref]]] = {}  # surname alone -> country -> refs
        self.decision: dict[tuple[str, str | None], tuple] = {}
        self.targets: dict[tuple, set[tuple[str, str | None]]] = {}  # rep key -> surnames-alone decided for it
        self.groups: dict[tuple, _Group] = {}
        self.by_label: dict[int, _Group] = {}
        self.group_of: list[list[_Group | None]] = []  # per article, per actor
        self.order: list[_Group] = []  # groups in id order
        self._labels = 0

    # ---------------------------------------------------------------- keys and components

    def _register(self, key: tuple, known: tuple[dict, dict] | None = None) -> None:
        surname = key[-1]
        self.by_last.setdefault(surname, set()).add(key)
        self.by_first.setdefault(key[0], set()).add(key)
        if known is not None:  # a restored state: the edges an earlier run found
            self.edges[key] = set(known[0].get(key, ()))
            self.surnames.add(surname, self.stats, known[1])
            self.by_surname.setdefault(surname, []).append(key)
            return
        linked = self.edges.setdefault(key, set())
        for similar in (surname, *self.surnames.add(surname, self.stats)):
            for other in self.by_surname.get(similar, ()):
                self.stats["actor_comparisons"] += 1
                if R._given_compatible(key[0], other[0]):
                    linked.add(other)
                    self.edges[other].add(key)
        self.by_surname.setdefault(surname, []).append(key)

    def _active(self, a: tuple, b: tuple) -> bool:
        ca, cb = self.keys[a].major, self.keys[b].major
        return not (ca and cb and ca != cb)

    def _components(self, dirty: set[tuple]) -> tuple[set[_Comp], list[_Comp]]:
        """Recompute the components around ``dirty`` keys: (the old components replaced, the new ones)."""
        region: set[tuple] = set()
        for key in dirty:
            comp = self.keys[key].comp
            region.update(comp.keys if comp is not None else (key,))
        stack, seen = list(region), set(region)
        while stack:
            key = stack.pop()
            for other in self.edges[key]:
                if other not in seen and self._active(key, other):
                    seen.add(other)
                    stack.append(other)
        uf = UnionFind(seen)
        for key in seen:
            for other in self.edges[key]:
                if other in seen and self._active(key, other):
                    uf.union(key, other)
        old = {self.keys[k].comp for k in seen} - {None}
        new = [_Comp(members, self.keys) for members in uf.to_sets()]
        for comp in new:
            for key in comp.keys:
                self.keys[key].comp = comp
        return old, new  # type: ignore[return-value]

    def _decide(self, token: str, country: str | None) -> tuple:
        """``resolve._surname_target`` for a surname alone: ("full", rep), ALONE or SINGLE."""
        for index in (self.by_last, self.by_first):  # surname last; then family-name-first order
            keys = index.get(token)
            if not keys:
                continue
            comps = {self.keys[k].comp for k in keys}
            reps = sorted(c.rep for c in comps)
            by_rep = {c.rep: c for c in comps}
            if len(reps) == 1:
                other = by_rep[reps[0]].country
                return ("full", reps[0]) if not (country and other and other != country) else ALONE
            if country:
                same = [r for r in reps if by_rep[r].country == country]
                if len(same) == 1:
                    return ("full", same[0])
            return ALONE
        return SINGLE

    def _gkey(self, ref: Ref, a: ActorSummary) -> tuple:
        if len(a.keys) >= 2:
            return ("full", self.keys[a.keys].comp.rep)  # type: ignore[union-attr]
        target = self.decision[(a.keys[0], a.country or None)]
        if target == ALONE:
            return ("alone", ref)
        if target == SINGLE:
            return ("single", a.keys[0])
        return target

    def _members(self, gkey: tuple) -> list[Ref]:
        kind = gkey[0]
        if kind == "alone":
            a = self.actor(gkey[1])
            return [gkey[1]] if self.decision.get((a.keys[0], a.country or None)) == ALONE else []
        if kind == "single":
            return sorted(r for country, refs in self.singles[gkey[1]].items()
                          if self.decision.get((gkey[1], country)) == SINGLE for r in refs)
        comp = self.keys[gkey[1]].comp
        if comp is None or comp.rep != gkey[1]:
            return []
        refs = [r for k in comp.keys for r in self.keys[k].refs]
        for token, country in self.targets.get(gkey[1], ()):
            refs += self.singles[token][country]
        refs.sort()
        return refs

    # ---------------------------------------------------------------- the update

    def update(self, docs: Sequence[tuple[int, Sequence[ActorSummary]]], known: tuple[dict, dict] | None = None
               ) -> tuple[set[int], set]:
        """Add the actors of new articles ``(index, actors)`` (indices continue the corpus). Returns the old
        articles whose actors changed entity, and the labels of entities that are new or renamed. ``known``:
        (name-compatible keys, similar surnames) from a saved state, used instead of comparing."""
        new_keys: list[tuple] = []
        touched: dict[tuple, str | None] = {}  # key with new refs -> its majority country before
        new_refs: list[tuple[Ref, ActorSummary]] = []
        tokens: set[str] = set()
        for d, actors in docs:
            assert d == len(self.group_of)
            self.group_of.append([None] * len(actors))
            for i, a in enumerate(actors):
                if not a.keys:
                    continue
                ref = (d, i)
                new_refs.append((ref, a))
                if len(a.keys) >= 2:
                    info = self.keys.get(a.keys)
                    if info is None:
                        info = self.keys[a.keys] = _Key()
                        new_keys.append(a.keys)
                    elif a.keys not in touched:
                        touched[a.keys] = info.major
                    info.refs.append(ref)
                    if a.country:
                        info.countries[a.country] += 1
                else:
                    token = a.keys[0]
                    self.singles.setdefault(token, {}).setdefault(a.country or None, []).append(ref)
                    tokens.add(token)
        for key in new_keys:
            self.keys[key].major = _major(self.keys[key].countries)
            self._register(key, known)
        dirty = set(new_keys)
        for key, before in touched.items():
            info = self.keys[key]
            info.major = _major(info.countries)
            if info.major != before:
                dirty.add(key)
        replaced, made = self._components(dirty)
        refreshed = {self.keys[k].comp for k in touched} - set(made)
        for comp in refreshed:
            comp.refresh(self.keys)  # type: ignore[union-attr]
        for comp in (*made, *replaced, *refreshed):
            for key in comp.keys:  # type: ignore[union-attr]
                tokens.update((key[0], key[-1]))
        # Decisions for surnames alone, and the groups whose members change other than by new refs at the end.
        rebuild: set[tuple] = set()
        gone: set[tuple] = set()
        for comp in replaced:
            gone.add(("full", comp.rep))
        unchanged = {(c.keys, c.rep) for c in replaced}
        for comp in made:
            if (comp.keys, comp.rep) in unchanged:
                gone.discard(("full", comp.rep))  # the same keys: only new refs at the end
            else:
                rebuild.add(("full", comp.rep))
        for token in sorted(tokens):
            for country in self.singles.get(token, {}):
                target = self._decide(token, country)
                before = self.decision.get((token, country))
                if target == before:
                    continue
                self.decision[(token, country)] = target
                refs = self.singles[token][country]
                for was, now in ((before, False), (target, True)):
                    if was is None:
                        continue
                    if was[0] == "full":
                        found = self.targets.setdefault(was[1], set())
                        (found.add if now else found.discard)((token, country))
                        (rebuild if now else gone).add(was)
                    elif was == SINGLE:
                        (rebuild if now else gone).add(("single", token))
                    else:  # alone: one group per ref
                        for ref in refs:
                            (rebuild if now else gone).add(("alone", ref))
        # New refs go to the end of their group where nothing else changes it. A group that may have lost or
        # gained members otherwise is rebuilt from the current structure (or dropped when nothing is left).
        rebuild |= gone
        appended: dict[tuple, list[Ref]] = {}
        for ref, a in new_refs:
            gkey = self._gkey(ref, a)
            if gkey not in rebuild:
                group = self.groups.get(gkey)
                if group is None or group.refs[-1] > ref:
                    rebuild.add(gkey)
                else:
                    appended.setdefault(gkey, []).append(ref)
        return self._regroup(rebuild, {g: refs for g, refs in appended.items() if g not in rebuild})

    def _regroup(self, rebuild: set[tuple], appended: dict[tuple, list[Ref]]) -> tuple[set[int], set]:
        changed_docs: set[int] = set()
        renamed: set = set()
        members = {gkey: self._members(gkey) for gkey in rebuild}
        members = {gkey: refs for gkey, refs in members.items() if refs}
        gone = rebuild - set(members)
        # Labels: a rebuilt group keeps the label most of its refs had (of groups rebuilt or gone).
        free = {self.groups[g].label for g in gone | set(members) if g in self.groups}
        claims = []
        for gkey, refs in members.items():
            counts = Counter(g.label for d, i in refs if (g := self.group_of[d][i]) is not None)
            claims.append((-len(refs), refs[0], gkey, counts))
        claims.sort(key=lambda c: (c[0], c[1]))
        made: dict[tuple, _Group] = {}
        names_before = {}
        for _, _, gkey, counts in claims:
            label = next((lab for lab, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if lab in free),
                         None)
            if label is None:
                label = self._labels
                self._labels += 1
            else:
                free.discard(label)
                names_before[label] = self.by_label[label].name
            made[gkey] = _Group(gkey, label)
        for gkey in gone:
            group = self.groups.pop(gkey, None)
            if group is not None and self.by_label.get(group.label) is group:
                del self.by_label[group.label]
        for gkey, group in made.items():
            old = self.groups.get(gkey)
            if old is not None and self.by_label.get(old.label) is old:
                del self.by_label[old.label]
            self.groups[gkey] = group
            self.by_label[group.label] = group
            group.extend(members[gkey], self.actor)
            for d, i in group.refs:
                before = self.group_of[d][i]
                if before is not None and before.label != group.label:
                    changed_docs.add(d)
                self.group_of[d][i] = group
            if names_before.get(group.label) != group.name:
                renamed.add(group.label)
        for gkey, refs in appended.items():
            group = self.groups[gkey]
            before = group.name
            group.extend(refs, self.actor)
            for d, i in refs:
                self.group_of[d][i] = group
            if group.name != before:
                renamed.add(group.label)
        self._assign_ids()
        return changed_docs, renamed

    def _assign_ids(self) -> None:
        """``resolve_actors``' ids: by (canonical name, first ref), a suffix for a name already taken."""
        taken: set[str] = set()
        self.order = sorted(self.groups.values(), key=lambda g: (g.name, g.refs[0]))
        for group in self.order:
            base = "actor:" + slug(group.name)
            actor_id, n = base, 1
            while actor_id in taken:
                n += 1
                actor_id = f"{base}-{n}"
            taken.add(actor_id)
            group.id = actor_id

    def label(self, ref: Ref) -> int | None:
        group = self.group_of[ref[0]][ref[1]]
        return None if group is None else group.label

    def entities(self) -> dict[str, R.ActorEntity]:
        return {g.id: R.ActorEntity(id=g.id, name=g.name, spellings=list(g.spellings), country=g.country,
                                    roles=list(g.roles), mentions=g.mentions, articles=g.articles, refs=list(g.refs))
                for g in self.order}


# --------------------------------------------------------------------------- events


class Report:
    """One event of one article as event identity compares it (``report.event`` is the report itself, so the
    comparisons of :mod:`diplograph.network.resolve` read it as they read an ``_EventRef``)."""

    __slots__ = ("ref", "people", "parties", "place", "raw_place", "place_country", "published", "date", "status",
                 "type", "call", "event", "content", "cluster")

    def __init__(self, ref: Ref, people: frozenset, parties: frozenset[str], place: str, raw_place: str | None,
                 place_country: str | None, published: str | None, date: str | None, status: str, type: str
                 ) -> None:
        self.ref, self.people, self.parties, self.place, self.raw_place = ref, people, parties, place, raw_place
        self.place_country, self.published, self.date, self.status, self.type = (place_country, published, date,
                                                                                 status, type)
        self.call = (type or "").lower() in R.CALL_TYPES
        self.event = self
        self.content: _Content | None = None
        self.cluster: _Cluster | None = None

    @classmethod
    def of(cls, ref: R._EventRef) -> Report:
        ev = ref.event
        return cls(ref.ref, ref.people, ref.parties, ref.place, ev.place, ref.place_country, ref.published, ev.date,
                   ev.status, ev.type)


class _Content:
    """Reports with the same contents (what comparisons read): compared once for all of them."""

    __slots__ = ("sig", "rep", "reports", "order", "month", "pday", "dated", "place_country", "out", "inn", "self_ok",
                 "self_score")

    def __init__(self, sig: tuple, report: Report) -> None:
        self.sig, self.rep, self.reports = sig, report, [report]
        self.order = _ordinal(report.ref)
        self.month, _, self.pday = _when(report.date, report.published)
        self.dated = bool(report.date)
        self.place_country = report.place_country if report.place else None
        self.out: dict[_Content, float] = {}  # compatible contents before this one that its scan found
        self.inn: list[_Content] | None = None  # contents after this one whose scan found it
        self.self_ok: bool | None = None  # whether two of its reports (from two articles) may be one meeting

    def compatible_with_itself(self, stats: Counter) -> bool:
        if self.self_ok is None:
            stats["event_comparisons"] += 1
            self.self_ok = R._contents_compatible(self.rep, self.rep)
            self.self_score = R._score(self.rep, self.rep) if self.self_ok else 0.0
        return self.self_ok

    def neighbours(self) -> Iterator[_Content]:
        yield from self.out
        if self.inn:
            yield from self.inn

    def link(self, later: _Content) -> None:
        if self.inn is None:
            self.inn = [later]
        else:
            self.inn.append(later)

    def unlink(self, later: _Content) -> None:
        self.inn.remove(later)  # type: ignore[union-attr]
        if not self.inn:
            self.inn = None


class _Cluster:
    """One meeting: its reports in order."""

    __slots__ = ("reports", "key", "people", "first_people", "date", "base", "id", "realises", "status")

    def __init__(self, reports: list[Report]) -> None:
        self.reports = reports
        self.key = _ordinal(reports[0].ref)
        first = self.first_people = reports[0].people  # as filed for linking (a report's people may change)
        self.people = first if all(r.people is first for r in reports) else \
            frozenset(p for r in reports for p in r.people)
        self.date = R._best_date(reports)
        self.status = reports[0].status
        self.base = self.id = ""
        self.realises: _Cluster | None = None


@lru_cache(maxsize=1 << 16)
def _blocks(people: frozenset, parties: frozenset[str]) -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
    """(the blocks a content is filed under, the blocks it looks for partners in). Two compatible reports
    share two persons (P2), or one names a single person the other names too (S/A), or one names nobody and
    both name the same two or more parties (N/T)."""
    pairs = [("P2", frozenset(p)) for p in combinations(people, 2)] if len(people) >= 2 else []
    member, scan = list(pairs), list(pairs)
    for p in people:
        member.append(("A", p))
        if len(people) == 1:
            member.append(("S", p))
        scan.append(("A", p) if len(people) == 1 else ("S", p))
    if len(parties) >= 2:
        member.append(("T", parties))
        if not people:
            member.append(("N", parties))
        scan.append(("T", parties) if not people else ("N", parties))
    return tuple(member), tuple(scan)


@lru_cache(maxsize=1 << 16)
def _when(date_value: str | None, published: str | None) -> tuple[int, int | None, int | None]:
    """(month number, day number, publication day number) of a report (``resolve._when`` and the day it was
    published, when that is a day)."""
    month, day = R._when(date_value, published)
    parsed = R._parse(published)
    return month, day, parsed.toordinal() if parsed else None


UNDATED_SPAN = 15  # days per window of reports without a date, by publication day (> UNDATED_WINDOW_DAYS)


def _undated_window(pday: int | None, month: int) -> tuple:
    return ("P", pday // UNDATED_SPAN) if pday is not None else ("Pm", month)


@lru_cache(maxsize=1 << 16)
def _windows(date_value: str | None, published: str | None) -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
    """(the windows a content is filed under, the windows it looks in). The old blocking paired days with
    the same and the next day, a report dated to a month only (or undated but published: placed by its
    publication month) with the month and its neighbours, undated unpublished reports with each other.
    Of those pairs only these can be compatible (``dates_compatible``, ``_published_close``): two dates of which
    one is a prefix of the other (the same month), two days at most one apart, or a report without a date
    and another published at most UNDATED_WINDOW_DAYS before or after it. So reports dated to a day (D, and M
    by month) or to a month (C) look at dated reports of their own month, and everyone looks at the reports
    without a date (P) published in the same or a neighbouring span of UNDATED_SPAN days (the month window is
    checked on the way); those whose publication is not a day (Pm, rare) are found by month."""
    month, day, pday = _when(date_value, published)
    if month < 0:
        return (("U", 0),), (("U", 0),)
    around = (month - 1, month, month + 1)
    if pday is not None:
        span = pday // UNDATED_SPAN
        undated = [("P", w) for w in (span - 1, span, span + 1)]
    else:  # published "2025-02": every undated report of the months around
        first, last = _first_day(month - 1), _first_day(month + 2) - 1
        undated = [("P", w) for w in range(first // UNDATED_SPAN, last // UNDATED_SPAN + 1)]
    undated += [("Pm", m) for m in around]
    if not date_value:
        member: tuple = (_undated_window(pday, month),)
        return member, (*(("C", m) for m in around), *(("M", m) for m in around), *undated)
    if day is None:
        return (("C", month),), (("C", month), ("M", month), *undated)
    return (("D", day), ("M", month)), (("D", day - 1), ("D", day), ("D", day + 1), ("C", month), *undated)


def _first_day(month: int) -> int:
    """The day number of the first day of a month number."""
    year, m = divmod(month, 12)
    return date(max(1, min(year, 9999)), m + 1, 1).toordinal()


def _month_of_day(day: int) -> int:
    d = date.fromordinal(day)
    return d.year * 12 + d.month - 1


_PARTNER = {"P2": "P2", "A": "A", "S": "A", "T": "T", "N": "T"}  # the block whose lists hold every scanner


def _concat(a: tuple[list, int], b: tuple[list, int]) -> tuple[list, int]:
    """The merge sample of the concatenation of two clusters' member lists: all members up to
    CLUSTER_SAMPLE, else the first and last CLUSTER_SAMPLE/2 (``resolve._sample``)."""
    items_a, size_a = a
    items_b, size_b = b
    size = size_a + size_b
    if size <= R.CLUSTER_SAMPLE:
        return items_a + items_b, size
    half = R.CLUSTER_SAMPLE // 2
    head = items_a[:half] if size_a >= half else items_a + items_b[:half - size_a]
    tail = items_b[-half:] if size_b >= half else items_a[-(half - size_b):] + items_b
    return head + tail, size


@lru_cache(maxsize=1 << 16)
def _link_tokens(people: frozenset, parties: frozenset[str]) -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
    """(the buckets a plan is filed under, the buckets a held meeting looks in), by their first reports. A held
    meeting looks where every plan whose first report may be compatible with its own is (``resolve``'s old
    candidates, less those that cannot be)."""
    pairs = [b for b in _blocks(people, parties)[0] if b[0] == "P2"]
    plan: list[tuple] = list(pairs)
    if len(people) == 1:
        plan += [("S", p) for p in people]
    plan += [("A", p) for p in people]
    if len(parties) >= 2:
        plan.append(("T", parties))
        if not people:
            plan.append(("N", parties))
    if len(people) >= 2:
        held = [*pairs, *(("S", p) for p in people), ("N", parties)]
    elif people:
        held = [*(("A", p) for p in people), ("N", parties)]
    else:
        held = [("T", parties)]
    return tuple(plan), tuple(held)


def _plan_keys(cluster: _Cluster) -> list[tuple]:
    """The buckets a plan is filed under (by its first report)."""
    first = cluster.reports[0]
    month = R._when(first.date, first.published)[0]
    return [(first.call, t, month) for t in _link_tokens(cluster.first_people, first.parties)[0]]


def _held_tokens(cluster: _Cluster) -> tuple[tuple, ...]:
    """The plan buckets a held meeting looks in (in its month and the neighbouring ones)."""
    return _link_tokens(cluster.first_people, cluster.reports[0].parties)[1]


class EventResolver:
    """Event identity, kept up to date as reports are added, removed or renamed (see the module docstring).

    ``names``: a participant label -> the canonical name (for ids); ``ids``: a label -> the actor id."""

    def __init__(self, names: Callable[[object], str | None] | None = None,
                 ids: Callable[[object], str] | None = None, *, limit: int = CANDIDATE_LIMIT, link: bool = True,
                 stats: Counter | None = None) -> None:
        self.names = names or (lambda label: None)
        self.ids = ids or (lambda label: label)  # type: ignore[assignment,return-value]
        self.limit, self.link = limit, link
        self.stats = stats if stats is not None else Counter()
        self.contents: dict[tuple, _Content] = {}
        self.by_order: dict[int, _Content] = {}
        self.lists: dict[tuple, list[int]] = {}
        self.clusters: dict[int, _Cluster] = {}
        self.by_label: dict[object, set[_Cluster]] = {}
        self.plans: dict[tuple, list[_Cluster]] = {}  # (call, token, month) -> plans
        self.held: dict[tuple, list[_Cluster]] = {}  # (call, token, month) -> held meetings that look there
        self.order: list[_Cluster] = []
        self.max_order = -1
        self._pm = 0  # contents ever filed under a Pm window
        self._scan: set[_Content] = set()
        self._touched: set[_Content] = set()
        self._gone: set[_Cluster] = set()

    # ---------------------------------------------------------------- contents and windows

    @staticmethod
    def _list_keys(c: _Content) -> list[tuple]:
        r = c.rep
        call, status = r.call, r.status or ""
        return [(b, call, status, w) for b in _blocks(r.people, r.parties)[0] for w in _windows(r.date, r.published)[0]]

    def _file(self, c: _Content) -> None:
        """File ``c`` under its windows; where it lands before contents already there, mark their scans."""
        if not c.rep.date and c.pday is None and c.month >= 0:
            self._pm += 1
        for key in self._list_keys(c):
            found = self.lists.get(key)
            if found is None:
                self.lists[key] = [c.order]
            elif found[-1] < c.order:
                found.append(c.order)
            else:
                insort(found, c.order)
        self.by_order[c.order] = c
        if c.order > self.max_order:
            self.max_order = c.order  # after every content: nobody looks past it
        else:
            self._mark(c)

    def _unfile(self, c: _Content) -> None:
        for key in self._list_keys(c):
            found = self.lists[key]
            del found[bisect_left(found, c.order)]
            if not found:
                del self.lists[key]
        del self.by_order[c.order]
        self._mark(c)

    def _mark(self, c: _Content) -> None:
        """Mark for a new scan every content after ``c`` that may look in a window ``c`` is (or was) in."""
        r = c.rep
        call, status = r.call, r.status or ""
        if c.month < 0:
            windows = [("U", 0)]
        else:
            windows = [(k, m) for k in ("C", "M", "Pm") for m in range(c.month - 1, c.month + 2)]
            windows += [("P", w) for w in range(_first_day(c.month - 2) // UNDATED_SPAN,
                                                _first_day(c.month + 3) // UNDATED_SPAN + 1)]
        blocks = {(_PARTNER[b[0]], b[1]) for b in _blocks(r.people, r.parties)[0]}
        for block in blocks:
            for w in windows:
                found = self.lists.get((block, call, status, w))
                if found:
                    self._scan.update(self.by_order[o] for o in found[bisect_right(found, c.order):])

    def _rescan(self, c: _Content) -> None:
        """Compare ``c`` with the contents before it in each window it looks in (at most ``limit`` each)."""
        for a in c.out:
            a.unlink(c)
            self._touched.add(a)
        c.out = {}
        rep = c.rep
        call, status = rep.call, rep.status or ""
        month, pday, dated = c.month, c.pday, c.dated
        lists, by_order, limit = self.lists, self.by_order, self.limit
        compatible, score, places_compatible = R._contents_compatible, R._score, R.places_compatible
        place_country = rep.place_country if rep.place else None
        found_orders: set[int] = set()
        capped = 0
        windows = _windows(rep.date, rep.published)[1]
        if not self._pm:  # no report without a date and a publication day: no Pm window to look in
            windows = tuple(w for w in windows if w[0] != "Pm")
        for b in _blocks(rep.people, rep.parties)[1]:
            for w in windows:
                found = lists.get((b, call, status, w))
                if not found:
                    continue
                hi = bisect_left(found, c.order)
                lo = hi - limit
                if lo > 0:
                    capped += 1
                    found_orders.update(found[lo:hi])
                else:
                    found_orders.update(found[:hi])
        checked = 0
        window_days = R.UNDATED_WINDOW_DAYS
        for o in found_orders:
            a = by_order[o]
            if not -1 <= a.month - month <= 1:
                continue  # a report without a date, published in another month than those around
            if not (dated and a.dated) and a.pday is not None and pday is not None and abs(a.pday - pday) > window_days:
                continue  # one has no date and they were not published around the same time
            checked += 1
            if place_country and a.place_country and place_country != a.place_country and \
                    places_compatible(a.rep, rep) is False:
                continue  # held in two different countries (the cheap part of the comparison first)
            if compatible(a.rep, rep):
                c.out[a] = score(a.rep, rep)
                a.link(c)
        self.stats["event_comparisons"] += checked
        if capped:
            self.stats["capped_windows"] += capped
        self._touched.add(c)

    def _unlink(self, c: _Content) -> None:
        for a in c.out:
            a.unlink(c)
            self._touched.add(a)
        for b in c.inn or ():
            del b.out[c]
            self._touched.add(b)
        c.out, c.inn = {}, None

    def _add(self, r: Report) -> None:
        sig = R._signature(r)
        c = self.contents.get(sig)
        o = _ordinal(r.ref)
        if c is None:
            c = self.contents[sig] = _Content(sig, r)
            self._file(c)
            self._scan.add(c)
        elif o < c.order:  # an earlier report: the content moves
            self._unfile(c)
            c.reports.insert(0, r)
            c.rep, c.order = r, o
            self._file(c)
            self._scan.add(c)
        else:
            insort(c.reports, r, key=lambda x: x.ref)
        r.content = c
        self._touched.add(c)

    def _remove(self, r: Report) -> None:
        c = r.content
        assert c is not None
        c.reports.remove(r)
        r.content = None
        if r.cluster is not None:
            self._gone.add(r.cluster)
        if not c.reports:
            self._unfile(c)
            self._unlink(c)
            del self.contents[c.sig]
            self._scan.discard(c)
            self._touched.discard(c)
        elif c.rep is r:
            self._unfile(c)
            c.rep = c.reports[0]
            c.order = _ordinal(c.rep.ref)
            self._file(c)
            self._scan.add(c)
            self._touched.add(c)
        else:
            self._touched.add(c)

    # ---------------------------------------------------------------- clustering

    def _greedy(self, reports: list[Report]) -> list[list[Report]]:
        """``resolve``'s greedy merge over ``reports`` (in ref order, closed under edges)."""
        n = len(reports)
        positions: dict[_Content, list[int]] = {}
        for k, r in enumerate(reports):
            positions.setdefault(r.content, []).append(k)  # type: ignore[arg-type]
        articles = [r.ref[0] for r in reports]
        by_score: dict[float, list[int]] = {}
        for c, ps in positions.items():
            if len(ps) > 1 and c.compatible_with_itself(self.stats):
                keys = [i * n + j for x, i in enumerate(ps) for j in ps[x + 1:] if articles[i] != articles[j]]
                if keys:
                    by_score.setdefault(c.self_score, []).extend(keys)
            for a, score in c.out.items():
                qs = positions[a]
                keys = [i * n + j if i < j else j * n + i for i in ps for j in qs if articles[i] != articles[j]]
                if keys:
                    by_score.setdefault(score, []).extend(keys)
        memo: dict[tuple[int, int], bool] = {}
        stats = self.stats

        def compatible(ca: _Content, cb: _Content) -> bool:
            if ca is cb:
                return ca.compatible_with_itself(stats)
            if cb in ca.out or ca in cb.out:
                return True
            key = (ca.order, cb.order) if ca.order < cb.order else (cb.order, ca.order)
            known = memo.get(key)
            if known is None:
                stats["event_comparisons"] += 1
                known = memo[key] = R._contents_compatible(ca.rep, cb.rep)
            return known

        contents = [r.content for r in reports]
        uf = UnionFind()
        samples: dict[int, tuple[list[int], int]] = {}
        labels: dict[int, int] = {}
        for score in sorted(by_score, reverse=True):
            for key in sorted(by_score[score]):
                i, j = divmod(key, n)
                ri, rj = uf[i], uf[j]
                if ri == rj:
                    continue
                si, sj = samples.get(ri) or ([ri], 1), samples.get(rj) or ([rj], 1)
                if not all(articles[x] != articles[y] and compatible(contents[x], contents[y])  # type: ignore[arg-type]
                           for x in si[0] for y in sj[0]):
                    continue
                li, lj = labels.pop(ri, ri), labels.pop(rj, rj)
                merged = _concat(si, sj) if li < lj else _concat(sj, si)
                samples.pop(ri, None)
                samples.pop(rj, None)
                uf.union(ri, rj)
                root = uf[ri]
                samples[root], labels[root] = merged, min(li, lj)
        groups: dict[int, list[Report]] = {}
        for k in range(n):
            groups.setdefault(uf[k], []).append(reports[k])
        return list(groups.values())

    def _recluster(self) -> tuple[list[_Cluster], list[_Cluster]]:
        """Cluster again the components that changed: (clusters added, clusters removed)."""
        region: set[_Content] = set()
        stack = [c for c in self._touched if c.reports]
        region.update(stack)
        while stack:
            c = stack.pop()
            for other in c.neighbours():
                if other not in region:
                    region.add(other)
                    stack.append(other)
        reports = sorted((r for c in region for r in c.reports), key=lambda r: r.ref)
        gone = self._gone  # clusters that lost a report or whose reports changed: never kept
        old = {r.cluster for r in reports if r.cluster is not None} | gone
        added, kept = [], set()
        for members in self._greedy(reports):
            before = members[0].cluster
            if before is not None and before in old and before not in gone and before.reports == members:
                kept.add(before)
                continue
            cluster = _Cluster(members)
            for r in members:
                r.cluster = cluster
            added.append(cluster)
        removed = [c for c in old if c not in kept]
        self._touched, self._gone = set(), set()
        return added, removed

    # ---------------------------------------------------------------- ids and plans

    def _base(self, cluster: _Cluster) -> str:
        names = {p: name for p in cluster.people if (name := self.names(p)) is not None}
        return R._event_id(cluster.reports, cluster.date, names)

    def _assign_ids(self, clusters: Iterable[_Cluster]) -> set[_Cluster]:
        """Ids for every cluster (``resolve_events``' order and suffixes); returns those whose id changed."""
        for cluster in clusters:
            cluster.base = self._base(cluster)
        self.order = sorted(self.clusters.values(), key=lambda c: (c.base, c.key))
        taken: set[str] = set()
        changed = set()
        for cluster in self.order:
            event_id, n = cluster.base, 1
            while event_id in taken:
                n += 1
                event_id = f"{cluster.base}-{n}"
            taken.add(event_id)
            if cluster.id != event_id:
                changed.add(cluster)
                cluster.id = event_id
        return changed

    def _held_keys(self, held: _Cluster) -> list[tuple]:
        first = held.reports[0]
        month = R._when(first.date, first.published)[0]
        months = (month - 1, month, month + 1) if month >= 0 else (month,)
        return [(first.call, t, m) for t in _held_tokens(held) for m in months]

    def _realises(self, held: _Cluster, memo: dict) -> _Cluster | None:
        """``resolve._link_planned`` for one held meeting."""
        found = {p for k in self._held_keys(held) for p in self.plans.get(k, ())}
        if not found:
            return None
        best: tuple[float, str] | None = None
        plan_of: _Cluster | None = None
        held_sample = list(dict.fromkeys(r.content for r in R._sample(held.reports)))
        for plan in found:
            plan_sample = list(dict.fromkeys(r.content for r in R._sample(plan.reports)))
            ok, score = True, None
            for x in held_sample:
                for y in plan_sample:
                    key = (x.order, y.order)  # type: ignore[union-attr]
                    known = memo.get(key)
                    if known is None:
                        self.stats["event_comparisons"] += 1
                        compatible = R._contents_compatible(x.rep, y.rep, same_status=False)  # type: ignore[union-attr]
                        known = memo[key] = (compatible, R._score(x.rep, y.rep) if compatible else 0.0)  # type: ignore[union-attr]
                    if not known[0]:
                        ok = False
                        break
                    score = known[1] if score is None else max(score, known[1])
                if not ok:
                    break
            if ok and (best is None or (score, plan.id) > best):
                best, plan_of = (score, plan.id), plan  # type: ignore[assignment]
        return plan_of

    def _index(self, cluster: _Cluster, add: bool) -> None:
        """File a cluster under its participants, and a plan or a held meeting for linking (or take it out)."""
        for p in cluster.people:
            found = self.by_label.setdefault(p, set())
            (found.add if add else found.discard)(cluster)
        if not self.link:
            return
        first = cluster.reports[0]
        if cluster.status == "planned":
            keys, index = _plan_keys(cluster), self.plans
        elif cluster.status == "held":
            month = R._when(first.date, first.published)[0]
            keys, index = [(first.call, t, month) for t in _held_tokens(cluster)], self.held
        else:
            return
        for k in keys:  # short lists: a bucket holds the plans of a few meetings
            if add:
                index.setdefault(k, []).append(cluster)
            else:
                found = index[k]
                found.remove(cluster)
                if not found:
                    del index[k]

    def _held_looking_at(self, plan: _Cluster) -> set[_Cluster]:
        """The held meetings whose plan buckets hold ``plan``."""
        out: set[_Cluster] = set()
        for call, token, month in _plan_keys(plan):
            for m in ((month - 1, month, month + 1) if month >= 0 else (month,)):
                out.update(self.held.get((call, token, m), ()))
        return out

    # ---------------------------------------------------------------- the update

    def update(self, added: Iterable[Report], changed: Iterable[tuple[Report, frozenset]] = (),
               renamed: Iterable = ()) -> None:
        """Add reports, give reports new people (``(report, people)``) and take the new names of ``renamed``
        participant labels into account."""
        changed = list(changed)
        for r, _ in changed:
            self._remove(r)
        for r, people in changed:
            r.people = people
        for r in sorted([*added, *(r for r, _ in changed)], key=lambda r: r.ref):
            self._add(r)
        for c in sorted(self._scan, key=lambda c: c.order):
            if c.reports:
                self._rescan(c)
        self._scan = set()
        fresh, removed = self._recluster()
        for cluster in removed:
            if self.clusters.get(cluster.key) is cluster:
                del self.clusters[cluster.key]
            self._index(cluster, False)
        for cluster in fresh:
            self.clusters[cluster.key] = cluster
            self._index(cluster, True)
        renamed_clusters = {c for label in renamed for c in self.by_label.get(label, ())}
        changed_ids = self._assign_ids([*fresh, *renamed_clusters])
        if not self.link:
            return
        affected = {c for c in fresh if c.status == "held"}
        for plan in (*removed, *fresh, *changed_ids):
            if plan.status == "planned":
                affected |= self._held_looking_at(plan)
        memo: dict = {}
        for held in affected:
            if self.clusters.get(held.key) is held:
                held.realises = self._realises(held, memo)

    def restore(self, reports: Iterable[Report], edges: Iterable[Sequence], clusters: Iterable[list[Report]],
                realises: Iterable[tuple[int, int]]) -> None:
        """Take reports with what an earlier run worked out for them (a saved state): the compatible content
        pairs ``(later, earlier, score)`` by content order, the clusters and the plans held meetings realise
        (by cluster key). Nothing is compared or clustered again."""
        for r in sorted(reports, key=lambda r: r.ref):
            self._add(r)
        self._scan, self._touched = set(), set()
        for b, a, score in edges:
            later, earlier = self.by_order[b], self.by_order[a]
            later.out[earlier] = score
            earlier.link(later)
        made = []
        for members in clusters:
            cluster = _Cluster(members)
            for r in members:
                r.cluster = cluster
            self.clusters[cluster.key] = cluster
            self._index(cluster, True)
            made.append(cluster)
        self._assign_ids(made)
        for held, plan in realises:
            self.clusters[held].realises = self.clusters[plan]

    # ---------------------------------------------------------------- results

    def entities(self) -> dict[str, R.EventEntity]:
        out = {}
        for c in self.order:
            reports = c.reports
            out[c.id] = R.EventEntity(
                id=c.id, type=R._majority(r.type for r in reports) or "meeting", status=c.status, date=c.date,
                place=R._majority(r.raw_place for r in reports),
                participants=sorted({self.ids(p) for p in c.people}),
                parties=sorted({p for r in reports for p in r.parties}), refs=[r.ref for r in reports],
                realises=c.realises.id if c.realises is not None else None)
        return out

    def clustered(self) -> list[list[Report]]:
        """The clusters in order of their first report."""
        return [self.clusters[k].reports for k in sorted(self.clusters)]


# --------------------------------------------------------------------------- the whole pass


class _RefIds(Mapping):
    """(article, index) -> id, read from the resolvers' current state (no dict per reference)."""

    def __init__(self, rows: Callable[[], Sequence[Sequence]], value: Callable[[object], str | None]) -> None:
        self._rows, self._value = rows, value

    def __getitem__(self, ref: Ref) -> str:
        try:
            d, i = ref
            if d < 0 or i < 0:
                raise IndexError
            found = self._value(self._rows()[d][i])
        except (IndexError, TypeError, ValueError):
            raise KeyError(ref) from None
        if found is None:
            raise KeyError(ref)
        return found

    def __iter__(self) -> Iterator[Ref]:
        for d, row in enumerate(self._rows()):
            for i, item in enumerate(row):
                if self._value(item) is not None:
                    yield (d, i)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass
class Identity:
    """Actor and event identity over record summaries, kept up to date by :meth:`add`."""

    limit: int = CANDIDATE_LIMIT
    records: list[RecordSummary] = field(default_factory=list)
    stats: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.actors = ActorResolver(self._actor, self.stats)
        self.events = EventResolver(self._name, self._actor_id, limit=self.limit, stats=self.stats)
        self.reports: list[tuple[Report, ...]] = []
        self._sets: dict[frozenset, frozenset] = {}

    def _actor(self, ref: Ref) -> ActorSummary:
        return self.records[ref[0]].actors[ref[1]]

    def _name(self, label: object) -> str | None:
        group = self.actors.by_label.get(label) if isinstance(label, int) else None  # type: ignore[arg-type]
        return group.name if group is not None else None

    def _actor_id(self, label: object) -> str:
        if isinstance(label, int):
            return self.actors.by_label[label].id
        return label  # type: ignore[return-value]

    def _people(self, d: int, event: EventSummary) -> frozenset:
        labels = self.actors.group_of[d]
        out = []
        for spec in event.people:
            if isinstance(spec, int):
                out.append(labels[spec].label)  # type: ignore[union-attr]
            elif isinstance(spec, tuple):
                found = {labels[i].label for i in spec[0]}  # type: ignore[union-attr]
                out.append(found.pop() if len(found) == 1 else spec[1])
            else:
                out.append(spec)
        people = frozenset(out)
        return self._sets.setdefault(people, people)

    def _report(self, d: int, i: int, event: EventSummary) -> Report:
        return Report((d, i), self._people(d, event), event.party_set, event.fplace, event.place,
                      event.place_country, self.records[d].published, event.date, event.status, event.type)

    @without_collector
    def add(self, summaries: Iterable[RecordSummary | DocRecord]) -> Identity:
        """Add articles (records or summaries) after those already here."""
        if getattr(self, "_released", False):
            raise RuntimeError("this Identity was released (Identity.release): it takes no more articles")
        start = len(self.records)
        self.records.extend(summarize(s) for s in summaries)
        self.stats["records"] = len(self.records)
        new = range(start, len(self.records))
        changed_docs, renamed = self.actors.update([(d, self.records[d].actors) for d in new])
        changed = []
        for d in sorted(changed_docs):
            for r, event in zip(self.reports[d], self.records[d].events, strict=True):
                people = self._people(d, event)
                if people != r.people:
                    changed.append((r, people))
        added = []
        for d in new:
            if len(self.records[d].events) >= 1 << ORDER_SHIFT:
                raise ValueError(f"article {self.records[d].id!r} has more than {(1 << ORDER_SHIFT) - 1} events")
            reports = tuple(self._report(d, i, ev) for i, ev in enumerate(self.records[d].events))
            self.reports.append(reports)
            added.extend(reports)
        self.events.update(added, changed, renamed)
        return self

    def release(self) -> None:
        """Let go of what only later additions need (indexes, candidate lists, compatible pairs); the
        resolution stays readable, ``add`` is refused from now on."""
        ev, ac = self.events, self.actors
        for row in self.reports:
            for r in row:
                r.content = None
        for c in ev.contents.values():  # contents point at each other: undone here, freed by reference counting
            c.out, c.inn, c.reports, c.rep = {}, None, [], None  # type: ignore[assignment]
        ev.contents, ev.by_order, ev.lists, ev.plans, ev.held, ev.by_label = {}, {}, {}, {}, {}, {}
        ac.keys, ac.edges, ac.by_surname, ac.by_last, ac.by_first = {}, {}, {}, {}, {}
        ac.surnames, ac.singles, ac.decision, ac.targets = _Surnames(), {}, {}, {}
        self._released = True

    def close(self) -> None:
        """Let go of everything (nothing is readable afterwards): the links between reports, meetings and
        contents are undone so that reference counting frees them at once, not the cyclic collector later
        (or at exit, which for a large corpus takes seconds)."""
        self.release()
        for row in self.reports:
            for r in row:
                r.event = r.cluster = None  # type: ignore[assignment]
        for cluster in self.events.clusters.values():
            cluster.reports, cluster.realises = [], None
        self.events.clusters, self.events.order = {}, []
        self.reports, self.records = [], []
        self.actors.groups, self.actors.by_label, self.actors.group_of, self.actors.order = {}, {}, [], []

    def resolution(self, *, lazy: bool = False) -> R.Resolution:
        """The current :class:`~diplograph.network.resolve.Resolution` (``lazy``: id mappings read through, not
        copied: for large corpora)."""
        actor_ids = _RefIds(lambda: self.actors.group_of, lambda g: g.id if g is not None else None)
        event_ids = _RefIds(lambda: self.reports, lambda r: r.cluster.id if r.cluster is not None else None)
        if not lazy:
            actor_ids, event_ids = dict(actor_ids.items()), dict(event_ids.items())  # type: ignore[assignment]
        return R.Resolution(self.actors.entities(), self.events.entities(), actor_ids, event_ids)


__all__ = ["CANDIDATE_LIMIT", "ActorResolver", "ActorSummary", "EventResolver", "EventSummary", "Identity",
           "RecordSummary", "Report", "summarize"]
