"""Reading articles: JSONL, single-record JSON, plain text, directories and stdin.

Every problem is reported as an :class:`InputProblem` naming the file, the line and the id; the other
articles of the same file are still read.

Every article gets its publication date here, first found wins (:func:`resolve_published`):

1. the input record's own ``published`` field (``"record"``);
2. the ``published`` argument: ``diplograph extract --published YYYY-MM-DD``, ``read_inputs(...,
   published=...)``, ``Corpus.from_jsonl`` / ``Corpus.from_texts`` / ``diplograph.extract(published=...)``
   (``"argument"``);
3. a date the article states near its start: a dateline or timestamp line (``"text"``,
   :func:`diplograph.corpus.dateline.date_in_text`);
4. none: ``published`` is None, relative dates ("am Montag") stay unresolved and no date-dependent fact
   (who held which office when) is used; nothing is ever dated "today".

``Article.published_source`` (and ``DocRecord.published_source`` in the output) names the step that gave
the date.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from diplograph.corpus.dateline import date_in_text

SUFFIXES = (".jsonl", ".json", ".txt")
PUBLISHED_SOURCES = ("record", "argument", "text")  # the values of Article.published_source, in precedence order
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")


@dataclass(slots=True)
class Article:
    id: str
    text: str
    published: str | None = None
    url: str | None = None
    source: str = ""  # "file:line" where the article came from
    warnings: list[str] = field(default_factory=list)
    published_source: str | None = None  # "record", "argument" or "text" (see the module docstring)

    def __post_init__(self) -> None:
        if self.published_source is None and self.published is not None:
            self.published_source = "record"  # an Article built with a date: its own


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

    # No relative forms ("gestern") and no missing year ("12. März"): either would be filled in from today's
    # date (or, for dateparser, "12" read as the year 2012), so a four-digit year must be written out.
    parsed = None if _YEAR.search(text) is None else dateparser.parse(
        text, languages=["de", "en"], settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"],
                                               "PARSERS": ["timestamp", "custom-formats", "absolute-time"]})
    if parsed is None:
        return None, f"'published' value {value!r} is not a date; ignored"
    return parsed.date().isoformat(), None


def parse_published_argument(value: str | date | None) -> str | None:
    """A ``published`` argument (``--published``, ``published=``) as ``YYYY-MM-DD``; None stays None.

    Only ``YYYY-MM-DD`` strings and :class:`datetime.date` objects (a datetime gives its day) are accepted;
    anything else raises ValueError naming the value.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ValueError(f"published date {value!r} is not a date in the form YYYY-MM-DD")


def resolve_published(own: object, default: str | None, text: str) -> tuple[str | None, str | None, str | None]:
    """(``YYYY-MM-DD`` or None, its source or None, a warning or None) for one article.

    ``own``: the record's ``published`` field as read (normalised by :func:`normalise_published`; a value
    that is not a date is ignored with a warning); ``default``: the already validated ``published``
    argument; ``text``: the article, searched for a dateline when neither gives a date.
    """
    published, warning = normalise_published(own)
    if published is not None:
        return published, "record", warning
    if default is not None:
        return default, "argument", warning
    stated = date_in_text(text) if text else None
    return stated, "text" if stated else None, warning


def article_from_text(article_id: str, text: str, *, published: str | date | None = None, url: str | None = None,
                      source: str = "<text>") -> Article:
    """An article from a bare text (a .txt file, ``Corpus.from_texts``, ``diplograph.pipeline.extract``): dated by
    ``published`` (``YYYY-MM-DD``; ValueError when malformed), else by the text's own dateline, else None."""
    value, origin, _ = resolve_published(None, parse_published_argument(published), text)
    return Article(article_id, text, value, url, source, published_source=origin)


def article_from_mapping(data: object, source: str, fallback_id: str, published: str | None = None) -> Item:
    """An article from an input record ``{"id", "text", "published", "url"}``, or the problem with it.

    ``published``: the validated ``YYYY-MM-DD`` date for a record without a ``published`` date of its own
    (see :func:`resolve_published` for the order)."""
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
    published, origin, warning = resolve_published(data.get("published"), published, text)
    url = data.get("url")
    if isinstance(url, str):
        url = url.encode("utf-8", "replace").decode("utf-8")  # lone surrogates cannot be written as UTF-8
    article = Article(article_id, text, published, url if isinstance(url, str) else None, source,
                      published_source=origin)
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


def json_error(err: json.JSONDecodeError, unit: str) -> str:
    """``"Expecting value at column 3"``; json's messages that already end in "at" ("Unterminated string
    starting at") are not followed by a second "at"."""
    where = f"column {err.colno}" if unit == "column" else f"line {err.lineno}"
    message = err.msg.rstrip()
    return f"{message} {where}" if message.endswith(" at") else f"{message} at {where}"


def read_jsonl_lines(lines: Iterable[str], name: str, stem: str, published: str | None = None) -> Iterator[Item]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        source = f"{name}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            yield InputProblem(source, f"invalid JSON ({json_error(err, 'column')}); line skipped")
            continue
        yield article_from_mapping(data, source, f"{stem}-{number}", published)


def read_file(path: Path, published: str | None = None) -> Iterator[Item]:
    """The articles of one file (``published``: the validated date for articles without their own)."""
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
        items: Iterable[Item] = read_jsonl_lines(text.splitlines(), name, path.stem, published)
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            yield InputProblem(name, f"invalid JSON ({json_error(err, 'line')}); file skipped")
            return
        records = data if isinstance(data, list) else [data]
        items = (article_from_mapping(d, f"{name}:{i}" if isinstance(data, list) else name,
                                      path.stem if len(records) == 1 else f"{path.stem}-{i}", published)
                 for i, d in enumerate(records, start=1))
    else:
        items = [article_from_text(path.stem, text, published=published, source=name)]
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


def read_inputs(inputs: Iterable[str | Path], published: str | date | None = None) -> Iterator[Item]:
    """All articles of all inputs, in order, with problems interleaved where they occur.

    Duplicate ids are reported and the later article is renamed ``ID#2``, ``ID#3``..., never dropped.
    ``published`` (``YYYY-MM-DD``; ValueError when malformed, raised at once) dates the articles that
    have no ``published`` date of their own (.txt files, records without the field); an article with
    neither is dated by its own dateline, if any (see the module docstring).
    """
    default = parse_published_argument(published)
    return _read_inputs(inputs, default)


def _read_inputs(inputs: Iterable[str | Path], published: str | None) -> Iterator[Item]:
    seen: dict[str, int] = {}
    for entry in expand_inputs(inputs):
        if isinstance(entry, InputProblem):
            yield entry
            continue
        items = (read_jsonl_lines(sys.stdin, "<stdin>", "stdin", published) if entry == "-"
                 else read_file(Path(entry), published))
        for item in items:
            if isinstance(item, Article):
                count = seen.get(item.id, 0) + 1
                seen[item.id] = count
                if count > 1:
                    new_id = f"{item.id}#{count}"
                    item.warnings.append(f"duplicate id {item.id!r} (also earlier in the input); renamed {new_id!r}")
                    item.id = new_id
            yield item
