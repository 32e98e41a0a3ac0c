"""Dates component: German date expressions normalised against the publication date."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from diplograph.pipeline.dates import dates_in, nearest_day, nearest_month_year
from diplograph.records import DateMention

PUBLISHED = "2025-02-28"  # a Friday


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("diplograph_dates")
    return nlp


def run(nlp, text: str, published: str | None = PUBLISHED):
    doc = nlp.make_doc(text)
    doc._.published = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def values(nlp, text: str, published: str | None = PUBLISHED) -> list[tuple[str, str | None]]:
    return [(d.text, d.value) for d in run(nlp, text, published)._.dates]


@pytest.mark.parametrize(("text", "expected"), [
    ("Sie trafen sich am 27. Februar in der Hauptstadt.", ("am 27. Februar", "2025-02-27")),
    ("Der Vertrag wurde am 27.02.2025 unterzeichnet.", ("am 27.02.2025", "2025-02-27")),
    ("Laut Protokoll vom 2025-02-18 gab es keine Einigung.", ("2025-02-18", "2025-02-18")),
    ("Mitte Februar war die Stimmung noch gut.", ("Mitte Februar", "2025-02")),
    ("Ende Oktober hatte er das Land verlassen.", ("Ende Oktober", "2024-10")),
    ("Das Abkommen tritt im März in Kraft.", ("im März", "2025-03")),
    ("Anfang 2025 begannen die Vorgespräche.", ("Anfang 2025", "2025-01")),
    ("Der Gesandte sprach am Donnerstag mit der Presse.", ("am Donnerstag", "2025-02-27")),
    ("Vergangene Woche reiste sie ab.", ("Vergangene Woche", "2025-02")),
    ("Er telefonierte gestern mit dem Kanzler.", ("gestern", "2025-02-27")),
    ("Heute beginnt der Gipfel.", ("Heute", "2025-02-28")),
    ("Die Ministerin trifft ihn am Montag kommender Woche.", ("am Montag kommender Woche", "2025-03-03")),
    ("Er sagte, man werde morgen entscheiden.", ("morgen", "2025-03-01")),
    ("Am vergangenen Freitag war sie noch in der Stadt.", ("Am vergangenen Freitag", "2025-02-21")),
    ("Im Dezember 2023 begann der Streit.", ("Im Dezember 2023", "2023-12")),
    ("Das war am 3. Jänner 2024.", ("am 3. Jänner 2024", "2024-01-03")),
])
def test_date_forms(blank, text, expected):
    assert values(blank, text) == [expected]


def test_precision(blank):
    doc = run(blank, "Am 27. Februar und im März.")
    assert [d.precision for d in doc._.dates] == ["day", "month"]


def test_weekday_in_future_sentence_is_the_coming_one(blank):
    assert values(blank, "Das Treffen soll am Donnerstag stattfinden.") == [("am Donnerstag", "2025-03-06")]
    # The same weekday as the publication date counts as that day.
    assert values(blank, "Am Freitag sprach er.") == [("Am Freitag", "2025-02-28")]


def test_day_month_takes_the_nearest_year(blank):
    assert values(blank, "Am 30. Dezember fiel die Entscheidung.", "2025-01-05") == [
        ("Am 30. Dezember", "2024-12-30")]
    assert nearest_day(1, 3, date(2024, 12, 20)).isoformat() == "2025-01-03"
    assert nearest_month_year(12, date(2025, 1, 10)) == 2024


def test_impossible_date_keeps_text_with_value_none(blank):
    doc = run(blank, "Der Termin am 31.02. wurde gestrichen.")
    assert [(d.text, d.value, d.precision) for d in doc._.dates] == [("am 31.02.", None, None)]


def test_without_published_date_only_absolute_dates_resolve(blank):
    got = values(blank, "Am Donnerstag, dem 27. Februar 2025, und gestern im März.", None)
    assert got == [("Am Donnerstag", None), ("27. Februar 2025", "2025-02-27"), ("gestern", None),
                   ("im März", None)]


def test_offsets_point_into_the_text(blank):
    text = "Schon am 12.03.2025. Dann nichts mehr."
    doc = run(blank, text)
    mention = doc._.dates[0]
    assert text[mention.start:mention.end] == mention.text == "am 12.03.2025"


def test_morning_noun_is_not_tomorrow(blank):
    assert values(blank, "Am Morgen kam die Nachricht.") == []


def test_dates_in_sentence(blank):
    doc = run(blank, "Am Montag reiste er ab. Am 27. Februar kam er zurück.")
    first, second = list(doc.sents)
    assert [d.text for d in dates_in(first)] == ["Am Montag"]
    assert all(isinstance(d, DateMention) for d in dates_in(second))
    assert [d.value for d in dates_in(second)] == ["2025-02-27"]


def test_weekday_direction_follows_tense(blank):
    # Published on a Wednesday: a past-tense Friday lies behind, a present-tense Friday ahead.
    assert values(blank, "Am Freitag trafen sich die Minister.", "2025-08-13") == [("Am Freitag", "2025-08-08")]
    assert values(blank, "Die Präsidenten treffen sich am Freitag.", "2025-08-13") == [
        ("am Freitag", "2025-08-15")]
    assert values(blank, "Er hat für Montag eine Rede angekündigt.", "2025-07-11") == [("für Montag", "2025-07-14")]


def test_present_tense_t_stem_verb_is_not_past(blank):
    assert values(blank, "Wie Medien berichten, treffen sich beide am Freitag.", "2025-08-13") == [
        ("am Freitag", "2025-08-15")]
    assert values(blank, "Am Freitag erklärte er seinen Rücktritt.", "2025-08-13") == [("Am Freitag", "2025-08-08")]


def test_matcher_runs_on_date_sentences_only_and_finds_what_the_whole_doc_gives(blank):
    from spacy.util import filter_spans

    from diplograph.pipeline.date_rules import lexicon
    from diplograph.pipeline.dates import date_matches

    assert lexicon().anchor_words is not None and {"februar", "montag", "woche", "gestern"} <= lexicon().anchor_words
    matcher = blank.get_pipe("diplograph_dates").matcher
    text = ("Nichts hier. Sie trafen sich am 27. Februar. Vergangene Woche sprach er. Am 1.3. kommt er. "
            "Laut Protokoll vom 2025-02-18 gab es nichts. In der kommenden Woche und am Montag kommender Woche. "
            "Anfang 2025 und gestern Abend. Ohne Datum.")
    doc = run(blank, text)
    whole = [(s.start, s.end, s.label_) for s in filter_spans(matcher(doc, as_spans=True))]
    assert [(s.start, s.end, s.label_) for s in filter_spans(date_matches(doc, matcher))] == whole
    assert len(whole) >= 7


def test_the_matcher_sees_only_what_the_patterns_reach_from_a_date_word():
    from diplograph.pipeline.date_rules import ALL_TOKENS, MAX_REACH, NUMBER, anchor_reach, date_word_reach, lexicon
    from diplograph.pipeline.dates import _merged

    reach = anchor_reach(lexicon().patterns)
    assert reach["montag"] == (2, 0)  # "am kommenden Montag"
    assert reach["woche"] == (MAX_REACH, 0)  # "in der kommenden Woche": a "*" in the pattern
    assert reach[NUMBER] == (1, 4)  # "am 27. bis 28. Februar 2025" from "27."
    assert date_word_reach("2025") == reach[NUMBER] and date_word_reach("treffen") is None
    unanchored = {"X": [[{"LOWER": "am", "OP": "?"}, {"IS_DIGIT": True}]]}
    assert anchor_reach(unanchored) == {ALL_TOKENS: (MAX_REACH, MAX_REACH)}
    # a later date word may reach back past an earlier one's window
    assert _merged([(10, 11), (3, 12), (14, 15), (15, 18)]) == [(3, 12), (14, 18)]


def test_the_patterns_are_the_components_data(tmp_path):
    import copy
    import json

    import spacy

    from diplograph.pipeline.date_rules import shipped_data

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("diplograph_dates")
    component = nlp.get_pipe("diplograph_dates")

    def found(text: str) -> list[tuple[str, str | None]]:
        doc = nlp.make_doc(text)
        doc._.published = "2024-03-13"
        return [(d.text, d.value) for d in nlp(doc)._.dates]

    assert found("Sie trafen sich gestern.") == [("gestern", "2024-03-12")]
    patterns = copy.deepcopy(shipped_data())
    patterns["relative_days"]["vorvorgestern"] = -3  # a word of one's own, added to the relative days
    for item in patterns["patterns"]:
        if item["label"] == "REL_DAY" and "LOWER" in item["pattern"][0]:
            item["pattern"][0]["LOWER"]["IN"].append("vorvorgestern")
    component.initialize(patterns=patterns)
    assert found("Sie trafen sich vorvorgestern.") == [("vorvorgestern", "2024-03-10")]
    nlp.to_disk(tmp_path)
    assert "vorvorgestern" in json.loads((tmp_path / "diplograph_dates" / "patterns.json").read_text("utf-8"))[
        "relative_days"]
    reloaded = spacy.load(tmp_path)
    doc = reloaded.make_doc("Sie trafen sich vorvorgestern.")
    doc._.published = "2024-03-13"
    assert [(d.text, d.value) for d in reloaded(doc)._.dates] == [("vorvorgestern", "2024-03-10")]


def test_a_plan_named_by_an_adjective_told_in_the_past_is_past(nlp):
    # the full pipeline (tags and morphology): "geplante" names the plan, "wurde ... abgesagt" is past
    text = "Der geplante Besuch des Präsidenten in Paris wurde am Montag abgesagt."
    assert values(nlp, text) == [("am Montag", "2025-02-24")]
    # a plan told as a plan keeps the coming day
    assert values(nlp, "Der Besuch des Präsidenten in Paris ist für Montag geplant.") == [("für Montag", "2025-03-03")]
