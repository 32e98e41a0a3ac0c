"""Candidate events and how the mentions of one interaction in an article become one event: which
candidates are compatible, merging them, the event a definite mention refers to (``antecedent``) and what
it adds (``absorb``), talks that are calls, and the record that leaves the component (``to_record``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from diplograph.pipeline.events import rules as event_rules
from diplograph.records import Event, Evidence

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
    def first_evidence(self) -> Evidence:
        """The earliest sentence that tells this event."""
        return min(self.evidence, key=_START)

    @property
    def last_char(self) -> int:
        """Where the latest evidence sentence of this event ends."""
        return max(map(_END, self.evidence)) if self.evidence else -1

    @property
    def coarse(self) -> str:
        return "call" if self.type == "call" else "in_person"


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
    if _unnamed_follow_up(a) and b.participants or _unnamed_follow_up(b) and a.participants:
        return False  # "Es seien weitere Verhandlungen geplant" after a summit: the delegations', not the leaders'
    shared = set(a.participants) & set(b.participants)
    if a.participants and b.participants:
        return len(shared) >= min(2, len(a.participants), len(b.participants))
    parties = a.parties & b.parties
    if len(parties) >= 2:
        return True
    # "Treffen der Außenminister Irans und Saudi-Arabiens" and "X und Y trafen sich in Peking", where one
    # person's state is unknown: the same venue and one side's parties within the other's
    # (also when the side without names has no venue: a headline names the states, the text the persons)
    same_venue = a.place == b.place if a.place and b.place else bool(a.place or b.place) and not (
        a.participants and b.participants)
    return bool(parties) and same_venue and (a.parties <= b.parties or b.parties <= a.parties)


def _unnamed_follow_up(c: Candidate) -> bool:
    return c.follow_up and not c.participants


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
    # "Bei einem Gespräch habe sie zugestimmt ..." and, elsewhere in the article, "ein Telefonat" of the same
    # two people: the talk without a venue is that call
    calls = [c for c in candidates if c.type == "call" and len(set(c.participants)) >= 2]
    for cand in candidates:
        if cand.type in ("meeting", "talks") and cand.place is None and is_neutral_talk(cand) and any(
                set(c.participants) == set(cand.participants) and c.status == cand.status for c in calls):
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


def _unique(items: list[str]) -> list[str]:
    """``items`` in order, each once."""
    return list(dict.fromkeys(items))


def has_a_side(c: Candidate, office_holders: set[str]) -> bool:
    """A diplomatic meeting has a side that is a state or an international body: a party, or a participant
    in an office (:func:`roles.is_office`). Two coaches, two managers or fans and stars meeting have none."""
    return bool(c.parties) or not office_holders.isdisjoint(c.participants)


def to_record(c: Candidate) -> Event:
    return Event(type=c.type, status=c.status, participants=c.participants, parties=sorted(c.parties),
                 place=c.place, date=c.date, confidence=c.confidence, trigger=c.trigger,
                 evidence=sorted(c.evidence, key=_START))
