"""The state of a participant from the sides of the meeting it takes part in (network.meeting_sides)."""

from __future__ import annotations

import diplograph
from diplograph.network.meeting_sides import states_from_sides
from diplograph.records import Actor, DocRecord, Event


def record(actors: list[Actor], events: list[Event]) -> DocRecord:
    return DocRecord(id="a", model="test", actors=actors, events=events)


def test_the_one_unknown_participant_represents_the_one_side_left() -> None:
    rec = record([Actor("Ana Beispiel", country="CL"), Actor("Jorge Muster")],
                 [Event("meeting", "held", ["Ana Beispiel", "Jorge Muster"], ["CL", "PE"])])
    assert states_from_sides(rec).actors[1].country == "PE"


def test_a_state_the_text_gave_is_kept() -> None:
    rec = record([Actor("Ana Beispiel", country="CL"), Actor("Jorge Muster", country="BO")],
                 [Event("meeting", "held", ["Ana Beispiel", "Jorge Muster"], ["BO", "CL", "PE"])])
    assert states_from_sides(rec).actors[1].country == "BO"


def test_no_state_when_the_sides_leave_a_choice() -> None:
    rec = record([Actor("Ana Beispiel", country="CL"), Actor("Jorge Muster")],
                 [Event("meeting", "held", ["Ana Beispiel", "Jorge Muster"], ["CL", "PE", "BO"])])
    assert states_from_sides(rec).actors[1].country is None


def test_no_state_when_two_participants_are_unknown() -> None:
    rec = record([Actor("Ana Beispiel"), Actor("Jorge Muster")],
                 [Event("meeting", "held", ["Ana Beispiel", "Jorge Muster"], ["CL", "PE"])])
    assert [a.country for a in states_from_sides(rec).actors] == [None, None]


def test_meetings_that_disagree_give_no_state() -> None:
    rec = record([Actor("Ana Beispiel", country="CL"), Actor("Jorge Muster"), Actor("Luz Ejemplo", country="AR")],
                 [Event("meeting", "held", ["Ana Beispiel", "Jorge Muster"], ["CL", "PE"]),
                  Event("call", "held", ["Luz Ejemplo", "Jorge Muster"], ["AR", "BO"])])
    assert states_from_sides(rec).actors[1].country is None


def test_a_headline_naming_both_states_gives_the_second_minister_his(nlp) -> None:
    text = ("Treffen der Außenminister Kenias und Tansanias\n\n"
            "Der kenianische Außenminister Peter Beispiel und sein Amtskollege John Muster sind am Montag in Arusha "
            "zusammengetroffen.")
    rec = diplograph.extract(text, published="2024-03-13", nlp=nlp)
    states = {a.name: a.country for a in rec.actors}
    assert states == {"Peter Beispiel": "KE", "John Muster": "TZ"}
