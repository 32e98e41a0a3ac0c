"""Organisations: the NER's ORG entities plus well-known organisations (resources/organizations.txt) and
institutions named by their German word ("US-Außenministerium", "Bundesregierung", "Trump-Administration",
"des ukrainischen Außenministeriums")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.countries import demonym_code
from diplograph.pipeline.extensions import ext_get, ext_set
from diplograph.pipeline.tokens import doc_words, longest_ranges

INSTITUTION = re.compile(r"(?:[A-ZÄÖÜ][\w]*-)?[A-ZÄÖÜ][\wäöüß]*(?:ministerium|ministeriums|regierung|administration"
                         r"|präsidialamt|präsidialamts|außenamt|außenamts)")


@lru_cache(maxsize=65536)
def _is_institution(word: str) -> bool:
    return INSTITUTION.fullmatch(word) is not None




# Every institution word contains one of these (case-sensitive, as INSTITUTION is).
_HINTS = ("ministerium", "regierung", "administration", "präsidialamt", "außenamt")
_INSTITUTION_HINT = re.compile("|".join(_HINTS))
_SEPARATOR = "\x1f"


def institution_indices(words: list[str]) -> list[int]:
    """Indices of the capitalised institution words ("US-Außenministerium") among ``words``.

    The words are joined into one string and searched for the endings institution words have; only the
    words with such a hit are then tested one by one."""
    joined = _SEPARATOR.join(words)
    if not any(hint in joined for hint in _HINTS):
        return []
    hits = [m.start() for m in _INSTITUTION_HINT.finditer(joined)]
    if joined.count(_SEPARATOR) != len(words) - 1:  # a token holds the separator: test every word
        candidates: Iterable[int] = range(len(words))
    else:
        candidates = sorted({joined.count(_SEPARATOR, 0, pos) for pos in hits})
    return [i for i in candidates if _is_institution_word(words[i])]


@lru_cache(maxsize=65536)
def _is_institution_word(word: str) -> bool:
    return bool(word[:1].isupper() and _is_institution(word))


@lru_cache(maxsize=1)
def known_names() -> tuple[str, ...]:
    text = resources.files("diplograph.resources").joinpath("organizations.txt").read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@Language.factory("diplograph_organizations", assigns=["doc._.organizations"], requires=["doc.ents", "doc._.actors"])
def make_organizations(nlp: Language, name: str) -> OrganizationsComponent:
    return OrganizationsComponent(nlp).named(name)


class OrganizationsComponent(BatchedComponent):
    """Sets ``doc._.organizations`` (ORG spans, longest first where they overlap, in text order)."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        patterns = [nlp.make_doc(name) for name in known_names()]
        self.matcher.add("ORG", patterns)
        # a known name matches only where a token has the text of a name's first token
        self.first_words = frozenset(pattern[0].text for pattern in patterns if len(pattern))
        self.org_label = nlp.vocab.strings.add("ORG")

    def __call__(self, doc: Doc) -> Doc:
        org = self.org_label
        words = doc_words(doc)
        ranges = [(e.start, e.end) for e in doc.ents if e.label == org]
        if not self.first_words.isdisjoint(words):
            ranges += [(start, end) for _, start, end in self.matcher(doc)]
        ranges += self._institution_ranges(words)
        kept = longest_ranges(ranges) if ranges else ranges
        if kept:
            persons = [(s.start, s.end) for c in ext_get(doc, "actors") or [] for s in c.mentions if s.end > s.start]
            if persons:  # drop the ranges that share a token with a person's name
                kept = [(start, end) for start, end in kept
                        if not any(p_start < end and start < p_end for p_start, p_end in persons)]
        ext_set(doc, "organizations", [Span(doc, start, end, label=org) for start, end in kept])
        return doc

    @staticmethod
    def _institution_ranges(words: list[str]) -> list[tuple[int, int]]:
        out = []
        for i in institution_indices(words):
            start = i - 1 if i > 0 and demonym_code(words[i - 1]) else i  # "des ukrainischen Außenministeriums"
            out.append((start, i + 1))
        return out

