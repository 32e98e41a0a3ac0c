"""Helpers shared by the component tests (imported as ``helpers``: pytest puts tests/ on the path)."""

from __future__ import annotations

from diplograph.pipeline.actors import ActorCluster


def run_components(nlp, text: str, published: str | None = "2025-03-01") -> dict[str, ActorCluster]:
    """Run every pipe of ``nlp`` on ``text`` and return the actor clusters by name."""
    doc = nlp.make_doc(text)
    doc._.published = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return {a.name: a for a in doc._.actors}
