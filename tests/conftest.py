"""Shared fixtures: the pipeline is loaded once per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import diplograph

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# Training-only (GermEval reader) and benchmark-only (synthetic articles) modules live outside the package.
for _folder in ("training", "benchmarks"):
    if str(ROOT / _folder) not in sys.path:
        sys.path.insert(0, str(ROOT / _folder))


@pytest.fixture(scope="session")
def nlp():
    return diplograph.load()


@pytest.fixture(scope="session")
def blank_de():
    """A blank German pipeline with a sentencizer (tokens and sentences, no model)."""
    import spacy

    blank = spacy.blank("de")
    blank.add_pipe("sentencizer")
    return blank


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared (annotated corpus) is not available")
    return SHARED
