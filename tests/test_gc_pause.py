"""The collector pause that graph building may use: off inside, restored after (also after an error). The
extraction runner does not pause it (tests/test_runner.py)."""

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
