"""Persons beyond the statistical NER: rules that add, repair and remove PER entities.

* role-anchored names: "US-Außenminister Marco Rubio", "Kremlsprecher Dmitri Peskow", "Botschafter
  Aleksandr Darchijew" (role lexicon + capitalised name tokens + first-name lexicon);
* names from the office-holder knowledge base that the NER missed or labelled LOC/ORG;
* repairs: a PER span that contains a role word or title is trimmed, a PER split in two is merged;
* removals: photo credits and bylines ("Foto: Evan Vucci/AP/dpa", "Von Max Mustermann",
  :mod:`diplograph.pipeline.credits`), and PER spans that are country names, demonyms, institutions or
  role words.

The rules propose ``Span`` candidates; what a single word may be comes from
:mod:`diplograph.pipeline.person_words`. Overlapping candidates are resolved with ``spacy.util.filter_spans``
and the result is written with ``doc.set_ents``.
"""

from __future__ import annotations

from spacy.attrs import ORTH, SPACY
from spacy.lang.de.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.credits import CreditCheck
from diplograph.pipeline.extract import Sentences
from diplograph.pipeline.knowledge import norm
from diplograph.pipeline.person_words import (
    EDGE_PARTICLES,
    FORM_START,
    JOINED_ARTICLE_NAME,
    MAX_NAME_TOKENS,
    PARTICLES,
    ROLE,
    SINGLE_ALIAS,
    SURNAME,
    _in,
    full_name_length,
    is_common_noun,
    is_first_name,
    is_known_single,
    is_surname_word,
    mention_forms,
    name_like_text,
    plausible_word,
    word_class,
)
from diplograph.pipeline.roles import DETERMINERS, is_role_text, phrase_bounds
from diplograph.pipeline.tables import Tables, TableSource, default_tables

__all__ = ["PersonsComponent", "fix_persons", "make_persons", "without_function_words"]


def name_after(doc: Doc, i: int, limit: int, tables: Tables) -> Span | None:
    """The person name that starts at token ``i`` (1-4 capitalised tokens, particles inside), before ``limit``."""
    if i >= limit or not name_like_text(doc[i].text, tables):
        return None
    j = i + 1
    while j < limit and j - i < MAX_NAME_TOKENS:
        # "Abdel Fattah al-Burhan": a word joining an Arabic article to a name goes on a name, never begins one
        if name_like_text(doc[j].text, tables) or JOINED_ARTICLE_NAME.fullmatch(doc[j].text):
            j += 1
        elif doc[j].lower_ in PARTICLES and j + 1 < limit and name_like_text(doc[j + 1].text, tables):
            j += 2
        else:
            break
    end = j
    # A trailing common noun is not part of the name ("Trump Montag" never; "Rubio Gespräche" never).
    while end - i > 1 and is_common_noun(last := doc[end - 1].text) and not _in(last, "last_names"):
        nxt = doc[end].text if end < len(doc) else None
        if is_first_name(doc[end - 2].text) and (nxt is None or not nxt[:1].isupper()):
            break  # "Lena Vogel," : a surname that is also a noun, after a first name
        end -= 1
    return Span(doc, i, end)


def _known(span: Span, tables: Tables) -> bool:
    """A full name form of the knowledge base, or a span with a known surname in it."""
    kb = tables.knowledge
    return norm(span.text) in kb.full_name_forms or any(is_surname_word(t.text, kb) for t in span)


def _lone_surname(span: Span) -> bool:
    """One word that is neither a common noun nor a place: a surname after a role ("Kanzler Merz")."""
    return len(span) == 1 and not is_common_noun(span.text) and not _in(span.text, "places")


def role_anchored_names(doc: Doc, roles: list[int], tables: Tables) -> list[Span]:
    """Names right after a role noun (at the positions ``roles``): "Außenminister Sergej Lawrow", "Kreml-Chef Putin"."""
    out = []
    sentences = Sentences(doc) if roles else None
    for i in roles:
        sent = sentences.of(i)
        span = name_after(doc, i + 1, sent.end, tables)
        if span is None:
            # "Die Sprecherin des Weißen Hauses, Lena Muster, ...": a name after the role's complement
            phrase_end = phrase_bounds(doc, i, sent.start, sent.end, None, tables.roles)[1]
            if phrase_end < sent.end and doc[phrase_end].text == ",":
                after = name_after(doc, phrase_end + 1, sent.end, tables)
                if after is not None and (is_first_name(after[0].text) or _known(after, tables)
                                          or _lone_surname(after)) \
                        and after.end < sent.end and doc[after.end].text in {",", "."}:
                    out.append(after)
            continue
        if is_first_name(span[0].text) or _known(span, tables) or span[0].ent_type_ == "PER" or _lone_surname(span) \
                or (len(span) >= 2 and not any(is_common_noun(t.text) for t in span)):
            out.append(span)
    return out


def names_before_role(doc: Doc, roles: list[int], tables: Tables) -> list[Span]:
    """Names right before ", [die] stellvertretende Staatssekretärin ..." whose first token is a first name."""
    out = []
    for i in roles:
        k = i - 1
        while k >= 0 and (doc[k].lower_ in DETERMINERS or (doc[k].is_alpha and doc[k].text[0].islower())):
            k -= 1
        if k < 1 or doc[k].text != ",":
            continue
        end = k
        start = end
        while start - 1 >= 0 and end - (start - 1) <= MAX_NAME_TOKENS and \
                (name_like_text(doc[start - 1].text, tables) or doc[start - 1].lower_ in PARTICLES):
            start -= 1
        while start < end and not name_like_text(doc[start].text, tables):
            start += 1
        # the name begins at its first name ("... traf Erika Beispiel, ...")
        firsts = [j for j in range(start, end - 1) if is_first_name(doc[j].text)]
        if firsts:
            out.append(Span(doc, firsts[0], end))
        elif end - start >= 1 and _known(span := Span(doc, start, end), tables):
            out.append(span)
    return out


def knowledge_names(doc: Doc, ents: tuple[Span, ...], classes: list[int], words: list[str],
                    tables: Tables) -> list[Span]:
    """Office holders named in the text: full names (any listed spelling) and distinctive surnames
    (``ents``: ``doc.ents``; ``classes``: the :func:`~diplograph.pipeline.person_words.word_class` of every
    token, ``words``: their texts)."""
    out = []
    # (token positions from the entities' bounds and Spans made with ``Span(...)``: a Token for every token
    # of an entity, or a doc slice, costs several times as much)
    in_longer_ent = {i for e in ents if len(e) > 1 and e.label_ != "PER" for i in range(e.start, e.end)}
    for i, kind in enumerate(classes):
        if not kind:
            continue
        if kind & FORM_START:
            window = Span(doc, i, min(i + 4, len(doc)))
            n = full_name_length(words[i:i + 4], window.text, tables.knowledge) if len(window) >= 2 else 0
            if n:
                out.append(Span(doc, i, i + n))
                continue
        if kind & SINGLE_ALIAS or kind & SURNAME and i not in in_longer_ent:
            out.append(Span(doc, i, i + 1))
    return out


def trim(span: Span, tables: Tables) -> Span | None:
    """Drop role words, titles, determiners and demonyms at the edges of a PER span."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and not name_like_text(doc[start].text, tables) and doc[start].lower_ not in EDGE_PARTICLES:
        start += 1
    while end > start and (not (name_like_text(last := doc[end - 1].text, tables)
                                or JOINED_ARTICLE_NAME.fullmatch(last) and end - start > 1)
                           or doc[end - 1].lower_ in PARTICLES):
        end -= 1
    if start >= end:
        return None
    # A role word inside the span: keep the part after it ("Außenminister Rubio" as one PER).
    for k in range(end - 1, start - 1, -1):
        if is_role_text(doc[k].text, tables):
            start = k + 1
            break
    # A trailing common noun is a tagging error ("Wadephuls Besuch").
    while end - start > 1 and is_common_noun(doc[end - 1].text):
        end -= 1
    if start >= end or names_a_medium(doc, start):
        return None
    return Span(doc, start, end)


# Nouns of media and platforms: the name after them is the medium's ("im Onlinenetzwerk Truth Social",
# "auf der Plattform Telegram", "dem Sender Rossija"), not a person's
MEDIUM_NOUN_ENDINGS = ("netzwerk", "plattform", "dienst", "portal", "sender", "zeitung", "magazin", "agentur",
                       "kanal", "app", "blog", "medium", "medien")


def names_a_medium(doc: Doc, start: int) -> bool:
    """Whether the name starting at token ``start`` follows a medium noun ("Onlinenetzwerk Truth Social")."""
    return start > 0 and doc[start - 1].lower_.endswith(MEDIUM_NOUN_ENDINGS) and doc[start - 1].text[:1].isupper()


def surname_mentions(doc: Doc, persons: list[Span], words: list[str]) -> list[Span]:
    """Single tokens equal to the surname of a full name among ``persons``, or its genitive ("Wadephuls")
    (``words``: the texts of the tokens of ``doc``)."""
    forms = {form for span in persons if len(span) >= 2 and len(span[-1].text) >= 3
             for form in mention_forms(span[-1].text)}
    return [Span(doc, i, i + 1) for i, word in enumerate(words) if word in forms] if forms else []


def _add_uncovered(spans: list[Span], singles: list[Span]) -> list[Span]:
    """The disjoint ``spans``, and the one-token ``singles`` outside them, in text order."""
    taken = _tokens_of(spans)
    return sorted(spans + [s for s in singles if s.start not in taken], key=lambda span: span.start)


def split_known(span: Span, tables: Tables) -> list[Span]:
    """"Trump Putin" (two known surnames side by side, e.g. in a headline) are two persons."""
    kb = tables.knowledge
    if len(span) >= 2 and all(is_known_single(t.text, kb) for t in span) and norm(span.text) not in kb.full_name_forms:
        return [span[k:k + 1] for k in range(len(span))]
    return [span]


def plausible(span: Span) -> bool:
    """Whether an NER PER span the rules did not confirm looks like a person's name."""
    if len(span) >= 2:
        return any(t.text[:1].isupper() for t in span)
    return plausible_word(span.text)


def extend_by_joined_article(span: Span) -> Span:
    """'Abdel Fattah' + 'al-Burhan': a name goes on with a following word that joins an Arabic article
    to a name (``JOINED_ARTICLE_NAME``), written in lower case, which the NER tends to leave out."""
    doc, end = span.doc, span.end
    while end < len(doc) and doc[end - 1].whitespace_ and JOINED_ARTICLE_NAME.fullmatch(doc[end].text) \
            and end - span.start < MAX_NAME_TOKENS:
        end += 1
    return doc[span.start:end] if end > span.end else span


def merge_adjacent(spans: list[Span]) -> list[Span]:
    """Two PER spans with nothing but a space between them are one name ("Marco" + "Rubio")."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if out and out[-1].end == span.start and out[-1].end_char == span.start_char - 1 \
                and len(out[-1]) + len(span) <= MAX_NAME_TOKENS:
            span = Span(span.doc, out.pop().start, span.end)
        out.append(span)
    return out


def _tokens_of(spans: list[Span]) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end)}


def _without_credits(text: str, spans: list[Span], tables: Tables) -> list[Span]:
    """The spans that are no photo credit and no byline that is a known name (:class:`CreditCheck`)."""
    check = CreditCheck(text)
    kept = []
    for span in spans:
        verdict = check.verdict(span.start_char, span.end_char)
        if not verdict or verdict == CreditCheck.BYLINE and _known(span, tables):
            kept.append(span)
    return kept


# Parts of speech that never begin or end a name (a name may begin with a particle: "von der Leyen").
NOT_NAME_EDGES = frozenset({"ADP", "PART", "VERB", "AUX", "PUNCT", "ADV", "SCONJ", "CCONJ", "PRON", "DET"})


def without_function_words(span: Span) -> Span | None:
    """A person span without prepositions, particles, verbs or punctuation at its edges ("Putin zu" ->
    "Putin", "Witkoff zu Ende" -> "Witkoff"). Without part-of-speech tags, lowercase words that are no name
    particle are dropped at the end and particles at both edges."""
    doc = span.doc
    tagged = doc.has_annotation("POS")
    start, end = span.start, span.end

    def edge_ok(i: int, first: bool) -> bool:
        token = doc[i]
        lower, word = token.lower_, token.text
        if first and lower in EDGE_PARTICLES and i + 1 < end:
            return True
        if lower in PARTICLES or not any(c.isalnum() for c in word):
            return False
        if word[:1].islower():
            return not (token.pos_ in NOT_NAME_EDGES if tagged else lower in STOP_WORDS)
        return True

    while start < end and not edge_ok(start, True):
        start += 1
    # "Olaf Scholz den Sahel-Staat": an article after a capitalised word starts the next phrase ("von der
    # Leyen", "van den Berg": after a name particle it is part of the name)
    for i in range(start + 1, end - 1):
        before = doc[i - 1]
        if doc[i].lower_ in INNER_ARTICLES and doc[i].text.islower() and before.lower_ not in PARTICLES \
                and not before.text[:1].islower():
            end = i
            break
    while end > start and not edge_ok(end - 1, False):
        end -= 1
    return Span(doc, start, end) if start < end else None


INNER_ARTICLES = frozenset({"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer"})


def person_spans(doc: Doc, tables: Tables | None = None, *, ents: tuple[Span, ...] | None = None,
                 use_knowledge: bool = True) -> list[Span]:
    """The persons of ``doc``: the NER's PER entities (among ``ents``, ``doc.ents`` by default: a caller that
    has read them passes them, since every read makes the entity Spans anew) repaired, and the names the
    rules find, disjoint and in text order (``tables``: the state, role and knowledge-base tables, the
    package's by default)."""
    tables = tables or default_tables()
    ents = doc.ents if ents is None else ents
    strings = doc.vocab.strings
    words = [strings[key] for key in doc.to_array(ORTH).tolist()]  # the token texts, without a Token each
    classes = [word_class(word, tables) for word in words]
    persons = [t for t in (trim(e, tables) for e in ents if e.label_ == "PER") if t is not None]
    roles = [i for i, kind in enumerate(classes) if kind & ROLE]
    rule_spans = role_anchored_names(doc, roles, tables) + names_before_role(doc, roles, tables)
    if use_knowledge:
        rule_spans += knowledge_names(doc, ents, classes, words, tables)
    persons = merge_adjacent([extend_by_joined_article(span) for span in persons])
    # Rule spans extend or replace NER spans they overlap; two known surnames side by side are two persons.
    persons = [part for span in persons for part in split_known(span, tables)]
    rule_spans = [part for span in rule_spans for part in split_known(span, tables)]
    first_named = [s for s in persons if len(s) >= 2 and is_first_name(s[0].text)]
    confirmed = filter_spans(rule_spans + first_named)
    # The surname mentions of the confirmed names, then those of the plausible unconfirmed NER names.
    confirmed = _add_uncovered(confirmed, surname_mentions(doc, confirmed, words))
    confirmed_tokens = _tokens_of(confirmed)
    extra = [s for s in persons if confirmed_tokens.isdisjoint(range(s.start, s.end)) and plausible(s)]
    combined = _add_uncovered(sorted(confirmed + extra, key=lambda s: s.start), surname_mentions(doc, extra, words))
    if combined:
        # the text from the token texts read above and their trailing spaces (``doc.text`` makes a Token each)
        text = "".join(word + " " * space for word, space in zip(words, doc.to_array(SPACY).tolist(), strict=True))
        combined = _without_credits(text, combined, tables)
        combined = [r for r in (without_function_words(span) for span in combined) if r is not None]
    return combined


def fix_persons(doc: Doc, tables: Tables | None = None, *, use_knowledge: bool = True) -> None:
    """Replace ``doc.ents`` by the repaired entity set: the persons (:func:`person_spans`), and the NER's
    other entities that share no token with a person."""
    ents = doc.ents
    persons = [Span(doc, span.start, span.end, label="PER")
               for span in person_spans(doc, tables, ents=ents, use_knowledge=use_knowledge)]
    taken = _tokens_of(persons)
    others = [e for e in ents if e.label_ != "PER" and taken.isdisjoint(range(e.start, e.end))]
    doc.set_ents(persons + others, default="outside")


@Language.factory(
    "diplograph_persons",
    default_config={"use_knowledge": True},
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    requires=["doc.ents", "doc.sents"],
)
def make_persons(nlp: Language, name: str, use_knowledge: bool) -> PersonsComponent:
    return PersonsComponent(nlp, use_knowledge=use_knowledge).named(name)


class PersonsComponent(BatchedComponent):
    """Repairs and extends the PER entities before ``diplograph_actors`` groups them."""

    def __init__(self, nlp: Language, use_knowledge: bool = True) -> None:
        self.use_knowledge = use_knowledge
        self.tables = TableSource(nlp)  # the tables of the pipeline's countries and roles components

    def __call__(self, doc: Doc) -> Doc:
        fix_persons(doc, self.tables(), use_knowledge=self.use_knowledge)
        return doc
