"""Pausing Python's cyclic garbage collector around bulk construction.

Building a corpus graph allocates hundreds of thousands of small objects (dicts, tuples, lists) that all
stay alive, while the records it reads are alive too: every collection the allocations trigger rescans
them and frees nothing. Pausing the collector for the duration is the usual remedy; reference counting
still frees what becomes garbage, and the collector runs again as soon as the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block (left as it was if it was already disabled)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_collector(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator: run ``fn`` with the collector paused."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return fn(*args, **kwargs)

    return wrapper
