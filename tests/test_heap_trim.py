"""keep_freed_heap: freed heap memory stays in the process, so taking it again costs no page faults."""

from __future__ import annotations

import ctypes
import subprocess
import sys

import pytest

from diplograph.corpus import heap_trim

PROBE = r"""
import ctypes, resource, sys
from diplograph.corpus.heap_trim import keep_freed_heap
if sys.argv[1] == "keep":
    assert keep_freed_heap()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]

def round_trip():  # 32 MB in 64 KB blocks (below the mmap threshold: from the heap), touched, freed
    blocks = [libc.malloc(65536) for _ in range(512)]
    for b in blocks:
        libc.memset(b, 1, 65536)
    for b in reversed(blocks):
        libc.free(b)

round_trip()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
round_trip()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _is_glibc() -> bool:
    return hasattr(ctypes.CDLL(None), "gnu_get_libc_version")


def _faults(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return int(out.stdout.strip())


@pytest.mark.skipif(sys.platform != "linux" or not _is_glibc(), reason="glibc only")
def test_freed_heap_is_taken_again_without_page_faults():
    assert _faults("default") > 4000  # 8192 pages of 4 KiB: trimmed and faulted in again
    assert _faults("keep") < 1000


def test_no_c_library_changes_nothing(monkeypatch):
    def no_library(name):
        raise OSError("no C library")

    monkeypatch.setattr(heap_trim.ctypes, "CDLL", no_library)
    assert heap_trim.keep_freed_heap() is False


def test_a_c_library_without_mallopt_changes_nothing(monkeypatch):
    class NoMallopt:
        def __init__(self, name: str) -> None:
            pass

    monkeypatch.setattr(heap_trim.ctypes, "CDLL", NoMallopt)
    assert heap_trim.keep_freed_heap() is False


def test_workers_keep_freed_heap(monkeypatch):
    from diplograph.corpus import runner as corpus

    calls: list[int] = []
    monkeypatch.setattr(corpus, "keep_freed_heap", lambda: calls.append(1) or True)
    monkeypatch.setattr(corpus, "Extractor", lambda nlp=None, model="auto": object())
    monkeypatch.setattr(corpus, "_WORKER", None)  # restored after the test
    corpus._init_worker("bundled")
    assert calls == [1]
