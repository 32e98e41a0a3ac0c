"""Model selection: auto order, explicit names and paths, errors that say how to install."""

from __future__ import annotations

import gc
import importlib.util

import pytest
import spacy

import diplograph
from diplograph.pipeline import PIPELINE_COMPONENTS
from diplograph.pipeline import loading as pipeline


def test_auto_prefers_lg_then_md_then_sm(monkeypatch):
    installed = {"de_core_news_md", "de_core_news_sm"}
    monkeypatch.setattr(pipeline, "is_installed", lambda name: name in installed)
    assert pipeline.resolve_model("auto") == "de_core_news_md"
    installed.add("de_core_news_lg")
    assert pipeline.resolve_model("auto") == "de_core_news_lg"


def test_auto_falls_back_to_the_bundled_model(monkeypatch):
    monkeypatch.setattr(pipeline, "is_installed", lambda name: False)
    assert pipeline.resolve_model("auto") == pipeline.BUNDLED_PATH
    assert pipeline.resolve_model("bundled") == pipeline.BUNDLED_PATH


def test_missing_package_says_how_to_install(monkeypatch):
    monkeypatch.setattr(pipeline, "is_installed", lambda name: False)
    with pytest.raises(pipeline.ModelNotFoundError, match=r'pip install -e "\.\[lg\]"'):
        pipeline.resolve_model("de_core_news_lg")
    with pytest.raises(pipeline.ModelNotFoundError, match="pip install some_other_model"):
        pipeline.resolve_model("some_other_model")


def test_missing_path_is_named(tmp_path):
    with pytest.raises(pipeline.ModelNotFoundError, match="does-not-exist"):
        diplograph.load(tmp_path / "does-not-exist")


def test_explicit_path_is_honoured_and_reported(tmp_path):
    blank = spacy.blank("de")
    blank.add_pipe("entity_ruler").add_patterns([{"label": "PER", "pattern": "Olaf Scholz"}])
    blank.meta["name"] = "ruler_only"
    blank.meta["version"] = "1.2.3"
    blank.to_disk(tmp_path / "ruler")
    nlp = diplograph.load(tmp_path / "ruler")
    assert nlp.pipe_names[0] == "sentencizer"  # no parser: sentences come from punctuation and line breaks
    assert all(name in nlp.pipe_names for name in PIPELINE_COMPONENTS)
    record = diplograph.extract("Olaf Scholz reiste ab.", nlp=nlp)
    assert record.model == "de_ruler_only-1.2.3"
    assert [a.name for a in record.actors] == ["Olaf Scholz"]


def test_the_bundled_model_names_itself(nlp):
    assert pipeline.model_label(nlp).startswith("de_diplograph-")


@pytest.mark.lg
@pytest.mark.skipif(importlib.util.find_spec("de_core_news_lg") is None, reason="de_core_news_lg is not installed")
def test_large_model_extracts_a_meeting():
    nlp = diplograph.load("de_core_news_lg")
    record = diplograph.extract("US-Außenminister Marco Rubio traf am Dienstag in Riad seinen russischen "
                                "Amtskollegen Sergej Lawrow.", published="2025-02-20", nlp=nlp)
    assert record.model.startswith("de_core_news_lg")
    assert record.events and {"US", "RU"} <= set(record.events[0].parties)


def test_load_warms_up_and_leaves_the_collector_alone():
    """Loading has no global side effect on the garbage collector: nothing is frozen (the pipeline stays
    where the collector tracks it), with or without the warm-up run."""
    gc.unfreeze()
    for warm_up in (True, False):
        nlp = diplograph.load(model="bundled", warm_up=warm_up)
        assert gc.get_freeze_count() == 0
        tracked = {id(obj) for obj in gc.get_objects()}
        assert id(nlp) in tracked and id(nlp.get_pipe("diplograph_events")) in tracked
    doc = nlp("Der Außenminister Max Beispiel traf am Montag in Rom den Präsidenten Pietro Esempio.")
    assert doc._.events
