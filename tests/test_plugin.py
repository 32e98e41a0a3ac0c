"""diplograph as a spaCy plugin: entry points, saved pipelines, assigns/requires, no global side effects.

The fresh-process tests run ``python -c`` in a temporary directory and never import diplograph explicitly:
spaCy must find the components and the bundled model's architecture through the package's entry points
(after editing them in pyproject.toml, re-run ``pip install -e . --no-deps``).
"""

from __future__ import annotations

import dataclasses
import gc
import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

import diplograph
from diplograph.pipeline import PIPELINE_COMPONENTS
from diplograph.pipeline.extensions import DOC_EXTENSIONS

# (text, published): sentences written for these tests
TEXTS = [
    ("Die Außenministerin Anna Beispiel traf am Montag in Paris ihren französischen Amtskollegen Jean Exemple.",
     "2025-03-05"),
    ("Bundeskanzler Max Muster empfängt am Freitag den polnischen Ministerpräsidenten Jan Przykład in Berlin. "
     "Die beiden wollen über die Zusammenarbeit in der Nato sprechen.", "2025-04-02"),
    ("Gipfel in Rom abgesagt\nDas für Mittwoch geplante Treffen der Präsidentin Eva Probe mit dem spanischen "
     "Außenminister Tomás Ejemplo in Rom wurde abgesagt.", None),
]
ALL_FACTORIES = ("diplograph_line_breaks", *PIPELINE_COMPONENTS)


def _events(nlp: Language, text: str, published: str | None) -> list[dict]:
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp(doc)
    return json.loads(json.dumps([dataclasses.asdict(e) for e in doc._.events]))


def _fresh_python(code: str, cwd: Path) -> dict:
    """Run ``code`` in a new interpreter (cwd: ``cwd``, so that the repository is not on sys.path) and
    return the JSON object it prints last."""
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def bundled():
    """The bundled pipeline as ``diplograph.load`` builds it, and the freeze count right after loading."""
    gc.unfreeze()
    nlp = diplograph.load("bundled")
    return nlp, gc.get_freeze_count()


def test_entry_points_name_every_factory_and_the_architecture():
    factories = {ep.name: ep for ep in entry_points(group="spacy_factories")}
    ours = {name for name in registry.factories.get_all() if name.startswith("diplograph_")}
    assert ours == set(ALL_FACTORIES)
    missing = ours - factories.keys()
    assert not missing, f"no spacy_factories entry point for {sorted(missing)}: re-run `pip install -e . --no-deps`"
    for name in ours:
        factories[name].load()  # importable (registers the factory as a side effect)
        assert Language.has_factory(name)
    architectures = {ep.name: ep for ep in entry_points(group="spacy_architectures")}
    assert "diplograph.LexiconHashEmbed.v1" in architectures
    assert architectures["diplograph.LexiconHashEmbed.v1"].load() is registry.architectures.get(
        "diplograph.LexiconHashEmbed.v1")


def test_saved_pipeline_loads_in_a_fresh_process(bundled, tmp_path):
    nlp, _ = bundled
    expected = [_events(nlp, text, published) for text, published in TEXTS]
    assert expected[0], "the first text should give a meeting"
    nlp.to_disk(tmp_path / "pipeline")
    code = f"""
import dataclasses, json, sys
import spacy
imported_before = "diplograph" in sys.modules
nlp = spacy.load({str(tmp_path / "pipeline")!r})
out = []
for text, published in {TEXTS!r}:
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp(doc)
    out.append([dataclasses.asdict(e) for e in doc._.events])
print(json.dumps({{"imported_before": imported_before, "pipe_names": nlp.pipe_names, "events": out,
                  "model": nlp.meta.get("diplograph_model")}}))
"""
    result = _fresh_python(code, tmp_path)
    assert result["imported_before"] is False
    assert result["pipe_names"] == nlp.pipe_names
    assert result["model"] == nlp.meta["diplograph_model"]
    assert result["events"] == expected


def test_blank_pipeline_takes_our_components_in_a_fresh_process(tmp_path):
    code = f"""
import json, sys
import spacy
imported_before = "diplograph" in sys.modules
nlp = spacy.blank("de")
nlp.add_pipe("sentencizer")
for name in {ALL_FACTORIES!r}:
    nlp.add_pipe(name)
doc = nlp.make_doc("Am 3. März 2025 traf US-Außenminister Marco Beispiel in Wien den Außenminister Jan Probe.")
doc._.published = "2025-03-05"
doc = nlp(doc)
print(json.dumps({{"imported_before": imported_before, "pipe_names": nlp.pipe_names,
                  "dates": [d.value for d in doc._.dates], "places": [p.name for p in doc._.places],
                  "events": len(doc._.events)}}))
"""
    result = _fresh_python(code, tmp_path)
    assert result["imported_before"] is False
    assert result["pipe_names"] == ["sentencizer", *ALL_FACTORIES]
    assert result["dates"] == ["2025-03-03"]
    assert "Wien" in result["places"]


def test_analyze_pipes_lists_assigns_and_requires(bundled):
    nlp, _ = bundled
    analysis = nlp.analyze_pipes()
    for name in ALL_FACTORIES:
        summary = analysis["summary"][name]
        assert summary["assigns"], name
        if name != "diplograph_line_breaks":  # (reads only the token texts)
            assert summary["requires"], name
    assert not any(analysis["problems"].values()), analysis["problems"]
    assert "diplograph_events" in analysis["attrs"]["doc._.events"]["assigns"]
    assert "diplograph_events" in analysis["attrs"]["doc._.dates"]["requires"]


def test_analyze_pipes_reports_a_wrong_order():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("diplograph_events")
    nlp.add_pipe("diplograph_dates")
    problems = nlp.analyze_pipes()["problems"]
    assert "doc._.dates" in problems["diplograph_events"]
    assert "doc._.actors" in problems["diplograph_events"]
    assert problems["diplograph_dates"] == ["token.morph"]  # no morphologizer: the tense rule's fallback


def test_declared_assigns_cover_what_each_component_writes(bundled):
    """Run the bundled pipeline one component at a time: every Doc extension a component sets, and a change of
    the entities, is among its declared ``assigns``."""
    nlp, _ = bundled
    text, published = TEXTS[1]
    doc = nlp.make_doc(text)
    doc._.published = published
    for name, component in nlp.pipeline:
        unset = {ext for ext in DOC_EXTENSIONS if getattr(doc._, ext) is None}
        ents = [(e.start, e.end, e.label_) for e in doc.ents]
        doc = component(doc)
        if not name.startswith("diplograph_"):
            continue
        assigns = set(nlp.get_pipe_meta(name).assigns)
        written = {f"doc._.{ext}" for ext in unset if getattr(doc._, ext) is not None}
        assert written <= assigns, (name, written - assigns)
        if [(e.start, e.end, e.label_) for e in doc.ents] != ents:
            assert "doc.ents" in assigns, name
        for attr in nlp.get_pipe_meta(name).requires + list(assigns):
            if attr.startswith("doc._."):
                assert Doc.has_extension(attr[len("doc._."):]), attr
    assert doc._.events


def test_loading_and_extracting_freeze_nothing(bundled):
    nlp, freeze_count_after_load = bundled
    assert freeze_count_after_load == 0
    from diplograph.corpus.inputs import Article
    from diplograph.corpus.runner import Extractor

    records = list(Extractor(nlp=nlp).pipe([Article("a", TEXTS[0][0], TEXTS[0][1])]))
    assert records[0].events
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
