"""Corpus API, displaCy rendering and pictures, on texts written for these tests."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

import diplograph  # noqa: E402
import diplograph.viz.plot  # noqa: E402
from diplograph import Corpus  # noqa: E402
from diplograph.viz.render import manual_data  # noqa: E402

TEXTS = [
    "Bundesaußenminister Johann Wadephul traf am Montag in Paris seinen französischen Amtskollegen "
    "Jean-Noël Barrot.",
    "Bundeskanzler Friedrich Merz hat am Dienstag mit dem ukrainischen Präsidenten Wolodymyr Selenskyj "
    "telefoniert.",
    "Das Wetter in Hamburg bleibt regnerisch.",
]


@pytest.fixture(scope="module")
def corpus(nlp) -> Corpus:
    return Corpus.from_texts(TEXTS, published=["2025-06-03", "2025-05-21", None], ids=["paris", "call", "rain"],
                             nlp=nlp, progress=False)


def test_sequence_protocol(corpus: Corpus) -> None:
    assert len(corpus) == 3
    assert [r.id for r in corpus] == ["paris", "call", "rain"]
    assert corpus["call"] is corpus[1]
    assert corpus["rain"].events == []
    assert "3 articles" in repr(corpus)
    with pytest.raises(KeyError):
        corpus["nope"]


def test_from_texts_validates_lengths(nlp) -> None:
    with pytest.raises(ValueError):
        Corpus.from_texts(["a", "b"], ids=["x"], nlp=nlp, progress=False)
    with pytest.raises(ValueError):
        Corpus.from_texts(["a", "b"], ids=["x", "x"], nlp=nlp, progress=False)


def test_dataframes_have_provenance(corpus: Corpus) -> None:
    actors = corpus.actors_df()
    row = actors[actors["name"] == "Johann Wadephul"].iloc[0]
    assert row["article_id"] == "paris" and row["country"] == "DE" and row["actor_id"]
    assert TEXTS[0][row["start"]:row["end"]] == "Johann Wadephul"
    assert "Wadephul" in row["context"]
    events = corpus.events_df()
    call = events[events["article_id"] == "call"].iloc[0]
    assert call["type"] == "call" and "Selenskyj" in call["participants"]
    assert TEXTS[1][call["start"]:call["end"]] == call["evidence"]
    places = corpus.places_df()
    assert "Paris" in set(places["name"])
    mentions = corpus.mentions_df()
    assert {"actor", "place"} <= set(mentions["kind"])
    for m in mentions.itertuples():
        assert TEXTS[["paris", "call", "rain"].index(m.article_id)][m.start:m.end] == m.text


def test_empty_corpus_tables_keep_their_columns() -> None:
    empty = Corpus([])
    assert len(empty) == 0
    assert list(empty.events_df().columns)[:4] == ["article_id", "event_id", "type", "status"]
    assert empty.actors_df().empty and empty.mentions_df().empty


def test_records_round_trip_without_nlp(corpus: Corpus, tmp_path: Path) -> None:
    path = corpus.to_jsonl(tmp_path / "records.jsonl")
    again = Corpus.from_records(path)
    assert [r.to_dict() for r in again] == [r.to_dict() for r in corpus]
    assert again.text("paris") is None
    with pytest.raises(ValueError, match="text"):
        again.render("paris", jupyter=False)


def test_graph_and_exports(corpus: Corpus, tmp_path: Path) -> None:
    graph = corpus.graph()
    assert graph is corpus.graph()
    kinds = {k for _, k in graph.nodes(data="kind")}
    assert {"actor", "meeting"} <= kinds
    assert corpus.to_graphml(tmp_path / "g.graphml").read_text(encoding="utf-8").startswith("<?xml")
    assert "<gexf" in corpus.to_gexf(tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert corpus.actor_network().number_of_edges() >= 1


def test_render_record_and_doc(corpus: Corpus, nlp) -> None:
    data = manual_data(corpus["paris"], TEXTS[0])
    labels = {s["label"] for s in data["spans"]}
    assert {"PER DE", "PER FR", "ROLE"} <= labels
    assert any(label.endswith(" held") for label in labels)
    assert " ".join(data["tokens"]).replace(" ", "") == TEXTS[0].replace(" ", "")
    html = corpus.render("paris", jupyter=False)
    assert "Wadephul" in html and "PER DE" in html
    assert "Selenskyj" in diplograph.render(nlp(TEXTS[1]), jupyter=False)
    with pytest.raises(ValueError):
        diplograph.render(corpus["paris"])
    with pytest.raises(TypeError):
        diplograph.render("just a string")


def test_pictures(corpus: Corpus, tmp_path: Path) -> None:
    fig = diplograph.viz.plot.network(corpus.graph(), tmp_path / "net.png")
    assert (tmp_path / "net.png").stat().st_size > 5000
    assert fig.axes and "actors" in fig.axes[0].get_title()
    fig = diplograph.viz.plot.timeline(corpus.events_df(), tmp_path / "time.png")
    assert (tmp_path / "time.png").stat().st_size > 5000
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "DE–UA" in labels
    by_actor = diplograph.viz.plot.timeline(corpus, by="actors")
    assert "Friedrich Merz" in [t.get_text() for t in by_actor.axes[0].get_yticklabels()]
    assert diplograph.viz.plot.network(Corpus([]).graph()) is not None
    assert diplograph.viz.plot.timeline(Corpus([])) is not None
    with pytest.raises(ValueError):
        diplograph.viz.plot.timeline(corpus, by="colour")
