"""The custom attributes our components set on spaCy objects (``Doc._`` / ``Span._``).

Registered once, on import. Components read and write only these; ``extract.doc_to_record`` turns
them into plain records. Importing this module also registers :mod:`diplograph.pipeline.serialization`'s msgpack
encoder and decoder (srsly's ``msgpack_encoders`` / ``msgpack_decoders`` registries, name ``"diplograph"``),
so that Docs carrying these attributes go through ``doc.to_bytes()``, ``DocBin(store_user_data=True)`` and
``nlp.pipe(..., n_process=2)``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from spacy.tokens import Doc, Span
from spacy.tokens.underscore import Underscore
from spacy.vocab import Vocab

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


# ``doc._.name`` builds an Underscore object and looks the extension up on every access (about 2 us). For
# an extension registered with a default of None and no getter, setter or method, reading it is
# ``doc.user_data.get(key)`` and writing it ``doc.user_data[key] = value``, with the key spaCy's
# Underscore uses: ``ext_get`` and ``ext_set`` do just that, and go through ``doc._`` for any other.
_PLAIN_EXTENSION = (None, None, None, None)  # (default, method, getter, setter)
_KEYS: dict[str, tuple[object, tuple]] = {}  # name -> (its registration, its user_data key)


def _user_data_key(name: str) -> tuple | None:
    """The ``doc.user_data`` key of the Doc extension ``name``, None unless it is a plain one (checked
    against its current registration on every call: ``set_extension(..., force=True)`` may change it)."""
    entry = Underscore.doc_extensions.get(name)
    known = _KEYS.get(name)
    if known is not None and known[0] is entry:
        return known[1]
    if entry is None or tuple(entry) != _PLAIN_EXTENSION:
        return None
    key = Underscore(Underscore.doc_extensions, _probe_doc())._get_key(name)
    _KEYS[name] = (entry, key)
    return key


@cache
def _probe_doc() -> Doc:
    return Doc(Vocab())


def ext_get(doc: Doc, name: str) -> Any:
    """``doc._.<name>`` (``getattr(doc._, name)``)."""
    key = _user_data_key(name)
    return getattr(doc._, name) if key is None else doc.user_data.get(key)


def ext_set(doc: Doc, name: str, value: Any) -> None:
    """``doc._.<name> = value``."""
    key = _user_data_key(name)
    if key is None:
        setattr(doc._, name, value)
    else:
        doc.user_data[key] = value
