"""Meeting events: who met whom, where and when; held, planned or cancelled.

For each sentence, trigger words (resources/event_triggers.json: regular expressions over the lowercased
word; every word form is tested once per process, so that a document's triggers are found by set lookup)
open candidate events:

- participants: the persons of the trigger's sentence, or of its comma clause when each clause holds a
  meeting of its own; with a parser, the subtrees of the trigger's subject, objects and prepositional
  phrases (its children with an argument's dependency label).
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

The code, one job a module (each imports only modules listed above it, but for ``attributes`` and
``venues``, which name ``ArticleContext`` in annotations only):

- ``merge``: ``Candidate`` and the merging of an article's mentions of one interaction (``antecedent``,
  ``absorb``, ``merge_candidates``), talks that are calls, the ``Event`` record.
- ``attributes``: status and date (``NEAR``, ``nearest_date``, ``upcoming``, ``reported_as_news``).
- ``venues``: the place (``VenueRules``; venues, datelines, hosts, capitals, the day's other meetings).
- ``context``: ``ArticleContext``, what the component knows of one article besides its ``Doc`` (places,
  dates, persons, the comma clause of a token), and ``PersonMention``.
- ``triggers``: the triggers of a document's sentences (``TriggerRules``) and how they are phrased.
- ``arguments``: the participants (``ArgumentRules``; sources, offices, anaphora, delegations, parses).
- ``sentences``: one sentence's candidate events (``SentenceRules``; clauses, trips, status groups).
- ``component``: the ``diplograph_events`` factory and ``EventsComponent``, which runs the rules over a
  document.
"""

from diplograph.pipeline.events.arguments import (
    ARGUMENT_DEPS,
    BOTH,
    PRONOUNS,
    SPOKESPERSON_ENDINGS,
    ArgumentRules,
    drop_sources,
    is_source,
    role_references,
)
from diplograph.pipeline.events.attributes import (
    LEAD_CHARS,
    NEAR,
    PERIOD_WORDS,
    WEEKDAYS,
    YEAR,
    nearest_date,
    reported_as_news,
    upcoming,
)
from diplograph.pipeline.events.component import EventsComponent, make_events
from diplograph.pipeline.events.context import ArticleContext, PersonMention, PlaceRow
from diplograph.pipeline.events.merge import (
    NEUTRAL_TALK,
    NEUTRAL_TALK_VERBS,
    Candidate,
    absorb,
    antecedent,
    calls_set_the_medium,
    compatible,
    has_a_side,
    is_neutral_talk,
    merge_candidates,
    to_record,
)
from diplograph.pipeline.events.sentences import SentenceRules
from diplograph.pipeline.events.triggers import DEFINITE_WORDS, FOLLOW_UP_WORDS, TriggerRules
from diplograph.pipeline.events.venues import (
    DATELINE,
    DATELINE_DASH,
    DATELINE_REACH,
    LOCATOR_NOUNS,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    TIME_NOUNS,
    VenueRules,
    capitals,
    dateline_place,
    share_venue_by_day,
    venue_city,
    venues,
    venues_by_first_word,
    venues_to_cities,
    visits_to_capitals,
)

__all__ = [
    "ARGUMENT_DEPS", "BOTH", "DATELINE", "DATELINE_DASH", "DATELINE_REACH", "DEFINITE_WORDS", "FOLLOW_UP_WORDS",
    "LEAD_CHARS", "LOCATOR_NOUNS", "NEAR", "NEUTRAL_TALK", "NEUTRAL_TALK_VERBS", "PERIOD_WORDS", "PLACE_NOUNS",
    "PLACE_PREPOSITIONS", "PRONOUNS", "SPOKESPERSON_ENDINGS", "TIME_NOUNS", "WEEKDAYS", "YEAR", "ArgumentRules",
    "ArticleContext", "Candidate", "EventsComponent", "PersonMention", "PlaceRow", "SentenceRules",
    "TriggerRules", "VenueRules", "absorb", "antecedent", "calls_set_the_medium", "capitals",
    "compatible", "dateline_place", "drop_sources", "has_a_side", "is_neutral_talk", "is_source", "make_events",
    "merge_candidates", "nearest_date", "reported_as_news", "role_references",
    "share_venue_by_day", "to_record", "upcoming", "venue_city", "venues", "venues_by_first_word",
    "venues_to_cities", "visits_to_capitals",
]
