"""Meeting rules named after the phenomena they handle, each on German sentences written for the test."""

from __future__ import annotations

import pytest

import diplograph
from diplograph.pipeline.events.rules import is_conditional, lexicon

PUBLISHED = "2024-03-13"  # a Wednesday


def events(nlp, text: str):
    return diplograph.extract(text, published=PUBLISHED, nlp=nlp).events


# -- sources of speech are no participants -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Olaf Scholz traf am Montag in Paris Emmanuel Macron, sagte Regierungssprecher Steffen Beispiel.",
    "Laut Regierungssprecher Steffen Beispiel traf Olaf Scholz am Montag in Paris Emmanuel Macron.",
    "Regierungssprecher Steffen Beispiel teilte mit, Olaf Scholz habe am Montag mit Emmanuel Macron telefoniert.",
])
def test_the_source_of_a_report_does_not_take_part(nlp, text: str) -> None:
    found = events(nlp, text)
    assert len(found) == 1
    assert set(found[0].participants) == {"Olaf Scholz", "Emmanuel Macron"}


def test_a_speech_verb_after_a_comma_belongs_to_the_next_name(nlp) -> None:
    found = events(nlp, "Bundeskanzler Olaf Scholz traf Präsident Emmanuel Macron, sagte Sprecherin Eva Muster.")
    assert "Emmanuel Macron" in found[0].participants and "Eva Muster" not in found[0].participants


# -- conditions are no events --------------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    "falls sie sich treffen".split(), "wenn er ihn treffen würde".split(), "wenn sie sich träfen".split(),
])
def test_conditional_clauses(words: list[str]) -> None:
    assert is_conditional(lexicon(), words)


@pytest.mark.parametrize("words", ["sie wollen sich treffen".split(), "wenn sie sich treffen".split()])
def test_plans_and_plain_temporal_wenn_are_no_condition(words: list[str]) -> None:
    assert not is_conditional(lexicon(), words)


def test_no_event_from_a_condition(nlp) -> None:
    text = "Falls Präsident Karl Muster den chinesischen Präsidenten Li Beispiel träfe, könnte das die Lage beruhigen."
    assert events(nlp, text) == []


# -- status from the words that carry it ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Die Außenministerin Anna Beispiel soll am Freitag in Rom ihren italienischen Amtskollegen Marco Esempio treffen.",
    "Ein Treffen von Bundeskanzler Olaf Scholz mit Präsident Emmanuel Macron ist in Paris vorgesehen.",
    "Bundeskanzler Olaf Scholz wird am Montag nach Paris reisen und dort Präsident Emmanuel Macron treffen.",
])
def test_plans(nlp, text: str) -> None:
    found = events(nlp, text)
    assert found and all(e.status == "planned" for e in found)


def test_cancellation(nlp) -> None:
    found = events(nlp, "Das für Mittwoch geplante Treffen von Olaf Scholz und Emmanuel Macron wurde abgesagt.")
    assert [e.status for e in found] == ["cancelled"]


def test_background_meeting_keeps_its_earlier_month(nlp) -> None:
    found = events(nlp, "Olaf Scholz und Emmanuel Macron hatten sich bereits im Januar in Paris getroffen.")
    assert [(e.status, e.date) for e in found] == [("held", "2024-01")]


# -- several meetings in one sentence or one day are kept apart -----------------------------------------

def test_each_stop_of_a_trip_is_its_own_event(nlp) -> None:
    text = ("Außenministerin Anna Beispiel reist am Montag nach Paris, wo sie ihren Amtskollegen Pierre Exemple "
            "trifft, und am Dienstag weiter nach Warschau zu Gesprächen mit Außenminister Jan Przykład.")
    found = sorted(events(nlp, text), key=lambda e: e.date or "")
    assert [(e.place, e.date, e.status) for e in found] == [("Paris", "2024-03-18", "planned"),
                                                          ("Warschau", "2024-03-19", "planned")]
    assert set(found[0].participants) == {"Anna Beispiel", "Pierre Exemple"}
    assert set(found[1].participants) == {"Anna Beispiel", "Jan Przykład"}


def test_a_singular_pronoun_refers_to_one_person(nlp) -> None:
    text = ("Außenministerin Anna Beispiel traf am Montag in Paris ihren Amtskollegen Pierre Exemple. "
            "Am selben Tag traf sie in Brüssel den Nato-Generalsekretär Mark Probe.")
    found = {e.place: set(e.participants) for e in events(nlp, text)}
    assert found["Brüssel"] == {"Anna Beispiel", "Mark Probe"}
    assert found["Paris"] == {"Anna Beispiel", "Pierre Exemple"}


# -- dates ------------------------------------------------------------------------------------------------

def test_a_day_range_is_dated_by_its_first_day_in_the_tense_of_the_sentence(nlp) -> None:
    text = ("Vom 9. bis 10. September kamen die Staats- und Regierungschefs der G20, darunter Olaf Scholz und "
            "Joe Biden, in Neu-Delhi zum Gipfel zusammen.")
    found = events(nlp, text)
    assert [(e.type, e.status, e.date) for e in found] == [("summit", "held", "2023-09-09")]


# -- a cancellation that frames the clause belongs to another event ------------------------------------

def test_cancellation_of_another_event_in_a_framing_phrase(nlp) -> None:
    text = ("Trotz der Absage des Gipfels reist Bundeskanzler Olaf Scholz am kommenden Montag nach Paris, "
            "um Präsident Emmanuel Macron zu treffen.")
    assert {e.status for e in events(nlp, text)} == {"planned"}


def test_a_meeting_after_a_postponement_was_held(nlp) -> None:
    text = "Nach der Verschiebung trafen sich Olaf Scholz und Emmanuel Macron am Montag in Brüssel."
    assert [(e.status, e.place) for e in events(nlp, text)] == [("held", "Brüssel")]


def test_a_bare_framed_cancellation_refers_to_the_event_at_hand(nlp) -> None:
    text = "Trotz der Verschiebung gehen die Planungen für ein Treffen von Olaf Scholz und Emmanuel Macron weiter."
    assert [e.status for e in events(nlp, text)] == ["cancelled"]


# -- a neutral word for talks after a call is that call -----------------------------------------------

def test_the_conversation_after_a_call_is_the_call(nlp) -> None:
    text = ("Bundeskanzler Olaf Scholz telefonierte am Samstag mit Präsident Emmanuel Macron. "
            "Das Gespräch dauerte nach Angaben von Regierungssprecher Steffen Beispiel eine Stunde.")
    found = events(nlp, text)
    assert [e.type for e in found] == ["call"]
    assert set(found[0].participants) == {"Olaf Scholz", "Emmanuel Macron"}
    assert len(found[0].evidence) == 2


def test_talks_after_a_call_are_calls(nlp) -> None:
    text = ("Bundeskanzler Olaf Scholz telefonierte am Samstag mit Präsident Emmanuel Macron. "
            "Auch Außenministerin Anna Beispiel sprach am Samstag mit ihrem Amtskollegen Pierre Exemple.")
    assert sorted(e.type for e in events(nlp, text)) == ["call", "call"]


def test_talks_someone_argues_for_are_no_event(nlp) -> None:
    text = ("Präsident Karl Muster bat Bundeskanzler Olaf Scholz, sich bei Präsident Li Beispiel für "
            "Verhandlungen einzusetzen.")
    assert [e for e in events(nlp, text) if "Li Beispiel" in e.participants] == []


@pytest.mark.parametrize("word", ["Kreisen", "Regierungskreisen", "Preise", "Landkreise"])
def test_words_that_contain_reise_are_no_trips(word: str) -> None:
    from diplograph.pipeline.events.rules import is_trigger_form

    assert not is_trigger_form(lexicon(), word.lower())
    assert is_trigger_form(lexicon(), "auslandsreise")


def test_a_trip_that_will_not_happen_is_cancelled(nlp) -> None:
    text = ("Präsident Emmanuel Macron reist wegen einer Erkrankung nicht zum Gipfeltreffen mit Präsident "
            "Wladimir Putin nach Russland.")
    assert {e.status for e in events(nlp, text)} == {"cancelled"}


def test_an_announced_summit_is_planned(nlp) -> None:
    text = "Moskau kündigt den Gipfel von Präsident Wladimir Putin mit Präsident Xi Jinping als Weltereignis an."
    assert [e.status for e in events(nlp, text)] == ["planned"]


def test_im_gespraech_sein_means_under_discussion(nlp) -> None:
    from diplograph.pipeline.events.rules import is_idiom

    assert is_idiom("ein austausch war im gespräch .".split(), 4)
    assert not is_idiom("im gespräch mit präsident".split(), 1)
    text = ("Bundeskanzler Olaf Scholz und Präsident Emmanuel Macron trafen sich am Montag in Brüssel. "
            "Ein Gebietsaustausch zwischen beiden Ländern war dabei im Gespräch.")
    assert len(events(nlp, text)) == 1


# -- a refusal cancels the meeting it governs ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Der lettische Präsident Edgars Beispiel weigerte sich am Dienstag, seinen litauischen Amtskollegen "
    "Gitanas Muster in Brüssel zu treffen.",
    "Ministerpräsident Jan Beispiel verweigerte am Dienstag ein Gespräch mit dem ungarischen Außenminister "
    "Péter Muster.",
])
def test_a_refused_meeting_is_cancelled(nlp, text: str) -> None:
    found = events(nlp, text)
    assert [e.status for e in found] == ["cancelled"]


def test_a_refusal_of_something_else_does_not_cancel_a_meeting(nlp) -> None:
    found = events(nlp, "Präsident Edgars Beispiel weigerte sich, Fragen zu beantworten. Am Dienstag traf er in "
                        "Brüssel den litauischen Präsidenten Gitanas Muster.")
    assert [e.status for e in found] == ["held"]


# -- talks of the two sides without named heads -----------------------------------------------------------

@pytest.mark.parametrize("phrase", [
    "Auch sollen wieder Arbeitstreffen zwischen den beiden Verteidigungsministerien stattfinden.",
    "Im Januar hatte es bereits ein Treffen hochrangiger Vertreter beider Länder in Wien gegeben.",
])
def test_the_two_sides_named_without_names_meet(nlp, phrase: str) -> None:
    text = ("Der chilenische Präsident Gabriel Beispiel und der peruanische Präsident Dina Muster trafen sich am "
            "Montag in Lima. " + phrase)
    found = events(nlp, text)
    assert len(found) == 2
    sides = [e for e in found if not e.participants]
    assert len(sides) == 1 and set(sides[0].parties) == {"CL", "PE"}
    assert sides[0].type == "talks"  # sides that meet without named heads hold delegation talks


def test_the_two_sides_meet_where_the_sentence_says(nlp) -> None:
    text = ("Der chilenische Präsident Gabriel Beispiel und der peruanische Präsident Dina Muster trafen sich am "
            "Montag in Lima. Im Januar hatte es bereits ein Treffen hochrangiger Vertreter beider Länder in Wien "
            "gegeben.")
    sides = [e for e in events(nlp, text) if not e.participants]
    assert sides[0].place == "Wien" and sides[0].date == "2024-01" and sides[0].status == "held"


def test_a_definite_mention_with_both_sides_is_the_meeting_named_before(nlp) -> None:
    text = ("Der chilenische Präsident Gabriel Beispiel und der peruanische Präsident Dina Muster trafen sich am "
            "Montag in Lima. Das Treffen der beiden Länder dauerte drei Stunden.")
    found = events(nlp, text)
    assert len(found) == 1 and found[0].place == "Lima"


# -- the stops of a trip, named as destinations ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Bundeskanzlerin Anna Beispiel besuchte am Montag Ghana und am Dienstag Kenia.",
    "Bundeskanzlerin Anna Beispiel reiste am Montag nach Ghana und am Dienstag nach Kenia.",
])
def test_each_destination_of_a_trip_is_a_visit(nlp, text: str) -> None:
    found = sorted(events(nlp, text), key=lambda e: e.date or "")
    assert [(e.type, e.place, e.date) for e in found] == [("visit", "Ghana", "2024-03-11"),
                                                         ("visit", "Kenia", "2024-03-12")]
    assert [sorted(e.parties) for e in found] == [["DE", "GH"], ["DE", "KE"]]


def test_a_trip_in_the_present_tense_lies_ahead(nlp) -> None:
    found = sorted(events(nlp, "Heute besucht Bundeskanzlerin Anna Beispiel Ghana und am Freitag Kenia."),
                   key=lambda e: e.date or "")
    assert [(e.status, e.place, e.date) for e in found] == [("planned", "Ghana", PUBLISHED),
                                                           ("planned", "Kenia", "2024-03-15")]


def test_a_visited_country_before_the_participle(nlp) -> None:
    found = events(nlp, "Bundeskanzlerin Anna Beispiel hat am Montag Ghana besucht.")
    assert [(e.type, e.status, e.place, sorted(e.parties)) for e in found] == [("visit", "held", "Ghana",
                                                                                ["DE", "GH"])]


def test_visiting_two_persons_is_no_trip(nlp) -> None:
    found = events(nlp, "Bundeskanzlerin Anna Beispiel besuchte am Montag Präsident Jean Exemple und danach "
                        "Präsident Jan Przykład.")
    assert len(found) == 1 and found[0].place is None


@pytest.mark.parametrize("text", [
    "Der französische Präsident Jean Exemple kündigte an, Ghana zu besuchen.",
    "Der französische Präsident Jean Exemple plant, demnächst Ghana zu besuchen.",
])
def test_an_intended_visit_is_planned(nlp, text: str) -> None:
    found = events(nlp, text)
    assert [(e.type, e.status, e.place) for e in found] == [("visit", "planned", "Ghana")]


def test_a_visit_reported_on_its_day_in_the_present_tense_is_planned(nlp) -> None:
    found = events(nlp, "Bundeskanzlerin Anna Beispiel besucht am Mittwoch den französischen Präsidenten "
                        "Jean Exemple in Paris.")
    assert [(e.status, e.date) for e in found] == [("planned", PUBLISHED)]


# -- a definite office stands for the one actor who holds it ------------------------------------------------

def test_a_definite_office_is_its_holder(nlp) -> None:
    found = events(nlp, "Bundeskanzlerin Anna Beispiel hat am Montag mit Präsident Jean Exemple telefoniert. Am "
                        "Vormittag hatte die Bundeskanzlerin bereits mit dem ukrainischen Präsidenten Petro Muster "
                        "telefoniert.")
    assert sorted(sorted(e.participants) for e in found) == [["Anna Beispiel", "Jean Exemple"],
                                                             ["Anna Beispiel", "Petro Muster"]]


def test_an_office_two_actors_hold_stands_for_neither(nlp) -> None:
    found = events(nlp, "Präsident Jean Exemple traf am Montag Präsident Petro Muster in Paris. Danach "
                        "telefonierte der Präsident mit Kanzlerin Anna Beispiel.")
    assert all("Jean Exemple" not in e.participants or "Anna Beispiel" not in e.participants for e in found)


def test_a_headline_naming_the_states_is_the_meeting_of_the_persons(nlp) -> None:
    text = ("Erstmals wieder Treffen der Außenminister Kenias und Tansanias\n\n"
            "Der kenianische Außenminister Peter Beispiel und sein Amtskollege John Muster sind am Montag in "
            "Arusha zusammengetroffen.")
    found = events(nlp, text)
    assert len(found) == 1
    assert set(found[0].participants) == {"Peter Beispiel", "John Muster"} and set(found[0].parties) == {"KE", "TZ"}


# -- the medium and the place of a talk ---------------------------------------------------------------------

def test_a_talk_of_two_who_phoned_is_that_call(nlp) -> None:
    text = ("Bei einem Gespräch habe Präsidentin Ana Ejemplo zugesagt, die Grenze zu schließen, erklärte "
            "Präsident Jean Exemple. Ejemplo hatte zuvor von einem Telefonat mit Exemple berichtet.")
    found = events(nlp, text)
    assert [(e.type, sorted(e.participants)) for e in found] == [("call", ["Ana Ejemplo", "Jean Exemple"])]


def test_a_direction_is_no_venue(nlp) -> None:
    found = events(nlp, "Bei einem Treffen habe Präsidentin Ana Ejemplo zugestimmt, die Migration durch Mexiko "
                        "und in die Vereinigten Staaten zu stoppen, erklärte Präsident Jean Exemple.")
    assert [e.place for e in found] == [None]


@pytest.mark.parametrize("word", ["Einreisen", "Ausreise", "Durchreise"])
def test_crossing_a_border_is_no_visit(nlp, word: str) -> None:
    found = events(nlp, f"Präsident Jean Exemple telefonierte am Montag mit Präsidentin Ana Ejemplo. Er warf ihr vor, "
                        f"zu wenig gegen die illegalen {word} in die USA zu tun.")
    assert [e.type for e in found] == ["call"]


def test_a_meeting_in_a_country_took_place_in_its_one_city_named(nlp) -> None:
    text = ("Der Gipfel der Staatschefs in Indien hat begonnen. Präsident Jean Exemple traf am Montag in Indien "
            "Premierminister Raj Beispiel. Beide waren am Sonntag in Mumbai eingetroffen.")
    found = [e for e in events(nlp, text) if {"Jean Exemple", "Raj Beispiel"} <= set(e.participants)]
    assert found and found[0].place == "Mumbai"


# -- side meetings of the day ------------------------------------------------------------------------------

NEWS_OF_THE_DAY = ("Präsident Jean Exemple und Präsidentin Ana Ejemplo haben sich am Mittwoch in Lissabon getroffen. "
                   + "Die Beziehungen der beiden Länder gelten als eng, der Handel wächst seit Jahren stetig. " * 9)


def test_an_undated_meeting_after_the_news_of_the_day_is_a_side_meeting(nlp) -> None:
    text = NEWS_OF_THE_DAY + "Exemple traf sich nach der Pressekonferenz mit Premierminister Raj Beispiel."
    side = [e for e in events(nlp, text) if "Raj Beispiel" in e.participants]
    assert [(e.date, e.place) for e in side] == [(PUBLISHED, "Lissabon")]


def test_an_undated_background_meeting_stays_undated(nlp) -> None:
    text = NEWS_OF_THE_DAY + "Exemple hatte sich bereits mit Premierminister Raj Beispiel getroffen."
    side = [e for e in events(nlp, text) if "Raj Beispiel" in e.participants]
    assert [(e.date, e.place) for e in side] == [(None, None)]


# -- the sides of talks named by their armies, governments, delegations and movements ----------------------

@pytest.mark.parametrize(("text", "sides"), [
    ("Am Montag haben in Caracas Gespräche zwischen der kolumbianischen Regierung und der Guerilla ELN "
     "begonnen.", {"CO", "ELN"}),
    ("In Istanbul fanden am Montag Verhandlungen zwischen der ukrainischen und der russischen Delegation "
     "statt.", {"UA", "RU"}),
])
def test_talks_between_sides_named_without_persons(nlp, text: str, sides: set[str]) -> None:
    found = events(nlp, text)
    assert [(e.type, set(e.parties)) for e in found] == [("talks", sides)]


@pytest.mark.parametrize(("text", "status"), [
    ("Bundeskanzlerin Anna Beispiel und Ministerpräsident Jan Przykład hätten sich am Montag in Warschau treffen "
     "sollen.", "cancelled"),  # it was to take place and did not
    ("Wenn Bundeskanzlerin Anna Beispiel und Ministerpräsident Jan Przykład sich in Warschau hätten treffen "
     "sollen, wäre es bekannt.", None),  # a condition: no event
])
def test_a_meeting_that_should_have_taken_place(nlp, text: str, status: str | None) -> None:
    assert [e.status for e in events(nlp, text)] == ([status] if status else [])


@pytest.mark.parametrize(("text", "sides"), [
    ("In Istanbul haben am Montag russisch-ukrainische Verhandlungen begonnen.", {"RU", "UA"}),
    ("Das deutsch-polnische Treffen der Delegationen fand am Montag in Görlitz statt.", {"DE", "PL"}),
])
def test_a_compound_adjective_of_states_names_the_sides(nlp, text: str, sides: set[str]) -> None:
    assert [set(e.parties) for e in events(nlp, text)] == [sides]


# -- talks of delegations, named by the sides of the meeting reported before ------------------------------

def _talks_without_heads(found):
    return [e for e in found if e.type == "talks" and not e.participants]


@pytest.mark.parametrize("follow_up, status", [
    ("Außerdem seien Verhandlungen über ein Handelsabkommen geplant.", "planned"),
    ("Die Regierungen kamen überein, rasch über einen Waffenstillstand zu verhandeln.", "planned"),
    ("Auch wurde vereinbart, ausgesetzte Gespräche über Rüstungskontrolle wieder aufzunehmen.", "planned"),
    ("Es gebe bereits intensive Gespräche auf Expertenebene.", "held"),
])
def test_talks_without_named_heads_are_between_the_sides_reported_before(nlp, follow_up: str, status: str) -> None:
    text = ("Bundeskanzler Olaf Scholz hat am Dienstag in Paris den französischen Präsidenten Emmanuel Macron "
            "getroffen. " + follow_up)
    found = events(nlp, text)
    talks = _talks_without_heads(found)
    assert len(talks) == 1, found
    assert set(talks[0].parties) == {"DE", "FR"} and talks[0].status == status
    # the leaders' meeting stays its own event, with its own people
    assert any(set(e.participants) == {"Olaf Scholz", "Emmanuel Macron"} for e in found)


def test_a_heading_about_talks_is_no_new_event(nlp) -> None:
    text = ("Bundeskanzler Olaf Scholz hat am Dienstag in Paris den französischen Präsidenten Emmanuel Macron "
            "getroffen.\n\nDiplomatische Gespräche: Hintergrund und Ausblick\n\nDie Beziehungen gelten als eng.")
    assert _talks_without_heads(events(nlp, text)) == []


def test_talks_without_a_meeting_before_have_no_sides(nlp) -> None:
    assert events(nlp, "Es seien außerdem Verhandlungen über ein Handelsabkommen geplant.") == []


# -- a recurring format is no event -----------------------------------------------------------------------

def test_a_habitual_meeting_is_no_event(nlp) -> None:
    text = ("Der Handelsrat, bei dem sich regelmäßig die Wirtschaftsminister Japans und Kanadas treffen, "
            "gilt als wichtig.")
    assert events(nlp, text) == []


@pytest.mark.parametrize("text", [
    "Präsident Karl Muster und Präsidentin Li Beispiel einigten sich darauf, einander im Herbst zu besuchen.",
    "Präsident Karl Muster und Präsidentin Li Beispiel kamen überein, sich bald wieder zu treffen.",
])
def test_an_agreement_to_meet_is_a_plan(nlp, text: str) -> None:
    found = events(nlp, text)
    assert found and all(e.status == "planned" for e in found)


# -- a venue near a place stands for it -------------------------------------------------------------------

@pytest.mark.parametrize("where", ["auf einem Landgut südlich von Genf", "in einem Hotel unweit von Genf",
                                   "in der Nähe von Genf"])
def test_a_venue_near_a_city_is_placed_at_the_city(nlp, where: str) -> None:
    text = f"Präsident Karl Muster und der chinesische Präsident Li Beispiel trafen sich am Dienstag {where}."
    found = events(nlp, text)
    assert len(found) == 1 and found[0].place == "Genf"


def test_from_a_place_is_no_venue(nlp) -> None:
    text = "Präsident Karl Muster, von Genf kommend, traf am Dienstag den chinesischen Präsidenten Li Beispiel."
    found = events(nlp, text)
    assert len(found) == 1 and found[0].place != "Genf"


# -- dates: a statement dates the event it reports; a "seit" phrase dates no event -------------------------

def test_an_undated_meeting_took_place_by_the_day_of_the_statement_about_it(nlp) -> None:
    # PUBLISHED is a Wednesday: "am Montag" is 2024-03-11
    text = ("Das Treffen von Präsident Karl Muster mit dem chinesischen Präsidenten Li Beispiel sei sehr "
            "konstruktiv gewesen, sagte Muster am Montag in einer Pressekonferenz.")
    found = events(nlp, text)
    assert len(found) == 1 and found[0].date == "2024-03-11"


def test_a_statement_long_before_publication_dates_no_event(nlp) -> None:
    text = ("Das Treffen von Präsident Karl Muster mit dem chinesischen Präsidenten Li Beispiel sei sehr "
            "konstruktiv gewesen, sagte Muster am 2. Januar 2024 in einer Pressekonferenz.")
    found = events(nlp, text)
    assert len(found) == 1 and found[0].date != "2024-01-02"


def test_the_start_of_a_period_is_not_the_date_of_the_meeting(nlp) -> None:
    text = ("Es war das erste Treffen zwischen Präsident Karl Muster und dem chinesischen Präsidenten "
            "Li Beispiel seit Beginn der Handelskrise im Februar 2021.")
    assert all(not (e.date or "").startswith("2021") for e in events(nlp, text))


# -- "der Minister": the bare office stands for the article's holder of an office that ends with it --------

def test_the_bare_office_stands_for_the_protagonist(nlp) -> None:
    text = ("Außenministerin Anna Beispiel traf am Dienstag in Ottawa den kanadischen Außenminister Jean Exemple. "
            "Im Anschluss war ein Gespräch der Ministerin mit dem Generalsekretär "
            "der Nordatlantischen Allianz, Piet Voorbeeld, geplant.")
    found = events(nlp, text)
    follow = [e for e in found if "Piet Voorbeeld" in e.participants]
    assert len(follow) == 1
    # the office holder, the status behind the apposition, and the day and place of the stop before
    assert "Anna Beispiel" in follow[0].participants
    assert follow[0].status == "planned"
    assert follow[0].date == "2024-03-12" and follow[0].place == "Ottawa"


def test_the_bare_office_as_a_speaker_takes_no_part(nlp) -> None:
    first = "Außenministerin Anna Beispiel traf am Dienstag in Ottawa den kanadischen Außenminister Jean Exemple. "
    # the bare office as a participant, and as the speaker of a quote that names a plan of talks
    met = events(nlp, first + "Danach traf die Ministerin US-Präsident Karl Muster.")
    assert any({"Anna Beispiel", "Karl Muster"} <= set(e.participants) for e in met)
    quoted = events(nlp, first + "\"Wir wollen, dass US-Präsident Karl Muster endlich Verhandlungen aufnimmt\", "
                                 "hatte die Ministerin erklärt.")
    assert not any("Karl Muster" in e.participants for e in quoted)


def test_a_possessive_belongs_to_the_person_named_before_it(nlp) -> None:
    text = ("US-Präsident Karl Muster trifft am kommenden Mittwoch in Rom die italienische Präsidentin Maria Esempio. "
            "Anschließend reist Muster weiter nach Athen zu seinem Antrittsbesuch.")
    athens = [e for e in events(nlp, text) if e.place == "Athen"]
    assert len(athens) == 1
    # Muster travels alone, and the stop after a planned one is ahead too, on its day at the earliest
    assert athens[0].participants == ["Karl Muster"]
    assert athens[0].status == "planned" and athens[0].date == "2024-03-20"


def test_a_new_meeting_of_both_with_a_named_organiser(nlp) -> None:
    text = ("US-Präsident Karl Muster und der chinesische Präsident Li Beispiel trafen sich am Montag in Genf. "
            "Beobachter sprachen von einem Rückschlag. "
            "UN-Generalsekretärin Maria Esempio kündigte an, bald ein neues Treffen beider Politiker zu organisieren.")
    planned = [e for e in events(nlp, text) if e.status == "planned"]
    assert len(planned) == 1
    assert set(planned[0].participants) == {"Karl Muster", "Li Beispiel", "Maria Esempio"}


def test_talks_of_both_sides_follow_the_news_not_the_background(nlp) -> None:
    text = ("US-Präsident Karl Muster und der chinesische Präsident Li Beispiel trafen sich am Montag in Genf. "
            "Grund für die Eiszeit war der Besuch der damaligen Sprecherin des US-Senats, Beispielsen, in Taiwan "
            "gewesen. Nun solle es wieder Gespräche von Offizieren beider Länder geben.")
    talks = [e for e in events(nlp, text) if e.type == "talks" and not e.participants]
    assert len(talks) == 1 and set(talks[0].parties) == {"CN", "US"}


def test_an_earlier_item_is_not_the_next_on_the_schedule(nlp) -> None:
    text = ("US-Präsident Karl Muster trifft am kommenden Mittwoch in Rom die italienische Präsidentin Maria Esempio. "
            "Zuvor hatte Muster in Athen den griechischen Präsidenten Nikos Paradeigma getroffen.")
    athens = [e for e in events(nlp, text) if e.place == "Athen"]
    assert len(athens) == 1 and athens[0].status == "held" and athens[0].date != "2024-03-20"


def test_talks_told_in_the_sentence_of_the_meeting_are_part_of_it(nlp) -> None:
    text = ("US-Präsident Karl Muster und der chinesische Präsident Li Beispiel trafen sich am Montag in Genf, "
            "nachdem ihre Minister monatelang verhandelt haben.")
    found = events(nlp, text)
    assert len(found) == 1 and set(found[0].participants) == {"Karl Muster", "Li Beispiel"}


def test_a_refusal_governs_an_infinitive_written_as_one_word(nlp) -> None:
    text = ("Der serbische Präsident Marko Petrović weigerte sich am Freitag, mit dem kosovarischen Präsidenten "
            "Hashim Beispiel Verhandlungen aufzunehmen.")
    found = events(nlp, text)
    assert len(found) == 1 and found[0].status == "cancelled"
