"""One article that makes a pipeline component fail loses nothing else."""

from __future__ import annotations

import spacy
from spacy.language import Language

import diplograph.pipeline  # noqa: F401  (registers diplograph_actors)
from diplograph.corpus.inputs import Article
from diplograph.corpus.runner import Extractor


@Language.component("test_explodes_on_boom")
def _explodes(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("component failed on purpose")
    return doc


def test_failing_article_gets_a_warning_record_and_the_batch_goes_on():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PER", "pattern": "Olaf Scholz"}])
    nlp.add_pipe("test_explodes_on_boom")
    nlp.add_pipe("diplograph_actors")
    nlp.meta["diplograph_model"] = "test-explodes"
    articles = [Article("a", "Olaf Scholz reiste ab."), Article("b", "BOOM"), Article("c", "Olaf Scholz kam an.")]
    records = list(Extractor(nlp=nlp).pipe(articles, batch_size=3))
    assert [r.id for r in records] == ["a", "b", "c"]
    assert [a.name for a in records[0].actors] == ["Olaf Scholz"]
    assert [a.name for a in records[2].actors] == ["Olaf Scholz"]
    assert records[1].actors == [] and any("extraction failed" in w for w in records[1].warnings)
