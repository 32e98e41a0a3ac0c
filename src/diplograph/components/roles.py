"""Offices of persons: recognise role nouns ("Außenministerin", "US-Sondergesandten") and attach them.

The lexicon (``resources/roles.tsv``) lists head words with an inflection class; compounds are found by
their head ("Kremlsprecher" ends in "sprecher"). The ``diplograph_roles`` component attaches each role to
the person it introduces: before the name ("US-Außenminister Marco Rubio"), after it ("Darchijew,
Direktor der ..."), and "Amtskollege"/"Gegenüber" take the office of the counterpart named nearby.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from diplograph import extensions  # noqa: F401  (registers Doc._ attributes)

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
    if "-" in text.strip("-"):
        first, rest = text.split("-", 1)
        if first.lower() in country_prefixes():
            return first, rest
    return None, text


def _adj_base(stem: str, feminine: bool) -> str:
    return stem + ("e" if feminine else "er")


@cache
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


def is_role_text(text: str) -> bool:
    """Whether a token with this text is a role noun: ``analyse_role(token) is not None``, as only the
    role's gender depends on the context (skips the look-back for the many tokens that are not roles)."""
    return text[:1].isupper() and _analyse(text, False) is not None


def analyse_role(token: Token) -> RoleWord | None:
    """The role noun ``token`` is, if any ("Außenministerin", "Sondergesandten", "Kreml-Chef")."""
    text = token.text
    if not is_role_text(text):
        return None
    prev = token.doc[token.i - 1].lower_ if token.i > 0 else ""
    prev2 = token.doc[token.i - 2].lower_ if token.i > 1 else ""
    feminine_context = prev in FEMININE_DETERMINERS or prev2 in FEMININE_DETERMINERS
    return _analyse(text, feminine_context)


def modifier_stem(token: Token) -> str | None:
    """'stellvertretende' -> 'stellvertretend' when the word is a role modifier."""
    lower = token.lower_
    for stem in role_modifiers():
        for ending in ("en", "er", "es", "em", "e"):
            if lower == stem + ending:
                return stem
    return None


@dataclass
class RoleMention:
    """A role phrase in the text: modifiers, the role noun and its complement."""

    span: Span  # the whole phrase ("stellvertretende Staatssekretärin für Russland und Mitteleuropa")
    role_token: Token
    word: RoleWord

    @property
    def base(self) -> str:
        """The role as the output lists it ("stellvertretende Staatssekretärin", "Außenminister")."""
        mods = []
        for tok in self.span:
            if tok.i >= self.role_token.i:
                break
            stem = modifier_stem(tok)
            if stem:
                mods.append(stem + ("e" if self.word.feminine or tok.lower_.endswith("e") else "er"))
        return " ".join([*mods, self.word.base])


def role_phrase(token: Token, word: RoleWord, *, stop: int | None = None) -> RoleMention:
    """Extend a role noun left over modifiers/demonyms and right over its complement."""
    doc = token.doc
    sent_start = token.sent.start if doc.has_annotation("SENT_START") else 0
    sent_end = token.sent.end if doc.has_annotation("SENT_START") else len(doc)
    start = token.i
    while start - 1 >= sent_start:
        prev = doc[start - 1]
        if prev.is_alpha and prev.text[0].islower() and prev.lower_ not in DETERMINERS \
                and prev.lower_[-1:] in {"e", "n", "r", "s", "m"} and prev.lower_ not in COMPLEMENT_WORDS:
            start -= 1  # adjectives: "russische", "stellvertretende"
        else:
            break
    end = token.i + 1
    limit = min(sent_end, stop if stop is not None else sent_end, token.i + 9)
    if end < limit and doc[end].lower_ in COMPLEMENT_WORDS - {"und"}:
        k = end + 1
        while k < limit:
            tok, prev = doc[k], doc[k - 1]
            if tok.lower_ in DETERMINERS or tok.lower_ in COMPLEMENT_WORDS:
                k += 1
            elif tok.is_alpha and tok.text[0].islower() and (prev.lower_ in DETERMINERS | COMPLEMENT_WORDS
                                                             or modifier_stem(prev) or prev.text[0].islower()):
                k += 1  # adjective inside the complement: "des Weißen Hauses", "für nationale Sicherheit"
            elif tok.text[0].isupper() and all(c.isalpha() or c in "-." for c in tok.text):
                k += 1
                end = k
            else:
                break
    return RoleMention(doc[start:end], token, word)


# ----------------------------------------------------------------------------- attaching roles to actors

def _role_before(span: Span) -> RoleMention | None:
    """"US-Außenminister Marco Rubio", "der russische Außenminister Sergej Lawrow", "Präsident des
    Europäischen Rates, António Costa"."""
    doc = span.doc
    i = span.start - 1
    if i < 0:
        return None
    word = analyse_role(doc[i])
    if word:
        return role_phrase(doc[i], word, stop=span.start)
    if doc[i].text == ",":
        lo = max(span.sent.start if doc.has_annotation("SENT_START") else 0, i - 10)
        for k in range(i - 1, lo - 1, -1):
            tok = doc[k]
            word = analyse_role(tok)
            if word:
                phrase = role_phrase(tok, word, stop=i)
                between = doc[phrase.span.end:i]
                if all(t.text[:1].isupper() or t.text in {"(", ")"} or t.lower_ in DETERMINERS | COMPLEMENT_WORDS
                       for t in between):
                    return RoleMention(doc[phrase.span.start:i], tok, word)
                return None
            if not (tok.is_alpha or tok.text in {"-", "(", ")"} or "-" in tok.text):
                return None
    return None


POSSESSIVES = frozenset({"sein", "seine", "seinem", "seinen", "seiner", "ihr", "ihre", "ihrem", "ihren", "ihrer"})


def _role_after(span: Span) -> RoleMention | None:
    """"Darchijew, Direktor der Nordatlantik-Abteilung", "Coulter, die stellvertretende Staatssekretärin"."""
    doc = span.doc
    i = span.end
    if i >= len(doc) or doc[i].text not in {",", "("}:
        return None
    j = i + 1
    if j < len(doc) and doc[j].lower_ in POSSESSIVES:
        return None  # "Wadephul, sein französischer Kollege Barrot": the phrase is about someone else
    end = min(len(doc), j + 5)
    while j < end:
        tok = doc[j]
        word = analyse_role(tok)
        if word:
            if tok.i + 1 < len(doc) and doc[tok.i + 1].ent_type_ == "PER":
                return None  # the role introduces the next name ("X, Außenminister Y und ...")
            return role_phrase(tok, word)
        if tok.lower_ in DETERMINERS or (tok.is_alpha and tok.text[0].islower()) or tok.text.endswith("-"):
            j += 1
            continue
        if tok.text == "und" or tok.is_alpha:
            j += 1
            continue
        return None
    return None


def roles_of_mention(span: Span) -> list[RoleMention]:
    found = [r for r in (_role_before(span), _role_after(span)) if r is not None]
    return found


def _add(cluster: object, base: str, phrase: str) -> None:
    roles: list[str] = cluster.roles  # type: ignore[attr-defined]
    phrases: list[str] = cluster.role_phrases  # type: ignore[attr-defined]
    if base and base not in roles:
        roles.append(base)
    if phrase and phrase not in phrases:
        phrases.append(phrase)


def _counterpart_cluster(doc: Doc, clusters: list, owner: object, mention: Span) -> object | None:
    """The person whose office an 'Amtskollege' shares: the nearest other actor in the sentence before,
    else the nearest one after ("Nach dem Treffen mit seinem Amtskollegen X sagte Außenminister Y")."""
    sent = mention.sent if doc.has_annotation("SENT_START") else doc[:]
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
        other = _counterpart_cluster(doc, clusters, cluster, span)
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
    tokens = [t for t in rm.span if not (t.i < rm.role_token.i and t.lower_ in DETERMINERS)]
    return "".join(t.text_with_ws for t in tokens).strip()


@Language.factory("diplograph_roles")
def make_roles(nlp: Language, name: str) -> RolesComponent:
    return RolesComponent()


class RolesComponent:
    """Attaches office nouns to the actors found by ``diplograph_actors``."""

    def __call__(self, doc: Doc) -> Doc:
        attach_roles(doc)
        return doc
