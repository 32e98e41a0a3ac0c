"""The tables several components read, and which component owns them.

* :class:`StateTables` (demonyms.tsv, country_aliases.tsv, institutions.tsv) and the office-holder
  :class:`~diplograph.pipeline.knowledge.KnowledgeBase` belong to ``diplograph_countries``;
* :class:`RoleTables` (roles.tsv, role_modifiers.tsv, role_stopwords.tsv, office_roles.tsv) belong to
  ``diplograph_roles``.

The owners load them in ``initialize`` / ``from_disk`` and write them in ``to_disk``. Every other diplograph
component of the same pipeline reads the owners' tables through a :class:`TableSource` (it finds the owners
once, as spaCy's tok2vec listeners find their upstream component, and sees what they hold now), so a
pipeline has one copy of each table. Without an owner in the pipeline, and for library callers outside a
pipeline, the package's files (:func:`default_tables`) stand in. The tables never change once made: a
component given new data makes new tables, so the functions memoised on them stay right.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import babel
from spacy.language import Language

from diplograph.pipeline.knowledge import KnowledgeBase, default_knowledge

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
ADJ_ENDINGS = ("", "e", "er", "es", "en", "em")
Rows = tuple[tuple[str, ...], ...]


def read_rows(text: str) -> Rows:
    """The tab-separated rows of a table; blank lines and lines starting with "#" are skipped."""
    return tuple(tuple(line.split("\t")) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def write_rows(rows: Iterable[Iterable[str]]) -> str:
    return "".join("\t".join(row) + "\n" for row in rows)


def resource_rows(name: str) -> Rows:
    """The rows of the package's ``resources/<name>``."""
    return read_rows((RESOURCES / name).read_text("utf-8"))


def rows_from(data: Any, width: int) -> Rows:
    """Rows from a path of a table file, a mapping (key -> value: two columns) or an iterable of rows."""
    if isinstance(data, str | Path):
        return read_rows(Path(data).read_text("utf-8"))
    if isinstance(data, dict):
        return tuple((str(k), str(v)) for k, v in data.items())
    rows = tuple(tuple(row) if not isinstance(row, str) else (row,) for row in data)
    return tuple(row[:width] for row in rows)


@cache
def _cldr_country_names() -> tuple[tuple[str, str], ...]:
    """German country names (CLDR), lowercase, with their ISO codes."""
    return tuple((name.lower(), code) for code, name in babel.Locale("de").territories.items()
                 if len(code) == 2 and code.isalpha())


@dataclass(eq=False)
class StateTables:
    """Demonym adjectives, country names (CLDR and ``country_aliases``) and institutions, each -> a state's
    code. Hashed by identity: memoised functions keyed on it never mix two tables."""

    FILES = {"demonyms": "demonyms.tsv", "country_aliases": "country_aliases.tsv", "institutions": "institutions.tsv"}

    demonym_rows: Rows
    alias_rows: Rows
    institution_rows: Rows
    demonyms: dict[str, str] = field(init=False)  # every inflection, lowercase -> code ("russischen" -> "RU")
    names: dict[str, str] = field(init=False)  # country names and their genitives, lowercase -> code
    institutions: dict[str, dict[str, str]] = field(init=False)  # kind -> {form: code}

    def __post_init__(self) -> None:
        self.demonyms = {stem + ending: code for stem, code in self.demonym_rows for ending in ADJ_ENDINGS[1:]}
        names = dict(_cldr_country_names())
        names.update((name, code) for name, code in self.alias_rows)
        for name, code in list(names.items()):
            if not name.endswith("s"):
                names.setdefault(name + "s", code)
                names.setdefault(name + "es", code)
        self.names = names
        self.institutions = {}
        for form, code, kind in self.institution_rows:
            self.institutions.setdefault(kind, {})[form] = code
        self.prefixes = self.institutions.get("prefix", {})  # "us" -> "US" ("US-Außenminister")
        self.compound_code = lru_cache(maxsize=65536)(self._compound_code)
        self.institution_name_code = lru_cache(maxsize=65536)(self._institution_name_code)
        self._longest_first = {kind: tuple(sorted(forms.items(), key=lambda kv: -len(kv[0])))
                               for kind, forms in self.institutions.items()}

    def demonym_code(self, word: str) -> str | None:
        return self.demonyms.get(word.lower())

    def country_of_name(self, text: str) -> str | None:
        """'Frankreichs' -> 'FR'."""
        return self.names.get(text.lower())

    def _compound_code(self, word: str, kind: str) -> str | None:
        """The code of the longest form of ``kind`` that ``word`` (lowercased) begins with, before more text."""
        lower = word.lower()
        for form, code in self._longest_first.get(kind, ()):
            if lower.startswith(form) and len(lower) > len(form) + 2:
                return code
        return None

    def _institution_name_code(self, text: str) -> str | None:
        """The code of the first institution name (kind "name") that ``text`` contains."""
        for form, code in self.institutions.get("name", {}).items():
            if form in text:
                return code
        return None

    def texts(self) -> dict[str, str]:
        """File name -> the table's text (the format of the package's files)."""
        return {self.FILES["demonyms"]: write_rows(self.demonym_rows),
                self.FILES["country_aliases"]: write_rows(self.alias_rows),
                self.FILES["institutions"]: write_rows(self.institution_rows)}


@dataclass(eq=False)
class RoleTables:
    """Role head words with their inflection class, role modifiers, role stopwords and the office words
    (by kind: head, bare, prefix, compound). Hashed by identity, like :class:`StateTables`."""

    FILES = {"roles": "roles.tsv", "role_modifiers": "role_modifiers.tsv", "role_stopwords": "role_stopwords.tsv",
             "office_roles": "office_roles.tsv"}

    role_rows: Rows
    modifier_rows: Rows
    stopword_rows: Rows
    office_rows: Rows

    def __post_init__(self) -> None:
        self.heads = tuple(sorted(((r[0], r[1]) for r in self.role_rows), key=lambda r: -len(r[0])))  # longest first
        self.modifiers = tuple(r[0] for r in self.modifier_rows)
        self.stopwords = frozenset(r[0] for r in self.stopword_rows)
        self.offices = {kind: tuple(r[1] for r in self.office_rows if r[0] == kind)
                        for kind in ("head", "bare", "prefix", "compound")}

    def texts(self) -> dict[str, str]:
        return {self.FILES["roles"]: write_rows(self.role_rows),
                self.FILES["role_modifiers"]: write_rows(self.modifier_rows),
                self.FILES["role_stopwords"]: write_rows(self.stopword_rows),
                self.FILES["office_roles"]: write_rows(self.office_rows)}


@cache
def default_states() -> StateTables:
    return StateTables(*(resource_rows(name) for name in StateTables.FILES.values()))


@cache
def default_roles() -> RoleTables:
    return RoleTables(*(resource_rows(name) for name in RoleTables.FILES.values()))


@dataclass(frozen=True, eq=False)
class Tables:
    """The tables a document is read with: states, knowledge base, roles."""

    states: StateTables
    knowledge: KnowledgeBase
    roles: RoleTables


@lru_cache(maxsize=16)
def tables_of(states: StateTables, knowledge: KnowledgeBase, roles: RoleTables) -> Tables:
    """The one :class:`Tables` of these parts (so that the memoised functions keyed on it share entries)."""
    return Tables(states, knowledge, roles)


def default_tables() -> Tables:
    """The package's tables: for library callers outside a pipeline."""
    return tables_of(default_states(), default_knowledge(), default_roles())


COUNTRIES, ROLES = "diplograph_countries", "diplograph_roles"


def owner(nlp: Language, factory: str) -> Any | None:
    """The first component of ``nlp`` made by ``factory``, or None (a disabled one too: its tables are data
    the others read, also while it does not run)."""
    for name in nlp.component_names:
        if nlp.get_pipe_meta(name).factory == factory:
            return nlp.get_pipe(name)
    return None


class TableSource:
    """The tables of a pipeline: the states and knowledge base of its ``diplograph_countries``, the roles of
    its ``diplograph_roles``, the package's where it has none. The owners are looked up at the first
    document (all components are added by then); their current tables are read at every call."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self._owners: tuple[Any, Any] | None = None

    def __call__(self) -> Tables:
        if self._owners is None:
            self._owners = (owner(self.nlp, COUNTRIES), owner(self.nlp, ROLES))
        countries, roles = self._owners
        return tables_of(countries.states if countries is not None else default_states(),
                         countries.knowledge if countries is not None else default_knowledge(),
                         roles.role_tables if roles is not None else default_roles())
