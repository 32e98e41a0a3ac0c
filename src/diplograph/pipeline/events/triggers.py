"""Trigger words and how they are phrased: the triggers of a document's sentences with their event types
(``resources/event_triggers.json`` through ``event_rules``), the types a group of triggers votes for,
summits named as the setting, follow-up meetings, definite mentions and explicit lists of who met."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from diplograph.pipeline.events import rules as event_rules
from diplograph.pipeline.events.venues import DATELINE_DASH

if TYPE_CHECKING:
    from spacy.tokens import Span

    from diplograph.pipeline.events.context import ArticleContext


class TriggerRules:
    """The component's trigger finder (a mixin of ``EventsComponent``, which sets the memos of the word forms
    tested and clears them when its lexicon changes)."""

    _tested: set[str]
    _trigger_lowers: set[str]
    _host_forms: set[str]
    _dash_forms: set[str]

    def _learn_trigger_forms(self, lex: event_rules.EventLexicon, forms: set[str]) -> None:
        """Test the lowercased word forms not seen before: whether they trigger (by ``lex``), whether they hold
        "gastgeber"."""
        new = forms - self._tested
        if new:
            self._tested |= new
            self._trigger_lowers.update(form.lower() for form in new if event_rules.is_trigger_form(lex, form))
            self._host_forms.update(form for form in new if "gastgeber" in form)
            self._dash_forms.update(form for form in new if DATELINE_DASH.search(form + "\x00"))

    def _triggers(self, ctx: ArticleContext) -> dict[int, list[tuple[int, str]]]:
        """Sentence number -> (token, event type) of its triggers, in text order."""
        self._learn_trigger_forms(ctx.lex, ctx.forms)
        present = ctx.forms & self._trigger_lowers
        if not present:
            return {}
        found: dict[int, list[tuple[int, str]]] = {}
        doc, lowers = ctx.doc, ctx.lowers
        for number, sent in enumerate(ctx.sentences):
            sentence_words: set[str] | None = None
            # by index into the lowercased words: a Token is made only for a word that may trigger
            for i in range(sent.start, sent.end):
                if lowers[i] not in present:
                    continue
                token = doc[i]
                if token.ent_type == ctx.person_label or _is_idiom(lowers, i):
                    continue
                kind = _context_free_type(ctx.lex, token.text)
                if kind is None:  # the sentence's words decide
                    if sentence_words is None:
                        sentence_words = set(lowers[sent.start:sent.end])
                    kind = event_rules.trigger_type(ctx.lex, token.text, sentence_words)
                    if kind is None:
                        continue
                found.setdefault(number, []).append((i, kind))
        return found


def _is_idiom(lowers: list[str], i: int) -> bool:
    """``event_rules.is_idiom`` at token ``i`` (``lowers``: the article's lowercased words): 'im Gespräch'
    (under discussion)."""
    start = max(0, i - 1)
    return event_rules.is_idiom(lowers[start:i + 2], i - start)  # the token and its neighbours


@lru_cache(maxsize=65536)
def _context_free_type(lex: event_rules.EventLexicon, word: str) -> str | None:
    """``event_rules.context_free_type`` of the token text ``word`` (lowercased), once per text and lexicon."""
    return event_rules.context_free_type(lex, word.lower())


def _group_kinds(ctx: ArticleContext, triggers: list[tuple[int, str]], indices: list[int]) -> list[str]:
    """The event types of the triggers at ``indices`` (of the sentence's ``triggers``); summit words that
    only name the setting ("am Rande des Gipfels") do not count when another trigger of the group is no
    such summit word."""
    kinds = [kind for i, kind in triggers if i in indices]
    if "summit" in kinds:
        with_meeting = "meeting" in kinds
        setting = [kind for i, kind in triggers
                   if i in indices and kind == "summit" and _is_setting(ctx, i, with_meeting)]
        if setting and len(setting) < len(kinds):
            kinds = [k for i, k in triggers
                     if i in indices and not (k == "summit" and _is_setting(ctx, i, with_meeting))]
    return kinds


def _is_setting(ctx: ArticleContext, index: int, with_meeting: bool = False) -> bool:
    """'am Rande des Gipfels', and with a meeting word 'trafen sich auf dem G20-Gipfel': the summit is where
    another meeting took place."""
    before = set(ctx.lowers[max(0, index - 3):index])
    lex = ctx.lex
    return bool(before & lex.setting_words) or (with_meeting and bool(before & lex.meeting_setting_words))


FOLLOW_UP_WORDS = frozenset({"weiteres", "weitere", "weiteren", "nächstes", "nächste", "nächsten", "erneutes",
                             "erneuten", "neues", "neuen", "zweites", "zweiten", "folgendes"})


def _follow_up(ctx: ArticleContext, trigger: int) -> bool:
    """'ein weiteres Treffen', 'das nächste Gespräch', 'ein Folgetreffen': another meeting of the same sides."""
    lowers = ctx.lowers
    return lowers[trigger].startswith("folge") or not FOLLOW_UP_WORDS.isdisjoint(lowers[max(0, trigger - 2):trigger])


def _sentence_has_finite_verb(ctx: ArticleContext, trigger: int) -> bool:
    """Whether the trigger's sentence has a finite verb: a statement ("Es gebe Gespräche"), not a heading
    ("Diplomatische Gespräche: Hintergrund"). A finite verb has a mood; the tag (STTS "VVFIN", "VAFIN",
    "VMFIN") says so where the morphology does not."""
    return any(token.morph.get("Mood") or token.tag_.endswith("FIN") for token in ctx.sentence_of(trigger))


def _definite(ctx: ArticleContext, trigger: int) -> bool:
    """A trigger noun with a definite article or demonstrative ("das Treffen", "bei dem Gespräch")."""
    if not ctx.doc[trigger].text[:1].isupper():
        return False
    return not DEFINITE_WORDS.isdisjoint(ctx.lowers[max(0, trigger - 3):trigger])


DEFINITE_WORDS = frozenset({"der", "die", "das", "dem", "den", "des", "dieses", "diesem", "dieser", "beim", "vom",
                            "zum", "im"})


def _explicit_list(ctx: ArticleContext, trigger: int, scope: Span) -> bool:
    """'Treffen zwischen Trump und Selenskyj': the trigger names exactly who met."""
    return "zwischen" in ctx.lowers[trigger + 1:min(scope.end, trigger + 4)]


SIDE_NOUNS = ("armee", "streitkräfte", "militär", "regierung", "delegation", "führung", "seite", "truppen")


def sides_between(ctx: ArticleContext, trigger: int, scope: Span) -> set[str]:
    """The sides a "zwischen" phrase after a trigger names without persons ("Gespräche zwischen der
    sudanesischen Armee und der Miliz RSF"): a state's adjective before a word for its army, government or
    delegation gives the state; an acronym of an armed group or movement ("RSF", "PKK", "(M23)") stands for
    itself. States named by their own names are found with the places (``_states_named``)."""
    doc, lowers = ctx.doc, ctx.lowers
    start = next((i for i in range(trigger + 1, min(scope.end, trigger + 4)) if lowers[i] == "zwischen"), None)
    if start is None:
        return set()
    end = next((i for i in range(start + 1, scope.end)  # where the clause goes on ("..., und forderten ...")
                if "Fin" in doc[i].morph.get("VerbForm") or doc[i].pos_ in ("VERB", "AUX")), scope.end)
    phrase = doc[start + 1:end]
    sides: set[str] = set()
    states = ctx.tables.states
    for k, token in enumerate(phrase):
        code = states.demonym_code(token.text)
        # "der sudanesischen Armee", "der ukrainischen und der russischen Delegation"
        if code and any(word.lower_.endswith(SIDE_NOUNS) for word in phrase[k + 1:k + 5]):
            sides.add(code)
        elif ACRONYM.fullmatch(token.text) and token.ent_type_ in ("ORG", "MISC", "") and not states.country_of_name(
                token.text):
            sides.add(token.text)
    return sides


ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}")


def paired_states(ctx: ArticleContext, trigger: int) -> set[str]:
    """'deutsch-französische Gespräche', 'das russisch-ukrainische Treffen': the states of a compound adjective
    of states right before a trigger noun (each part before the last is the stem of a state's adjective)."""
    states = ctx.tables.states
    for word in ctx.lowers[max(0, trigger - 3):trigger]:
        parts = word.split("-")
        if len(parts) >= 2 and all(parts):
            codes = [states.demonym_code(part + "e") for part in parts[:-1]] + [states.demonym_code(parts[-1])]
            if all(codes) and len(set(codes)) >= 2:
                return set(codes)
    return set()
