"""Corpus-wide identity that scales: actor and event resolution in about n log n, and incremental.

:mod:`diplograph.network.resolve` says *when* two spellings are one person and two reports are one meeting;
:class:`Identity` decides it for millions of records without comparing everything with everything, and can take
more records later without redoing what they do not touch (``Identity.add``). It keeps one summary per record
(:mod:`diplograph.network.record_summary`) and hands them to the two resolvers:

- :mod:`diplograph.network.actor_identity`: which actors are one person (surname indexes, a union-find);
- :mod:`diplograph.network.event_identity`: which reports are one meeting (bounded candidate lists per block and
  window, :mod:`diplograph.network.event_blocks`), and which plan a held meeting realises.

When an added article changes the entity of an actor in an older article, the reports naming that actor are
compared again. Comparisons are counted in ``Identity.stats``. The state file that lets a later run go on
without comparing again is :mod:`diplograph.network.builder`'s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from diplograph.corpus.gc_pause import without_collector
from diplograph.network import resolve as R
from diplograph.network.actor_identity import ActorResolver
from diplograph.network.event_blocks import ORDER_SHIFT, Ref, Report
from diplograph.network.event_identity import CANDIDATE_LIMIT, EventResolver
from diplograph.network.record_summary import ActorSummary, EventSummary, RecordSummary, summarize
from diplograph.records import DocRecord


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
        self.events.release()
        self.actors.release()
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


__all__ = ["Identity"]
