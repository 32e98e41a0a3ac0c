"""Status and date of an event: a trigger's status from the words of its clause (``event_rules``), the
date expression nearest to it, dates that frame another time, the coming weekday of a present-tense verb,
the publication day of a held meeting reported as news, and a candidate's confidence."""

from __future__ import annotations

import re
from datetime import date as Date
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from diplograph.pipeline.events import rules as event_rules
from diplograph.pipeline.events.merge import Candidate
from diplograph.records import DateMention

if TYPE_CHECKING:
    from diplograph.pipeline.events.context import ArticleContext
    from diplograph.pipeline.events.rules import EventLexicon


NEAR = 5  # tokens on each side of a trigger in which hypothetical words ("möglich", "bereit") count
WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
PERIOD_WORDS = frozenset({"seit", "bis", "ab"})


def upcoming(date: DateMention, published: str | None) -> DateMention:
    """A weekday said in the present tense ("trifft am Montag") is the coming one, not the last one."""
    if not (published and date.value and len(date.value) == 10 and date.value < published):
        return date
    if not any(day in date.text.lower() for day in WEEKDAYS):
        return date
    shifted = Date.fromisoformat(date.value) + timedelta(days=7)
    return DateMention(date.text, shifted.isoformat(), date.precision, date.start, date.end)


def _framed_complement(ctx: ArticleContext, index: int) -> bool:
    """'trotz der Absage des Gipfels': the trigger is the genitive complement of a framed cancellation noun."""
    lowers = ctx.lowers
    return index >= 4 and lowers[index - 1] in event_rules.GENITIVE_ARTICLES \
        and lowers[index - 2] in ctx.lex.cancelled \
        and lowers[index - 3] in event_rules.ARTICLES and lowers[index - 4] in event_rules.FRAME_PREPOSITIONS


LEAD_CHARS = 700  # headline, teaser and first paragraph: where a report states its news
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def reported_as_news(lex: EventLexicon, cand: Candidate, published: str) -> bool:
    """A held meeting that the article's lead reports without a date is the news of the day: it took
    place on the publication date (the convention of news writing; background events carry a date or a
    year). Not applied when the lead sentence names an earlier year."""
    first = cand.first_evidence
    if first.start > LEAD_CHARS or opens_a_sequence(lex, cand):
        return False  # after the lead, or the next item of a schedule (``next_on_the_schedule``)
    years = [int(y) for y in YEAR.findall(first.text)]
    return not any(y < int(published[:4]) for y in years)


WORD = re.compile(r"\w+")
BACKGROUND_WORDS = frozenset({"hatte", "hatten", "zuvor", "bereits", "schon", "damals", "früher", "einst",
                              "vergangenen", "letzten", "vorigen", "seit", "jahren", "erstmals"})


def told_as_background(lex: EventLexicon, cand: Candidate) -> bool:
    """Whether the event's first sentence tells it as the past behind the news ("hatten sich getroffen",
    "der Besuch der damaligen Sprecherin ... war ... gewesen")."""
    return not lex.past_told_words.isdisjoint(WORD.findall(cand.first_evidence.text.lower()))


def same_day_side_meetings(events: list[Candidate], published: str) -> None:
    """'Putin traf sich nach der Medienkonferenz mit X': an undated in-person meeting told as news (no
    pluperfect, no "bereits"/"damals"), in an article whose in-person news of the publication day it follows,
    is a side meeting of that day (``share_venue_by_day`` then gives it the day's venue)."""
    news = [e for e in events if e.status == "held" and e.coarse == "in_person" and e.date == published]
    if not news:
        return
    first_news = min(e.evidence[0].start for e in news)
    for cand in events:
        if cand.date or cand.place or cand.status != "held" or cand.coarse != "in_person":
            continue
        if cand.evidence[0].start < first_news:
            continue
        if BACKGROUND_WORDS.isdisjoint(cand.evidence[0].text.lower().split()):
            cand.date = published


def bounds_period(ctx: ArticleContext, date: DateMention) -> bool:
    """'seit Februar 2022', 'bis Ende März', 'seit Beginn des Krieges im Februar 2022': the date bounds a
    period, it is not an event's day."""
    token = _first_token(ctx, date)
    if token is None:
        return False
    return date.text.split(None, 1)[0].lower() in PERIOD_WORDS or (
        token > 0 and ctx.lowers[token - 1] in PERIOD_WORDS) or _within_since_phrase(ctx, token)


def dates_a_statement(ctx: ArticleContext, date: DateMention) -> bool:
    """', teilte das Amt am Freitag mit', 'sagte Scholz am Sonntag': the date of an announcement, in a
    clause of its own (no trigger word in it)."""
    token = _first_token(ctx, date)
    if token is None:
        return False
    start, end = ctx.clause_bounds(token)
    words = ctx.lowers[start:end]
    if ctx.lex.announcement_verbs.isdisjoint(words):
        return False
    clause = set(words)
    return not any(event_rules.trigger_type(ctx.lex, w, clause) for w in words)


def _first_token(ctx: ArticleContext, date: DateMention) -> int | None:
    span = ctx.doc.char_span(date.start, date.end, alignment_mode="expand")
    return None if span is None else span.start


STATEMENT_REACH_DAYS = 7


def statement_date(ctx: ArticleContext, cand: Candidate) -> str | None:
    """'Es gebe intensive Gespräche, sagte Scholz am Sonntag bei einer Pressekonferenz mit Sall': a held
    event without a date of its own, told in a sentence that dates the statement about it, took place by
    that day; taken when it is a day in the week before publication (``STATEMENT_REACH_DAYS``)."""
    published = ctx.published
    if not published:
        return None
    earliest = (Date.fromisoformat(published) - timedelta(days=STATEMENT_REACH_DAYS)).isoformat()
    for mention in ctx.statement_dates:
        value = mention.value
        if len(value) == 10 and earliest <= value <= published and any(
                e.start <= mention.start < e.end for e in cand.evidence):
            return value
    return None


def next_on_the_schedule(lex: EventLexicon, events: list[Candidate]) -> None:
    """'Im Anschluss war ein Gespräch des Ministers mit X geplant', 'Anschließend reist Scholz nach Athen':
    an in-person event without a date, told in a sentence that opens with a word of sequence
    (``opens_a_sequence``), is the next item on the schedule of a participant of an in-person event told
    before it: it has that event's day (and so, by ``share_venue_by_day``, its venue where it names none),
    and it is ahead when that event is."""
    in_person = sorted((e for e in events if e.coarse == "in_person"), key=lambda e: e.first_evidence.start)
    for number, cand in enumerate(in_person):
        if cand.date or not cand.participants or not opens_a_sequence(lex, cand):
            continue
        people = set(cand.participants)
        before = next((e for e in reversed(in_person[:number]) if e.date and not people.isdisjoint(e.participants)),
                      None)
        if before is not None:
            cand.date = before.date
            if before.status == "planned" and cand.status == "held":
                cand.status = "planned"


def opens_a_sequence(lex: EventLexicon, cand: Candidate) -> bool:
    """Whether the event's first sentence opens with a word of sequence ("Im Anschluss", "Danach")."""
    first = cand.first_evidence.text.lower()
    return any(first.startswith(opener) and first[len(opener):len(opener) + 1] in (" ", ",")
               for opener in lex.sequence_openers)



SINCE_REACH = 8  # tokens: "seit Beginn des russischen Angriffskriegs gegen die Ukraine im Februar 2022"


def _within_since_phrase(ctx: ArticleContext, token: int) -> bool:
    """'das erste Treffen seit Beginn des Krieges im Februar 2022': the date at ``token`` dates the start
    of the period that "seit" opens, which a verb or a trigger word before it would end."""
    doc, lowers = ctx.doc, ctx.lowers
    first = max(ctx.clause_bounds(token)[0], token - SINCE_REACH)
    for i in range(token - 1, first - 1, -1):
        word = lowers[i]
        if word == "seit":
            return True
        if doc[i].pos_ in ("VERB", "AUX") or event_rules.is_trigger_form(ctx.lex, word):
            return False
    return False


@lru_cache(maxsize=256)
def _confidence(names: int, has_place: bool, has_date: bool) -> float:
    """A candidate's confidence from the number of its participants and whether it has a place and a date."""
    return round(min(1.0, 0.4 + 0.15 * names + 0.1 * has_place + 0.1 * has_date), 2)


def _trigger_status(ctx: ArticleContext, index: int, dates: list[DateMention], triggers: list[tuple[int, str]],
                    ) -> tuple[str | None, DateMention | None]:
    """The status and date of the trigger at token ``index``, alone (``dates``: its sentence's
    ``ArticleContext.event_dates``; ``triggers``: the sentence's triggers)."""
    doc, lowers = ctx.doc, ctx.lowers
    trigger = doc[index]
    text = trigger.text
    before = lowers[max(0, index - 2):index]
    if text[:1].isupper() and "für" in before:
        if event_rules.is_goal(ctx.lex, before, ctx.words(ctx.sentence_of(index))):
            return None, None  # "sich für Verhandlungen einsetzen": talks wanted, not talks held or planned
    date = None
    if dates:
        rivals = [doc[i].idx for i, _ in triggers if i != index] if len(triggers) > 1 else None
        date = nearest_date(dates, trigger.idx, rivals)
        if date is not None and present_tense(ctx, index):
            date = upcoming(date, ctx.published)
    start, end = ctx.clause_bounds(index)
    clause = lowers[start:end]
    # event_rules.decide_status over the clause, the three words before the trigger (its frame) and NEAR
    # words on each side of it
    order = event_rules.date_order(date.value, ctx.published) if date is not None else None
    lex = ctx.lex
    status = event_rules.clause_status(lex, tuple(clause), index - start, text, order, NEAR)
    if status in ("held", "planned"):
        governing = lowers[ctx.sentence_of(index).start:start]
        # a zu-infinitive: "zu treffen", or one word with "zu" inside ("aufzunehmen", STTS "VVIZU"; its tags
        # are read only where the governing words ask for it: a Token for each word of the clause)
        def infinitive() -> bool:
            return "zu" in clause or any(doc[k].tag_ == "VVIZU" for k in range(start, end))

        if event_rules.is_refused(lex, governing, clause, infinitive=not lex.refusal.isdisjoint(governing)
                                  and infinitive()):
            return "cancelled", date  # "weigerte sich, X zu treffen": the meeting did not take place
        # "X will, Y zu besuchen", "kündigte an, Y zu treffen", "kamen überein, zu verhandeln": intended
        if status == "held" and (event_rules.is_planned(lex, governing) or event_rules.is_agreed(lex, governing)
                                 or event_rules.is_hypothetical(lex, governing)) and infinitive():
            return "planned", date
        if status == "held" and order == 0 and present_tense(ctx, index):
            return "planned", date  # "X besucht heute Y", reported on the day: still ahead
    return status, date


def present_tense(ctx: ArticleContext, index: int) -> bool:
    """Whether the trigger at token ``index`` is a verb in the present tense: the morphologizer's tense where
    the pipeline has one ("besucht" is a present form or a participle), else the word form."""
    token = ctx.doc[index]
    verb_form, tense = token.morph.get("VerbForm"), token.morph.get("Tense")
    if "Part" in verb_form or "Past" in tense:
        return False
    if "Pres" in tense and "Fin" in verb_form:
        return True
    return event_rules.is_present_tense_verb(ctx.lex, token.text)


def nearest_date(dates: list[DateMention], anchor: int, rivals: list[int] | None = None) -> DateMention | None:
    """The date expression of a sentence (``dates``: its ``ArticleContext.event_dates``) nearest to the trigger
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


def _after(value: str | None, published: str | None) -> bool:
    if not value or not published:
        return False
    width = min(len(value), len(published))
    return value[:width] > published[:width]
