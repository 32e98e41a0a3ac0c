"""GermEval 2014 NER data: parsing the TSV files and converting them to spaCy Docs.

Format of the files: one token per line, ``index<TAB>token<TAB>outer<TAB>inner``; a line starting
with ``#`` (source URL and date) opens a sentence and a blank line closes it.

Label policy (outer level only):

* ``PER``, ``LOC``, ``ORG`` keep their names, ``OTH`` becomes ``MISC``.
* ``*deriv`` (derived adjectives such as "deutschen") and ``*part`` (names inside a longer word, such as
  "EU-weit") become ``O`` by default: downstream wants names, not words derived from names.
  ``keep_part=True`` maps ``*part`` to its base label instead (used only for experiments).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import registry
from spacy.vocab import Vocab

BASE_LABELS: dict[str, str] = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}
LABELS: tuple[str, ...] = ("PER", "LOC", "ORG", "MISC")

# Tokens that attach to the previous token (no space before them).
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "…", "“", "«", "’"}
# Tokens that attach to the next token (no space after them).
_NO_SPACE_AFTER = {"(", "[", "{", "„", "»", "‚"}


@dataclass
class Sentence:
    """One GermEval sentence: tokens with their outer and inner BIO tags."""

    tokens: list[str] = field(default_factory=list)
    outer: list[str] = field(default_factory=list)
    inner: list[str] = field(default_factory=list)
    source: str = ""


def parse_lines(lines: Iterable[str]) -> Iterator[Sentence]:
    """Yield the sentences of GermEval TSV lines."""
    sent = Sentence()
    for raw in lines:
        line = raw.rstrip("\n").rstrip("\r")
        if line.startswith("#") and not sent.tokens and "\t" in line:
            sent.source = line.split("\t")[1] if len(line.split("\t")) > 1 else ""
            continue
        if not line.strip():
            if sent.tokens:
                yield sent
            sent = Sentence()
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise ValueError(f"malformed GermEval line: {line!r}")
        sent.tokens.append(cols[1])
        sent.outer.append(cols[2])
        sent.inner.append(cols[3] if len(cols) > 3 else "O")
    if sent.tokens:
        yield sent


def read_tsv(path: str | Path) -> list[Sentence]:
    """Read a GermEval TSV file."""
    with open(path, encoding="utf-8") as f:
        return list(parse_lines(f))


def map_label(tag: str, keep_part: bool = False) -> str:
    """Map one GermEval BIO tag to our scheme: ``B-OTH`` -> ``B-MISC``, ``B-LOCderiv`` -> ``O``."""
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    if label.endswith("deriv"):
        return "O"
    if label.endswith("part"):
        if not keep_part:
            return "O"
        label = label[: -len("part")]
    base = BASE_LABELS.get(label)
    return f"{prefix}-{base}" if base else "O"


def to_iob(tags: list[str], keep_part: bool = False) -> list[str]:
    """Map a sentence's tags and repair ``I-`` tags that no longer follow their ``B-``/``I-``."""
    out: list[str] = []
    for tag in tags:
        new = map_label(tag, keep_part)
        if new.startswith("I-") and (not out or out[-1][2:] != new[2:]):
            new = "B-" + new[2:]
        out.append(new)
    return out


def guess_spaces(tokens: list[str]) -> list[bool]:
    """Whitespace after each token, guessed from punctuation (the TSV does not record it)."""
    spaces = [True] * len(tokens)
    quote_open = False
    for i, tok in enumerate(tokens):
        if tok == '"':
            if quote_open and i > 0:
                spaces[i - 1] = False
            elif not quote_open:
                spaces[i] = False
            quote_open = not quote_open
        if tok in _NO_SPACE_AFTER:
            spaces[i] = False
        if i > 0 and tok in _NO_SPACE_BEFORE:
            spaces[i - 1] = False
    if spaces:
        spaces[-1] = False
    return spaces


def sentence_to_doc(vocab: Vocab, sent: Sentence, keep_part: bool = False) -> Doc:
    """Build a Doc with the exact GermEval tokens, guessed spaces and entity annotation."""
    words = [re.sub(r"\s+", "", t) or "_" for t in sent.tokens]
    return Doc(vocab, words=words, spaces=guess_spaces(words), ents=to_iob(sent.outer, keep_part))


def docs_from_tsv(path: str | Path, vocab: Vocab, keep_part: bool = False) -> list[Doc]:
    """All sentences of a GermEval file as Docs."""
    return [sentence_to_doc(vocab, s, keep_part) for s in read_tsv(path)]


def convert(sources: Sequence[str | Path], dest: str | Path, vocab: Vocab, keep_part: bool = False) -> int:
    """Convert GermEval TSV files into one ``.spacy`` DocBin; return the number of sentences."""
    docs: list[Doc] = []
    for src in sources:
        docs.extend(docs_from_tsv(src, vocab, keep_part))
    DocBin(docs=docs, store_user_data=False).to_disk(dest)
    return len(docs)


def _swap_name(words: list[str], start: int, end: int, label: str, rng: random.Random) -> None:
    """Replace the words of one PER/LOC entity in place with random lexicon names."""
    from diplograph.pipeline.ner_features import sample_names

    if label == "PER":
        for i in range(start, end):
            kind = "last_names" if i == end - 1 else "first_names"
            words[i] = rng.choice(sample_names(kind))
    elif label == "LOC" and end - start == 1:
        words[start] = rng.choice(sample_names("places"))


def swap_names(doc: Doc, rng: random.Random) -> Doc | None:
    """A copy of ``doc`` with its PER names and one-word LOC names replaced, or None if it has none."""
    targets = [e for e in doc.ents if e.label_ == "PER" or (e.label_ == "LOC" and len(e) == 1)]
    if not targets:
        return None
    words = [t.text for t in doc]
    for ent in targets:
        _swap_name(words, ent.start, ent.end, ent.label_, rng)
    tags = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in doc]
    return Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc], ents=tags)


@registry.augmenters("diplograph.name_swap.v1")
def name_swap_augmenter(level: float, seed: int = 0) -> Callable[[Language, Example], Iterator[Example]]:
    """Training augmenter: yields each example, plus (with probability ``level``) a copy with swapped names.

    Swapping person and place names for random ones from the feature lexicons makes the model rely on
    context and the lexicon features rather than on memorised names.
    """
    rng = random.Random(seed)

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        yield example
        if rng.random() < level:
            swapped = swap_names(example.reference, rng)
            if swapped is not None:
                yield Example(nlp.make_doc(swapped.text), swapped)

    return augment
