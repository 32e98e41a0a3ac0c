"""Quality floor on the annotated corpus (../shared/corpus): fails when a change makes extraction worse.

The floors sit just below the figures measured when they were set (see the closing notes); raise them when
quality improves. Skipped when ../shared is absent (a user's clone).
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from diplograph.corpus import extract_records
from diplograph.inputs import Article, read_inputs
from diplograph.resolve import assign_ids

FLOORS = {
    "actor_f": 0.97,
    "role_acc": 0.95,
    "country_acc": 0.95,
    "place_f": 0.92,
    "org_f": 0.78,
    "event_f": 0.82,
    "event_place_acc": 0.87,
    "event_date_acc": 0.92,
    "event_status_acc": 0.92,
    "event_inperson_vs_call_acc": 0.95,
    "actor_merge_f": 0.98,
    "event_merge_f": 0.95,
}


@pytest.fixture(scope="module")
def scores(nlp, shared_dir, tmp_path_factory):
    spec = importlib.util.spec_from_file_location("diplograph_gold_score", shared_dir / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold_dirs = [shared_dir / "corpus" / "seeds", shared_dir / "corpus" / "dev"]
    articles = [a for a in read_inputs(gold_dirs) if isinstance(a, Article)]
    records = assign_ids(list(extract_records(articles, nlp=nlp)))
    predictions = tmp_path_factory.mktemp("quality") / "predictions.jsonl"
    predictions.write_text("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records),
                           encoding="utf-8")
    gold: dict = {}
    for directory in gold_dirs:
        gold.update(scorer.load_gold(directory))
    result = scorer.score(gold, scorer.load_pred(predictions))
    return {
        "actor_f": result["actor_p_r_f"][2],
        "role_acc": result["role_acc"],
        "country_acc": result["country_acc"],
        "place_f": result["place_p_r_f"][2],
        "org_f": result["org_p_r_f"][2],
        "event_f": result["event_p_r_f"][2],
        "event_place_acc": result["event_place_acc"],
        "event_date_acc": result["event_date_acc"],
        "event_status_acc": result["event_status_acc"],
        "event_inperson_vs_call_acc": result["event_inperson_vs_call_acc"],
        "actor_merge_f": result["actor_merge_bcubed_p_r_f"][2],
        "event_merge_f": result["event_merge_bcubed_p_r_f"][2],
        "missing": result["docs_missing"],
    }


def test_every_article_has_a_record(scores):
    assert scores["missing"] == 0


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_quality_floor(scores, metric):
    assert scores[metric] >= FLOORS[metric], f"{metric} = {scores[metric]:.3f} fell below {FLOORS[metric]}"
