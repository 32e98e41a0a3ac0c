"""The collector pause around graph building: off inside, restored after (also after an error)."""

from __future__ import annotations

import gc

import pytest

from diplograph.corpus.gc_pause import collector_paused, without_collector


def test_paused_inside_and_restored_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_after_an_error():
    @without_collector
    def fails() -> None:
        assert not gc.isenabled()
        raise ValueError("boom")

    with pytest.raises(ValueError):
        fails()
    assert gc.isenabled()


def test_left_disabled_when_it_was_disabled():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_build_graph_runs_without_collector(monkeypatch):
    import diplograph.network.graph as graph_module

    seen = []
    monkeypatch.setattr(graph_module, "_add_actors", lambda *a: seen.append(gc.isenabled()))
    graph_module.build_graph([])
    assert seen == [False]
    assert gc.isenabled()


def test_extractor_pipes_a_batch_with_the_collector_paused(nlp):
    from diplograph.corpus.inputs import Article
    from diplograph.corpus.runner import Extractor

    seen = []
    events = nlp.get_pipe("diplograph_events")
    original = type(events).__call__

    def spy(self, doc):
        seen.append(gc.isenabled())
        return original(self, doc)

    articles = [Article(f"a{i}", "Die Ministerin Eva Muster traf am Montag in Wien den Minister Jan Probe.",
                        "2025-03-05") for i in range(3)]
    type(events).__call__ = spy
    try:
        records = list(Extractor(nlp=nlp).pipe(articles, batch_size=2))
    finally:
        type(events).__call__ = original
    assert seen == [False, False, False]
    assert gc.isenabled()
    assert [r.id for r in records] == ["a0", "a1", "a2"] and all(r.events for r in records)


def test_streamed_docs_are_freed_without_the_collector(nlp, monkeypatch):
    """Extractor.pipe empties each Doc once its record is built: the Spans our components leave on it point
    back at it, and without that the batch's Docs would wait for the cyclic collector."""
    import weakref

    from diplograph.corpus.inputs import Article
    from diplograph.corpus.runner import Extractor

    extractor = Extractor(nlp=nlp)
    seen: list[weakref.ref] = []
    make_doc = extractor.make_doc

    def tracked(article):
        doc = make_doc(article)
        seen.append(weakref.ref(doc))
        return doc

    monkeypatch.setattr(extractor, "make_doc", tracked)
    text = ("Die Außenministerin Anna Beispiel traf am Montag in Wien den Premierminister Tomas Muster. "
            "Beide wollen sich im Mai erneut treffen.")
    articles = [Article(f"a{i}", text) for i in range(3)]
    gc.disable()
    try:
        records = list(extractor.pipe(articles, batch_size=2))
        alive = [ref for ref in seen if ref() is not None]
    finally:
        gc.enable()
    assert len(seen) == 3 and not alive
    assert [r.id for r in records] == ["a0", "a1", "a2"]
    assert all(r.actors and r.events for r in records)  # the records were built before the Docs were emptied
