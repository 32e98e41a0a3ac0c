"""Knowledge base of office holders (``resources/office_holders.jsonl``): general facts, not corpus data.

Each line: ``{"name", "aliases", "office", "country", "start", "end"}`` (ISO dates, ``end`` null while in
office). :func:`best_holder` finds the entry for a person named in an article, choosing among terms
by the article's publication date; :func:`holder_fact` gives one fact of it (office or state);
:func:`known_person` says who a name refers to, whatever the date.

There is no "today" here: an article without a publication date is never matched against the terms in
office now (``end`` null). Without a date no term is preferred to another, so a name shared by different
people is left unresolved, and a fact that differs between a person's terms (Baerbock: DE, then UN) is not
used; a fact every candidate term agrees on (Macron: Präsident, FR) still is.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

PATH = Path(__file__).resolve().parents[1] / "resources" / "office_holders.jsonl"
TITLES = {"dr", "prof", "papst", "könig", "konig", "koenig", "präsident", "sir"}


@lru_cache(maxsize=262_144)  # bounded: long corpora bring ever new candidate strings
def norm(text: str) -> str:
    """Casefold, strip accents and punctuation (apostrophes and hyphens become spaces)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ß", "ss").casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


@dataclass(frozen=True)
class OfficeHolder:
    name: str
    aliases: tuple[str, ...]
    office: str
    country: str
    start: str | None
    end: str | None

    def forms(self) -> tuple[str, ...]:
        return _forms(self)

    def active(self, date: str) -> bool:
        """Whether this term covers the day ``date`` (``YYYY-MM-DD``). There is no default: without a
        date no term is active or inactive (see the module docstring)."""
        return (self.start or "0000") <= date <= (self.end or "9999")


def read_holders(text: str) -> tuple[OfficeHolder, ...]:
    """The entries of a JSON-lines text in the format of ``resources/office_holders.jsonl``."""
    return tuple(holder_from(json.loads(line)) for line in text.splitlines() if line.strip())


def holder_from(d: dict) -> OfficeHolder:
    return OfficeHolder(d["name"], tuple(d.get("aliases") or ()), d["office"], d["country"], d.get("start"),
                        d.get("end"))


def write_holders(entries: tuple[OfficeHolder, ...]) -> str:
    """The JSON-lines text of ``entries`` (what :func:`read_holders` reads)."""
    return "".join(json.dumps({"name": h.name, "aliases": list(h.aliases), "office": h.office,
                               "country": h.country, "start": h.start, "end": h.end}, ensure_ascii=False) + "\n"
                   for h in entries)


@cache
def _forms(holder: OfficeHolder) -> tuple[str, ...]:
    return tuple(norm(f) for f in (holder.name, *holder.aliases))


class KnowledgeBase:
    """The office holders, indexed by name form and surname. It never changes once made (hashed by identity:
    the functions memoised on it never mix two knowledge bases)."""

    def __init__(self, entries: tuple[OfficeHolder, ...]) -> None:
        self.holders = entries
        index: dict[str, list[int]] = {}
        surname_index: dict[str, list[OfficeHolder]] = {}
        for position, h in enumerate(entries):
            for form in h.forms():
                index.setdefault(form, []).append(position)
                tokens = [t for t in form.split() if t not in TITLES]
                if tokens:
                    surname_index.setdefault(tokens[-1], []).append(h)
        self.by_form = {form: tuple(positions) for form, positions in index.items()}  # norm form -> positions
        self.by_surname = surname_index
        self.full_name_forms = self._full_name_forms()
        self.surnames = self._surnames()
        self.single_aliases = frozenset(f for h in entries for f in h.aliases
                                        if len(f.split()) == 1 and f[:1].isupper())
        self.fact = lru_cache(maxsize=65536)(self._fact)

    def _full_name_forms(self) -> dict[str, tuple[str, ...]]:
        """Every multi-token name form (normalised) -> the surface tokens of that form as written."""
        out: dict[str, tuple[str, ...]] = {}
        for h in self.holders:
            for form in (h.name, *h.aliases):
                if len(form.split()) >= 2:
                    out[norm(form)] = tuple(form.split())
        return out

    def _surnames(self) -> frozenset[str]:
        """Surnames (as written, last token) of every office holder: used to spot persons the NER missed."""
        out = set()
        for h in self.holders:
            for form in (h.name, *h.aliases):
                tokens = form.split()
                if len(tokens) >= 2 and tokens[0].lower() not in TITLES:
                    out.add(tokens[-1])
        return frozenset(out)

    def _fact(self, name: str, forms: tuple[str, ...], published: str | None, roles: tuple[str, ...],
              fact: str) -> str | None:
        """:func:`holder_fact` memoised (a cluster without roles asks twice: for its country and its office)."""
        return holder_fact(name, list(forms), published, list(roles), fact, self)


@cache
def default_knowledge() -> KnowledgeBase:
    """The package's knowledge base (``resources/office_holders.jsonl``)."""
    return KnowledgeBase(read_holders(PATH.read_text("utf-8")))


def holders() -> tuple[OfficeHolder, ...]:
    return default_knowledge().holders


def full_name_forms() -> dict[str, tuple[str, ...]]:
    """Every multi-token name form (normalised) of the package's knowledge base -> its tokens as written."""
    return default_knowledge().full_name_forms


def surnames() -> frozenset[str]:
    return default_knowledge().surnames


def single_aliases() -> frozenset[str]:
    """One-word forms listed explicitly for a person ("Xi", "Lula", "Selenskij"): matched case-exact."""
    return default_knowledge().single_aliases


def _strip_genitive(token: str) -> list[str]:
    out = [token]
    for ending in ("s", "'", "’"):
        if token.endswith(ending) and len(token) > len(ending) + 2:
            out.append(token[: -len(ending)])
    return out


def candidates(name: str, forms: list[str] | None = None, kb: KnowledgeBase | None = None) -> list[OfficeHolder]:
    """Office-holder entries that may be the person called ``name`` (and ``forms``) in one article
    (``kb``: the knowledge base, the package's by default)."""
    kb = kb or default_knowledge()
    all_forms = [name, *(forms or [])]
    index = kb.by_form
    positions = sorted({p for f in all_forms for p in index.get(norm(f), ())})
    if positions:
        table = kb.holders
        return [table[p] for p in positions]
    tokens = norm(name).split()
    if not tokens:
        return []
    found: list[OfficeHolder] = []
    for last in _strip_genitive(tokens[-1]):
        for h in kb.by_surname.get(last, []):
            if len(last) < 3 and len(tokens) == 1:
                continue
            first = [t for t in norm(h.name).split() if t not in TITLES]
            if len(tokens) > 1 and first and first[0][0] != tokens[0][0] and \
                    not any(norm(a).split()[0][0] == tokens[0][0] for a in h.aliases if norm(a)):
                continue
            found.append(h)
    return found


def _office_matches(holder: OfficeHolder, role_words: list[str]) -> bool:
    office = norm(holder.office).split()[0] if norm(holder.office) else ""
    return any(office and (office in r or r in office) for r in role_words)


def holder_terms(name: str, forms: list[str] | None = None, published: str | None = None,
                 roles: list[str] | None = None, kb: KnowledgeBase | None = None) -> list[OfficeHolder]:
    """The entries that may describe the person called ``name`` in an article published on ``published``,
    best first; [] when the name is unknown or ambiguous between people.

    With ``published`` the one best entry: a term covering that day (of the one person in office then),
    the one whose office matches ``roles`` first, else the primary office (listed first). Without it,
    every term of the one person the name can refer to (none when it can refer to several), those whose
    office matches ``roles`` only if there are any: which of them applies depends on a date nobody gave.
    """
    found = candidates(name, forms, kb)
    if not found:
        return []
    role_words = [norm(r) for r in roles or []]
    if not published:
        if len({h.name for h in found}) > 1:
            return []  # only a date could tell the people apart
        return [h for h in found if _office_matches(h, role_words)] or found
    if len({h.name for h in found}) > 1:
        active = [h for h in found if h.active(published)]
        if len({h.name for h in active}) == 1:
            found = active
        else:
            return []
    active = [h for h in found if h.active(published)] or found
    for h in active:
        if _office_matches(h, role_words):
            return [h]
    return [active[0]]  # the primary office: listed first


def best_holder(name: str, forms: list[str] | None = None, published: str | None = None,
                roles: list[str] | None = None, kb: KnowledgeBase | None = None) -> OfficeHolder | None:
    """The most plausible entry, or None when the name is unknown or ambiguous between people.

    Without ``published``, an entry only when all the person's candidate terms (:func:`holder_terms`)
    agree on office and state, so that no fact of it depends on the missing date."""
    terms = holder_terms(name, forms, published, roles, kb)
    if not terms or len({(h.office, h.country) for h in terms}) > 1:
        return None
    return terms[0]


def holder_fact(name: str, forms: list[str] | None, published: str | None, roles: list[str] | None,
                fact: str, kb: KnowledgeBase | None = None) -> str | None:
    """``fact`` (``"office"`` or ``"country"``) of the person called ``name``, or None when the name is
    unknown or ambiguous, or when, without ``published``, the person's candidate terms disagree on it."""
    values = {getattr(h, fact) for h in holder_terms(name, forms, published, roles, kb)}
    return values.pop() if len(values) == 1 else None


def known_person(name: str, forms: list[str] | None = None, kb: KnowledgeBase | None = None) -> OfficeHolder | None:
    """An entry of the one person ``name`` (and ``forms``) can refer to, or None when unknown or shared by
    several people. It identifies the person (name and spellings), whatever the date: its office and
    state are those of one term only."""
    terms = holder_terms(name, forms, kb=kb)
    return terms[0] if terms else None
