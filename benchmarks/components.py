"""CPU time of each pipeline component on the throughput benchmark's corpus: where the overhead goes.

    python benchmarks/components.py                  # 400 articles, median of 3 passes
    python benchmarks/components.py --n 800 --reps 5 --json

The articles are prepared (markup, language) and tokenised once; then every component runs over all
documents in pipeline order (``pipe`` where the component has one, as ``nlp.pipe`` does), timed with
``time.process_time`` so that another job on the machine inflates the figures less than wall time would.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import _articles, corpus  # noqa: E402


def measure(n: int, reps: int, batch_size: int) -> dict[str, float]:
    import diplograph
    from diplograph.corpus.runner import Extractor
    from diplograph.pipeline import PIPELINE_COMPONENTS

    nlp = diplograph.load()
    extractor = Extractor(nlp=nlp)
    articles = _articles(corpus(n))
    list(extractor.pipe(articles[:20], batch_size=batch_size))  # warm-up (lazy resources)
    times: dict[str, list[float]] = {}

    def timed(name: str, fn):
        start = time.process_time()
        result = fn()
        times.setdefault(name, []).append(time.process_time() - start)
        return result

    for _ in range(reps):
        prepared = timed("(prepare text)", lambda: [extractor.prepare(a) for a in articles])
        docs = timed("(tokenizer)", lambda prepared=prepared: [extractor.make_doc(a) for a, _ in prepared])
        for name, proc in nlp.pipeline:
            if hasattr(proc, "pipe"):
                docs = timed(name, lambda proc=proc, docs=docs: list(proc.pipe(docs, batch_size=batch_size)))
            else:
                docs = timed(name, lambda proc=proc, docs=docs: [proc(doc) for doc in docs])
        timed("(records)", lambda docs=docs, prepared=prepared: [extractor.record(d, a, lang)
                                                                 for d, (a, lang) in zip(docs, prepared, strict=True)])
    medians = {name: statistics.median(values) for name, values in times.items()}
    ours = [name for name in medians if name in PIPELINE_COMPONENTS or name.startswith("(") and name != "(tokenizer)"]
    bare = [name for name in medians if name not in ours]
    medians["= spaCy pipeline (tokenizer, sentences, model)"] = sum(medians[k] for k in bare)
    medians["= diplograph layers"] = sum(medians[k] for k in ours)
    medians["overhead_ratio estimate"] = medians["= spaCy pipeline (tokenizer, sentences, model)"] / (
        medians["= spaCy pipeline (tokenizer, sentences, model)"] + medians["= diplograph layers"])
    return medians


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400, help="articles (default 400)")
    parser.add_argument("--reps", type=int, default=3, help="passes, medians reported (default 3)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--json", action="store_true", help="print one JSON object (seconds)")
    args = parser.parse_args(argv)
    result = measure(args.n, args.reps, args.batch_size)
    if args.json:
        print(json.dumps({k: round(v, 4) for k, v in result.items()}, ensure_ascii=False))
    else:
        for name, seconds in result.items():
            print(f"{name:>48}: {seconds:8.3f}" + ("" if "ratio" in name else " s"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
