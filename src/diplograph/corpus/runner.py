"""``Extractor`` and ``extract_records``: the extraction runner, articles in, one :class:`DocRecord` each out.

An :class:`Extractor` holds a loaded spaCy pipeline. Its :meth:`Extractor.pipe` streams articles through
``nlp.pipe(..., as_tuples=True, n_process=n)`` and builds each record from the Doc that comes back, in input
order. With ``n_process > 1`` spaCy's own workers run the pipeline (forked workers inherit the loaded
pipeline) and send the processed Docs back serialised (``doc.to_bytes()``, see
:mod:`diplograph.pipeline.serialization`), so the records are identical to a single-process run.
``extract_records`` is the same as a function that loads the model first.

Nothing here pauses or freezes the garbage collector or tunes the heap (``docs/scaling.md`` has the
measurements). While a stream with ``n_process > 1`` runs, srsly's msgpack codec registries answer from one
look-up (:func:`codecs_looked_up_once`), which makes the Docs' serialisation 10-20 times cheaper.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from diplograph.corpus.chunking import merge_records, shift_record, split_text
from diplograph.corpus.inputs import Article
from diplograph.corpus.textprep import detect_language, prepare_text
from diplograph.pipeline.extract import doc_to_record
from diplograph.pipeline.loading import load
from diplograph.records import DocRecord

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _InFlight:
    """An article handed to ``nlp.pipe`` and not yet out as a record: its Docs are those numbered
    ``first`` .. ``first + len(chunks) - 1`` in the stream (none when it is to be done on its own)."""

    article: Article
    language: str | None
    first: int
    chunks: list[tuple[int, str]] = field(default_factory=list)  # (offset, text); one chunk unless long
    docs: list[Doc] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.first + len(self.chunks)


class Extractor:
    """A loaded pipeline that turns articles into records.

    Before the pipeline runs, HTML markup is removed and the language is guessed (``record.language``;
    non-German text is flagged with a warning and still extracted). Texts longer than ``max_length``
    (default ``nlp.max_length``) are processed in chunks cut at paragraph or sentence boundaries, and
    the chunk records are merged with offsets into the whole text. An article that makes the pipeline fail
    gets a record with an ``extraction failed`` warning; the others are not affected.

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

    def make_doc(self, article: Article) -> Doc:
        """The tokenized Doc of ``article`` with ``doc._.article_id``, ``doc._.published`` and
        ``doc._.warnings`` set, ready for the pipeline."""
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

    def chunks(self, article: Article) -> list[tuple[int, str]]:
        """(offset, text) of the pieces the pipeline takes: the whole text, or chunks of a long one."""
        if len(article.text) > self.limit:
            return split_text(article.text, self.limit)
        return [(0, article.text)]

    def record(self, doc: Doc, article: Article, language: str | None = None) -> DocRecord:
        """The record of ``article`` from its processed Doc."""
        record = doc_to_record(doc, article_id=article.id, model=self.model, url=article.url,
                               published=article.published, warnings=list(article.warnings))
        record.language = language
        record.published_source = article.published_source
        return record

    def _record_of(self, docs: list[Doc], chunks: list[tuple[int, str]], article: Article,
                   language: str | None) -> DocRecord:
        """The record of ``article`` from the processed Docs of its ``chunks``: one Doc, or the chunk records
        of a long text merged, with offsets into the whole text."""
        if len(chunks) == 1:
            return self.record(docs[0], article, language)
        parts: list[DocRecord] = []
        sentences = 0
        for doc, (offset, _) in zip(docs, chunks, strict=True):
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

    def _failed(self, article: Article, language: str | None, err: Exception) -> DocRecord:
        log.warning("%s (id %r): extraction failed: %s", article.source, article.id, err)
        return DocRecord(id=article.id, model=self.model, url=article.url, published=article.published,
                         language=language,
                         warnings=[*article.warnings, f"extraction failed: {type(err).__name__}: {err}"],
                         published_source=article.published_source)

    def _one(self, article: Article, language: str | None) -> DocRecord:
        """One prepared article through the pipeline in this process; an exception becomes a warning record."""
        try:
            chunks = self.chunks(article)
            docs = [self.nlp(self.make_doc(replace(article, text=text, warnings=[]))) for _, text in chunks]
            return self._record_of(docs, chunks, article, language)
        except Exception as err:  # noqa: BLE001 - one bad article must not stop the corpus
            return self._failed(article, language, err)

    def process(self, article: Article) -> DocRecord:
        """One article; an exception inside the pipeline becomes a record with a warning."""
        return self._one(*self.prepare(article))

    def _done(self, item: _InFlight) -> DocRecord:
        """The record of an article whose Docs all came back; done again on its own if some did not, or if
        building the record fails."""
        if len(item.docs) != len(item.chunks):
            return self._alone(item)
        try:
            return self._record_of(item.docs, item.chunks, item.article, item.language)
        except Exception:  # noqa: BLE001
            return self._alone(item)

    def pipe(self, articles: Iterable[Article], batch_size: int = 16, n_process: int = 1) -> Iterator[DocRecord]:
        """Stream records in input order through ``nlp.pipe(..., as_tuples=True, n_process=n_process)``.

        Long texts go through as chunks and come out as one record. An article whose Docs do not come back
        (with ``n_process > 1`` a worker that fails on an article returns none of its batch) is redone on its
        own in this process, where a failure becomes a record with a warning. When the pipeline raises in this
        process, that stream stops: the articles it held are redone one by one and the rest goes on in a new
        stream. An exception raised while reading ``articles`` is raised after the records before it.

        With ``n_process > 1``, while the stream runs, ``nlp.default_error_handler`` passes over a worker's
        failed batch instead of raising (other errors go to the handler that was set) and srsly's codec
        registries answer from one look-up (:func:`codecs_looked_up_once`); both are restored afterwards."""
        if n_process == 1:
            yield from self._pipe(_Stream(iter(articles)), batch_size, n_process)
            return
        previous = self.nlp.default_error_handler
        self.nlp.default_error_handler = partial(_pass_over_failed_batches, previous)
        try:
            with codecs_looked_up_once():
                yield from self._pipe(_Stream(iter(articles)), batch_size, n_process)
        finally:
            self.nlp.default_error_handler = previous

    def _pipe(self, stream: _Stream, batch_size: int, n_process: int) -> Iterator[DocRecord]:
        while not stream.finished:
            docs = self.nlp.pipe(self._feed(stream), as_tuples=True, batch_size=batch_size, n_process=n_process)
            pending = stream.pending
            try:
                for doc, number in docs:
                    while pending[0].end <= number:  # a Doc of it never came back
                        yield self._alone(pending.popleft())
                    item = pending[0]
                    item.docs.append(doc)
                    if number == item.end - 1:
                        yield self._done(pending.popleft())
            except GeneratorExit:  # the caller stopped reading
                if n_process != 1:  # spaCy's workers exit once what they hold is read: hand out nothing more
                    stream.finished = True
                    for _ in docs:
                        pass
                raise
            except Exception as err:  # noqa: BLE001 - the pipeline failed on one of the articles in flight
                log.debug("nlp.pipe failed (%s: %s); redoing %d articles one by one", type(err).__name__, err,
                          len(pending))
            finally:
                docs.close()
            while pending:
                yield self._alone(pending.popleft())
        if stream.raised is not None:
            raise stream.raised

    def _feed(self, stream: _Stream) -> Iterator[tuple[Doc, int]]:
        """(Doc, number) pairs for ``nlp.pipe``: the articles of ``stream`` prepared, each added to its
        ``pending`` before its Docs (a long text's chunks) are handed out."""
        number = 0
        while (article := stream.next()) is not None:
            item = _InFlight(article, None, number)
            stream.pending.append(item)
            try:
                item.article, item.language = self.prepare(article)
                chunks = self.chunks(item.article)
                docs = [self.make_doc(replace(item.article, text=text, warnings=[])) for _, text in chunks]
            except Exception:  # noqa: BLE001 - done (and reported) on its own
                continue
            item.chunks = chunks
            for doc in docs:
                yield doc, number
                number += 1

    def _alone(self, item: _InFlight) -> DocRecord:
        return self._one(item.article, item.language)


def _pass_over_failed_batches(handler, proc_name, proc, docs, err):
    """An ``nlp.default_error_handler`` for ``nlp.pipe(..., n_process=n)``: spaCy calls it without a component
    when a worker failed on a batch (``proc_name`` None), and raises by default, which stops the stream and
    can leave the other worker blocked on a full pipe. Passed over, the stream goes on without that batch's
    Docs, and :meth:`Extractor.pipe` redoes its articles one by one; any other error goes to ``handler``."""
    if proc_name is None and proc is None and docs is None:
        log.debug("a worker failed on a batch; its articles are redone one by one: %s", err)
        return None
    return handler(proc_name, proc, docs, err)


@contextmanager
def codecs_looked_up_once() -> Iterator[None]:
    """Inside the block, ``srsly.msgpack_encoders.get_all()`` and ``msgpack_decoders.get_all()`` return what they
    returned on entry; restored on exit.

    srsly asks these registries for every ``msgpack_dumps`` and ``msgpack_loads``, and catalogue answers by
    scanning every installed entry point and every registered function: about 0.5-1 ms a call here, and a Doc
    sent to a worker and back takes twelve calls (``Doc.to_bytes`` packs the user data's keys and values
    and the whole, ``from_bytes`` unpacks them), ten times the cost of the serialisation itself; with it,
    ``n_process=2`` spent a third more CPU time than the records' pipeline work. spaCy forks its workers when
    the stream starts, so they inherit the look-up. A codec registered inside the block is not seen until it
    ends. Nested or concurrent blocks leave the registries to the outermost."""
    registries = [r for r in (srsly.msgpack_encoders, srsly.msgpack_decoders) if "get_all" not in vars(r)]
    for registry in registries:
        registry.get_all = partial(dict, registry.get_all())
    try:
        yield
    finally:
        for registry in registries:
            vars(registry).pop("get_all", None)


class _Stream:
    """The articles to extract, read one at a time: ``finished`` once they are all read or reading raised
    (``raised``); ``pending`` holds the articles handed to the pipeline whose records are not out yet."""

    def __init__(self, articles: Iterator[Article]) -> None:
        self.articles = articles
        self.pending: deque[_InFlight] = deque()
        self.finished = False
        self.raised: Exception | None = None

    def next(self) -> Article | None:
        if self.finished:
            return None
        try:
            return next(self.articles)
        except StopIteration:
            self.finished = True
        except Exception as err:  # noqa: BLE001 - raised again once the articles before it are out
            self.finished = True
            self.raised = err
        return None


def extract_records(articles: Iterable[Article], *, model: str | Path = "auto", nlp: Language | None = None,
                    n_process: int = 1, batch_size: int = 16) -> Iterator[DocRecord]:
    """Records for ``articles`` in input order, streamed (nothing corpus-sized is held in memory); loads
    ``model`` unless ``nlp`` is given. See :meth:`Extractor.pipe`."""
    yield from Extractor(nlp=nlp, model=model).pipe(articles, batch_size=batch_size, n_process=n_process)
