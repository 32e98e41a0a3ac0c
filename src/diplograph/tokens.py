"""Token texts straight from spaCy's arrays: no Token objects on the hot paths of our components."""

from __future__ import annotations

from spacy.tokens import Doc


def token_texts(doc: Doc, attr: str = "ORTH") -> list[str]:
    """The text (``attr="ORTH"``) or lowercased text (``attr="LOWER"``) of every token of ``doc``."""
    strings = doc.vocab.strings
    return [strings[value] for value in doc.to_array(attr).tolist()]
