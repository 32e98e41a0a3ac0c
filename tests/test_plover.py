"""Meetings as PLOVER / CAMEO event records: who hosts, the mode and code of each kind of meeting, and every
written record valid under the project's JSON Schema (src/diplograph/resources/plover.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from diplograph import Corpus, build_graph
from diplograph.cli import EXIT_OK, main
from diplograph.network.export import PLOVER_RECORDS, output_kind, write_graph
from diplograph.network.hosting import assign_hosts, host_and_visitors
from diplograph.network.plover import (
    actor_code,
    alpha3,
    cameo_code,
    consult_mode,
    contexts,
    plover_records,
    schema,
    write_plover,
)
from diplograph.records import Actor, DocRecord, Event, Evidence, Mention, Place

PUBLISHED = "2025-03-05"
TEXTS = {
    "visit": "Die deutsche Außenministerin Anna Beispiel reiste am 3. März 2025 nach Madrid zu einem Besuch bei "
             "ihrem spanischen Amtskollegen Luis Ejemplo.",
    "received": "Der niederländische Außenminister Jan Voorbeeld empfing am Dienstag den österreichischen "
                "Außenminister Karl Muster zu Gesprächen.",
    "call": "Der Bundeskanzler Otto Probe telefonierte am Dienstag mit dem französischen Präsidenten Pierre Martin.",
    "summit": "Der deutsche Bundeskanzler Otto Probe, der französische Präsident Pierre Martin und die italienische "
              "Ministerpräsidentin Maria Esempio trafen sich am 4. März 2025 zu einem Gipfel in Brüssel.",
    "planned": "Die deutsche Außenministerin Anna Beispiel will am 20. März 2025 in Rom den italienischen "
               "Außenminister Marco Esempio treffen.",
    "cancelled": "Das für Freitag geplante Treffen der deutschen Außenministerin Anna Beispiel mit dem polnischen "
                 "Außenminister Jan Przyklad in Warschau wurde abgesagt.",
    "neutral": "Der amerikanische Außenminister John Example und der russische Außenminister Iwan Primerow führten "
               "am 4. März 2025 in Riad Gespräche.",
    "negotiation": "Unterhändler der Ukraine und Russlands verhandelten am 4. März 2025 in Genf über einen "
                   "Gefangenenaustausch.",
}
# article -> (type, status, host, visitors, PLOVER mode, CAMEO code, quad class)
EXPECTED = {
    "visit": ("visit", "held", "ES", "DE", "visit", "042", 1),
    "received": ("visit", "held", "NL", "AT", "visit", "042", 1),
    "call": ("call", "held", None, "", "phone", "041", 1),
    "summit": ("summit", "held", None, "", "multilateral", "040", 1),
    "planned": ("meeting", "planned", "IT", "DE", "visit", "036", 1),
    "cancelled": ("meeting", "cancelled", "PL", "DE", "visit", None, None),
    "neutral": ("talks", "held", None, "", "third-party", "044", 1),
    "negotiation": ("talks", "held", None, "", "third-party", "046", 1),
}


@pytest.fixture(scope="module")
def corpus(nlp) -> Corpus:
    return Corpus.from_texts(list(TEXTS.values()), ids=list(TEXTS), published=PUBLISHED, nlp=nlp, progress=False)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema())
    return jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())


def _valid(validator: jsonschema.Draft202012Validator, records: list[dict]) -> None:
    for record in records:
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, (record["id"], [e.message for e in errors])


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# -- extraction: host, visitors and codes of each kind of meeting ------------------------------------------


def test_each_kind_of_meeting_gets_its_host_mode_and_code(corpus: Corpus) -> None:
    events = corpus.events_df()
    assert len(events) == len(TEXTS)
    assert str(events["quad"].dtype) == "Int64"
    for article, (kind, status, host, visitors, mode, cameo, quad) in EXPECTED.items():
        row = events[events["article_id"] == article].iloc[0]
        got = tuple(None if pd.isna(value) else value for value in (
            row["type"], row["status"], row["host"], row["visitors"], row["plover_mode"], row["cameo"], row["quad"]))
        assert got == (kind, status, host, visitors, mode, cameo, quad), article


def test_hosts_are_stored_on_the_records(corpus: Corpus) -> None:
    visit = corpus["visit"].events[0]
    assert (visit.host, visit.visitors) == ("ES", ["DE"])
    assert corpus["call"].events[0].host is None and corpus["call"].events[0].visitors == []
    assert corpus["summit"].events[0].host is None  # a multilateral gathering has no host
    assert corpus["neutral"].events[0].host is None  # Riad: neither side's state
    again = DocRecord.from_dict(json.loads(json.dumps(corpus["visit"].to_dict())))
    assert (again.events[0].host, again.events[0].visitors) == ("ES", ["DE"])


# -- PLOVER records ----------------------------------------------------------------------------------------


def test_every_plover_record_is_valid_and_mapped(corpus: Corpus, validator, tmp_path: Path) -> None:
    path = corpus.to_plover(tmp_path / "events.plover.jsonl")
    records = _read(path)
    _valid(validator, records)
    assert len(records) == len(TEXTS)
    by_article = {r["cite_info"][0]["citation"]: r for r in records}

    visit = by_article["visit"]
    assert visit["event"] == ["CONSULT"] and visit["mode"] == ["visit"] and visit["quad_code"] == 1
    assert visit["cameo"] == "042" and "context" not in visit
    assert (visit["date"], visit["date_precision"]) == ("2025-03-03", "day")
    assert [(a["code"], a["actor_text"], a["sector"], a["office"]) for a in visit["source"]] == \
        [("DEU", "Anna Beispiel", "GOV", "Außenministerin")]
    assert [a["code"] for a in visit["recipient"]] == ["ESP"]
    assert visit["source"][0]["identifier_id"] == corpus["visit"].actors[0].id
    loc = visit["event_loc"]
    assert (loc["name"], loc["country code"], loc["cc3"]) == ("Madrid", "ES", "ESP")
    assert isinstance(loc["geonameid"], int) and 40 < loc["latitude"] < 41 and -4 < loc["longitude"] < -3
    assert visit["cite_info"][0]["codebook"].startswith("plover-")
    assert visit["cite_info"][0]["language"] == "de" and visit["cite_info"][0]["published"] == PUBLISHED

    call = by_article["call"]
    assert call["mode"] == ["phone"] and call["cameo"] == "041" and "recipient" not in call
    assert {a["code"] for a in call["source"]} == {"DEU", "FRA"}  # nobody hosts: every side is a source

    summit = by_article["summit"]
    assert summit["mode"] == ["multilateral"] and "recipient" not in summit and summit["cameo"] == "040"
    assert {a["code"] for a in summit["source"]} == {"DEU", "FRA", "ITA"}
    assert summit["event_loc"]["cc3"] == "BEL"

    planned = by_article["planned"]
    assert planned["context"] == ["future"] and planned["cameo"] == "036" and planned["mode"] == ["visit"]
    assert [a["code"] for a in planned["recipient"]] == ["ITA"]

    cancelled = by_article["cancelled"]
    assert cancelled["context"] == ["negation"] and cancelled["cameo"] is None

    neutral = by_article["neutral"]
    assert neutral["mode"] == ["third-party"] and neutral["cameo"] == "044" and "recipient" not in neutral
    assert neutral["event_loc"]["country code"] == "SA"

    negotiation = by_article["negotiation"]
    assert negotiation["cameo"] == "046"
    assert sorted(a["identifier_id"] for a in negotiation["source"]) == ["state:RU", "state:UA"]


def test_evidence_offsets_point_into_the_article(corpus: Corpus, tmp_path: Path) -> None:
    for record in plover_records(corpus.records):
        assert len(record["event_text"]) == len(record["text_info"])
        for text, info in zip(record["event_text"], record["text_info"], strict=True):
            assert TEXTS[info["citation"]][info["start"]:info["end"]] == text


def test_the_cli_writes_plover_records_from_an_extract_file(corpus: Corpus, validator, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    extracted = corpus.to_jsonl(tmp_path / "records.jsonl")
    out = tmp_path / "events.plover.jsonl"
    assert main(["graph", str(extracted), "--output", str(out)]) == EXIT_OK
    assert "PLOVER event records" in capsys.readouterr().err
    records = _read(out)
    _valid(validator, records)
    assert records == list(plover_records(Corpus.from_records(extracted).records))
    assert output_kind("events.plover.jsonl") == PLOVER_RECORDS
    with pytest.raises(ValueError, match="PLOVER"):  # a graph alone cannot give them
        write_graph(build_graph(corpus.records), tmp_path / "g.plover.jsonl")


# -- records written here (no NLP) -------------------------------------------------------------------------


def _record(doc_id: str, text: str, people: dict[str, str | None], event: Event,
            places: list[Place] | None = None) -> DocRecord:
    """A record of ``text``: one actor per name in ``people`` (name -> state) with its mentions, the event
    with the whole text as its evidence."""
    actors = []
    for name, country in people.items():
        mentions = []
        start = text.find(name)
        while start >= 0:
            mentions.append(Mention(name, start, start + len(name), 0))
            start = text.find(name, start + 1)
        actors.append(Actor(name, roles=["Außenminister"], country=country, mentions=mentions))
    event.evidence = [Evidence(text, 0, len(text))]
    return DocRecord(id=doc_id, model="test", url=f"https://example.org/{doc_id}", published=PUBLISHED,
                     actors=actors, places=places or [], events=[event])


@pytest.mark.parametrize(("text", "people", "kind", "host"), [
    ("Berg empfing Vega im Außenministerium.", {"Berg": "DE", "Vega": "ES"}, "meeting", "DE"),
    ("Am Montag empfing Berg Vega zu Gesprächen.", {"Berg": "DE", "Vega": "ES"}, "meeting", "DE"),
    ("Vega wurde am Montag von Berg empfangen.", {"Berg": "DE", "Vega": "ES"}, "meeting", "DE"),
    ("Vega reiste ab, nachdem Berg ihn empfangen hatte.", {"Berg": "DE", "Vega": "ES"}, "meeting", "DE"),
    ("Berg hat Vega am Montag in ihrem Amtssitz empfangen.", {"Berg": "DE", "Vega": "ES"}, "meeting", "DE"),
    ("Gastgeber Berg begrüßte Vega im Kanzleramt.", {"Berg": "DE", "Vega": "ES"}, "meeting", "DE"),
    ("Vega traf Berg, die als Gastgeberin auftrat.", {"Berg": "DE", "Vega": "ES"}, "meeting", "DE"),
    ("Vega kam zu Besuch bei seiner Amtskollegin Berg.", {"Vega": "ES", "Berg": "DE"}, "visit", "DE"),
    ("Vega sprach beim Besuch beim deutschen Präsidenten auch Berg.", {"Vega": "ES", "Berg": None}, "visit",
     "DE"),
    ("Vega besuchte Berg.", {"Vega": "ES", "Berg": "DE"}, "visit", "DE"),  # the first-named came
    ("Vega und Berg sprachen miteinander.", {"Vega": "ES", "Berg": "DE"}, "meeting", None),  # nothing says
])
def test_what_the_sentence_says_decides_the_host(text: str, people: dict, kind: str, host: str | None) -> None:
    record = _record("a", text, people, Event(kind, "held", list(people), ["DE", "ES"]))
    got, visitors = host_and_visitors(record.events[0], record)
    assert got == host
    assert visitors == (sorted({"DE", "ES"} - {host}) if host else [])


def test_the_venue_decides_where_the_sentence_does_not() -> None:
    madrid = Place("Madrid", normalized="Madrid", country="ES", lat=40.4165, lon=-3.70256, geonameid=3117735)
    geneva = Place("Genf", normalized="Geneva", country="CH", lat=46.20222, lon=6.14569, geonameid=2660646)
    held = _record("a", "Berg traf Vega in Madrid.", {"Berg": "DE", "Vega": "ES"},
                   Event("meeting", "held", ["Berg", "Vega"], ["DE", "ES"], "Madrid"), [madrid])
    assert host_and_visitors(held.events[0], held) == ("ES", ["DE"])
    neutral = _record("b", "Berg traf Vega in Genf.", {"Berg": "DE", "Vega": "ES"},
                      Event("meeting", "held", ["Berg", "Vega"], ["DE", "ES"], "Genf"), [geneva])
    assert host_and_visitors(neutral.events[0], neutral) == (None, [])
    country = _record("c", "Berg reiste nach Spanien.", {"Berg": "DE"},
                      Event("visit", "planned", ["Berg"], ["DE", "ES"], "Spanien"))
    assert host_and_visitors(country.events[0], country) == ("ES", ["DE"])  # a German country name
    body = _record("d", "Berg traf Vega in Madrid.", {"Berg": "EU", "Vega": "ES"},
                   Event("meeting", "held", ["Berg", "Vega"], ["ES", "EU"], "Madrid"), [madrid])
    assert host_and_visitors(body.events[0], body) == ("ES", ["EU"])


def test_a_meeting_reported_twice_is_one_record_citing_both_articles(validator) -> None:
    """Two articles, one meeting: one PLOVER record, both articles cited and their sentences kept; the records
    carry no host (as records written before the field existed), so it is found when writing."""
    madrid = Place("Madrid", normalized="Madrid", country="ES", lat=40.4165, lon=-3.70256, geonameid=3117735)
    first = _record("a", "Anna Berg traf Luis Vega in Madrid.", {"Anna Berg": "DE", "Luis Vega": "ES"},
                    Event("meeting", "held", ["Anna Berg", "Luis Vega"], ["DE", "ES"], "Madrid", "2025-03-04"),
                    [madrid])
    second = _record("b", "Luis Vega empfing Anna Berg.", {"Anna Berg": "DE", "Luis Vega": "ES"},
                     Event("talks", "held", ["Luis Vega", "Anna Berg"], ["DE", "ES"], "Madrid", "2025-03"), [madrid])
    records = list(plover_records([first, second]))
    _valid(validator, records)
    assert len(records) == 1
    record = records[0]
    assert [c["citation"] for c in record["cite_info"]] == ["a", "b"]
    assert [t["citation"] for t in record["text_info"]] == ["a", "b"]
    assert record["event_text"] == ["Anna Berg traf Luis Vega in Madrid.", "Luis Vega empfing Anna Berg."]
    assert (record["date"], record["date_precision"]) == ("2025-03-04", "day")
    assert [a["actor_text"] for a in record["source"]] == ["Anna Berg"]
    assert [a["code"] for a in record["recipient"]] == ["ESP"] and record["cameo"] == "042"


def test_old_records_without_host_fields_still_load_and_get_hosts() -> None:
    data = {"id": "a", "model": "old", "actors": [{"name": "Berg", "country": "DE"}, {"name": "Vega", "country": "ES"}],
            "places": [{"name": "Madrid", "country": "ES"}],
            "events": [{"type": "visit", "status": "held", "participants": ["Berg", "Vega"], "parties": ["DE", "ES"],
                        "place": "Madrid"}]}
    record = DocRecord.from_dict(data)
    assert (record.events[0].host, record.events[0].visitors) == (None, [])
    assign_hosts(record, missing_only=True)
    assert (record.events[0].host, record.events[0].visitors) == ("ES", ["DE"])
    assert record.to_dict()["events"][0]["host"] == "ES"


def test_the_graph_marks_host_and_visitor() -> None:
    madrid = Place("Madrid", normalized="Madrid", country="ES", lat=40.4165, lon=-3.70256, geonameid=3117735)
    record = _record("a", "Anna Berg traf Luis Vega in Madrid.", {"Anna Berg": "DE", "Luis Vega": "ES"},
                     Event("meeting", "held", ["Anna Berg", "Luis Vega"], ["DE", "ES"], "Madrid", "2025-03-04"),
                     [madrid])
    graph = build_graph([record])
    meeting = next(n for n, k in graph.nodes(data="kind") if k == "meeting")
    attrs = graph.nodes[meeting]
    assert (attrs["host"], attrs["visitors"], attrs["cameo"], attrs["plover_mode"], attrs["quad"]) == \
        ("ES", "DE", "042", "visit", 1)
    assert graph.edges["state:DE", meeting]["side"] == "visitor"
    assert graph.edges["state:ES", meeting]["side"] == "host"


# -- the code tables ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "status", "host", "parties", "venue", "trigger", "mode", "cameo"), [
    ("call", "held", None, ["DE", "FR"], None, "telefonierten", "phone", "041"),
    ("call", "planned", None, ["DE", "FR"], None, "Telefonat", "phone", "036"),
    ("visit", "held", "FR", ["DE", "FR"], "FR", "Besuch", "visit", "042"),
    ("meeting", "held", None, ["RU", "US"], "CH", "trafen", "third-party", "044"),
    ("talks", "held", None, ["RU", "US"], "SA", "Verhandlungen", "third-party", "046"),
    ("summit", "held", None, ["DE", "FR", "IT"], "BE", "Gipfel", "multilateral", "040"),
    ("meeting", "held", None, ["EU", "RS"], "BE", "trafen", "multilateral", "040"),
    ("meeting", "held", None, ["DE", "FR"], None, "Treffen", None, "040"),
    ("meeting", "cancelled", "PL", ["DE", "PL"], "PL", "Treffen", "visit", None),
])
def test_mode_and_cameo_code(kind, status, host, parties, venue, trigger, mode, cameo) -> None:
    assert consult_mode(kind, host, parties, venue) == mode
    assert cameo_code(kind, status, mode, trigger) == cameo


def test_codes_and_contexts() -> None:
    assert (alpha3("DE"), alpha3("XK"), alpha3("EU")) == ("DEU", "XKX", None)
    assert (actor_code("GB"), actor_code("NATO"), actor_code(None)) == ("GBR", "IGO", None)
    assert contexts("planned", "2025-04", ["2025-03-05"]) == ["future"]
    assert contexts("cancelled", None, ["2025-03-05"]) == ["negation"]
    assert contexts("held", "1971-09", ["2025-08-13"]) == ["historical"]
    assert contexts("held", "2025-03-04", ["2025-03-05", None]) == []


def test_write_plover_counts_and_empty_corpus(tmp_path: Path) -> None:
    assert write_plover([], tmp_path / "none.plover.jsonl") == 0
    assert (tmp_path / "none.plover.jsonl").read_text(encoding="utf-8") == ""
