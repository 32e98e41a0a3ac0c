"""The state (or body: EU, NATO, UN ...) each actor represents.

Evidence, strongest first: the role phrase ("US-Außenminister", "der russische Außenminister",
"Außenminister des Irans", "Kremlsprecher", "Sprecherin des Weißen Hauses"), then the office-holder
knowledge base (``diplograph.pipeline.knowledge``, for the article's ``published`` day; without a date only what
all the person's terms agree on, never the terms in office today), then weak compound hints
("Bundeskanzler" -> DE).
German country names come from CLDR (Babel); demonym adjectives and institutions from data files.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from functools import cache, lru_cache
from itertools import compress
from pathlib import Path

import babel
from spacy.language import Language
from spacy.tokens import Doc, Span

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.extensions import ext_get
from diplograph.pipeline.knowledge import holder_fact
from diplograph.pipeline.roles import RoleMention
from diplograph.pipeline.tokens import DocView, WordTable, lookup_all, span_text

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


class DocTokens(DocView):
    """What this component reads of a doc: the shared token lists of :class:`DocView`, and (computed when
    first asked for) which tokens belong to a PER entity and where the group words are."""

    __slots__ = ("_person", "_group_words")

    def __init__(self, doc: Doc) -> None:
        super().__init__(doc)
        self._person: list[bool] | None = None
        self._group_words: list[int] | None = None

    @property
    def group_words(self) -> list[int]:
        """Indices of the tokens whose lowercased text ends in a group head ("US-Delegation")."""
        if self._group_words is None:
            self._group_words = group_word_indices(self.lowers)
        return self._group_words

    @property
    def person(self) -> list[bool]:
        if self._person is None:
            per = self.doc.vocab.strings["PER"]
            self._person = (self.doc.to_array("ENT_TYPE") == per).tolist()
        return self._person

    def sentence_start(self, i: int) -> int:
        """The first token of the sentence token ``i`` is in (0 without sentence boundaries)."""
        return self.sentence(i)[0]

    def range_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` ("" for an empty range)."""
        return self.span_text(start, end) if end > start else ""

    def texts(self, spans: list[Span]) -> list[str]:
        """``[span.text for span in spans]`` for spans of this doc."""
        words, offsets = self.words, self.offsets
        out = []
        for span in spans:
            start, end = span.start, span.end
            if end - start == 1:
                out.append(words[start])
            else:
                out.append(span_text(words, offsets, start, end) if end > start else "")
        return out


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


def genitive_state_before(tokens: DocView, i: int) -> str | None:
    """The state of a genitive country name right before token ``i`` in its sentence ("Tansanias", "Japans")."""
    k = i - 1
    if k < 0 or tokens.sentence(i)[0] > k:
        return None
    word = tokens.words[k]
    if not (word[:1].isupper() and word.endswith("s")):
        return None
    code = country_of_name(word)
    base = word[:-2] if word.endswith("es") and country_of_name(word[:-2]) == code else word[:-1]
    return code if code and country_of_name(base) == code else None


def state_in_parentheses(tokens: DocView, mention: Span) -> str | None:
    """The state written in parentheses right after a name: "Urmas Probe (Estland)"."""
    words, end = tokens.words, mention.end
    if end + 2 < len(words) and words[end] == "(" and words[end + 2] == ")":
        return country_of_name(words[end + 1])
    return None


def country_of_phrase(rm: RoleMention, tokens: DocTokens | None = None) -> tuple[str | None, bool]:
    """(code, strong) that a role phrase states; strong=False for weak hints such as "Bundes-"."""
    word = rm.word
    if word.prefix:
        code = institutions()["prefix"].get(word.prefix.lower())
        if code:
            return code, True  # "US-Außenminister"
        if not any(topic in word.base.lower() for topic in TOPIC_ROLES):
            return country_of_name(word.prefix), True  # "Kosovo-Präsident" (but "Ukraine-Beauftragter")
    if tokens is None:
        tokens = DocTokens(rm.doc)
    words = tokens.words
    role, end = rm.role_i, rm.end  # the phrase's token range (no Span or Token object)
    code = genitive_state_before(tokens, rm.start)
    if code:
        return code, True  # "Mexikos Wirtschaftsminister"
    # demonyms after the role belong to its complement ("Organisation Amerikanischer Staaten")
    for k in range(rm.start, min(role + 1, end)):
        code = demonym_code(words[k])
        if code:
            return code, True
    head = words[role]
    code = _compound_code(head.replace("-", ""), "compound")
    if code:
        return code, True
    after = range(role + 1, end)
    # "Chef des serbischen Regierungsbüros für den Kosovo": what follows "für" is the subject, not the owner
    topic = next((k for k in after if tokens.lowers[k] in TOPIC_PREPOSITIONS), None)
    if topic is not None:
        after = range(role + 1, topic)
    genitive = False
    if after:
        genitive = tokens.lowers[after[0]] in {"des", "der"}
        if words[after[0]].endswith("s"):
            code = country_of_name(words[after[0]])
            if code:
                return code, True  # "Präsident Frankreichs"
    if not genitive:
        code = _institution_name_code("")
        return (code, True) if code else (_compound_code(head, "weak"), False)
    text = tokens.range_text(after.start, after.stop).lower()
    for k in after:
        code = country_of_name(words[k])
        if code and words[k][0].isupper():
            return code, True
    code = _institution_name_code(text)
    if code:
        return code, True
    for k in after:
        code = demonym_code(words[k])
        if code:
            return code, True  # "Sprecher des ukrainischen Außenministeriums"
    for k in after[:-1]:
        code = country_of_name(f"{words[k]} {words[k + 1]}")
        if code:
            return code, True
    code = _compound_code(head, "weak")
    return code, False


GROUP_HEADS = ("delegation", "regierung", "seite", "führung")
_GROUP_ENDINGS = tuple(head + ending for head in GROUP_HEADS for ending in ("", "en"))
GROUP_WINDOW = 12  # tokens before the name


def _is_group_word(lower: str) -> bool:
    return lower.endswith(_GROUP_ENDINGS)


_IS_GROUP_WORD = WordTable(_is_group_word)  # lowercased token text -> whether it ends in a group head


def group_word_indices(lowers: list[str]) -> list[int]:
    """Indices of the lowercased token texts that end in a group head (``lower.endswith(_GROUP_ENDINGS)``),
    from one lookup of every text in a per-text table."""
    return list(compress(range(len(lowers)), lookup_all(_IS_GROUP_WORD, lowers)))


def group_country(span: Span, tokens: DocTokens | None = None) -> str | None:
    """"die US-Delegation von Sonata Coulter", "die russische Delegation vom Direktor ..., X": the state of
    the group a person leads or belongs to, named shortly before the name in the same sentence (with no
    other person's name in between)."""
    if tokens is None:
        tokens = DocTokens(span.doc)
    start = span.start
    group_words = tokens.group_words
    # the group word nearest before the name, within the window and the sentence
    nearest = bisect_left(group_words, start) - 1
    if nearest < 0:
        return None
    k = group_words[nearest]
    if k < start - GROUP_WINDOW or k < tokens.sentence_start(start) or any(tokens.person[k:start]):
        return None
    lower = tokens.lowers[k]
    prefix = lower.split("-", 1)[0] if "-" in lower else None
    if prefix and prefix in institutions().get("prefix", {}):
        return institutions()["prefix"][prefix]
    if k > 0 and demonym_code(tokens.words[k - 1]):
        return demonym_code(tokens.words[k - 1])
    return None


def _most_common(codes: list[str]) -> str:
    """``Counter(codes).most_common(1)[0][0]``: the most frequent code, the first seen on a tie."""
    return codes[0] if len(codes) == 1 else Counter(codes).most_common(1)[0][0]


def country_of_cluster(cluster: object, published: str | None, tokens: DocTokens | None = None,
                       texts: list[str] | None = None) -> str | None:
    """The state ``cluster`` represents (``texts``: its mentions' texts, when the caller has them)."""
    mentions = cluster.mentions  # type: ignore[attr-defined]
    role_mentions = getattr(cluster, "role_mentions", [])
    if tokens is None and (mentions or role_mentions):
        tokens = DocTokens(mentions[0].doc if mentions else role_mentions[0].doc)
    stated = [c for c in (state_in_parentheses(tokens, m) for m in mentions) if c]
    if stated:
        return _most_common(stated)
    strong: list[str] = []
    weak: list[str] = []
    for rm in role_mentions:
        code, is_strong = country_of_phrase(rm, tokens)
        if code:
            (strong if is_strong else weak).append(code)
    if strong:
        return _most_common(strong)
    if mentions and tokens.group_words:  # type: ignore[union-attr]  (no group word in the doc: no group)
        groups = [c for c in (group_country(m, tokens) for m in mentions) if c]
        if groups:
            return _most_common(groups)
    if texts is None:
        texts = _texts(mentions, tokens)
    country = _holder_fact(cluster.name, tuple(texts), published,  # type: ignore[attr-defined]
                           tuple(getattr(cluster, "roles", ())), "country")
    if country is not None:
        return country
    if weak:
        return _most_common(weak)
    return None


def _texts(mentions: list[Span], tokens: DocTokens | None) -> list[str]:
    if tokens is None:
        return [m.text for m in mentions]
    return tokens.texts(mentions)


@lru_cache(maxsize=65536)
def _holder_fact(name: str, forms: tuple[str, ...], published: str | None, roles: tuple[str, ...],
                 fact: str) -> str | None:
    """:func:`diplograph.pipeline.knowledge.holder_fact`, memoised (the knowledge base is loaded once per process;
    a cluster without roles asks twice: for its country and for its office). ``published`` None: only a
    fact all the person's terms share (no look-up for today's date)."""
    return holder_fact(name, list(forms), published, list(roles), fact)


def fill_from_knowledge(cluster: object, published: str | None, tokens: DocTokens | None = None,
                        texts: list[str] | None = None) -> None:
    """Office from the knowledge base when the text names none (``texts``: the mentions' texts, when the
    caller has them); without ``published``, only an office all the person's terms share."""
    if getattr(cluster, "roles", None):
        return
    if texts is None:
        texts = _texts(cluster.mentions, tokens)  # type: ignore[attr-defined]
    office = _holder_fact(cluster.name, tuple(texts), published, (), "office")  # type: ignore[attr-defined]
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
        clusters = ext_get(doc, "actors") or []
        if not clusters:
            return doc
        published = ext_get(doc, "published")
        tokens = DocTokens(doc)
        for cluster in clusters:
            texts = tokens.texts(cluster.mentions)
            cluster.country = country_of_cluster(cluster, published, tokens, texts)
            if self.use_knowledge:
                fill_from_knowledge(cluster, published, tokens, texts)
        return doc
