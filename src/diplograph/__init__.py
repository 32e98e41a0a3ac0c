"""diplograph: German diplomatic news in, a graph of who met whom, where and when out."""

from __future__ import annotations

from datetime import date

__version__ = "0.1.0"

from diplograph.corpus.api import Corpus  # noqa: E402
from diplograph.corpus.inputs import Article, article_from_text  # noqa: E402
from diplograph.corpus.runner import Extractor, extract_records  # noqa: E402
from diplograph.network.builder import GraphBuilder, update_graph  # noqa: E402
from diplograph.network.export import write_csv, write_gexf, write_graphml, write_json  # noqa: E402
from diplograph.network.graph import actor_network, build_graph  # noqa: E402
from diplograph.pipeline.loading import ModelNotFoundError, load  # noqa: E402
from diplograph.records import DocRecord  # noqa: E402
from diplograph.viz.render import render  # noqa: E402

_EXTRACTORS: dict[str, Extractor] = {}


def extract(text: str, *, published: str | date | None = None, article_id: str = "text", url: str | None = None,
            nlp=None, model: str = "auto") -> DocRecord:
    """Extract one record from one German text (loads the model unless ``nlp`` is given).

    ``published`` (``"YYYY-MM-DD"`` or a ``datetime.date``; ValueError when malformed) anchors relative
    dates ("am Montag") and the office-holder look-up. Without it the text's own dateline near its start
    ("Berlin, 12. März 2024 (dpa) -", "Stand: 12.03.2024") is used, else the record has no date:
    relative dates stay unresolved and nothing is looked up for "today". ``record.published_source`` is
    ``"argument"``, ``"text"`` or None.
    """
    article = article_from_text(article_id, text, published=published, url=url)  # ValueError before loading
    if nlp is not None:
        extractor = Extractor(nlp=nlp)
    else:
        extractor = _EXTRACTORS.get(model) or _EXTRACTORS.setdefault(model, Extractor(model=model))
    return extractor.process(article)


def view(data, *, height: int = 640):
    """An interactive view of a :class:`Corpus`, a graph or records: shown inline in Jupyter, ``.save(path)``
    writes it as one self-contained HTML file that works offline (see :mod:`diplograph.viz.interactive`)."""
    from diplograph.viz.interactive import view as _view

    return _view(data, height=height)


def __getattr__(name: str):
    """``diplograph.viz.plot`` is imported on first use (it pulls in matplotlib)."""
    if name == "plot":
        import importlib

        return importlib.import_module("diplograph.viz.plot")
    raise AttributeError(f"module 'diplograph' has no attribute {name!r}")


__all__ = ["Article", "Corpus", "DocRecord", "Extractor", "GraphBuilder", "ModelNotFoundError", "actor_network",
           "build_graph", "extract", "extract_records", "load", "render", "update_graph", "view", "write_csv",
           "write_gexf", "write_graphml", "write_json"]
