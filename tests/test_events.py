"""Meeting events on sentences written for these tests.

The pipeline here is a blank German tokenizer + an entity ruler (so the tests do not depend on the
statistical NER) + all of diplograph's components; a last test runs the bundled model end to end.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

import diplograph
from diplograph.pipeline import PIPELINE_COMPONENTS
from diplograph.pipeline.events.rules import decide_status, lexicon, trigger_type

PERSONS = [
    "Annalena Baerbock", "Jean-Noël Barrot", "Olaf Scholz", "Justin Trudeau", "Emmanuel Macron",
    "Pedro Sánchez", "Joe Biden", "Xi Jinping", "Wladimir Putin", "Giorgia Meloni", "Narendra Modi",
    "Rustem Umjerow", "Marco Rubio", "Keir Starmer", "Recep Tayyip Erdoğan", "Luiz Inácio Lula da Silva",
    "Baerbock", "Barrot", "Scholz", "Macron", "Biden", "Putin", "Modi", "Rubio", "Meloni",
]
PLACES = ["Paris", "Madrid", "Genf", "Rom", "Brüssel", "Washington", "Riad", "Dschidda", "USA", "Russlands",
          "Ankara", "Brasília", "London"]


@pytest.fixture(scope="module")
def ruler_nlp():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": name} for name in PERSONS]
                       + [{"label": "LOC", "pattern": name} for name in PLACES])
    for name in PIPELINE_COMPONENTS:
        nlp.add_pipe(name)
    nlp.meta["diplograph_model"] = "test-entity-ruler"
    return nlp


def events(nlp, text: str, published: str = "2024-03-08"):
    return diplograph.extract(text, published=published, nlp=nlp).events


def only(evs):
    assert len(evs) == 1, [(e.type, e.status, e.participants) for e in evs]
    return evs[0]


def test_held_meeting_with_place_and_date(ruler_nlp):
    ev = only(events(ruler_nlp, "Außenministerin Annalena Baerbock traf am Montag in Paris ihren "
                                "französischen Amtskollegen Jean-Noël Barrot."))
    assert ev.type == "meeting"
    assert ev.status == "held"
    assert set(ev.participants) == {"Annalena Baerbock", "Jean-Noël Barrot"}
    assert ev.place == "Paris"
    assert ev.date == "2024-03-04"
    assert ev.evidence and ev.evidence[0].text.startswith("Außenministerin")
    assert 0 <= ev.confidence <= 1


def test_call(ruler_nlp):
    ev = only(events(ruler_nlp, "Bundeskanzler Olaf Scholz telefonierte am Dienstag mit dem kanadischen "
                                "Premierminister Justin Trudeau."))
    assert ev.type == "call"
    assert ev.status == "held"
    assert ev.place is None
    assert {"DE", "CA"} <= set(ev.parties)


def test_planned_meeting(ruler_nlp):
    ev = only(events(ruler_nlp, "Präsident Emmanuel Macron will in der kommenden Woche den spanischen "
                                "Regierungschef Pedro Sánchez in Madrid treffen."))
    assert ev.status == "planned"
    assert ev.place == "Madrid"


def test_cancelled_meeting(ruler_nlp):
    ev = only(events(ruler_nlp, "Das geplante Treffen zwischen Joe Biden und Xi Jinping in Genf wurde "
                                "kurzfristig abgesagt."))
    assert ev.status == "cancelled"
    assert set(ev.participants) == {"Joe Biden", "Xi Jinping"}


def test_postponed_counts_as_cancelled(ruler_nlp):
    ev = only(events(ruler_nlp, "Der Besuch von Narendra Modi bei Giorgia Meloni in Rom wurde verschoben."))
    assert ev.status == "cancelled"


@pytest.mark.parametrize("text", [
    "Wladimir Putin und Joe Biden waren beide in Genf, ohne dass es zu einem Treffen kam.",
    "Joe Biden schließt ein Treffen mit Wladimir Putin aus.",
    "Ein mögliches Treffen zwischen Emmanuel Macron und Xi Jinping wird in Paris diskutiert.",
    "Ein Treffen zwischen Joe Biden und Xi Jinping in Genf ist nicht geplant.",
])
def test_negation_and_hypothetical_never_held(ruler_nlp, text):
    assert all(ev.status != "held" for ev in events(ruler_nlp, text))


def test_not_only_is_no_negation(ruler_nlp):
    ev = only(events(ruler_nlp, "Olaf Scholz traf in Rom nicht nur Giorgia Meloni, sondern sprach auch mit Joe Biden."))
    assert ev.status == "held"


def test_summit(ruler_nlp):
    ev = only(events(ruler_nlp, "Auf dem Gipfel in Brüssel berieten Giorgia Meloni und Olaf Scholz "
                                "über die Hilfe für die Ukraine."))
    assert ev.type == "summit"
    assert ev.place == "Brüssel"


def test_visit_adds_the_host_state(ruler_nlp):
    found = events(ruler_nlp, "Der indische Premierminister Narendra Modi besuchte am Mittwoch Washington "
                              "und reiste dann weiter nach London.")
    # each stop of the trip is a visit of its own, with the state it took him to
    assert [(ev.type, ev.place, sorted(ev.parties)) for ev in found] == [("visit", "Washington", ["IN", "US"]),
                                                                        ("visit", "London", ["GB", "IN"])]


def test_talks_between_states_without_named_persons(ruler_nlp):
    ev = only(events(ruler_nlp, "In Riad begannen am Dienstag Verhandlungen zwischen Vertretern der USA "
                                "und Russlands."))
    assert ev.type == "talks"
    assert set(ev.parties) == {"US", "RU"}
    assert ev.place == "Riad"
    assert ev.participants == []


def test_delegation_led_meeting(ruler_nlp):
    text = ("Die ukrainische Delegation wurde von Verteidigungsminister Rustem Umjerow geleitet. "
            "Sie traf in Dschidda die amerikanische Delegation unter Leitung von Außenminister Marco Rubio.")
    ev = only(events(ruler_nlp, text))
    assert set(ev.participants) == {"Rustem Umjerow", "Marco Rubio"}
    assert set(ev.parties) == {"UA", "US"}
    assert ev.place == "Dschidda"


def test_two_meetings_in_one_sentence(ruler_nlp):
    evs = events(ruler_nlp, "Am Montag traf Olaf Scholz den Präsidenten Emmanuel Macron in Paris, am Dienstag "
                            "telefonierte Joe Biden mit Keir Starmer.")
    assert len(evs) == 2
    by_type = {ev.type: ev for ev in evs}
    assert set(by_type["meeting"].participants) == {"Olaf Scholz", "Emmanuel Macron"}
    assert set(by_type["call"].participants) == {"Joe Biden", "Keir Starmer"}


def test_repeated_mentions_merge_with_all_evidence(ruler_nlp):
    text = ("Olaf Scholz hat am Montag in Rom Giorgia Meloni getroffen. "
            "Bei dem Treffen sprachen Scholz und Meloni über Migration.")
    ev = only(events(ruler_nlp, text))
    assert len(ev.evidence) == 2


def test_article_without_meeting(ruler_nlp):
    text = ("Der Bundestag beschloss am Freitag ein neues Gesetz zur Rente. Olaf Scholz lobte die Einigung, "
            "die Opposition kritisierte die Kosten.")
    assert events(ruler_nlp, text) == []


def test_status_rules_directly():
    assert decide_status(lexicon(), ["das", "treffen", "wurde", "abgesagt"], "Treffen", None, None) == "cancelled"
    assert decide_status(lexicon(), ["sie", "trafen", "sich"], "trafen", None, None) == "held"
    assert decide_status(lexicon(), ["das", "treffen", "soll", "stattfinden"], "Treffen", None, None) == "planned"
    lex = lexicon()
    assert decide_status(lex, ["das", "treffen", "am", "freitag"], "Treffen", "2024-05-10", "2024-05-01") == "planned"
    assert decide_status(lexicon(), ["ohne", "ein", "treffen"], "Treffen", None, None) is None


def test_trigger_types():
    assert trigger_type(lexicon(), "Gipfeltreffen", set()) == "summit"
    assert trigger_type(lexicon(), "Telefonat", set()) == "call"
    assert trigger_type(lexicon(), "Antrittsbesuch", set()) == "visit"
    assert trigger_type(lexicon(), "Verhandlungen", set()) == "talks"
    assert trigger_type(lexicon(), "Gespräche", set()) == "talks"
    assert trigger_type(lexicon(), "Gespräch", set()) == "meeting"
    assert trigger_type(lexicon(), "EU-China-Gipfel", set()) == "summit"
    assert trigger_type(lexicon(), "trafen", set()) == "meeting"
    assert trigger_type(lexicon(), "Besucher", set()) is None
    assert trigger_type(lexicon(), "sprach", set()) is None
    assert trigger_type(lexicon(), "sprach", {"mit"}) == "talks"


def test_dependency_path_links_subject_and_object(ruler_nlp):
    """With a parser, the trigger's subject/object subtrees decide who met whom.

    The parse is given by hand (TIGER labels as in de_core_news_*): two clauses, two meetings.
    """
    words = ["Scholz", "traf", "Macron", "und", "Biden", "empfing", "Meloni", "."]
    heads = [1, 1, 1, 1, 5, 1, 5, 1]
    deps = ["sb", "ROOT", "oa", "cd", "sb", "cj", "oa", "punct"]
    pos = ["PROPN", "VERB", "PROPN", "CCONJ", "PROPN", "VERB", "PROPN", "PUNCT"]
    doc = Doc(ruler_nlp.vocab, words=words, heads=heads, deps=deps, pos=pos,
              sent_starts=[True] + [False] * 7)
    doc.ents = [doc.char_span(doc[i].idx, doc[i].idx + len(doc[i].text), label="PER") for i in (0, 2, 4, 6)]
    doc._.published = "2024-03-08"
    for name in PIPELINE_COMPONENTS:
        doc = ruler_nlp.get_pipe(name)(doc)
    groups = sorted(sorted(ev.participants) for ev in doc._.events)
    assert groups == [["Biden", "Meloni"], ["Macron", "Scholz"]]


def test_bundled_model_end_to_end(nlp):
    record = diplograph.extract("US-Außenminister Marco Rubio traf am Dienstag in Riad seinen russischen "
                                "Amtskollegen Sergej Lawrow.", published="2025-02-20", nlp=nlp)
    ev = only(record.events)
    assert {"US", "RU"} <= set(ev.parties)
    assert ev.place == "Riad"
    assert ev.date == "2025-02-18"
    assert record.model.startswith("de_diplograph-")


def test_dateline_gives_the_place_of_a_held_meeting(ruler_nlp):
    text = ("ANKARA (dpa) - Der türkische Präsident Recep Tayyip Erdoğan hat den brasilianischen Präsidenten "
            "Luiz Inácio Lula da Silva zu Gesprächen empfangen.")
    ev = only(events(ruler_nlp, text))
    assert ev.place == "Ankara"
    assert ev.status == "held"


def test_office_without_name_stands_for_the_actor(ruler_nlp):
    text = ("US-Präsident Joe Biden eröffnete am Montag eine Konferenz zum Klimaschutz. Am Abend telefonierte "
            "der US-Präsident mit dem kanadischen Premierminister Justin Trudeau.")
    ev = only(events(ruler_nlp, text, published="2024-03-05"))
    assert ev.type == "call"
    assert set(ev.participants) == {"Joe Biden", "Justin Trudeau"}
    assert set(ev.parties) == {"US", "CA"}


def test_lead_report_is_dated_to_the_publication_day(ruler_nlp):
    ev = only(events(ruler_nlp, "Außenministerin Annalena Baerbock hat in Paris ihren französischen Amtskollegen "
                                "Jean-Noël Barrot getroffen.", published="2024-03-08"))
    assert ev.date == "2024-03-08"
    background = only(events(ruler_nlp, "Joe Biden und Xi Jinping trafen sich im Jahr 2021 in Genf.",
                             published="2024-03-08"))
    assert background.date is None


def test_clauses_with_their_own_meetings_and_beide(ruler_nlp):
    text = ("Olaf Scholz lobte Emmanuel Macron am Freitag für seine Europarede. "
            "Zuletzt trafen sich beide im Jahr 2023 in Rom, im Mai war Macron nach Madrid gereist.")
    evs = sorted(events(ruler_nlp, text), key=lambda e: e.type)
    assert [(e.type, e.place) for e in evs] == [("meeting", "Rom"), ("visit", "Madrid")]
    assert set(evs[0].participants) == {"Olaf Scholz", "Emmanuel Macron"}
    assert evs[1].participants == ["Emmanuel Macron"]
    assert set(evs[1].parties) == {"FR", "ES"}


def test_side_meeting_shares_the_venue_of_the_day(ruler_nlp):
    text = ("Olaf Scholz und Giorgia Meloni trafen sich am Montag in Rom. "
            "Am selben Montag sprach Scholz auch mit Recep Tayyip Erdoğan über den Handel.")
    evs = events(ruler_nlp, text, published="2024-03-08")
    assert len(evs) == 2
    assert {ev.place for ev in evs} == {"Rom"}
    assert {ev.date for ev in evs} == {"2024-03-04"}


def test_visit_without_place_goes_to_the_hosts_capital(ruler_nlp):
    text = ("Bundeskanzler Olaf Scholz ist am Morgen aus Berlin abgeflogen. "
            "Es ist sein erster Besuch bei Präsident Emmanuel Macron seit der Wahl. "
            "In Paris warten Proteste auf ihn.")
    ev = only(events(ruler_nlp, text, published="2024-03-08"))
    assert ev.type == "visit"
    assert ev.place == "Paris"


def test_locator_state_does_not_replace_the_venue(ruler_nlp):
    ruler = ruler_nlp.get_pipe("entity_ruler")
    ruler.add_patterns([{"label": "LOC", "pattern": "Camp David"}, {"label": "LOC", "pattern": "Maryland"}])
    ev = only(events(ruler_nlp, "Im Jahr 2019 war Narendra Modi nach Camp David im US-Bundesstaat Maryland gereist."))
    assert ev.place == "Camp David"
    assert set(ev.parties) == {"IN", "US"}


def test_meeting_on_the_sidelines_of_a_summit_is_a_meeting(ruler_nlp):
    ev = only(events(ruler_nlp, "Am Rande des Gipfels in Brüssel trafen sich Joe Biden und Recep Tayyip Erdoğan."))
    assert ev.type == "meeting"
    assert ev.place == "Brüssel"


def test_headline_reference_gives_place_to_the_event_that_follows(ruler_nlp):
    text = ("In Brüssel hat am Dienstag der EU-Gipfel begonnen. Giorgia Meloni und Olaf Scholz berieten dort "
            "zu Beginn über Migration.")
    ev = only(events(ruler_nlp, text, published="2024-03-06"))
    assert ev.type == "summit"
    assert ev.place == "Brüssel"
    assert ev.date == "2024-03-05"
    assert len(ev.evidence) == 2


def test_follow_up_meeting_of_the_same_sides(ruler_nlp):
    text = ("Olaf Scholz und Giorgia Meloni haben am Montag in Rom über Migration gesprochen. "
            "Es war das erste Treffen der beiden seit Januar. Ein Folgetreffen soll im Mai stattfinden.")
    evs = sorted(events(ruler_nlp, text, published="2024-03-08"), key=lambda e: e.status)
    assert [e.status for e in evs] == ["held", "planned"]
    held, planned = evs
    assert held.date == "2024-03-04"  # "seit Januar" bounds a period, it is not the meeting's date
    assert planned.participants == [] and set(planned.parties) == {"DE", "IT"}
    assert planned.date == "2024-05"


def test_a_place_that_belongs_to_a_topic_is_not_the_venue(ruler_nlp):
    ruler_nlp.get_pipe("entity_ruler").add_patterns([{"label": "LOC", "pattern": "Ostsee"}])
    text = ("Olaf Scholz und Giorgia Meloni trafen sich am Montag in Rom. "
            "Scholz und Meloni berieten über die Sicherheit in der Ostsee. "
            "Das teilte die Regierung am Dienstag mit.")
    ev = only(events(ruler_nlp, text, published="2024-03-08"))
    assert ev.place == "Rom"
    assert ev.date == "2024-03-04"  # the announcement's Tuesday is not the meeting's date


def test_a_meeting_that_is_not_planned_is_no_event(ruler_nlp):
    assert events(ruler_nlp, "Ein Treffen zwischen Joe Biden und Xi Jinping in Genf ist nicht geplant.") == []


def test_host_state_is_the_venue(ruler_nlp):
    text = ("Ein Gipfeltreffen von Joe Biden und Xi Jinping wird vorbereitet. "
            "Giorgia Meloni möchte unbedingt Gastgeberin des Treffens sein.")
    ev = only(events(ruler_nlp, text, published="2024-03-08"))
    assert ev.place == "Italien"


def test_unknown_venue_lies_in_the_articles_city(ruler_nlp):
    ruler_nlp.get_pipe("entity_ruler").add_patterns([{"label": "LOC", "pattern": "Villa Borghese"}])
    text = ("Rom erlebte am Montag einen sonnigen Frühlingstag. "
            "Olaf Scholz und Giorgia Meloni trafen sich am Nachmittag in der Villa Borghese.")
    ev = only(events(ruler_nlp, text, published="2024-03-08"))
    assert ev.place == "Rom"


def test_a_denied_meeting_is_no_event(ruler_nlp):
    text = "Der Kreml hat Berichte über ein geplantes Treffen von Wladimir Putin mit Joe Biden zurückgewiesen."
    assert events(ruler_nlp, text) == []


def test_a_domestic_meeting_is_no_diplomatic_event(ruler_nlp):
    ruler_nlp.get_pipe("entity_ruler").add_patterns([{"label": "PER", "pattern": "Markus Söder"}])
    text = "Olaf Scholz traf am Freitag in Rom den bayerischen Ministerpräsidenten Markus Söder."
    assert events(ruler_nlp, text) == []


def test_a_meeting_at_a_summit_is_a_meeting(ruler_nlp):
    ev = only(events(ruler_nlp, "Joe Biden und Xi Jinping hatten sich 2023 auf dem G20-Gipfel in Rom getroffen."))
    assert ev.type == "meeting"
    assert ev.place == "Rom"
