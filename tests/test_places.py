"""Places component: GeoNames/CLDR normalisation, inflection, gazetteer pass, false friends."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from diplograph.pipeline import places as places_mod
from diplograph.records import Place


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("diplograph_places")
    return nlp


def run(nlp, text: str, ents: list[tuple[str, str]] = ()) -> list[Place]:
    """Tag the given (substring, label) pairs as entities by hand, then run the pipeline."""
    doc = nlp.make_doc(text)
    spans: list[Span] = []
    for surface, label in ents:
        start = text.index(surface)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = spans
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc._.places


def by_name(places: list[Place]) -> dict[str, Place]:
    return {p.name: p for p in places}


def test_inflected_city_merges_into_nominative(blank):
    text = "Moskaus Haltung ist bekannt. Der Gesandte flog danach nach Moskau."
    found = by_name(run(blank, text, [("Moskaus", "LOC"), ("Moskau.", "LOC")]))
    assert list(found) == ["Moskau"]
    moscow = found["Moskau"]
    assert moscow.normalized == "Moscow" and moscow.country == "RU"
    assert moscow.lat == pytest.approx(55.75, abs=0.2) and moscow.lon == pytest.approx(37.6, abs=0.2)
    assert [m.text for m in moscow.mentions] == ["Moskaus", "Moskau"]
    assert [m.sentence for m in moscow.mentions] == [0, 1]
    assert text[moscow.mentions[1].start:moscow.mentions[1].end] == "Moskau"


def test_exonyms_resolve_to_geonames(blank):
    found = by_name(run(blank, "Die Gespräche in Riad und in Genf wurden in Kyjiw verfolgt.",
                        [("Riad", "LOC"), ("Genf", "LOC"), ("Kyjiw", "LOC")]))
    assert found["Riad"].normalized == "Riyadh" and found["Riad"].country == "SA"
    assert found["Genf"].normalized == "Geneva" and found["Genf"].country == "CH"
    assert found["Kyjiw"].normalized == "Kyiv" and found["Kyjiw"].geonameid is not None


def test_country_names_from_cldr_with_inflection(blank):
    text = "Chinas Außenminister sprach mit Vertretern der Vereinigten Staaten über den Iran."
    found = by_name(run(blank, text, [("Chinas", "LOC"), ("Vereinigten Staaten", "LOC"), ("Iran", "LOC")]))
    assert found["China"].country == "CN"
    assert found["Vereinigte Staaten"].country == "US"
    assert found["Vereinigte Staaten"].mentions[0].text == "Vereinigten Staaten"
    assert found["Iran"].country == "IR"


def test_different_names_of_one_place_stay_separate_but_share_id(blank):
    found = by_name(run(blank, "Die USA, also die Vereinigten Staaten, schwiegen.",
                        [("USA", "LOC"), ("Vereinigten Staaten", "LOC")]))
    assert set(found) == {"USA", "Vereinigte Staaten"}
    assert found["USA"].geonameid == found["Vereinigte Staaten"].geonameid


def test_gazetteer_finds_places_the_ner_missed(blank):
    found = by_name(run(blank, "Die Delegation reiste über Genf nach Peking und weiter in die Türkei."))
    assert set(found) == {"Genf", "Peking", "Türkei"}
    assert found["Türkei"].country == "TR"


def test_gazetteer_genitive(blank):
    found = by_name(run(blank, "Ein Sprecher Pekings widersprach."))
    assert found["Peking"].mentions[0].text == "Pekings"


def test_false_friends_are_not_places(blank):
    text = "Nach dem Essen in der Halle gab es am Ende ein Bad. Man war zufrieden, dabei blieb es."
    assert run(blank, text) == []


def test_person_names_are_not_places(blank):
    text = "Marco Rubio traf den Gesandten. Rubio lobte das Treffen."
    assert run(blank, text, [("Marco Rubio", "PER")]) == []


def test_single_token_person_tag_on_a_capital_becomes_a_place(blank):
    found = by_name(run(blank, "Die Waffenruhe gilt, wenn Kiew zustimmt.", [("Kiew", "PER")]))
    assert found["Kiew"].country == "UA"


def test_unresolved_venue_is_kept_and_common_noun_dropped(blank):
    found = by_name(run(blank, "Im Oval Office ging es um die Erde.", [("Oval Office", "LOC"), ("Erde", "LOC")]))
    assert set(found) == {"Oval Office"}
    assert found["Oval Office"].normalized is None


def test_slash_joined_places_are_split(blank):
    text = "Der Draht Washington/Moskau bleibt offen."
    found = by_name(run(blank, text, [("Washington/Moskau", "LOC")]))
    assert set(found) == {"Washington", "Moskau"}
    mention = found["Moskau"].mentions[0]
    assert text[mention.start:mention.end] == "Moskau"


def test_org_tag_counts_only_for_well_known_places(blank):
    found = by_name(run(blank, "Laut Xinhua äußerte sich Peking zurückhaltend.",
                        [("Xinhua", "ORG"), ("Peking", "ORG")]))
    assert set(found) == {"Peking"}


def test_lookup_table_is_built_once():
    assert places_mod.gazetteer(100_000) is places_mod.gazetteer(100_000)


def test_full_pipeline_sets_places(nlp):
    doc = nlp("Der Außenminister reiste am Montag nach Moskau und anschließend nach Peking.")
    names = {p.name for p in doc._.places}
    assert {"Moskau", "Peking"} <= names
    assert isinstance(doc, Doc)
