"""The state (or body: EU, NATO, UN ...) each actor represents.

Evidence, strongest first: the role phrase ("US-Außenminister", "der russische Außenminister",
"Außenminister des Irans", "Kremlsprecher", "Sprecherin des Weißen Hauses"), then the office-holder
knowledge base (``diplograph.pipeline.knowledge``, for the article's ``published`` day; without a date only what
all the person's terms agree on, never the terms in office today), then weak compound hints
("Bundeskanzler" -> DE).
German country names come from CLDR (Babel); demonym adjectives and institutions from data files.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache
from pathlib import Path

import babel
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.extract import sentence_of
from diplograph.pipeline.knowledge import holder_fact
from diplograph.pipeline.roles import RoleMention

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
ADJ_ENDINGS = ("", "e", "er", "es", "en", "em")


def _rows(name: str) -> list[list[str]]:
    with open(RESOURCES / name, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


@cache
def demonyms() -> dict[str, str]:
    """Every inflection of every demonym adjective, lowercase -> code ("russischen" -> "RU")."""
    out: dict[str, str] = {}
    for stem, code in _rows("demonyms.tsv"):
        for ending in ADJ_ENDINGS[1:]:
            out[stem + ending] = code
    return out


@cache
def country_names() -> dict[str, str]:
    """German country names (CLDR) and their genitives, lowercase -> ISO code."""
    out: dict[str, str] = {}
    for code, name in babel.Locale("de").territories.items():
        if len(code) == 2 and code.isalpha():
            out[name.lower()] = code
    for name, code in _rows("country_aliases.tsv"):
        out[name] = code
    for name, code in list(out.items()):
        if not name.endswith("s"):
            out.setdefault(name + "s", code)
            out.setdefault(name + "es", code)
    return out


@cache
def institutions() -> dict[str, dict[str, str]]:
    """kind -> {form: code} from ``institutions.tsv`` (prefix, compound, name, weak)."""
    out: dict[str, dict[str, str]] = {}
    for form, code, kind in _rows("institutions.tsv"):
        out.setdefault(kind, {})[form] = code
    return out


@lru_cache(maxsize=65536)
def demonym_code(word: str) -> str | None:
    return demonyms().get(word.lower())


@lru_cache(maxsize=65536)
def country_of_name(text: str) -> str | None:
    """'Frankreichs' -> 'FR', 'des Irans' is looked up without the article by the caller."""
    return country_names().get(text.lower())


@cache
def _forms_longest_first(kind: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(institutions().get(kind, {}).items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=65536)
def _compound_code(word: str, kind: str) -> str | None:
    lower = word.lower()
    for form, code in _forms_longest_first(kind):
        if lower.startswith(form) and len(lower) > len(form) + 2:
            return code
    return None


@lru_cache(maxsize=65536)
def _institution_name_code(text: str) -> str | None:
    """The code of the first institution name (``institutions.tsv`` kind "name") that ``text`` contains."""
    for form, code in institutions().get("name", {}).items():
        if form in text:
            return code
    return None


TOPIC_PREPOSITIONS = frozenset({"für", "zur", "zum", "über"})

# Roles whose country prefix names their subject, not their state: "Ukraine-Beauftragter", "Nahost-Gesandter".
TOPIC_ROLES = ("gesandt", "beauftragt", "bevollmächtigt", "berater", "koordinator", "experte", "expertin")


def genitive_state_before(token: Token) -> str | None:
    """The state of a genitive country name right before ``token`` in its sentence ("Tansanias", "Japans")."""
    k = token.i - 1
    if k < 0 or sentence_of(token).start > k:
        return None
    word = token.doc[k].text
    if not (word[:1].isupper() and word.endswith("s")):
        return None
    code = country_of_name(word)
    base = word[:-2] if word.endswith("es") and country_of_name(word[:-2]) == code else word[:-1]
    return code if code and country_of_name(base) == code else None


def state_in_parentheses(mention: Span) -> str | None:
    """The state written in parentheses right after a name: "Urmas Probe (Estland)"."""
    doc, end = mention.doc, mention.end
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        return country_of_name(doc[end + 1].text)
    return None


def country_of_phrase(rm: RoleMention) -> tuple[str | None, bool]:
    """(code, strong) that a role phrase states; strong=False for weak hints such as "Bundes-"."""
    word = rm.word
    if word.prefix:
        code = institutions()["prefix"].get(word.prefix.lower())
        if code:
            return code, True  # "US-Außenminister"
        if not any(topic in word.base.lower() for topic in TOPIC_ROLES):
            return country_of_name(word.prefix), True  # "Kosovo-Präsident" (but "Ukraine-Beauftragter")
    doc = rm.doc
    code = genitive_state_before(doc[rm.start])
    if code:
        return code, True  # "Mexikos Wirtschaftsminister"
    # demonyms after the role belong to its complement ("Organisation Amerikanischer Staaten")
    for token in doc[rm.start:min(rm.role_i + 1, rm.end)]:
        code = demonym_code(token.text)
        if code:
            return code, True
    head = rm.role_token.text
    code = _compound_code(head.replace("-", ""), "compound")
    if code:
        return code, True
    after = doc[rm.role_i + 1:rm.end]
    # "Chef des serbischen Regierungsbüros für den Kosovo": what follows "für" is the subject, not the owner
    topic = next((t.i for t in after if t.lower_ in TOPIC_PREPOSITIONS), None)
    if topic is not None:
        after = doc[rm.role_i + 1:topic]
    genitive = False
    if len(after):
        genitive = after[0].lower_ in {"des", "der"}
        if after[0].text.endswith("s"):
            code = country_of_name(after[0].text)
            if code:
                return code, True  # "Präsident Frankreichs"
    if not genitive:
        code = _institution_name_code("")
        return (code, True) if code else (_compound_code(head, "weak"), False)
    for token in after:
        code = country_of_name(token.text)
        if code and token.text[0].isupper():
            return code, True
    code = _institution_name_code(after.text.lower())
    if code:
        return code, True
    for token in after:
        code = demonym_code(token.text)
        if code:
            return code, True  # "Sprecher des ukrainischen Außenministeriums"
    for token in after[:-1]:
        code = country_of_name(f"{token.text} {doc[token.i + 1].text}")
        if code:
            return code, True
    code = _compound_code(head, "weak")
    return code, False


GROUP_HEADS = ("delegation", "regierung", "seite", "führung")
_GROUP_ENDINGS = tuple(head + ending for head in GROUP_HEADS for ending in ("", "en"))
GROUP_WINDOW = 12  # tokens before the name


def group_country(span: Span) -> str | None:
    """"die US-Delegation von Sonata Coulter", "die russische Delegation vom Direktor ..., X": the state of
    the group a person leads or belongs to, named shortly before the name in the same sentence (with no
    other person's name in between)."""
    doc, start = span.doc, span.start
    if start == 0:
        return None
    # the group word nearest before the name, within the window and the sentence
    lo = max(start - GROUP_WINDOW, sentence_of(span[0]).start)
    group = next((t for t in reversed(doc[lo:start]) if t.lower_.endswith(_GROUP_ENDINGS)), None)
    if group is None or any(t.ent_type_ == "PER" for t in doc[group.i:start]):
        return None
    lower = group.lower_
    prefix = lower.split("-", 1)[0] if "-" in lower else None
    if prefix and prefix in institutions().get("prefix", {}):
        return institutions()["prefix"][prefix]
    if group.i > 0 and demonym_code(doc[group.i - 1].text):
        return demonym_code(doc[group.i - 1].text)
    return None


def _most_common(codes: list[str]) -> str:
    """``Counter(codes).most_common(1)[0][0]``: the most frequent code, the first seen on a tie."""
    return codes[0] if len(codes) == 1 else Counter(codes).most_common(1)[0][0]


def country_of_cluster(cluster: object, published: str | None) -> str | None:
    """The state ``cluster`` represents."""
    mentions = cluster.mentions  # type: ignore[attr-defined]
    stated = [c for c in (state_in_parentheses(m) for m in mentions) if c]
    if stated:
        return _most_common(stated)
    strong: list[str] = []
    weak: list[str] = []
    for rm in getattr(cluster, "role_mentions", []):
        code, is_strong = country_of_phrase(rm)
        if code:
            (strong if is_strong else weak).append(code)
    if strong:
        return _most_common(strong)
    groups = [c for c in (group_country(m) for m in mentions) if c]
    if groups:
        return _most_common(groups)
    country = _holder_fact(cluster.name, tuple(m.text for m in mentions), published,  # type: ignore[attr-defined]
                           tuple(getattr(cluster, "roles", ())), "country")
    if country is not None:
        return country
    if weak:
        return _most_common(weak)
    return None


@lru_cache(maxsize=65536)
def _holder_fact(name: str, forms: tuple[str, ...], published: str | None, roles: tuple[str, ...],
                 fact: str) -> str | None:
    """:func:`diplograph.pipeline.knowledge.holder_fact`, memoised (the knowledge base is loaded once per process;
    a cluster without roles asks twice: for its country and for its office). ``published`` None: only a
    fact all the person's terms share (no look-up for today's date)."""
    return holder_fact(name, list(forms), published, list(roles), fact)


def fill_from_knowledge(cluster: object, published: str | None) -> None:
    """Office from the knowledge base when the text names none; without ``published``, only an office all
    the person's terms share."""
    if getattr(cluster, "roles", None):
        return
    texts = tuple(m.text for m in cluster.mentions)  # type: ignore[attr-defined]
    office = _holder_fact(cluster.name, texts, published, (), "office")  # type: ignore[attr-defined]
    if office is not None:
        cluster.roles.append(office)  # type: ignore[attr-defined]


@Language.factory(
    "diplograph_countries",
    default_config={"use_knowledge": True},
    assigns=["doc._.actors"],  # sets each actor's country (and an office from the knowledge base)
    requires=["doc._.actors", "token.ent_type", "doc.sents"],
)
def make_countries(nlp: Language, name: str, use_knowledge: bool) -> CountriesComponent:
    return CountriesComponent(use_knowledge=use_knowledge).named(name)


class CountriesComponent(BatchedComponent):
    """Sets ``country`` (and a knowledge-base office where the text gives none) on every actor."""

    def __init__(self, use_knowledge: bool = True) -> None:
        self.use_knowledge = use_knowledge

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        for cluster in doc._.actors or []:
            cluster.country = country_of_cluster(cluster, published)
            if self.use_knowledge:
                fill_from_knowledge(cluster, published)
        return doc
