"""``Corpus``: the notebook-friendly face of diplograph, a list of extracted records with their article texts.

A :class:`Corpus` is built by extracting articles (through :func:`diplograph.corpus.runner.extract_records`,
with a progress bar) or by reading a ``diplograph extract`` output; it shows the results as pandas DataFrames
with provenance (article id, character offsets, sentence / evidence), builds the graph and exports it::

    corpus = Corpus.from_jsonl("data/articles.jsonl")
    corpus.events_df()
    corpus.to_gexf("meetings.gexf")
"""

from __future__ import annotations

import errno
import json
import warnings
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplograph.corpus.inputs import Article, InputProblem, article_from_text, read_inputs
from diplograph.records import DocRecord, Mention

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from spacy.language import Language

CONTEXT_CHARS = 60
SEP = "; "


def _progress(items: Iterable, enabled: bool, total: int | None, desc: str) -> Iterable:
    """A progress bar unless disabled: tqdm.auto (a widget in Jupyter) when ipywidgets is installed, else the
    text bar (tqdm.auto without ipywidgets warns "IProgress not found" in Jupyter)."""
    if not enabled:
        return items
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        from tqdm import tqdm
    else:
        from tqdm.auto import tqdm

    return tqdm(items, total=total, desc=desc, unit="article")


def _first_mention(mentions: list[Mention], text: str | None) -> dict[str, Any]:
    """The table columns of a list of mentions: how many, and the first one's offsets, sentence and context."""
    first = mentions[0] if mentions else None
    return {"mentions": len(mentions), "start": first.start if first else None, "end": first.end if first else None,
            "sentence": first.sentence if first else None,
            "context": _context(text, first.start, first.end) if first else None}


def _context(text: str | None, start: int, end: int, width: int = CONTEXT_CHARS) -> str | None:
    """The words around ``text[start:end]`` (None when the article text is not known)."""
    if text is None or not 0 <= start <= end <= len(text):
        return None
    left = max(0, start - width)
    right = min(len(text), end + width)
    snippet = text[left:right].replace("\n", " ")
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


class Corpus(Sequence[DocRecord]):
    """A list of :class:`DocRecord` (one per article) plus, when known, the article texts.

    Build it with :meth:`from_texts`, :meth:`from_jsonl`, :meth:`from_articles` (extract articles; ``n_process``
    and ``batch_size`` as for :func:`~diplograph.corpus.runner.extract_records`) or :meth:`from_records` (reads
    an extract JSONL file, no NLP). Records carry corpus-wide actor and event ids. It is a plain sequence
    (``len``, iteration, ``corpus[0]``, ``corpus["article-id"]``) with tables (``*_df``), the graph and
    writers on top.
    """

    def __init__(self, records: Iterable[DocRecord], texts: dict[str, str] | None = None,
                 *, assign_ids: bool = True) -> None:
        self.records: list[DocRecord] = list(records)
        self.texts: dict[str, str] = dict(texts or {})
        if assign_ids and self.records:
            from diplograph.network.resolve import assign_ids as _assign

            _assign(self.records)
        self._graph: nx.DiGraph | None = None

    # -- construction -------------------------------------------------------------------------------
    @classmethod
    def from_articles(cls, articles: Iterable[Article], *, model: str | Path = "auto", nlp: Language | None = None,
                      progress: bool = True, n_process: int = 1, batch_size: int = 16,
                      total: int | None = None) -> Corpus:
        """Extract ``articles`` (keeps their texts for :func:`diplograph.viz.render`)."""
        from diplograph.corpus.runner import extract_records

        articles = list(articles)
        texts = {a.id: a.text for a in articles}
        records = extract_records(articles, model=model, nlp=nlp, n_process=n_process, batch_size=batch_size)
        records = list(_progress(records, progress, total or len(articles), "extracting"))
        return cls(records, texts)

    @classmethod
    def from_texts(cls, texts: Iterable[str], *, published: str | date | Sequence[str | date | None] | None = None,
                   ids: Sequence[str] | None = None, urls: Sequence[str | None] | None = None,
                   model: str | Path = "auto", nlp: Language | None = None, progress: bool = True,
                   n_process: int = 1, batch_size: int = 16) -> Corpus:
        """Extract German texts.

        ``published``: one date for all or one per text (``"YYYY-MM-DD"`` or a ``datetime.date``; ValueError
        when malformed). A text without one is dated by a dateline near its start ("Berlin, 12. März 2024
        (dpa) -", "Stand: 12.03.2024"), else it has no date (``record.published_source`` says which).
        """
        texts = list(texts)
        n = len(texts)
        ids = list(ids) if ids is not None else [f"text-{i + 1}" for i in range(n)]
        single = published is None or isinstance(published, str | date)
        dates = [published] * n if single else list(published)  # type: ignore[arg-type]
        links = list(urls) if urls is not None else [None] * n
        if not len(ids) == len(dates) == len(links) == n:
            raise ValueError("ids, published and urls must have one entry per text")
        if len(set(ids)) != n:
            raise ValueError("ids must be unique")
        articles = [article_from_text(str(i), t, published=p, url=u)
                    for i, t, p, u in zip(ids, texts, dates, links, strict=True)]
        return cls.from_articles(articles, model=model, nlp=nlp, progress=progress, n_process=n_process,
                                 batch_size=batch_size)

    @classmethod
    def from_jsonl(cls, *paths: str | Path, published: str | date | None = None, model: str | Path = "auto",
                   nlp: Language | None = None, progress: bool = True, n_process: int = 1,
                   batch_size: int = 16) -> Corpus:
        """Extract input articles (JSONL / JSON / TXT files or directories, as the CLI reads them).

        A path that does not exist raises FileNotFoundError (before anything is extracted); problems inside
        the inputs (bad lines, empty texts) are reported as warnings and the rest is extracted.
        Publication dates, first found wins: the record's own ``published`` field, else ``published``
        (``"YYYY-MM-DD"`` or a ``datetime.date``, as ``diplograph extract --published``; ValueError when
        malformed), else a dateline near the article's start, else none (see :mod:`diplograph.corpus.inputs`).
        """
        for raw in paths:
            if str(raw) != "-" and not Path(raw).exists():
                raise FileNotFoundError(errno.ENOENT, "no such file or directory", str(raw))
        articles: list[Article] = []
        for item in read_inputs(paths, published=published):
            if isinstance(item, InputProblem):
                warnings.warn(f"skipped: {item}", stacklevel=2)
            else:
                articles.append(item)
        return cls.from_articles(articles, model=model, nlp=nlp, progress=progress, n_process=n_process,
                                 batch_size=batch_size)

    @classmethod
    def from_records(cls, path: str | Path, *, texts: str | Path | dict[str, str] | None = None) -> Corpus:
        """Read an extract JSONL file (``diplograph extract`` output): no NLP.

        ``texts``: optionally the input articles (a JSONL path or an id -> text dict) for rendering.
        """
        with Path(path).open(encoding="utf-8") as fh:
            records = [DocRecord.from_dict(json.loads(line)) for line in fh if line.strip()]
        if isinstance(texts, str | Path):
            texts = {a.id: a.text for a in read_inputs([texts]) if isinstance(a, Article)}
        keep_ids = all(x.id for r in records for x in [*r.actors, *r.events])
        return cls(records, texts, assign_ids=not keep_ids)

    # -- sequence protocol ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[DocRecord]:
        return iter(self.records)

    def __getitem__(self, key: int | str) -> Any:  # type: ignore[override]
        """``corpus[0]`` or ``corpus["article-id"]``."""
        if isinstance(key, str):
            for record in self.records:
                if record.id == key:
                    return record
            raise KeyError(key)
        return self.records[key]

    def __repr__(self) -> str:
        """``<Corpus: 9 articles, 14 actors, 9 events>``: distinct people and meetings across the corpus, counted
        as the ``diplograph graph`` summary counts them (:func:`diplograph.corpus.summary.graph_counts`)."""
        from diplograph.corpus.summary import graph_counts

        counts = graph_counts(self.graph())
        return f"<Corpus: {len(self)} articles, {counts.actors} actors, {counts.events} events>"

    def text(self, article_id: str) -> str | None:
        return self.texts.get(article_id)

    # -- tables -----------------------------------------------------------------------------------------
    def actors_df(self) -> pd.DataFrame:
        """One row per actor per article: id, name, aliases, roles, country, first mention and its context."""
        import pandas as pd

        rows = []
        for rec in self.records:
            text = self.texts.get(rec.id)
            for actor in rec.actors:
                rows.append({
                    "article_id": rec.id, "actor_id": actor.id, "name": actor.name,
                    "aliases": SEP.join(actor.aliases), "roles": SEP.join(actor.roles), "country": actor.country,
                    **_first_mention(actor.mentions, text),
                })
        return pd.DataFrame(rows, columns=["article_id", "actor_id", "name", "aliases", "roles", "country",
                                           "mentions", "start", "end", "sentence", "context"])

    def events_df(self) -> pd.DataFrame:
        """One row per event per article, with the evidence sentence and its offsets; ``host`` / ``visitors``
        (:mod:`diplograph.network.hosting`) and the event-data codes ``cameo``, ``plover_mode`` and ``quad``
        (:mod:`diplograph.network.plover`)."""
        import pandas as pd

        from diplograph.network.hosting import RecordIndex
        from diplograph.network.plover import event_codes, hosting_of

        rows = []
        for rec in self.records:
            index = RecordIndex(rec) if rec.events else None
            for event in rec.events:
                evidence = event.evidence[0] if event.evidence else None
                host, visitors = hosting_of(event, rec, index)
                rows.append({
                    "article_id": rec.id, "event_id": event.id, "type": event.type, "status": event.status,
                    "date": event.date, "place": event.place, "participants": SEP.join(event.participants),
                    "parties": SEP.join(event.parties), "host": host, "visitors": SEP.join(visitors),
                    "confidence": event.confidence, "trigger": event.trigger,
                    "published": rec.published, "url": rec.url,
                    "start": evidence.start if evidence else None, "end": evidence.end if evidence else None,
                    "evidence": evidence.text if evidence else None, **event_codes(event, rec, index),
                })
        frame = pd.DataFrame(rows, columns=["article_id", "event_id", "type", "status", "date", "place",
                                            "participants", "parties", "host", "visitors", "confidence", "trigger",
                                            "published", "url", "start", "end", "evidence", "cameo",
                                            "plover_mode", "quad"])
        frame["quad"] = frame["quad"].astype("Int64")  # 1, or <NA> for a cancelled meeting
        return frame

    def places_df(self) -> pd.DataFrame:
        """One row per place per article (GeoNames country and coordinates when resolved)."""
        import pandas as pd

        rows = []
        for rec in self.records:
            text = self.texts.get(rec.id)
            for place in rec.places:
                rows.append({
                    "article_id": rec.id, "name": place.name, "normalized": place.normalized,
                    "country": place.country, "lat": place.lat, "lon": place.lon, "geonameid": place.geonameid,
                    **_first_mention(place.mentions, text),
                })
        return pd.DataFrame(rows, columns=["article_id", "name", "normalized", "country", "lat", "lon", "geonameid",
                                           "mentions", "start", "end", "sentence", "context"])

    def mentions_df(self) -> pd.DataFrame:
        """One row per mention (actor, place, organisation, date) with its offsets in the article."""
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for rec in self.records:
            text = self.texts.get(rec.id)

            def add(kind: str, entity: str, entity_id: str | None, surface: str, start: int, end: int,
                    sentence: int | None, rec_id: str = rec.id, text: str | None = text) -> None:
                rows.append({"article_id": rec_id, "kind": kind, "entity": entity, "entity_id": entity_id,
                             "text": surface, "start": start, "end": end, "sentence": sentence,
                             "context": _context(text, start, end)})

            for actor in rec.actors:
                for m in actor.mentions:
                    add("actor", actor.name, actor.id, m.text, m.start, m.end, m.sentence)
            for place in rec.places:
                for m in place.mentions:
                    add("place", place.normalized or place.name, None, m.text, m.start, m.end, m.sentence)
            for org in rec.organizations:
                for m in org.mentions:
                    add("organization", org.name, None, m.text, m.start, m.end, m.sentence)
            for d in rec.dates:
                add("date", d.value or d.text, None, d.text, d.start, d.end, None)
        frame = pd.DataFrame(rows, columns=["article_id", "kind", "entity", "entity_id", "text", "start", "end",
                                            "sentence", "context"])
        return frame.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)

    # -- graph and export ---------------------------------------------------------------------------------
    def graph(self) -> nx.DiGraph:
        """The actor / meeting / place / state graph (built once, then cached)."""
        if self._graph is None:
            from diplograph.network.graph import build_graph

            self._graph = build_graph(self.records)
        return self._graph

    def actor_network(self) -> nx.Graph:
        """Actor-actor projection: who met whom, ``weight`` = number of shared meetings."""
        from diplograph.network.graph import actor_network

        return actor_network(self.graph())

    def to_graphml(self, path: str | Path) -> Path:
        from diplograph.network.export import write_graphml

        return write_graphml(self.graph(), path)

    def to_gexf(self, path: str | Path) -> Path:
        """GEXF 1.3 with time intervals on dated meetings (Gephi: Window > Timeline)."""
        from diplograph.network.export import write_gexf

        return write_gexf(self.graph(), path)

    def to_plover(self, path: str | Path) -> Path:
        """One PLOVER event record per real meeting (JSON Lines; see docs/plover.md), every report merged
        and every source article cited; the same file as ``diplograph graph ... --output X.plover.jsonl``."""
        from diplograph.network.plover import write_plover

        write_plover(self.records, path)
        return Path(path)

    def to_jsonl(self, path: str | Path) -> Path:
        """The prediction records, one JSON object per line (readable by :meth:`from_records`)."""
        path = Path(path)
        with path.open("w", encoding="utf-8") as out:
            for record in self.records:
                out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        return path

    def render(self, key: int | str, jupyter: bool | None = None) -> str | None:
        """displaCy view of one article (needs its text: corpora built by extraction keep it)."""
        from diplograph.viz.render import render

        record = self[key]
        return render(record, text=self.texts.get(record.id), jupyter=jupyter)


__all__ = ["Corpus"]
