"""Organisations: the NER's ORG entities plus well-known organisations (resources/organizations.txt) and
institutions named by their German word ("US-Außenministerium", "Bundesregierung", "Trump-Administration",
"des ukrainischen Außenministeriums")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, filter_spans

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.tables import TableSource

INSTITUTION = re.compile(r"(?:[A-ZÄÖÜ][\w]*-)?[A-ZÄÖÜ][\wäöüß]*(?:ministerium|ministeriums|regierung|administration"
                         r"|präsidialamt|präsidialamts|außenamt|außenamts)")


@lru_cache(maxsize=65536)
def is_institution_word(word: str) -> bool:
    """A capitalised institution word ("US-Außenministerium", "Bundesregierung")."""
    return bool(word[:1].isupper() and INSTITUTION.fullmatch(word))


@lru_cache(maxsize=1)
def known_names() -> tuple[str, ...]:
    """The organisations the package ships (resources/organizations.txt)."""
    return read_names(resources.files("diplograph.resources").joinpath("organizations.txt").read_text("utf-8"))


def read_names(text: str) -> tuple[str, ...]:
    """One name a line; blank lines and lines starting with "#" are skipped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@Language.factory("diplograph_organizations", assigns=["doc._.organizations"], requires=["doc.ents", "doc._.actors"])
def make_organizations(nlp: Language, name: str) -> OrganizationsComponent:
    return OrganizationsComponent(nlp).named(name)


class OrganizationsComponent(BatchedComponent):
    """Sets ``doc._.organizations`` (ORG spans, longest first where they overlap, in text order, none that
    shares a token with a person's name).

    The known names are the component's data: ``add_names`` extends them, ``initialize(names=...)`` replaces
    them, and ``nlp.to_disk`` writes them to ``<component>/names.txt`` (one a line), which ``spacy.load`` reads
    back, so a saved pipeline can be given its own list."""

    NAMES_FILE = "names.txt"

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.make_doc = nlp.make_doc  # names are matched by the tokens the pipeline's tokenizer makes
        self.names: list[str] = []
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.add_names(known_names())
        self.tables = TableSource(nlp)  # the demonyms of the pipeline's countries component

    def add_names(self, names: Iterable[str]) -> None:
        """Add organisation names (each matched by its exact tokens)."""
        known = set(self.names)
        new = [name for name in dict.fromkeys(names) if name and name not in known]
        self.names.extend(new)
        if new:
            self.matcher.add("ORG", [self.make_doc(name) for name in new])

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   names: Iterable[str] | None = None) -> None:
        """``names``: the organisation names to use instead of the shipped ones (None keeps them)."""
        if names is not None:
            self._replace_names(names)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / self.NAMES_FILE).write_text("".join(f"{name}\n" for name in self.names), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> OrganizationsComponent:
        names_file = ensure_path(path) / self.NAMES_FILE
        if names_file.exists():
            self._replace_names(read_names(names_file.read_text("utf-8")))
        return self

    def _replace_names(self, names: Iterable[str]) -> None:
        self.names = []
        self.matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self.add_names(names)

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.match(doc))

    def match(self, doc: Doc) -> list[Span]:
        """The ORG entities, the known names and the institution words ("des ukrainischen Außenministeriums")."""
        spans = [e for e in doc.ents if e.label_ == "ORG"]
        spans += self.matcher(doc, as_spans=True)
        # the token texts from the ORTH array: iterating the doc makes a Token for every token, and
        # institution words are rare
        states = self.tables().states
        strings = doc.vocab.strings
        words = [strings[key] for key in doc.to_array(ORTH).tolist()]
        for i, word in enumerate(words):
            if is_institution_word(word):
                start = i - 1 if i > 0 and states.demonym_code(words[i - 1]) else i
                spans.append(Span(doc, start, i + 1))
        return spans

    @staticmethod
    def set_annotations(doc: Doc, spans: list[Span]) -> Doc:
        persons = {i for cluster in doc._.actors or [] for span in cluster.mentions
                   for i in range(span.start, span.end)}  # (positions from the bounds: no Token each)
        doc._.organizations = [Span(doc, span.start, span.end, label="ORG") for span in filter_spans(spans)
                               if persons.isdisjoint(range(span.start, span.end))]
        return doc
