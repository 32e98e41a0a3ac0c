"""The spaCy side of diplograph: one component per module (registered on import), model loading, the
attributes our components set, and the conversion of an annotated Doc to a plain record."""

from diplograph.pipeline import (  # noqa: F401
    actors,
    countries,
    dates,
    events,
    line_breaks,
    organizations,
    persons,
    places,
    roles,
)

# Names of our components, in the order ``diplograph.load`` adds them after the NER.
PIPELINE_COMPONENTS: tuple[str, ...] = (
    "diplograph_persons",
    "diplograph_actors",
    "diplograph_roles",
    "diplograph_countries",
    "diplograph_places",
    "diplograph_organizations",
    "diplograph_dates",
    "diplograph_events",
)
