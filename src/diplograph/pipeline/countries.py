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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.extract import sentence_of
from diplograph.pipeline.knowledge import KnowledgeBase, default_knowledge, holder_from, read_holders, write_holders
from diplograph.pipeline.roles import RoleMention
from diplograph.pipeline.tables import StateTables, Tables, TableSource, default_states, rows_from


def demonym_code(word: str, states: StateTables | None = None) -> str | None:
    """'russischen' -> 'RU' (``states``: the tables, the package's by default)."""
    return (states or default_states()).demonym_code(word)


def country_of_name(text: str, states: StateTables | None = None) -> str | None:
    """'Frankreichs' -> 'FR', 'des Irans' is looked up without the article by the caller."""
    return (states or default_states()).country_of_name(text)


TOPIC_PREPOSITIONS = frozenset({"für", "zur", "zum", "über"})

# Roles whose country prefix names their subject, not their state: "Ukraine-Beauftragter", "Nahost-Gesandter".
TOPIC_ROLES = ("gesandt", "beauftragt", "bevollmächtigt", "berater", "koordinator", "experte", "expertin")


def genitive_state_before(token: Token, states: StateTables) -> str | None:
    """The state of a genitive country name right before ``token`` in its sentence ("Tansanias", "Japans")."""
    k = token.i - 1
    if k < 0 or sentence_of(token).start > k:
        return None
    word = token.doc[k].text
    if not (word[:1].isupper() and word.endswith("s")):
        return None
    code = states.country_of_name(word)
    base = word[:-2] if word.endswith("es") and states.country_of_name(word[:-2]) == code else word[:-1]
    return code if code and states.country_of_name(base) == code else None


def state_in_parentheses(mention: Span, states: StateTables) -> str | None:
    """The state written in parentheses right after a name: "Urmas Probe (Estland)"."""
    doc, end = mention.doc, mention.end
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        return states.country_of_name(doc[end + 1].text)
    return None


def country_of_phrase(rm: RoleMention, states: StateTables) -> tuple[str | None, bool]:
    """(code, strong) that a role phrase states; strong=False for weak hints such as "Bundes-"."""
    word = rm.word
    if word.prefix:
        code = states.prefixes.get(word.prefix.lower())
        if code:
            return code, True  # "US-Außenminister"
        if not any(topic in word.base.lower() for topic in TOPIC_ROLES):
            return states.country_of_name(word.prefix), True  # "Kosovo-Präsident" (but "Ukraine-Beauftragter")
    doc = rm.doc
    code = genitive_state_before(doc[rm.start], states)
    if code:
        return code, True  # "Mexikos Wirtschaftsminister"
    # demonyms after the role belong to its complement ("Organisation Amerikanischer Staaten")
    for token in doc[rm.start:min(rm.role_i + 1, rm.end)]:
        code = states.demonym_code(token.text)
        if code:
            return code, True
    head = rm.role_token.text
    code = states.compound_code(head.replace("-", ""), "compound")
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
            code = states.country_of_name(after[0].text)
            if code:
                return code, True  # "Präsident Frankreichs"
    if not genitive:
        code = states.institution_name_code("")
        return (code, True) if code else (states.compound_code(head, "weak"), False)
    for token in after:
        code = states.country_of_name(token.text)
        if code and token.text[0].isupper():
            return code, True
    code = states.institution_name_code(after.text.lower())
    if code:
        return code, True
    for token in after:
        code = states.demonym_code(token.text)
        if code:
            return code, True  # "Sprecher des ukrainischen Außenministeriums"
    for token in after:
        code = _prefix_state(token.text, states)
        if code:
            return code, True  # "Sprecherin des US-Repräsentantenhauses"
    for token in after[:-1]:
        code = states.country_of_name(f"{token.text} {doc[token.i + 1].text}")
        if code:
            return code, True
    code = states.compound_code(head, "weak")
    return code, False


def _prefix_state(word: str, states: StateTables) -> str | None:
    """The state that the prefix of a hyphenated word names ("US-Repräsentantenhaus", "Kosovo-Regierung")."""
    prefix, dash, rest = word.partition("-")
    if not dash or not rest[:1].isupper():
        return None
    return states.prefixes.get(prefix.lower()) or states.country_of_name(prefix)


GROUP_HEADS = ("delegation", "regierung", "seite", "führung")
_GROUP_ENDINGS = tuple(head + ending for head in GROUP_HEADS for ending in ("", "en"))
GROUP_WINDOW = 12  # tokens before the name


def group_country(span: Span, states: StateTables) -> str | None:
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
    if prefix and prefix in states.prefixes:
        return states.prefixes[prefix]
    if group.i > 0 and states.demonym_code(doc[group.i - 1].text):
        return states.demonym_code(doc[group.i - 1].text)
    # a state in the genitive before or after the group word: "Serbiens Regierung", "die Delegation Serbiens"
    for neighbour in (group.i - 1, group.i + 1):
        if lo <= neighbour < start and doc[neighbour].text.endswith("s"):
            code = states.country_of_name(doc[neighbour].text)
            if code:
                return code
    return None


def _most_common(codes: list[str]) -> str:
    """``Counter(codes).most_common(1)[0][0]``: the most frequent code, the first seen on a tie."""
    return codes[0] if len(codes) == 1 else Counter(codes).most_common(1)[0][0]


def country_of_cluster(cluster: object, published: str | None, tables: Tables) -> str | None:
    """The state ``cluster`` represents."""
    states = tables.states
    mentions = cluster.mentions  # type: ignore[attr-defined]
    stated = [c for c in (state_in_parentheses(m, states) for m in mentions) if c]
    if stated:
        return _most_common(stated)
    strong: list[str] = []
    weak: list[str] = []
    for rm in getattr(cluster, "role_mentions", []):
        code, is_strong = country_of_phrase(rm, states)
        if code:
            (strong if is_strong else weak).append(code)
    if strong:
        return _most_common(strong)
    groups = [c for c in (group_country(m, states) for m in mentions) if c]
    if groups:
        return _most_common(groups)
    # the knowledge base, memoised (``published`` None: only a fact all the person's terms share)
    country = tables.knowledge.fact(cluster.name, tuple(m.text for m in mentions), published,  # type: ignore[attr-defined]
                                    tuple(getattr(cluster, "roles", ())), "country")
    if country is not None:
        return country
    if weak:
        return _most_common(weak)
    return None


def fill_from_knowledge(cluster: object, published: str | None, kb: KnowledgeBase) -> None:
    """Office from the knowledge base when the text names none; without ``published``, only an office all
    the person's terms share."""
    if getattr(cluster, "roles", None):
        return
    texts = tuple(m.text for m in cluster.mentions)  # type: ignore[attr-defined]
    office = kb.fact(cluster.name, texts, published, (), "office")  # type: ignore[attr-defined]
    if office is not None:
        cluster.roles.append(office)  # type: ignore[attr-defined]


@Language.factory(
    "diplograph_countries",
    default_config={"use_knowledge": True},
    assigns=["doc._.actors"],  # sets each actor's country (and an office from the knowledge base)
    requires=["doc._.actors", "token.ent_type", "doc.sents"],
)
def make_countries(nlp: Language, name: str, use_knowledge: bool) -> CountriesComponent:
    return CountriesComponent(nlp, use_knowledge=use_knowledge).named(name)


class CountriesComponent(BatchedComponent):
    """Sets ``country`` (and a knowledge-base office where the text gives none) on every actor.

    The component owns the state tables (demonyms, country aliases, institutions: :class:`StateTables`)
    and the office-holder knowledge base, which the other diplograph components of its pipeline read too
    (:class:`~diplograph.pipeline.tables.TableSource`). ``initialize(demonyms=, country_aliases=,
    institutions=, office_holders=)`` replaces them, ``nlp.to_disk`` writes them to ``<component>/``
    ``demonyms.tsv``, ``country_aliases.tsv``, ``institutions.tsv`` and ``office_holders.jsonl`` (the
    formats of the package's resources) and ``spacy.load`` reads them back."""

    HOLDERS_FILE = "office_holders.jsonl"

    def __init__(self, nlp: Language, use_knowledge: bool = True) -> None:
        self.use_knowledge = use_knowledge
        self.states = default_states()
        self.knowledge = default_knowledge()
        self.source = TableSource(nlp)  # these, with the roles of the pipeline's roles component

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   demonyms: Any = None, country_aliases: Any = None, institutions: Any = None,
                   office_holders: Iterable[dict] | str | Path | None = None) -> None:
        """Replace tables (None keeps one): ``demonyms`` (adjective stem -> code), ``country_aliases``
        (lowercase name -> code), each a mapping or the path of a file in the package's format;
        ``institutions``: (form, code, kind) rows or such a file; ``office_holders``: entries
        (``{"name", "aliases", "office", "country", "start", "end"}``) or a JSON-lines file of them."""
        old = self.states
        if demonyms is not None or country_aliases is not None or institutions is not None:
            self.states = StateTables(
                rows_from(demonyms, 2) if demonyms is not None else old.demonym_rows,
                rows_from(country_aliases, 2) if country_aliases is not None else old.alias_rows,
                rows_from(institutions, 3) if institutions is not None else old.institution_rows)
        if isinstance(office_holders, str | Path):
            self.knowledge = KnowledgeBase(read_holders(Path(office_holders).read_text("utf-8")))
        elif office_holders is not None:
            self.knowledge = KnowledgeBase(tuple(holder_from(d) for d in office_holders))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for file_name, text in self.states.texts().items():
            (path / file_name).write_text(text, encoding="utf-8")
        (path / self.HOLDERS_FILE).write_text(write_holders(self.knowledge.holders), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CountriesComponent:
        path = Path(path)
        files = {key: path / name for key, name in StateTables.FILES.items() if (path / name).exists()}
        holders = path / self.HOLDERS_FILE
        self.initialize(**files, office_holders=holders if holders.exists() else None)
        if self.states.texts() == default_states().texts():
            self.states = default_states()  # the package's tables, shared with library callers
        if holders.exists() and self.knowledge.holders == default_knowledge().holders:
            self.knowledge = default_knowledge()
        return self

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        tables = self.source()
        for cluster in doc._.actors or []:
            cluster.country = country_of_cluster(cluster, published, tables)
            if self.use_knowledge:
                fill_from_knowledge(cluster, published, self.knowledge)
        return doc

