"""Roles: lexicon analysis (female forms, inflections, compounds) and attaching roles to persons."""

from __future__ import annotations

import pytest
import spacy
from helpers import run_components as run

from diplograph.pipeline.roles import _analyse


@pytest.mark.parametrize(("word", "base"), [
    ("Außenminister", "Außenminister"),
    ("Außenministers", "Außenminister"),
    ("Außenministerin", "Außenministerin"),
    ("Verteidigungsministerinnen", "Verteidigungsministerin"),
    ("Präsidenten", "Präsident"),
    ("Kommissionspräsidentin", "Kommissionspräsidentin"),
    ("US-Außenminister", "Außenminister"),
    ("Kremlsprecher", "Kremlsprecher"),
    ("Kreml-Chef", "Kreml-Chef"),
    ("Nahost-Sondergesandter", "Nahost-Sondergesandter"),
    ("Sondergesandten", "Sondergesandter"),
    ("Staatssekretärin", "Staatssekretärin"),
    ("Generalsekretärs", "Generalsekretär"),
])
def test_role_base_forms(word, base):
    analysed = _analyse(word, False)
    assert analysed is not None and analysed.base == base


@pytest.mark.parametrize("word", ["Lautsprecher", "Halbleiter", "Ministerium", "Präsidentschaft", "Minister-"])
def test_not_roles(word):
    assert _analyse(word, False) is None


def test_feminine_adjectival_noun():
    nlp = spacy.blank("de")
    from diplograph.pipeline.roles import analyse_role
    doc = nlp("die Beauftragte")
    assert analyse_role(doc[1]).base == "Beauftragte"


def test_two_people_two_roles(nlp):
    actors = run(nlp, "US-Außenminister Marco Rubio sprach mit Verteidigungsministerin Anna Beispielfrau.")
    assert actors["Marco Rubio"].roles == ["Außenminister"]
    assert actors["Marco Rubio"].role_phrases == ["US-Außenminister"]
    assert actors["Anna Beispielfrau"].roles == ["Verteidigungsministerin"]


def test_role_after_name_with_complement(nlp):
    actors = run(nlp, "Erika Beispiel, stellvertretende Staatssekretärin für Osteuropa und Zentralasien, "
                      "verhandelte in Wien.")
    erika = actors["Erika Beispiel"]
    assert erika.roles == ["stellvertretende Staatssekretärin"]
    assert erika.role_phrases == ["stellvertretende Staatssekretärin für Osteuropa und Zentralasien"]


def test_role_before_name_with_genitive(nlp):
    actors = run(nlp, "Der Präsident des Europäischen Rates, António Costa, lobte das Ergebnis.")
    assert "Präsident" in actors["António Costa"].roles
    assert actors["António Costa"].country == "EU"


def test_amtskollege_takes_the_counterpart_office(nlp):
    actors = run(nlp, "Außenminister Johann Wadephul traf seinen russischen Amtskollegen Sergej Lawrow in Genf.")
    lawrow = actors["Sergej Lawrow"]
    assert "Außenminister" in lawrow.roles and "Amtskollege" in lawrow.roles
    assert lawrow.country == "RU"


def test_knowledge_base_fills_missing_role(nlp):
    actors = run(nlp, "Am Abend telefonierte Emmanuel Macron mit Giorgia Meloni.")
    assert actors["Emmanuel Macron"].roles == ["Präsident"]
    assert actors["Giorgia Meloni"].country == "IT"


def test_possessive_apposition_belongs_to_the_next_name(nlp):
    import diplograph

    record = diplograph.extract("Außenministerin Annalena Baerbock, ihr polnischer Kollege Radosław Sikorski und "
                                "Gastgeber Jean-Noël Barrot trafen sich in Paris.", published="2024-03-08", nlp=nlp)
    countries = {a.name: a.country for a in record.actors}
    assert countries.get("Annalena Baerbock") == "DE"
    assert countries.get("Radosław Sikorski") == "PL"


def test_counterpart_takes_the_office_in_its_own_gender(nlp):
    import diplograph

    record = diplograph.extract("Die finnische Außenministerin Elina Valtonen empfing am Dienstag in Helsinki "
                                "ihren estnischen Kollegen Margus Tsahkna.", published="2025-04-09", nlp=nlp)
    roles = {a.name: a.roles for a in record.actors}
    assert "Außenministerin" in roles["Elina Valtonen"]
    assert "Außenminister" in roles["Margus Tsahkna"]
    assert "Außenministerin" not in roles["Margus Tsahkna"]


def test_counterpart_named_after_the_colleague(nlp):
    import diplograph

    record = diplograph.extract("Nach dem Treffen mit seinem chinesischen Amtskollegen Wang Yi in Peking sagte "
                                "Außenminister Sergej Lawrow, beide Länder stünden eng beieinander.",
                                published="2025-05-12", nlp=nlp)
    roles = {a.name: a.roles for a in record.actors}
    assert "Außenminister" in roles["Wang Yi"]
