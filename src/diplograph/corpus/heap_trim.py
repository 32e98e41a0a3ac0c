"""Keeping freed heap memory in extraction worker processes (glibc only).

Each batch allocates and frees tens of megabytes (the model's arrays, the Docs). In a forked ``n_process``
worker, glibc's ``free`` kept handing the top of the heap back to the system and the next batch faulted it
in again: about 12,000 page faults per batch of 32 articles, a tenth of the workers' CPU time in the
kernel. Raising the trim threshold (``mallopt(M_TRIM_THRESHOLD)``) keeps up to that much free memory in
the process instead: on the throughput benchmark the workers' page faults fell from ~320,000 to ~34,000
and ``n_process=2`` took about 10% less wall time. A worker's memory then stays at its peak; the parent
process is left as it is.
"""

from __future__ import annotations

import ctypes
import logging

log = logging.getLogger(__name__)

M_TRIM_THRESHOLD = -1  # glibc's mallopt parameter number
WORKER_TRIM_THRESHOLD = 64 * 1024 * 1024


def keep_freed_heap(threshold: int = WORKER_TRIM_THRESHOLD) -> bool:
    """Set glibc's trim threshold to ``threshold`` bytes; False (and nothing changed) where the C library
    is not glibc or has no ``mallopt``."""
    try:
        libc = ctypes.CDLL(None)  # the symbols already loaded into the process, the C library's among them
    except (OSError, TypeError):  # (TypeError: Windows needs a library name)
        return False
    if not hasattr(libc, "gnu_get_libc_version") or not hasattr(libc, "mallopt"):  # glibc only
        return False
    mallopt = libc.mallopt
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    done = bool(mallopt(M_TRIM_THRESHOLD, threshold))
    if not done:
        log.debug("mallopt(M_TRIM_THRESHOLD, %d) failed", threshold)
    return done
