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
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, NamedTuple

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.extensions import ext_get, ext_set
from diplograph.pipeline.tokens import (
    doc_lowers,
    doc_offsets,
    doc_words,
    longest_ranges,
    lookup_all,
    sentence_bounds,
    span_text,
)
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
    return _iso_day(str(value)[:10])


@lru_cache(maxsize=4096)
def _iso_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------- resolvers

Resolved = tuple[str | None, str | None]  # (value, precision)


class DateSpan(NamedTuple):
    """A matched date expression: ``doc[start:end]``, its text and its tokens' lowercased texts."""

    doc: Doc
    start: int
    end: int
    text: str
    lowers: list[str]

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


def _month_in(span: DateSpan, lex: DateLexicon) -> int | None:
    for lower in span.lowers:
        number = lex.months.get(lower.rstrip("."))
        if number:
            return number
    return None


def _relative(span: DateSpan, lex: DateLexicon) -> int | None:
    """The direction of the first relative word ("vergangenen", "kommende") among the span's tokens."""
    direction_of = _relative_direction if lex is lexicon() else partial(_relative_in, lex=lex)
    for lower in span.lowers:
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


def resolve_iso(span: DateSpan, anchor: date | None, lex: DateLexicon) -> Resolved:
    match = re.search(r"(\d{4})\s*-\s*(\d{2})\s*-\s*(\d{2})", span.text)
    return _day(_safe_date(*map(int, match.groups()))) if match else (None, None)


def resolve_numeric(span: DateSpan, anchor: date | None, lex: DateLexicon) -> Resolved:
    match = re.search(r"(\d{1,2})\.(\d{1,2})\.(\d{2,4})?", span.text)
    if not match:
        return None, None
    day, month = int(match.group(1)), int(match.group(2))
    if match.group(3):
        year = int(match.group(3))
        return _day(_safe_date(year + 2000 if year < 100 else year, month, day))
    return _day(nearest_day(month, day, anchor, sentence_tense(span, lex))) if anchor else (None, None)


def resolve_day_month(span: DateSpan, anchor: date | None, lex: DateLexicon) -> Resolved:
    day_match = re.search(r"\b(\d{1,2})\.", span.text)
    month = _month_in(span, lex)
    if not day_match or not month:
        return None, None
    day = int(day_match.group(1))
    year = YEAR_RE.search(span.text)
    if year:
        return _day(_safe_date(int(year.group(1)), month, day))
    return _day(nearest_day(month, day, anchor, sentence_tense(span, lex))) if anchor else (None, None)


def resolve_month(span: DateSpan, anchor: date | None, lex: DateLexicon) -> Resolved:
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


def resolve_part_year(span: DateSpan, anchor: date | None, lex: DateLexicon) -> Resolved:
    year = YEAR_RE.search(span.text)
    part = lex.month_parts.get(span.lowers[0])
    if not year or not part:
        return None, None
    return _month(int(year.group(1)), {"start": 1, "middle": 6, "end": 12}[part])


def resolve_weekday(span: DateSpan, anchor: date | None, lex: DateLexicon) -> Resolved:
    if anchor is None:
        return None, None
    weekdays = lex.weekdays
    for lower in span.lowers:
        if lower in weekdays:
            weekday = weekdays[lower]
            break
    else:
        return None, None
    direction = _relative(span, lex)
    anchor_weekday = anchor.weekday()
    if "woche" in span.lowers:  # "am Montag kommender Woche"
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


def resolve_week(span: DateSpan, anchor: date | None, lex: DateLexicon) -> Resolved:
    direction = _relative(span, lex)
    if anchor is None or direction is None:
        return None, None
    thursday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=direction, days=3)
    return _month(thursday.year, thursday.month)


def resolve_relative_day(span: DateSpan, anchor: date | None, lex: DateLexicon) -> Resolved:
    if anchor is None:
        return None, None
    offset = lex.relative_days.get(span.lowers[0])
    return _day(anchor + timedelta(days=offset)) if offset is not None else (None, None)


def sentence_tense(span: DateSpan, lex: DateLexicon) -> str | None:
    """"future", "past" or None (unknown) for the sentence around ``span`` (the one its first token is in).

    Future: a future marker ("wird", "soll", "geplant", ...) or "für Montag"; past: an auxiliary or a
    Präteritum form ("hatte", "traf", weak "-te" forms), or Tense=Past where a morphologizer ran.
    """
    if span.lowers[0] in lex.future_prepositions:
        return "future"
    doc = span.doc
    bounds = sentence_bounds(doc)
    first, last = bounds[bisect_right(bounds, (span.start, len(doc))) - 1]
    # the sentence's other tokens
    lowers, words = doc_lowers(doc), doc_words(doc)
    outside_lowers = lowers[first:span.start] + lowers[span.end:last]
    if not lex.future_markers.isdisjoint(outside_lowers):
        return "future"
    if not lex.past_markers.isdisjoint(outside_lowers):
        return "past"
    if any(map(_is_past_form, words[first:span.start])) or any(map(_is_past_form, words[span.end:last])):
        return "past"
    if doc.has_annotation("MORPH"):
        # the tense of the finite verb nearest to the date ("trifft er am Montag X, der ... mitbringt": the
        # date belongs to "trifft"), where a morphologizer ran
        finite = [k for k in (*range(first, span.start), *range(span.end, last))
                  if doc[k].morph.get("Tense") and "Fin" in doc[k].morph.get("VerbForm")]
        if finite:
            nearest = min(finite, key=lambda k: min(abs(k - span.start), abs(k - (span.end - 1))))
            return "past" if "Past" in doc[nearest].morph.get("Tense") else None
    return None


@lru_cache(maxsize=65536)
def _is_past_form(word: str) -> bool:
    """A lowercase word with a Präteritum ending ("sagte", "trafen"), exceptions aside."""
    lex = lexicon()
    return word.islower() and word not in lex.past_suffix_exceptions and lex.past_suffix.match(word) is not None


RESOLVERS: dict[str, Callable[[DateSpan, date | None, DateLexicon], Resolved]] = {
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
# covers tokens that satisfy some token spec of some pattern ("matchable"), and has a token for every
# mandatory spec (OP absent or "+") of its pattern, so the matches of a doc are exactly the matches inside
# the maximal runs of matchable tokens that hold, for some pattern, tokens satisfying each of its
# mandatory specs: only those runs go through the Matcher. Which specs a token satisfies depends on its
# text alone and is cached per string, as a bit mask. Such a run holds a token satisfying the last
# mandatory spec of that pattern (its "key": "Dienstag" in "am Dienstag", not the frequent "am"), so the
# runs are found by growing the run around each key token, and a doc without key tokens has none.

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
    mandatory: tuple[_TokenTest, ...]  # bit k + 1 of a token's mask: it satisfies mandatory[k]
    needs: tuple[int, ...]  # per pattern: the mask bits of its mandatory specs
    keys: int  # the mask bits of the patterns' last mandatory specs


@lru_cache(maxsize=1)
def _prefilter() -> _Prefilter | None:
    """Token tests for the Matcher patterns, or None when a pattern has a spec we do not model (the
    Matcher then runs over whole docs)."""
    matchable: list[_TokenTest] = []
    mandatory: list[_TokenTest] = []
    needs: list[int] = []
    keys = 0
    for patterns in lexicon().patterns.values():
        for pattern in patterns:
            need = key = 0
            for spec in pattern:
                test = _spec_test(spec)
                if test is None or spec.get("OP") not in (None, "?", "*", "+"):
                    return None
                matchable.append(test)
                if spec.get("OP") in (None, "+"):
                    mandatory.append(test)
                    key = 1 << len(mandatory)
                    need |= key
            if not need:
                return None  # a pattern of optional tokens only
            needs.append(need)
            keys |= key
    return _Prefilter(tuple(matchable), tuple(mandatory), tuple(needs), keys)


_TOKEN_MASK: dict[str, int] = {}  # token text -> bit 0: matchable; bit k + 1: satisfies mandatory[k]
_IS_KEY: dict[str, int] = {}  # the same token texts -> 1 where the mask has a key bit, else 0
_TOKEN_MASK_MAX = 200_000
_KEY = re.compile(b"\x01")
_ENOUGH: dict[int, bool] = {}  # or-ed masks of a run's tokens -> whether some pattern may match in the run


def _token_mask(text: str, lower_text: str, pre: _Prefilter) -> int:
    mask = _TOKEN_MASK.get(text)
    if mask is None:
        mask = 0
        for k, test in enumerate(pre.mandatory, start=1):
            if test(text, lower_text):
                mask |= 1 << k
        if mask or any(test(text, lower_text) for test in pre.matchable):
            mask |= 1
        _TOKEN_MASK[text] = mask
        _IS_KEY[text] = 1 if mask & pre.keys else 0
    return mask


def candidate_runs(doc: Doc, words: list[str] | None = None) -> list[tuple[int, int]] | None:
    """Token ranges that contain every Matcher match of ``doc`` (None: match the whole doc; ``words``:
    ``doc_words(doc)``, when the caller has it)."""
    pre = _prefilter()
    if pre is None:
        return None
    if words is None:
        words = doc_words(doc)
    try:
        keys = bytes(lookup_all(_IS_KEY, words))  # 1 at the key tokens
    except KeyError:  # a word seen for the first time
        if len(_TOKEN_MASK) >= _TOKEN_MASK_MAX:  # bounded (cleared between docs only: all of a doc's stay)
            _TOKEN_MASK.clear()
            _IS_KEY.clear()
        for word, lower in zip(words, doc_lowers(doc), strict=True):
            _token_mask(word, lower, pre)
        keys = bytes(lookup_all(_IS_KEY, words))
    masks = _TOKEN_MASK
    n = len(words)
    runs: list[tuple[int, int]] = []
    hi = 0
    for key in _KEY.finditer(keys):
        k = key.start()
        if k < hi:
            continue  # inside the run of an earlier key token
        held = masks[words[k]]
        lo = k
        while lo > 0 and (mask := masks[words[lo - 1]]):  # the maximal run of matchable tokens around k
            held |= mask
            lo -= 1
        hi = k + 1
        while hi < n and (mask := masks[words[hi]]):
            held |= mask
            hi += 1
        enough = _ENOUGH.get(held)
        if enough is None:
            enough = _ENOUGH[held] = any(held & need == need for need in pre.needs)
        if enough:
            runs.append((lo, hi))
    return runs


Match = tuple[int, int, int]  # (match id, start token, end token)
RunCache = dict[tuple[str, ...], list[Match]]  # a run's token texts -> the Matcher's matches in it
RUN_CACHE_MAX = 100_000


def _matches(doc: Doc, matcher: Matcher, cache: RunCache | None = None,
             words: list[str] | None = None) -> list[Match]:
    """The Matcher's matches in ``doc``, in its order, run only over the candidate runs (``words``:
    ``doc_words(doc)``, when the caller has it).

    The patterns look at token texts only, so the matches in a run depend on its token texts alone:
    ``cache`` (one per Matcher) keeps them for runs seen before ("am Montag").
    """
    if words is None:
        words = doc_words(doc)
    runs = candidate_runs(doc, words)
    if runs is None:
        return list(matcher(doc))
    out: list[Match] = []
    for lo, hi in runs:
        key = tuple(words[lo:hi])
        found = cache.get(key) if cache is not None else None
        if found is None:
            found = list(matcher(doc[lo:hi]))
            if cache is not None:
                if len(cache) >= RUN_CACHE_MAX:
                    cache.clear()
                cache[key] = found
        if found:
            out += [(match_id, lo + start, lo + end) for match_id, start, end in found]
    return out


def date_matches(doc: Doc, matcher: Matcher) -> list[Span]:
    """The Matcher's matches in ``doc`` (run only over the candidate runs), as labelled spans."""
    return [Span(doc, start, end, label=match_id) for match_id, start, end in _matches(doc, matcher)]




# match id -> its label's resolver (string ids are hashes of the strings, the same in every vocab)
_RESOLVER_OF: dict[int, Callable[[DateSpan, date | None, DateLexicon], Resolved]] = {}


def find_dates(doc: Doc, matcher: Matcher, published: str | date | None,
               run_cache: RunCache | None = None) -> list[DateMention]:
    """All date expressions in ``doc``, longest match first, normalised against ``published``
    (``run_cache``: see :func:`_matches`)."""
    words = doc_words(doc)
    matches = longest_ranges(_matches(doc, matcher, run_cache, words), at=1)
    if not matches:
        return []
    lex = lexicon()
    anchor = parse_published(published)
    offsets, lowers = doc_offsets(doc), doc_lowers(doc)
    out: list[DateMention] = []
    for match_id, start, end in matches:
        text = span_text(words, offsets, start, end)
        resolve = _RESOLVER_OF.get(match_id)
        if resolve is None:
            resolve = _RESOLVER_OF[match_id] = RESOLVERS[doc.vocab.strings[match_id]]
        value, precision = resolve(DateSpan(doc, start, end, text, lowers[start:end]), anchor, lex)
        end_char = offsets[end - 1] + len(words[end - 1])
        if text.endswith(".") and TRAILING_PERIOD.search(text):  # sentence end, not part of it
            text, end_char = text[:-1], end_char - 1
        out.append(DateMention(text, value, precision, offsets[start], end_char))
    return out


def dates_in(span: Span) -> list[DateMention]:
    """The date mentions of ``span``'s doc that lie inside ``span`` (e.g. one sentence)."""
    return [d for d in (span.doc._.dates or []) if span.start_char <= d.start and d.end <= span.end_char]


@Language.factory(
    "diplograph_dates",
    assigns=["doc._.dates"],
    requires=["doc.sents", "token.morph"],  # token.morph: Tense=Past where a morphologizer ran (optional)
)
def make_dates(nlp: Language, name: str) -> DatesComponent:
    return DatesComponent(nlp).named(name)


class DatesComponent(BatchedComponent):
    """Sets ``doc._.dates`` to a list of :class:`diplograph.records.DateMention`."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = build_matcher(nlp.vocab)
        self.run_cache: RunCache = {}

    def __call__(self, doc: Doc) -> Doc:
        ext_set(doc, "dates", find_dates(doc, self.matcher, ext_get(doc, "published"), self.run_cache))
        return doc
