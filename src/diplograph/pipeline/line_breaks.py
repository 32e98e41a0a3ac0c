"""Sentence boundaries at line breaks: headlines, teasers and captions end without a full stop."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("diplograph_line_breaks", assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every whitespace token that contains a newline."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
