"""Organisations: the NER's ORG entities plus well-known organisations (resources/organizations.txt) and
institutions named by their German word ("US-Außenministerium", "Bundesregierung", "Trump-Administration",
"des ukrainischen Außenministeriums")."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from diplograph import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.tokens import token_texts

INSTITUTION = re.compile(r"(?:[A-ZÄÖÜ][\w]*-)?[A-ZÄÖÜ][\wäöüß]*(?:ministerium|ministeriums|regierung|administration"
                         r"|präsidialamt|präsidialamts|außenamt|außenamts)")


@lru_cache(maxsize=65536)
def _is_institution(word: str) -> bool:
    return INSTITUTION.fullmatch(word) is not None


@lru_cache(maxsize=1)
def known_names() -> tuple[str, ...]:
    text = resources.files("diplograph.resources").joinpath("organizations.txt").read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@Language.factory("diplograph_organizations")
def make_organizations(nlp: Language, name: str) -> OrganizationsComponent:
    return OrganizationsComponent(nlp)


class OrganizationsComponent:
    """Sets ``doc._.organizations`` (ORG spans, longest first where they overlap, in text order)."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher.add("ORG", [nlp.make_doc(name) for name in known_names()])

    def __call__(self, doc: Doc) -> Doc:
        persons = {i for c in doc._.actors or [] for s in c.mentions for i in range(s.start, s.end)}
        spans = [e for e in doc.ents if e.label_ == "ORG"]
        spans += [Span(doc, start, end, label="ORG") for _, start, end in self.matcher(doc)]
        spans += self._institutions(doc)
        kept = [s for s in filter_spans(spans) if not any(i in persons for i in range(s.start, s.end))]
        doc._.organizations = sorted(kept, key=lambda s: s.start)
        return doc

    @staticmethod
    def _institutions(doc: Doc) -> list[Span]:
        from diplograph.components.countries import demonym_code

        words = token_texts(doc)
        out = []
        for i, word in enumerate(words):
            if word[:1].isupper() and _is_institution(word):
                start = i - 1 if i > 0 and demonym_code(words[i - 1]) else i  # "des ukrainischen Außenministeriums"
                out.append(Span(doc, start, i + 1, label="ORG"))
        return out
