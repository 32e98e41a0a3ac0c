"""Reading articles: JSONL, single-record JSON, plain text, directories and stdin.

Every problem is reported as an :class:`InputProblem` naming the file, the line and the id; the other
articles of the same file are still read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

SUFFIXES = (".jsonl", ".json", ".txt")


@dataclass(slots=True)
class Article:
    id: str
    text: str
    published: str | None = None
    url: str | None = None
    source: str = ""  # "file:line" where the article came from
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class InputProblem:
    source: str
    message: str
    article_id: str | None = None

    def __str__(self) -> str:
        who = f" (id {self.article_id!r})" if self.article_id else ""
        return f"{self.source}{who}: {self.message}"


Item = Article | InputProblem


def normalise_published(value: object) -> tuple[str | None, str | None]:
    """Return (ISO date or None, warning or None) for a ``published`` value."""
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        return None, f"'published' is not a string ({type(value).__name__}); ignored"
    text = value.strip()
    try:
        return date.fromisoformat(text[:10]).isoformat(), None
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, languages=["de", "en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        return None, f"'published' value {value!r} is not a date; ignored"
    return parsed.date().isoformat(), None


def article_from_mapping(data: object, source: str, fallback_id: str) -> Item:
    if not isinstance(data, dict):
        return InputProblem(source, f"expected a JSON object, got {type(data).__name__}")
    raw_id = data.get("id", fallback_id)
    article_id = str(raw_id) if raw_id not in (None, "") else fallback_id
    if any("\ud800" <= c <= "\udfff" for c in article_id):  # lone surrogates cannot be written as UTF-8
        article_id = article_id.encode("utf-8", "replace").decode("utf-8")
    text = data.get("text")
    if text is None:
        return InputProblem(source, "missing 'text' field", article_id)
    if not isinstance(text, str):
        return InputProblem(source, f"'text' is not a string ({type(text).__name__})", article_id)
    published, warning = normalise_published(data.get("published"))
    url = data.get("url")
    if isinstance(url, str):
        url = url.encode("utf-8", "replace").decode("utf-8")  # lone surrogates cannot be written as UTF-8
    article = Article(article_id, text, published, url if isinstance(url, str) else None, source)
    if warning:
        article.warnings.append(warning)
    return article


def _decode(raw: bytes, source: str) -> tuple[str | None, list[str], InputProblem | None]:
    if b"\x00" in raw[:8192]:
        return None, [], InputProblem(source, "binary file (NUL bytes), not text; skipped")
    try:
        return raw.decode("utf-8-sig"), [], None
    except UnicodeDecodeError as err:
        warning = f"invalid UTF-8 at byte {err.start}; undecodable bytes replaced by U+FFFD"
        return raw.decode("utf-8", errors="replace"), [warning], None


def read_jsonl_lines(lines: Iterable[str], name: str, stem: str) -> Iterator[Item]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        source = f"{name}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputProblem(source, f"invalid JSON ({err.msg} at column {err.colno}); line skipped")
            continue
        yield article_from_mapping(data, source, f"{stem}-{number}")


def read_file(path: Path) -> Iterator[Item]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        yield InputProblem(name, f"cannot read file: {err.strerror or err}")
        return
    text, warnings, problem = _decode(raw, name)
    if problem is not None or text is None:
        yield problem or InputProblem(name, "unreadable")
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        items: Iterable[Item] = read_jsonl_lines(text.splitlines(), name, path.stem)
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            yield InputProblem(name, f"invalid JSON ({err.msg} at line {err.lineno}); file skipped")
            return
        records = data if isinstance(data, list) else [data]
        items = (article_from_mapping(d, f"{name}:{i}" if isinstance(data, list) else name,
                                      path.stem if len(records) == 1 else f"{path.stem}-{i}")
                 for i, d in enumerate(records, start=1))
    else:
        items = [Article(path.stem, text, None, None, name)]
    for item in items:
        if isinstance(item, Article):
            item.warnings[:0] = warnings
        yield item


def expand_inputs(inputs: Iterable[str | Path]) -> Iterator[Path | str | InputProblem]:
    """Files in the order given; directories expand to their *.json/*.jsonl/*.txt files, sorted."""
    for raw in inputs:
        if str(raw) == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            yield path
        else:
            yield InputProblem(str(path), "no such file or directory")


def read_inputs(inputs: Iterable[str | Path]) -> Iterator[Item]:
    """All articles of all inputs, in order, with problems interleaved where they occur.

    Duplicate ids are reported and the later article is renamed ``ID#2``, ``ID#3``..., never dropped.
    """
    seen: dict[str, int] = {}
    for entry in expand_inputs(inputs):
        if isinstance(entry, InputProblem):
            yield entry
            continue
        items = read_jsonl_lines(sys.stdin, "<stdin>", "stdin") if entry == "-" else read_file(Path(entry))
        for item in items:
            if isinstance(item, Article):
                count = seen.get(item.id, 0) + 1
                seen[item.id] = count
                if count > 1:
                    new_id = f"{item.id}#{count}"
                    item.warnings.append(f"duplicate id {item.id!r} (also earlier in the input); renamed {new_id!r}")
                    item.id = new_id
            yield item
