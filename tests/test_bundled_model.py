"""The bundled German pipeline (tags, morphology, lemmas, dependencies, entities) and its lexicon features."""

from __future__ import annotations

import json

import pytest
import spacy

import diplograph.pipeline.ner_features as nf
from diplograph.pipeline.loading import BUNDLED_PATH

MODEL = BUNDLED_PATH


def test_lexicon_flags() -> None:
    assert nf.lexicon_flags("Regierung") & nf.NOUN
    assert nf.lexicon_flags("Angela") & nf.FIRST_NAME
    assert nf.lexicon_flags("Oslo") & nf.PLACE
    assert nf.lexicon_flags("EU-Kommission") & nf.HYPHEN_NOUN
    assert nf.lexicon_flags("reiste") == nf.LOWER
    assert nf.lexicon_flags("2024") == 0


def test_feature_columns() -> None:
    nlp = spacy.blank("de")
    doc = nlp("Angela reiste nach Oslo.")
    attrs = [spacy.attrs.intify_attr("NORM"), spacy.attrs.intify_attr("SHAPE")]
    feats = nf.doc_features(doc, attrs, affixes=[-4])
    assert feats.shape == (5, 4)
    assert feats.dtype.name == "uint64"
    assert list(feats[:, 0]) == [t.norm for t in doc]
    assert feats[0, 2] == spacy.strings.hash_string("gela")
    assert list(feats[:, 3]) == [nf.lexicon_flags(t.text) for t in doc]


def test_embed_layer_output_shape() -> None:
    nlp = spacy.blank("de")
    docs = [nlp("Angela reiste nach Oslo."), nlp("Hallo")]
    model = nf.LexiconHashEmbed(16, ["NORM", "SHAPE"], [100, 50], lexicon_rows=32, affixes=[3], affix_rows=[50])
    model.initialize(X=docs)
    out = model.predict(docs)
    assert [o.shape for o in out] == [(5, 16), (1, 16)]


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    return spacy.load(MODEL)


def test_model_meta(nlp: spacy.Language) -> None:
    meta = json.loads((MODEL / "meta.json").read_text())
    assert meta["name"] == "de_diplograph"
    assert nlp.lang == "de"
    for name in ("tagger", "morphologizer", "parser", "lemmatizer", "ner"):
        assert name in nlp.pipe_names
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG", "MISC"}
    sources = json.dumps(meta["sources"])
    assert "UD German GSD" in sources and "GermEval" in sources
    assert meta["license"] == "CC BY-SA 4.0"  # trained on CC BY-SA treebanks


def test_published_scores_meet_the_targets() -> None:
    """The scores the training script measured on UD GSD test (never trained on) and GermEval dev."""
    performance = json.loads((MODEL / "meta.json").read_text())["performance"]
    assert performance["gsd_test_upos"] >= 0.92
    assert performance["gsd_test_las"] >= 0.66
    assert performance["ents_f"] >= 0.668


def test_model_annotates_syntax_and_entities(nlp: spacy.Language) -> None:
    doc = nlp("Die Außenministerin traf am Montag in Paris ihren französischen Amtskollegen.")
    by_text = {t.text: t for t in doc}
    assert by_text["traf"].pos_ == "VERB" and by_text["traf"].lemma_ == "treffen"
    assert by_text["Außenministerin"].dep_ == "nsubj" and by_text["Außenministerin"].head.text == "traf"
    assert by_text["Amtskollegen"].pos_ == "NOUN" and "Case" in by_text["Amtskollegen"].morph.to_dict()
    assert by_text["am"].tag_ == "APPRART"
    doc = nlp("Bundeskanzlerin Angela Merkel reiste am Montag nach Paris.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Angela Merkel", "PER") in ents
    assert ("Paris", "LOC") in ents


def test_model_size() -> None:
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size <= 40 * 1024 * 1024
