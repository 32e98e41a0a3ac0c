"""Rules that decide an event's type and status from the words around its trigger.

Pure functions over lowercased token lists, driven by resources/event_triggers.json, so they can be
tested without a pipeline.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

IN_PERSON_PRIORITY = ("summit", "visit", "talks", "meeting")


@dataclass(frozen=True)
class TriggerRule:
    type: str
    regex: re.Pattern[str]
    exclude: re.Pattern[str] | None
    needs: frozenset[str]
    blocked_by: frozenset[str] = frozenset()


@dataclass(frozen=True)
class EventLexicon:
    rules: tuple[TriggerRule, ...]
    planned: frozenset[str]
    cancelled: frozenset[str]
    cancelled_particles: dict[str, frozenset[str]] = field(hash=False)
    negation: frozenset[str]
    hypothetical: frozenset[str]
    past_tense: frozenset[str]
    anaphora: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> EventLexicon:
    raw = json.loads(resources.files("diplograph.resources").joinpath("event_triggers.json").read_text("utf-8"))
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
    )


def trigger_type(word: str, clause_words: set[str]) -> str | None:
    """The event type a token triggers, or None ("Gipfeltreffen" -> summit, "telefonierten" -> call)."""
    lower = word.lower()
    for rule in lexicon().rules:
        if not rule.regex.fullmatch(lower):
            continue
        if rule.exclude is not None and rule.exclude.fullmatch(lower):
            continue
        if rule.needs and not rule.needs & clause_words:
            continue
        if rule.blocked_by & clause_words:
            continue
        return rule.type
    return None


def is_cancelled(words: list[str]) -> bool:
    lex = lexicon()
    present = set(words)
    for word in present & lex.cancelled:
        particles = lex.cancelled_particles.get(word)
        if particles is None or particles & present:
            return True
    return False


def is_negated(words: list[str]) -> bool:
    return bool(set(words) & lexicon().negation)


def is_hypothetical(words: list[str]) -> bool:
    return bool(set(words) & lexicon().hypothetical)


def is_planned(words: list[str]) -> bool:
    return bool(set(words) & lexicon().planned)


def decide_status(words: list[str], trigger_word: str, date_value: str | None,
                  published: str | None) -> str | None:
    """held / planned / cancelled, or None when the clause denies that the event exists."""
    trigger = trigger_word.lower()
    if is_cancelled(words):
        return "cancelled"
    if is_negated(words):
        return None
    if trigger in lexicon().past_tense and not is_hypothetical(words):
        return "held"
    if date_value and published and date_value[: len(published)] > published[: len(date_value)]:
        return "planned"
    if is_planned(words) or is_hypothetical(words) or trigger.startswith("folge"):
        return "planned"
    return "held"


def best_type(types: list[str]) -> str:
    """One type for several triggers of one event: a call stays a call, else the most specific."""
    if "call" in types and all(t == "call" for t in types):
        return "call"
    in_person = [t for t in types if t != "call"]
    for candidate in IN_PERSON_PRIORITY:
        if candidate in in_person:
            return candidate
    return "call"


def vote_type(types: list[str]) -> str:
    """The type of an event mentioned several times: a summit word wins, else the most frequent type
    (calls and in-person kinds never mix: the merge keeps them apart), ties going to the first mention."""
    if "summit" in types:
        return "summit"
    counts: dict[str, int] = {}
    for kind in types:
        counts[kind] = counts.get(kind, 0) + 1
    return max(counts, key=lambda k: (counts[k], -types.index(k)))
