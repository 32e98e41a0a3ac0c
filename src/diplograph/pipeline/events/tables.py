"""What the events component reads of one document: token and sentence tables, person mentions, and
the memos of what several rules ask for (``DocTables``), with the small records they hold (``Stretch``,
``PersonMention``) and ``WordClass``, a per-process memo of which word forms have a property."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection
from dataclasses import dataclass
from itertools import compress, repeat
from operator import add, itemgetter
from typing import NamedTuple

from spacy.attrs import ENT_TYPE
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span

from diplograph.pipeline.events import rules as event_rules
from diplograph.pipeline.events.attributes import _frames_other_time
from diplograph.pipeline.events.venues import _place_country, venue_city, venues_by_first_word
from diplograph.pipeline.tokens import doc_lowers, doc_offsets, doc_text, doc_words, sentence_bounds
from diplograph.records import DateMention, Mention, Place

PlaceRow = tuple[int, Place, Mention, int | None]  # a place mention: see ``DocTables.mentions_in``
_NO_ROWS: list[PlaceRow] = []  # the mentions of a sentence that has none (shared: never modified)


class Stretch(NamedTuple):
    """Tokens ``[start, end)`` of the document (a sentence or a clause) and their characters
    ``[start_char, end_char)``: what the component needs of a ``Span``, without building one."""

    start: int
    end: int
    start_char: int
    end_char: int


@dataclass(slots=True)
class PersonMention:
    span: Span
    name: str
    country: str | None
    start: int  # the span's token and character offsets (``span.start``, ``span.end``, ``span.start_char``)
    end: int
    start_char: int


def person_mention(span: Span, name: str, country: str | None) -> PersonMention:
    """The mention ``span`` of the person ``name``, with the span's offsets read once."""
    return PersonMention(span, name, country, span.start, span.end, span.start_char)


class WordClass:
    """The word forms that have a property (a pure predicate over the text), learned once per form and
    process: a document's forms are tested by set difference, so a form costs a call only the first time."""

    def __init__(self, predicate: Callable[[str], bool]) -> None:
        self.predicate = predicate
        self.seen: set[str] = set()
        self.members: set[str] = set()

    def members_of(self, forms: Collection[str]) -> set[str]:
        """The forms in ``forms`` (a set, or a list of a document's words) that have the property."""
        if not self.seen.issuperset(forms):  # some form is new: learn it (the later documents' forms are seen)
            new = set(forms) - self.seen
            self.seen |= new
            self.members.update(form for form in new if self.predicate(form))
        return self.members.intersection(forms)


class DocTables:
    """What the component reads of one document, taken from spaCy's arrays once per call: token texts,
    lowercased texts, character offsets, sentences, entity types; with memos of what several rules ask
    for (clause bounds, tokens at character offsets, the place mentions and dates of each sentence).

    Valid while the component runs on ``doc`` (entities are read once: no rule here changes them)."""

    __slots__ = ("doc", "words", "lowers", "offsets", "published", "places", "sentence_starts",
                 "_sentence_start_chars", "sentences", "_text_end", "dates_by_sentence", "forms", "person_label",
                 "_ent_types", "_text", "_has_dep", "_dep_args", "_breaks", "_clauses", "_sentence_start_set",
                 "_venues",
                 "may_name_venues", "_event_dates", "_mentions", "_stretch_mentions", "_place_countries",
                 "persons", "_person_starts")

    def __init__(self, doc: Doc, places: list[Place], dates: list[DateMention], published: str | None,
                 person_label: int | None = None) -> None:
        self.doc = doc
        self.words = words = doc_words(doc)
        self.lowers = doc_lowers(doc)
        self.offsets = offsets = doc_offsets(doc)
        self.published = published
        self.places = places
        # the sentences' first and last tokens, and the characters from the first's start to the last's end
        bounds = sentence_bounds(doc)
        self.sentence_starts = starts = list(map(itemgetter(0), bounds))
        ends = list(map(itemgetter(1), bounds))
        lasts = list(map((-1).__add__, ends))
        self._sentence_start_chars = start_chars = list(map(offsets.__getitem__, starts))
        end_chars = map(add, map(offsets.__getitem__, lasts), map(len, map(words.__getitem__, lasts)))
        self.sentences = list(map(tuple.__new__, repeat(Stretch), zip(starts, ends, start_chars, end_chars,
                                                                      strict=True)))  # ``Stretch._make``
        # The characters a token covers run to the next token (its trailing space included).
        self._text_end = offsets[-1] + len(words[-1]) + len(doc[-1].whitespace_) if words else 0
        self.dates_by_sentence: dict[int, list[DateMention]] = {}
        for date in dates:
            number = self.sentence_at_char(date.start)
            if number is not None:
                self.dates_by_sentence.setdefault(number, []).append(date)
        self.forms = set(self.lowers)  # the document's lowercased word forms
        # the hash of the PER entity label (the caller may know it)
        self.person_label = doc.vocab.strings["PER"] if person_label is None else person_label
        self._ent_types: list[int] | None = None
        self._text: str | None = None
        self._has_dep: bool | None = None
        self._dep_args: dict[int, list[int]] | None = None
        self._breaks: list[int] | None = None  # the clause breaks' token indices
        self._clauses: dict[int, tuple[int, int]] = {}
        self._sentence_start_set: set[int] | None = None
        self._venues: dict[tuple[int, int], str | None] = {}
        # whether some word of the document can begin a venue's name (``venue_city`` finds none else)
        self.may_name_venues = not venues_by_first_word().keys().isdisjoint(self.forms)
        self._event_dates: dict[int, list[DateMention]] = {}
        self._mentions: dict[int, list[PlaceRow]] | None = None
        self._stretch_mentions: dict[tuple[int, int], list[PlaceRow]] = {}
        self._place_countries: list[tuple[bool, str | None]] | None = None
        self.persons: list[PersonMention] = []
        self._person_starts: list[int] = []

    # -- tokens and sentences

    @property
    def ent_types(self) -> list[int]:
        """Every token's entity label (hash; 0: none)."""
        if self._ent_types is None:
            self._ent_types = self.doc.to_array(ENT_TYPE).tolist()
        return self._ent_types

    @property
    def has_dep(self) -> bool:
        if self._has_dep is None:
            self._has_dep = self.doc.has_annotation("DEP")
        return self._has_dep

    def dependency_arguments(self, matcher: DependencyMatcher) -> dict[int, list[int]]:
        """trigger token -> its argument tokens, from one run of the argument ``matcher`` over the whole doc
        (a parse keeps every head inside its sentence, so the matches are those of each sentence)."""
        if self._dep_args is None:
            found: dict[int, list[int]] = {}
            for _match_id, (trigger, argument) in matcher(self.doc):
                found.setdefault(trigger, []).append(argument)
            self._dep_args = found
        return self._dep_args

    def end_char(self, i: int) -> int:
        """Where token ``i``'s text ends (``token.idx + len(token)``)."""
        return self.offsets[i] + len(self.words[i])

    def stretch(self, start: int, end: int) -> Stretch:
        """Tokens ``[start, end)`` with their characters (as ``doc[start:end]`` has them)."""
        start_char = self.offsets[start] if start < len(self.words) else self._text_end
        return Stretch(start, end, start_char, self.end_char(end - 1) if end > start else start_char)

    def sentence_of(self, i: int) -> Stretch:
        """The sentence of token ``i`` (``token.sent``)."""
        return self.sentences[bisect_right(self.sentence_starts, i) - 1]

    def sentence_at_char(self, char: int) -> int | None:
        """The number of the sentence whose characters hold ``char``, if any."""
        number = bisect_right(self._sentence_start_chars, char) - 1
        if number >= 0 and char < self.sentences[number].end_char:
            return number
        return None

    def text(self, stretch: Stretch) -> str:
        """The text of a sentence or clause (``span.text``): a slice of the doc's text."""
        if stretch.end <= stretch.start:
            return ""
        if self._text is None:
            self._text = doc_text(self.doc)
        return self._text[stretch.start_char:stretch.end_char]

    def clause(self, i: int) -> tuple[int, int]:
        """Token bounds [start, end) of the comma clause around token ``i`` in its sentence
        (``event_rules.clause_bounds`` over the sentence's words)."""
        bounds = self._clauses.get(i)
        if bounds is not None:
            return bounds
        breaks = self._breaks
        if breaks is None:  # the document's clause breaks, found in one pass
            lowers = self.lowers
            breaks = self._breaks = list(compress(range(len(lowers)), map(event_rules.CLAUSE_BREAKS.__contains__,
                                                                          lowers)))
        sent = self.sentences[bisect_right(self.sentence_starts, i) - 1]
        k = bisect_left(breaks, i)  # the first break at or after ``i`` ends the clause, the one before starts it
        bounds = (breaks[k - 1] + 1 if k and breaks[k - 1] >= sent.start else sent.start,
                  breaks[k] if k < len(breaks) and breaks[k] < sent.end else sent.end)
        self._clauses[i] = bounds
        return bounds

    def is_sent_start(self, i: int) -> bool:
        """Whether token ``i`` starts a sentence (``token.is_sent_start``)."""
        if self._sentence_start_set is None:
            self._sentence_start_set = set(self.sentence_starts)
        return i in self._sentence_start_set

    def token_start(self, start_char: int, end_char: int) -> int | None:
        """The first token of ``doc.char_span(start_char, end_char, alignment_mode="expand")``; None when
        spaCy finds no span: when the first or the last character lies in no token (nor its trailing space; the
        first token starts at character 0, so a character lies in one when it is not negative and before the
        text's end)."""
        if not (0 <= start_char < self._text_end and 0 < end_char <= self._text_end):
            return None
        first = bisect_right(self.offsets, start_char) - 1
        if start_char == self.offsets[first] + len(self.words[first]):  # the character after the token: its
            first += 1  # trailing space
        return first

    # -- persons, places and dates

    def set_persons(self, persons: list[PersonMention]) -> None:
        """The article's person mentions, sorted by their first token."""
        self.persons = persons
        self._person_starts = [p.start for p in persons]

    def persons_in(self, start: int, end: int) -> list[PersonMention]:
        """The persons whose mention starts in tokens ``[start, end)``, in text order."""
        starts = self._person_starts
        return self.persons[bisect_left(starts, start):bisect_left(starts, end)]

    def _mentions_by_sentence(self) -> dict[int, list[PlaceRow]]:
        """Sentence number -> its place mentions (``mentions_in``), found once per document."""
        if self._mentions is None:
            self._mentions = {}
            for number, place in enumerate(self.places):
                for mention in place.mentions:
                    sentence = self.sentence_at_char(mention.start)
                    if sentence is not None:
                        self._mentions.setdefault(sentence, []).append(
                            (number, place, mention, self.token_start(mention.start, mention.end)))
        return self._mentions

    def sentence_mentions(self, number: int) -> list[PlaceRow]:
        """``mentions_in`` of the sentence numbered ``number``."""
        mentions = self._mentions
        return (self._mentions_by_sentence() if mentions is None else mentions).get(number, _NO_ROWS)

    def mentions_in(self, stretch: Stretch) -> list[PlaceRow]:
        """(place number, place, mention, first token) for every place mention that starts in the stretch
        (a sentence or a clause of one), in the order of the places and of their mentions; the first token
        is ``token_start`` of the mention (None when spaCy finds no span there)."""
        mentions = self._mentions_by_sentence()
        number = bisect_right(self.sentence_starts, stretch.start) - 1
        if number >= 0 and stretch == self.sentences[number]:  # a whole sentence: its mentions
            return mentions.get(number, [])
        key = (stretch.start, stretch.end)
        rows = self._stretch_mentions.get(key)
        if rows is None:
            sentence = self.sentence_at_char(stretch.start_char) if stretch.end > stretch.start else None
            rows = mentions.get(sentence, []) if sentence is not None else []
            rows = self._stretch_mentions[key] = [row for row in rows
                                                  if stretch.start_char <= row[2].start < stretch.end_char]
        return rows

    def place_country(self, number: int) -> tuple[bool, str | None]:
        """For the place numbered ``number``: whether it is a country, and the state code it names when
        it is a state."""
        if self._place_countries is None:
            self._place_countries = [_place_country(place) for place in self.places]
        return self._place_countries[number]

    def venue_city(self, stretch: Stretch) -> str | None:
        """``venue_city`` of the stretch's words, once per stretch."""
        if not self.may_name_venues:
            return None
        key = (stretch.start, stretch.end)
        if key not in self._venues:
            self._venues[key] = venue_city(self.lowers[stretch.start:stretch.end])
        return self._venues[key]

    def event_dates(self, number: int) -> list[DateMention]:
        """The dates of the sentence numbered ``number`` that can date an event: resolved, and not framing
        another time (``_frames_other_time``); in the order of the dates component."""
        dates = self._event_dates.get(number)
        if dates is None:
            found = self.dates_by_sentence.get(number)
            dates = self._event_dates[number] = [d for d in found if d.value and not _frames_other_time(self, d)
                                                 ] if found else []
        return dates
