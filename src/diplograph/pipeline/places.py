"""Places: LOC entities (and known places the NER missed or mislabelled) normalised against the gazetteer
(:mod:`diplograph.pipeline.gazetteer`: GeoNames/CLDR and our own German names).

The component keeps every LOC entity (venues such as "Oval Office" stay, unresolved), keeps ORG/MISC
entities only when they resolve to a known place, and adds a gazetteer pass over tokens outside entities
for unambiguous names: countries, regions, and cities above ``min_population`` that are not German common
nouns, first names or surnames (``german-nouns``) nor in ``resources/places_stoplist.txt``. Inflected forms
merge into their nominative ("Moskaus" -> "Moskau").

The place aliases and the stoplist are the component's data: ``initialize(aliases=..., stoplist=...)``
replaces them, ``nlp.to_disk`` writes them to ``<component>/places_aliases.json`` and
``<component>/places_stoplist.txt`` (the formats of the package's resources) and ``spacy.load`` reads them
back; the component then builds its own gazetteer (once, on first use).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

import srsly
from spacy.attrs import ORTH
from spacy.lang.de.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.extract import sentence_starts
from diplograph.pipeline.gazetteer import (  # noqa: F401  (gazetteer, german_country_name: used from here by events)
    GENITIVE_SUFFIXES,
    Gazetteer,
    build_gazetteer,
    gazetteer,
    german_country_name,
    german_non_place_words,
    is_well_known,
    read_stoplist,
    shipped_aliases,
    stoplist,
)
from diplograph.records import Mention, Place


class Candidate(NamedTuple):
    """A piece of text that may name a place: character offsets and the token it starts at."""

    text: str
    start: int
    end: int
    token: int
    source: str  # "ner" | "known" | "gazetteer"


def _person_words(doc: Doc, gaz: Gazetteer) -> set[str]:
    """The words of the persons' names (a one-word name that is a well-known place aside)."""
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PER":
            if len(ent) > 1:
                out.update(token.text for token in ent)
            elif not is_well_known(ent.text, gaz):
                out.add(ent.text)
    return out


def gazetteer_matches(doc: Doc, gaz: Gazetteer, covered: set[int]) -> list[Span]:
    """Known place names in tokens outside ``covered`` (longest match; genitive -s on the last word)."""
    matches: list[Span] = []
    strings = doc.vocab.strings
    words = [strings[key] for key in doc.to_array(ORTH).tolist()]  # the token texts, without a Token each
    n_words = len(words)
    for i, word in enumerate(words):
        if i in covered or (matches and i < matches[-1].end):
            continue
        for names in gaz.start_options(word):  # the names that may start here, longest first
            n = len(names)
            if i + n > n_words or (n > 1 and not covered.isdisjoint(range(i, i + n))):
                continue
            if tuple(words[i:i + n - 1]) == names[:-1] and _same_or_genitive(words[i + n - 1], names[-1]):
                matches.append(doc[i:i + n])
                break
    return matches


def _same_or_genitive(word: str, base: str) -> bool:
    return word == base or any(word == base + suffix for suffix in GENITIVE_SUFFIXES)


STRIP_CHARS = " \t\n.,;:!?\"'„“”«»()[]"


def candidate_parts(span: Span) -> list[tuple[str, int]]:
    """``span`` without trailing lowercase words, split at slashes ("Washington/Moskau"), as (text, start
    character) of each part."""
    end = span.end
    while end > span.start and not span.doc[end - 1].text[:1].isupper():
        end -= 1
    if end == span.start:
        return []
    trimmed = span.doc[span.start:end]
    return _parts_of(trimmed.text, trimmed.start_char)


def _parts_of(text: str, start_char: int) -> list[tuple[str, int]]:
    """The slash-separated parts of ``text`` (starting at character ``start_char``) without the characters
    in ``STRIP_CHARS`` around them, empty parts dropped, as (part, start character)."""
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
    found_people: list[set[str]] = []

    def people() -> set[str]:
        """The words of the persons' names (:func:`_person_words`), found when first needed."""
        if not found_people:
            found_people.append(_person_words(doc, gaz))
        return found_people[0]

    out: list[Candidate] = []
    covered: set[int] = set()
    for ent in doc.ents:
        covered.update(range(ent.start, ent.end))
        label = ent.label_
        if label == "LOC":
            for text, begin in candidate_parts(ent):
                # a name the gazetteer knows as written is kept without the persons' names being needed
                if text not in gaz.index and " " not in text and _unresolved_non_place(
                        text, gaz, people(), german_non_place_words()):
                    continue
                out.append(Candidate(text, begin, begin + len(text), ent.start, "ner"))
        elif label in known_only_labels or (label == "PER" and len(ent) == 1):
            for text, begin in candidate_parts(ent):
                if is_well_known(text, gaz) and not _base_in(text, people()):
                    out.append(Candidate(text, begin, begin + len(text), ent.start, "known"))
    if use_gazetteer:
        for span in gazetteer_matches(doc, gaz, covered):
            if not _base_in(span.text, people()):
                out.extend(Candidate(text, begin, begin + len(text), span.start, "gazetteer")
                           for text, begin in candidate_parts(span))
    out.sort(key=lambda candidate: candidate.start)
    return out


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
    starts = sentence_starts(doc)
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
        place.mentions.append(Mention(text, start, end, bisect_right(starts, token) - 1))
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

    ALIASES_FILE = "places_aliases.json"
    STOPLIST_FILE = "places_stoplist.txt"

    def __init__(self, *, min_population: int = 100_000, use_gazetteer: bool = True,
                 known_only_labels: tuple[str, ...] = ("ORG", "MISC")) -> None:
        self.min_population = min_population
        self.use_gazetteer = use_gazetteer
        self.known_only_labels = known_only_labels
        self._use(shipped_aliases(), sorted(stoplist()))

    def _use(self, aliases: dict[str, Any], stop: Iterable[str]) -> None:
        """Take the place ``aliases`` (the format of resources/places_aliases.json) and the stoplist ``stop``;
        the gazetteer is built from them on first use (the package's, shared, when they are the package's)."""
        self.aliases = aliases
        self.stoplist = list(stop)
        self._gazetteer: Gazetteer | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        """The component's gazetteer (built once)."""
        if self._gazetteer is None:
            shipped = self.aliases == shipped_aliases() and frozenset(self.stoplist) == stoplist()
            self._gazetteer = gazetteer(self.min_population) if shipped else build_gazetteer(
                self.min_population, self.aliases["places"], self.stoplist)
        return self._gazetteer

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   aliases: dict[str, Any] | str | Path | None = None,
                   stoplist: Iterable[str] | str | Path | None = None) -> None:
        """``aliases``: place aliases (JSON data, or the path of a file, in the format of
        resources/places_aliases.json); ``stoplist``: the names the gazetteer pass never tags (a list, or the
        path of a file with one a line). None keeps what is there."""
        if aliases is not None:
            self._use(aliases if isinstance(aliases, dict) else srsly.read_json(aliases), self.stoplist)
        if isinstance(stoplist, (str, Path)):
            stoplist = read_stoplist(Path(stoplist).read_text("utf-8"))
        if stoplist is not None:
            self._use(self.aliases, stoplist)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / self.ALIASES_FILE, self.aliases)
        (path / self.STOPLIST_FILE).write_text("".join(f"{word}\n" for word in self.stoplist), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> PlacesComponent:
        path = ensure_path(path)
        aliases, stop = self.aliases, self.stoplist
        if (path / self.ALIASES_FILE).exists():
            aliases = srsly.read_json(path / self.ALIASES_FILE)
        if (path / self.STOPLIST_FILE).exists():
            stop = list(read_stoplist((path / self.STOPLIST_FILE).read_text("utf-8")))
        self._use(aliases, stop)
        return self

    def __call__(self, doc: Doc) -> Doc:
        doc._.places = collect_places(doc, self.gazetteer, use_gazetteer=self.use_gazetteer,
                                      known_only_labels=self.known_only_labels)
        return doc
