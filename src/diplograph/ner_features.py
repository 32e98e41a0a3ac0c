"""Lexicon features for the bundled German NER model.

German capitalises every noun, so capitalisation alone does not tell names from common nouns. This module
registers ``diplograph.LexiconHashEmbed.v1``, spaCy's ``MultiHashEmbed`` plus one extra hashed column per
token: a bit mask saying which word lists the token is in (common noun forms, first names, last names,
places) and whether it ends in a known common noun (German compounds) or has a noun after its last hyphen.

Import this module before ``spacy.load()`` of the bundled model. Importing is cheap: the word lists
(``resources/lexicons/*.txt.gz``) load on first use and stay cached.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import intify_attr
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

LEXICON_DIR = Path(__file__).resolve().parent / "resources" / "lexicons"

NOUN = 1
FIRST_NAME = 2
LAST_NAME = 4
PLACE = 8
NOUN_HEAD = 16  # compound ending in a known common noun ("Staatsbesuchs" -> "besuchs")
HYPHEN_NOUN = 32  # last part after a hyphen is a common noun ("EU-Kommission")
LOWER = 64  # starts lowercase
_LISTS: dict[str, int] = {"nouns": NOUN, "first_names": FIRST_NAME, "last_names": LAST_NAME, "places": PLACE}
_MIN_HEAD = 4


@lru_cache(maxsize=None)
def load_lexicon(name: str, directory: str | None = None) -> frozenset[str]:
    """One word list (``nouns``, ``first_names``, ``last_names``, ``places``), loaded once."""
    path = Path(directory or LEXICON_DIR) / f"{name}.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return frozenset(line.rstrip("\n") for line in f if line.strip())


def _noun_head(word: str, nouns: frozenset[str]) -> bool:
    """Whether a capitalised word ends in a known common noun of at least four letters."""
    for start in range(1, len(word) - _MIN_HEAD + 1):
        tail = word[start:]
        if tail[0].isalpha() and tail[0].upper() + tail[1:] in nouns:
            return True
    return False


@lru_cache(maxsize=200_000)
def lexicon_flags(word: str) -> int:
    """Bit mask of the lexicon features of one token text."""
    if not word or not word[0].isalpha():
        return 0
    if word[0].islower():
        return LOWER
    flags = 0
    for name, bit in _LISTS.items():
        if word in load_lexicon(name):
            flags |= bit
    nouns = load_lexicon("nouns")
    if "-" in word.strip("-"):
        last = word.rsplit("-", 1)[1]
        if last[:1].isupper() and last in nouns:
            flags |= HYPHEN_NOUN
    elif not flags & NOUN and len(word) > _MIN_HEAD + 2 and _noun_head(word, nouns):
        flags |= NOUN_HEAD
    return flags


def doc_features(doc: Doc, attr_ids: Sequence[int]) -> numpy.ndarray:
    """The token attributes plus the lexicon bit mask as the last column (uint64)."""
    base = doc.to_array(list(attr_ids)) if attr_ids else numpy.zeros((len(doc), 0), dtype="uint64")
    base = base.reshape((len(doc), len(attr_ids))).astype("uint64")
    flags = numpy.asarray([lexicon_flags(t.text) for t in doc], dtype="uint64").reshape((len(doc), 1))
    return numpy.hstack([base, flags])


def LexiconFeatureExtractor(attrs: Sequence[str | int]) -> Model[list[Doc], list[Ints2d]]:
    """Like spaCy's FeatureExtractor, with the lexicon column appended."""
    attr_ids = [intify_attr(a) for a in attrs]

    def forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Ints2d], Callable]:
        features = [model.ops.asarray2i(doc_features(doc, attr_ids), dtype="uint64") for doc in docs]
        return features, lambda d_features: []

    return Model("diplograph_lexicon_features", forward, attrs={"attrs": attr_ids})


@registry.architectures("diplograph.LexiconHashEmbed.v1")
def LexiconHashEmbed(
    width: int, attrs: list[str], rows: list[int], lexicon_rows: int = 256
) -> Model[list[Doc], list[Floats2d]]:
    """MultiHashEmbed (no static vectors) plus a hashed embedding of the lexicon bit mask."""
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
    all_rows = [*rows, lexicon_rows]
    embeddings = [
        HashEmbed(width, n_rows, column=i, seed=8 + i, dropout=0.0) for i, n_rows in enumerate(all_rows)
    ]
    max_out = with_array(Maxout(width, width * len(embeddings), nP=3, dropout=0.0, normalize=True))
    return chain(
        LexiconFeatureExtractor(attrs),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        max_out,
        ragged2list(),
    )
