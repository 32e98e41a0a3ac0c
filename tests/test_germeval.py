"""GermEval 2014 conversion: parsing, label mapping, tokens and spaces."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy
from germeval import (
    convert,
    docs_from_tsv,
    guess_spaces,
    map_label,
    read_tsv,
    swap_names,
    to_iob,
)
from spacy.tokens import DocBin

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "germeval2014"

TSV = """#\thttp://example.org/a\t[2024-01-01]
1\tDie\tO\tO
2\tBundeskanzlerin\tO\tO
3\tAnke\tB-PER\tO
4\tBeispiel\tI-PER\tO
5\tflog\tO\tO
6\tmit\tO\tO
7\tder\tO\tO
8\tLufthansa\tB-ORG\tO
9\t(\tO\tO
10\tLH\tB-ORG\tO
11\t)\tO\tO
12\tnach\tO\tO
13\tOslo\tB-LOC\tO
14\t.\tO\tO

#\thttp://example.org/b\t[2024-01-02]
1\tDas\tO\tO
2\tdeutsche\tB-LOCderiv\tO
3\tEU-weite\tB-ORGpart\tO
4\tProjekt\tO\tO
5\t"\tO\tO
6\tGrüne\tB-OTH\tO
7\tWelle\tI-OTH\tO
8\t"\tO\tO
9\tstartet\tO\tO
10\t.\tO\tO

"""


@pytest.fixture()
def tsv(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.tsv"
    path.write_text(TSV, encoding="utf-8")
    return path


def test_map_label() -> None:
    assert map_label("B-PER") == "B-PER"
    assert map_label("I-OTH") == "I-MISC"
    assert map_label("B-LOCderiv") == "O"
    assert map_label("B-ORGpart") == "O"
    assert map_label("B-ORGpart", keep_part=True) == "B-ORG"
    assert map_label("B-OTHderiv", keep_part=True) == "O"
    assert map_label("O") == "O"


def test_to_iob_repairs_orphan_inside_tags() -> None:
    assert to_iob(["B-LOCderiv", "I-LOC", "O"]) == ["O", "B-LOC", "O"]
    assert to_iob(["B-PER", "I-PER", "I-OTH"]) == ["B-PER", "I-PER", "B-MISC"]


def test_read_tsv(tsv: Path) -> None:
    sents = read_tsv(tsv)
    assert len(sents) == 2
    assert sents[0].source == "http://example.org/a"
    assert sents[0].tokens[:3] == ["Die", "Bundeskanzlerin", "Anke"]
    assert sents[1].outer[1] == "B-LOCderiv"


def test_guess_spaces() -> None:
    assert guess_spaces(["Er", "sagt", "(", "ja", ")", "."]) == [True, True, False, False, False, False]
    assert guess_spaces(["Sie", '"', "Welle", '"', "rollt"]) == [True, False, False, True, False]


def test_docs_tokens_spaces_and_entities(tsv: Path) -> None:
    docs = docs_from_tsv(tsv, spacy.blank("de").vocab)
    first, second = docs
    assert [t.text for t in first] == [line.split("\t")[1] for line in TSV.splitlines()[1:15]]
    assert first.text == "Die Bundeskanzlerin Anke Beispiel flog mit der Lufthansa (LH) nach Oslo."
    assert [(e.text, e.label_) for e in first.ents] == [
        ("Anke Beispiel", "PER"),
        ("Lufthansa", "ORG"),
        ("LH", "ORG"),
        ("Oslo", "LOC"),
    ]
    assert second.text == 'Das deutsche EU-weite Projekt "Grüne Welle" startet.'
    assert [(e.text, e.label_) for e in second.ents] == [("Grüne Welle", "MISC")]


def test_convert_writes_docbin(tsv: Path, tmp_path: Path) -> None:
    nlp = spacy.blank("de")
    out = tmp_path / "tiny.spacy"
    assert convert([tsv, tsv], out, nlp.vocab) == 4
    docs = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    assert len(docs) == 4
    assert docs[2].ents[0].text == "Anke Beispiel"


def test_swap_names_keeps_labels_and_context(tsv: Path) -> None:
    doc = docs_from_tsv(tsv, spacy.blank("de").vocab)[0]
    swapped = swap_names(doc, random.Random(0))
    assert swapped is not None
    assert [e.label_ for e in swapped.ents] == [e.label_ for e in doc.ents]
    assert swapped[0].text == "Die" and swapped[-1].text == "."
    assert [t.text for t in swapped.ents[1]] == ["Lufthansa"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data/germeval2014")
def test_shared_files_sentence_counts() -> None:
    assert len(read_tsv(SHARED / "NER-de-dev.tsv")) == 2200
    assert len(read_tsv(SHARED / "NER-de-test.tsv")) == 5100
