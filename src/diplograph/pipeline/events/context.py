"""What the events component knows of one article besides its ``Doc`` (``ArticleContext``): the publication
date, the places, dates and persons of the article, and the comma clause of a token."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

from diplograph.pipeline.events.attributes import bounds_period, dates_a_statement
from diplograph.pipeline.events.rules import CLAUSE_BREAKS, EventLexicon
from diplograph.pipeline.events.venues import VenueIndex, _place_country, venue_city
from diplograph.pipeline.tables import Tables, default_tables
from diplograph.records import DateMention, Mention, Place

PlaceRow = tuple[int, Place, Mention, int | None]  # a place mention: see ``ArticleContext.mentions_in``


@dataclass(slots=True)
class PersonMention:
    """A mention (``span``) of the person ``name`` of the state ``country``."""

    span: Span
    name: str
    country: str | None

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def start_char(self) -> int:
        return self.span.start_char


def first_token(doc: Doc, start_char: int, end_char: int) -> int | None:
    """The first token of the characters ``[start_char, end_char)`` (None when spaCy finds no span there)."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    return None if span is None else span.start


class ArticleContext:
    """One article as the events component reads it: its ``Doc`` and sentences, the publication date, the
    places, dates and persons the other components found (valid while the component runs on ``doc``), and the
    component's data: its trigger lexicon (``lex``) and its venues (``venue_index``), and the pipeline's
    state and role tables (``tables``: those of the countries and roles components, by default the package's)."""

    def __init__(self, doc: Doc, places: list[Place], dates: list[DateMention], published: str | None,
                 person_label: int, lex: EventLexicon, venue_index: VenueIndex, tables: Tables | None = None) -> None:
        self.doc = doc
        self.lex = lex
        self.tables = tables or default_tables()
        self.venue_index = venue_index
        self.published = published
        self.places = places
        self.person_label = person_label  # the hash of the PER entity label
        self.parsed = doc.has_annotation("DEP")
        self.has_sentences = doc.has_annotation("SENT_START") or "sents" in doc.user_hooks
        # the whole doc is one sentence where nothing set sentence boundaries
        self.sentences: list[Span] = list(doc.sents) if self.has_sentences else [doc[:]] if len(doc) else []
        self.sentence_starts = [sent.start for sent in self.sentences]
        # the lowercased form of each token (``token.lower_``), read once from the LOWER array: the rules read
        # words by the thousand, and ``doc[i].lower_`` makes a Token for each (``words`` and ``clause_bounds``)
        keys = doc.to_array(LOWER).tolist()
        strings = doc.vocab.strings
        form_of = {key: strings[key] for key in set(keys)}  # one string lookup per distinct form
        self.lowers: list[str] = [form_of[key] for key in keys]
        self.forms = set(form_of.values())  # the article's lowercased word forms
        self._clauses: dict[int, tuple[int, int]] = {}  # token -> its clause's bounds (``clause_bounds``)
        # whether some word of the article can begin a venue's name (``venue_city`` finds none else)
        self.may_name_venues = not venue_index.keys().isdisjoint(self.forms)
        # for each place (by number): whether it is a country, and the state code it names
        self.place_countries = [_place_country(place, self.tables.states) for place in places]
        # (place number, place, mention, first token of the mention) in the order of the places and mentions
        self.place_rows: list[PlaceRow] = [(number, place, mention, first_token(doc, mention.start, mention.end))
                                           for number, place in enumerate(places) for mention in place.mentions]
        # the resolved dates that can date an event, and those of statements ("sagte X am Freitag"); a date
        # that bounds a period ("seit Februar 2022") is neither
        self.event_date_mentions: list[DateMention] = []
        self.statement_dates: list[DateMention] = []
        for mention in dates:
            if mention.value and not bounds_period(self, mention):
                statement = dates_a_statement(self, mention)
                (self.statement_dates if statement else self.event_date_mentions).append(mention)
        self.persons: list[PersonMention] = []  # the article's person mentions, in text order
        self.arguments: dict[int, list[int]] = {}  # with a parse: trigger token -> its argument tokens
        self._text: str | None = None  # ``doc.text``, read when first needed (``text_of``)

    def sentence_of(self, i: int) -> Span:
        """The sentence of token ``i`` (``token.sent``, looked up among the article's sentences)."""
        return self.sentences[bisect_right(self.sentence_starts, i) - 1]

    def text_of(self, span: Span) -> str:
        """``span.text``, cut from the doc's text (read once per article): ``Span.text`` makes a Token of
        each of its words, and the evidence of every candidate event is its sentence's text."""
        if self._text is None:
            self._text = self.doc.text
        return self._text[span.start_char:span.end_char]

    def words(self, span: Span) -> list[str]:
        """The lowercased words of ``span`` (``[token.lower_ for token in span]``, without making Tokens)."""
        return self.lowers[span.start:span.end]

    def clause(self, i: int) -> Span:
        """The comma clause around token ``i`` in its sentence (``clause_bounds``)."""
        start, end = self.clause_bounds(i)
        return Span(self.doc, start, end)  # not doc[start:end]: a slice costs four times as much

    def clause_bounds(self, i: int) -> tuple[int, int]:
        """The first and the end token of the comma clause around token ``i`` in its sentence: from the token
        after the last clause break (``CLAUSE_BREAKS``) before it to the first break at or after it. Several
        rules ask for the clause of the same trigger: it is found once per token and article."""
        bounds = self._clauses.get(i)
        if bounds is None:
            bounds = self._clauses[i] = self._find_clause(i)
        return bounds

    def _find_clause(self, i: int) -> tuple[int, int]:
        lowers, sent = self.lowers, self.sentence_of(i)
        sent_start, sent_end = sent.start, sent.end
        start = i
        while start > sent_start:
            if lowers[start - 1] in CLAUSE_BREAKS:
                opening = self._apposition_start(start - 1, sent_start)
                if opening is None:
                    break
                start = opening  # ", Albert Muster," before: an apposition, the clause goes on before it
                continue
            start -= 1
        end = i
        while end < sent_end:
            if lowers[end] in CLAUSE_BREAKS:
                closing = self._apposition_end(end, sent_end)
                if closing is None:
                    break
                end = closing  # ", Albert Muster, geplant": the clause goes on after the apposition
            end += 1
        return start, end

    # (a token is a comma when its lowercased form is: no other text lowercases to ",")
    def _apposition_end(self, comma: int, end: int) -> int | None:
        """The comma that closes a name opened by the comma at ``comma`` (', Albert Muster,'), else None."""
        doc, lowers, person = self.doc, self.lowers, self.person_label
        if lowers[comma] != ",":
            return None
        k = comma + 1
        while k < end and doc[k].ent_type == person:
            k += 1
        return k if k > comma + 1 and k < end and lowers[k] == "," else None

    def _apposition_start(self, comma: int, start: int) -> int | None:
        """The comma that opens a name closed by the comma at ``comma``, else None."""
        doc, lowers, person = self.doc, self.lowers, self.person_label
        if lowers[comma] != ",":
            return None
        k = comma - 1
        while k > start and doc[k].ent_type == person:
            k -= 1
        return k if k < comma - 1 and k >= start and lowers[k] == "," else None

    def persons_in(self, span: Span) -> list[PersonMention]:
        """The persons whose mention starts in ``span``, in text order."""
        return [p for p in self.persons if span.start <= p.start < span.end]

    def mentions_in(self, span: Span) -> list[PlaceRow]:
        """The place mentions (``place_rows``) that start in the characters of ``span`` (a sentence or a clause)."""
        return [row for row in self.place_rows if span.start_char <= row[2].start < span.end_char]

    def event_dates(self, span: Span) -> list[DateMention]:
        """The dates in ``span`` (a sentence) that can date an event, in the order of the dates component."""
        return [date for date in self.event_date_mentions if span.start_char <= date.start < span.end_char]

    def venue_city(self, span: Span) -> str | None:
        """``venue_city`` of the lowercased words of ``span``."""
        return venue_city(self.words(span), self.venue_index) if self.may_name_venues else None

    def find_arguments(self, triggers: Iterable[int], deps: Collection[str]) -> None:
        """``arguments`` of each trigger token: its children whose dependency label is in ``deps`` (subject,
        objects, "mit"-phrase ...), for a verb or noun trigger, in text order."""
        doc = self.doc
        for trigger in triggers:
            token = doc[trigger]
            if token.pos_ in ARGUMENT_HEADS:
                found = [child.i for child in token.children if child.dep_ in deps]
                if found:
                    self.arguments[trigger] = found


ARGUMENT_HEADS = frozenset({"VERB", "AUX", "NOUN"})  # the parts of speech of triggers that take arguments
