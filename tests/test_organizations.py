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


def test_the_known_names_are_the_components_data(tmp_path):
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("diplograph_organizations")
    component = nlp.get_pipe("diplograph_organizations")
    text = "Der Bund der Beispiele tagte mit der NATO."

    def found() -> list[str]:
        return [s.text for s in nlp(text)._.organizations]

    assert found() == ["NATO"]
    component.add_names(["Bund der Beispiele"])
    assert found() == ["Bund der Beispiele", "NATO"]
    nlp.to_disk(tmp_path)
    assert (tmp_path / "diplograph_organizations" / "names.txt").read_text("utf-8").endswith("Bund der Beispiele\n")
    reloaded = spacy.load(tmp_path)
    assert [s.text for s in reloaded(text)._.organizations] == ["Bund der Beispiele", "NATO"]
    component.initialize(names=["Bund der Beispiele"])  # replaces the shipped list
    assert found() == ["Bund der Beispiele"]
