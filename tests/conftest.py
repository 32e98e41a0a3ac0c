"""Shared fixtures: the pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

import diplograph

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


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
