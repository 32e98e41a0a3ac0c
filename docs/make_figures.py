"""Regenerate docs/network.png and docs/timeline.png from the example articles in data/.

    pip install -e ".[notebook]"     # matplotlib and scipy
    python docs/make_figures.py      # from the repository root (or anywhere: paths are relative to this file)

Uses the bundled model, so the pictures do not depend on which spaCy models happen to be installed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import diplograph
import diplograph.viz.plot

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="directory for the PNG files (default docs/)")
    parser.add_argument("--model", default="bundled", help="model to extract with (default: bundled)")
    args = parser.parse_args(argv)
    corpus = diplograph.Corpus.from_jsonl(ROOT / "data" / "articles.jsonl", model=args.model, progress=False)
    args.out.mkdir(parents=True, exist_ok=True)
    diplograph.viz.plot.network(corpus, args.out / "network.png")
    diplograph.viz.plot.timeline(corpus, args.out / "timeline.png")
    print(f"{corpus} -> {args.out / 'network.png'}, {args.out / 'timeline.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
