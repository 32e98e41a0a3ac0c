"""Offices of persons: recognise role nouns ("Außenministerin", "US-Sondergesandten") and attach them.

The lexicon (``resources/roles.tsv``) lists head words with an inflection class; compounds are found by
their head ("Kremlsprecher" ends in "sprecher"). The ``diplograph_roles`` component attaches each role to
the person it introduces: before the name ("US-Außenminister Marco Rubio"), after it ("Darchijew,
Direktor der ..."), and "Amtskollege"/"Gegenüber" take the office of the counterpart named nearby.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.extract import sentence_of

RESOURCES = Path(__file__).resolve().parents[1] / "resources"

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


def _rows(name: str) -> list[list[str]]:
    rows = []
    with open(RESOURCES / name, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                rows.append(line.rstrip("\n").split("\t"))
    return rows


@cache
def role_heads() -> tuple[tuple[str, str], ...]:
    """(head, class) pairs, longest head first."""
    return tuple(sorted(((r[0], r[1]) for r in _rows("roles.tsv")), key=lambda r: -len(r[0])))


@cache
def office_words() -> dict[str, tuple[str, ...]]:
    """The words of ``office_roles.tsv`` by kind (head, bare, prefix, compound): the roles that speak for a
    state or a party to talks."""
    rows = _rows("office_roles.tsv")
    return {kind: tuple(r[1] for r in rows if r[0] == kind) for kind in ("head", "bare", "prefix", "compound")}


HEAD_ENDINGS = "(?:in|innen|en|e|er|es|em|n|s|r|m)?"


@lru_cache(maxsize=4096)
def is_office(role: str) -> bool:
    """Whether a role (as actors carry it: "Außenministerin", "designierte Präsident", "US-Botschafter")
    is an office of a state or an international body, not a post any company, union or club has
    ("Geschäftsführer", "Arbeitgeberpräsident", "oberster Chef")."""
    from diplograph.pipeline.countries import country_of_name  # (countries imports this module)

    noun = role.split()[-1].lower() if role.split() else ""
    words = office_words()
    if noun.startswith(words["prefix"]):
        return True
    if "-" in noun and noun.split("-", 1)[0] in country_prefixes():
        return True
    for head in words["head"]:
        if re.fullmatch(f".*{head}{HEAD_ENDINGS}", noun):
            return True
    for head in words["bare"]:
        match = re.fullmatch(f"(.*?){head}{HEAD_ENDINGS}", noun)
        if match:
            prefix = match.group(1).strip("-")
            return (not prefix or prefix.startswith(words["prefix"] + words["compound"])
                    or country_of_name(prefix.split("-")[0].capitalize()) is not None)
    return False


@cache
def role_stopwords() -> frozenset[str]:
    return frozenset(r[0] for r in _rows("role_stopwords.tsv"))


@cache
def role_modifiers() -> tuple[str, ...]:
    return tuple(r[0] for r in _rows("role_modifiers.tsv"))


@cache
def country_prefixes() -> dict[str, str]:
    """Hyphen prefixes that name a state or body ("US-", "EU-"), lowercase -> code."""
    return {r[0]: r[1] for r in _rows("institutions.tsv") if r[2] == "prefix"}


@dataclass(frozen=True)
class RoleWord:
    """One role noun as written, analysed."""

    text: str  # the token as written ("US-Außenministers")
    base: str  # nominative singular without country prefix, gender kept ("Außenminister")
    prefix: str | None  # the country/body hyphen prefix as written ("US"), if any
    feminine: bool
    counterpart: bool  # "Amtskollege", "Gegenüber": the office of someone else


def _split_prefix(text: str) -> tuple[str | None, str]:
    """("US", "Außenminister") of "US-Außenminister"; a state's German name works too ("Kosovo-Präsident")."""
    from diplograph.pipeline.countries import country_of_name  # (countries imports this module)

    if "-" in text.strip("-"):
        first, rest = text.split("-", 1)
        if first.lower() in country_prefixes() or (first[:1].isupper() and country_of_name(first)):
            return first, rest
    return None, text


def _adj_base(stem: str, feminine: bool) -> str:
    return stem + ("e" if feminine else "er")


@lru_cache(maxsize=131_072)  # bounded: one entry per capitalised word form seen
def _analyse(text: str, feminine_context: bool) -> RoleWord | None:
    if not text or not text[0].isupper() or text.endswith("-"):
        return None
    prefix, rest = _split_prefix(text)
    lower = rest.lower()
    if lower in role_stopwords() and lower != "gegenüber":
        return None
    if lower == "gegenüber":
        return RoleWord(text, rest, prefix, feminine_context, True)
    for head, cls in role_heads():
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
def is_role_text(text: str) -> bool:
    """Whether a token with this text is a role noun: ``analyse_role(token) is not None``, as only the
    role's gender depends on the context (skips the look-back for the many tokens that are not roles)."""
    return text[:1].isupper() and _analyse(text, False) is not None


def is_feminine_context(lowers: list[str], i: int) -> bool:
    """Whether one of the two tokens before position ``i`` is a feminine determiner ("die", "ihre")."""
    return (i > 0 and lowers[i - 1] in FEMININE_DETERMINERS) or (i > 1 and lowers[i - 2] in FEMININE_DETERMINERS)


def analyse_role(token: Token) -> RoleWord | None:
    """The role noun ``token`` is, if any ("Außenministerin", "Sondergesandten", "Kreml-Chef")."""
    text = token.text
    if not is_role_text(text):
        return None
    before = [word.lower_ for word in token.doc[max(0, token.i - 2):token.i]]
    return _analyse(text, is_feminine_context(before, len(before)))


@lru_cache(maxsize=65536)
def modifier_stem_of(lower: str) -> str | None:
    """'stellvertretende' -> 'stellvertretend' when the (lowercased) word is a role modifier."""
    for stem in role_modifiers():
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

    __slots__ = ("doc", "start", "end", "role_i", "word", "_span", "_role_token")

    def __init__(self, doc: Doc, start: int, end: int, role_i: int, word: RoleWord) -> None:
        self.doc = doc
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
        return role_base([t.lower_ for t in self.doc[self.start:self.role_i]], self.word)

    def __repr__(self) -> str:
        return f"RoleMention({self.span.text!r}, role={self.role_token.text!r}, word={self.word!r})"


def role_base(lowers_before: list[str], word: RoleWord) -> str:
    """:attr:`RoleMention.base` from the lowercased texts of the phrase's tokens before the role noun."""
    mods = []
    for lower in lowers_before:
        stem = modifier_stem_of(lower)
        if stem:
            mods.append(stem + ("e" if word.feminine or lower.endswith("e") else "er"))
    return " ".join([*mods, word.base])


def phrase_bounds(doc: Doc, i: int, sent_start: int, sent_end: int, stop: int | None = None) -> tuple[int, int]:
    """(start, end) of the role phrase of the role noun ``doc[i]`` (extended left over modifiers and
    demonyms, right over its complement); ``sent_start``, ``sent_end``: the bounds of its sentence."""
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
            elif word.isalpha() and word[0].islower() and (prev in DETERMINERS_AND_COMPLEMENTS
                                                           or modifier_stem_of(prev) or before.text[0].islower()):
                k += 1  # adjective inside the complement: "des Weißen Hauses", "für nationale Sicherheit"
            elif word[0].isupper() and all(c.isalpha() or c in "-." for c in word):
                k += 1
                end = k
            else:
                break
    return start, end


def _mention(token: Token, word: RoleWord, *, stop: int | None = None) -> RoleMention:
    """The role phrase of the role noun ``token``."""
    sent = sentence_of(token)
    start, end = phrase_bounds(token.doc, token.i, sent.start, sent.end, stop)
    return RoleMention(token.doc, start, end, token.i, word)


# ----------------------------------------------------------------------------- attaching roles to actors

def _role_before(span: Span) -> RoleMention | None:
    """"US-Außenminister Marco Rubio", "der russische Außenminister Sergej Lawrow", "Präsident des
    Europäischen Rates, António Costa" (for the person mention ``span``)."""
    doc = span.doc
    i = span.start - 1
    if i < 0:
        return None
    word = analyse_role(doc[i])
    if word:
        return _mention(doc[i], word, stop=span.start)
    if doc[i].text == ",":
        lo = max(sentence_of(span[0]).start, i - 10)
        for k in range(i - 1, lo - 1, -1):
            token = doc[k]
            word = analyse_role(token)
            if word:
                sent = sentence_of(token)
                start, end = phrase_bounds(doc, k, sent.start, sent.end, stop=i)
                if all(t.text[:1].isupper() or t.text in {"(", ")"} or t.lower_ in DETERMINERS_AND_COMPLEMENTS
                       for t in doc[end:i]):
                    return RoleMention(doc, start, i, k, word)
                return None
            text = token.text
            if not (text.isalpha() or text in {"-", "(", ")"} or "-" in text):
                return None
    return None


POSSESSIVES = frozenset({"sein", "seine", "seinem", "seinen", "seiner", "ihr", "ihre", "ihrem", "ihren", "ihrer"})


def _role_after(span: Span) -> RoleMention | None:
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
        word = analyse_role(token)
        if word:
            if j + 1 < n and doc[j + 1].ent_type_ == "PER":
                return None  # the role introduces the next name ("X, Außenminister Y und ...")
            return _mention(token, word)
        text = token.text
        if token.lower_ in DETERMINERS or (text.isalpha() and text[0].islower()) or text.endswith("-"):
            j += 1
            continue
        if text == "und" or text.isalpha():
            j += 1
            continue
        return None
    return None


def roles_of_mention(span: Span) -> list[RoleMention]:
    """The role phrases before and after a person mention."""
    return [r for r in (_role_before(span), _role_after(span)) if r is not None]


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


def attach_roles(doc: Doc) -> None:
    """Fill ``roles``, ``role_phrases`` and ``role_mentions`` of every actor in ``doc._.actors``."""
    clusters = doc._.actors or []
    pending: list[tuple[object, RoleMention, Span]] = []
    for cluster in clusters:
        for span in cluster.mentions:
            for rm in roles_of_mention(span):
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
    return RolesComponent().named(name)


class RolesComponent(BatchedComponent):
    """Attaches office nouns to the actors found by ``diplograph_actors``."""

    def __call__(self, doc: Doc) -> Doc:
        attach_roles(doc)
        return doc
