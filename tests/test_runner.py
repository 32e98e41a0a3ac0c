"""corpus.runner: records from ``nlp.pipe(..., as_tuples=True, n_process=n)`` in input order, one bad article
costing only its own record (in this process and in spaCy's workers), long texts in chunks, no global
side effects."""

from __future__ import annotations

import gc
import weakref
from dataclasses import replace

import pytest
import spacy
from spacy.language import Language

import diplograph.pipeline  # noqa: F401  (registers diplograph_actors)
from diplograph.corpus.inputs import Article
from diplograph.corpus.runner import Extractor, extract_records

TEXT = ("Die Außenministerin Anna Beispiel traf am Montag in Wien den Premierminister Tomas Muster. "
        "Beide wollen sich im Mai erneut treffen.")


@Language.component("test_runner_fails_on_boom")
def _fails_on_boom(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("component failed on purpose")
    return doc


def _small_nlp():
    """Tokens, sentences, one PER pattern, a component that fails on "BOOM" and diplograph_actors."""
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PER", "pattern": "Olaf Scholz"}])
    nlp.add_pipe("test_runner_fails_on_boom")
    nlp.add_pipe("diplograph_actors")
    nlp.meta["diplograph_model"] = "test-runner"
    return nlp


def _articles(n: int, bad: set[int] = frozenset()) -> list[Article]:
    return [Article(f"a{i}", "BOOM" if i in bad else f"Olaf Scholz reiste am Tag {i} ab.") for i in range(n)]


def _summary(records) -> list[tuple]:
    return [(r.id, [a.name for a in r.actors], any("extraction failed" in w for w in r.warnings)) for r in records]


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_failing_article_costs_only_its_own_record(n_process):
    records = list(Extractor(nlp=_small_nlp()).pipe(_articles(9, bad={4}), batch_size=2, n_process=n_process))
    assert _summary(records) == [(f"a{i}", [] if i == 4 else ["Olaf Scholz"], i == 4) for i in range(9)]
    assert "RuntimeError: component failed on purpose" in " ".join(records[4].warnings)


def test_failures_in_several_batches_and_at_the_end():
    bad = {0, 5, 6, 11}
    # long texts: a batch's Docs fill more than a pipe's buffer (a worker left writing them must not hang the run)
    articles = [replace(a, text=a.text + " Es regnete." * 3000) for a in _articles(12, bad=bad)]
    records = list(Extractor(nlp=_small_nlp()).pipe(articles, batch_size=3, n_process=2))
    assert _summary(records) == [(f"a{i}", [] if i in bad else ["Olaf Scholz"], i in bad) for i in range(12)]


def test_a_doc_dropped_by_an_error_handler_is_done_on_its_own():
    nlp = _small_nlp()
    nlp.set_error_handler(lambda name, proc, docs, err: None)  # spaCy then drops the Doc from nlp.pipe
    records = list(Extractor(nlp=nlp).pipe(_articles(5, bad={2}), batch_size=2))
    assert [r.id for r in records] == [f"a{i}" for i in range(5)]
    assert all(r.actors for i, r in enumerate(records) if i != 2)


def test_an_error_while_reading_the_articles_comes_after_the_records_before_it():
    def source():
        yield from _articles(3)
        raise OSError("input gone")

    seen = []
    with pytest.raises(OSError, match="input gone"):
        for record in Extractor(nlp=_small_nlp()).pipe(source(), batch_size=2):
            seen.append(record.id)
    assert seen == ["a0", "a1", "a2"]


@pytest.mark.parametrize("n_process", [1, 2])
def test_long_texts_go_through_in_chunks(nlp, n_process):
    long_text = "\n\n".join([TEXT] * 4)
    articles = [Article("short", TEXT, "2025-03-05"), Article("long", long_text, "2025-03-05"),
                Article("short2", TEXT, "2025-03-05")]
    records = list(Extractor(nlp=nlp, max_length=len(TEXT) + 10).pipe(articles, batch_size=2, n_process=n_process))
    assert [r.id for r in records] == ["short", "long", "short2"]
    long = records[1]
    assert any("processed in 4 chunks" in w for w in long.warnings)
    starts = [m.start for a in long.actors if a.name == records[0].actors[0].name for m in a.mentions]
    step = len(TEXT) + 2
    assert starts == [records[0].actors[0].mentions[0].start + k * step for k in range(4)]
    assert records[0].to_dict() == {**records[2].to_dict(), "id": "short"}


def test_n_process_gives_the_records_of_one_process(nlp):
    articles = [Article(f"t{i}", TEXT.replace("Montag", day), "2025-03-05")
                for i, day in enumerate(["Montag", "Dienstag", "Freitag", "Sonntag", "Mittwoch"])]
    one = [r.to_dict() for r in extract_records(articles, nlp=nlp, batch_size=2)]
    two = [r.to_dict() for r in extract_records(articles, nlp=nlp, batch_size=2, n_process=2)]
    assert one == two
    assert all(r["events"] for r in one)


def test_extraction_leaves_the_collector_alone_and_frees_the_docs(nlp, monkeypatch):
    """No collector pause, freeze or heap tuning; the Docs are not kept once their records are out."""
    extractor = Extractor(nlp=nlp)
    seen: list[weakref.ref] = []
    enabled: list[bool] = []
    make_doc = extractor.make_doc

    def tracked(article):
        doc = make_doc(article)
        seen.append(weakref.ref(doc))
        enabled.append(gc.isenabled())
        return doc

    monkeypatch.setattr(extractor, "make_doc", tracked)
    records = list(extractor.pipe([Article(f"a{i}", TEXT, "2025-03-05") for i in range(3)], batch_size=2))
    gc.collect()
    assert len(seen) == 3 and not [ref for ref in seen if ref() is not None]
    assert enabled == [True, True, True] and gc.isenabled() and gc.get_freeze_count() == 0
    assert [r.id for r in records] == ["a0", "a1", "a2"]
    assert all(r.actors and r.events for r in records)


def test_streaming_reads_ahead_a_few_batches_only(nlp):
    consumed: list[int] = []

    def source():
        for i in range(10_000):
            consumed.append(i)
            yield Article(f"a{i}", TEXT)

    stream = Extractor(nlp=nlp).pipe(source(), batch_size=4, n_process=2)
    assert next(stream).id == "a0"
    assert len(consumed) <= 4 * 8  # spaCy's sender keeps a few batches per worker in flight, not the corpus
    stream.close()


def test_codec_registries_are_looked_up_once_inside_the_block_only():
    import srsly

    from diplograph.corpus.runner import codecs_looked_up_once

    registries = (srsly.msgpack_encoders, srsly.msgpack_decoders)
    before = [r.get_all() for r in registries]
    with codecs_looked_up_once():
        assert all("get_all" in vars(r) for r in registries)
        with codecs_looked_up_once():
            pass
        assert all("get_all" in vars(r) for r in registries)  # the inner block leaves them to the outer one
        assert [r.get_all() for r in registries] == before
        assert "diplograph" in registries[0].get_all()
    assert not any("get_all" in vars(r) for r in registries)
    nlp = _small_nlp()
    handler = nlp.default_error_handler
    list(Extractor(nlp=nlp).pipe(_articles(3), n_process=2))
    assert not any("get_all" in vars(r) for r in registries)
    assert nlp.default_error_handler is handler
