"""One sentence's events: the sentence's triggers grouped by status, by comma clause or by the stops of a
trip, and one candidate event for each group with its type, participants, parties, place, status and date,
and whether it refers to an event named before."""

from __future__ import annotations

from spacy.tokens import Span

from diplograph.pipeline.events import rules as event_rules
from diplograph.pipeline.events.arguments import (
    _COUNTRY,
    _NAME,
    ArgumentRules,
    _all_known_same_state,
    _pronoun_subject,
    _with_subject,
    drop_sources,
)
from diplograph.pipeline.events.attributes import (
    _confidence,
    _framed_complement,
    _trigger_status,
    nearest_date,
    present_tense,
    upcoming,
)
from diplograph.pipeline.events.context import ArticleContext, PersonMention
from diplograph.pipeline.events.merge import Candidate
from diplograph.pipeline.events.triggers import (
    _definite,
    _explicit_list,
    _follow_up,
    _group_kinds,
    _sentence_has_finite_verb,
    paired_states,
    sides_between,
)
from diplograph.pipeline.events.venues import VenueRules, _is_country, _mentioned_near, _states_named
from diplograph.pipeline.roles import POSSESSIVES
from diplograph.records import DateMention, Evidence, Place


class SentenceRules(ArgumentRules, VenueRules):
    """The events of one sentence (a mixin of ``EventsComponent``): one event per trigger group, per comma
    clause or per stop of a trip, each with its participants (``ArgumentRules``), place (``VenueRules``),
    status and date."""

    def _sentence_events(self, ctx: ArticleContext, number: int, previous: Span | None,
                         triggers: list[tuple[int, str]]) -> list[Candidate]:
        """The events of the sentence numbered ``number`` (``triggers``: its triggers; ``previous``: the
        sentence before it)."""
        sent = ctx.sentences[number]
        words = ctx.words(sent)
        if len(triggers) == 1 and not ctx.parsed:  # one trigger, no parse: it takes the sentence's persons
            # (``_split_by_status`` of one trigger: its own status and date)
            index = triggers[0][0]
            status, date = _trigger_status(ctx, index, ctx.event_dates(sent), triggers)
            if status is None:
                return []
            in_sentence = drop_sources(ctx, ctx.persons_in(sent), sent)
            cand = self._candidate(ctx, number, previous, triggers, [index], in_sentence, status, date, words)
            return [] if cand is None else [cand]
        in_sentence = drop_sources(ctx, ctx.persons_in(sent), sent)
        stops = self._trip_stops(ctx, number, previous, triggers, in_sentence)
        if stops:
            return stops
        by_clause = self._clause_events(ctx, number, previous, triggers, in_sentence)
        if by_clause:
            return by_clause
        groups = self._assign_persons(ctx, sent, triggers, in_sentence)
        out: list[Candidate] = []
        for trigger_indices, group in groups:
            for subset, status, date in self._split_by_status(ctx, number, trigger_indices, triggers):
                cand = self._candidate(ctx, number, previous, triggers, subset, group, status, date, words)
                if cand is not None:
                    out.append(cand)
        return out

    def _clause_events(self, ctx: ArticleContext, number: int, previous: Span | None,
                       triggers: list[tuple[int, str]], in_sentence: list[PersonMention]) -> list[Candidate]:
        """Triggers in different comma clauses, each clause a complete event of its own ("2019 trafen sie
        sich in Osaka, 2017 war Xi nach Mar-a-Lago gereist"): one event per clause. Empty when any
        clause cannot stand alone (then the sentence is read as a whole)."""
        if len(triggers) < 2:
            return []
        clauses: dict[tuple[int, int], list[int]] = {}
        for index, _ in triggers:
            clauses.setdefault(ctx.clause_bounds(index), []).append(index)
        if len(clauses) < 2:
            return []
        out: list[Candidate] = []
        for (start, end), indices in clauses.items():
            scope = Span(ctx.doc, start, end)
            group = [p for p in in_sentence if start <= p.start < end]
            found = []
            for subset, status, date in self._split_by_status(ctx, number, indices, triggers):
                cand = self._candidate(ctx, number, previous, triggers, subset, group, status, date,
                                       ctx.lowers[start:end], scope=scope)
                if cand is not None and not cand.anaphoric:
                    found.append(cand)
            if not found:
                return []
            out.extend(found)
        return out

    def _trip_stops(self, ctx: ArticleContext, number: int, previous: Span | None, triggers: list[tuple[int, str]],
                    in_sentence: list[PersonMention]) -> list[Candidate]:
        """A trip with several destinations in one sentence ("X reist am Montag nach Paris, wo sie Y trifft,
        und am Dienstag weiter nach Warschau zu Gesprächen mit Z", "X besucht heute Niger und am Dienstag
        Südafrika"): one event per stop, each with the traveller (the person named before the first
        destination), the persons named at that stop, and the stop's own place, date and status. A stop
        without a trigger of its own ("und am Dienstag Südafrika") is a visit of the trip. Empty unless the
        sentence names two different destinations."""
        sent = ctx.sentences[number]
        destinations = _destinations(ctx, number, triggers)
        if len(destinations) < 2 or len({ctx.doc[token].text for token, _ in destinations}) < 2:
            return []
        travellers = [p for p in in_sentence if p.start < destinations[0][0] - 1]
        if len({p.name for p in travellers}) != 1:
            return []
        # a stop begins with the word that joins it to the trip ("und", a comma), else at its destination
        bounds = [sent.start, *(_stop_start(ctx, destinations[k - 1][0], destinations[k][0])
                                for k in range(1, len(destinations))), sent.end]
        # the trip's tense is its first verb's: "reist ... und am Dienstag weiter nach Warschau" is ahead
        first_verbs = [i for i, _ in triggers if i < bounds[1] and ctx.doc[i].text[:1].islower()]
        ahead = bool(first_verbs) and present_tense(ctx, first_verbs[0])
        trip_trigger = next(((i, kind) for i, kind in triggers if kind == "visit" and i < bounds[1]), None)
        out: list[Candidate] = []
        for (start, end), (_, place) in zip(zip(bounds, bounds[1:], strict=False), destinations, strict=True):
            stop_triggers = [(i, kind) for i, kind in triggers if start <= i < end]
            group = travellers + [p for p in in_sentence if start <= p.start < end and p not in travellers]
            scope = Span(ctx.doc, start, end)
            if stop_triggers:
                indices = [i for i, _ in stop_triggers]
                decided = self._split_by_status(ctx, number, indices, stop_triggers)
            elif trip_trigger is not None and out:  # "und am Dienstag Südafrika": a stop of the trip
                own_dates = ctx.event_dates(scope)
                decided = [([trip_trigger[0]], out[0].status, own_dates[0] if own_dates else None)]
            else:
                continue
            for subset, status, date in decided:
                if ahead and date is not None:
                    date = upcoming(date, ctx.published)
                if ahead and status == "held" and event_rules.date_order(date and date.value, ctx.published) != -1:
                    status = "planned"
                cand = self._candidate(ctx, number, previous, triggers, subset, group, status, date,
                                       ctx.lowers[start:end], scope=scope, destination=place)
                if cand is not None and not cand.anaphoric:
                    out.append(cand)
        return out if len(out) >= 2 else []

    @staticmethod
    def _split_by_status(ctx: ArticleContext, number: int, indices: list[int], triggers: list[tuple[int, str]],
                         ) -> list[tuple[list[int], str, DateMention | None]]:
        """Triggers of the sentence numbered ``number`` group by status: "nach dem Treffen vereinbarten sie
        ein weiteres Treffen" is a held and a planned event; a cancellation anywhere cancels the whole group."""
        dates = ctx.event_dates(ctx.sentences[number])
        if len(indices) == 1:  # one trigger: its own status and date
            status, date = _trigger_status(ctx, indices[0], dates, triggers)
            return [] if status is None else [([indices[0]], status, date)]
        decided: list[tuple[int, str, DateMention | None]] = []
        for index in indices:
            status, date = _trigger_status(ctx, index, dates, triggers)
            if status is not None:
                decided.append((index, status, date))
        if len(decided) < 2:
            return [([index], status, date) for index, status, date in decided]
        # "Trotz der Absage des Gipfels reist X nach Paris": the framed event is another one, mentioned in passing
        passing = [d for d in decided if d[1] == "cancelled" and _framed_complement(ctx, d[0])]
        if passing and len(passing) < len(decided):
            decided = [d for d in decided if d not in passing]
            if len(decided) == 1:
                return [([decided[0][0]], decided[0][1], decided[0][2])]
        if any(status == "cancelled" for _, status, _ in decided):
            first_date = next((d for _, _, d in decided if d is not None), None)
            return [([i for i, _, _ in decided], "cancelled", first_date)]
        out = []
        for wanted in ("held", "planned"):
            subset = [(i, d) for i, status, d in decided if status == wanted]
            if subset:
                clause = ctx.clause_bounds(subset[0][0])
                same_clause = [d for i, d in subset if d is not None and ctx.clause_bounds(i) == clause]
                out.append(([i for i, _ in subset], wanted, subset[0][1] or next(iter(same_clause), None)))
        return sorted(out, key=lambda item: item[0][0])

    def _candidate(self, ctx: ArticleContext, number: int, previous: Span | None, triggers: list[tuple[int, str]],
                   trigger_indices: list[int], group: list[PersonMention], status: str, date: DateMention | None,
                   words: list[str], scope: Span | None = None, destination: Place | None = None,
                   ) -> Candidate | None:
        """One event of the sentence numbered ``number`` from a group of triggers and persons; ``scope``
        (default: the sentence) is where its place and the states it names are looked for; ``words``: the
        scope's lowercased words; ``destination``: the place of a trip's stop (then its venue)."""
        sent = ctx.sentences[number]
        if scope is None:
            scope = sent
        mentions = ctx.mentions_in(scope)
        # the sentence's one trigger gives the type; else the group's triggers vote
        kinds = [triggers[0][1]] if len(triggers) == 1 else _group_kinds(ctx, triggers, trigger_indices)
        main = trigger_indices[0]
        kind = kinds[0] if len(kinds) == 1 else event_rules.vote_type(kinds)
        members = group
        if event_rules.refers_to_persons(ctx.lex, words) and not _possessive_of_a_named(ctx, sent, members):
            # the sentence refers back
            members = self._referred_persons(ctx, sent, previous, main, members, words)
            if date is None and previous is not None:
                date = nearest_date(ctx.event_dates(previous), previous.end_char)
        elif previous is not None and _pronoun_subject(ctx, main):
            members = _with_subject(ctx.persons_in(previous), members)
        names = list(dict.fromkeys(map(_NAME, members)))
        parties = set(filter(None, map(_COUNTRY, members)))
        if destination is not None:
            place = destination
        else:
            place = self._place(ctx, scope, mentions, ctx.doc[main].idx,
                                visit_trigger=main if kind == "visit" else None,
                                own_triggers=trigger_indices) if mentions or ctx.may_name_venues else None
        if kind == "visit" and place is not None and place.country:
            parties.add(place.country)
        if mentions:
            named = _states_named(ctx, scope, mentions, place)
            if len(named) >= 2 or not names:
                parties |= named
        if not names:
            parties |= sides_between(ctx, main, scope)
        parties |= paired_states(ctx, main)
        # A definite mention with at most one named person ("nach dem Gespräch", "das Treffen") refers to an
        # event named before (or, in a headline, after); it stands alone only when it is complete itself.
        standalone = not (len(parties) < 2 and (len(names) < 2 or _all_known_same_state(members)))
        # "ein weiteres Treffen" (planned) and "Gespräche zwischen den beiden Ländern": the sides of the event
        # reported before, unnamed
        start, end = ctx.clause_bounds(main)
        clause_words = ctx.lowers[start:end]
        follow_up = not standalone and (not names and (
            status == "planned" and _follow_up(ctx, main)
            # "Es seien Verhandlungen geplant", "Gespräche auf Expertenebene": talks of the sides before
            or kind == "talks" and not _definite(ctx, main) and _sentence_has_finite_verb(ctx, main)
            or not _definite(ctx, main) and event_rules.names_both_sides(ctx.lex, clause_words))
            # "X kündigte ein neues Treffen beider Politiker an": the two of the event before, and X
            or names and status == "planned" and _follow_up(ctx, main)
            and not ctx.lex.both_sides_words.isdisjoint(clause_words))
        # "Das Gespräch dauerte eine Stunde": a definite trigger whose sentence names fewer than two persons
        # itself refers to an event named before, also when the persons referred to were added
        own_names = {p.name for p in group}
        anaphoric = (len(names) < 2 or len(own_names) < 2 and members is not group) and _definite(ctx, main) \
            and not follow_up
        if not standalone and not anaphoric and not follow_up:
            return None
        return Candidate(
            type=kind, status=status, trigger=ctx.doc[main].text, participants=names, parties=parties, types=kinds,
            place=place.name if place else None, place_country=place.country if place else None,
            place_at_trigger=place is not None and _mentioned_near(place, ctx, main),
            place_is_country=bool(place and _is_country(place, ctx.tables.states)), date=date.value if date else None,
            evidence=[Evidence(ctx.text_of(sent), sent.start_char, sent.end_char)],
            confidence=_confidence(len(names), place is not None, date is not None), anaphoric=anaphoric,
            standalone=standalone, explicit=_explicit_list(ctx, main, scope), follow_up=follow_up,
            visitor_country=members[0].country if members else None,
        )


# words before a place that make it no destination of a visit ("in", "aus", "mit" ...): a visited place is
# the accusative object of the visit verb or follows "nach"
NOT_DESTINATION = frozenset({"in", "im", "aus", "von", "vom", "bei", "beim", "mit", "für", "über", "zu", "zum", "zur",
                             "gegen", "an", "auf", "um", "durch", "ohne", "seit", "wegen", "zwischen", "gegenüber"})
JOINING_WORDS = frozenset({"und", "sowie", ",", "dann", "anschließend", "danach"})


def _possessive_of_a_named(ctx: ArticleContext, sent: Span, members: list[PersonMention]) -> bool:
    """'Scholz reist nach Athen zu seinem Antrittsbesuch': the possessives that are the sentence's only
    words referring back belong to a person it names before them."""
    words = ctx.words(sent)
    if not members or not event_rules.only_possessives(ctx.lex, words):
        return False
    first = next(k for k, word in enumerate(words) if word in POSSESSIVES)
    return min(p.start for p in members) < sent.start + first


def _destinations(ctx: ArticleContext, number: int, triggers: list[tuple[int, str]]) -> list[tuple[int, Place]]:
    """The destinations of a trip in the sentence numbered ``number``: places after "nach", and places
    that a visit verb of the sentence takes as its objects ("besucht den Sahel-Staat Niger und am Dienstag
    Südafrika"), as (first token, place) in text order."""
    sent, doc = ctx.sentences[number], ctx.doc
    visit_verbs = [i for i, kind in triggers if kind == "visit" and doc[i].text[:1].islower()]
    found = []
    for _, place, _, token in ctx.mentions_in(sent):
        if token is None or token <= sent.start:
            continue
        before = ctx.lowers[token - 1]
        if before == "nach":
            found.append((token, place))
        elif visit_verbs and token > visit_verbs[0] and before not in NOT_DESTINATION \
                and ctx.clause_bounds(token) == ctx.clause_bounds(visit_verbs[0]):
            found.append((token, place))
    return sorted(found, key=lambda item: item[0])


def _stop_start(ctx: ArticleContext, previous_destination: int, destination: int) -> int:
    """Where the stop of ``destination`` begins: the last joining word ("und", ",") after the previous
    destination, else the word before the destination ("nach")."""
    for i in range(destination - 1, previous_destination, -1):
        if ctx.lowers[i] in JOINING_WORDS:
            return i
    return destination - 1
