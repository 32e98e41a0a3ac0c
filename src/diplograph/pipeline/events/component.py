"""The ``diplograph_events`` spaCy component: for each document, the candidate events of its sentences
(``sentences``), definite mentions joined to the events they refer to, the mentions of one interaction
merged (``merge``), and the places and dates that the events' own sentences leave open.

The component's data are its trigger lexicon and its venues: ``initialize(lexicon=..., venues=...)`` replaces
them, ``nlp.to_disk`` writes them to ``<component>/event_triggers.json`` and ``<component>/venues.tsv`` (the
formats of the package's resources) and ``spacy.load`` reads them back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

from diplograph.pipeline import extensions  # noqa: F401  (registers the doc._ attributes read and written here)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.events.arguments import ARGUMENT_DEPS, _may_name_delegations
from diplograph.pipeline.events.attributes import (
    LEAD_CHARS,
    _after,
    next_on_the_schedule,
    reported_as_news,
    same_day_side_meetings,
    statement_date,
    told_as_background,
)
from diplograph.pipeline.events.context import ArticleContext
from diplograph.pipeline.events.merge import (
    _LAST_CHAR,
    Candidate,
    absorb,
    antecedent,
    calls_set_the_medium,
    has_a_side,
    merge_candidates,
    to_record,
)
from diplograph.pipeline.events.rules import EventLexicon, lexicon_from, shipped_data
from diplograph.pipeline.events.rules import lexicon as shipped_lexicon
from diplograph.pipeline.events.sentences import SentenceRules
from diplograph.pipeline.events.triggers import TriggerRules
from diplograph.pipeline.events.venues import (
    DATELINE_REACH,
    VenueTable,
    countries_to_cities,
    dateline_place,
    read_venues,
    share_venue_by_day,
    venues_by_first_word,
    venues_to_cities,
    visits_to_capitals,
    write_venues,
)
from diplograph.pipeline.events.venues import venues as shipped_venues
from diplograph.pipeline.extract import places_of
from diplograph.pipeline.roles import is_office
from diplograph.pipeline.tables import TableSource


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


class EventsComponent(BatchedComponent, TriggerRules, SentenceRules):
    """The ``diplograph_events`` component. Its rules come from the mixins: ``TriggerRules`` (the triggers),
    ``SentenceRules`` (a sentence's candidate events) with ``ArgumentRules`` (participants) and
    ``VenueRules`` (places); ``__call__`` reads a document's sentences, joins references to the events
    they name, merges the mentions of one event and fills the places and dates left open."""

    def __init__(self, nlp: Language, reach_chars: int = 700) -> None:
        # How far back (in characters) a delegation sentence or a definite mention ("das Treffen") may
        # refer to an event named before.
        self.reach_chars = reach_chars
        # Trigger words are regular expressions over the lowercased token (compounds: "Gipfeltreffen",
        # "EU-China-Gipfel"). Every word form is tested once per process; a token is a trigger when its
        # lowercased text is (the lowercased text of) a form that is one.
        self.vocab = nlp.vocab
        self.person_label = nlp.vocab.strings["PER"]
        self.tables = TableSource(nlp)  # the state and role tables of the pipeline's countries and roles
        self._use_lexicon(shipped_data(), shipped_lexicon())
        self._use_venues(shipped_venues())

    LEXICON_FILE = "event_triggers.json"
    VENUES_FILE = "venues.tsv"

    def _use_lexicon(self, data: dict[str, Any], lex: EventLexicon | None = None) -> None:
        """Take the trigger rules and word lists ``data`` (the format of resources/event_triggers.json; ``lex``:
        their lexicon, when built already), forgetting the word forms tested with the lexicon before."""
        self.lexicon_data = data
        self.lexicon = lex or lexicon_from(data)
        self._tested: set[str] = set()
        self._trigger_lowers: set[str] = set()
        self._host_forms: set[str] = set()  # the forms tested that hold "gastgeber"
        self._dash_forms: set[str] = set()  # the forms tested that can hold a dateline's dash (``DATELINE_DASH``)

    def _use_venues(self, table: VenueTable) -> None:
        """Take the venues ``table`` (venue words -> city), indexed for ``venue_city``."""
        self.venues = table
        self.venue_index = venues_by_first_word(table)

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   lexicon: dict[str, Any] | str | Path | None = None,
                   venues: Mapping[str, str] | str | Path | None = None) -> None:
        """``lexicon``: trigger rules and word lists (JSON data, or the path of a file in the format of
        resources/event_triggers.json) to use instead of the shipped ones; ``venues``: venue -> city (a
        mapping, or the path of a file in the format of resources/venues.tsv). None keeps what is there."""
        if lexicon is not None:
            self._use_lexicon(lexicon if isinstance(lexicon, dict) else srsly.read_json(lexicon))
        if isinstance(venues, Mapping):
            self._use_venues({tuple(form.lower().split()): city for form, city in venues.items()})
        elif venues is not None:
            self._use_venues(read_venues(Path(venues).read_text("utf-8")))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / self.LEXICON_FILE, self.lexicon_data)
        (path / self.VENUES_FILE).write_text(write_venues(self.venues), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EventsComponent:
        path = ensure_path(path)
        if (path / self.LEXICON_FILE).exists():
            data = srsly.read_json(path / self.LEXICON_FILE)
            self._use_lexicon(data, shipped_lexicon() if data == shipped_data() else None)
        if (path / self.VENUES_FILE).exists():
            self._use_venues(read_venues((path / self.VENUES_FILE).read_text("utf-8")))
        return self

    def __call__(self, doc: Doc) -> Doc:
        places = list(doc._.places) if doc._.places is not None else places_of(doc)
        tables = self.tables()
        ctx = ArticleContext(doc, places, list(doc._.dates or []), doc._.published, self.person_label,
                             self.lexicon, self.venue_index, tables)
        actors = doc._.actors or []
        ctx.persons = self._persons(ctx, actors)
        triggers_by_sentence = self._triggers(ctx)
        if ctx.parsed and triggers_by_sentence:
            ctx.find_arguments((i for found in triggers_by_sentence.values() for i, _ in found), ARGUMENT_DEPS)
        may_name_hosts = not self._host_forms.isdisjoint(ctx.forms)  # some word holds "gastgeber"
        may_delegate = _may_name_delegations(self.lexicon, ctx.forms)
        candidates: list[Candidate] = []
        pending: list[Candidate] = []  # references with no event before them: a later one may take them
        # the sentences to read: all when a host or a delegation may be named, else those with triggers (in
        # text order: the order in which ``_triggers`` found them)
        numbers = range(len(ctx.sentences)) if may_name_hosts or may_delegate else triggers_by_sentence
        for number in numbers:
            sent = ctx.sentences[number]
            triggers = triggers_by_sentence.get(number)
            if may_name_hosts:
                self._host_gives_venue(ctx, sent, candidates)
            if not triggers:
                if may_delegate:
                    recent = [c for c in candidates if sent.start_char - c.last_char <= self.reach_chars]
                    if recent:
                        self._add_delegation_heads(ctx, sent, recent)
                continue
            previous = ctx.sentences[number - 1] if number > 0 else None
            found = self._sentence_events(ctx, number, previous, triggers)
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
                    # the sides of the latest event within reach that the article tells as news
                    previous_event = next((c for c in sorted(candidates, key=_LAST_CHAR, reverse=True)
                                           if cand.evidence[0].start - c.last_char <= self.reach_chars
                                           and not told_as_background(self.lexicon, c)), None)
                    if previous_event is None or len(previous_event.parties) < 2 or (
                            previous_event.status == cand.status
                            and any(e.start == cand.evidence[0].start for e in previous_event.evidence)):
                        # none to follow, or the event of its own sentence, as it is ("X und Y trafen sich,
                        # nachdem ihre Minister verhandelt hatten"): part of that one
                        continue
                    if cand.participants:  # named besides "beider": the two before, and who was named
                        cand.participants = list(dict.fromkeys(previous_event.participants + cand.participants))
                        cand.parties |= previous_event.parties
                    else:
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
        dateline = dateline_place(ctx, places) if not self._dash_forms.isdisjoint(ctx.forms) else None
        if dateline is not None:
            for cand in merged:
                if cand.place is None and cand.coarse == "in_person" and cand.status == "held" \
                        and cand.evidence and cand.evidence[0].start - dateline[1] <= DATELINE_REACH:
                    cand.place, cand.place_country = dateline[0].name, dateline[0].country
        published = ctx.published
        if published:
            for cand in merged:
                if cand.date is None and cand.status == "held":
                    cand.date = statement_date(ctx, cand)
                if cand.date is None and cand.status == "held" and reported_as_news(self.lexicon, cand, published):
                    cand.date = published
                if cand.status == "held" and _after(cand.date, published):
                    cand.status = "planned"  # a meeting dated after the report has not happened yet
            same_day_side_meetings(merged, published)
        next_on_the_schedule(self.lexicon, merged)
        share_venue_by_day(merged)
        visits_to_capitals(merged, places)
        venues_to_cities(merged, places, tables.states)
        countries_to_cities(merged, places, tables.states)
        office_holders = {a.name for a in actors if any(is_office(role, tables) for role in a.roles)}
        merged = [c for c in merged if has_a_side(c, office_holders)]
        for cand in merged:
            if not cand.participants and cand.type == "meeting":
                cand.type = "talks"  # sides that meet without named heads: delegation talks
        doc._.events = [to_record(c) for c in merged]
        return doc
