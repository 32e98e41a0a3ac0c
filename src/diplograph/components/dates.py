"""Dates: German date expressions found with spaCy's Matcher, normalised against the publication date.

Patterns live in ``resources/dates_patterns.json``; German month and weekday names come from Babel/CLDR.
Each match becomes a :class:`diplograph.records.DateMention` with an ISO value at day ("2025-02-27") or
month ("2025-02") precision, or ``value=None`` when it cannot be resolved (no publication date for a
relative expression, or an impossible date such as "31.02.").

Resolution rules (all relative to ``doc._.published``):

* day and month without a year ("27. Februar", "1.3."): the year that puts the date nearest the
  publication date; a month without a year ("im März") likewise;
* a bare weekday ("am Donnerstag"): the next such day on or after the publication date when its sentence
  speaks of the future ("wird", "soll", "geplant", "für Montag", ... see ``future_markers``); the most
  recent one on or before it when the sentence is in a past tense ("hatte", "traf", "sagte", weak
  "-te" forms, or Tense=Past from a morphologizer); otherwise (present tense, which German news also
  uses for scheduled events: "treffen sich am Freitag") the nearer of the two. "vergangenen/kommenden Donnerstag"
  is strictly before/after; "Montag kommender Woche" is that day in the next ISO week;
* "vergangene/kommende Woche": month precision, the month of that week's Thursday (ISO convention);
* "Anfang/Mitte/Ende 2025": month precision, January / June / December;
* "gestern", "heute", "morgen", "vorgestern", "übermorgen": day precision.

The Matcher patterns need no parser, tagger or lemmatizer, so this works on every model we load. We do not
call dateparser per mention: the expressions the patterns find are regular enough for plain ``datetime``
arithmetic, and dateparser costs milliseconds per call over hundreds of thousands of articles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from diplograph import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.records import DateMention

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


@lru_cache(maxsize=1)
def lexicon() -> DateLexicon:
    """Month/weekday names (Babel) and the Matcher patterns (resources), loaded once per process."""
    from babel.dates import get_day_names, get_month_names

    data = json.loads(PATTERNS_FILE.read_text(encoding="utf-8"))
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
    )


def _fill(spec: Any, fill: dict[str, list[str]]) -> Any:
    if isinstance(spec, dict):
        return {key: _fill(value, fill) for key, value in spec.items()}
    if isinstance(spec, str) and spec in fill:
        return fill[spec]
    return spec


def parse_published(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------- resolvers

Resolved = tuple[str | None, str | None]  # (value, precision)
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


def nearest_day(month: int, day: int, anchor: date) -> date | None:
    """The date with this day and month nearest ``anchor`` (the year before, of, or after it)."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
    return min(options, key=lambda d: (abs((d - anchor).days), d > anchor)) if options else None


def nearest_month_year(month: int, anchor: date) -> int:
    return min((anchor.year - 1, anchor.year, anchor.year + 1),
               key=lambda y: (abs(12 * (y - anchor.year) + month - anchor.month), y > anchor.year))


def _month_in(span: Span, lex: DateLexicon) -> int | None:
    for token in span:
        number = lex.months.get(token.lower_.rstrip("."))
        if number:
            return number
    return None


def _relative(span: Span, lex: DateLexicon) -> int | None:
    for token in span:
        for stem, direction in lex.relative_words.items():
            if token.lower_.startswith(stem):
                return direction
    return None


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
    return _day(nearest_day(month, day, anchor)) if anchor else (None, None)


def resolve_day_month(span: Span, anchor: date | None, lex: DateLexicon) -> Resolved:
    day_match = re.search(r"\b(\d{1,2})\.", span.text)
    month = _month_in(span, lex)
    if not day_match or not month:
        return None, None
    day = int(day_match.group(1))
    year = YEAR_RE.search(span.text)
    if year:
        return _day(_safe_date(int(year.group(1)), month, day))
    return _day(nearest_day(month, day, anchor)) if anchor else (None, None)


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
    part = lex.month_parts.get(span[0].lower_)
    if not year or not part:
        return None, None
    return _month(int(year.group(1)), {"start": 1, "middle": 6, "end": 12}[part])


def resolve_weekday(span: Span, anchor: date | None, lex: DateLexicon) -> Resolved:
    if anchor is None:
        return None, None
    weekday = next((lex.weekdays[t.lower_] for t in span if t.lower_ in lex.weekdays), None)
    if weekday is None:
        return None, None
    direction = _relative(span, lex)
    if any(t.lower_ == "woche" for t in span):  # "am Montag kommender Woche"
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=direction or 0)
        return _day(monday + timedelta(days=weekday))
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if direction == -1:
        return _day(anchor - timedelta(days=back or 7))
    if direction == 1:
        return _day(anchor + timedelta(days=ahead or 7))
    if direction == 0:
        return _day(anchor - timedelta(days=anchor.weekday()) + timedelta(days=weekday))
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
    offset = lex.relative_days.get(span[0].lower_)
    return _day(anchor + timedelta(days=offset)) if offset is not None else (None, None)


def sentence_tense(span: Span, lex: DateLexicon) -> str | None:
    """"future", "past" or None (unknown) for the sentence around ``span``.

    Future: a future marker ("wird", "soll", "geplant", ...) or "für Montag"; past: an auxiliary or a
    Präteritum form ("hatte", "traf", weak "-te" forms), or Tense=Past where a morphologizer ran.
    """
    if span[0].lower_ in lex.future_prepositions:
        return "future"
    doc = span.doc
    sentence = span.sent if doc.has_annotation("SENT_START") else doc[:]
    words = [t for t in sentence if not (span.start <= t.i < span.end)]
    if any(t.lower_ in lex.future_markers for t in words):
        return "future"
    has_morph = doc.has_annotation("MORPH")
    for t in words:
        if t.lower_ in lex.past_markers or (has_morph and "Past" in t.morph.get("Tense")):
            return "past"
        if t.text.islower() and t.text not in lex.past_suffix_exceptions and lex.past_suffix.match(t.text):
            return "past"
    return None


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


# ---------------------------------------------------------------------------------------------- component


def build_matcher(vocab: Any) -> Matcher:
    matcher = Matcher(vocab)
    for label, patterns in lexicon().patterns.items():
        matcher.add(label, patterns)
    return matcher


# The Matcher evaluates its Python-level predicates (REGEX, IN) on every token of a doc. A match only
# covers tokens that satisfy some token spec of some pattern ("matchable"), and contains the first
# mandatory token of its pattern ("anchor"), so the matches of a doc are exactly the matches inside the
# maximal runs of matchable tokens that contain an anchor: only those runs go through the Matcher.
# Both properties depend on a token's text alone and are cached per string.

_PLAIN_KEYS = {"ORTH": False, "TEXT": False, "LOWER": True}  # attribute -> compared lowercased
_TokenTest = Callable[[str, str], bool]  # (text, lower) -> whether a token spec accepts the token


def _spec_test(spec: dict[str, Any]) -> _TokenTest | None:
    """A Python test equivalent to one Matcher token spec, or None for a spec we do not model."""
    checks: list[tuple[bool, str, Any]] = []
    for key, value in spec.items():
        if key == "OP":
            continue
        if key not in _PLAIN_KEYS:
            return None
        lower = _PLAIN_KEYS[key]
        if isinstance(value, str):
            checks.append((lower, "==", value))
        elif isinstance(value, dict) and len(value) == 1 and "IN" in value:
            checks.append((lower, "in", frozenset(value["IN"])))
        elif isinstance(value, dict) and len(value) == 1 and "REGEX" in value:
            checks.append((lower, "re", re.compile(value["REGEX"])))
        else:
            return None
    if not checks:
        return None

    def test(text: str, lower_text: str) -> bool:
        for lower, op, arg in checks:
            value = lower_text if lower else text
            if op == "==":
                ok = value == arg
            elif op == "in":
                ok = value in arg
            else:
                ok = arg.search(value) is not None
            if not ok:
                return False
        return True

    return test


@dataclass(frozen=True, slots=True)
class _Prefilter:
    matchable: tuple[_TokenTest, ...]
    anchors: tuple[_TokenTest, ...]


@lru_cache(maxsize=1)
def _prefilter() -> _Prefilter | None:
    """Token tests for the Matcher patterns, or None when a pattern has a spec we do not model (the
    Matcher then runs over whole docs)."""
    matchable: list[_TokenTest] = []
    anchors: list[_TokenTest] = []
    for patterns in lexicon().patterns.values():
        for pattern in patterns:
            anchor = None
            for spec in pattern:
                test = _spec_test(spec)
                if test is None or spec.get("OP") not in (None, "?", "*", "+"):
                    return None
                matchable.append(test)
                if anchor is None and spec.get("OP") in (None, "+"):
                    anchor = test
            if anchor is None:
                return None  # a pattern of optional tokens only
            anchors.append(anchor)
    return _Prefilter(tuple(matchable), tuple(anchors))


_TOKEN_KIND: dict[int, int] = {}  # orth hash -> 0 (in no match), 1 (matchable), 2 (an anchor)
_TOKEN_KIND_MAX = 200_000


def _token_kind(orth: int, lower: int, strings: Any, pre: _Prefilter) -> int:
    kind = _TOKEN_KIND.get(orth)
    if kind is None:
        text, lower_text = strings[orth], strings[lower]
        if any(test(text, lower_text) for test in pre.anchors):
            kind = 2
        elif any(test(text, lower_text) for test in pre.matchable):
            kind = 1
        else:
            kind = 0
        if len(_TOKEN_KIND) >= _TOKEN_KIND_MAX:
            _TOKEN_KIND.clear()
        _TOKEN_KIND[orth] = kind
    return kind


def candidate_runs(doc: Doc) -> list[tuple[int, int]] | None:
    """Token ranges that contain every Matcher match of ``doc`` (None: match the whole doc)."""
    pre = _prefilter()
    if pre is None:
        return None
    strings = doc.vocab.strings
    kinds = _TOKEN_KIND
    runs: list[tuple[int, int]] = []
    start = -1
    anchored = False
    for i, (orth, lower) in enumerate(doc.to_array([ORTH, LOWER]).tolist()):
        kind = kinds.get(orth)
        if kind is None:
            kind = _token_kind(orth, lower, strings, pre)
        if kind:
            if start < 0:
                start = i
            if kind == 2:
                anchored = True
        elif start >= 0:
            if anchored:
                runs.append((start, i))
            start, anchored = -1, False
    if start >= 0 and anchored:
        runs.append((start, len(doc)))
    return runs


def date_matches(doc: Doc, matcher: Matcher) -> list[Span]:
    """The Matcher's matches in ``doc`` (run only over the candidate runs), as labelled spans."""
    runs = candidate_runs(doc)
    if runs is None:
        return [Span(doc, start, end, label=match_id) for match_id, start, end in matcher(doc)]
    spans: list[Span] = []
    for lo, hi in runs:
        spans.extend(Span(doc, lo + start, lo + end, label=match_id)
                     for match_id, start, end in matcher(doc[lo:hi]))
    return spans


def find_dates(doc: Doc, matcher: Matcher, published: str | date | None) -> list[DateMention]:
    """All date expressions in ``doc``, longest match first, normalised against ``published``."""
    lex = lexicon()
    anchor = parse_published(published)
    spans = filter_spans(date_matches(doc, matcher))
    out: list[DateMention] = []
    for span in spans:
        value, precision = RESOLVERS[span.label_](span, anchor, lex)
        text, end = span.text, span.end_char
        if text.endswith(".") and TRAILING_PERIOD.search(text):  # sentence end, not part of it
            text, end = text[:-1], end - 1
        out.append(DateMention(text=text, value=value, precision=precision, start=span.start_char, end=end))
    return out


def dates_in(span: Span) -> list[DateMention]:
    """The date mentions of ``span``'s doc that lie inside ``span`` (e.g. one sentence)."""
    return [d for d in (span.doc._.dates or []) if span.start_char <= d.start and d.end <= span.end_char]


@Language.factory("diplograph_dates")
def make_dates(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent(nlp)


class DatesComponent:
    """Sets ``doc._.dates`` to a list of :class:`diplograph.records.DateMention`."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = build_matcher(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = find_dates(doc, self.matcher, doc._.published)
        return doc
