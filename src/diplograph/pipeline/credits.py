"""Photo credits and bylines among the names of an article ("Foto: Evan Vucci/AP/dpa", "Von Max
Mustermann"): the patterns of ``resources/credits.tsv`` around a name's characters."""

from __future__ import annotations

import re
import sys
from array import array
from functools import cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
SENTENCE_END = re.compile(r"[.!?]\s")


@cache
def credit_patterns() -> dict[str, list[re.Pattern[str]]]:
    out: dict[str, list[re.Pattern[str]]] = {"marker": [], "after": [], "line": []}
    with open(RESOURCES / "credits.tsv", encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                kind, pattern = line.rstrip("\n").split("\t", 1)
                flags = re.IGNORECASE if kind != "line" else 0
                out[kind].append(re.compile(pattern, flags))
    return out


def _leading_literal(pattern: re.Pattern[str]) -> str:
    """The literal text that every match of ``pattern`` begins with ("Foto" for r"\bFoto(s)?:"), after
    zero-width anchors; "" where the pattern does not begin with a literal (or cannot be analysed)."""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        items = list(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001  (an interpreter without these internals: no shortcut)
        return ""
    k = 0
    while k < len(items) and items[k][0] is _constants.AT:
        k += 1
    chars = []
    while k < len(items) and items[k][0] is _constants.LITERAL:
        chars.append(chr(items[k][1]))
        k += 1
    return "".join(chars)


@cache
def marker_prefilters() -> tuple[tuple[re.Pattern[str], str, re.Pattern[str] | None], ...]:
    """Each "marker" credit pattern with its leading literal, lowercased, and that literal as a pattern
    with the marker's flags (None where it has none).

    A marker can match in a part of a text only where its leading literal occurs in the text: a test that
    :class:`CreditCheck` makes once per text, fast with ``str.lower`` (a marker with ``\\b`` and IGNORECASE
    is slow to search for).
    """
    out = []
    for pattern in credit_patterns()["marker"]:
        literal = _leading_literal(pattern)
        exact = re.compile(re.escape(literal), pattern.flags & ~re.VERBOSE) if literal else None
        out.append((pattern, literal.lower(), exact))
    return tuple(out)


@cache
def _lowercase_unsafe() -> frozenset[str] | None:
    """Characters that make "literal.lower() in text.lower()" unreliable as the test whether a marker's
    literal occurs in a text (by the marker's own matching rules, its flags included): characters that
    the regex equates with a character of a literal but that lowercase otherwise ("ı" for "i"), and "Σ",
    which ``str.lower`` lowercases by context. None where a literal itself defies the test."""
    chars: dict[int, set[str]] = {}  # flags -> the characters of the literals
    for pattern in credit_patterns()["marker"]:
        literal = _leading_literal(pattern)
        if literal.lower() != "".join(c.lower() for c in literal):
            return None
        chars.setdefault(pattern.flags & ~re.VERBOSE, set()).update(literal)
    unsafe = {"Σ"}
    every = array("I", range(sys.maxunicode + 1)).tobytes().decode(f"utf-32-{sys.byteorder[0]}e", "surrogatepass")
    for flags, group in chars.items():
        if not group:
            continue
        matched = set(re.findall("[" + "".join(map(re.escape, sorted(group))) + "]", every, flags))
        unsafe.update(t for t in matched for c in group
                      if re.fullmatch(re.escape(c), t, flags) and t.lower() != c.lower())
    return frozenset(unsafe)


def _markers_in(text: str) -> list[re.Pattern[str]]:
    """The "marker" credit patterns that can match somewhere in ``text`` (or in a part of it)."""
    unsafe = _lowercase_unsafe()
    if unsafe is None or any(c in text for c in unsafe):
        return [p for p, _, exact in marker_prefilters() if exact is None or exact.search(text)]
    lower = text.lower()
    return [p for p, literal, exact in marker_prefilters() if exact is None or literal in lower]


@cache
def any_after() -> re.Pattern[str] | None:
    """All "after" credit patterns as one alternation (None where a pattern has a back-reference, which an
    alternation would renumber, or where it does not compile)."""
    patterns = credit_patterns()["after"]
    if not patterns or any(re.search(r"\\\d|\(\?P=", p.pattern) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)
    except re.error:  # e.g. an inline global flag, valid only at the start of a pattern
        return None


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, (len(text) if hi < 0 else hi)


class CreditCheck:
    """Photo credits and bylines among the names of one text (:meth:`is_credit`, :meth:`is_byline_line`,
    both at once: :meth:`verdict`).

    Per text, once: the marker patterns that can match anywhere in it, and the verdict of each line.
    """

    NONE, CREDIT, BYLINE = 0, 1, 2  # :meth:`verdict`

    def __init__(self, text: str) -> None:
        self.text = text
        self.markers = _markers_in(text)
        self._lines: dict[int, bool] = {}
        quick = any_after()
        after = credit_patterns()["after"]
        self._after_search = quick.search if quick is not None else lambda s: any(p.search(s) for p in after)

    def verdict(self, start_char: int, end_char: int) -> int:
        """``CREDIT`` where :meth:`is_credit`, else ``BYLINE`` where :meth:`is_byline_line`, else ``NONE``."""
        text = self.text
        if self._after_search(text[end_char:end_char + 60]):
            return self.CREDIT
        lo, hi = _line_bounds(text, start_char, end_char)
        if self.markers and self._marker_before(lo, start_char):
            return self.CREDIT
        line_verdict = self._lines.get(lo)
        if line_verdict is None:
            line = text[lo:hi]
            line_verdict = self._lines[lo] = any(p.search(line) for p in credit_patterns()["line"])
        if line_verdict:
            return self.CREDIT
        return self.BYLINE if text[lo:hi].strip() == text[start_char:end_char] else self.NONE

    def _marker_before(self, lo: int, start_char: int) -> bool:
        """Whether a marker stands before ``start_char`` on its line (from ``lo``), at most 80 characters
        before and with no sentence end after it."""
        before = self.text[max(lo, start_char - 80):start_char]
        for p in self.markers:
            for m in p.finditer(before):
                if not SENTENCE_END.search(before[m.end():]):
                    return True
        return False

    def is_credit(self, start_char: int, end_char: int) -> bool:
        """Whether the name at ``text[start_char:end_char]`` is a photo credit or a byline rather than a
        person of the news."""
        return self.verdict(start_char, end_char) == self.CREDIT

    def is_byline_line(self, start_char: int, end_char: int) -> bool:
        """A name alone on its line (author line under a headline) is a byline."""
        text = self.text
        lo, hi = _line_bounds(text, start_char, end_char)
        return text[lo:hi].strip() == text[start_char:end_char]
