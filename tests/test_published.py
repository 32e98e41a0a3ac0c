"""Publication dates: record field > --published / published= > a dateline in the text > none, and no "today".

All texts are written for these tests; the people in them are invented, except the knowledge-base entries
the "no today" tests need.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import diplograph
import diplograph.corpus.runner
from diplograph import Corpus
from diplograph.cli import EXIT_OK, EXIT_USAGE, main
from diplograph.corpus.dateline import date_in_text
from diplograph.corpus.inputs import Article, normalise_published, read_inputs
from diplograph.pipeline import knowledge
from diplograph.records import DocRecord

THURSDAY = "2024-03-14"
MONDAY_BEFORE = "2024-03-11"
MEETING = "Die Außenministerin Anna Beispiel traf am Montag in Wien ihren Amtskollegen Karl Muster."
DATELINED = ("Berlin, 12. März 2024 (dpa) - Die Außenministerin Anna Beispiel hat am Montag in Wien ihren "
             "österreichischen Amtskollegen Karl Muster getroffen.")
UNDATED = "Die Außenministerin Anna Beispiel traf am Montag in Wien ihren Amtskollegen Karl Muster zum Gespräch."


@pytest.fixture
def cli_nlp(nlp, monkeypatch: pytest.MonkeyPatch):
    """The CLI extracts with the session's pipeline instead of loading the model once more per call."""
    monkeypatch.setattr(diplograph.corpus.runner, "load", lambda model="auto", **_: nlp)
    return nlp


def _extract(tmp_path: Path, *args: str) -> dict[str, dict]:
    out = tmp_path / "records.jsonl"
    assert main(["extract", *args, "--output", str(out), "--overwrite", "--quiet"]) == EXIT_OK
    return {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


# -- command line -------------------------------------------------------------------------------------------

def test_txt_with_published_option_resolves_relative_dates(tmp_path: Path, cli_nlp) -> None:
    (tmp_path / "treffen.txt").write_text(MEETING, encoding="utf-8")
    record = _extract(tmp_path, str(tmp_path / "treffen.txt"), "--published", THURSDAY)["treffen"]
    assert record["published"] == THURSDAY and record["published_source"] == "argument"
    assert [(d["text"], d["value"]) for d in record["dates"]] == [("am Montag", MONDAY_BEFORE)]
    assert [e["date"] for e in record["events"]] == [MONDAY_BEFORE]


def test_record_published_beats_the_option(tmp_path: Path, cli_nlp) -> None:
    articles = tmp_path / "articles.jsonl"
    articles.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "own", "text": MEETING, "published": "2024-05-02"},
        {"id": "none", "text": MEETING},
        {"id": "null", "text": MEETING, "published": None},
        {"id": "dateline", "text": DATELINED},  # the option beats the text's own date too
    ]) + "\n", encoding="utf-8")
    records = _extract(tmp_path, str(articles), "--published", THURSDAY)
    assert (records["own"]["published"], records["own"]["published_source"]) == ("2024-05-02", "record")
    assert records["own"]["dates"][0]["value"] == "2024-04-29"  # the Monday before the record's own date
    for key in ("none", "null", "dateline"):
        assert (records[key]["published"], records[key]["published_source"]) == (THURSDAY, "argument")
    assert records["none"]["dates"][0]["value"] == MONDAY_BEFORE


def test_stdin_records_get_the_option(tmp_path: Path, cli_nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    lines = [json.dumps({"id": "s1", "text": MEETING}),
             json.dumps({"id": "s2", "text": MEETING, "published": "2024-05-02"})]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    records = _extract(tmp_path, "-", "--published", THURSDAY)
    assert records["s1"]["published"] == THURSDAY and records["s2"]["published"] == "2024-05-02"


@pytest.mark.parametrize("value", ["2024-13-01", "14.03.2024", "gestern", "2024-3-14", ""])
def test_bad_published_is_a_usage_error(tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(MEETING, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(tmp_path / "a.txt"), "--output", str(tmp_path / "r.jsonl"), "--published", value])
    assert exit_info.value.code == EXIT_USAGE == 2
    err = capsys.readouterr().err
    assert "--published" in err and repr(value) in err
    assert not (tmp_path / "r.jsonl").exists()


def test_dateline_dates_a_txt_without_any_option(tmp_path: Path, cli_nlp) -> None:
    (tmp_path / "meldung.txt").write_text(DATELINED, encoding="utf-8")
    (tmp_path / "ohne.txt").write_text(UNDATED, encoding="utf-8")
    records = _extract(tmp_path, str(tmp_path))
    assert (records["meldung"]["published"], records["meldung"]["published_source"]) == ("2024-03-12", "text")
    assert [e["date"] for e in records["meldung"]["events"]] == [MONDAY_BEFORE]
    assert (records["ohne"]["published"], records["ohne"]["published_source"]) == (None, None)
    assert [d["value"] for d in records["ohne"]["dates"]] == [None]  # "am Montag" of an unknown week
    assert all(e["date"] is None for e in records["ohne"]["events"])


def test_help_documents_the_order(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    out = capsys.readouterr().out
    assert "--published YYYY-MM-DD" in out and "published_source" in out and "Berlin, 12. März 2024 (dpa)" in out


# -- library --------------------------------------------------------------------------------------------------

def test_extract_argument_then_text_then_none(nlp) -> None:
    assert diplograph.extract(DATELINED, nlp=nlp).published == "2024-03-12"
    assert diplograph.extract(DATELINED, nlp=nlp).published_source == "text"
    given = diplograph.extract(DATELINED, published=date(2024, 3, 14), nlp=nlp)
    assert (given.published, given.published_source) == (THURSDAY, "argument")
    bare = diplograph.extract(UNDATED, nlp=nlp)
    assert (bare.published, bare.published_source) == (None, None)
    with pytest.raises(ValueError, match="14.03.2024"):
        diplograph.extract(MEETING, published="14.03.2024", nlp=nlp)


def test_corpus_constructors_take_the_same_order(tmp_path: Path, nlp) -> None:
    corpus = Corpus.from_texts([MEETING, DATELINED, UNDATED], published=[THURSDAY, None, None], nlp=nlp,
                               progress=False)
    assert [(r.published, r.published_source) for r in corpus] == [
        (THURSDAY, "argument"), ("2024-03-12", "text"), (None, None)]
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "own", "text": MEETING, "published": "2024-05-02"}) + "\n"
                    + json.dumps({"id": "bare", "text": DATELINED}) + "\n", encoding="utf-8")
    corpus = Corpus.from_jsonl(path, published=THURSDAY, nlp=nlp, progress=False)
    assert [(r.published, r.published_source) for r in corpus] == [("2024-05-02", "record"), (THURSDAY, "argument")]
    assert [(r.published, r.published_source) for r in Corpus.from_jsonl(path, nlp=nlp, progress=False)] == [
        ("2024-05-02", "record"), ("2024-03-12", "text")]
    with pytest.raises(ValueError, match="März"):
        Corpus.from_jsonl(path, published="12. März 2024", nlp=nlp, progress=False)


def test_read_inputs_precedence_and_bad_record_date(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "bad", "text": DATELINED, "published": "irgendwann"}) + "\n", encoding="utf-8")
    (article,) = read_inputs([path])
    assert isinstance(article, Article)  # an invalid own date is ignored (with a warning), then the text's
    assert (article.published, article.published_source) == ("2024-03-12", "text")
    assert any("irgendwann" in w for w in article.warnings)
    (article,) = read_inputs([path], published=THURSDAY)
    assert (article.published, article.published_source) == (THURSDAY, "argument")


def test_record_field_is_optional_in_json() -> None:
    old = {"id": "a", "model": "m", "published": "2024-03-12"}  # written before published_source existed
    assert DocRecord.from_dict(old).published_source is None
    record = DocRecord(id="a", model="m", published="2024-03-12", published_source="text")
    assert DocRecord.from_dict(json.loads(json.dumps(record.to_dict()))) == record


# -- the dateline ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    (DATELINED, "2024-03-12"),
    ("BRÜSSEL, 12.03.2024 – Die Kommission ...", "2024-03-12"),
    ("Frankfurt am Main, 1. Dezember 2023 (AFP) Die Ministerin ...", "2023-12-01"),
    ("12.03.2024 14:05\n\nAnna Beispiel reist nach Rom.", "2024-03-12"),
    ("Beispiel reist nach Rom\nDienstag, 12. März 2024\n\nText", "2024-03-12"),
    ("Beispiel reist nach Rom Stand: 12.03.2024 14:05 Uhr\n\nText", "2024-03-12"),
    ("Überschrift\nveröffentlicht am 12. März 2024\nText", "2024-03-12"),
    ("Sendung vom Abend\ngesendet am Dienstag, 12. März 2024", "2024-03-12"),
    ("<p>Stand: 12.03.2024</p><p>Anna Beispiel reist.</p>", "2024-03-12"),
    ("Stand: 13.03.2024\nveröffentlicht am 12.03.2024\nText", "2024-03-12"),  # publication before update
    # not the article's own date:
    ("Am 12. März 2024 trafen sich Anna Beispiel und Karl Muster in Wien.", None),
    ("Der Vertrag vom 5. Mai 1990 wurde in Wien gefeiert.", None),
    ("Berlin, 12. März (dpa) - ohne Jahr", None),
    ("Berlin, 31.02.2024 (dpa) - kein Tag", None),
    ("Berlin, März 2024 - ohne Tag", None),
    ("x" * 320 + "\nStand: 12.03.2024", None),  # past the first 300 characters
    ("a\nb\nc\nd\ne\nStand: 12.03.2024", None),  # past the first lines
    ("Anna Beispiel traf am Montag Karl Muster.", None),
])
def test_date_in_text(text: str, expected: str | None) -> None:
    assert date_in_text(text) == expected


def test_record_dates_are_never_filled_in_from_today() -> None:
    assert normalise_published("2024-03-12")[0] == "2024-03-12"
    assert normalise_published("12. März 2024")[0] == "2024-03-12"
    for relative in ("gestern", "vor zwei Tagen", "12. März", "am Montag"):  # would need today's date
        value, warning = normalise_published(relative)
        assert value is None and warning


# -- no "today" in the knowledge base -----------------------------------------------------------------------

INVENTED = (
    knowledge.OfficeHolder("Anna Beispiel", (), "Außenministerin", "DE", "2018-01-01", "2021-12-31"),
    knowledge.OfficeHolder("Anna Beispiel", (), "Generalsekretärin", "NATO", "2022-01-01", None),
    knowledge.OfficeHolder("Karl Muster", (), "Präsident", "AT", "2010-01-01", "2016-12-31"),
    knowledge.OfficeHolder("Paula Muster", (), "Präsidentin", "AT", "2017-01-01", None),
)


@pytest.fixture
def invented_kb(monkeypatch: pytest.MonkeyPatch):
    invented = knowledge.KnowledgeBase(INVENTED)
    monkeypatch.setattr(knowledge, "default_knowledge", lambda: invented)
    yield
    monkeypatch.undo()


def test_knowledge_without_a_date_uses_no_term_in_office_today(invented_kb) -> None:
    # dated: the term of that day
    assert knowledge.holder_fact("Beispiel", None, "2020-05-01", None, "country") == "DE"
    assert knowledge.holder_fact("Beispiel", None, "2024-05-01", None, "country") == "NATO"
    assert knowledge.best_holder("Muster", published="2012-05-01").name == "Karl Muster"
    # undated: neither the current term (end null) nor the current holder is picked
    assert knowledge.best_holder("Beispiel") is None
    assert knowledge.holder_fact("Beispiel", None, None, None, "country") is None
    assert knowledge.holder_fact("Beispiel", None, None, None, "office") is None
    assert knowledge.best_holder("Muster") is None and knowledge.known_person("Muster") is None
    # the text's own role still picks a term; a person is still known by name
    assert knowledge.holder_fact("Beispiel", None, None, ["Außenministerin"], "country") == "DE"
    assert knowledge.known_person("Anna Beispiel").name == "Anna Beispiel"
    assert knowledge.holder_fact("Paula Muster", None, None, None, "country") == "AT"  # one term: no choice


def test_pipeline_without_a_date_makes_no_knowledge_guess(nlp) -> None:
    text = "Annalena Baerbock sprach am Montag in Wien mit Anna Beispiel."

    def baerbock(published: str | None) -> diplograph.records.Actor:
        record = diplograph.extract(text, published=published, nlp=nlp)
        assert record.published == published
        return next(a for a in record.actors if a.name == "Annalena Baerbock")

    undated = baerbock(None)
    assert undated.country is None and undated.roles == []  # not her office of today (UN), nor any other
    assert (baerbock("2024-10-01").country, baerbock("2024-10-01").roles) == ("DE", ["Außenministerin"])
    assert baerbock("2025-10-01").country == "UN"
