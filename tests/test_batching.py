"""Our components' ``pipe``: one component over a whole batch, spaCy's error-handler semantics."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from diplograph.pipeline.batching import BatchedComponent


class _Marks(BatchedComponent):
    """Appends its name to doc.user_data["seen"]; fails on texts that contain BOOM."""

    def __call__(self, doc):
        if "BOOM" in doc.text:
            raise RuntimeError(f"{self.name} failed on purpose")
        doc.user_data.setdefault("seen", []).append(self.name)
        return doc


@Language.factory("test_batched_marks")
def _make_marks(nlp, name):
    return _Marks().named(name)


def _nlp():
    nlp = spacy.blank("de")
    nlp.add_pipe("test_batched_marks", name="first")
    nlp.add_pipe("test_batched_marks", name="second")
    return nlp


def test_pipe_gives_what_one_by_one_gives():
    nlp = _nlp()
    texts = ["eins", "zwei", "drei"]
    docs = list(nlp.pipe(texts, batch_size=2))
    assert [d.text for d in docs] == texts
    assert [d.user_data["seen"] for d in docs] == [nlp(t).user_data["seen"] for t in texts]
    assert docs[0].user_data["seen"] == ["first", "second"]


def test_batch_order_first_component_over_batch_then_second():
    nlp = _nlp()
    log: list[tuple[str, str]] = []

    class _Logged(_Marks):
        def __call__(self, doc):
            log.append((self.name, doc.text))
            return super().__call__(doc)

    for _, proc in nlp.pipeline:
        proc.__class__ = _Logged
    list(nlp.pipe(["a", "b", "c"], batch_size=2))
    assert log == [("first", "a"), ("first", "b"), ("second", "a"), ("second", "b"),
                   ("first", "c"), ("second", "c")]


def test_failing_document_raises_by_default():
    with pytest.raises(RuntimeError, match="first failed on purpose"):
        list(_nlp().pipe(["gut", "BOOM"]))


def test_error_handler_gets_the_failing_document_and_the_rest_goes_on():
    nlp = _nlp()
    seen: list[tuple[str, list[str], str]] = []
    nlp.set_error_handler(lambda name, proc, docs, err: seen.append((name, [d.text for d in docs], str(err))))
    docs = list(nlp.pipe(["gut", "BOOM", "auch gut"], batch_size=3))
    assert [d.text for d in docs] == ["gut", "auch gut"]  # the failing document is not yielded, as in spaCy
    assert seen == [("first", ["BOOM"], "first failed on purpose")]
