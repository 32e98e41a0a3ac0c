"""The fast paths of the corpus graph step give what the straightforward code gives, on records made up here."""

from __future__ import annotations

import random

import pytest

from diplograph.network import resolve as R
from diplograph.records import Actor, DocRecord, Event, Place

NAMES = ["Anna Berg", "Boris Kern", "Carla Dorn", "Berg", "Dieter Ems", "Kern"]
PARTIES = ["DE", "FR", "US", "RU", "CN"]
PLACES = ["Berlin", "Paris", "Genf", "Genfer See", None]
DATES = ["2025-02-18", "2025-02-19", "2025-02-20", "2025-02", "2025-03-01", "2025-01-31", None, "2025-13-40"]
PUBLISHED = ["2025-02-18", "2025-02-21", "2025-03-10", None]


def _records(seed: int, n: int = 120) -> list[DocRecord]:
    """Articles with few distinct values, so that many reports share contents, blocks and scores."""
    rng = random.Random(seed)
    wire = [Event(type=rng.choice(["meeting", "call"]), status=rng.choice(["held", "planned"]),
                  participants=rng.sample(NAMES[:3], 2), parties=rng.sample(PARTIES, 2),
                  place=rng.choice(PLACES), date=rng.choice(DATES)) for _ in range(4)]
    records = []
    for d in range(n):
        actors = [Actor(name, country=rng.choice([None, "DE", "FR"])) for name in rng.sample(NAMES, 3)]
        events = []
        for _ in range(rng.randint(0, 3)):
            if rng.random() < 0.4:
                template = rng.choice(wire)
                events.append(Event(template.type, template.status, list(template.participants),
                                    list(template.parties), template.place, template.date))
            else:
                events.append(Event(type=rng.choice(["meeting", "call", "summit"]),
                                    status=rng.choice(["held", "held", "planned", "cancelled"]),
                                    participants=rng.sample(NAMES, rng.randint(0, 3)),
                                    parties=rng.sample(PARTIES, rng.randint(0, 3)),
                                    place=rng.choice(PLACES), date=rng.choice(DATES)))
        places = [Place("Genf", normalized="Genf", country="CH"), Place("Berlin", country="DE")]
        records.append(DocRecord(id=f"a{d}", model="test", published=rng.choice(PUBLISHED), actors=actors,
                                 places=places, events=events))
    return records


def _reference_clusters(refs: list, memo) -> list[list]:
    """The clustering of ``resolve._cluster_events`` written out pair by pair of reports."""
    by_day: dict[tuple, list[int]] = {}
    by_month: dict[tuple, list[int]] = {}
    coarse: dict[tuple, list[int]] = {}
    pairs: set[tuple[int, int]] = set()
    undated: dict[str, list[int]] = {}
    for n, r in enumerate(refs):
        month = R._month_number(r.event.date or r.published)
        day = R._day_number(r.event.date)
        for token in (*r.people, "parties:" + ",".join(sorted(r.parties))):
            if month < 0:
                undated.setdefault(token, []).append(n)
                continue
            key = (token, r.call, r.event.status or "")
            by_month.setdefault((*key, month), []).append(n)
            if day is None:
                coarse.setdefault((*key, month), []).append(n)
            else:
                by_day.setdefault((*key, day), []).append(n)
    for (token, call, status, day), members in by_day.items():
        for i in members:
            for j in members + by_day.get((token, call, status, day + 1), []):
                if i != j:
                    pairs.add((min(i, j), max(i, j)))
    for (token, call, status, month), members in coarse.items():
        for i in members:
            for m in (month - 1, month, month + 1):
                for j in by_month.get((token, call, status, m), []):
                    if i != j:
                        pairs.add((min(i, j), max(i, j)))
    for members in undated.values():
        pairs.update((i, j) for i in members for j in members if i < j)

    def ok(i: int, j: int) -> bool:
        return R.events_compatible(refs[i], refs[j])

    scored = sorted((-R._score(refs[i], refs[j]), i, j) for i, j in pairs if ok(i, j))
    cluster_of = {n: n for n in range(len(refs))}
    members_of: dict[int, list[int]] = {n: [n] for n in range(len(refs))}
    for _, i, j in scored:
        ci, cj = cluster_of[i], cluster_of[j]
        if ci == cj or not all(ok(x, y) for x in R._sample(members_of[ci]) for y in R._sample(members_of[cj])):
            continue
        keep, gone = min(ci, cj), max(ci, cj)
        for m in members_of[gone]:
            cluster_of[m] = keep
        members_of[keep] += members_of.pop(gone)
    return [[refs[m] for m in sorted(ms)] for ms in members_of.values()]


@pytest.mark.parametrize("seed", range(6))
def test_clustering_by_contents_equals_pair_by_pair(seed: int) -> None:
    records = _records(seed)
    _, actor_ids = R.resolve_actors(records)
    refs = R._event_refs(records, actor_ids)
    assert len(refs) > 100
    memo = R._Comparisons(refs)
    assert len(set(map(memo.content, refs))) < len(refs)  # the made-up corpus repeats contents
    got = R._cluster_events(refs, memo)
    assert [[r.ref for r in c] for c in got] == [[r.ref for r in c] for c in _reference_clusters(refs, memo)]
    assert any(len(c) > 2 for c in got)


def test_large_cluster_of_one_content_equals_pair_by_pair() -> None:
    """One wire story in many articles (larger than the merge sample), plus a few reports that differ."""
    story = Event("meeting", "held", ["Anna Berg", "Boris Kern"], ["DE", "FR"], "Berlin", "2025-02-18")
    records = []
    for d in range(40):
        events = [Event(story.type, story.status, list(story.participants), list(story.parties), story.place,
                        "2025-02-19" if d % 7 == 0 else story.date)]
        if d % 5 == 0:
            events.append(Event("meeting", "held", ["Anna Berg"], ["DE"], None, "2025-02"))
        records.append(DocRecord(id=f"w{d}", model="test", published="2025-02-19",
                                 actors=[Actor("Anna Berg"), Actor("Boris Kern")], events=events))
    _, actor_ids = R.resolve_actors(records)
    refs = R._event_refs(records, actor_ids)
    memo = R._Comparisons(refs)
    got = R._cluster_events(refs, memo)
    assert [[r.ref for r in c] for c in got] == [[r.ref for r in c] for c in _reference_clusters(refs, memo)]
    assert max(map(len, got)) > R.CLUSTER_SAMPLE


def _graphs_to_write() -> list:
    import networkx as nx

    plain = nx.DiGraph(name="g")
    plain.add_node("a", kind="actor", label="A & B", mentions=2, lat=1.25, ok=False)
    plain.add_node("b")
    plain.add_edge("a", "b", relation="held_in")
    plain.add_edge("b", "a")
    dirty = plain.copy()
    dirty.graph["note\x01"] = "x\x02y"
    dirty.add_node("c\x03", label=None, note="bell\x07", items=[1, 2], **{"odd\x04": 1})
    dirty.nodes["c\x03"][5] = "five"
    dirty.add_node("d", label="la\x05bel", count=True)
    dirty.add_edge("c\x03", "d", gone=None)
    dirty.add_edge("d", "c\x03", relation="r\x06", weight=0.5)
    colliding = plain.copy()
    colliding.add_node("a\x01", kind="other")  # cleans to "a": the copy merges the two nodes
    colliding.add_edge("a\x01", "b", relation="x")
    empty_value = plain.copy()
    empty_value.add_node("e", note="\x01")  # empty once cleaned: networkx writes it
    undirected = nx.Graph(plain.to_undirected())
    return [plain, dirty, colliding, empty_value, undirected]


@pytest.mark.parametrize("index", range(5))
def test_graphml_cleaned_while_written_is_what_networkx_writes_of_the_copy(index: int, tmp_path) -> None:
    import networkx as nx

    from diplograph.network.export import sanitized, write_graphml

    graph = _graphs_to_write()[index]
    expected = tmp_path / "expected.graphml"
    nx.write_graphml(sanitized(graph), expected, encoding="utf-8", prettyprint=True)
    assert write_graphml(graph, tmp_path / "got.graphml").read_bytes() == expected.read_bytes()
