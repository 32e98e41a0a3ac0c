"""Throughput, overhead, parallel speed-up and memory of diplograph extraction.

    python benchmarks/throughput.py            # a readable table
    python benchmarks/throughput.py --json     # one JSON object
    python benchmarks/throughput.py --n 600 --reps 5 --rss-sizes 1000,10000

Corpus: the project's example articles (data/articles.jsonl) interleaved with synthetic articles from
``diplograph.synthetic`` (templates written for the project), each with a unique id. Measured in one
run, medians over ``--reps`` rounds. In each round (a) and (b) take the corpus in slices of three batches,
in alternating order, so that both see the same machine (a shared machine's speed drifts within seconds);
``overhead_ratio`` is the median of the rounds' b/a throughput ratios (``overhead_ratio_per_rep``),
``overhead_ratio_cpu`` the same in this process's CPU time (on a shared virtual machine wall time also holds
the time the host gives to others), and ``docs_per_s`` come from the median round times:

(a) the bare spaCy pipeline of the same loaded model (``nlp.pipe`` with diplograph's components disabled)
(b) full diplograph extraction to records (``Extractor.pipe``)
(c) graph build plus GraphML export of the (b) records (skipped if diplograph.network.graph/export are missing)
(d) (b) with ``n_process=2`` (spaCy's ``nlp.pipe`` workers, forked: they inherit the loaded pipeline; the
    processed Docs come back serialised and the records are built in the parent); ``parallel_cpu_parent`` and
    ``parallel_cpu_workers`` are its CPU time in this process and in the workers over (b)'s (their sum above 1
    is the work going parallel adds; a wall-time speed-up needs the second core free as well)

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
SLICE_BATCHES = 3  # (a) and (b) alternate every this many batches (see _interleaved)
TARGETS = {"overhead_ratio": (">=", 0.80), "parallel_speedup": (">=", 1.6), "rss_growth": ("<=", 1.2),
           "graph_share": ("<=", 0.05)}


def corpus(n: int, seed: int = 7) -> list[dict]:
    from synthetic import articles

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


def real_corpus(n: int) -> list[dict]:
    """``n`` articles cycling through the real-length example articles of data/ (unique ids)."""
    examples = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{**examples[i % len(examples)], "id": f"real-{i:06d}"} for i in range(n)]


def _articles(items: list[dict]):
    from diplograph.corpus.inputs import Article

    return [Article(a["id"], a["text"], a.get("published"), a.get("url")) for a in items]


def _slices(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def _interleaved(bare: Callable[[list], object], full: Callable[[list], list], parallel: Callable[[], object],
                 graph: Callable[[list], object] | None, slices: list[list], reps: int) -> dict[str, list[float]]:
    """Times of (a), (b), (c) and (d) in each of ``reps`` rounds.

    In a round, (a) and (b) take the corpus slice by slice, in alternating order (a b for one slice, b a for
    the next, and the other way round in the next round), so both see the same machine: on a shared machine
    the speed drifts within seconds, and one whole-corpus run of (a) followed by one of (b) measured the
    drift as much as the overhead. A round's (a) and (b) times are the sums over its slices; (c) runs on the
    round's records right after, and (d), which starts a worker pool, takes the whole corpus once per round."""
    times: dict[str, list[float]] = {"a": [], "b": [], "c": [], "d": [], "a_cpu": [], "b_cpu": [], "d_parent_cpu": [],
                                     "d_workers_cpu": []}
    for rep in range(reps):
        spent = {"a": 0.0, "b": 0.0, "a_cpu": 0.0, "b_cpu": 0.0}
        round_records: list = []
        for k, part in enumerate(slices):
            for key in (("a", "b") if (rep + k) % 2 == 0 else ("b", "a")):
                start, start_cpu = time.perf_counter(), time.process_time()
                result = bare(part) if key == "a" else full(part)
                spent[key] += time.perf_counter() - start
                spent[key + "_cpu"] += time.process_time() - start_cpu
                if key == "b":
                    round_records.extend(result)  # type: ignore[arg-type]
        for key in ("a", "b", "a_cpu", "b_cpu"):
            times[key].append(spent[key])
        if graph is not None:
            start = time.perf_counter()
            graph(round_records)
            times["c"].append(time.perf_counter() - start)
        start, start_cpu, start_workers = time.perf_counter(), time.process_time(), _children_cpu()
        parallel()
        times["d"].append(time.perf_counter() - start)
        times["d_parent_cpu"].append(time.process_time() - start_cpu)
        times["d_workers_cpu"].append(_children_cpu() - start_workers)
    return times


def _children_cpu() -> float:
    """CPU seconds of this process's ended children (the ``n_process`` workers once they have exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _graph_step(path: Path) -> Callable[[list], object] | None:
    """(c): graph build plus GraphML export of a list of records; None if the graph/export modules are missing."""
    try:
        from diplograph.network.export import write_graphml
        from diplograph.network.graph import build_graph
    except ImportError:
        return None
    return lambda records: write_graphml(build_graph(records), path)


def child_rss(n: int, batch_size: int) -> None:
    """Child mode: stream ``n`` articles to /dev/null, print peak RSS in MB."""
    from synthetic import articles

    from diplograph.corpus.inputs import Article
    from diplograph.corpus.runner import extract_records

    items = (Article(a["id"], a["text"], a["published"]) for a in articles(n, seed=13, paragraphs=1))
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for record in extract_records(items, model="auto", batch_size=batch_size):
            sink.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # Linux: KiB


def measure_rss(n: int, batch_size: int) -> float:
    out = subprocess.run([sys.executable, __file__, "--child-rss", str(n), "--batch-size", str(batch_size)],
                         capture_output=True, text=True, check=True)
    return round(float(out.stdout.strip().splitlines()[-1]), 1)


def run(n: int, reps: int, batch_size: int, rss_sizes: list[int], exclude: tuple[str, ...] = (),
        real: bool = False) -> dict:
    import diplograph
    from diplograph.corpus.runner import Extractor, extract_records
    from diplograph.pipeline import PIPELINE_COMPONENTS

    nlp = diplograph.load(exclude_components=exclude)
    items = real_corpus(n) if real else corpus(n)
    texts = [a["text"] for a in items]
    ours = [p for p in nlp.pipe_names if p in PIPELINE_COMPONENTS]
    extractor = Extractor(nlp=nlp)
    list(extractor.pipe(_articles(items[:20]), batch_size=batch_size))  # warm-up (lazy resources)

    def bare(part: list[str]) -> None:
        with nlp.select_pipes(disable=ours):
            for _ in nlp.pipe(part, batch_size=batch_size):
                pass

    def full(part: list) -> list:
        return list(extractor.pipe(part, batch_size=batch_size))

    def parallel() -> list:
        return list(extract_records(_articles(items), nlp=nlp, n_process=2, batch_size=batch_size))

    size = batch_size * SLICE_BATCHES
    pairs = list(zip(_slices(texts, size), _slices(_articles(items), size), strict=True))
    with tempfile.TemporaryDirectory() as tmp:
        times = _interleaved(lambda part: bare(part[0]), lambda part: full(part[1]), parallel,
                             _graph_step(Path(tmp) / "g.graphml"), pairs, reps)
    t_a, t_b, t_d = (statistics.median(times[key]) for key in "abd")
    t_c = statistics.median(times["c"]) if times["c"] else None
    ratios = [a / b for a, b in zip(times["a"], times["b"], strict=True)]
    result: dict = {
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}, "
                   f"{platform.system()}; shared with other jobs (noisy)",
        "model": extractor.model, "excluded": list(exclude), "corpus": "data/ articles" if real else "mixed",
        "pipe_names": [p for p in nlp.pipe_names if p not in ours], "articles": n, "reps": reps,
        "batch_size": batch_size,
        "chars_per_article": round(sum(map(len, texts)) / len(texts)),
        "docs_per_s": {"a_bare_spacy": round(n / t_a, 1), "b_diplograph": round(n / t_b, 1),
                       "d_diplograph_n_process_2": round(n / t_d, 1)},
        "overhead_ratio": round(statistics.median(ratios), 3),
        "overhead_ratio_per_rep": [round(r, 3) for r in ratios],
        # the same ratio in CPU time of this process (a shared virtual machine's stolen time left out)
        "overhead_ratio_cpu": round(statistics.median(
            a / b for a, b in zip(times["a_cpu"], times["b_cpu"], strict=True)), 3),
        "graph_share": None if t_c is None else round(t_c / t_b, 4),
        "parallel_speedup": round(t_b / t_d, 3),
        # (d)'s CPU time, parent and workers, over (b)'s, medians: the work that going parallel adds (serialising
        # the Docs, the workers' start), which the other jobs on a shared machine do not change as they change
        # the wall-time speed-up
        "parallel_cpu_parent": round(statistics.median(times["d_parent_cpu"]) / statistics.median(times["b_cpu"]), 3),
        "parallel_cpu_workers": round(statistics.median(times["d_workers_cpu"]) / statistics.median(times["b_cpu"]), 3),
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
    parser.add_argument("--reps", type=int, default=9,
                        help="rounds, medians reported (default 9: the median of more rounds varies less)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rss-sizes", default="1000,10000", help="comma list; empty to skip the RSS runs")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--exclude", default="", help="model components to leave out, comma list (e.g. parser)")
    parser.add_argument("--real", action="store_true", help="only the real-length articles of data/ (cycled)")
    parser.add_argument("--child-rss", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_rss:
        child_rss(args.child_rss, args.batch_size)
        return 0
    sizes = [int(s) for s in args.rss_sizes.split(",") if s.strip()]
    exclude = tuple(s.strip() for s in args.exclude.split(",") if s.strip())
    result = run(args.n, args.reps, args.batch_size, sizes, exclude, args.real)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
