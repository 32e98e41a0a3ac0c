"""Offices of persons: recognise role nouns ("Außenministerin", "US-Sondergesandten") and attach them.

The lexicon (``resources/roles.tsv``) lists head words with an inflection class; compounds are found by
their head ("Kremlsprecher" ends in "sprecher"). The ``diplograph_roles`` component attaches each role to
the person it introduces: before the name ("US-Außenminister Marco Rubio"), after it ("Darchijew,
Direktor der ..."), and "Amtskollege"/"Gegenüber" take the office of the counterpart named nearby.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.extract import sentence_of
from diplograph.pipeline.tables import (
    RoleTables,
    StateTables,
    Tables,
    TableSource,
    default_roles,
    default_states,
    default_tables,
    rows_from,
)

ENDINGS: dict[str, tuple[str, ...]] = {
    "er": ("innen", "in", "s", "n", ""),
    "weak": ("innen", "in", "en", "s", ""),
    "strong": ("innen", "in", "es", "en", "e", "s", ""),
    "adj": ("er", "en", "em", "e"),
}
FEMININE_ENDINGS = ("in", "innen")
DETERMINERS = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen",
               "sein", "seine", "seinen", "seinem", "seiner", "seines", "ihr", "ihre", "ihren", "ihrem", "ihrer",
               "ihres", "dessen", "deren"}
FEMININE_DETERMINERS = {"die", "eine", "ihre", "seine", "deren"}
COMPLEMENT_WORDS = {"für", "des", "der", "von", "vom", "und", "im", "in", "beim", "bei", "zur", "zum"}
COMPLEMENTS_NO_AND = COMPLEMENT_WORDS - {"und"}
DETERMINERS_AND_COMPLEMENTS = DETERMINERS | COMPLEMENT_WORDS


HEAD_ENDINGS = "(?:in|innen|en|e|er|es|em|n|s|r|m)?"


@lru_cache(maxsize=4096)
def is_office(role: str, tables: Tables | None = None) -> bool:
    """Whether a role (as actors carry it: "Außenministerin", "designierte Präsident", "US-Botschafter")
    is an office of a state or an international body, not a post any company, union or club has
    ("Geschäftsführer", "Arbeitgeberpräsident", "oberster Chef")."""
    tables = tables or default_tables()
    states = tables.states
    noun = role.split()[-1].lower() if role.split() else ""
    words = tables.roles.offices
    if noun.startswith(words["prefix"]):
        return True
    if "-" in noun and noun.split("-", 1)[0] in states.prefixes:
        return True
    for head in words["head"]:
        if re.fullmatch(f".*{head}{HEAD_ENDINGS}", noun):
            return True
    for head in words["bare"]:
        match = re.fullmatch(f"(.*?){head}{HEAD_ENDINGS}", noun)
        if match:
            prefix = match.group(1).strip("-")
            return (not prefix or prefix.startswith(words["prefix"] + words["compound"])
                    or states.country_of_name(prefix.split("-")[0].capitalize()) is not None)
    return False


def country_prefixes() -> dict[str, str]:
    """Hyphen prefixes that name a state or body ("US-", "EU-") in the package's tables, lowercase -> code."""
    return default_states().prefixes


@dataclass(frozen=True)
class RoleWord:
    """One role noun as written, analysed."""

    text: str  # the token as written ("US-Außenministers")
    base: str  # nominative singular without country prefix, gender kept ("Außenminister")
    prefix: str | None  # the country/body hyphen prefix as written ("US"), if any
    feminine: bool
    counterpart: bool  # "Amtskollege", "Gegenüber": the office of someone else


def _split_prefix(text: str, states: StateTables) -> tuple[str | None, str]:
    """("US", "Außenminister") of "US-Außenminister"; a state's German name works too ("Kosovo-Präsident")."""
    if "-" in text.strip("-"):
        first, rest = text.split("-", 1)
        if first.lower() in states.prefixes or (first[:1].isupper() and states.country_of_name(first)):
            return first, rest
    return None, text


def _adj_base(stem: str, feminine: bool) -> str:
    return stem + ("e" if feminine else "er")


@lru_cache(maxsize=131_072)  # bounded: one entry per capitalised word form seen
def _analyse(text: str, feminine_context: bool, tables: Tables | None = None) -> RoleWord | None:
    if not text or not text[0].isupper() or text.endswith("-"):
        return None
    tables = tables or default_tables()
    prefix, rest = _split_prefix(text, tables.states)
    lower = rest.lower()
    if lower in tables.roles.stopwords and lower != "gegenüber":
        return None
    if lower == "gegenüber":
        return RoleWord(text, rest, prefix, feminine_context, True)
    for head, cls in tables.roles.heads:
        if cls == "counterpart":
            stem = head[:-1] if head.endswith("e") else head
            for ending, fem in (("innen", True), ("in", True), ("en", False), ("e", False), ("", False)):
                if lower.endswith(stem + ending) and (ending or not head.endswith("e")):
                    cut = len(rest) - len(ending)
                    base = rest[:cut] + ("in" if fem else ("e" if head.endswith("e") else ""))
                    return RoleWord(text, base, prefix, fem, True)
            continue
        for ending in ENDINGS[cls]:
            if lower.endswith(head + ending):
                cut = len(rest) - len(ending)
                if cls == "adj":
                    fem = feminine_context and ending == "e"
                    return RoleWord(text, _adj_base(rest[:cut], fem), prefix, fem, False)
                fem = ending in FEMININE_ENDINGS
                return RoleWord(text, rest[:cut] + ("in" if fem else ""), prefix, fem, False)
    return None


@lru_cache(maxsize=65536)
def is_role_text(text: str, tables: Tables | None = None) -> bool:
    """Whether a token with this text is a role noun: ``analyse_role(token) is not None``, as only the
    role's gender depends on the context (skips the look-back for the many tokens that are not roles).
    ``tables``: the role and state tables, the package's by default."""
    return text[:1].isupper() and _analyse(text, False, tables or default_tables()) is not None


def is_feminine_context(lowers: list[str], i: int) -> bool:
    """Whether one of the two tokens before position ``i`` is a feminine determiner ("die", "ihre")."""
    return (i > 0 and lowers[i - 1] in FEMININE_DETERMINERS) or (i > 1 and lowers[i - 2] in FEMININE_DETERMINERS)


def analyse_role(token: Token, tables: Tables | None = None) -> RoleWord | None:
    """The role noun ``token`` is, if any ("Außenministerin", "Sondergesandten", "Kreml-Chef")."""
    tables = tables or default_tables()
    text = token.text
    if not is_role_text(text, tables):
        return None
    before = [word.lower_ for word in token.doc[max(0, token.i - 2):token.i]]
    return _analyse(text, is_feminine_context(before, len(before)), tables)


@lru_cache(maxsize=65536)
def modifier_stem_of(lower: str, roles: RoleTables | None = None) -> str | None:
    """'stellvertretende' -> 'stellvertretend' when the (lowercased) word is a role modifier."""
    for stem in (roles or default_roles()).modifiers:
        for ending in ("en", "er", "es", "em", "e"):
            if lower == stem + ending:
                return stem
    return None


class RoleMention:
    """A role phrase in the text: modifiers, the role noun and its complement.

    ``start``/``end``: the token range of the whole phrase ("stellvertretende Staatssekretärin für Russland
    und Mitteleuropa"), ``role_i``: the position of the role noun; ``span`` and ``role_token`` are made
    from them on first access.
    """

    __slots__ = ("doc", "start", "end", "role_i", "word", "roles", "_span", "_role_token")

    def __init__(self, doc: Doc, start: int, end: int, role_i: int, word: RoleWord,
                 roles: RoleTables | None = None) -> None:
        self.doc = doc
        self.roles = roles  # the role tables it was read with (the package's: None)
        self.start = start
        self.end = end
        self.role_i = role_i
        self.word = word
        self._span: Span | None = None
        self._role_token: Token | None = None

    @property
    def span(self) -> Span:
        """The whole phrase."""
        if self._span is None:
            self._span = self.doc[self.start:self.end]
        return self._span

    @property
    def role_token(self) -> Token:
        """The role noun."""
        if self._role_token is None:
            self._role_token = self.doc[self.role_i]
        return self._role_token

    @property
    def base(self) -> str:
        """The role as the output lists it ("stellvertretende Staatssekretärin", "Außenminister")."""
        return role_base([t.lower_ for t in self.doc[self.start:self.role_i]], self.word, self.roles)

    def __repr__(self) -> str:
        return f"RoleMention({self.span.text!r}, role={self.role_token.text!r}, word={self.word!r})"


def role_base(lowers_before: list[str], word: RoleWord, roles: RoleTables | None = None) -> str:
    """:attr:`RoleMention.base` from the lowercased texts of the phrase's tokens before the role noun."""
    mods = []
    for lower in lowers_before:
        stem = modifier_stem_of(lower, roles)
        if stem:
            mods.append(stem + ("e" if word.feminine or lower.endswith("e") else "er"))
    return " ".join([*mods, word.base])


def phrase_bounds(doc: Doc, i: int, sent_start: int, sent_end: int, stop: int | None = None,
                  roles: RoleTables | None = None) -> tuple[int, int]:
    """(start, end) of the role phrase of the role noun ``doc[i]`` (extended left over modifiers and
    demonyms, right over its complement); ``sent_start``, ``sent_end``: the bounds of its sentence;
    ``roles``: the role tables (the modifiers), the package's by default."""
    start = i
    while start - 1 >= sent_start:
        token = doc[start - 1]
        word, lower = token.text, token.lower_
        if word.isalpha() and word[0].islower() and lower not in DETERMINERS \
                and lower[-1:] in {"e", "n", "r", "s", "m"} and lower not in COMPLEMENT_WORDS:
            start -= 1  # adjectives: "russische", "stellvertretende"
        else:
            break
    end = i + 1
    limit = min(sent_end, stop if stop is not None else sent_end, i + 9)
    if end < limit and doc[end].lower_ in COMPLEMENTS_NO_AND:
        k = end + 1
        while k < limit:
            token, before = doc[k], doc[k - 1]
            word, lower, prev = token.text, token.lower_, before.lower_
            if lower in DETERMINERS or lower in COMPLEMENT_WORDS:
                k += 1
            elif word.isalpha() and word[0].islower() and (
                    prev in DETERMINERS_AND_COMPLEMENTS or modifier_stem_of(prev, roles) or before.text[0].islower()):
                k += 1  # adjective inside the complement: "des Weißen Hauses", "für nationale Sicherheit"
            elif word[0].isupper() and all(c.isalpha() or c in "-." for c in word):
                k += 1
                end = k
            else:
                break
    return start, end


def _mention(token: Token, word: RoleWord, tables: Tables, *, stop: int | None = None) -> RoleMention:
    """The role phrase of the role noun ``token``."""
    sent = sentence_of(token)
    start, end = phrase_bounds(token.doc, token.i, sent.start, sent.end, stop, tables.roles)
    return RoleMention(token.doc, start, end, token.i, word, tables.roles)


# ----------------------------------------------------------------------------- attaching roles to actors

def _role_before(span: Span, tables: Tables) -> RoleMention | None:
    """"US-Außenminister Marco Rubio", "der russische Außenminister Sergej Lawrow", "Präsident des
    Europäischen Rates, António Costa" (for the person mention ``span``)."""
    doc = span.doc
    i = span.start - 1
    if i < 0:
        return None
    word = analyse_role(doc[i], tables)
    if word:
        return _mention(doc[i], word, tables, stop=span.start)
    if doc[i].text == ",":
        lo = max(sentence_of(span[0]).start, i - 10)
        for k in range(i - 1, lo - 1, -1):
            token = doc[k]
            word = analyse_role(token, tables)
            if word:
                sent = sentence_of(token)
                start, end = phrase_bounds(doc, k, sent.start, sent.end, i, tables.roles)
                if all(t.text[:1].isupper() or t.text in {"(", ")"} or t.lower_ in DETERMINERS_AND_COMPLEMENTS
                       for t in doc[end:i]):
                    return RoleMention(doc, start, i, k, word, tables.roles)
                return None
            text = token.text
            if not (text.isalpha() or text in {"-", "(", ")"} or "-" in text):
                return None
    return None


POSSESSIVES = frozenset({"sein", "seine", "seinem", "seinen", "seiner", "seines", "ihr", "ihre", "ihrem", "ihren",
                         "ihrer", "ihres"})


def _role_after(span: Span, tables: Tables) -> RoleMention | None:
    """"Darchijew, Direktor der Nordatlantik-Abteilung", "Coulter, die stellvertretende Staatssekretärin"
    (for the person mention ``span``)."""
    doc = span.doc
    n = len(doc)
    i = span.end
    if i >= n or doc[i].text not in {",", "("}:
        return None
    j = i + 1
    if j < n and doc[j].lower_ in POSSESSIVES:
        return None  # "Wadephul, sein französischer Kollege Barrot": the phrase is about someone else
    end = min(n, j + 5)
    while j < end:
        token = doc[j]
        word = analyse_role(token, tables)
        if word:
            if j + 1 < n and doc[j + 1].ent_type_ == "PER":
                return None  # the role introduces the next name ("X, Außenminister Y und ...")
            return _mention(token, word, tables)
        text = token.text
        if token.lower_ in DETERMINERS or (text.isalpha() and text[0].islower()) or text.endswith("-"):
            j += 1
            continue
        if text == "und" or text.isalpha():
            j += 1
            continue
        return None
    return None


def roles_of_mention(span: Span, tables: Tables | None = None) -> list[RoleMention]:
    """The role phrases before and after a person mention."""
    tables = tables or default_tables()
    return [r for r in (_role_before(span, tables), _role_after(span, tables)) if r is not None]


def _add(cluster: object, base: str, phrase: str) -> None:
    roles: list[str] = cluster.roles  # type: ignore[attr-defined]
    phrases: list[str] = cluster.role_phrases  # type: ignore[attr-defined]
    if base and base not in roles:
        roles.append(base)
    if phrase and phrase not in phrases:
        phrases.append(phrase)


def _counterpart_cluster(clusters: list, owner: object, mention: Span) -> object | None:
    """The person whose office an 'Amtskollege' shares: the nearest other actor in the sentence before,
    else the nearest one after ("Nach dem Treffen mit seinem Amtskollegen X sagte Außenminister Y")."""
    sent = sentence_of(mention[0])  # the sentence of the mention's first token
    before = None
    after = None
    for cluster in clusters:
        if cluster is owner:
            continue
        for m in cluster.mentions:
            if sent.start <= m.start < mention.start and (before is None or m.start > before[1]):
                before = (cluster, m.start)
            elif mention.end <= m.start < sent.end and (after is None or m.start < after[1]):
                after = (cluster, m.start)
    best = before or after
    return best[0] if best else None


def attach_roles(doc: Doc, tables: Tables | None = None) -> None:
    """Fill ``roles``, ``role_phrases`` and ``role_mentions`` of every actor in ``doc._.actors``
    (``tables``: the role and state tables, the package's by default)."""
    clusters = doc._.actors or []
    pending: list[tuple[object, RoleMention, Span]] = []
    for cluster in clusters:
        for span in cluster.mentions:
            for rm in roles_of_mention(span, tables):
                cluster.role_mentions.append(rm)
                if rm.word.counterpart:
                    pending.append((cluster, rm, span))
                else:
                    _add(cluster, rm.base, _strip_phrase(rm))
    for cluster, rm, span in pending:
        other = _counterpart_cluster(clusters, cluster, span)
        if other is not None:
            own = [r for r in other.roles if r]
            if own:
                _add(cluster, counterpart_office(own[0], rm.word.feminine), "")
        _add(cluster, rm.word.base, _strip_phrase(rm))


def counterpart_office(office: str, feminine: bool) -> str:
    """The counterpart's office in the gender of "Kollege"/"Kollegin", without the German "Bundes-" of
    the person it was said about ("Bundesaußenministerin" -> "Außenminister" for "ihr Kollege")."""
    if " " in office:
        return office
    if office.startswith("Bundes") and len(office) > 8:
        office = office[6].upper() + office[7:]
    if feminine and not office.endswith("in"):
        return office + "in"
    if not feminine and office.endswith("in") and len(office) > 6:
        return office[:-2]
    return office


def _strip_phrase(rm: RoleMention) -> str:
    """The phrase without leading determiners ("US-Außenminister", "stellvertretende Staatssekretärin für ...")."""
    kept = [t for t in rm.span if not (t.i < rm.role_i and t.lower_ in DETERMINERS)]
    return "".join(t.text_with_ws for t in kept).strip()


@Language.factory(
    "diplograph_roles",
    assigns=["doc._.actors"],  # fills each actor's roles, role_phrases and role_mentions
    requires=["doc._.actors", "token.ent_type", "doc.sents"],
)
def make_roles(nlp: Language, name: str) -> RolesComponent:
    return RolesComponent(nlp).named(name)


class RolesComponent(BatchedComponent):
    """Attaches office nouns to the actors found by ``diplograph_actors``.

    The component owns the role tables (role heads, modifiers, stopwords, office words:
    :class:`~diplograph.pipeline.tables.RoleTables`), which the other diplograph components of its
    pipeline read too. ``initialize(roles=, role_modifiers=, role_stopwords=, office_roles=)`` replaces
    them, ``nlp.to_disk`` writes them to ``<component>/roles.tsv``, ``role_modifiers.tsv``,
    ``role_stopwords.tsv`` and ``office_roles.tsv`` (the formats of the package's resources) and
    ``spacy.load`` reads them back."""

    def __init__(self, nlp: Language) -> None:
        self.role_tables = default_roles()
        self.source = TableSource(nlp)  # these, with the state tables of the pipeline's countries component

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   roles: Any = None, role_modifiers: Any = None, role_stopwords: Any = None,
                   office_roles: Any = None) -> None:
        """Replace tables (None keeps one), each rows or the path of a file in the package's format:
        ``roles`` (head, class), ``role_modifiers`` and ``role_stopwords`` (words), ``office_roles``
        (kind, word)."""
        old = self.role_tables
        given = (roles, role_modifiers, role_stopwords, office_roles)
        if any(data is not None for data in given):
            kept = (old.role_rows, old.modifier_rows, old.stopword_rows, old.office_rows)
            self.role_tables = RoleTables(*(rows_from(data, 2) if data is not None else rows
                                            for data, rows in zip(given, kept, strict=True)))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for file_name, text in self.role_tables.texts().items():
            (path / file_name).write_text(text, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RolesComponent:
        path = Path(path)
        self.initialize(**{key: path / name for key, name in RoleTables.FILES.items() if (path / name).exists()})
        if self.role_tables.texts() == default_roles().texts():
            self.role_tables = default_roles()  # the package's tables, shared with library callers
        return self

    def __call__(self, doc: Doc) -> Doc:
        attach_roles(doc, self.source())
        return doc
