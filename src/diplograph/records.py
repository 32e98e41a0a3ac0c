"""Plain, JSON-serialisable records that leave spaCy behind.

Every record follows the "Prediction records" schema of GOLD_FORMAT.md and adds provenance
(mention offsets, sentences). No spaCy object is ever stored here.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def _pickled_as_tuple(cls: T) -> T:
    """Pickle instances as (class, field values in order), rebuilt by calling the class.

    The default for slotted dataclasses builds a dict of the slots per object; records cross process
    boundaries in bulk (``n_process`` workers return every record pickled), and the tuple form pickles and
    unpickles several times faster and smaller. Every field is an ``__init__`` argument, in field order."""
    names = tuple(f.name for f in fields(cls))
    assert all(f.init for f in fields(cls)), cls
    values = attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)

    def __reduce__(self: Any) -> tuple[type, tuple]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


@_pickled_as_tuple
@dataclass(slots=True)
class Mention:
    """One occurrence of a name in the article: character offsets into the article text."""

    text: str
    start: int
    end: int
    sentence: int = -1  # index of the sentence in the article (in the Evidence list order)


@_pickled_as_tuple
@dataclass(slots=True)
class Evidence:
    """A sentence that supports a fact, with its offsets into the article text."""

    text: str
    start: int
    end: int


@_pickled_as_tuple
@dataclass(slots=True)
class Actor:
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    role_phrases: list[str] = field(default_factory=list)
    country: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    id: str | None = None


@_pickled_as_tuple
@dataclass(slots=True)
class Place:
    name: str
    normalized: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    mentions: list[Mention] = field(default_factory=list)


@_pickled_as_tuple
@dataclass(slots=True)
class Organization:
    name: str
    mentions: list[Mention] = field(default_factory=list)


@_pickled_as_tuple
@dataclass(slots=True)
class DateMention:
    text: str
    value: str | None  # ISO "YYYY-MM-DD" or "YYYY-MM"; None when it cannot be resolved
    precision: str | None  # "day", "month" or None
    start: int
    end: int


@_pickled_as_tuple
@dataclass(slots=True)
class Event:
    type: str
    status: str
    participants: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    place: str | None = None
    date: str | None = None
    confidence: float = 0.5
    trigger: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    id: str | None = None
    # Who hosts (diplograph.network.hosting): the ISO code of the hosting state where the text says so (a visit's
    # destination, "empfing", "Gastgeber", a meeting in a participant state), else None (calls, neutral
    # venues, multilateral gatherings, unknown); ``visitors``: the other sides' codes when there is a host.
    # Optional in JSON: records written before they existed read back with None and [].
    host: str | None = None
    visitors: list[str] = field(default_factory=list)


@_pickled_as_tuple
@dataclass(slots=True)
class DocRecord:
    """One article's prediction record.

    ``published``: the date relative dates were resolved against and office holders looked up for, or
    None; ``published_source``: where it came from, ``"record"`` (the input record's own field),
    ``"argument"`` (``--published`` / ``published=``), ``"text"`` (a dateline near the article's start),
    or None (no date). Optional in JSON: records written before it existed read back with None.
    """

    id: str
    model: str
    url: str | None = None
    published: str | None = None
    language: str | None = None
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    published_source: str | None = None  # "record", "argument", "text" or None (see the class docstring)

    def to_dict(self) -> dict[str, Any]:
        """The prediction-record dict (GOLD_FORMAT.md schema plus provenance fields).

        Equal to ``dataclasses.asdict(self)``, built without its deep copies (several times faster; every
        record written by ``diplograph extract`` and every record a worker process returns passes here).
        """
        return _plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocRecord:
        """Rebuild a record from :meth:`to_dict` output (e.g. a line of an extract JSONL file)."""
        return cls(
            id=str(data["id"]),
            model=str(data.get("model", "unknown")),
            url=data.get("url"),
            published=data.get("published"),
            language=data.get("language"),
            actors=[_build(Actor, a) for a in data.get("actors", [])],
            places=[_build(Place, p) for p in data.get("places", [])],
            organizations=[_build(Organization, o) for o in data.get("organizations", [])],
            dates=[_build(DateMention, d) for d in data.get("dates", [])],
            events=[_build(Event, e) for e in data.get("events", [])],
            warnings=list(data.get("warnings", [])),
            published_source=data.get("published_source"),
        )


_NESTED = {"mentions": Mention, "evidence": Evidence}
_ATOMIC = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple]]] = {}


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for our records: dataclasses become dicts, lists, tuples and dicts are
    rebuilt, str, int, float and None are kept, anything else is deep-copied (as asdict does)."""
    kind = type(value)
    if kind in _ATOMIC:
        return value
    spec = _FIELDS.get(kind)
    if spec is None and is_dataclass(value) and not isinstance(value, type):
        names = tuple(f.name for f in fields(value))
        spec = _FIELDS[kind] = (names, attrgetter(*names) if len(names) > 1 else lambda v: (getattr(v, names[0]),))
    if spec is not None:
        names, get = spec
        return {name: item if type(item) in _ATOMIC else _plain(item)
                for name, item in zip(names, get(value), strict=True)}
    if kind is list:
        return [item if type(item) in _ATOMIC else _plain(item) for item in value]
    if isinstance(value, list | tuple):
        return kind(_plain(item) for item in value)
    if isinstance(value, dict):
        return kind((_plain(k), _plain(v)) for k, v in value.items())
    return copy.deepcopy(value)


@cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls))


def _build(cls: type, data: dict[str, Any]) -> Any:
    known = _field_names(cls)
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue
        if key in _NESTED and isinstance(value, list):
            value = [_NESTED[key](**item) for item in value]
        kwargs[key] = value
    return cls(**kwargs)
