"""Countries of actors: prefixes, demonyms in every inflection, genitives, institutions, knowledge base."""

from __future__ import annotations

import pytest
from helpers import run_components as run

from diplograph.pipeline.countries import country_of_name, demonym_code
from diplograph.pipeline.knowledge import best_holder


@pytest.mark.parametrize("word", ["russische", "russischen", "russischer", "Russisches", "russischem"])
def test_demonym_inflections(word):
    assert demonym_code(word) == "RU"


@pytest.mark.parametrize(("word", "code"), [("saudischen", "SA"), ("US-amerikanische", "US"),
                                            ("chinesischer", "CN"), ("türkischen", "TR")])
def test_other_demonyms(word, code):
    assert demonym_code(word) == code


@pytest.mark.parametrize(("name", "code"), [("Frankreichs", "FR"), ("Iran", "IR"), ("Irans", "IR"),
                                            ("Ukraine", "UA"), ("USA", "US")])
def test_country_names_from_cldr(name, code):
    assert country_of_name(name) == code


@pytest.mark.parametrize(("text", "name", "code"), [
    ("Der saudische Außenminister Karim Beispiel landete in Doha.", "Karim Beispiel", "SA"),
    ("Die Sprecherin des Weißen Hauses, Lena Muster, bestätigte das Treffen.", "Lena Muster", "US"),
    ("Kremlsprecher Pawel Beispielow dementierte.", "Pawel Beispielow", "RU"),
    ("Die Außenministerin Frankreichs, Claire Exemple, reiste nach Kiew.", "Claire Exemple", "FR"),
    ("EU-Sondergesandter Tomas Beispiel traf Vertreter beider Seiten.", "Tomas Beispiel", "EU"),
    ("Die US-Delegation wurde von Jane Example geleitet.", "Jane Example", "US"),
    ("Der Generalsekretär der Organisation Amerikanischer Staaten, Paul Beispiel, sprach.", "Paul Beispiel", "OAS"),
    ("Der Sprecher des ukrainischen Außenministeriums, Petro Beispiel, sagte das.", "Petro Beispiel", "UA"),
])
def test_country_from_text(nlp, text, name, code):
    assert run(nlp, text)[name].country == code


def test_knowledge_base_uses_the_published_date():
    assert best_holder("Olaf Scholz", published="2024-04-16").office == "Bundeskanzler"
    assert best_holder("Baerbock", published="2025-10-01").country == "UN"
    assert best_holder("Baerbock", published="2024-10-01").country == "DE"


def test_surname_only_known_person(nlp):
    actors = run(nlp, "Putin ließ die Frage offen.")
    assert actors["Putin"].country == "RU"
