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
from functools import cache, lru_cache
from pathlib import Path

import numpy
from spacy.attrs import intify_attr
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

LEXICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "lexicons"

NOUN = 1
FIRST_NAME = 2
LAST_NAME = 4
PLACE = 8
NOUN_HEAD = 16  # compound ending in a known common noun ("Staatsbesuchs" -> "besuchs")
HYPHEN_NOUN = 32  # last part after a hyphen is a common noun ("EU-Kommission")
LOWER = 64  # starts lowercase
_LISTS: dict[str, int] = {"nouns": NOUN, "first_names": FIRST_NAME, "last_names": LAST_NAME, "places": PLACE}
_MIN_HEAD = 4


@cache
def load_lexicon(name: str, directory: str | None = None) -> frozenset[str]:
    """One word list (``nouns``, ``first_names``, ``last_names``, ``places``), loaded once."""
    path = Path(directory or LEXICON_DIR) / f"{name}.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return frozenset(line.rstrip("\n") for line in f if line.strip())


@cache
def sample_names(name: str) -> tuple[str, ...]:
    """A lexicon as a sorted tuple, for sampling (training-time augmentation)."""
    return tuple(sorted(w for w in load_lexicon(name) if w.isalpha() and len(w) > 2))


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


def affix(word: str, length: int) -> str:
    """Prefix of ``length`` characters, or suffix of ``-length`` characters (lowercased)."""
    word = word.lower()
    return word[:length] if length > 0 else word[length:]


def doc_features(doc: Doc, attr_ids: Sequence[int], affixes: Sequence[int] = ()) -> numpy.ndarray:
    """Token attributes, then one column per extra affix length, then the lexicon bit mask (uint64)."""
    base = doc.to_array(list(attr_ids)) if attr_ids else numpy.zeros((len(doc), 0), dtype="uint64")
    columns = [base.reshape((len(doc), len(attr_ids))).astype("uint64")]
    for length in affixes:
        hashes = [hash_string(affix(t.text, length)) for t in doc]
        columns.append(numpy.asarray(hashes, dtype="uint64").reshape((len(doc), 1)))
    flags = [lexicon_flags(t.text) for t in doc]
    columns.append(numpy.asarray(flags, dtype="uint64").reshape((len(doc), 1)))
    return numpy.hstack(columns)


def LexiconFeatureExtractor(attrs: Sequence[str | int], affixes: Sequence[int] = ()) -> Model[list[Doc], list[Ints2d]]:
    """Like spaCy's FeatureExtractor, with the affix and lexicon columns appended."""
    attr_ids = [intify_attr(a) for a in attrs]

    def forward(model: Model, docs: list[Doc], is_train: bool) -> tuple[list[Ints2d], Callable]:
        features = [model.ops.asarray2i(doc_features(doc, attr_ids, affixes), dtype="uint64") for doc in docs]
        return features, lambda d_features: []

    return Model("diplograph_lexicon_features", forward, attrs={"attrs": attr_ids, "affixes": list(affixes)})


@registry.architectures("diplograph.LexiconHashEmbed.v1")
def LexiconHashEmbed(
    width: int,
    attrs: list[str],
    rows: list[int],
    lexicon_rows: int = 256,
    affixes: list[int] | None = None,
    affix_rows: list[int] | None = None,
) -> Model[list[Doc], list[Floats2d]]:
    """MultiHashEmbed (no static vectors) plus hashed embeddings of extra affixes and the lexicon mask.

    ``affixes``: extra character affixes, positive = prefix length, negative = suffix length (lowercased),
    each embedded with the matching entry of ``affix_rows``.
    """
    affixes, affix_rows = affixes or [], affix_rows or []
    if len(rows) != len(attrs) or len(affixes) != len(affix_rows):
        raise ValueError(f"Mismatched lengths: rows {rows} / {attrs}, affix_rows {affix_rows} / {affixes}")
    all_rows = [*rows, *affix_rows, lexicon_rows]
    embeddings = [HashEmbed(width, n_rows, column=i, seed=8 + i, dropout=0.0) for i, n_rows in enumerate(all_rows)]
    max_out = with_array(Maxout(width, width * len(embeddings), nP=3, dropout=0.0, normalize=True))
    return chain(
        LexiconFeatureExtractor(attrs, affixes),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        max_out,
        ragged2list(),
    )
