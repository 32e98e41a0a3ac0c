"""A meeting needs a side that is a state or holds an office: sports, business and local news have none."""

from __future__ import annotations

import pytest

import diplograph
from diplograph.pipeline.roles import is_office


@pytest.mark.parametrize("role", ["Außenministerin", "designierte Präsident", "US-Botschafter", "Sondergesandter",
                                  "Regierungssprecher", "Kremlchef", "Generalsekretär", "Militärmachthaber",
                                  "Staatspräsident", "EU-Kommissionspräsidentin", "Kosovo-Präsident"])
def test_offices_of_states_and_bodies(role: str) -> None:
    assert is_office(role)


@pytest.mark.parametrize("role", ["Geschäftsführer", "oberster Chef", "Fachbereichsleiter", "Trainer",
                                  "Vorsitzende", "Sprecher", "Bürgermeister", "Arbeitgeberpräsident",
                                  "Generaldirektor", "Polizeikommissar", "Vereinspräsident"])
def test_posts_that_companies_clubs_and_towns_have(role: str) -> None:
    assert not is_office(role)


@pytest.mark.parametrize("text", [
    "Der Volleyballtrainer Max Muster traf am Samstag in der Halle seinen alten Rivalen Tim Probe.",
    "Geschäftsführer Karl Beispiel und Betriebsratschef Uwe Muster führten am Montag Gespräche über Löhne.",
    "Der Verdi-Vorsitzende Frank Probe führte am Dienstag Gespräche mit Arbeitgeberpräsident Karl Muster.",
    "Der deutsche Konzernchef Max Muster traf am Montag den amerikanischen Investor John Probe in New York.",
    "Beim Fantreffen in Bonn trafen die Schauspieler Lara Probe und Ben Beispiel hunderte Besucher.",
])
def test_no_meeting_without_a_state_or_an_office(nlp, text: str) -> None:
    assert diplograph.extract(text, published="2025-03-10", nlp=nlp).events == []


def test_office_holders_without_a_known_state_still_meet(nlp) -> None:
    text = "Der Militärmachthaber Omar Beispiel traf am Montag in Dschidda den Milizenführer Ali Probe zu Gesprächen."
    events = diplograph.extract(text, published="2025-03-10", nlp=nlp).events
    assert len(events) == 1 and {"Omar Beispiel", "Ali Probe"} <= set(events[0].participants)
