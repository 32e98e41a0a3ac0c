"""Our components take a batch of documents one component at a time, as spaCy's own components do.

A component without a ``pipe`` method gets one document at a time from ``nlp.pipe``: each document runs
through all of our components before the next one, between the model's batches. With :meth:`pipe`, one
component runs over the whole batch before the next component starts, so its code and tables stay in the
CPU caches: full extraction takes about 5% less time on the throughput benchmark (``benchmarks/RESULTS.md``)
for the same output, since every component works on one document at a time either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, NoReturn, Self

from spacy.tokens import Doc
from spacy.util import minibatch, raise_error

ErrorHandler = Callable[[str, Any, list[Doc], Exception], NoReturn]


class BatchedComponent:
    """Mixin for a component with ``__call__(doc) -> doc``: adds spaCy's ``pipe`` and error-handler methods.

    A document whose component call raises is passed to the error handler (``nlp.set_error_handler``; by
    default the exception is raised again) and is not yielded, as spaCy does for components without
    ``pipe``."""

    name: str = ""

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - every component defines it
        raise NotImplementedError

    def named(self, name: str) -> Self:
        """Set the name the pipeline knows the component by (for the error handler); returns ``self``."""
        self.name = name
        return self

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 32) -> Iterator[Doc]:
        handler = self.get_error_handler()
        for batch in minibatch(docs, size=batch_size):
            done: list[Doc] = []
            for doc in batch:
                try:
                    done.append(self(doc))
                except Exception as err:  # noqa: BLE001 - the handler decides (by default: raise)
                    handler(self.name, self, [doc], err)
            yield from done

    def set_error_handler(self, error_handler: ErrorHandler) -> None:
        self.error_handler = error_handler

    def get_error_handler(self) -> ErrorHandler:
        return getattr(self, "error_handler", raise_error)  # set on the instance: not a bound method
