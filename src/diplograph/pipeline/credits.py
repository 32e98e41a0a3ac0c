"""Photo credits and bylines among the names of an article ("Foto: Evan Vucci/AP/dpa", "Von Max
Mustermann"): the patterns of ``resources/credits.tsv`` around a name's characters."""

from __future__ import annotations

import re
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


QUANTIFIERS = frozenset("?*{")
META = frozenset("\\.^$*+?{}[]|()")


def _leading_literal(pattern: str) -> str:
    r"""The literal text that every match of the pattern ``pattern`` begins with ("Foto" for
    r"\bFoto(s|grafie)?\s*:", "Bild von" for r"\bBild von\b"), read from the pattern's source: after
    leading anchors, the plain characters up to the first special one ("" where there are none); a
    character made optional by a quantifier after it is not part of it."""
    if _has_top_level_alternative(pattern):
        return ""  # r"\bFoto|Bild:": a match may begin with either branch
    k = 0
    while pattern.startswith(("\\b", "^"), k):
        k += 1 if pattern[k] == "^" else 2
    chars: list[str] = []
    while k < len(pattern) and pattern[k] not in META:
        chars.append(pattern[k])
        k += 1
    if chars and k < len(pattern) and pattern[k] in QUANTIFIERS:
        chars.pop()
    return "".join(chars)


def _has_top_level_alternative(pattern: str) -> bool:
    """Whether ``pattern`` has a "|" outside groups and character classes."""
    depth, in_class, escaped = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


@cache
def marker_prefilters() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each "marker" credit pattern with its leading literal, lowercased: a marker can match in a text only
    where its literal occurs (compared in lower case: a marker matches case-insensitively). A test made
    once per text, fast with ``str.lower`` (a marker with ``\\b`` and IGNORECASE is slow to search for)."""
    return tuple((pattern, _leading_literal(pattern.pattern).lower()) for pattern in credit_patterns()["marker"])


# Characters that IGNORECASE matching equates with a letter of another lowercase form ("ı" and "İ" with
# "i", "ſ" with "s", the Kelvin sign with "k"): in a text with one of them, every marker is searched for.
CASE_FOLD_TRAPS = frozenset("ıİſ\u212a")


def _markers_in(text: str) -> list[re.Pattern[str]]:
    """The "marker" credit patterns that can match somewhere in ``text`` (or in a part of it)."""
    if not CASE_FOLD_TRAPS.isdisjoint(text):
        return list(credit_patterns()["marker"])
    lower = text.lower()
    return [pattern for pattern, literal in marker_prefilters() if literal in lower]


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
