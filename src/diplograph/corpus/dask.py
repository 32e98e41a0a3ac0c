"""Extraction on a dask cluster: ``extract_bag`` for dask bags, ``extract_distributed`` for the CLI.

Each worker process loads the model once (a cached :class:`~diplograph.corpus.runner.Extractor` per process
and model) and returns plain record dicts, so the records are identical to a single-process run.

This module is ``diplograph.corpus.dask``; the real library is always imported absolutely and lazily
(``import dask.bag`` inside functions), so ``import dask`` anywhere else still means the real dask.
Install with ``pip install "diplograph[dask]"``.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplograph.corpus.inputs import Article, InputProblem, article_from_mapping
from diplograph.records import DocRecord

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag
    from distributed import Client

    from diplograph.corpus.runner import Extractor

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_EXTRACTORS: dict[tuple[str, int | None], Extractor] = {}


def worker_extractor(model: str | Path = "auto", max_length: int | None = None) -> Extractor:
    """The extractor of this process for ``model`` (loaded on first use, then reused)."""
    from diplograph.corpus.runner import Extractor

    key = (str(model), max_length)
    with _LOCK:
        if key not in _EXTRACTORS:
            _EXTRACTORS[key] = Extractor(model=model, max_length=max_length)
        return _EXTRACTORS[key]


def _as_article(item: Article | Mapping[str, Any], position: int) -> Article | None:
    if isinstance(item, Article):
        return item
    parsed = article_from_mapping(dict(item), f"<bag item {position}>", f"bag-{position}")
    if isinstance(parsed, InputProblem):
        log.warning("skipped: %s", parsed)
        return None
    return parsed


def extract_partition(items: Iterable[Article | Mapping[str, Any]], model: str | Path = "auto",
                      batch_size: int = 16, max_length: int | None = None) -> list[dict[str, Any]]:
    """Record dicts (``DocRecord.to_dict()``) for one partition of articles or input mappings."""
    articles = [a for i, item in enumerate(items) if (a := _as_article(item, i)) is not None]
    extractor = worker_extractor(model, max_length)
    with _LOCK:  # a spaCy pipeline is not meant to be shared by threads at the same time
        return [r.to_dict() for r in extractor.pipe(articles, batch_size=batch_size)]


def extract_bag(bag: dask.bag.Bag, *, model: str | Path = "auto", batch_size: int = 16,
                max_length: int | None = None) -> dask.bag.Bag:
    """A bag of record dicts, one per article of ``bag`` (Articles or ``{"id", "text", ...}`` mappings).

    Order follows the input bag. Rebuild records with ``DocRecord.from_dict``.
    """
    return bag.map_partitions(extract_partition, model=model, batch_size=batch_size, max_length=max_length)


def connect(address: str, n_workers: int = 2) -> Client:
    """A client for ``address`` (``tcp://host:8786``, a scheduler file ``*.json``) or ``local`` (a LocalCluster)."""
    from distributed import Client, LocalCluster

    if address == "local":
        return Client(LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True))
    if address.endswith(".json"):
        return Client(scheduler_file=address)
    return Client(address)


def extract_distributed(articles: Iterable[Article], client: Client, *, model: str | Path = "auto",
                        batch_size: int = 16, window: int | None = None) -> Iterator[DocRecord]:
    """Records in input order, computed on the cluster batch by batch.

    At most ``window`` batches are in flight (default: two per worker thread), so memory stays bounded
    however long the input is.
    """
    if window is None:
        window = max(2, 2 * sum(client.nthreads().values()))
    iterator = iter(articles)
    pending: deque = deque()
    while True:
        while len(pending) < window and (batch := list(islice(iterator, batch_size))):
            pending.append(client.submit(extract_partition, batch, model, batch_size, pure=False))
        if not pending:
            return
        future = pending.popleft()
        for data in future.result():
            yield DocRecord.from_dict(data)
        future.release()


__all__ = ["connect", "extract_bag", "extract_distributed", "extract_partition", "worker_extractor"]
