"""Who took part in an event: the persons of its sentence or clause without quoted sources, offices that
stand for the article's actor holding them, persons referred to by "die beiden", pronouns and possessives,
heads of delegations and companions named after a meeting, and (with a parser) the persons in a trigger's
argument subtrees."""

from __future__ import annotations

from operator import attrgetter

from spacy.attrs import ORTH
from spacy.tokens import Span, Token

from diplograph.pipeline.events import rules as event_rules
from diplograph.pipeline.events.context import ArticleContext, PersonMention
from diplograph.pipeline.events.merge import Candidate, _unique
from diplograph.pipeline.roles import analyse_role, is_role_text
from diplograph.records import Evidence

ARGUMENT_DEPS = ["sb", "oa", "da", "op", "nk", "mo", "pg", "ag", "sbp", "nsubj", "obj", "iobj", "obl", "nmod"]
BOTH = frozenset({"beide", "beiden"})  # "die beiden": the two persons named before


class ArgumentRules:
    """The component's rules for who took part (a mixin of ``EventsComponent``): the article's person
    mentions, the persons a sentence refers back to, heads of delegations, and the split of a sentence's
    persons between its triggers."""

    reach_chars: int  # set by ``EventsComponent``

    @staticmethod
    def _persons(ctx: ArticleContext, actors: list) -> list[PersonMention]:
        """The mentions of the article's actors (``actors``: its clusters) and the offices that stand for
        one of them, in text order."""
        out = [PersonMention(span, cluster.name, cluster.country) for cluster in actors for span in cluster.mentions]
        out.extend(role_references(ctx, out, actors))
        return sorted(out, key=attrgetter("start"))

    def _referred_persons(self, ctx: ArticleContext, sent: Span, previous: Span | None, main: int,
                          members: list[PersonMention], words: list[str]) -> list[PersonMention]:
        """``members`` (the persons of a sentence that refers back, ``words``: its lowercased words, ``main``:
        its trigger) with the persons referred to: those of the ``previous`` sentence when it names fewer than
        two, the two named before for "die beiden", a pronoun subject's person."""
        before = ctx.persons_in(previous) if previous is not None else []
        if before and _few_names(members) and _singular_pronoun_subject(ctx, main):
            # "Am selben Tag traf sie X": one person referred to, the subject of the sentence before
            return _with_subject(before[:1], members)
        if before and _few_names(members):
            members = before + members  # the one referred back to ("sein Besuch bei X") comes first
        if not BOTH.isdisjoint(words) and _few_names(members):
            return members + self._earlier_persons(ctx, sent, members)
        if before and _pronoun_subject(ctx, main):
            return _with_subject(before, members)
        return members

    def _earlier_persons(self, ctx: ArticleContext, sent: Span, members: list[PersonMention]) -> list[PersonMention]:
        """For "die beiden": the latest persons named before (within reach) up to two different names."""
        names = {p.name for p in members}
        out: list[PersonMention] = []
        for person in reversed(ctx.persons):
            if person.start_char >= sent.start_char or sent.start_char - person.start_char > self.reach_chars:
                continue
            if person.name not in names:
                names.add(person.name)
                out.append(person)
            if len(names) >= 2:
                break
        return out

    @staticmethod
    def _add_delegation_heads(ctx: ArticleContext, sent: Span, recent: list[Candidate]) -> None:
        """Heads of delegations named after a meeting join it ("die US-Delegation wurde von X
        geleitet"): the latest in-person event without named participants, else the latest one."""
        if not event_rules.is_delegation_sentence(ctx.lex, ctx.words(sent)):
            return
        heads = [p for p in ctx.persons_in(sent) if not is_source(ctx, p)]
        fitting = [c for c in recent if c.coarse == "in_person"
                   and not any(p.country and c.parties and p.country not in c.parties for p in heads)]
        if not heads or not fitting:
            return
        names = {p.name for p in heads}
        joined = [c for c in fitting if names & set(c.participants)]  # "X wurde von Y begleitet": X's meeting
        empty = [c for c in fitting if not c.participants]
        # delegations are reported for meetings that took place: prefer held ones
        pool = joined or empty or fitting
        event = ([c for c in pool if c.status == "held"] or pool)[-1]
        event.participants = _unique(event.participants + [p.name for p in heads])
        event.parties |= {p.country for p in heads if p.country}
        event.evidence.append(Evidence(ctx.text_of(sent), sent.start_char, sent.end_char))

    def _assign_persons(self, ctx: ArticleContext, sent: Span, triggers: list[tuple[int, str]],
                        persons: list[PersonMention]) -> list[tuple[list[int], list[PersonMention]]]:
        """Split the sentence's persons between its triggers.

        With a parser, a verb trigger takes the persons inside its argument subtrees. Without one, each
        person goes to the nearest trigger; if that leaves a trigger with fewer than two persons, the
        sentence is one event.
        """
        indices = [i for i, _ in triggers]
        if ctx.parsed:
            by_trigger = self._dependency_arguments(ctx, indices, persons)
            if sum(1 for group in by_trigger.values() if len({p.name for p in group}) >= 2) >= 2:
                return [([i], by_trigger[i]) for i in indices if by_trigger[i]]
        if len(indices) > 1:
            nearest: dict[int, list[PersonMention]] = {i: [] for i in indices}
            for person in persons:
                closest = min(indices, key=lambda i: abs(i - person.start))
                nearest[closest].append(person)
            separate = [i for i in indices if len({p.name for p in nearest[i]}) >= 2]
            if len(separate) >= 2 and len(separate) == len([i for i in indices if nearest[i]]):
                return [([i], nearest[i]) for i in separate]
        return [(indices, persons)]

    def _dependency_arguments(self, ctx: ArticleContext, indices: list[int],
                              persons: list[PersonMention]) -> dict[int, list[PersonMention]]:
        """The persons inside the argument subtrees (subject, object, "mit"-phrase ...) of each trigger."""
        arguments, doc = ctx.arguments, ctx.doc
        by_trigger: dict[int, list[PersonMention]] = {i: [] for i in indices}
        roots: list[Token] | None = None  # the persons' root tokens, found when a trigger has arguments
        for trigger in indices:
            for argument in arguments.get(trigger, ()):
                head = doc[argument]
                if roots is None:
                    roots = [person.span.root for person in persons]
                for person, root in zip(persons, roots, strict=True):
                    # in the argument's subtree: the argument or one of its ancestors
                    if (root.i == argument or head.is_ancestor(root)) and person not in by_trigger[trigger]:
                        by_trigger[trigger].append(person)
        return by_trigger


def _pronoun_subject(ctx: ArticleContext, trigger: int) -> bool:
    """'trifft er', 'er traf', 'sie besuchte': a pronoun next to the trigger refers back."""
    lowers = ctx.lowers
    return (trigger > 0 and lowers[trigger - 1] in PRONOUNS) or (trigger + 1 < len(lowers)
                                                                 and lowers[trigger + 1] in PRONOUNS)


PRONOUNS = frozenset({"er", "sie"})


def _singular_pronoun_subject(ctx: ArticleContext, trigger: int) -> bool:
    """'traf sie', 'er besuchte': a pronoun subject of a singular verb trigger (one person, not "sie trafen").
    The number comes from the morphology where the pipeline has it, else from the verb's ending."""
    token = ctx.doc[trigger]
    if not _pronoun_subject(ctx, trigger) or not token.text[:1].islower():
        return False
    if ctx.doc.has_annotation("MORPH"):
        number = token.morph.get("Number")
        if number:
            return number == ["Sing"]
    return not token.lower_.endswith("en")


DEFINITE_ARTICLES = frozenset({"der", "die", "dem", "den", "des"})


def role_references(ctx: ArticleContext, named: list[PersonMention], actors: list) -> list[PersonMention]:
    """Offices named without a name ("der indische Regierungschef", "die US-Präsidentin") that stand for
    the one actor of the article (``actors``: its clusters) who holds that office for that state."""
    doc, person = ctx.doc, ctx.person_label
    # the role nouns ("Regierungschef"), found by their texts' hashes: the hot loop of the component when it
    # made a Token of every word (profiled)
    orths = doc.to_array(ORTH).tolist()
    strings = doc.vocab.strings
    tables = ctx.tables
    roles = {orth for orth in set(orths) if is_role_text(strings[orth], tables)}
    if not roles:
        return []
    taken: set[int] | None = None  # the tokens of the named persons
    prefixes = tables.states.prefixes
    out: list[PersonMention] = []
    for i in [i for i, orth in enumerate(orths) if orth in roles]:
        token = doc[i]
        if token.ent_type == person or (i + 1 < len(doc) and doc[i + 1].ent_type == person):
            continue  # in a name, or "Präsident Macron": the name follows, the actor is already there
        if taken is None:
            taken = {i for p in named for i in range(p.start, p.end)}
        if i in taken or i + 1 in taken:
            continue
        role = analyse_role(token, tables)
        if role is None or role.counterpart:
            continue
        country = prefixes.get(role.prefix.lower()) if role.prefix else None
        if country is None and i > 0:
            country = tables.states.demonym_code(doc[i - 1].text)
        if country is None:
            # "der Bundeskanzler", "die Außenministerin": a definite office that one actor of the article holds
            if i > 0 and ctx.lowers[i - 1] in DEFINITE_ARTICLES:
                holder = _definite_office_holder(role.base.lower(), actors)
                if holder is not None:
                    mention = PersonMention(Span(doc, i, i + 1), holder.name, holder.country)
                    if not is_source(ctx, mention):  # "hatte der Minister erklärt": who speaks, not who meets
                        out.append(mention)
            continue
        holders = [c for c in actors if c.country == country]
        if len(holders) > 1:
            holders = [c for c in holders if any(role.base.lower() in r.lower() or r.lower() in role.base.lower()
                                                 for r in c.roles)]
        if len(holders) == 1:
            out.append(PersonMention(Span(doc, i, i + 1), holders[0].name, country))
    return out


def _definite_office_holder(office: str, actors: list) -> object | None:
    """The actor that "der Bundeskanzler" or "des Ministers" stands for: the one holding that office, else
    the first named of those whose office ends with it ("Außenminister" for "der Minister": the article's
    protagonist, as news writing uses the bare office)."""
    exact = [c for c in actors if any(r.lower() == office for r in c.roles)]
    if len(exact) == 1:
        return exact[0]
    if exact:
        return None
    ending = [c for c in actors if any(r.lower().endswith(office) for r in c.roles)]
    return min(ending, key=lambda c: c.mentions[0].start) if ending else None


SPOKESPERSON_ENDINGS = ("sprecher", "sprecherin")


def is_source(ctx: ArticleContext, person: PersonMention, sent: Span | None = None) -> bool:
    """A person quoted as the source, not a participant: a speech word before the name ("sagte Peskow",
    "laut Orbán"), a speech verb right after it ("Orbán sagte", "Orbán zufolge"), or a spokesperson
    ("Regierungssprecher X"). "Scholz traf Macron, sagte X": the verb after the comma is X's, not Macron's.
    ``sent``: the person's sentence, when the caller has it."""
    lex = ctx.lex
    if sent is None:
        sent = ctx.sentence_of(person.start)
    before = ctx.lowers[max(sent.start, person.start - 3):person.start]
    for k in range(len(before) - 1, -1, -1):  # "teilte mit, Scholz habe ...": the comma opens a new clause
        if before[k] in event_rules.CLAUSE_BREAKS:
            before = before[k + 1:]
            break
    if not lex.source_before.isdisjoint(before) or any(w.endswith(SPOKESPERSON_ENDINGS) for w in before[-1:]):
        return True
    return person.end < sent.end and ctx.lowers[person.end] in lex.source_after


def drop_sources(ctx: ArticleContext, persons: list[PersonMention], sent: Span | None = None) -> list[PersonMention]:
    """Leave out quoted sources unless removing them leaves fewer than two persons; ``sent``: the persons'
    sentence, when the caller has it."""
    if len(persons) < 2 or len({p.name for p in persons}) < 2:
        return persons
    kept = [p for p in persons if not is_source(ctx, p, sent)]
    return kept if len({p.name for p in kept}) >= 2 else persons


_NAME, _COUNTRY = attrgetter("name"), attrgetter("country")


def _few_names(persons: list[PersonMention]) -> bool:
    """Whether ``persons`` name fewer than two different persons."""
    return len(set(map(_NAME, persons))) < 2


def _with_subject(before: list[PersonMention], members: list[PersonMention]) -> list[PersonMention]:
    """'trifft er', 'er traf': the first person of the sentence before (``before``) is the pronoun's, and
    leads ``members`` unless they name that person already."""
    if before and before[0].name not in set(map(_NAME, members)):
        return [before[0], *members]
    return members


def _may_name_delegations(lex: event_rules.EventLexicon, forms: set[str]) -> bool:
    """Whether a document with these lowercased word forms can hold a delegation sentence at all (a word
    of ``is_delegation_sentence``'s verb lists in ``lex`` is needed)."""
    return not (forms.isdisjoint(lex.companion_verbs) and forms.isdisjoint(lex.delegation_verbs))


def _all_known_same_state(members: list[PersonMention]) -> bool:
    """Every participant's state is known and it is one state: a domestic meeting, not diplomacy."""
    return bool(members) and all(p.country for p in members) and len({p.country for p in members}) == 1
