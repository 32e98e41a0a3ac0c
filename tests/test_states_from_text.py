"""The state of a person from what the text says: genitives, country prefixes, demonyms, parentheses."""

from __future__ import annotations

import pytest

import diplograph


def countries(nlp, text: str) -> dict[str, str | None]:
    record = diplograph.extract(text, published="2024-03-05", nlp=nlp)
    return {actor.name: actor.country for actor in record.actors}


@pytest.mark.parametrize(("text", "name", "code"), [
    ("Mexikos Wirtschaftsminister Marcelo Beispiel sprach am Montag in Berlin mit Olaf Scholz.",
     "Marcelo Beispiel", "MX"),  # genitive state before the role
    ("Tansanias Präsidentin Samia Beispiel empfing am Montag Gäste aus Europa.", "Samia Beispiel", "TZ"),
    ("Serbiens Präsident Aleksandar Probe weigerte sich, seinen Kosovo-Amtskollegen Hashim Beispiel zu treffen.",
     "Hashim Beispiel", "XK"),  # a state's name as the role's prefix
    ("Bundeskanzler Olaf Scholz traf den senegalesischen Präsidenten Macky Beispiel in Dakar.",
     "Macky Beispiel", "SN"),  # demonym adjective of a state far from Europe
    ("Vucic komme nicht, teilte der Chef des serbischen Regierungsbüros für den Kosovo, Marko Probe, mit.",
     "Marko Probe", "RS"),  # the owner in the genitive, not the subject after "für"
    ("Der US-Offizier Patrick Beispiel hatte am Donnerstag einen Abschuss angekündigt.", "Patrick Beispiel", "US"),
    ("Die Sprecherin des US-Repräsentantenhauses, Beispielsen, reiste am Montag nach Manila.",
     "Beispielsen", "US"),  # a state's prefix on the noun of the role's complement
    ("Der Präsident der Knesset, Avi Beispiel, reiste am Montag nach Berlin.", "Avi Beispiel", "IL"),
    ("Die Sprecherin des australischen Repräsentantenhauses, Jane Beispiel, reiste nach Rom.", "Jane Beispiel", "AU"),
    ("Den Schritt begründete der in Serbiens Regierung für Verkehr zuständige Marko Petrović.",
     "Marko Petrović", "RS"),  # a state in the genitive before the group the person belongs to
    ("Die Delegation Kroatiens unter Leitung von Ivo Horvatić reiste am Montag ab.", "Ivo Horvatić", "HR"),
    ("Die Vorsitzende der Staatsduma, Olga Beispielowa, kam am Montag nach Minsk.", "Olga Beispielowa", "RU"),
    ("Die Außenminister Urmas Probe (Estland) und Rui Fonseca (Portugal) sprachen am Montag in Brüssel.",
     "Rui Fonseca", "PT"),  # the state in parentheses after the name
])
def test_state_stated_in_the_text(nlp, text: str, name: str, code: str) -> None:
    assert countries(nlp, text)[name] == code


def test_a_topic_prefix_is_no_state(nlp) -> None:
    found = countries(nlp, "Der Ukraine-Beauftragte Hans Muster reiste am Montag nach Warschau.")
    assert found.get("Hans Muster") != "UA"
