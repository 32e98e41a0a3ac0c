"""Checkpoint and resume for extract output files (JSON Lines, one record per article).

The extractor writes and flushes one complete line per article. After an interruption (Ctrl-C, kill -9,
a crash) the file holds complete lines and possibly one torn last line. :func:`resume_point` keeps the
complete, valid lines, cuts the file after the last of them and returns the ids already done, so a
re-run skips those articles and appends the rest in the same order.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO


@dataclass(slots=True)
class ResumePoint:
    done: set[str] = field(default_factory=set)  # ids of the complete records already in the file
    records: int = 0
    truncated_bytes: int = 0  # how much of a torn or invalid tail was cut off


def _valid_id(line: bytes) -> str | None:
    if not line.endswith(b"\n"):
        return None
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or "id" not in data:
        return None
    return str(data["id"])


def resume_point(path: str | os.PathLike[str]) -> ResumePoint:
    """Scan an existing output file, truncate it after its last complete valid record, return the done ids.

    Everything from the first torn or invalid line onwards is cut (it is redone). A missing file is an
    empty resume point.
    """
    path = Path(path)
    point = ResumePoint()
    if not path.exists():
        return point
    keep = 0
    with path.open("rb") as fh:
        for line in fh:
            if not line.strip():
                keep += len(line)
                continue
            article_id = _valid_id(line)
            if article_id is None:
                break
            point.done.add(article_id)
            point.records += 1
            keep += len(line)
    size = path.stat().st_size
    if keep < size:
        with path.open("r+b") as fh:
            fh.truncate(keep)
        point.truncated_bytes = size - keep
    return point


def write_line(out: IO[str], line: str) -> None:
    """Write one record line and flush it to the OS (a killed process leaves complete lines behind)."""
    out.write(line + "\n")
    out.flush()


__all__ = ["ResumePoint", "resume_point", "write_line"]
