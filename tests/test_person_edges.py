"""Person spans never begin or end in a preposition, particle, verb or punctuation ("Putin zu")."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from diplograph.pipeline.persons import without_function_words


def make(words: list[str], pos: list[str] | None = None) -> Doc:
    return Doc(spacy.blank("de").vocab, words=words, pos=pos)


def test_trailing_preposition_and_particle_go_with_tags() -> None:
    doc = make(["Ali", "Probe", "zu", "Ende", "."], ["PROPN", "PROPN", "ADP", "NOUN", "PUNCT"])
    assert without_function_words(doc[0:3]) == doc[0:2]


def test_trailing_verb_goes_only_when_tagged_as_one() -> None:
    words = ["Anna", "Beispiel", "verhandelte"]
    tagged = make(words, ["PROPN", "PROPN", "VERB"])
    assert without_function_words(tagged[0:3]) == tagged[0:2]
    untagged = make(words)
    assert without_function_words(untagged[0:3]) == untagged[0:3]  # no tags: a guess is not made


def test_name_particles_stay_inside_and_at_the_start() -> None:
    doc = make(["von", "der", "Probe", "und"], ["ADP", "DET", "PROPN", "CCONJ"])
    assert without_function_words(doc[0:4]) == doc[0:3]


def test_punctuation_only_span_is_dropped() -> None:
    doc = make(["„", ",", "Anna"], ["PUNCT", "PUNCT", "PROPN"])
    assert without_function_words(doc[0:2]) is None
    assert without_function_words(doc[0:3]) == doc[2:3]


def test_a_known_surname_that_is_a_german_noun_is_no_name_on_its_own() -> None:
    from diplograph.pipeline.knowledge import surnames
    from diplograph.pipeline.person_words import SURNAME, _in, knowledge_class

    nouns = [w for w in surnames() if _in(w, "nouns") and len(w) >= 4]
    assert all(not knowledge_class(w) & SURNAME for w in nouns)
    distinctive = [w for w in surnames() if not _in(w, "nouns") and len(w) >= 6 and not _in(w, "places")]
    assert any(knowledge_class(w) & SURNAME for w in distinctive)


def test_an_article_after_a_name_starts_the_next_phrase() -> None:
    doc = make(["Anna", "Probe", "den", "Sahel-Staat", "Niger"])
    assert without_function_words(doc[0:4]) == doc[0:2]


def test_an_article_after_a_name_particle_belongs_to_the_name() -> None:
    for words in (["Von", "der", "Probe"], ["Jan", "van", "den", "Probe"]):
        doc = make(words)
        assert without_function_words(doc[0:len(words)]) == doc[0:len(words)]
