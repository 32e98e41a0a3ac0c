"""What "actors" and "events" mean in every count diplograph prints.

``print(corpus)``, the summary line of ``diplograph extract`` and that of ``diplograph graph`` all count with
:func:`graph_counts`: the actors are the actor nodes of :func:`diplograph.build_graph`, i.e. distinct people
across the corpus (one corpus-wide id: "Sergej Lawrow" in one article and "Sergei Lavrov" in another are one
actor, a person named in three articles is one actor, not three); the events are its meeting nodes, i.e.
distinct real-world meetings (two reports of the same meeting are one event). Per-article counts (one row
per actor per article) are what ``len(corpus.actors_df())`` gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import networkx as nx

    from diplograph.records import DocRecord


class Counts(NamedTuple):
    actors: int  # distinct people: the graph's actor nodes
    events: int  # distinct meetings: the graph's meeting nodes


def graph_counts(graph: nx.Graph) -> Counts:
    """Distinct actors and events of a corpus, from its graph (:func:`diplograph.build_graph`)."""
    actors = events = 0
    for _, kind in graph.nodes(data="kind"):
        if kind == "actor":
            actors += 1
        elif kind == "meeting":
            events += 1
    return Counts(actors, events)


def corpus_counts(records: Iterable[DocRecord]) -> Counts:
    """:func:`graph_counts` of the graph of ``records`` (built here; use ``graph_counts`` when you have it)."""
    from diplograph.network.graph import build_graph

    return graph_counts(build_graph(list(records)))


__all__ = ["Counts", "corpus_counts", "graph_counts"]
