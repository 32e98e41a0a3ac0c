"""Streaming extraction over many articles: one record per article, in input order.

``extract_records`` loads the model once per process and pipes articles through it in batches. With
``n_process > 1`` worker processes each load the model once and return plain records, so the output is
identical to a single-process run.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path

from spacy.language import Language

from diplograph.corpus.chunking import merge_records, shift_record, split_text
from diplograph.corpus.gc_pause import collector_paused
from diplograph.corpus.heap_trim import keep_freed_heap
from diplograph.corpus.inputs import Article
from diplograph.corpus.textprep import detect_language, prepare_text
from diplograph.pipeline.extract import doc_to_record
from diplograph.pipeline.loading import load
from diplograph.records import DocRecord

log = logging.getLogger(__name__)


class Extractor:
    """A loaded pipeline that turns articles into records.

    Before the pipeline runs, HTML markup is removed and the language is guessed (``record.language``;
    non-German text is flagged with a warning and still extracted). Texts longer than ``max_length``
    (default ``nlp.max_length``) are processed in chunks cut at paragraph or sentence boundaries, and
    the chunk records are merged with offsets into the whole text.

    An article's ``published`` date is used as it is: :mod:`diplograph.corpus.inputs` resolves it when reading
    (the record's own field, else the ``published`` argument, else a dateline in the text); an
    :class:`Article` built by hand is extracted with the date it was given (``published_source``
    ``"record"``), or without one.
    """

    def __init__(self, nlp: Language | None = None, model: str | Path = "auto", max_length: int | None = None) -> None:
        self.nlp = nlp if nlp is not None else load(model)
        self.model = str(self.nlp.meta.get("diplograph_model", self.nlp.meta.get("name")))
        self.max_length = max_length

    @property
    def limit(self) -> int:
        return min(self.max_length or self.nlp.max_length, self.nlp.max_length)

    def make_doc(self, article: Article):
        doc = self.nlp.make_doc(article.text)
        doc._.article_id = article.id
        doc._.published = article.published
        doc._.warnings = []
        return doc

    def prepare(self, article: Article) -> tuple[Article, str | None]:
        """(the article as the pipeline sees it, its language): markup removed, warnings added."""
        text, warnings = prepare_text(article.text)
        language = detect_language(text)
        warnings = [*article.warnings, *warnings]
        if not text.strip():
            warnings.append("empty text: nothing to extract")
        elif language not in (None, "de"):
            warnings.append(f"text does not look German (language {language!r}); extracted anyway, "
                            "expect few or wrong results")
        return replace(article, text=text, warnings=warnings), language

    def record(self, doc, article: Article, language: str | None = None) -> DocRecord:
        record = doc_to_record(doc, article_id=article.id, model=self.model, url=article.url,
                               published=article.published, warnings=list(article.warnings))
        record.language = language
        record.published_source = article.published_source
        return record

    def _record_and_release(self, doc, article: Article, language: str | None) -> DocRecord:
        """The record of ``doc``, then its annotations dropped. Our components' results hold Spans, which
        point back at the Doc: a Doc with them is a reference cycle that only the cyclic collector frees.
        Emptied, the batch's Docs are freed as soon as the batch is through, and the collector, which runs
        less often, no longer scans them (half the collections and a twentieth of the garbage on the
        throughput benchmark)."""
        record = self.record(doc, article, language)
        doc.user_data.clear()
        return record

    def _failed(self, article: Article, language: str | None, err: Exception) -> DocRecord:
        log.warning("%s (id %r): extraction failed: %s", article.source, article.id, err)
        return DocRecord(id=article.id, model=self.model, url=article.url, published=article.published,
                         language=language,
                         warnings=[*article.warnings, f"extraction failed: {type(err).__name__}: {err}"],
                         published_source=article.published_source)

    def _long(self, article: Article, language: str | None) -> DocRecord:
        parts: list[DocRecord] = []
        sentences = 0
        chunks = split_text(article.text, self.limit)
        for offset, chunk in chunks:
            doc = self.nlp(self.make_doc(replace(article, text=chunk, warnings=[])))
            part = doc_to_record(doc, article_id=article.id, model=self.model, url=article.url,
                                 published=article.published)
            parts.append(shift_record(part, offset, sentences))
            sentences += sum(1 for _ in doc.sents)
        merged = merge_records(parts)
        note = f"long text ({len(article.text)} characters) processed in {len(chunks)} chunks"
        merged.warnings = list(dict.fromkeys([*article.warnings, note, *merged.warnings]))
        merged.language = language
        merged.published_source = article.published_source
        return merged

    def _one(self, article: Article, language: str | None) -> DocRecord:
        try:
            if len(article.text) > self.limit:
                return self._long(article, language)
            return self.record(self.nlp(self.make_doc(article)), article, language)
        except Exception as err:  # noqa: BLE001 - one bad article must not stop the corpus
            return self._failed(article, language, err)

    def process(self, article: Article) -> DocRecord:
        """One article; an exception inside the pipeline becomes a record with a warning."""
        return self._one(*self.prepare(article))

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[DocRecord]:
        """Stream records in input order; long texts are chunked; a batch that fails is redone one by one.

        Each batch runs through the pipeline, and its records are built, with the cyclic garbage collector
        paused (its garbage, at most one batch of Docs, is collected as soon as the batch is through)."""
        iterator = iter(articles)
        while batch := list(islice(iterator, batch_size)):
            prepared = [self.prepare(a) for a in batch]
            short = [(a, lang) for a, lang in prepared if len(a.text) <= self.limit]
            try:
                with collector_paused():
                    docs = iter(list(self.nlp.pipe((self.make_doc(a) for a, _ in short), batch_size=batch_size)))
            except Exception:  # noqa: BLE001
                yield from (self._one(a, lang) for a, lang in prepared)
                continue
            with collector_paused():  # the batch's records: many small objects, none of them garbage
                records = [None if len(a.text) > self.limit else self._record_and_release(next(docs), a, lang)
                           for a, lang in prepared]
            for (article, language), record in zip(prepared, records, strict=True):
                yield self._one(article, language) if record is None else record


_WORKER: Extractor | None = None
_PARENT_NLP: Language | None = None  # a loaded pipeline the forked workers inherit instead of reloading


def _init_worker(model: str | Path) -> None:
    global _WORKER
    keep_freed_heap()  # no page faults for the memory each batch frees and the next one takes again
    _WORKER = Extractor(nlp=_PARENT_NLP, model=model)


def _work(batch: list[Article]) -> list[DocRecord]:
    assert _WORKER is not None
    return list(_WORKER.pipe(batch, batch_size=len(batch) or 1))  # records pickle as they are


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
    global _PARENT_NLP
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # Forked workers inherit an already loaded pipeline (no second load); other start methods reload it.
    _PARENT_NLP = nlp if context.get_start_method() == "fork" else None
    # Each worker takes one batch at a time: smaller slices made the model's batches smaller and the parent
    # (which sends the articles and rebuilds the records) busier, for a better spread of only the last batch.
    slice_size = max(1, batch_size)
    try:
        with context.Pool(n_process, initializer=_init_worker, initargs=(model,)) as pool:
            for records in pool.imap(_work, _batches(articles, slice_size), chunksize=1):
                yield from records
    finally:
        _PARENT_NLP = None
