"""The state of a participant from the sides of a meeting: "Treffen der Außenminister Irans und
Saudi-Arabiens" with one minister's state known gives the other minister the other state.

Fills gaps only: an actor whose state the text or the knowledge base gave keeps it."""

from __future__ import annotations

from diplograph.records import DocRecord


def states_from_sides(record: DocRecord) -> DocRecord:
    """For every meeting of ``record`` with exactly one participant whose state is unknown and exactly one
    side (party) that no other participant represents, that participant represents that side. An actor
    who takes part in several such meetings gets a state only when they agree."""
    by_name = {actor.name: actor for actor in record.actors}
    found: dict[str, set[str]] = {}
    for event in record.events:
        people = [by_name[name] for name in event.participants if name in by_name]
        if len(people) < 2:
            continue
        unknown = [actor for actor in people if not actor.country]
        sides = set(event.parties) - {actor.country for actor in people if actor.country}
        if len(unknown) == 1 and len(sides) == 1:
            found.setdefault(unknown[0].name, set()).update(sides)
    for name, states in found.items():
        if len(states) == 1:
            by_name[name].country = next(iter(states))
    return record
