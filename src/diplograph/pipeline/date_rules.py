"""Resolution of the date expressions the ``diplograph_dates`` Matcher finds: the lexicon (month and
weekday names from Babel/CLDR, the patterns and word lists of ``resources/dates_patterns.json``) and one
resolver per pattern label, from a matched ``Span`` and the publication date to an ISO value and a
precision (see :mod:`diplograph.pipeline.dates` for the rules)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from spacy.tokens import Span

from diplograph.pipeline.extract import sentence_of

PATTERNS_FILE = Path(__file__).resolve().parents[1] / "resources" / "dates_patterns.json"


@dataclass(frozen=True, slots=True)
class DateLexicon:
    months: dict[str, int]
    weekdays: dict[str, int]  # lowercased name (with "abend" etc. suffixes) -> 0 = Monday
    relative_words: dict[str, int]
    relative_days: dict[str, int]
    month_parts: dict[str, str]
    future_markers: frozenset[str]
    future_prepositions: frozenset[str]
    past_markers: frozenset[str]
    past_suffix: re.Pattern[str]
    past_suffix_exceptions: frozenset[str]
    patterns: dict[str, list[list[dict[str, Any]]]]
    anchor_words: frozenset[str] | None  # see anchor_words(); None: a pattern has no anchor
    anchor_reach: dict[str, tuple[int, int]]  # see anchor_reach()


@lru_cache(maxsize=1)
def shipped_data() -> dict[str, Any]:
    """The package's date patterns and word lists (resources/dates_patterns.json), as read from the file."""
    return json.loads(PATTERNS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def lexicon() -> DateLexicon:
    """The package's lexicon (``lexicon_from(shipped_data())``), built once per process."""
    return lexicon_from(shipped_data())


def lexicon_from(data: dict[str, Any]) -> DateLexicon:
    """Month/weekday names (Babel) and the Matcher patterns and word lists of ``data`` (the format of
    resources/dates_patterns.json)."""
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    for locale in ("de", "de_AT"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                months[name.lower().rstrip(".")] = number
    months.update(data.get("extra_months", {}))
    weekdays: dict[str, int] = {}
    base_days = {name.lower(): number for number, name in get_day_names("wide", locale="de").items()}
    base_days.update(data.get("extra_weekdays", {}))
    for name, number in base_days.items():
        for suffix in data["weekday_suffixes"]:
            weekdays[name + suffix] = number
    month_forms = sorted({*months, *(name + "." for name in months)})
    fill = {"@months": month_forms, "@weekdays": sorted(weekdays)}
    tokens = {name: _fill(spec, fill) for name, spec in data["tokens"].items()}
    patterns: dict[str, list[list[dict[str, Any]]]] = {}
    for item in data["patterns"]:
        pattern = [tokens[t[1:]] if isinstance(t, str) else _fill(t, fill) for t in item["pattern"]]
        patterns.setdefault(item["label"], []).append(pattern)
    return DateLexicon(
        months=months, weekdays=weekdays, relative_words=data["relative_words"],
        relative_days=data["relative_days"], month_parts=data["month_parts"],
        future_markers=frozenset(data["future_markers"]),
        future_prepositions=frozenset(data["future_prepositions"]),
        past_markers=frozenset(data["past_markers"]), past_suffix=re.compile(data["past_suffix_regex"]),
        past_suffix_exceptions=frozenset(data["past_suffix_exceptions"]), patterns=patterns,
        anchor_words=anchor_words(patterns), anchor_reach=anchor_reach(patterns),
    )


def anchor_words(patterns: dict[str, list[list[dict[str, Any]]]]) -> frozenset[str] | None:
    """Lowercase words of which every match of a pattern without a number in it has one: per pattern the
    words of its last required LOWER or ORTH token ("Februar", "Montag", "woche", "gestern"). A pattern with a
    required TEXT REGEX token needs none (those regexes are numbers: days, months, years). None where a
    pattern has neither."""
    reach = anchor_reach(patterns)
    return None if ALL_TOKENS in reach else frozenset(reach.keys() - {NUMBER})


NUMBER = "<number>"  # anchor_reach's key for the tokens with a digit
ALL_TOKENS = "<any>"  # anchor_reach's key when a pattern has no anchor: every token may begin a date
MAX_REACH = 8  # tokens on a side of its anchor for a pattern with no bound there ("*", "+")


def anchor_reach(patterns: dict[str, list[list[dict[str, Any]]]]) -> dict[str, tuple[int, int]]:
    """How far a match may extend on each side of its anchor: (tokens before, tokens after), the most over
    the patterns that word anchors, for every word of :func:`anchor_words` and for ``NUMBER`` (the first
    required TEXT REGEX token of a pattern with one); ``{ALL_TOKENS: (MAX_REACH, MAX_REACH)}`` where a
    pattern has no anchor. A part of a pattern without an upper bound counts as ``MAX_REACH`` tokens.

    The Matcher needs to see only these stretches around the anchors (:func:`diplograph.pipeline.dates.
    date_matches`): a weekday is preceded by two tokens at most ("am kommenden Montag") and followed by none,
    so three tokens around it are enough where ``MAX_REACH`` on both sides made seventeen."""
    reach: dict[str, tuple[int, int]] = {}

    def extend(key: str, before: int, after: int) -> None:
        old_before, old_after = reach.get(key, (0, 0))
        reach[key] = (max(old_before, before), max(old_after, after))

    for pattern in (p for group in patterns.values() for p in group):
        widths = [_widest(spec) for spec in pattern]
        required = [k for k, spec in enumerate(pattern) if spec.get("OP", "+") == "+"]
        numbers = [k for k in required if "REGEX" in pattern[k].get("TEXT", {})]
        lexical = [k for k in required if _lexical_words(pattern[k]) is not None]
        if not numbers and not lexical:
            return {ALL_TOKENS: (MAX_REACH, MAX_REACH)}
        anchor = numbers[0] if numbers else lexical[-1]
        before, after = min(MAX_REACH, sum(widths[:anchor])), min(MAX_REACH, sum(widths[anchor + 1:]))
        for key in [NUMBER] if numbers else _lexical_words(pattern[anchor]) or []:
            extend(key, before, after)
    return reach


def _lexical_words(spec: dict[str, Any]) -> list[str] | None:
    """The lowercase words a LOWER or ORTH pattern token takes (a word, or a list under IN); None for others."""
    value = spec.get("LOWER", spec.get("ORTH"))
    if isinstance(value, str):
        return [value.lower()]
    if isinstance(value, dict) and "IN" in value:
        return [word.lower() for word in value["IN"]]
    return None


def _widest(spec: dict[str, Any]) -> int:
    """The most tokens a pattern token matches (``MAX_REACH`` where it has no bound)."""
    op = spec.get("OP", "1")
    return {"1": 1, "?": 1, "!": 0}.get(op, MAX_REACH)


@lru_cache(maxsize=65536)
def date_word_reach(lower: str) -> tuple[int, int] | None:
    """:func:`date_word_reach_in` for the package's lexicon."""
    return date_word_reach_in(lower, lexicon())


def date_word_reach_in(lower: str, lex: DateLexicon) -> tuple[int, int] | None:
    """(tokens before, tokens after) a date expression anchored by a token of this lowercase text may take
    (:func:`anchor_reach`); None when it anchors none."""
    reach = lex.anchor_reach
    found = reach.get(ALL_TOKENS) or reach.get(lower)
    if any(c.isdigit() for c in lower):
        number = reach.get(NUMBER)
        if number is not None:
            found = number if found is None else (max(found[0], number[0]), max(found[1], number[1]))
    return found


def is_date_word(lower: str) -> bool:
    """:func:`is_date_word_in` for the package's lexicon."""
    return date_word_reach(lower) is not None


def is_date_word_in(lower: str, lex: DateLexicon) -> bool:
    """Whether a lowercase token text may anchor a date expression: a number or a word of ``anchor_words``."""
    return date_word_reach_in(lower, lex) is not None


def _fill(spec: Any, fill: dict[str, list[str]]) -> Any:
    if isinstance(spec, dict):
        return {key: _fill(value, fill) for key, value in spec.items()}
    if isinstance(spec, str) and spec in fill:
        return fill[spec]
    return spec


def parse_published(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return _iso_day(str(value)[:10])


@lru_cache(maxsize=4096)
def _iso_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------- resolvers

Resolved = tuple[str | None, str | None]  # (value, precision)


def _lowers(span: Span) -> list[str]:
    """The lowercased texts of the span's tokens."""
    return [token.lower_ for token in span]


YEAR_RE = re.compile(r"\b((?:19|20)\d\d)\b")
TRAILING_PERIOD = re.compile(r"(\d{4}|\d-\d\d)\.$")  # "... 2025." / "2025-02-18." end a sentence


def _day(d: date | None) -> Resolved:
    return (d.isoformat(), "day") if d else (None, None)


def _month(year: int, month: int) -> Resolved:
    return f"{year:04d}-{month:02d}", "month"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_day(month: int, day: int, anchor: date, tense: str | None = None) -> date | None:
    """The date with this day and month nearest ``anchor`` (the year before, of, or after it); in a sentence
    in the past tense the latest one on or before ``anchor``, in the future the first one on or after it."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
    if tense == "past":
        options = [d for d in options if d <= anchor] or options
    elif tense == "future":
        options = [d for d in options if d >= anchor] or options
    return min(options, key=lambda d: (abs((d - anchor).days), d > anchor)) if options else None


def nearest_month_year(month: int, anchor: date) -> int:
    return min((anchor.year - 1, anchor.year, anchor.year + 1),
               key=lambda y: (abs(12 * (y - anchor.year) + month - anchor.month), y > anchor.year))


def _month_in(span: Span, lex: DateLexicon) -> int | None:
    for lower in _lowers(span):
        number = lex.months.get(lower.rstrip("."))
        if number:
            return number
    return None


def _relative(span: Span, lex: DateLexicon) -> int | None:
    """The direction of the first relative word ("vergangenen", "kommende") among the span's tokens."""
    direction_of = _relative_direction if lex is lexicon() else partial(_relative_in, lex=lex)
    for lower in _lowers(span):
        direction = direction_of(lower)
        if direction is not None:
            return direction
    return None


def _relative_in(lower: str, lex: DateLexicon) -> int | None:
    """The direction of the first stem of ``lex.relative_words`` that ``lower`` starts with."""
    for stem, direction in lex.relative_words.items():
        if lower.startswith(stem):
            return direction
    return None


@lru_cache(maxsize=65536)
def _relative_direction(lower: str) -> int | None:
    """:func:`_relative_in` for the process's lexicon."""
    return _relative_in(lower, lexicon())


def resolve_iso(span: Span, anchor: date | None, lex: DateLexicon) -> Resolved:
    match = re.search(r"(\d{4})\s*-\s*(\d{2})\s*-\s*(\d{2})", span.text)
    return _day(_safe_date(*map(int, match.groups()))) if match else (None, None)


def resolve_numeric(span: Span, anchor: date | None, lex: DateLexicon) -> Resolved:
    match = re.search(r"(\d{1,2})\.(\d{1,2})\.(\d{2,4})?", span.text)
    if not match:
        return None, None
    day, month = int(match.group(1)), int(match.group(2))
    if match.group(3):
        year = int(match.group(3))
        return _day(_safe_date(year + 2000 if year < 100 else year, month, day))
    return _day(nearest_day(month, day, anchor, sentence_tense(span, lex))) if anchor else (None, None)


def resolve_day_month(span: Span, anchor: date | None, lex: DateLexicon) -> Resolved:
    day_match = re.search(r"\b(\d{1,2})\.", span.text)
    month = _month_in(span, lex)
    if not day_match or not month:
        return None, None
    day = int(day_match.group(1))
    year = YEAR_RE.search(span.text)
    if year:
        return _day(_safe_date(int(year.group(1)), month, day))
    return _day(nearest_day(month, day, anchor, sentence_tense(span, lex))) if anchor else (None, None)


def resolve_month(span: Span, anchor: date | None, lex: DateLexicon) -> Resolved:
    month = _month_in(span, lex)
    year = YEAR_RE.search(span.text)
    if month is None:  # "vergangenen Monat"
        direction = _relative(span, lex)
        if anchor is None or direction is None:
            return None, None
        index = anchor.year * 12 + anchor.month - 1 + direction
        return _month(index // 12, index % 12 + 1)
    if year:
        return _month(int(year.group(1)), month)
    return _month(nearest_month_year(month, anchor), month) if anchor else (None, None)


def resolve_part_year(span: Span, anchor: date | None, lex: DateLexicon) -> Resolved:
    year = YEAR_RE.search(span.text)
    part = lex.month_parts.get(_lowers(span)[0])
    if not year or not part:
        return None, None
    return _month(int(year.group(1)), {"start": 1, "middle": 6, "end": 12}[part])


def resolve_weekday(span: Span, anchor: date | None, lex: DateLexicon) -> Resolved:
    if anchor is None:
        return None, None
    weekdays = lex.weekdays
    for lower in _lowers(span):
        if lower in weekdays:
            weekday = weekdays[lower]
            break
    else:
        return None, None
    direction = _relative(span, lex)
    anchor_weekday = anchor.weekday()
    if "woche" in _lowers(span):  # "am Montag kommender Woche"
        monday = anchor - timedelta(days=anchor_weekday) + timedelta(weeks=direction or 0)
        return _day(monday + timedelta(days=weekday))
    back = (anchor_weekday - weekday) % 7
    ahead = (weekday - anchor_weekday) % 7
    if direction == -1:
        return _day(anchor - timedelta(days=back or 7))
    if direction == 1:
        return _day(anchor + timedelta(days=ahead or 7))
    if direction == 0:
        return _day(anchor - timedelta(days=anchor_weekday) + timedelta(days=weekday))
    tense = sentence_tense(span, lex)
    if tense == "future" or (tense is None and ahead < back):
        return _day(anchor + timedelta(days=ahead))
    return _day(anchor - timedelta(days=back))


def resolve_week(span: Span, anchor: date | None, lex: DateLexicon) -> Resolved:
    direction = _relative(span, lex)
    if anchor is None or direction is None:
        return None, None
    thursday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=direction, days=3)
    return _month(thursday.year, thursday.month)


def resolve_relative_day(span: Span, anchor: date | None, lex: DateLexicon) -> Resolved:
    if anchor is None:
        return None, None
    offset = lex.relative_days.get(_lowers(span)[0])
    return _day(anchor + timedelta(days=offset)) if offset is not None else (None, None)


def sentence_tense(span: Span, lex: DateLexicon) -> str | None:
    """"future", "past" or None (unknown) for the sentence around ``span`` (the one its first token is in).

    Future: a future marker ("wird", "soll", "geplant", ...) or "für Montag"; past: an auxiliary or a
    Präteritum form ("hatte", "traf", weak "-te" forms), or Tense=Past where a morphologizer ran.
    """
    if span[0].lower_ in lex.future_prepositions:
        return "future"
    sent = sentence_of(span[0])
    outside = [*span.doc[sent.start:span.start], *span.doc[span.end:sent.end]]  # the sentence's other tokens
    outside_lowers = {token.lower_ for token in outside}
    if not lex.future_markers.isdisjoint(outside_lowers):
        # "Der geplante Besuch wurde am Freitag abgesagt": a plan named by an adjective, told in the past
        markers = [token for token in outside if token.lower_ in lex.future_markers]
        if not (all(token.tag_ == "ADJA" for token in markers) and _finite_tense(span, outside) == "past"):
            return "future"
    if not lex.past_markers.isdisjoint(outside_lowers):
        return "past"
    if any(_is_past_form(token.text) if lex is lexicon() else _is_past_form_in(token.text, lex) for token in outside):
        return "past"
    return _finite_tense(span, outside)


def _finite_tense(span: Span, outside: list) -> str | None:
    """"past" when the finite verb nearest to the date is in the past tense ("trifft er am Montag X, der ...
    mitbrachte": the date belongs to "trifft"), where a morphologizer ran; a finite verb has a mood, or an
    STTS tag "V?FIN" where the morphology has no mood."""
    if not span.doc.has_annotation("MORPH"):
        return None
    finite = [token for token in outside if token.morph.get("Tense")
              and (token.morph.get("Mood") or "Fin" in token.morph.get("VerbForm") or token.tag_.endswith("FIN"))]
    if not finite:
        return None
    nearest = min(finite, key=lambda t: min(abs(t.i - span.start), abs(t.i - (span.end - 1))))
    return "past" if "Past" in nearest.morph.get("Tense") else None


@lru_cache(maxsize=65536)
def _is_past_form(word: str) -> bool:
    """:func:`_is_past_form_in` for the package's lexicon."""
    return _is_past_form_in(word, lexicon())


def _is_past_form_in(word: str, lex: DateLexicon) -> bool:
    """A lowercase word with a Präteritum ending ("sagte", "trafen"), exceptions aside."""
    return word.islower() and word not in lex.past_suffix_exceptions and lex.past_suffix.match(word) is not None


RESOLVERS: dict[str, Callable[[Span, date | None, DateLexicon], Resolved]] = {
    "ISO": resolve_iso,
    "NUMERIC": resolve_numeric,
    "DAY_MONTH": resolve_day_month,
    "PART_MONTH": resolve_month,
    "MONTH": resolve_month,
    "PART_YEAR": resolve_part_year,
    "WEEKDAY": resolve_weekday,
    "WEEK": resolve_week,
    "REL_DAY": resolve_relative_day,
}
