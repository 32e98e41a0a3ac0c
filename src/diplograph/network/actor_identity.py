"""Actor identity that scales: which actors of which articles are one person, kept up to date as articles come.

Every distinct full-name key is compared only with keys whose surname is the same or may be
:data:`~diplograph.network.resolve.SURNAME_MIN_RATIO` similar: similar surnames are found through their deletion
neighbourhoods (two surnames that similar share a string left after deleting at most a quarter of the
letters of each, :class:`_Surnames`), so the work per new key does not grow with the corpus. Name-compatible
keys are joined by an edge once; clusters are the connected components of the edges whose countries do not
contradict each other (``networkx.utils.UnionFind``), recomputed only around keys that are new or whose
majority country changed. Surnames alone are decided per distinct (surname, country) from indexes of the
keys' first and last tokens.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from networkx.utils import UnionFind
from rapidfuzz import fuzz

from diplograph.network import resolve as R
from diplograph.network.names import slug
from diplograph.network.record_summary import ActorSummary

LONG_SURNAME = 15  # surname keys longer than this are compared by scanning (rare), not by deletion variants
Ref = tuple[int, int]


def _major(counts: Counter) -> str | None:
    """``resolve._majority`` of counted values: the most frequent (ties: the smallest), None when none."""
    if not counts:
        return None
    if len(counts) == 1:
        return next(iter(counts))
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


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

    def release(self) -> None:
        """Let go of the indexes that only later updates need; the groups and their ids stay readable."""
        self.keys, self.edges, self.by_surname, self.by_last, self.by_first = {}, {}, {}, {}, {}
        self.surnames, self.singles, self.decision, self.targets = _Surnames(), {}, {}, {}

    def label(self, ref: Ref) -> int | None:
        group = self.group_of[ref[0]][ref[1]]
        return None if group is None else group.label

    def entities(self) -> dict[str, R.ActorEntity]:
        return {g.id: R.ActorEntity(id=g.id, name=g.name, spellings=list(g.spellings), country=g.country,
                                    roles=list(g.roles), mentions=g.mentions, articles=g.articles, refs=list(g.refs))
                for g in self.order}


__all__ = ["ActorResolver"]
