"""Checkpoint and resume for extract output files (JSON Lines, one record per article).

The extractor writes and flushes one complete line per article. After an interruption (Ctrl-C, kill -9,
a crash) the file holds complete lines and possibly one torn last line. :func:`resume_point` keeps the
complete, valid lines, cuts the file after the last of them and returns the ids already done, so a
re-run skips those articles and appends the rest in the same order.

A manifest beside the output (``records.jsonl.manifest.json``: inputs, model, ``--published``) says what it
was written from; ``diplograph extract`` resumes an output only when the manifest matches the new run.
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


MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_KEYS = ("inputs", "model", "published")  # what an output depends on (not --n-process, --batch-size)


def manifest_path(output: str | os.PathLike[str]) -> Path:
    """``records.jsonl`` -> ``records.jsonl.manifest.json`` (beside the output)."""
    output = Path(output)
    return output.with_name(output.name + MANIFEST_SUFFIX)


def make_manifest(inputs: list[str], model: str, published: str | None) -> dict:
    """What an extract output is written from: the inputs (absolute paths, ``-`` for stdin, in order), the
    model and the ``--published`` date."""
    from diplograph import __version__

    paths = [raw if raw == "-" else str(Path(raw).resolve()) for raw in map(str, inputs)]
    return {"format": 1, "inputs": paths, "model": model, "published": published, "diplograph": __version__}


def read_manifest(output: str | os.PathLike[str]) -> dict | None:
    """The manifest beside ``output``, or None when there is none or it cannot be read."""
    try:
        data = json.loads(manifest_path(output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_manifest(output: str | os.PathLike[str], manifest: dict) -> Path:
    """Write the manifest beside ``output`` (a temporary file, then an atomic replace)."""
    path = manifest_path(output)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def manifest_differences(old: dict | None, new: dict) -> list[str]:
    """Why an output written under ``old`` must not be resumed under ``new`` (empty: it may be)."""
    if old is None:
        return ["it has no readable manifest saying what it was extracted from"]
    return [f"{key}: was {old.get(key)!r}, now {new.get(key)!r}" for key in MANIFEST_KEYS
            if old.get(key) != new.get(key)]


def write_line(out: IO[str], line: str) -> None:
    """Write one record line and flush it to the OS (a killed process leaves complete lines behind)."""
    out.write(line + "\n")
    out.flush()


__all__ = ["MANIFEST_SUFFIX", "ResumePoint", "make_manifest", "manifest_differences", "manifest_path", "read_manifest",
           "resume_point", "write_line", "write_manifest"]
