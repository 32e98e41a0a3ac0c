"""The fast paths of the events component give what the straightforward code gives."""

from __future__ import annotations

import pytest

from diplograph.pipeline.events import NEAR, ArticleContext
from diplograph.pipeline.events import rules as event_rules

TEXTS = [
    "Am Montag trafen sich Merz und Macron in Paris, danach reiste Merz nach Rom; dort: ein Gespräch.",
    "„Das Treffen“ (in Genf) – so der Sprecher –  fand nicht statt.\n\nEin weiteres ist geplant, hieß es.",
    "Kein Gipfel, kein Telefonat, nur   Worte.",
    "Putin telefonierte mit Xi.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_clauses_are_clause_bounds(blank_de, text):
    doc = blank_de(text)
    ctx = ArticleContext(doc, [], [], None, doc.vocab.strings["PER"])
    for sent in doc.sents:
        lowers = [token.lower_ for token in sent]
        for i in range(sent.start, sent.end):
            start, end = event_rules.clause_bounds(lowers, i - sent.start)
            clause = ctx.clause(i)
            assert (clause.start, clause.end) == (sent.start + start, sent.start + end)


DATES = [(None, None), ("2025-05-01", None), ("2025-05-01", "2025-05-02"), ("2025-05", "2025-05-02"),
         ("2025-05-03", "2025-05-02"), ("2025", "2025-05-02"), ("2024", "2025-05-02")]


@pytest.mark.parametrize("text", TEXTS)
def test_clause_status_is_decide_status(blank_de, text):
    doc = blank_de(text)
    words = [token.text for token in doc]
    lowers = [w.lower() for w in words]
    for index, word in enumerate(words):
        start, end = event_rules.clause_bounds(lowers, index)
        for date, published in DATES:
            expected = event_rules.decide_status(
                lowers[start:end], word, date, published, frame=lowers[max(start, index - 3):index],
                near=lowers[max(start, index - NEAR):min(end, index + NEAR + 1)])
            got = event_rules.clause_status(tuple(lowers[start:end]), index - start, word,
                                            event_rules.date_order(date, published), NEAR)
            assert got == expected, (word, date, published)


@pytest.mark.parametrize("word", ["Treffen", "telefonierten", "Gipfel", "Gipfeltreffen", "besuchte", "Gespräch",
                                  "reiste", "Haus", "trafen"])
def test_context_free_type_is_trigger_type_in_any_clause(word):
    kind = event_rules.context_free_type(word.lower())
    if kind is not None:
        for clause in (set(), {"telefonisch", "nicht"}, {"gipfel", "am", "rande"}, {"sich", "reiste"}):
            assert event_rules.trigger_type(word, clause) == kind


@pytest.mark.parametrize("types", [["meeting"], ["call", "meeting", "meeting", "call"], ["call", "meeting"],
                                   ["meeting", "call"], ["meeting", "visit", "summit"], ["talks", "meeting", "talks"]])
def test_vote_type_ties_go_to_the_first_mention(types):
    counts = {kind: types.count(kind) for kind in types}
    expected = types[0] if len(types) == 1 else next(
        (strong for strong in ("summit", "visit") if strong in types),
        max(counts, key=lambda k: (counts[k], -types.index(k))))
    assert event_rules.vote_type(types) == expected
