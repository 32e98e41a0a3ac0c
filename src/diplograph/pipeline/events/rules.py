"""Rules that decide an event's type and status from the words around its trigger.

Pure functions over lowercased token lists, driven by an ``EventLexicon`` (the format of
resources/event_triggers.json), so they can be tested without a pipeline. Each takes the lexicon as its first
argument: the events component passes its own (``EventsComponent.lexicon``, which ``initialize`` and
``from_disk`` can replace); ``lexicon()`` is the package's, the component's default.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from diplograph.pipeline.roles import POSSESSIVES


@dataclass(frozen=True)
class TriggerRule:
    type: str
    regex: re.Pattern[str]
    exclude: re.Pattern[str] | None
    needs: frozenset[str]
    blocked_by: frozenset[str] = frozenset()


# eq=False: a lexicon is hashed and compared by identity, so the memos below (keyed by the lexicon) are cheap
# and a component's own lexicon never shares entries with another one
@dataclass(frozen=True, eq=False)
class EventLexicon:
    """The trigger rules and word lists of the events component (see resources/event_triggers.json)."""

    rules: tuple[TriggerRule, ...]
    planned: frozenset[str]
    cancelled: frozenset[str]
    cancelled_particles: dict[str, frozenset[str]]
    negation: frozenset[str]
    hypothetical: frozenset[str]
    past_tense: frozenset[str]
    anaphora: frozenset[str]
    setting_words: frozenset[str] = frozenset()
    meeting_setting_words: frozenset[str] = frozenset()
    delegation_nouns: frozenset[str] = frozenset()
    delegation_verbs: frozenset[str] = frozenset()
    companion_verbs: frozenset[str] = frozenset()
    announcement_verbs: frozenset[str] = frozenset()
    source_before: frozenset[str] = frozenset()
    source_after: frozenset[str] = frozenset()
    conditional: frozenset[str] = frozenset()
    conditional_with_wenn: frozenset[str] = frozenset()
    advocacy: frozenset[str] = frozenset()
    motion_verbs: frozenset[str] = frozenset()
    refusal: frozenset[str] = frozenset()
    both_sides_words: frozenset[str] = frozenset()
    side_nouns: tuple[str, ...] = ()
    counterfactual: frozenset[str] = frozenset()
    agreement: frozenset[str] = frozenset()
    habitual: frozenset[str] = frozenset()
    sequence_openers: tuple[str, ...] = ()
    near_words: frozenset[str] = frozenset()
    past_told_words: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def shipped_data() -> dict[str, Any]:
    """The package's trigger rules and word lists (resources/event_triggers.json), as JSON data."""
    return json.loads(resources.files("diplograph.resources").joinpath("event_triggers.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def lexicon() -> EventLexicon:
    """The package's lexicon: the events component's default (read once per process)."""
    return lexicon_from(shipped_data())


def lexicon_from(raw: dict[str, Any]) -> EventLexicon:
    """The lexicon of JSON data in the format of resources/event_triggers.json."""
    rules = tuple(
        TriggerRule(
            type=r["type"],
            regex=re.compile(f"(?:{r['regex']})"),
            exclude=re.compile(f"(?:{r['exclude']})") if r.get("exclude") else None,
            needs=frozenset(r.get("needs", ())),
            blocked_by=frozenset(r.get("blocked_by", ())),
        )
        for r in raw["triggers"]
    )
    return EventLexicon(
        rules=rules,
        planned=frozenset(raw["planned"]),
        cancelled=frozenset(raw["cancelled"]),
        cancelled_particles={k: frozenset(v) for k, v in raw["cancelled_needs_particle"].items()},
        negation=frozenset(raw["negation"]),
        hypothetical=frozenset(raw["hypothetical"]),
        past_tense=frozenset(raw["past_tense"]),
        anaphora=frozenset(raw["anaphora"]),
        setting_words=frozenset(raw.get("setting_words", ())),
        meeting_setting_words=frozenset(raw.get("meeting_setting_words", ())),
        delegation_nouns=frozenset(raw.get("delegation_nouns", ())),
        delegation_verbs=frozenset(raw.get("delegation_verbs", ())),
        companion_verbs=frozenset(raw.get("companion_verbs", ())),
        announcement_verbs=frozenset(raw.get("announcement_verbs", ())),
        source_before=frozenset(raw.get("source_before", ())),
        source_after=frozenset(raw.get("source_after", ())),
        conditional=frozenset(raw.get("conditional", ())),
        conditional_with_wenn=frozenset(raw.get("conditional_with_wenn", ())),
        advocacy=frozenset(raw.get("advocacy_words", ())),
        motion_verbs=frozenset(raw.get("motion_verbs", ())),
        refusal=frozenset(raw.get("refusal", ())),
        both_sides_words=frozenset(raw.get("both_sides_words", ())),
        side_nouns=tuple(raw.get("side_nouns", ())),
        counterfactual=frozenset(raw.get("counterfactual", ())),
        agreement=frozenset(raw.get("agreement_verbs", ())),
        habitual=frozenset(raw.get("habitual", ())),
        sequence_openers=tuple(raw.get("sequence_openers", ())),
        near_words=frozenset(raw.get("near_words", ())),
        past_told_words=frozenset(raw.get("past_told_words", ())),
    )


def is_trigger_form(lex: EventLexicon, lower: str) -> bool:
    """Whether a lowercased word form can trigger an event (its context is checked later)."""
    return bool(_matching_rules(lex, lower))


@lru_cache(maxsize=65536)
def _matching_rules(lex: EventLexicon, lower: str) -> tuple[TriggerRule, ...]:
    """The rules whose words ``lower`` is (context conditions not checked yet)."""
    return tuple(rule for rule in lex.rules
                 if rule.regex.fullmatch(lower) and not (rule.exclude is not None and rule.exclude.fullmatch(lower)))


def trigger_type(lex: EventLexicon, word: str, clause_words: set[str]) -> str | None:
    """The event type a token triggers, or None ("Gipfeltreffen" -> summit, "telefonierten" -> call)."""
    for rule in _matching_rules(lex, word.lower()):
        if rule.needs and not rule.needs & clause_words:
            continue
        if rule.blocked_by & clause_words:
            continue
        return rule.type
    return None


@lru_cache(maxsize=65536)
def context_free_type(lex: EventLexicon, lower: str) -> str | None:
    """The event type that the lowercased form ``lower`` triggers in any clause (its first matching rule
    has no context condition: ``trigger_type`` returns that rule's type); None when the clause decides
    or the form triggers nothing."""
    rules = _matching_rules(lex, lower)
    if rules and not rules[0].needs and not rules[0].blocked_by:
        return rules[0].type
    return None


FRAME_PREPOSITIONS = frozenset({"trotz", "nach", "wegen", "seit", "vor", "infolge", "aufgrund", "ungeachtet"})
TEMPORAL_PREPOSITIONS = frozenset({"nach", "seit", "vor"})
ARTICLES = frozenset({"der", "die", "das", "des", "dem", "den", "einer", "eines", "einem", "ihrer", "seiner"})
GENITIVE_ARTICLES = frozenset({"des", "der", "eines", "einer"})


def is_cancelled(lex: EventLexicon, words: Sequence[str], position: int | None = None) -> bool:
    """A cancellation word in the clause ("abgesagt", "verschoben", "sagte ... ab").

    A cancellation noun in a framing phrase is another event's when the phrase names that event ("Trotz
    der Verschiebung des Ministerrats reist X nach Paris") or sets the time of the clause's own event ("Nach
    der Verschiebung trafen sich X und Y"); a bare "trotz der Absage" still refers to the event at hand.
    The trigger at ``position`` may itself be the phrase's complement ("nach der Absage des Treffens")."""
    for k, word in enumerate(words):
        if word not in lex.cancelled:
            continue
        particles = lex.cancelled_particles.get(word)
        if particles is not None and particles.isdisjoint(words):
            continue
        framed = k >= 2 and words[k - 1] in ARTICLES and words[k - 2] in FRAME_PREPOSITIONS
        if framed:
            names_other = k + 1 < len(words) and words[k + 1] in GENITIVE_ARTICLES
            own_complement = names_other and position is not None and (
                position == k + 2 or position == k + 3 and words[k + 2].endswith(("e", "en")))  # "des geplanten"
            temporal = words[k - 2] in TEMPORAL_PREPOSITIONS and position is not None and position > k
            if not own_complement and (names_other or temporal):
                continue
        return True
    return False


def is_refused(lex: EventLexicon, governing: Sequence[str], clause: Sequence[str],
               infinitive: bool | None = None) -> bool:
    """'X weigerte sich, Y zu treffen', 'X verweigerte das Gespräch': a refusal verb in the trigger's own
    clause, or in the words that govern its infinitive clause (``governing``: the sentence before the
    trigger's clause; the clause must be a zu-infinitive: ``infinitive``, by default whether it holds "zu")."""
    refusal = lex.refusal
    if infinitive is None:
        infinitive = "zu" in clause
    return not refusal.isdisjoint(clause) or (infinitive and not refusal.isdisjoint(governing))


def names_both_sides(lex: EventLexicon, words: Sequence[str]) -> bool:
    """'zwischen den beiden Ländern', 'Vertreter beider Seiten', 'die beiden Verteidigungsministerien': the
    words name the two sides of an event without naming them."""
    for k, word in enumerate(words[:-1]):
        if word in lex.both_sides_words:
            nxt = words[k + 1: k + 3]
            if any(w.endswith(lex.side_nouns) for w in nxt):
                return True
    return False


def refers_to_persons(lex: EventLexicon, words: Sequence[str]) -> bool:
    """Words that refer back to persons named before ("er", "die beiden", "ihr Amtskollege"); "beide" that
    names two sides ("beider Länder") refers to states, not persons."""
    found = lex.anaphora.intersection(words)
    if found and names_both_sides(lex, words):
        return not PERSON_ANAPHORA.isdisjoint(found)  # "Vertreter beider Länder": only a pronoun refers to persons
    return bool(found)




def only_possessives(lex: EventLexicon, words: Sequence[str]) -> bool:
    """Whether the words that refer back are possessives only ("zu seinem Antrittsbesuch")."""
    found = lex.anaphora.intersection(words)
    return bool(found) and found <= POSSESSIVES


PERSON_ANAPHORA = frozenset({"er", "sie", "ihm", "ihn", "ihnen", "amtskollege", "amtskollegen", "amtskollegin",
                             "gastgeber", "gast"})


def is_negated(lex: EventLexicon, words: Sequence[str]) -> bool:
    """'kein Treffen', 'ohne dass es zu einem Treffen kam', 'ist nicht geplant' (but not 'nicht nur')."""
    if not lex.negation.isdisjoint(words):
        return True
    if "nicht" not in words:
        return False
    return any(w == "nicht" and (i + 1 == len(words) or words[i + 1] not in {"nur", "zuletzt", "ohne"})
               for i, w in enumerate(words))


def is_conditional(lex: EventLexicon, words: Sequence[str]) -> bool:
    """'falls sie sich treffen', 'wenn X Y träfe', 'wenn es zu einem Treffen käme, würde ...': a condition,
    not an event (reported speech in the subjunctive, "er würde Y treffen", stays a plan)."""
    if not lex.conditional.isdisjoint(words):
        return True
    return "wenn" in words and not lex.conditional_with_wenn.isdisjoint(words)


IDIOM_FOLLOWERS = frozenset({"mit", "zwischen", "von", "der", "des", "beider", "beim", "bei"})


def is_idiom(lowers: Sequence[str], i: int) -> bool:
    """'war im Gespräch', 'ist im Gespräch': under discussion, not a conversation ("im Gespräch mit X" and
    "im Gespräch der beiden" are one)."""
    return lowers[i] == "gespräch" and i > 0 and lowers[i - 1] == "im" and (
        i + 1 == len(lowers) or lowers[i + 1] not in IDIOM_FOLLOWERS)


def is_goal(lex: EventLexicon, before: Sequence[str], clause: Sequence[str]) -> bool:
    """A trigger noun after "für" ("für Verhandlungen", "für direkte Gespräche": ``before``, the two words
    before it) in a clause that advocates or calls for something ("sich einsetzen", "werben", "bereit") is a
    goal, not an event. "Für Gespräche in Tokio eingetroffen" is a trip's purpose and stays an event."""
    if lex.advocacy.isdisjoint(clause):
        return False
    if list(before[-1:]) == ["für"]:
        return True
    return len(before) == 2 and before[0] == "für" and before[1] not in ARTICLES and before[1].endswith(("e", "en"))


def is_hypothetical(lex: EventLexicon, words: Sequence[str]) -> bool:
    return not lex.hypothetical.isdisjoint(words)


def is_planned(lex: EventLexicon, words: Sequence[str]) -> bool:
    return not lex.planned.isdisjoint(words)


def is_agreed(lex: EventLexicon, words: Sequence[str]) -> bool:
    """'kamen überein', 'einigten sich darauf': an agreement, which makes a zu-infinitive it governs planned."""
    return not lex.agreement.isdisjoint(words)


FRAME_WORDS = frozenset({"bei", "beim", "nach", "während", "seit", "anschluss", "auftakt", "rande"})


DETERMINERS = frozenset({"dem", "der", "den", "des", "einem", "einer", "seinem", "seiner", "ihrem", "ihrer",
                         "diesem", "dieser"})


def is_frame(lex: EventLexicon, before: Sequence[str]) -> bool:
    """'bei seinem', 'nach dem', 'während der', 'im Anschluss an das' right before a trigger noun,
    with no planning adjective ("bei dem geplanten Treffen" is not a frame of a past event)."""
    if any(w in lex.planned or w in lex.hypothetical for w in before):
        return False
    for i, word in enumerate(before[:-1]):
        if word in FRAME_WORDS and before[i + 1] in DETERMINERS:
            return True
    return bool(before) and before[-1] in {"beim", "zum"} and "auftakt" not in before


def decide_status(lex: EventLexicon, words: list[str], trigger_word: str, date_value: str | None,
                  published: str | None, frame: list[str] | None = None,
                  near: list[str] | None = None) -> str | None:
    """held / planned / cancelled, or None when the clause denies that the event exists.

    ``words`` is the trigger's clause (lowercased). A date after publication means planned, a date
    before it held (unless the clause cancels the event). ``frame``: the words just before the
    trigger; "bei/nach/während dem Treffen" presents the event as having taken place. ``near``: the
    words around the trigger in which hypothetical words ("möglich", "bereit") count (default: clause).
    """
    return _decide(lex, words, trigger_word, date_order(date_value, published), frame, None,
                   words if near is None else near)


def date_order(date_value: str | None, published: str | None) -> int | None:
    """1 when the date lies after the publication day, -1 before it, 0 on it (compared at the precision
    of the less precise one); None without a date or a publication day."""
    if not (date_value and published):
        return None
    width = min(len(date_value), len(published))
    return (date_value[:width] > published[:width]) - (date_value[:width] < published[:width])


@lru_cache(maxsize=65536)
def clause_status(lex: EventLexicon, clause: tuple[str, ...], position: int, trigger_word: str, order: int | None,
                  near: int) -> str | None:
    """``decide_status`` for the trigger ``clause[position]`` (written ``trigger_word``) of a clause, with
    a date in ``order`` to the publication day (``date_order``), the three words before the trigger as
    its frame and ``near`` words on each side as the words where hypothetical words count: a pure
    function of its arguments, so kept for clauses that recur (boilerplate of agency reports)."""
    return _decide(lex, clause, trigger_word, order, clause[max(0, position - 3):position], position,
                   clause[max(0, position - near):position + near + 1])


def is_counterfactual(lex: EventLexicon, words: Sequence[str]) -> bool:
    """'hätte am Mittwoch stattfinden sollen', 'hätten sich treffen sollen': it was to happen and did not
    (with "wenn" it is a condition, ``is_conditional``)."""
    return "wenn" not in words and "sollen" in words and not lex.counterfactual.isdisjoint(words)


def _decide(lex: EventLexicon, words: Sequence[str], trigger_word: str, order: int | None, frame: Sequence[str] | None,
            position: int | None,
            near: Sequence[str]) -> str | None:
    """``decide_status`` with the date given as its ``date_order``."""
    trigger = trigger_word.lower()
    if is_cancelled(lex, words, position) or is_counterfactual(lex, words):
        return "cancelled"
    if is_negated(lex, words):
        # "X reist nicht zum Gipfel nach Y": a trip that will not happen was planned, and is cancelled
        return "cancelled" if trigger in lex.motion_verbs and "nicht" in words else None
    if is_conditional(lex, words) or not lex.habitual.isdisjoint(words):
        return None  # a condition, or a recurring format ("wo sie sich regelmäßig treffen"): no event
    if order is not None:
        if order > 0:
            return "planned"
        if order < 0 and not is_hypothetical(lex, near):
            return "held"
    if trigger in lex.past_tense and not is_hypothetical(lex, near):
        return "held"
    if frame and trigger_word[:1].isupper() and is_frame(lex, frame):
        # "bei seinem Besuch in Peking", "nach dem Treffen": the event frames another statement
        return "held"
    if is_planned(lex, words) or is_hypothetical(lex, near) or trigger.startswith("folge"):
        return "planned"
    return "held"


def vote_type(types: list[str]) -> str:
    """The type of an event mentioned several times: a summit word wins, then a visit word (a meeting
    during a visit is the visit), else the most frequent type (calls and in-person kinds never mix: the
    merge keeps them apart), ties going to the first mention."""
    if len(types) == 1:
        return types[0]
    for strongest in ("summit", "visit"):
        if strongest in types:
            return strongest
    # the distinct types in the order of their first mention; ``max`` keeps the first of equal counts
    return max(dict.fromkeys(types), key=types.count)


CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "—"})  # the words that end a comma clause


def is_present_tense_verb(lex: EventLexicon, word: str) -> bool:
    """'trifft', 'treffen', 'besucht', 'reist', 'telefoniert' (not a past form, not a noun)."""
    return word[:1].islower() and word.lower() not in lex.past_tense


def is_delegation_sentence(lex: EventLexicon, words: list[str]) -> bool:
    """'die US-Delegation wurde von X geleitet', 'X leitete die russische Seite', 'X wurde von Y
    begleitet': the sentence's persons took part in the meeting just reported."""
    present = set(words)
    if present & lex.companion_verbs:
        return True
    if not present & lex.delegation_verbs:
        return False
    return any(w in lex.delegation_nouns or ("-" in w and w.rsplit("-", 1)[1] in lex.delegation_nouns)
               for w in present)
