"""Trigger words and how they are phrased: the triggers of a document's sentences with their event types
(``resources/event_triggers.json`` through ``event_rules``), the types a group of triggers votes for,
summits named as the setting, follow-up meetings, definite mentions and explicit lists of who met."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from itertools import compress
from typing import TYPE_CHECKING

from diplograph.pipeline.events import rules as event_rules
from diplograph.pipeline.events.venues import DATELINE_DASH

if TYPE_CHECKING:
    from diplograph.pipeline.events.tables import DocTables, Stretch


class TriggerRules:
    """The component's trigger finder (a mixin of ``EventsComponent``, which sets the memos of the word forms
    tested)."""

    _tested: set[str]
    _trigger_lowers: set[str]
    _host_forms: set[str]
    _dash_forms: set[str]

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
            if ent_types[start] == person or event_rules.is_idiom(lowers, start):
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


@lru_cache(maxsize=65536)
def _context_free_type(word: str) -> str | None:
    """``event_rules.context_free_type`` of the token text ``word`` (lowercased), once per text."""
    return event_rules.context_free_type(word.lower())


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


def _is_setting(t: DocTables, index: int, with_meeting: bool = False) -> bool:
    """'am Rande des Gipfels', and with a meeting word 'trafen sich auf dem G20-Gipfel': the summit is where
    another meeting took place."""
    before = set(t.lowers[max(0, index - 3):index])
    lex = event_rules.lexicon()
    return bool(before & lex.setting_words) or (with_meeting and bool(before & lex.meeting_setting_words))


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


def _explicit_list(t: DocTables, trigger: int, scope: Stretch) -> bool:
    """'Treffen zwischen Trump und Selenskyj': the trigger names exactly who met."""
    return "zwischen" in t.lowers[trigger + 1:min(scope.end, trigger + 4)]
