"""Graphs of large and growing corpora: compact record summaries, incremental identity, a state file.

:class:`GraphBuilder` keeps one :class:`~diplograph.network.record_summary.RecordSummary` per article (not the
record) and an :class:`~diplograph.network.identity.Identity`; ``add`` takes more articles at any time and resolves
only what they touch. ``graph()`` is :func:`diplograph.build_graph` of everything added so far, with the same ids
as one build over all records in the order they were added::

    builder = GraphBuilder()
    builder.add_jsonl("records-2024.jsonl")
    builder.write("meetings.graphml")             # also writes meetings.graphml.state.json.gz
    ...
    update_graph("records-2025-01.jsonl", "meetings.graphml")   # adds, writes both again

The state file (gzip-compressed JSON, no code) holds the summaries and what identity worked out from
comparisons: which full-name keys are name-compatible and which similar surnames exist, which report contents
are compatible with which (with their scores), the meeting clusters and the plans they realise. Loading it
rebuilds the rest (indexes, components, groups, ids) in linear time without comparing anything again.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import networkx as nx

from diplograph.corpus.gc_pause import without_collector
from diplograph.network import resolve as R
from diplograph.network.event_blocks import ordinal
from diplograph.network.event_identity import CANDIDATE_LIMIT
from diplograph.network.identity import Identity
from diplograph.network.names import name_tokens
from diplograph.network.record_summary import ActorSummary, EventSummary, RecordSummary, interned
from diplograph.records import DocRecord, Evidence, Place

STATE_SUFFIX = ".state.json.gz"
STATE_FORMAT = "diplograph-graph-state"
STATE_VERSION = 1


class GraphSummary(NamedTuple):
    """What :meth:`GraphBuilder.write` wrote: distinct actors and meetings (as ``diplograph.corpus.summary`` counts
    them) and edges."""

    actors: int
    meetings: int
    edges: int


def state_path(graph_path: str | os.PathLike[str]) -> Path:
    """The state file beside a graph: ``meetings.graphml`` -> ``meetings.graphml.state.json.gz`` (a CSV
    directory ``tables/`` -> ``tables.state.json.gz``)."""
    return Path(str(graph_path).rstrip("/" + os.sep) + STATE_SUFFIX)


class GraphBuilder:
    """Build a graph from articles added in one go or in several steps (see the module docstring)."""

    def __init__(self, *, limit: int = CANDIDATE_LIMIT) -> None:
        self.identity = Identity(limit=limit)

    @property
    def records(self) -> list[RecordSummary]:
        """The summaries of the articles added so far, in order."""
        return self.identity.records

    @property
    def stats(self) -> Counter:
        """Records, comparisons made by identity (``actor_comparisons``, ``event_comparisons``) and the windows
        whose candidate list was cut (``capped_windows``)."""
        return self.identity.stats

    def __len__(self) -> int:
        return len(self.identity.records)

    def add(self, records: Iterable[DocRecord | RecordSummary | dict]) -> GraphBuilder:
        """Add articles (records, their dicts or summaries) after those already added."""
        self.identity.add(records)
        return self

    def add_jsonl(self, path: str | os.PathLike[str]) -> int:
        """Add the records of an extract JSONL file (read line by line); returns how many."""
        before = len(self)
        with open(path, encoding="utf-8") as fh:
            self.identity.add(json.loads(line) for line in fh if line.strip())
        return len(self) - before

    def resolution(self) -> R.Resolution:
        return self.identity.resolution(lazy=True)

    def graph(self) -> nx.DiGraph:
        """:func:`diplograph.build_graph` of every article added so far."""
        from diplograph.network.graph import build_graph

        return build_graph(self.records, self.resolution())

    @without_collector
    def write(self, path: str | os.PathLike[str], *, state: bool = True, final: bool = False) -> GraphSummary:
        """Write the graph to ``path`` (any output of :func:`diplograph.network.export.write_graph`) and, unless
        ``state=False``, the state beside it (:func:`state_path`). ``final``: nothing will be added any more:
        what identity keeps for later additions is let go before the graph is made (less memory at once).
        Returns what was written."""
        from diplograph.network.export import write_graph

        if state:
            self.save(state_path(path))
        if final:
            self.identity.release()
        graph = self.graph()
        write_graph(graph, path)
        kinds = [kind for _, kind in graph.nodes(data="kind")]
        return GraphSummary(kinds.count("actor"), kinds.count("meeting"), graph.number_of_edges())

    def close(self) -> None:
        """Free what the builder holds now rather than when the collector finds it (see ``Identity.close``)."""
        self.identity.close()

    # ---------------------------------------------------------------- the state file

    @without_collector
    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the state (gzip-compressed JSON) atomically."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file (mkstemp makes it private)
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as gz:
                _dump_state(self.identity, gz)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    @classmethod
    @without_collector
    def load(cls, path: str | os.PathLike[str]) -> GraphBuilder:
        """A builder from a state file written by :meth:`save` (ValueError when it is not one, or was written
        by another version: rebuild the graph from the records then)."""
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except (gzip.BadGzipFile, EOFError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ValueError(f"{path}: not a diplograph graph state ({err})") from None
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            raise ValueError(f"{path}: not a diplograph graph state")
        if data.get("version") != STATE_VERSION or data.get("sample") != R.CLUSTER_SAMPLE:
            raise ValueError(f"{path}: written by another version of diplograph; build the graph again from the "
                             "records")
        builder = cls(limit=int(data["limit"]))
        try:
            _load_state(builder.identity, data)  # takes the parts of ``data`` out as it goes (less memory)
        except (KeyError, IndexError, TypeError, ValueError) as err:
            raise ValueError(f"{path}: a damaged diplograph graph state ({err!r})") from None
        return builder


def update_graph(records: str | os.PathLike[str] | Iterable[DocRecord | dict], graph_path: str | os.PathLike[str],
                 output: str | os.PathLike[str] | None = None) -> GraphBuilder:
    """Add records (an extract JSONL file, or records) to the graph at ``graph_path`` (its state file beside it)
    and write the graph, with its state, to ``output`` (default: ``graph_path`` again). The ids are those of one
    build over all records in the order they were added."""
    builder = GraphBuilder.load(state_path(graph_path))
    if isinstance(records, str | os.PathLike):
        builder.add_jsonl(records)
    else:
        builder.add(records)
    builder.write(output if output is not None else graph_path)
    return builder


# --------------------------------------------------------------------------- (de)serialisation


def _key_text(key: tuple[str, ...]) -> str:
    return " ".join(key)


def _spec_out(spec: Any) -> Any:
    return [list(spec[0]), spec[1]] if isinstance(spec, tuple) else spec


def _spec_in(spec: Any) -> Any:
    return (tuple(spec[0]), interned(spec[1])) if isinstance(spec, list) else interned(spec) if isinstance(spec, str) \
        else spec


def _record_out(r: RecordSummary) -> list:
    return [r.id, r.url, r.published,
            [[a.name, list(a.aliases), list(a.roles), a.country, a.mentions] for a in r.actors],
            [[p.name, p.normalized, p.country, p.lat, p.lon, p.geonameid] for p in r.places],
            [[e.type, e.status, e.date, e.place, list(e.parties), sorted(e.party_set), [_spec_out(s) for s in e.people],
              e.fplace, e.place_country, e.confidence, e.trigger, [[x.text, x.start, x.end] for x in e.evidence],
              e.host, list(e.visitors)] for e in r.events]]


def _record_in(row: list) -> RecordSummary:
    rid, url, published, actors, places, events = row
    return RecordSummary(
        rid, url, interned(published),
        tuple(ActorSummary(interned(n), tuple(map(interned, al)), tuple(map(interned, ro)), interned(c), m,
                           name_tokens(n)) for n, al, ro, c, m in actors),
        tuple(Place(interned(n), interned(no), interned(c), lat, lon, g) for n, no, c, lat, lon, g in places),
        tuple(EventSummary(interned(t), interned(s), interned(d), interned(pl), tuple(pa), interned(frozenset(ps)),
                           tuple(_spec_in(x) for x in pe), interned(fp), interned(pc), conf, trig,
                           [Evidence(*x) for x in ev], interned(h), list(v))
              for t, s, d, pl, pa, ps, pe, fp, pc, conf, trig, ev, h, v in events))


def _dump_state(identity: Identity, out) -> None:
    actors, events = identity.actors, identity.events

    def write(text: str) -> None:
        out.write(text.encode("utf-8"))

    write(json.dumps({"format": STATE_FORMAT, "version": STATE_VERSION, "limit": identity.limit,
                      "sample": R.CLUSTER_SAMPLE})[:-1])
    write(', "records": [')
    for n, record in enumerate(identity.records):
        write(("," if n else "") + json.dumps(_record_out(record), ensure_ascii=False))
    write("]")
    pairs = sorted((_key_text(a), _key_text(b)) for a, linked in actors.edges.items() for b in linked if a < b)
    write(', "actor_edges": ' + json.dumps(pairs, ensure_ascii=False))
    write(', "surnames": ' + json.dumps(sorted(actors.surnames.similar.items()), ensure_ascii=False))
    edges = sorted([c.order, a.order, score] for c in events.contents.values() for a, score in c.out.items())
    write(', "event_edges": ' + json.dumps(edges))
    clusters = sorted([ordinal(r.ref) for r in c.reports] for c in events.clusters.values())
    write(', "clusters": ' + json.dumps(clusters))
    links = sorted([c.key, c.realises.key] for c in events.clusters.values() if c.realises is not None)
    write(', "realises": ' + json.dumps(links))
    write(', "stats": ' + json.dumps(dict(identity.stats)) + "}")


@without_collector
def _load_state(identity: Identity, data: dict) -> None:
    rows = data.pop("records")
    identity.records.extend(_record_in(row) for row in rows)
    del rows
    edges: dict[tuple, set[tuple]] = {}
    for a, b in data.pop("actor_edges"):
        ka, kb = tuple(a.split(" ")), tuple(b.split(" "))
        edges.setdefault(ka, set()).add(kb)
        edges.setdefault(kb, set()).add(ka)
    similar = {s: list(found) for s, found in data.pop("surnames")}
    identity.actors.update([(d, r.actors) for d, r in enumerate(identity.records)],
                                              known=(edges, similar))
    reports = []
    for d, record in enumerate(identity.records):
        row = tuple(identity._report(d, i, ev) for i, ev in enumerate(record.events))
        identity.reports.append(row)
        reports.extend(row)
    by_ordinal = {ordinal(r.ref): r for r in reports}
    identity.events.restore(reports, data.pop("event_edges"),
                            [[by_ordinal[o] for o in cluster] for cluster in data.pop("clusters")],
                            [(a, b) for a, b in data.pop("realises")])
    identity.stats.clear()
    identity.stats.update(data.get("stats", {}))


__all__ = ["STATE_SUFFIX", "GraphBuilder", "GraphSummary", "state_path", "update_graph"]
