"""Streaming extraction over many articles: one record per article, in input order.

``extract_records`` loads the model once per process and pipes articles through it in batches. With
``n_process > 1`` worker processes each load the model once and return plain records, so the output is
identical to a single-process run.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from spacy.language import Language

from diplograph.extract import doc_to_record
from diplograph.inputs import Article
from diplograph.pipeline import load
from diplograph.records import DocRecord

log = logging.getLogger(__name__)


class Extractor:
    """A loaded pipeline that turns articles into records."""

    def __init__(self, nlp: Language | None = None, model: str | Path = "auto") -> None:
        self.nlp = nlp if nlp is not None else load(model)
        self.model = str(self.nlp.meta.get("diplograph_model", self.nlp.meta.get("name")))

    def make_doc(self, article: Article):
        doc = self.nlp.make_doc(article.text)
        doc._.article_id = article.id
        doc._.published = article.published
        doc._.warnings = []
        return doc

    def record(self, doc, article: Article) -> DocRecord:
        warnings = list(article.warnings)
        if not article.text.strip():
            warnings.append("empty text: nothing to extract")
        return doc_to_record(doc, article_id=article.id, model=self.model, url=article.url,
                             published=article.published, warnings=warnings)

    def process(self, article: Article) -> DocRecord:
        """One article; an exception inside the pipeline becomes a record with a warning."""
        try:
            doc = self.nlp(self.make_doc(article))
        except Exception as err:  # noqa: BLE001 - one bad article must not stop the corpus
            log.warning("%s (id %r): extraction failed: %s", article.source, article.id, err)
            return DocRecord(id=article.id, model=self.model, url=article.url, published=article.published,
                             warnings=[*article.warnings, f"extraction failed: {type(err).__name__}: {err}"])
        return self.record(doc, article)

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[DocRecord]:
        """Stream records; a batch that fails is redone article by article."""
        iterator = iter(articles)
        while batch := list(islice(iterator, batch_size)):
            try:
                docs = list(self.nlp.pipe((self.make_doc(a) for a in batch), batch_size=batch_size))
            except Exception:  # noqa: BLE001
                yield from (self.process(a) for a in batch)
                continue
            for doc, article in zip(docs, batch, strict=True):
                yield self.record(doc, article)


_WORKER: Extractor | None = None


def _init_worker(model: str | Path) -> None:
    global _WORKER
    _WORKER = Extractor(model=model)


def _work(batch: list[Article]) -> list[dict]:
    assert _WORKER is not None
    return [r.to_dict() for r in _WORKER.pipe(batch, batch_size=len(batch) or 1)]


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def extract_records(articles: Iterable[Article], *, model: str | Path = "auto", nlp: Language | None = None,
                    n_process: int = 1, batch_size: int = 16) -> Iterator[DocRecord]:
    """Records for ``articles`` in input order, streamed (nothing corpus-sized is held in memory)."""
    if n_process <= 1:
        yield from Extractor(nlp=nlp, model=model).pipe(articles, batch_size=batch_size)
        return
    context = multiprocessing.get_context("fork" if hasattr(multiprocessing, "get_context") else None)
    with context.Pool(n_process, initializer=_init_worker, initargs=(model,)) as pool:
        for dicts in pool.imap(_work, _batches(articles, batch_size), chunksize=1):
            for data in dicts:
                yield DocRecord.from_dict(data)
