"""Quality floors on the annotated corpus (../shared/corpus): fail when a change makes extraction worse.

Three sets: seeds + dev (the news cycle the rules were developed on), dev2 (other regions and years: the
check that a change generalises) and negatives (real articles without any diplomatic encounter, where every
event is a false alarm). The floors sit just below the figures measured when they were set (see the README's
quality table); raise them when quality improves. Skipped when ../shared is absent (a user's clone).
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from diplograph.corpus.inputs import Article, read_inputs
from diplograph.corpus.runner import extract_records
from diplograph.network.resolve import assign_ids

FLOORS = {
    "seeds+dev": {
        "actor_f": 0.97, "role_acc": 0.95, "country_acc": 0.95, "place_f": 0.92, "org_f": 0.78, "event_f": 0.84,
        "event_place_acc": 0.87, "event_date_acc": 0.92, "event_status_acc": 0.94,
        "event_inperson_vs_call_acc": 0.95, "actor_merge_f": 0.98, "event_merge_f": 0.96,
    },
    "dev2": {
        "actor_f": 0.97, "role_acc": 0.94, "country_acc": 0.92, "place_f": 0.94, "event_f": 0.86,
        "event_place_acc": 0.88, "event_date_acc": 0.88, "event_status_acc": 0.94, "event_kind_acc": 0.88,
        "event_inperson_vs_call_acc": 0.95, "actor_merge_f": 0.98, "event_merge_f": 0.95,
    },
}
SETS = {"seeds+dev": ("seeds", "dev"), "dev2": ("dev2",)}
MAX_FALSE_EVENTS_PER_100 = 2.0  # on the negatives


@pytest.fixture(scope="module")
def scorer(shared_dir):
    spec = importlib.util.spec_from_file_location("diplograph_gold_score", shared_dir / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(nlp, shared_dir, scorer, tmp_path_factory):
    out = {}
    for name, dirs in SETS.items():
        gold_dirs = [shared_dir / "corpus" / d for d in dirs]
        articles = [a for a in read_inputs(gold_dirs) if isinstance(a, Article)]
        records = assign_ids(list(extract_records(articles, nlp=nlp)))
        predictions = tmp_path_factory.mktemp("quality") / "predictions.jsonl"
        predictions.write_text("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records),
                               encoding="utf-8")
        gold: dict = {}
        for directory in gold_dirs:
            gold.update(scorer.load_gold(directory))
        result = scorer.score(gold, scorer.load_pred(predictions))
        out[name] = {
            "actor_f": result["actor_p_r_f"][2], "role_acc": result["role_acc"],
            "country_acc": result["country_acc"], "place_f": result["place_p_r_f"][2],
            "org_f": result["org_p_r_f"][2], "event_f": result["event_p_r_f"][2],
            "event_place_acc": result["event_place_acc"], "event_date_acc": result["event_date_acc"],
            "event_status_acc": result["event_status_acc"], "event_kind_acc": result["event_kind_acc"],
            "event_inperson_vs_call_acc": result["event_inperson_vs_call_acc"],
            "actor_merge_f": result["actor_merge_bcubed_p_r_f"][2],
            "event_merge_f": result["event_merge_bcubed_p_r_f"][2], "missing": result["docs_missing"],
        }
    return out


@pytest.mark.parametrize("corpus", sorted(SETS))
def test_every_article_has_a_record(scores, corpus):
    assert scores[corpus]["missing"] == 0


@pytest.mark.parametrize(("corpus", "metric"), [(c, m) for c in sorted(FLOORS) for m in sorted(FLOORS[c])])
def test_quality_floor(scores, corpus, metric):
    value, floor = scores[corpus][metric], FLOORS[corpus][metric]
    assert value >= floor, f"{corpus}: {metric} = {value:.3f} fell below {floor}"


def test_no_meetings_in_news_without_diplomacy(nlp, shared_dir):
    path = shared_dir / "corpus" / "negatives" / "articles.jsonl"
    articles = [a for a in read_inputs([path]) if isinstance(a, Article)]
    records = list(extract_records(articles, nlp=nlp))
    false_events = sum(len(r.events) for r in records)
    assert len(records) == len(articles)
    assert 100 * false_events / len(records) <= MAX_FALSE_EVENTS_PER_100, [
        (r.id, [e.participants for e in r.events]) for r in records if r.events]
