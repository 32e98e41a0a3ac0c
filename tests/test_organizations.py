"""Organisations: NER ORG entities, well-known names and institutions named by their German word."""

from __future__ import annotations

import diplograph


def orgs(nlp, text: str) -> list[str]:
    return [o.name for o in diplograph.extract(text, nlp=nlp).organizations]


def test_known_organisations_and_institutions(nlp):
    found = orgs(nlp, "Ein Sprecher des US-Außenministeriums sagte, die NATO und die Vereinten Nationen "
                      "seien informiert; auch das Weiße Haus und die Bundesregierung äußerten sich.")
    assert "US-Außenministeriums" in found
    assert "NATO" in found
    assert "Vereinten Nationen" in found
    assert "Bundesregierung" in found


def test_demonym_belongs_to_the_ministry(nlp):
    found = orgs(nlp, "Eine Sprecherin des polnischen Außenministeriums bestätigte den Termin.")
    assert "polnischen Außenministeriums" in found


def test_a_person_is_no_organisation(nlp):
    found = orgs(nlp, "Bundeskanzler Olaf Scholz sprach mit Journalisten.")
    assert "Olaf Scholz" not in found
