"""Streaming, checkpoint/resume after kill -9, n_process and dask identity, byte-identical output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from synthetic import articles as synthetic_articles

from diplograph.cli import main
from diplograph.corpus.checkpoint import resume_point
from diplograph.corpus.inputs import Article
from diplograph.corpus.runner import Extractor, extract_records

N_ARTICLES = 40


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for item in synthetic_articles(N_ARTICLES, seed=3, paragraphs=1):
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def reference(corpus_file: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """An uninterrupted single-process run."""
    out = tmp_path_factory.mktemp("ref") / "out.jsonl"
    assert main(["extract", str(corpus_file), "--output", str(out), "--quiet"]) == 0
    return out.read_bytes()


def _ids(data: bytes) -> list[str]:
    return [json.loads(line)["id"] for line in data.splitlines()]


def test_resume_point_cuts_torn_tail(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"id": "a"}\n{"id": "b"}\n{"id": "c", "act')
    point = resume_point(path)
    assert point.done == {"a", "b"} and point.records == 2 and point.truncated_bytes > 0
    assert path.read_bytes() == b'{"id": "a"}\n{"id": "b"}\n'
    path.write_bytes(b'{"id": "a"}\n{"id": "b"}')  # complete JSON but no newline: torn as well
    assert resume_point(path).done == {"a"}
    assert resume_point(tmp_path / "missing.jsonl").records == 0


def test_kill_9_then_resume_equals_uninterrupted(corpus_file: Path, reference: bytes, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "diplograph", "extract", str(corpus_file), "--output", str(out),
           "--batch-size", "1", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.read_bytes().count(b"\n") >= 5:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = out.read_bytes()
    assert 5 <= partial.count(b"\n") < N_ARTICLES, "the run was not interrupted mid-way"
    with out.open("ab") as fh:  # make sure a torn last line is there to be detected
        fh.write(b'{"id": "syn-0000')
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "resume" in result.stderr or result.stderr == ""
    resumed = out.read_bytes()
    assert _ids(resumed) == _ids(reference) == [f"syn-{i:06d}" for i in range(N_ARTICLES)]
    assert resumed == reference  # same records and the same corpus-wide ids


def test_n_process_and_reruns_are_byte_identical(corpus_file: Path, reference: bytes, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("stale content that --overwrite must remove\n")
    assert main(["extract", str(corpus_file), "--output", str(out), "--n-process", "2", "--batch-size", "4",
                 "--overwrite", "--quiet"]) == 0
    assert out.read_bytes() == reference


def test_streaming_is_lazy(nlp) -> None:
    consumed: list[int] = []

    def source():
        for i, item in enumerate(synthetic_articles(10_000, paragraphs=1)):
            consumed.append(i)
            yield Article(item["id"], item["text"], item["published"])

    stream = Extractor(nlp=nlp).pipe(source(), batch_size=4)
    first = next(stream)
    assert first.id == "syn-000000"
    assert len(consumed) <= 8  # one batch read ahead at most, not the corpus


def test_extract_records_n_process_identity(nlp) -> None:
    items = [Article(a["id"], a["text"], a["published"]) for a in synthetic_articles(12, seed=5, paragraphs=1)]
    single = [r.to_dict() for r in extract_records(items, nlp=nlp, batch_size=5)]
    multi = [r.to_dict() for r in extract_records(items, nlp=nlp, n_process=2, batch_size=5)]  # inherited nlp
    assert single == multi


def test_dask_bag_and_distributed_identity(nlp) -> None:
    dask_bag = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    import dask  # the real library, not diplograph.corpus.dask

    from diplograph.corpus.dask import extract_bag, extract_distributed

    assert hasattr(dask, "compute") and dask.__name__ == "dask"
    raw = list(synthetic_articles(8, seed=11, paragraphs=1))
    expected = [r.to_dict() for r in Extractor(nlp=nlp).pipe(
        [Article(a["id"], a["text"], a["published"]) for a in raw])]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        got = extract_bag(dask_bag.from_sequence(raw, npartitions=3)).compute()
        assert got == expected
        articles = (Article(a["id"], a["text"], a["published"]) for a in raw)
        streamed = [r.to_dict() for r in extract_distributed(articles, client, batch_size=3)]
        assert streamed == expected
