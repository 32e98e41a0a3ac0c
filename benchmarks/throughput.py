"""Throughput, overhead, parallel speed-up and memory of diplograph extraction.

    python benchmarks/throughput.py            # a readable table
    python benchmarks/throughput.py --json     # one JSON object
    python benchmarks/throughput.py --n 600 --reps 5 --rss-sizes 1000,10000

Corpus: the project's example articles (data/articles.jsonl) interleaved with synthetic articles from
``diplograph.synthetic`` (templates written for the project), each with a unique id. Measured in one
run, medians over ``--reps`` repetitions (rounds that alternate the order of (a) and (b), so that a drift in
the machine's speed does not favour either; ``overhead_ratio_per_rep`` gives each round's ratio):

(a) the bare spaCy pipeline of the same loaded model (``nlp.pipe`` with diplograph's components disabled)
(b) full diplograph extraction to records (``Extractor.pipe``)
(c) graph build plus GraphML export of the (b) records (skipped if diplograph.graph/export are missing)
(d) (b) with ``n_process=2`` (forked workers that inherit the loaded pipeline)

Peak RSS for extracting 1k and 10k articles is measured in child processes (``resource.getrusage``),
streaming records to /dev/null (one-paragraph synthetic articles, to keep the 10k run short).
Timings are noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "articles.jsonl"
TARGETS = {"overhead_ratio": (">=", 0.85), "parallel_speedup": (">=", 1.6), "rss_growth": ("<=", 1.2),
           "graph_share": ("<=", 0.05)}


def corpus(n: int, seed: int = 7) -> list[dict]:
    from diplograph.synthetic import articles

    examples: list[dict] = []
    if EXAMPLES.exists():
        examples = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    synthetic = articles(n, seed=seed)
    out: list[dict] = []
    source = cycle(examples) if examples else None
    for i, item in enumerate(synthetic):
        if source is not None and i % 2:
            ex = next(source)
            item = {"id": f"ex-{i:06d}", "text": ex["text"], "published": ex.get("published"), "url": None}
        out.append(item)
    return out


def _articles(items: list[dict]):
    from diplograph.inputs import Article

    return [Article(a["id"], a["text"], a.get("published"), a.get("url")) for a in items]


def _median_time(fn: Callable[[], object], reps: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(reps):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _interleaved(bare: Callable[[], object], full: Callable[[], list], parallel: Callable[[], object],
                 reps: int) -> tuple[float, float, float, list, list[float]]:
    """Median times of (a), (b) and (d), measured in alternating rounds (a b d, then b a d, ...) so that a
    machine whose speed drifts during the run does not favour whichever of (a) and (b) runs first. Also
    returns the records of the last (b) run and each round's a/b ratio (the spread of overhead_ratio)."""
    times: dict[str, list[float]] = {"a": [], "b": [], "d": []}
    records: list = []
    ratios: list[float] = []
    for rep in range(reps):
        order = ("a", "b") if rep % 2 == 0 else ("b", "a")
        for key in (*order, "d"):
            start = time.perf_counter()
            result = {"a": bare, "b": full, "d": parallel}[key]()
            times[key].append(time.perf_counter() - start)
            if key == "b":
                records = result  # type: ignore[assignment]
        ratios.append(round(times["a"][-1] / times["b"][-1], 3))
    return (statistics.median(times["a"]), statistics.median(times["b"]), statistics.median(times["d"]),
            records, ratios)


def child_rss(n: int, batch_size: int) -> None:
    """Child mode: stream ``n`` articles to /dev/null, print peak RSS in MB."""
    from diplograph.corpus import extract_records
    from diplograph.inputs import Article
    from diplograph.synthetic import articles

    items = (Article(a["id"], a["text"], a["published"]) for a in articles(n, seed=13, paragraphs=1))
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for record in extract_records(items, model="auto", batch_size=batch_size):
            sink.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # Linux: KiB


def measure_rss(n: int, batch_size: int) -> float:
    out = subprocess.run([sys.executable, __file__, "--child-rss", str(n), "--batch-size", str(batch_size)],
                         capture_output=True, text=True, check=True)
    return round(float(out.stdout.strip().splitlines()[-1]), 1)


def run(n: int, reps: int, batch_size: int, rss_sizes: list[int]) -> dict:
    import diplograph
    from diplograph.components import PIPELINE_COMPONENTS
    from diplograph.corpus import Extractor, extract_records

    nlp = diplograph.load()
    items = corpus(n)
    texts = [a["text"] for a in items]
    ours = [p for p in nlp.pipe_names if p in PIPELINE_COMPONENTS]
    extractor = Extractor(nlp=nlp)
    list(extractor.pipe(_articles(items[:20]), batch_size=batch_size))  # warm-up (lazy resources)

    def bare() -> None:
        with nlp.select_pipes(disable=ours):
            for _ in nlp.pipe(texts, batch_size=batch_size):
                pass

    def full() -> list:
        return list(extractor.pipe(_articles(items), batch_size=batch_size))

    def parallel() -> list:
        return list(extract_records(_articles(items), nlp=nlp, n_process=2, batch_size=batch_size))

    t_a, t_b, t_d, records, ratios = _interleaved(bare, full, parallel, reps)
    t_c: float | None = None
    try:
        from diplograph.export import write_graphml
        from diplograph.graph import build_graph
    except ImportError:
        pass
    else:
        with tempfile.TemporaryDirectory() as tmp:
            t_c, _ = _median_time(lambda: write_graphml(build_graph(records), Path(tmp) / "g.graphml"), reps)
    result: dict = {
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}, "
                   f"{platform.system()}; shared with other jobs (noisy)",
        "model": extractor.model, "articles": n, "reps": reps, "batch_size": batch_size,
        "chars_per_article": round(sum(map(len, texts)) / len(texts)),
        "docs_per_s": {"a_bare_spacy": round(n / t_a, 1), "b_diplograph": round(n / t_b, 1),
                       "d_diplograph_n_process_2": round(n / t_d, 1)},
        "overhead_ratio": round(t_a / t_b, 3),
        "overhead_ratio_per_rep": ratios,
        "graph_share": None if t_c is None else round(t_c / t_b, 4),
        "parallel_speedup": round(t_b / t_d, 3),
    }
    for size in rss_sizes:
        result[f"rss_mb_{size // 1000}k" if size % 1000 == 0 else f"rss_mb_{size}"] = measure_rss(size, batch_size)
    if "rss_mb_1k" in result and "rss_mb_10k" in result:
        result["rss_growth"] = round(result["rss_mb_10k"] / result["rss_mb_1k"], 3)
    result["targets_met"] = {
        key: (result[key] >= bound if op == ">=" else result[key] <= bound)
        for key, (op, bound) in TARGETS.items() if result.get(key) is not None
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=800,
                        help="articles per timed run (default 800, so that starting the worker pool does not dominate)")
    parser.add_argument("--reps", type=int, default=5, help="repetitions, medians reported (default 5)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rss-sizes", default="1000,10000", help="comma list; empty to skip the RSS runs")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--child-rss", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_rss:
        child_rss(args.child_rss, args.batch_size)
        return 0
    sizes = [int(s) for s in args.rss_sizes.split(",") if s.strip()]
    result = run(args.n, args.reps, args.batch_size, sizes)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
