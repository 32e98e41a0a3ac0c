"""Corpus-wide identity at scale (network.identity, network.builder): the indexed, incremental resolution
gives what comparing every pair gives, adding records in steps gives what one build gives, the state file
round-trips, ``diplograph graph --update`` writes what a full build writes, and comparisons grow linearly when
a few actors are in every article. Records are made up here."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from networkx.utils import UnionFind

from diplograph.cli import main
from diplograph.network import resolve as R
from diplograph.network.builder import GraphBuilder, state_path, update_graph
from diplograph.network.graph import build_graph
from diplograph.network.identity import Identity
from diplograph.network.names import name_tokens, slug
from diplograph.network.record_summary import summarize
from diplograph.records import Actor, DocRecord, Event, Evidence, Mention, Place

GIVEN = ["Anna", "Ana", "A.", "Boris", "Borys", "Carla", "Karla", "Jean-Noël", "Jean Noel", "Wang"]
SURNAMES = ["Berg", "Bergh", "Berk", "Kern", "Kernn", "Dorn", "Dorm", "Lawrow", "Lavrov", "Schmidt", "Schmitt",
            "Hammarskjöldsson", "Hammarskjoeldson", "Yi", "Xi"]
COUNTRIES = [None, None, "DE", "RU", "FR", "CN"]
PARTIES = ["DE", "FR", "RU", "CN", "US"]
PLACES = [None, "Berlin", "Paris", "Genf", "Genfer See", "Peking", "Beijing"]
DATES = [None, "2025-02-18", "2025-02-19", "2025-02-20", "2025-02", "2025-03-01", "2025-01-31", "2025-03",
         "2025-02-30", "2025"]
PUBLISHED = [None, "2025-02-18", "2025-02-21", "2025-03-10", "2025-03-28", "2025-02"]


def made_up(seed: int, n: int) -> list[DocRecord]:
    """Articles with few distinct values: spelling variants (fuzzy and transliterated), surnames alone, country
    conflicts, participants named by surname or genitive, shared wire contents, plans and held meetings."""
    rng = random.Random(seed)
    people = [f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(12)]
    wire = [Event(rng.choice(["meeting", "call", "visit"]), rng.choice(["held", "planned"]), rng.sample(people[:4], 2),
                  rng.sample(PARTIES, 2), rng.choice(PLACES), rng.choice(DATES)) for _ in range(3)]
    records = []
    for d in range(n):
        actors = []
        for name in rng.sample(people, rng.randint(1, 4)):
            shown = name.split()[-1] if rng.random() < 0.25 else name
            aliases = [name.split()[-1]] if shown == name and rng.random() < 0.5 else []
            mentions = [Mention(shown, 0, len(shown))] * rng.randint(0, 2)
            actors.append(Actor(shown, aliases=aliases, roles=rng.sample(["Minister", "Präsident"], rng.randint(0, 1)),
                                country=rng.choice(COUNTRIES), mentions=mentions))
        names = [a.name for a in actors]
        events = []
        for _ in range(rng.randint(0, 3)):
            if rng.random() < 0.3:
                t = rng.choice(wire)
                events.append(Event(t.type, t.status, list(t.participants), list(t.parties), t.place, t.date,
                                    evidence=[Evidence("Eine Meldung.", 0, 13)]))
                continue
            who = rng.sample(names, rng.randint(0, min(3, len(names))))
            who = [w.split()[-1] + ("s" if rng.random() < 0.2 else "") if rng.random() < 0.3 else w for w in who]
            if rng.random() < 0.1:
                who.append("Niemand Bekannt")
            events.append(Event(rng.choice(["meeting", "call", "summit", "visit"]),
                                rng.choice(["held", "held", "planned", "cancelled"]), who,
                                rng.sample(PARTIES, rng.randint(0, 3)), rng.choice(PLACES), rng.choice(DATES),
                                confidence=rng.random(), evidence=[Evidence(f"Satz {d}.", 0, 7)]))
        places = [Place("Genf", normalized="Genf", country="CH"), Place("Berlin", country="DE"),
                  Place("Peking", normalized="Beijing", country="CN", lat=39.9, lon=116.4)]
        records.append(DocRecord(id=f"m{d}", model="test", url=f"https://example.org/{d}",
                                 published=rng.choice(PUBLISHED), actors=actors, places=rng.sample(places, 2),
                                 events=events))
    return records


# --------------------------------------------------------------------------- references: every pair compared


def _reference_actor_ids(records: list[DocRecord]) -> dict[tuple[int, int], str]:
    """The actor resolution as it was before the indexes: every pair of full-name keys with the same first
    surname letter compared, every cluster scanned for a surname alone."""
    refs = [((d, i), a, name_tokens(a.name)) for d, rec in enumerate(records) for i, a in enumerate(rec.actors)]
    refs = [r for r in refs if r[2]]
    full = [r for r in refs if len(r[2]) >= 2]
    by_key: dict[tuple, list] = {}
    for r in full:
        by_key.setdefault(r[2], []).append(r)
    country = {k: R._majority(r[1].country for r in rs) for k, rs in by_key.items()}
    clustered = UnionFind(by_key)
    keys = sorted(by_key)
    for x, a in enumerate(keys):
        for b in keys[x + 1:]:
            if a[-1][:1] != b[-1][:1] or (country[a] and country[b] and country[a] != country[b]):
                continue
            if R._full_keys_compatible(a, b):
                clustered.union(a, b)
    first = {k: min(members) for members in clustered.to_sets() for k in members}  # a cluster by its smallest key
    clusters: dict[tuple, list] = {}
    for r in full:
        clusters.setdefault(first[r[2]], []).append(r)
    groups: dict[tuple, list] = {("full", k): rs for k, rs in clusters.items()}
    for r in refs:
        if len(r[2]) >= 2:
            continue
        token, target = r[2][0], None
        for position in (-1, 0):
            candidates = sorted(c for c, rs in clusters.items() if any(x[2][position] == token for x in rs))
            if not candidates:
                continue
            if len(candidates) == 1:
                other = R._majority(x[1].country for x in clusters[candidates[0]])
                target = candidates[0] if not (r[1].country and other and other != r[1].country) else None
            elif r[1].country:
                same = [c for c in candidates if R._majority(x[1].country for x in clusters[c]) == r[1].country]
                target = same[0] if len(same) == 1 else None
            break
        if target is not None:
            groups[("full", target)].append(r)
        elif any(token in (x[2][0], x[2][-1]) for x in full):
            groups[("alone", r[0])] = [r]
        else:
            groups.setdefault(("single", token), []).append(r)

    def canonical(rs):
        names = [r[1].name for r in rs if len(r[2]) >= 2] or [r[1].name for r in rs]
        return sorted(Counter(names).items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]

    ids: dict[tuple[int, int], str] = {}
    taken: set[str] = set()
    for rs in sorted(groups.values(), key=lambda rs: (canonical(rs), min(r[0] for r in rs))):
        base = "actor:" + slug(canonical(rs))
        actor_id, n = base, 1
        while actor_id in taken:
            n += 1
            actor_id = f"{base}-{n}"
        taken.add(actor_id)
        for r in rs:
            ids[r[0]] = actor_id
    return ids


def _reference_realises(records: list[DocRecord], res: R.Resolution) -> dict[str, str | None]:
    """Each held meeting's plan, every plan compared (no index)."""
    refs = {r.ref: r for r in R._event_refs(records, res.actor_ids)}
    plans = [e for e in res.events.values() if e.status == "planned"]
    out = {}
    for held in (e for e in res.events.values() if e.status == "held"):
        best = None
        for plan in plans:
            pairs = [(refs[a], refs[b]) for a in R._sample(held.refs) for b in R._sample(plan.refs)]
            if not all(R._contents_compatible(x, y, same_status=False) for x, y in pairs):
                continue
            if R._when(refs[held.refs[0]].event.date, refs[held.refs[0]].published)[0] >= 0:
                first_held, first_plan = refs[held.refs[0]], refs[plan.refs[0]]
                mh = R._when(first_held.event.date, first_held.published)[0]
                mp = R._when(first_plan.event.date, first_plan.published)[0]
                if abs(mh - mp) > 1:  # the old candidates: plans of the same or a neighbouring month
                    continue
            elif R._when(refs[plan.refs[0]].event.date, refs[plan.refs[0]].published)[0] >= 0:
                continue
            score = max(R._score(x, y) for x, y in pairs)
            if best is None or (score, plan.id) > best:
                best = (score, plan.id)
        out[held.id] = best[1] if best else None
    return out


@pytest.mark.parametrize("seed", range(8))
def test_indexed_actor_resolution_equals_every_pair_compared(seed: int) -> None:
    records = made_up(seed, 90)
    _, ids = R.resolve_actors(records)
    assert ids == _reference_actor_ids(records)
    assert len(set(ids.values())) < len(ids)  # spellings and surnames were merged


@pytest.mark.parametrize("seed", range(6))
def test_indexed_plan_links_equal_every_plan_compared(seed: int) -> None:
    records = made_up(seed, 120)
    res = R.resolve(records)
    got = {e.id: e.realises for e in res.events.values() if e.status == "held"}
    assert got == _reference_realises(records, res)


def test_surname_variants_are_found_by_their_deletion_neighbourhood() -> None:
    from diplograph.network.actor_identity import _max_deletions, _Surnames

    # the bound holds for every length: a pair at the threshold needs no more deletions than allowed
    for length in range(1, 30):
        assert _max_deletions(length) == int(length * 0.3 / 1.15 + 0.01)
    names = _Surnames()
    stats: Counter = Counter()
    for word in ["berg", "bergh", "kern", "hammarskioldson", "hammarskioeldsson", "hammarskioldssonn", "xi"]:
        names.add(word, stats)
    assert names.similar["berg"] == ["bergh"] and names.similar["bergh"] == ["berg"]
    assert "hammarskioldson" in names.similar["hammarskioeldsson"]  # long keys: compared by scanning
    assert names.similar["kern"] == [] and names.similar["xi"] == []


# --------------------------------------------------------------------------- incremental == one build


def _graph_dump(graph) -> tuple[list, list]:
    return [(n, a) for n, a in graph.nodes(data=True)], [(u, v, a) for u, v, a in graph.edges(data=True)]


@pytest.mark.parametrize(("seed", "limit"), [(0, 64), (1, 64), (2, 64), (3, 2), (4, 2), (5, 1)])
def test_adding_in_steps_with_state_files_equals_one_build(seed: int, limit: int, tmp_path: Path) -> None:
    records = made_up(seed, 150)
    whole = GraphBuilder(limit=limit).add(records)
    if limit >= 64:  # no window holds more than the limit: what comparing every pair gives
        assert _graph_dump(whole.graph()) == _graph_dump(build_graph(records))
    else:
        assert whole.stats["capped_windows"] > 0
    builder = GraphBuilder(limit=limit)
    for step, (start, end) in enumerate([(0, 40), (40, 41), (41, 90), (90, 149), (149, 150)]):
        if step % 2:
            builder.save(tmp_path / "state.json.gz")
            builder = GraphBuilder.load(tmp_path / "state.json.gz")
        builder.add(r.to_dict() if step == 2 else r for r in records[start:end])
    assert _graph_dump(builder.graph()) == _graph_dump(whole.graph())
    assert builder.resolution().actor_ids == whole.resolution().actor_ids


def test_identity_api_and_counted_comparisons() -> None:
    records = made_up(7, 60)
    identity = Identity().add(records[:30]).add(summarize(r) for r in records[30:])
    res = identity.resolution()
    assert res.actor_ids == R.resolve(records).actor_ids and res.event_ids == R.resolve(records).event_ids
    assert identity.stats["records"] == 60
    assert identity.stats["actor_comparisons"] > 0 and identity.stats["event_comparisons"] > 0
    identity.release()
    assert identity.resolution().event_ids == res.event_ids  # still readable
    with pytest.raises(RuntimeError):
        identity.add(records[:1])


def _dense(n: int) -> list[DocRecord]:
    """Every article names the same two people; one meeting a day, reported ten times, some dated only to the
    month or not at all, some plans."""
    records = []
    for d in range(n):
        day = 1 + (d // 10) % 28
        month = 1 + (d // 280) % 12
        year = 2020 + d // 3360
        when = [f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}", None][d % 7 % 3]
        status = "planned" if d % 13 == 0 else "held"
        records.append(DocRecord(
            id=f"x{d}", model="test", published=f"{year}-{month:02d}-{day:02d}",
            actors=[Actor("Anna Berg", country="DE"), Actor("Boris Kern", country="RU")],
            events=[Event("meeting", status, ["Anna Berg", "Boris Kern"], ["DE", "RU"],
                          ["Berlin", "Moskau", None][d % 3], when)]))
    return records


def test_comparisons_grow_linearly_when_two_people_are_in_every_article() -> None:
    small, large = Identity().add(_dense(1000)), Identity().add(_dense(4000))
    per_small = small.stats["event_comparisons"] / 1000
    per_large = large.stats["event_comparisons"] / 4000
    assert per_large < 1.5 * per_small  # bounded per record: no growth with the corpus
    assert large.stats["actor_comparisons"] == small.stats["actor_comparisons"]  # two names, compared once


# --------------------------------------------------------------------------- files and the command line


def _write(path: Path, records: list[DocRecord]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    return path


def test_cli_update_writes_what_one_build_writes(tmp_path: Path) -> None:
    records = made_up(11, 120)
    parts = [_write(tmp_path / f"part{k}.jsonl", records[a:b]) for k, (a, b) in enumerate([(0, 50), (50, 51),
                                                                                            (51, 120)])]
    everything = _write(tmp_path / "all.jsonl", records)
    full, step = tmp_path / "full.graphml", tmp_path / "steps.graphml"
    assert main(["graph", str(everything), "--output", str(full), "--quiet"]) == 0
    assert not state_path(full).exists()  # a plain build keeps no state
    assert main(["graph", str(parts[0]), "--update", str(step), "--quiet"]) == 0  # the first build
    assert state_path(step).is_file() and state_path(step).name == "steps.graphml.state.json.gz"
    assert main(["graph", str(parts[1]), "--update", str(step), "--quiet"]) == 0
    assert main(["graph", str(parts[2]), "--update", str(step), "--quiet"]) == 0
    assert step.read_bytes() == full.read_bytes()
    assert main(["graph", str(parts[0]), "--output", str(step), "--quiet"]) == 0  # a rebuild beside a state:
    assert len(GraphBuilder.load(state_path(step))) == 50  # the state is kept in step with the graph
    from diplograph.network.export import write_graphml

    assert write_graphml(build_graph(records), tmp_path / "lib.graphml").read_bytes() == full.read_bytes()


def test_cli_update_needs_the_state_of_an_existing_graph(tmp_path: Path, capsys) -> None:
    part = _write(tmp_path / "part.jsonl", made_up(1, 5))
    plain = tmp_path / "plain.graphml"
    assert main(["graph", str(part), "--output", str(plain), "--quiet"]) == 0
    assert main(["graph", str(part), "--update", str(plain), "--quiet"]) == 2
    assert "no state file" in capsys.readouterr().err
    assert main(["graph", str(part), "--quiet"]) == 2
    assert "--output" in capsys.readouterr().err
    bad = tmp_path / "bad.graphml"
    state_path(bad).write_bytes(b"not gzip")
    assert main(["graph", str(part), "--update", str(bad), "--quiet"]) == 2
    assert "cannot update" in capsys.readouterr().err


def test_update_graph_library_call_and_other_outputs(tmp_path: Path) -> None:
    records = made_up(3, 60)
    graph = tmp_path / "g.gexf"
    GraphBuilder().add(records[:20]).write(graph)
    builder = update_graph(_write(tmp_path / "more.jsonl", records[20:40]), graph)
    builder = update_graph(records[40:], graph, output=tmp_path / "h.gexf")
    assert len(builder) == 60
    whole = GraphBuilder().add(records)
    assert _graph_dump(builder.graph()) == _graph_dump(whole.graph())
    assert (tmp_path / "h.gexf").is_file() and state_path(tmp_path / "h.gexf").is_file()
    with pytest.raises(ValueError):
        GraphBuilder.load(_write(tmp_path / "x.json.gz", records[:1]))
