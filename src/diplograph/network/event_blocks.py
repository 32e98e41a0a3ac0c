"""What event identity compares and where it files it: reports, contents, meetings, blocks and windows.

Reports with the same contents are one "content" (:class:`Content`). A content is filed under blocks that every
pair of *compatible* reports shares (two shared persons; one person where one side names only that person; the
same two or more parties where one side names nobody: :func:`report_blocks`) and under the day, month or "undated"
window of its date (:func:`report_windows`). Plans are linked to held meetings through buckets of their first reports
(:func:`link_tokens`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from itertools import combinations

from diplograph.network import resolve as R

ORDER_SHIFT = 20  # a report's place in corpus order: (article << ORDER_SHIFT) | event index
Ref = tuple[int, int]


def ordinal(ref: Ref) -> int:
    """A report's place in corpus order."""
    return (ref[0] << ORDER_SHIFT) | ref[1]


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
        self.content: Content | None = None
        self.cluster: Cluster | None = None

    @classmethod
    def of(cls, ref: R._EventRef) -> Report:
        ev = ref.event
        return cls(ref.ref, ref.people, ref.parties, ref.place, ev.place, ref.place_country, ref.published, ev.date,
                   ev.status, ev.type)


class Content:
    """Reports with the same contents (what comparisons read): compared once for all of them."""

    __slots__ = ("sig", "rep", "reports", "order", "month", "pday", "dated", "place_country", "out", "inn", "self_ok",
                 "self_score")

    def __init__(self, sig: tuple, report: Report) -> None:
        self.sig, self.rep, self.reports = sig, report, [report]
        self.order = ordinal(report.ref)
        self.month, _, self.pday = _when(report.date, report.published)
        self.dated = bool(report.date)
        self.place_country = report.place_country if report.place else None
        self.out: dict[Content, float] = {}  # compatible contents before this one that its scan found
        self.inn: list[Content] | None = None  # contents after this one whose scan found it
        self.self_ok: bool | None = None  # whether two of its reports (from two articles) may be one meeting

    def compatible_with_itself(self, stats: Counter) -> bool:
        if self.self_ok is None:
            stats["event_comparisons"] += 1
            self.self_ok = R._contents_compatible(self.rep, self.rep)
            self.self_score = R._score(self.rep, self.rep) if self.self_ok else 0.0
        return self.self_ok

    def neighbours(self) -> Iterator[Content]:
        yield from self.out
        if self.inn:
            yield from self.inn

    def link(self, later: Content) -> None:
        if self.inn is None:
            self.inn = [later]
        else:
            self.inn.append(later)

    def unlink(self, later: Content) -> None:
        self.inn.remove(later)  # type: ignore[union-attr]
        if not self.inn:
            self.inn = None


class Cluster:
    """One meeting: its reports in order."""

    __slots__ = ("reports", "key", "people", "first_people", "date", "base", "id", "realises", "status")

    def __init__(self, reports: list[Report]) -> None:
        self.reports = reports
        self.key = ordinal(reports[0].ref)
        first = self.first_people = reports[0].people  # as filed for linking (a report's people may change)
        self.people = first if all(r.people is first for r in reports) else \
            frozenset(p for r in reports for p in r.people)
        self.date = R._best_date(reports)
        self.status = reports[0].status
        self.base = self.id = ""
        self.realises: Cluster | None = None


@lru_cache(maxsize=1 << 16)
def report_blocks(people: frozenset, parties: frozenset[str]) -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
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
def report_windows(date_value: str | None, published: str | None) -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
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
        first, last = first_day(month - 1), first_day(month + 2) - 1
        undated = [("P", w) for w in range(first // UNDATED_SPAN, last // UNDATED_SPAN + 1)]
    undated += [("Pm", m) for m in around]
    if not date_value:
        member: tuple = (_undated_window(pday, month),)
        return member, (*(("C", m) for m in around), *(("M", m) for m in around), *undated)
    if day is None:
        return (("C", month),), (("C", month), ("M", month), *undated)
    return (("D", day), ("M", month)), (("D", day - 1), ("D", day), ("D", day + 1), ("C", month), *undated)


def first_day(month: int) -> int:
    """The day number of the first day of a month number."""
    year, m = divmod(month, 12)
    return date(max(1, min(year, 9999)), m + 1, 1).toordinal()


PARTNER = {"P2": "P2", "A": "A", "S": "A", "T": "T", "N": "T"}  # the block whose lists hold every scanner


def concat_samples(a: tuple[list, int], b: tuple[list, int]) -> tuple[list, int]:
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
def link_tokens(people: frozenset, parties: frozenset[str]) -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
    """(the buckets a plan is filed under, the buckets a held meeting looks in), by their first reports. A held
    meeting looks where every plan whose first report may be compatible with its own is (``resolve``'s old
    candidates, less those that cannot be)."""
    pairs = [b for b in report_blocks(people, parties)[0] if b[0] == "P2"]
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


def plan_keys(cluster: Cluster) -> list[tuple]:
    """The buckets a plan is filed under (by its first report)."""
    first = cluster.reports[0]
    month = R._when(first.date, first.published)[0]
    return [(first.call, t, month) for t in link_tokens(cluster.first_people, first.parties)[0]]


def held_tokens(cluster: Cluster) -> tuple[tuple, ...]:
    """The plan buckets a held meeting looks in (in its month and the neighbouring ones)."""
    return link_tokens(cluster.first_people, cluster.reports[0].parties)[1]


__all__ = ["ORDER_SHIFT", "Cluster", "Content", "Report", "link_tokens", "ordinal", "report_blocks",
           "report_windows"]
