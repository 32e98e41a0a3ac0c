"""The publication date an article states about itself, near its start.

:func:`date_in_text` is the last resort for an article's ``published`` date (after the input record's own
field and the ``--published`` / ``published=`` argument, see :func:`diplograph.corpus.inputs.resolve_published`).
It looks only at the head of the article (the first :data:`HEAD_LINES` non-blank lines within the first
:data:`HEAD_CHARS` characters of visible text) and only at full dates (day, month, four-digit year) in
the places where news sites put their own date:

* a dateline: ``Berlin, 12. März 2024 (dpa) -``, ``BRÜSSEL, 12.03.2024 –``;
* a timestamp at the start of a line: ``12.03.2024 14:05``, ``Dienstag, 12. März 2024``,
  ``7. September 2018, 18:56 Uhr Überschrift``, ``12.03.2024 - Anna Beispiel ...``;
* a labelled date anywhere in those lines: ``veröffentlicht am 12. März 2024``, ``gesendet am ...``,
  ``erschienen am ...``, ``Veröffentlichungsdatum: ...``, ``Stand: 12.03.2024``, ``aktualisiert am ...``.

A date elsewhere in the lead ("Am 12. März 2024 trafen sich ...", "Der Vertrag vom 5. Mai 1990 ...") is
not taken: it dates an event, not the article. Update stamps (``Stand``, ``aktualisiert``) count only when
the head has no other date. Dates are checked with dateparser (an impossible "31.02.2024" is skipped).
"""

from __future__ import annotations

import re
from functools import lru_cache

HEAD_CHARS = 300
HEAD_LINES = 5
_RAW_HEAD = 2000  # characters of raw text read before markup is removed

_MONTH = (r"(?:Jan(?:uar|\.)?|Jänner|Feb(?:ruar|\.)?|Feber|M(?:ärz|aerz|är\.)|Apr(?:il|\.)?|Mai|Juni?|Jun\."
          r"|Juli?|Jul\.|Aug(?:ust|\.)?|Sep(?:tember|t\.|\.)?|Okt(?:ober|\.)?|Nov(?:ember|\.)?|Dez(?:ember|\.)?)")
_DATE = (rf"(?<![\d.])(?:\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{4}}|\d{{1,2}}\.\s?{_MONTH}\s+\d{{4}}"
         r"|\d{4}-\d{2}-\d{2})(?!\d)")
_WEEKDAY = (r"(?:(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag"
            r"|Mo|Di|Mi|Do|Fr|Sa|So)\.?,?\s+)?")
_PAREN = r"\([^()\n]{1,40}\)"
_AFTER_STAMP = rf"(?:\s*$|,?\s*(?:[-–—|/]\s*)?(?:um\s+)?\d{{1,2}}:\d{{2}}|\s*(?:{_PAREN}\s*)?[-–—:|])"
_PLACE = (r"[A-ZÄÖÜ][\w'’.-]*(?:[ /-](?:[A-ZÄÖÜ][\w'’.-]*|am|an|der|de|del|im|upon|sur))"
          r"{0,3}")

_DATELINE = re.compile(rf"^{_PLACE}(?:\s*{_PAREN})?,\s*{_WEEKDAY}(?P<date>{_DATE})"
                       rf"(?:\s*{_PAREN}\s*[-–—:]?|\s*[-–—:])")
_STAMP = re.compile(rf"^{_WEEKDAY}(?P<date>{_DATE}){_AFTER_STAMP}")
_PUBLISHED_LABEL = re.compile(
    rf"\b(?:veröffentlicht|publiziert|erschienen|gesendet|erstellt|Veröffentlichungsdatum|Publikationsdatum"
    rf"|Sendedatum|Datum)\s*(?:am|vom|:)?\s*{_WEEKDAY}(?P<date>{_DATE})", re.IGNORECASE)
_UPDATE_LABEL = re.compile(
    rf"\b(?:Stand\s*(?::|vom)|(?:zuletzt\s+)?aktualisiert\s*(?:am|:)?)\s*{_WEEKDAY}(?P<date>{_DATE})",
    re.IGNORECASE)


def head_lines(text: str) -> list[str]:
    """The lines of ``text`` that may carry its date: the first :data:`HEAD_LINES` non-blank lines within
    the first :data:`HEAD_CHARS` characters of visible text (HTML markup removed), stripped."""
    head = text[:_RAW_HEAD]
    if "<" in head or "&" in head:
        from diplograph.corpus.textprep import looks_like_html, strip_html

        if looks_like_html(head):
            head = strip_html(head)
    lines = (line.strip() for line in head.lstrip()[:HEAD_CHARS].splitlines())
    return [line for line in lines if line][:HEAD_LINES]


def date_in_text(text: str) -> str | None:
    """The article's own publication date as ``YYYY-MM-DD``, from a dateline, a timestamp line or a
    labelled date near its start; None when the head states none (see the module docstring)."""
    update: str | None = None
    for line in head_lines(text):
        for pattern in (_DATELINE, _STAMP):
            found = pattern.match(line)
            if found and (value := parse_full_date(found["date"])):
                return value
        for found in _PUBLISHED_LABEL.finditer(line):
            if value := parse_full_date(found["date"]):
                return value
        if update is None:
            update = next((v for f in _UPDATE_LABEL.finditer(line) if (v := parse_full_date(f["date"]))), None)
    return update


@lru_cache(maxsize=4096)
def parse_full_date(text: str) -> str | None:
    """``YYYY-MM-DD`` for a German full date ("12.03.2024", "12. März 2024", "2024-03-12"), or None when
    it is not a real date. Only day-month-year dates are accepted: nothing is filled in from today."""
    import dateparser

    text = re.sub(r"\s+", " ", text.replace("Maerz", "März"))
    parsed = dateparser.parse(text, languages=["de"],
                              settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"],
                                        "PARSERS": ["absolute-time"]})
    return parsed.date().isoformat() if parsed is not None else None


__all__ = ["HEAD_CHARS", "HEAD_LINES", "date_in_text", "head_lines", "parse_full_date"]
