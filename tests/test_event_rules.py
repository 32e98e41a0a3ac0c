"""Word-level rules of the events component: comma clauses and the type of an event mentioned several times."""

from __future__ import annotations

import pytest

from diplograph.pipeline.events import ArticleContext
from diplograph.pipeline.events import rules as event_rules


def test_a_clause_runs_from_break_to_break(blank_de):
    doc = blank_de("Am Montag trafen sich Merz und Macron in Paris, danach reiste Merz nach Rom; dort: ein Gespräch.")
    ctx = ArticleContext(doc, [], [], None, doc.vocab.strings["PER"], event_rules.lexicon(), {})
    index = {token.text: token.i for token in doc}
    assert ctx.clause(index["Macron"]).text == "Am Montag trafen sich Merz und Macron in Paris"
    assert ctx.clause(index["Rom"]).text == "danach reiste Merz nach Rom"
    assert ctx.clause(index["Gespräch"]).text == "ein Gespräch."


@pytest.mark.parametrize(("types", "expected"), [
    (["meeting"], "meeting"),
    (["call", "meeting", "meeting", "call"], "call"),  # a tie goes to the first mention
    (["meeting", "call"], "meeting"),
    (["meeting", "visit", "summit"], "summit"),  # a summit word wins, then a visit word
    (["talks", "visit", "talks"], "visit"),
    (["talks", "meeting", "talks"], "talks"),
])
def test_the_type_of_an_event_mentioned_several_times(types, expected):
    assert event_rules.vote_type(types) == expected
