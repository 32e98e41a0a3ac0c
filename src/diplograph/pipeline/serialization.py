"""diplograph's results in serialised Docs: ``doc.to_bytes()``, ``DocBin(store_user_data=True)``, ``nlp.pipe(...,
n_process=2)``.

spaCy writes ``doc.user_data``, where the ``doc._`` extensions live, with srsly's msgpack, which packs plain data
only. srsly takes encoders and decoders for other types from two catalogue registries,
``srsly.msgpack_encoders`` and ``srsly.msgpack_decoders``; this module registers one of each under the name
``"diplograph"`` (as ``@Language.factory`` registers a component). :mod:`diplograph.pipeline.extensions` imports it, so
it is registered wherever our extensions are: after ``import diplograph``, and after ``spacy.load()`` of a
pipeline with diplograph components or ``nlp.add_pipe("diplograph_...")`` (the components are found through
their entry points and import the extensions). A process that reads Docs back must have done one of these
first (it needs the extensions to read ``doc._.events`` at all).

What is written, as a dict tagged ``{"__diplograph__": <type name>, <field>: <value>, ...}``:

* the records of :mod:`diplograph.records` (``doc._.events``, ``doc._.places``, ``doc._.dates``, and any
  ``DocRecord``), field by field; read back as the same records (fields a newer version added take their
  defaults, fields it dropped are ignored);
* ``ActorCluster`` (``doc._.actors``): name, mentions, roles, role phrases, country and role mentions;
* a ``Span`` (the mentions of an actor, ``doc._.organizations``) and a ``RoleMention`` (an actor's role
  phrase, label ``"ROLE"``): token and character offsets, label and text; read back as a :class:`MentionRef`.
  A Span cannot be rebuilt without its Doc, and the decoder does not see the Doc: ``ref.span(doc)`` rebuilds
  it. ``MentionRef`` has the attributes the code that reads results uses (``start``, ``end``,
  ``start_char``, ``end_char``, ``label_``, ``text``), so ``extract.doc_to_record`` of a Doc read back gives
  the record of the Doc written.

Lists read back as lists inside these objects. ``DocBin`` reads user data with ``use_list=False``, so there
the top-level values come back as tuples (``doc._.events`` is a tuple of ``Event``), as for any user data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

import srsly
from spacy.tokens import Doc, Span

from diplograph.records import Actor, DateMention, DocRecord, Event, Evidence, Mention, Organization, Place

TAG = "__diplograph__"
NAME = "diplograph"  # the name of the encoder and of the decoder in srsly's registries

_RECORDS: tuple[type, ...] = (Mention, Evidence, Actor, Place, Organization, DateMention, Event, DocRecord)


@dataclass(frozen=True, slots=True)
class MentionRef:
    """A span of a Doc as it comes back from serialisation: its token range ``start``:``end``, character range
    ``start_char``:``end_char``, label and text (the attributes of ``Span`` of those names)."""

    text: str
    start: int
    end: int
    start_char: int
    end_char: int
    label_: str = ""

    def span(self, doc: Doc) -> Span:
        """The Span of ``doc`` this refers to (ValueError when ``doc`` does not have this text there)."""
        span = Span(doc, self.start, self.end, label=self.label_)
        if span.text != self.text:
            raise ValueError(f"{self!r} does not match the doc: tokens {self.start}:{self.end} are {span.text!r}")
        return span


def _span(span: Span | MentionRef) -> dict[str, Any]:
    return {TAG: "Span", "text": span.text, "start": span.start, "end": span.end, "start_char": span.start_char,
            "end_char": span.end_char, "label": span.label_}


def _mention_ref(data: dict[str, Any]) -> MentionRef:
    return MentionRef(data["text"], data["start"], data["end"], data["start_char"], data["end_char"],
                      data.get("label") or "")


def _fields_encoder(cls: type) -> Callable[[Any], dict[str, Any]]:
    tag = cls.__name__
    names = tuple(f.name for f in fields(cls))

    def encode(obj: Any) -> dict[str, Any]:
        data: dict[str, Any] = {TAG: tag}
        for name in names:
            data[name] = getattr(obj, name)
        return data

    return encode


def _fields_decoder(cls: type) -> Callable[[dict[str, Any]], Any]:
    """Build ``cls`` from the fields in the dict (unknown keys ignored, missing fields defaulted; tuples, as
    ``use_list=False`` reads lists, become lists again: every sequence field of our records is a list)."""
    known = frozenset(f.name for f in fields(cls))

    def decode(data: dict[str, Any]) -> Any:
        return cls(**{key: list(value) if type(value) is tuple else value
                      for key, value in data.items() if key in known})

    return decode


def _role_mention(rm: Any) -> dict[str, Any]:
    span = rm.span
    return {TAG: "Span", "text": span.text, "start": span.start, "end": span.end, "start_char": span.start_char,
            "end_char": span.end_char, "label": "ROLE"}


@cache
def _encoders() -> dict[type, Callable[[Any], dict[str, Any]]]:
    # (the components import diplograph.pipeline.extensions, which imports this module: imported on first use)
    from diplograph.pipeline.actors import ActorCluster
    from diplograph.pipeline.roles import RoleMention

    encoders: dict[type, Callable[[Any], dict[str, Any]]] = {cls: _fields_encoder(cls) for cls in _RECORDS}
    encoders[ActorCluster] = _fields_encoder(ActorCluster)
    encoders[Span] = encoders[MentionRef] = _span
    encoders[RoleMention] = _role_mention
    return encoders


@cache
def _decoders() -> dict[str, Callable[[dict[str, Any]], Any]]:
    from diplograph.pipeline.actors import ActorCluster

    decoders = {cls.__name__: _fields_decoder(cls) for cls in (*_RECORDS, ActorCluster)}
    decoders["Span"] = _mention_ref
    return decoders


@srsly.msgpack_encoders(NAME)
def encode(obj: Any, chain: Callable[[Any], Any] | None = None) -> Any:
    """srsly msgpack encoder: diplograph's result objects as tagged dicts, anything else to the next encoder."""
    encoder = _encoders().get(type(obj))
    if encoder is not None:
        return encoder(obj)
    return obj if chain is None else chain(obj)


@srsly.msgpack_decoders(NAME)
def decode(obj: dict, chain: Callable[[dict], Any] | None = None) -> Any:
    """srsly msgpack decoder (called for every map read): a tagged dict as the object it was written from,
    any other to the next decoder."""
    tag = obj.get(TAG)
    if tag is not None:
        decoder = _decoders().get(tag)
        if decoder is not None:
            return decoder(obj)
    return obj if chain is None else chain(obj)


__all__ = ["NAME", "TAG", "MentionRef", "decode", "encode"]
