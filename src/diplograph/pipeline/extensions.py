"""The custom attributes our components set on spaCy objects (``Doc._`` / ``Span._``).

Registered once, on import. Components read and write only these; ``extract.doc_to_record`` turns
them into plain records. Importing this module also registers :mod:`diplograph.pipeline.serialization`'s msgpack
encoder and decoder (srsly's ``msgpack_encoders`` / ``msgpack_decoders`` registries, name ``"diplograph"``),
so that Docs carrying these attributes go through ``doc.to_bytes()``, ``DocBin(store_user_data=True)`` and
``nlp.pipe(..., n_process=2)``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from diplograph.pipeline import serialization  # noqa: F401  (registers the msgpack encoder and decoder of our results)

DOC_EXTENSIONS: dict[str, object] = {
    "article_id": None,  # str
    "published": None,  # "YYYY-MM-DD" or None: anchor for relative dates
    "actors": None,  # list[components.actors.ActorCluster]
    "places": None,  # list[Place] records (places component)
    "organizations": None,  # list[Span] of ORG (organizations component)
    "dates": None,  # list[DateMention] records (dates component)
    "events": None,  # list[Event] records (events component)
    "warnings": None,  # list[str]
}

SPAN_EXTENSIONS: dict[str, object] = {
    "role": None,  # normalised role noun for ROLE spans ("Außenminister")
    "country": None,  # ISO code a span points to ("US" for "US-Außenminister")
}


def register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register_extensions()
