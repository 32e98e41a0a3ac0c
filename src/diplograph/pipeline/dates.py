"""Dates: German date expressions found with spaCy's Matcher, normalised against the publication date.

Patterns live in ``resources/dates_patterns.json``; German month and weekday names come from Babel/CLDR.
Each match becomes a :class:`diplograph.records.DateMention` with an ISO value at day ("2025-02-27") or
month ("2025-02") precision, or ``value=None`` when it cannot be resolved (no publication date for a
relative expression, or an impossible date such as "31.02.").

Resolution rules (all relative to ``doc._.published``):

* day and month without a year ("27. Februar", "1.3."): the year that puts the date nearest the
  publication date; a month without a year ("im März") likewise;
* a bare weekday ("am Donnerstag"): the next such day on or after the publication date when its sentence
  speaks of the future ("wird", "soll", "geplant", "für Montag", ... see ``future_markers``); the most
  recent one on or before it when the sentence is in a past tense ("hatte", "traf", "sagte", weak
  "-te" forms, or Tense=Past from a morphologizer); otherwise (present tense, which German news also
  uses for scheduled events: "treffen sich am Freitag") the nearer of the two. "vergangenen/kommenden Donnerstag"
  is strictly before/after; "Montag kommender Woche" is that day in the next ISO week;
* "vergangene/kommende Woche": month precision, the month of that week's Thursday (ISO convention);
* "Anfang/Mitte/Ende 2025": month precision, January / June / December;
* "gestern", "heute", "morgen", "vorgestern", "übermorgen": day precision.

The Matcher patterns need no parser, tagger or lemmatizer, so this works on every model we load. We do not
call dateparser per mention: the expressions the patterns find are regular enough for plain ``datetime``
arithmetic, and dateparser costs milliseconds per call over hundreds of thousands of articles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import srsly
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, filter_spans

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.date_rules import (  # noqa: F401  (nearest_day, nearest_month_year: part of this API)
    RESOLVERS,
    TRAILING_PERIOD,
    DateLexicon,
    date_word_reach,
    date_word_reach_in,
    is_date_word,
    is_date_word_in,
    lexicon,
    lexicon_from,
    nearest_day,
    nearest_month_year,
    parse_published,
    shipped_data,
)
from diplograph.records import DateMention


def build_matcher(vocab: Any, lex: DateLexicon | None = None) -> Matcher:
    """A Matcher with the patterns of ``lex`` (default: the package's)."""
    matcher = Matcher(vocab)
    for label, patterns in (lex or lexicon()).patterns.items():
        matcher.add(label, patterns)
    return matcher


def date_matches(doc: Doc, matcher: Matcher, lex: DateLexicon | None = None) -> list[Span]:
    """The Matcher's matches in ``doc``, as spans labelled with the pattern's label.

    Every date expression holds a word of a few kinds (a number, a month or weekday name, ...:
    :func:`~diplograph.pipeline.date_rules.is_date_word`) and reaches only a few tokens from it ("am
    kommenden Montag": two before "Montag"; :func:`~diplograph.pipeline.date_rules.anchor_reach`), so the
    Matcher runs only over those stretches of a sentence; most of a text has none. (The Matcher calls a
    Python predicate for every ``IN`` and ``REGEX`` token of its patterns at every token it sees: the tokens
    it is given are its cost.)
    """
    strings = doc.vocab.strings
    lowers = [strings[key] for key in doc.to_array(LOWER).tolist()]
    if lex is None or lex is lexicon():
        reach = [date_word_reach(lower) for lower in lowers]
    else:
        reach = [date_word_reach_in(lower, lex) for lower in lowers]
    hits = [(i, extent) for i, extent in enumerate(reach) if extent is not None]
    if not hits:
        return []
    sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    matches: list[Span] = []
    k = 0
    for sent in sentences:
        windows: list[tuple[int, int]] = []  # [start, end) around each date word of the sentence
        while k < len(hits) and hits[k][0] < sent.end:
            i, (before, after) = hits[k]
            windows.append((max(sent.start, i - before), min(sent.end, i + after + 1)))
            k += 1
        for start, end in _merged(windows):
            # Span(...) rather than doc[start:end], which costs four times as much (slice normalisation)
            matches.extend(matcher(Span(doc, start, end), as_spans=True))
    return matches


def _merged(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The token ranges ``windows`` with the overlapping and adjacent ones joined, in order."""
    out: list[list[int]] = []
    for start, end in sorted(windows):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(start, end) for start, end in out]


def resolve_dates(spans: list[Span], published: str | date | None, lex: DateLexicon | None = None,
                  ) -> list[DateMention]:
    """The date mentions of the matched ``spans`` (disjoint, in text order), resolved with ``lex``'s word
    lists (default: the package's)."""
    lex = lex or lexicon()
    anchor = parse_published(published)
    out: list[DateMention] = []
    for span in spans:
        value, precision = RESOLVERS[span.label_](span, anchor, lex)
        text, end_char = span.text, span.end_char
        if text.endswith(".") and TRAILING_PERIOD.search(text):  # sentence end, not part of it
            text, end_char = text[:-1], end_char - 1
        out.append(DateMention(text, value, precision, span.start_char, end_char))
    return out


def dates_in(span: Span) -> list[DateMention]:
    """The date mentions of ``span``'s doc that lie inside ``span`` (e.g. one sentence)."""
    return [d for d in (span.doc._.dates or []) if span.start_char <= d.start and d.end <= span.end_char]


@Language.factory(
    "diplograph_dates",
    assigns=["doc._.dates"],
    requires=["doc.sents", "token.morph"],  # token.morph: Tense=Past where a morphologizer ran (optional)
)
def make_dates(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent(nlp).named(name)


class DatesComponent(BatchedComponent):
    """Sets ``doc._.dates`` to a list of :class:`diplograph.records.DateMention`.

    Its patterns and word lists are the component's data (the format of resources/dates_patterns.json):
    ``initialize(patterns=...)`` replaces them, ``nlp.to_disk`` writes them to ``<component>/patterns.json``
    and ``spacy.load`` reads them back, so a saved pipeline can carry patterns of its own."""

    PATTERNS_FILE = "patterns.json"

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self._use(shipped_data(), lexicon())

    def _use(self, data: dict[str, Any], lex: DateLexicon | None = None) -> None:
        self.data = data
        self.lexicon = lex or lexicon_from(data)
        self.matcher = build_matcher(self.vocab, self.lexicon)

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   patterns: dict[str, Any] | None = None) -> None:
        """``patterns``: date patterns and word lists to use instead of the shipped ones (None keeps them)."""
        if patterns is not None:
            self._use(patterns)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / self.PATTERNS_FILE, self.data)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> DatesComponent:
        patterns_file = ensure_path(path) / self.PATTERNS_FILE
        if patterns_file.exists():
            data = srsly.read_json(patterns_file)
            self._use(data, lexicon() if data == shipped_data() else None)
        return self

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, filter_spans(date_matches(doc, self.matcher, self.lexicon)))

    def set_annotations(self, doc: Doc, spans: list[Span]) -> Doc:
        doc._.dates = resolve_dates(spans, doc._.published, self.lexicon)
        return doc
