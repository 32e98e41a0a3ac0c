"""The state (or body: EU, NATO, UN ...) each actor represents.

Evidence, strongest first: the role phrase ("US-Außenminister", "der russische Außenminister",
"Außenminister des Irans", "Kremlsprecher", "Sprecherin des Weißen Hauses"), then the office-holder
knowledge base (``diplograph.knowledge``), then weak compound hints ("Bundeskanzler" -> DE).
German country names come from CLDR (Babel); demonym adjectives and institutions from data files.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import babel
from spacy.language import Language
from spacy.tokens import Doc, Span

from diplograph import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.components.roles import RoleMention
from diplograph.knowledge import best_holder

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


def demonym_code(word: str) -> str | None:
    return demonyms().get(word.lower())


def country_of_name(text: str) -> str | None:
    """'Frankreichs' -> 'FR', 'des Irans' is looked up without the article by the caller."""
    return country_names().get(text.lower())


def _compound_code(word: str, kind: str) -> str | None:
    lower = word.lower()
    for form, code in sorted(institutions().get(kind, {}).items(), key=lambda kv: -len(kv[0])):
        if lower.startswith(form) and len(lower) > len(form) + 2:
            return code
    return None


def country_of_phrase(rm: RoleMention) -> tuple[str | None, bool]:
    """(code, strong) that a role phrase states; strong=False for weak hints such as "Bundes-"."""
    word = rm.word
    if word.prefix:
        return institutions()["prefix"][word.prefix.lower()], True
    for tok in rm.span:
        if tok.i > rm.role_token.i:
            break  # demonyms after the role belong to its complement ("Organisation Amerikanischer Staaten")
        code = demonym_code(tok.text)
        if code:
            return code, True
    head = rm.role_token.text
    code = _compound_code(head.replace("-", ""), "compound")
    if code:
        return code, True
    after = rm.span.doc[rm.role_token.i + 1:rm.span.end]
    genitive = len(after) > 0 and after[0].lower_ in {"des", "der"}
    if len(after) and after[0].text.endswith("s"):
        code = country_of_name(after[0].text)
        if code:
            return code, True  # "Präsident Frankreichs"
    if not genitive:
        after = after[:0]
    text = after.text.lower()
    for tok in after:
        code = country_of_name(tok.text)
        if code and tok.text[0].isupper():
            return code, True
    for form, code in institutions().get("name", {}).items():
        if form in text:
            return code, True
    for tok in after:
        code = demonym_code(tok.text)
        if code:
            return code, True  # "Sprecher des ukrainischen Außenministeriums"
    for i in range(len(after) - 1):
        code = country_of_name(f"{after[i].text} {after[i + 1].text}")
        if code:
            return code, True
    code = _compound_code(head, "weak")
    return code, False


GROUP_HEADS = ("delegation", "regierung", "seite", "führung")


def group_country(span: Span) -> str | None:
    """"die US-Delegation von Sonata Coulter", "die russische Delegation vom Direktor ..., X": the state of
    the group a person leads or belongs to, named shortly before the name in the same sentence."""
    doc = span.doc
    lo = max(span.sent.start if doc.has_annotation("SENT_START") else 0, span.start - 12)
    for k in range(span.start - 1, lo - 1, -1):
        tok = doc[k]
        if tok.ent_type_ == "PER":
            return None
        lower = tok.lower_
        if any(lower.endswith(h) or lower.endswith(h + "en") for h in GROUP_HEADS):
            prefix = lower.split("-", 1)[0] if "-" in lower else None
            if prefix and prefix in institutions().get("prefix", {}):
                return institutions()["prefix"][prefix]
            if k > 0 and demonym_code(doc[k - 1].text):
                return demonym_code(doc[k - 1].text)
            return None
    return None


def country_of_cluster(cluster: object, published: str | None) -> str | None:
    strong: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    for rm in getattr(cluster, "role_mentions", []):
        code, is_strong = country_of_phrase(rm)
        if code:
            (strong if is_strong else weak)[code] += 1
    if strong:
        return strong.most_common(1)[0][0]
    groups = Counter(c for c in (group_country(m) for m in cluster.mentions) if c)  # type: ignore[attr-defined]
    if groups:
        return groups.most_common(1)[0][0]
    holder = best_holder(cluster.name, [m.text for m in cluster.mentions], published,  # type: ignore[attr-defined]
                         roles=list(getattr(cluster, "roles", [])))
    if holder is not None:
        return holder.country
    if weak:
        return weak.most_common(1)[0][0]
    return None


def fill_from_knowledge(cluster: object, published: str | None) -> None:
    """Office from the knowledge base when the text names none."""
    if getattr(cluster, "roles", None):
        return
    holder = best_holder(cluster.name, [m.text for m in cluster.mentions], published)  # type: ignore[attr-defined]
    if holder is not None:
        cluster.roles.append(holder.office)  # type: ignore[attr-defined]


@Language.factory("diplograph_countries", default_config={"use_knowledge": True})
def make_countries(nlp: Language, name: str, use_knowledge: bool) -> CountriesComponent:
    return CountriesComponent(use_knowledge=use_knowledge)


class CountriesComponent:
    """Sets ``country`` (and a knowledge-base office where the text gives none) on every actor."""

    def __init__(self, use_knowledge: bool = True) -> None:
        self.use_knowledge = use_knowledge

    def __call__(self, doc: Doc) -> Doc:
        for cluster in doc._.actors or []:
            cluster.country = country_of_cluster(cluster, doc._.published)
            if self.use_knowledge:
                fill_from_knowledge(cluster, doc._.published)
        return doc
