"""The meetings as a table (one row per real-world meeting) and as dated entries on the lanes of a timeline
(one lane per set of parties or per actor)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd

from diplograph.network.graph import as_graph


def _parse_date(value: Any) -> tuple[date, date] | None:
    """'2025-02-18' -> (day, day); '2025-02' -> (1st, last day); anything else None."""
    text = str(value or "")
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return d, d
        if len(text) == 7:
            first = date.fromisoformat(text + "-01")
            nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
            return first, nxt - timedelta(days=1)
    except ValueError:
        return None
    return None


def events_table(events: Any) -> pd.DataFrame:
    """One row per real-world meeting: type, status, date, place, parties, participants, sources.

    Accepts a :class:`~diplograph.Corpus` or a graph (meetings resolved across articles), records, or an
    ``events_df()`` DataFrame (rows with the same ``event_id`` are merged).
    """
    if isinstance(events, pd.DataFrame):
        frame = events.copy()
        if "event_id" in frame and frame["event_id"].notna().all():
            sources = frame.groupby("event_id")["event_id"].transform("size")
            frame = frame.assign(sources=sources).drop_duplicates("event_id")
        else:
            frame = frame.assign(sources=1)
        return frame.reset_index(drop=True)
    g = as_graph(events)
    rows = []
    for node, attrs in g.nodes(data=True):
        if attrs.get("kind") != "meeting":
            continue
        people = [g.nodes[u].get("label", u) for u, _, rel in g.in_edges(node, data="relation")
                  if rel == "participated_in"] if g.is_directed() else []
        rows.append({"event_id": node, "type": attrs.get("type"), "status": attrs.get("status"),
                     "date": attrs.get("date"), "place": attrs.get("place"), "parties": attrs.get("parties", ""),
                     "participants": "; ".join(sorted(people)), "sources": attrs.get("sources", 1)})
    return pd.DataFrame(rows, columns=["event_id", "type", "status", "date", "place", "parties", "participants",
                                       "sources"])


def _split(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return [v.strip() for v in str(value or "").split(";") if v.strip()]



def dated_meetings(table: pd.DataFrame, by: str) -> tuple[list[tuple[str, date, date, dict]], int]:
    """(lane, first day, last day, row) for each meeting with a date, on the lane of its parties
    (``by="parties"``) or once on the lane of each participant (``by="actors"``); and how many have no date."""
    placed: list[tuple[str, date, date, dict]] = []
    undated = 0
    for row in table.to_dict("records"):
        span = _parse_date(row.get("date"))
        if span is None:
            undated += 1
            continue
        if by == "parties":
            keys = ["–".join(sorted(_split(row.get("parties")))) or "unknown parties"]
        else:
            keys = _split(row.get("participants")) or ["(no named person)"]
        placed += [(key, span[0], span[1], row) for key in keys]
    return placed, undated
