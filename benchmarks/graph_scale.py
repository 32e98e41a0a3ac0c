"""Corpus-wide identity and graph building at scale: seconds, peak memory and comparisons for 10k-100k records.

    python benchmarks/graph_scale.py                 # a readable table
    python benchmarks/graph_scale.py --json          # one JSON object
    python benchmarks/graph_scale.py --sizes 2000,5000 --json

Records are made up here, without any NLP (:func:`make_records`): years of news at a steady pace
(``PER_DAY`` articles a day, so 100k records span about four and a half years), a few well-known actors
in most articles (Zipf weights over a handful of heads), a long tail of rare ones (a pool that grows with
the corpus), spelling variants ("Sergej Lawrow" / "Sergei Lavrov", surnames alone), meetings reported by
several outlets (a recent meeting is reported again with probability ``REPEAT``, with another date precision,
place or spelling), plans that are later held, calls, visits, cancelled meetings and undated reports.

Each size runs in a child process that runs ``diplograph graph records.jsonl --output g.graphml --quiet``
(``diplograph.cli.main``) and reports the comparisons identity
made; the parent takes the child's wall time (``seconds``) and peak RSS (``ru_maxrss`` from ``os.wait4``).
``growth_exponent`` is the least-squares slope of log(seconds in the process, after the imports) over
log(records); ``growth_exponent_wall`` the same for the wall time. ``--update-share 0.01`` also builds the
largest size without its last 1% (``--update g.graphml``, which keeps a state file) and times
``diplograph graph rest.jsonl --update g.graphml`` (and checks that the GraphML is byte-identical to the one
build's).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SIZES = (10_000, 30_000, 100_000)
PER_DAY = 60  # articles a day
REPEAT = 0.5  # share of event reports that report a meeting another article already reported
TARGETS = {"growth_exponent": ("<=", 1.2), "seconds_100k": ("<=", 60.0), "peak_rss_mb_100k": ("<=", 1536.0)}

# (name, spelling variants, country, role, home city)
HEADS = [
    ("Wladimir Putin", ["Vladimir Putin", "Putin"], "RU", "Präsident", "Moskau"),
    ("Donald Trump", ["Trump"], "US", "Präsident", "Washington"),
    ("Wolodymyr Selenskyj", ["Volodymyr Zelensky", "Selenskyj"], "UA", "Präsident", "Kiew"),
    ("Sergej Lawrow", ["Sergei Lavrov", "Lawrow"], "RU", "Außenminister", "Moskau"),
    ("Emmanuel Macron", ["Macron"], "FR", "Präsident", "Paris"),
    ("Friedrich Merz", ["Merz"], "DE", "Bundeskanzler", "Berlin"),
    ("Marco Rubio", ["Rubio"], "US", "Außenminister", "Washington"),
    ("Xi Jinping", ["Xi"], "CN", "Staatschef", "Peking"),
    ("Keir Starmer", ["Starmer"], "GB", "Premierminister", "London"),
    ("Johann Wadephul", ["Wadephul"], "DE", "Außenminister", "Berlin"),
    ("Giorgia Meloni", ["Meloni"], "IT", "Ministerpräsidentin", "Rom"),
    ("Recep Tayyip Erdoğan", ["Recep Tayyip Erdogan", "Erdoğan"], "TR", "Präsident", "Ankara"),
]
HEAD_SHARE = 0.7  # share of meetings with at least one head
CITIES = {"RU": ("Moskau", 55.75, 37.62), "US": ("Washington", 38.9, -77.04), "UA": ("Kiew", 50.45, 30.52),
          "FR": ("Paris", 48.85, 2.35), "DE": ("Berlin", 52.52, 13.4), "CN": ("Peking", 39.9, 116.4),
          "GB": ("London", 51.51, -0.13), "IT": ("Rom", 41.9, 12.5), "TR": ("Ankara", 39.93, 32.86),
          "CH": ("Genf", 46.2, 6.14), "SA": ("Riad", 24.69, 46.72), "PL": ("Warschau", 52.23, 21.01),
          "JP": ("Tokio", 35.69, 139.69), "IN": ("Neu-Delhi", 28.61, 77.21), "BR": ("Brasília", -15.79, -47.88),
          "EG": ("Kairo", 30.04, 31.24), "ES": ("Madrid", 40.42, -3.7), "HU": ("Budapest", 47.5, 19.04),
          "RS": ("Belgrad", 44.8, 20.47), "QA": ("Doha", 25.29, 51.53), "KE": ("Nairobi", -1.29, 36.82),
          "AU": ("Canberra", -35.28, 149.13), "MX": ("Mexiko-Stadt", 19.43, -99.13), "ZA": ("Pretoria", -25.75, 28.19)}
TAIL_COUNTRIES = sorted(CITIES)
GIVEN = ["Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hamid", "Ines", "Jonas", "Kamala",
         "Lars", "Maria", "Nikolai", "Olga", "Pedro", "Quentin", "Rania", "Stefan", "Tomasz", "Ursula", "Viktor",
         "Wang", "Xenia", "Yusuf", "Zofia", "Ahmed", "Beatriz", "Chen", "Daria", "Emil", "Fatima", "Goran", "Hanna",
         "Igor", "Julia", "Kenji", "Leila", "Mateo", "Nadia"]
SYLLABLES = ["ber", "ka", "lo", "min", "dor", "sa", "vel", "ni", "ros", "ta", "gan", "mi", "tor", "ke", "lin",
             "war", "ost", "he", "ru", "pal", "zen", "do", "mar", "fi", "ch", "so", "bel", "ik", "ana", "ul", "gre",
             "vo", "stra", "ne", "ja", "kov", "ski", "ri", "us", "em"]
ROLES = ["Außenminister", "Außenministerin", "Präsident", "Premierminister", "Botschafter", "Verteidigungsminister",
         "Handelsministerin", "Sondergesandter", "Generalsekretär"]
TYPES = [("meeting", 40), ("visit", 20), ("call", 20), ("talks", 15), ("summit", 5)]
VERBS = {"meeting": "traf", "visit": "besuchte", "call": "telefonierte mit", "talks": "verhandelte mit",
         "summit": "traf beim Gipfel"}


def _tail_name(rng: random.Random) -> str:
    surname = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
    return f"{rng.choice(GIVEN)} {surname.capitalize()}"


def _typo(rng: random.Random, name: str) -> str:
    """A spelling variant of a tail name: one letter of the surname doubled, dropped or swapped."""
    given, surname = name.rsplit(" ", 1)
    if len(surname) < 5:
        return name
    k = rng.randrange(1, len(surname) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        surname = surname[:k] + surname[k] + surname[k:]
    elif kind == 1:
        surname = surname[:k] + surname[k + 1:]
    else:
        surname = surname[:k] + surname[k + 1] + surname[k] + surname[k + 2:]
    return f"{given} {surname}"


class _People:
    """Heads with fixed weights, a tail of ``n // 8`` people with Zipf weights."""

    def __init__(self, rng: random.Random, n: int) -> None:
        self.rng = rng
        names: set[str] = {h[0] for h in HEADS}
        self.tail = []
        while len(self.tail) < max(50, n // 8):
            name = _tail_name(rng)
            if name not in names:
                names.add(name)
                self.tail.append((name, [name.rsplit(" ", 1)[1]], rng.choice(TAIL_COUNTRIES), rng.choice(ROLES),
                                  None))
        self.head_weights = [1.0 / (k + 1) ** 0.8 for k in range(len(HEADS))]
        self.tail_weights = [1.0 / (k + 1) ** 1.05 for k in range(len(self.tail))]
        self._cum_head = _cumulative(self.head_weights)
        self._cum_tail = _cumulative(self.tail_weights)

    def head(self) -> tuple:
        return HEADS[_pick(self.rng, self._cum_head)]

    def tail_person(self) -> tuple:
        return self.tail[_pick(self.rng, self._cum_tail)]

    def anyone(self) -> tuple:
        return self.head() if self.rng.random() < 0.35 else self.tail_person()


def _cumulative(weights: list[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    from bisect import bisect_left

    return min(bisect_left(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)


def _meeting(rng: random.Random, people: _People, day: date) -> dict:
    kind = rng.choices([t for t, _ in TYPES], [w for _, w in TYPES])[0]
    first = people.head() if rng.random() < HEAD_SHARE else people.tail_person()
    size = 3 if kind == "summit" and rng.random() < 0.5 else 2
    who = [first]
    while len(who) < size:
        other = people.anyone()
        if all(other[0] != p[0] for p in who):
            who.append(other)
    parties = sorted({p[2] for p in who})
    status = rng.choices(["held", "planned", "cancelled"], [85, 12, 3])[0]
    when = day + timedelta(days=rng.randint(3, 40)) if status == "planned" else day - timedelta(days=rng.randint(0, 2))
    host = rng.choice(who)[2] if kind != "call" else None
    place = None if kind == "call" else CITIES.get(host or "", CITIES["CH"])[0] if rng.random() < 0.9 else "Genf"
    return {"type": kind, "status": status, "who": who, "parties": parties, "date": when, "place": place,
            "host": host if place and place != "Genf" else None}


def _report(rng: random.Random, meeting: dict) -> tuple[list[tuple], dict]:
    """(the participants as (person, spelling), the event dict) of one article's report of a meeting."""
    spelled = []
    for person in meeting["who"]:
        r = rng.random()
        if r < 0.15:
            spelling = person[1][-1]  # the surname alone
        elif r < 0.35 and len(person[1]) > 1:
            spelling = person[1][0]  # another transliteration
        elif r < 0.37 and person[4] is None:
            spelling = _typo(rng, person[0])
        else:
            spelling = person[0]
        spelled.append((person, spelling))
    if rng.random() < 0.08:  # only one participant named
        spelled = spelled[:1]
    precision = rng.random()
    when: date = meeting["date"]
    value = (when.isoformat() if precision < 0.8 else when.isoformat()[:7] if precision < 0.93 else None)
    if value and len(value) == 10 and rng.random() < 0.05:
        value = (when + timedelta(days=1)).isoformat()
    place = meeting["place"] if rng.random() < 0.85 else None
    names = [s for _, s in spelled]
    verb = VERBS[meeting["type"]]
    sentence = f"{names[0]} {verb} {' und '.join(names[1:]) or 'Vertreter'}" + (f" in {place}." if place else ".")
    host = meeting["host"] if place else None
    event = {"type": meeting["type"], "status": meeting["status"], "participants": names,
             "parties": list(meeting["parties"]), "place": place, "date": value,
             "confidence": round(rng.uniform(0.5, 0.95), 2), "trigger": verb.split()[0],
             "evidence": [{"text": sentence, "start": 0, "end": len(sentence)}], "id": None,
             "host": host if host in meeting["parties"] else None,
             "visitors": sorted(set(meeting["parties"]) - {host}) if host in meeting["parties"] else []}
    return spelled, event


def make_records(n: int, seed: int = 7):
    """``n`` prediction records (dicts, as ``DocRecord.to_dict`` writes them), in publication order."""
    rng = random.Random(seed)
    people = _People(rng, n)
    start = date(2021, 1, 1)
    recent: list[dict] = []  # meetings of the last days, reported again by other outlets
    for i in range(n):
        day = start + timedelta(days=i // PER_DAY)
        recent = [m for m in recent if (day - m["reported"]).days <= 3]
        actors: dict[str, dict] = {}
        places: dict[str, dict] = {}
        events = []
        for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3))):  # one article in seven reports no meeting
            if recent and rng.random() < REPEAT:
                meeting = rng.choice(recent)
            else:
                meeting = _meeting(rng, people, day)
                meeting["reported"] = day
                recent.append(meeting)
            spelled, event = _report(rng, meeting)
            events.append(event)
            for person, spelling in spelled:
                full = spelling if " " in spelling else person[0]
                actor = actors.setdefault(full, {
                    "name": full, "aliases": [], "roles": [person[3]] if rng.random() < 0.8 else [],
                    "role_phrases": [], "country": person[2] if rng.random() < 0.9 else None, "mentions": [],
                    "id": None})
                if spelling != full and spelling not in actor["aliases"]:
                    actor["aliases"].append(spelling)
                actor["mentions"].append({"text": spelling, "start": 0, "end": len(spelling), "sentence": 0})
            if event["place"] and event["place"] not in places:
                country = next((c for c, v in CITIES.items() if v[0] == event["place"]), None)
                lat, lon = (CITIES[country][1], CITIES[country][2]) if country else (None, None)
                places[event["place"]] = {"name": event["place"], "normalized": None, "country": country,
                                          "lat": lat, "lon": lon, "geonameid": None, "mentions": []}
        if not events:  # people in the news without a meeting
            for person in {p[0]: p for p in (people.anyone(), people.anyone())}.values():
                actors.setdefault(person[0], {"name": person[0], "aliases": [], "roles": [person[3]],
                                              "role_phrases": [], "country": person[2], "id": None,
                                              "mentions": [{"text": person[0], "start": 0, "end": len(person[0]),
                                                            "sentence": 0}]})
        yield {"id": f"b{i:07d}", "model": "synthetic", "url": f"https://example.org/news/{i}",
               "published": day.isoformat(), "language": "de", "actors": list(actors.values()),
               "places": list(places.values()), "organizations": [], "dates": [], "events": events,
               "warnings": [], "published_source": "record"}


def write_records(n: int, path: Path, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in make_records(n, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# --------------------------------------------------------------------------- measuring


def _child(path: str, out: str, mode: str = "--output") -> int:
    """Run ``diplograph graph PATH --output OUT --quiet`` (or ``--update OUT``) in this process and print what
    identity counted (for an update: the comparisons it made, not those of the build it loaded)."""
    from diplograph.cli import main as cli
    from diplograph.network import builder

    seen: dict = {}
    write, load = builder.GraphBuilder.write, builder.GraphBuilder.load.__func__

    def counted(self, *args, **kwargs):
        for key, value in self.stats.items():
            seen[key] = value - seen.get(key, 0)
        written = write(self, *args, **kwargs)
        seen.update(written._asdict())
        return written

    def loaded(cls, *args, **kwargs):
        found = load(cls, *args, **kwargs)
        seen.update(found.stats)  # subtracted when writing
        return found

    builder.GraphBuilder.write = counted  # type: ignore[method-assign]
    builder.GraphBuilder.load = classmethod(loaded)  # type: ignore[method-assign,assignment]
    started = time.perf_counter()
    code = cli(["graph", path, mode, out, "--quiet"])
    print(json.dumps({"rc": code, "seconds_in_process": round(time.perf_counter() - started, 2), **seen}))
    return code


def _run(args: list[str]) -> tuple[dict, float, float]:
    """(the child's JSON, wall seconds, peak RSS in MB) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *args], stdout=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    output = proc.stdout.read().decode() if proc.stdout else ""
    if proc.returncode != 0:
        raise RuntimeError(f"child {args} failed with {proc.returncode}: {output}")
    return json.loads(output.strip().splitlines()[-1]), seconds, usage.ru_maxrss / 1024


def _exponent(sizes: list[int], seconds: list[float]) -> float | None:
    """Least-squares slope of log(seconds) over log(records)."""
    if len(sizes) < 2:
        return None
    xs, ys = [math.log(n) for n in sizes], [math.log(s) for s in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def measure(sizes: list[int], seed: int = 7, update_share: float = 0.0, workdir: Path | None = None) -> dict:
    """Build the records of each size (not timed), then time ``diplograph graph`` on them in a child process."""
    result: dict = {"machine": f"{platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}, "
                               f"{platform.system()}; shared with other jobs (noisy)",
                    "command": "diplograph graph records.jsonl --output meetings.graphml --quiet",
                    "per_day": PER_DAY, "repeat": REPEAT, "sizes": {}}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        for n in sizes:
            records = write_records(n, Path(tmp) / f"records-{n}.jsonl", seed)
            child, seconds, rss = _run(["--child", str(records), str(Path(tmp) / f"g-{n}.graphml")])
            entry = {"seconds": round(seconds, 2), "peak_rss_mb": round(rss, 1),
                     "seconds_in_process": child["seconds_in_process"],
                     "comparisons": child.get("actor_comparisons", 0) + child.get("event_comparisons", 0),
                     "actor_comparisons": child.get("actor_comparisons", 0),
                     "event_comparisons": child.get("event_comparisons", 0),
                     "capped_windows": child.get("capped_windows", 0), "actors": child.get("actors"),
                     "meetings": child.get("meetings"), "edges": child.get("edges")}
            entry["comparisons_per_record"] = round(entry["comparisons"] / n, 2)
            if update_share and n == max(sizes):
                entry["update"] = _update(records, Path(tmp), n, update_share)
            result["sizes"][str(n)] = entry
            records.unlink()
    ns = [int(n) for n in result["sizes"]]
    # fitted on the time in the process (the ~1.5 s of starting Python and importing spaCy would flatten it)
    exponent = _exponent(ns, [result["sizes"][str(n)]["seconds_in_process"] for n in ns])
    result["growth_exponent"] = round(exponent, 3) if exponent is not None else None
    wall = _exponent(ns, [result["sizes"][str(n)]["seconds"] for n in ns])
    result["growth_exponent_wall"] = round(wall, 3) if wall is not None else None
    comparisons = _exponent(ns, [max(result["sizes"][str(n)]["comparisons"], 1) for n in ns])
    result["comparisons_growth_exponent"] = round(comparisons, 3) if comparisons is not None else None
    largest = result["sizes"].get("100000")
    result["targets_met"] = {
        "growth_exponent": exponent is not None and exponent <= TARGETS["growth_exponent"][1],
        **({"seconds_100k": largest["seconds"] <= TARGETS["seconds_100k"][1],
            "peak_rss_mb_100k": largest["peak_rss_mb"] <= TARGETS["peak_rss_mb_100k"][1]} if largest else {})}
    return result


def _update(records: Path, tmp: Path, n: int, share: float) -> dict:
    """Build the graph of the first (1 - share) of the records with ``--update`` (which keeps the state), then
    time ``--update`` with the rest and compare the GraphML with the one build's."""
    lines = records.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = n - max(1, int(n * share))
    first, rest, graph = tmp / "first.jsonl", tmp / "rest.jsonl", tmp / "u.graphml"
    first.write_text("".join(lines[:cut]), encoding="utf-8")
    rest.write_text("".join(lines[cut:]), encoding="utf-8")
    _run(["--child", str(first), str(graph), "update"])
    child, seconds, rss = _run(["--child", str(rest), str(graph), "update"])
    full = tmp / f"g-{n}.graphml"
    return {"added": n - cut, "onto": cut, "seconds": round(seconds, 2), "peak_rss_mb": round(rss, 1),
            "seconds_in_process": child["seconds_in_process"],
            "comparisons": child.get("actor_comparisons", 0) + child.get("event_comparisons", 0),
            "same_graphml_as_full_build": graph.read_bytes() == full.read_bytes()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="record counts (default 10k,30k,100k)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--update-share", type=float, default=0.0,
                        help="also time --update of the largest size with this share of its records added last")
    parser.add_argument("--child", nargs="+", metavar="ARG", help=argparse.SUPPRESS)  # RECORDS GRAPH [update]
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child[0], args.child[1], "--update" if args.child[2:] == ["update"] else "--output")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    result = measure(sizes, args.seed, args.update_share)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{'records':>8} {'seconds':>8} {'peak MB':>8} {'comparisons':>12} {'per record':>10} {'capped':>7}")
    for n, entry in result["sizes"].items():
        print(f"{n:>8} {entry['seconds']:>8} {entry['peak_rss_mb']:>8} {entry['comparisons']:>12} "
              f"{entry['comparisons_per_record']:>10} {entry['capped_windows']:>7}")
        if "update" in entry:
            update = entry["update"]
            print(f"{'':>8} --update with {update['added']} more: {update['seconds']} s, {update['peak_rss_mb']} MB, "
                  f"{update['comparisons']} comparisons, same GraphML as one build: "
                  f"{update['same_graphml_as_full_build']}")
    print(f"growth exponent (seconds in process) {result['growth_exponent']}, wall {result['growth_exponent_wall']}, "
          f"comparisons {result['comparisons_growth_exponent']}; targets met: {result['targets_met']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
