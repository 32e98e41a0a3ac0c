"""Event identity that scales: which reports are one meeting, and which plan a held meeting realises.

A content (:mod:`diplograph.network.event_blocks`) is compared only with the at most :data:`CANDIDATE_LIMIT`
contents before it (in corpus order) of each window it may pair with: a bounded candidate list per window, so
that a few actors in most articles and thousands of meetings between the same parties cost linear time.
Compatible pairs are edges; the greedy merge of :mod:`diplograph.network.resolve` (best score first, cluster
samples all compatible) runs over the connected components that changed, with a union-find
(``networkx.utils.UnionFind``). Plans are linked to held meetings through indexes of their first reports.

Below the limit (every window of the existing tests and of the annotated corpus) the result is identical
to comparing every pair the old blocking let through; above it, each report still meets its
:data:`CANDIDATE_LIMIT` nearest predecessors of every window. Adding records in several steps gives the
same ids as resolving all of them at once (the candidate lists depend only on corpus order).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from networkx.utils import UnionFind

from diplograph.network import resolve as R
from diplograph.network.event_blocks import (
    PARTNER,
    UNDATED_SPAN,
    Cluster,
    Content,
    Report,
    concat_samples,
    first_day,
    held_tokens,
    ordinal,
    plan_keys,
    report_blocks,
    report_windows,
)

CANDIDATE_LIMIT = 64  # contents compared per window: the nearest ones before a content in corpus order


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
        self.contents: dict[tuple, Content] = {}
        self.by_order: dict[int, Content] = {}
        self.lists: dict[tuple, list[int]] = {}
        self.clusters: dict[int, Cluster] = {}
        self.by_label: dict[object, set[Cluster]] = {}
        self.plans: dict[tuple, list[Cluster]] = {}  # (call, token, month) -> plans
        self.held: dict[tuple, list[Cluster]] = {}  # (call, token, month) -> held meetings that look there
        self.order: list[Cluster] = []
        self.max_order = -1
        self._pm = 0  # contents ever filed under a Pm window
        self._scan: set[Content] = set()
        self._touched: set[Content] = set()
        self._gone: set[Cluster] = set()

    # ---------------------------------------------------------------- contents and windows

    @staticmethod
    def _list_keys(c: Content) -> list[tuple]:
        r = c.rep
        call, status = r.call, r.status or ""
        windows = report_windows(r.date, r.published)[0]
        return [(b, call, status, w) for b in report_blocks(r.people, r.parties)[0] for w in windows]

    def _file(self, c: Content) -> None:
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

    def _unfile(self, c: Content) -> None:
        for key in self._list_keys(c):
            found = self.lists[key]
            del found[bisect_left(found, c.order)]
            if not found:
                del self.lists[key]
        del self.by_order[c.order]
        self._mark(c)

    def _mark(self, c: Content) -> None:
        """Mark for a new scan every content after ``c`` that may look in a window ``c`` is (or was) in."""
        r = c.rep
        call, status = r.call, r.status or ""
        if c.month < 0:
            windows = [("U", 0)]
        else:
            windows = [(k, m) for k in ("C", "M", "Pm") for m in range(c.month - 1, c.month + 2)]
            windows += [("P", w) for w in range(first_day(c.month - 2) // UNDATED_SPAN,
                                                first_day(c.month + 3) // UNDATED_SPAN + 1)]
        blocks = {(PARTNER[b[0]], b[1]) for b in report_blocks(r.people, r.parties)[0]}
        for block in blocks:
            for w in windows:
                found = self.lists.get((block, call, status, w))
                if found:
                    self._scan.update(self.by_order[o] for o in found[bisect_right(found, c.order):])

    def _rescan(self, c: Content) -> None:
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
        windows = report_windows(rep.date, rep.published)[1]
        if not self._pm:  # no report without a date and a publication day: no Pm window to look in
            windows = tuple(w for w in windows if w[0] != "Pm")
        for b in report_blocks(rep.people, rep.parties)[1]:
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

    def _unlink(self, c: Content) -> None:
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
        o = ordinal(r.ref)
        if c is None:
            c = self.contents[sig] = Content(sig, r)
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
            c.order = ordinal(c.rep.ref)
            self._file(c)
            self._scan.add(c)
            self._touched.add(c)
        else:
            self._touched.add(c)

    # ---------------------------------------------------------------- clustering

    def _greedy(self, reports: list[Report]) -> list[list[Report]]:
        """``resolve``'s greedy merge over ``reports`` (in ref order, closed under edges)."""
        n = len(reports)
        positions: dict[Content, list[int]] = {}
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

        def compatible(ca: Content, cb: Content) -> bool:
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
                merged = concat_samples(si, sj) if li < lj else concat_samples(sj, si)
                samples.pop(ri, None)
                samples.pop(rj, None)
                uf.union(ri, rj)
                root = uf[ri]
                samples[root], labels[root] = merged, min(li, lj)
        groups: dict[int, list[Report]] = {}
        for k in range(n):
            groups.setdefault(uf[k], []).append(reports[k])
        return list(groups.values())

    def _recluster(self) -> tuple[list[Cluster], list[Cluster]]:
        """Cluster again the components that changed: (clusters added, clusters removed)."""
        region: set[Content] = set()
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
            cluster = Cluster(members)
            for r in members:
                r.cluster = cluster
            added.append(cluster)
        removed = [c for c in old if c not in kept]
        self._touched, self._gone = set(), set()
        return added, removed

    # ---------------------------------------------------------------- ids and plans

    def _base(self, cluster: Cluster) -> str:
        names = {p: name for p in cluster.people if (name := self.names(p)) is not None}
        return R._event_id(cluster.reports, cluster.date, names)

    def _assign_ids(self, clusters: Iterable[Cluster]) -> set[Cluster]:
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

    def _held_keys(self, held: Cluster) -> list[tuple]:
        first = held.reports[0]
        month = R._when(first.date, first.published)[0]
        months = (month - 1, month, month + 1) if month >= 0 else (month,)
        return [(first.call, t, m) for t in held_tokens(held) for m in months]

    def _realises(self, held: Cluster, memo: dict) -> Cluster | None:
        """``resolve._link_planned`` for one held meeting."""
        found = {p for k in self._held_keys(held) for p in self.plans.get(k, ())}
        if not found:
            return None
        best: tuple[float, str] | None = None
        plan_of: Cluster | None = None
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

    def _index(self, cluster: Cluster, add: bool) -> None:
        """File a cluster under its participants, and a plan or a held meeting for linking (or take it out)."""
        for p in cluster.people:
            found = self.by_label.setdefault(p, set())
            (found.add if add else found.discard)(cluster)
        if not self.link:
            return
        first = cluster.reports[0]
        if cluster.status == "planned":
            keys, index = plan_keys(cluster), self.plans
        elif cluster.status == "held":
            month = R._when(first.date, first.published)[0]
            keys, index = [(first.call, t, month) for t in held_tokens(cluster)], self.held
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

    def _held_looking_at(self, plan: Cluster) -> set[Cluster]:
        """The held meetings whose plan buckets hold ``plan``."""
        out: set[Cluster] = set()
        for call, token, month in plan_keys(plan):
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
            cluster = Cluster(members)
            for r in members:
                r.cluster = cluster
            self.clusters[cluster.key] = cluster
            self._index(cluster, True)
            made.append(cluster)
        self._assign_ids(made)
        for held, plan in realises:
            self.clusters[held].realises = self.clusters[plan]

    def release(self) -> None:
        """Let go of what only later updates need (contents, candidate lists, compatible pairs, plan indexes);
        the clusters and their ids stay readable. Contents point at each other: undone here, so that
        reference counting frees them."""
        for c in self.contents.values():
            for r in c.reports:
                r.content = None
            c.out, c.inn, c.reports, c.rep = {}, None, [], None  # type: ignore[assignment]
        self.contents, self.by_order, self.lists, self.plans, self.held, self.by_label = {}, {}, {}, {}, {}, {}

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


__all__ = ["CANDIDATE_LIMIT", "EventResolver"]
