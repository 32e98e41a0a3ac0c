"""Persons beyond the statistical NER: rules that add, repair and remove PER entities.

* role-anchored names: "US-Außenminister Marco Rubio", "Kremlsprecher Dmitri Peskow", "Botschafter
  Aleksandr Darchijew" (role lexicon + capitalised name tokens + first-name lexicon);
* names from the office-holder knowledge base that the NER missed or labelled LOC/ORG;
* repairs: a PER span that contains a role word or title is trimmed, a PER split in two is merged;
* removals: photo credits and bylines ("Foto: Evan Vucci/AP/dpa", "Von Max Mustermann"), and PER spans
  that are country names, demonyms, institutions or role words.

The rules work on plain per-document lists (token texts, lowercased texts, character offsets, sentence
bounds: :class:`DocView`) and on token ranges ``(start, end)``; ``Span`` objects are made only for the
entities finally written to ``doc.ents`` (``Token``/``Span`` objects, ``Doc.text`` and ``Doc.ents`` are
built anew on every access).
"""

from __future__ import annotations

import re
import sys
from array import array
from bisect import bisect_left
from functools import cache, lru_cache
from itertools import compress
from operator import itemgetter
from pathlib import Path

from spacy.lang.de.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.countries import country_of_name, demonym_code, institutions
from diplograph.pipeline.knowledge import full_name_forms, norm, single_aliases, surnames
from diplograph.pipeline.ner_features import load_lexicon
from diplograph.pipeline.roles import DETERMINERS, is_role_text, phrase_bounds
from diplograph.pipeline.tokens import DocView, WordTable, longest_ranges, lookup_all

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
TITLES = {"Dr.", "Prof.", "Dr", "Prof", "Professor", "Professorin", "Herr", "Frau", "Sir", "Lady", "Scheich"}
PARTICLES = {"von", "van", "der", "de", "da", "di", "del", "bin", "ibn", "al", "el", "zu", "den", "dos", "do", "le"}
EDGE_PARTICLES = PARTICLES - {"der", "den"}  # particles a name may start with ("von der Leyen")
MAX_NAME_TOKENS = 4
SENTENCE_END = re.compile(r"[.!?]\s")
NAME_JOINERS = {"-", "'", "’"}
GENITIVE_MARKS = ("s", "'", "’")

Range = tuple[int, int]  # a token range [start, end) of one document


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
        lo = text.rfind("\n", 0, start_char) + 1
        hi = text.find("\n", end_char)
        if hi < 0:
            hi = len(text)
        if self.markers and self._marker_before(lo, start_char):
            return self.CREDIT
        line_verdict = self._lines.get(lo)
        if line_verdict is None:
            line = text[lo:hi]
            line_verdict = self._lines[lo] = any(p.search(line) for p in credit_patterns()["line"])
        if line_verdict:
            return self.CREDIT
        return self.BYLINE if text[lo:hi].strip() == text[start_char:end_char] else self.NONE

    def verdicts(self, bounds: list[tuple[int, int]]) -> list[int]:
        """:meth:`verdict` of every name (start_char, end_char); the line of a name is that of the name
        before where it lies within it (as the names in text order mostly do)."""
        text = self.text
        after, markers, lines = self._after_search, self.markers, self._lines
        line_patterns = credit_patterns()["line"]
        credit, byline, none = self.CREDIT, self.BYLINE, self.NONE
        out = []
        lo = hi = -1
        stripped = ""
        for start_char, end_char in bounds:
            if after(text[end_char:end_char + 60]):
                out.append(credit)
                continue
            if not lo <= start_char <= end_char <= hi:  # (the text from lo to hi holds no line break)
                lo = text.rfind("\n", 0, start_char) + 1
                hi = text.find("\n", end_char)
                if hi < 0:
                    hi = len(text)
                stripped = text[lo:hi].strip()
            if markers and self._marker_before(lo, start_char):
                out.append(credit)
                continue
            line_verdict = lines.get(lo)
            if line_verdict is None:
                line = text[lo:hi]
                line_verdict = lines[lo] = any(p.search(line) for p in line_patterns)
            if line_verdict:
                out.append(credit)
            else:
                out.append(byline if len(stripped) == end_char - start_char and stripped == text[start_char:end_char]
                           else none)
        return out

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


def _in(word: str, name: str) -> bool:
    return word in load_lexicon(name)


@lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    return _in(word, "first_names")


@lru_cache(maxsize=65536)
def is_common_noun(word: str) -> bool:
    return _in(word, "nouns") and not _in(word, "first_names") and not _in(word, "last_names")


def is_not_a_name(word: str) -> bool:
    """Country names, demonyms, institutions and role nouns are never (part of) a person's name."""
    lower = word.lower()
    return bool(country_of_name(word) or demonym_code(word) or lower in institutions().get("name", {})
                or lower in institutions().get("prefix", {}))


@lru_cache(maxsize=65536)
def name_like_text(text: str) -> bool:
    """Whether a token with this text can be (part of) a person's name; from the text alone (whether a token
    is a role noun does not depend on its context, only the role's gender does)."""
    if not text[:1].isupper() or not all(c.isalpha() or c in "-'’." for c in text):
        return False
    if text.endswith("-") or text.lower() in DETERMINERS or text in TITLES:
        return False
    if len(text) == 1 or (text.endswith(".") and len(text) > 3 and text[:-1] not in {"Jr", "III", "II", "IV"}):
        return False
    if is_role_text(text) or is_not_a_name(text):
        return False
    return True


def name_after(view: DocView, i: int, limit: int) -> Range | None:
    """The person name that starts at token ``i`` (1-4 capitalised tokens, particles inside)."""
    words = view.words
    if i >= limit or not name_like_text(words[i]):
        return None
    j = i + 1
    while j < limit and j - i < MAX_NAME_TOKENS:
        if name_like_text(words[j]):
            j += 1
        elif view.lowers[j] in PARTICLES and j + 1 < limit and name_like_text(words[j + 1]):
            j += 2
        else:
            break
    end = j
    # A trailing common noun is not part of the name ("Trump Montag" never; "Rubio Gespräche" never).
    while end - i > 1 and is_common_noun(words[end - 1]) and not _in(words[end - 1], "last_names"):
        nxt = words[end] if end < view.n else None
        if is_first_name(words[end - 2]) and (nxt is None or not nxt[:1].isupper()):
            break  # "Lena Vogel," : a surname that is also a noun, after a first name
        end -= 1
    return i, end


@lru_cache(maxsize=65536)
def _surname_token(word: str) -> bool:
    return word in surnames() or word.rstrip("s") in surnames()


def _known(view: DocView, start: int, end: int) -> bool:
    """A full name form of the knowledge base, or a span with a known surname in it."""
    if norm(view.span_text(start, end)) in full_name_forms():
        return True
    return any(_surname_token(w) for w in view.words[start:end])


def _role_positions(classes: list[int]) -> list[int]:
    """Positions of the role nouns (``analyse_role(doc[i]) is not None``), from :func:`word_classes`."""
    return [i for i in compress(range(len(classes)), classes) if classes[i] & ROLE]


def role_anchored_names(view: DocView, roles: list[int], ents: list[tuple[int, int, str]]) -> list[Range]:
    """Names right after a role noun: "Außenminister Sergej Lawrow", "Kreml-Chef Putin".

    ``roles``: the positions of the role nouns (:func:`_role_positions`); ``ents``: (start, end, label) of
    the entities of the NER (disjoint).
    """
    words = view.words
    out = []
    per_tokens: set[int] | None = None  # the tokens of the PER entities, made when first asked for
    for i in roles:
        sent_start, limit = view.sentence(i)
        span = name_after(view, i + 1, limit)
        if span is None:
            # "Die Sprecherin des Weißen Hauses, Lena Muster, ...": a name after the role's complement
            phrase_end = phrase_bounds(words, view.lowers, i, sent_start, limit)[1]
            if phrase_end < limit and words[phrase_end] == ",":
                after = name_after(view, phrase_end + 1, limit)
                if after is not None and (is_first_name(words[after[0]]) or _known(view, *after)) and \
                        after[1] < limit and words[after[1]] in {",", "."}:
                    out.append(after)
            continue
        start, end = span
        if is_first_name(words[start]) or _known(view, start, end):
            out.append(span)
            continue
        if per_tokens is None:
            per_tokens = {k for s, e, label in ents if label == "PER" for k in range(s, e)}
        if start in per_tokens \
                or (end - start == 1 and not is_common_noun(words[start]) and not _in(words[start], "places")) \
                or (end - start >= 2 and not any(is_common_noun(w) for w in words[start:end])):
            out.append(span)
    return out


def names_before_role(view: DocView, roles: list[int]) -> list[Range]:
    """Names right before ", [die] stellvertretende Staatssekretärin ..." whose first token is a first name."""
    words, lowers = view.words, view.lowers
    out = []
    for i in roles:
        k = i - 1
        while k >= 0 and (lowers[k] in DETERMINERS or (words[k].isalpha() and words[k][0].islower())):
            k -= 1
        if k < 1 or words[k] != ",":
            continue
        end = k
        start = end
        while start - 1 >= 0 and end - (start - 1) <= MAX_NAME_TOKENS and \
                (name_like_text(words[start - 1]) or lowers[start - 1] in PARTICLES):
            start -= 1
        while start < end and not name_like_text(words[start]):
            start += 1
        # the name begins at its first name ("... traf Erika Beispiel, ...")
        firsts = [j for j in range(start, end - 1) if is_first_name(words[j])]
        if firsts:
            out.append((firsts[0], end))
        elif end - start >= 1 and _known(view, start, end):
            out.append((start, end))
    return out


@cache
def _form_heads() -> frozenset[str]:
    """Every prefix (the empty one included) of the first word of every full name form."""
    heads = {""}
    for form in full_name_forms():
        if form:
            first = form.split()[0]
            heads.update(first[:k] for k in range(1, len(first) + 1))
    return frozenset(heads)


@lru_cache(maxsize=65536)
def may_begin_form(word: str) -> bool:
    """Whether a text that starts with token ``word`` can normalise to a full name form.

    ``norm`` works character by character (then splits on non-word characters), so the first word of
    ``norm(word + rest)`` begins with the first word of ``norm(word)``: a full name form can begin at
    ``word`` only where the latter is a prefix of some form's first word.
    """
    head = norm(word).split()
    return (head[0] if head else "") in _form_heads()


@lru_cache(maxsize=65536)
def _joinable(word: str) -> bool:
    return word.isalpha() or word in NAME_JOINERS or "-" in word


FORM_START, SINGLE_ALIAS, SURNAME, ROLE, KB_SINGLE = 1, 2, 4, 8, 16  # :func:`word_class` bits


@lru_cache(maxsize=65536)
def knowledge_class(word: str) -> int:
    """What a token may be in :func:`knowledge_names`, from its text alone: the first token of a full name
    form (``FORM_START``), a one-word alias (``SINGLE_ALIAS``), a distinctive surname (``SURNAME``); 0 for
    none (most tokens)."""
    if not word[:1].isupper():
        return 0
    singles = single_aliases()
    if word in singles or (word.endswith("s") and word[:-1] in singles):
        kind = SINGLE_ALIAS
    else:
        names = surnames()
        base = word[:-1] if word.endswith("s") and word[:-1] in names else word
        # a surname that is also a German noun ("Kern", "Koch") is a name only where the NER or a role says so
        distinctive = base in names and len(base) >= 4 and not _in(base, "nouns") \
            and (not _in(base, "places") or _in(base, "last_names"))
        kind = SURNAME if distinctive else 0
    return kind | (FORM_START if may_begin_form(word) else 0)


def word_class(word: str) -> int:
    """:func:`knowledge_class` of a token text, with ``ROLE`` for a role noun (:func:`is_role_text`) and
    ``KB_SINGLE`` for a known surname or one-word alias, genitive "s" allowed (:func:`_kb_single`)."""
    return knowledge_class(word) | (ROLE if is_role_text(word) else 0) | (KB_SINGLE if _kb_single(word) else 0)


_WORD_CLASSES = WordTable(word_class, max_size=65536)  # word_class by token text


def word_classes(words: list[str]) -> list[int]:
    """:func:`word_class` of every token text."""
    return list(lookup_all(_WORD_CLASSES, words))


@cache
def _inner_prefixes() -> frozenset[str]:
    """Every proper prefix (character by character, the empty one included) of every full name form."""
    return frozenset(form[:k] for form in full_name_forms() for k in range(len(form)))


def _full_name_at(view: DocView, i: int) -> int:
    """The number of tokens (4 to 2) of the full name form that starts at token ``i``; 0 for none."""
    words, starts = view.words, view.offsets
    limit = min(i + 4, view.n)
    if limit - i < 2:
        return 0
    return _full_name_in(tuple(words[i:limit]), view.text[starts[i]:starts[limit - 1] + len(words[limit - 1])])


@lru_cache(maxsize=65536)
def _full_name_in(words: tuple[str, ...], window: str) -> int:
    """:func:`_full_name_at` for a name that may begin with ``words`` (the texts of its first token and the
    next ones, at most 4 in all), which stand in the document as ``window``.

    The candidates grow a token at a time. ``norm`` of a text is a prefix of ``norm`` of any text that
    extends it (see :func:`may_begin_form`), and longer where the extension has a word character: so once
    ``norm`` of the candidate is no proper prefix of a form, a longer candidate (or one without its final
    "s") is a form only where it normalises to the same form, which the added tokens tell.

    Only tokens that :func:`_joinable` accepts make up a candidate, and they hold no whitespace: where the
    window has a space after such a token, that is its trailing whitespace (a single space at most), and
    the next token begins after it.
    """
    forms, inner = full_name_forms(), _inner_prefixes()
    limit = len(words)
    if not _joinable(words[0]):
        return 0
    found = 0
    end = len(words[0])  # where the text of the last token of the candidate ends in the window
    for last in range(1, limit):
        word = words[last]
        if not _joinable(word):
            break
        end += len(word) + (window[end] == " ")
        cand = window[:end]  # == doc[i:i + last + 1].text
        normed = norm(cand)
        if normed in forms or cand.endswith("s") and norm(cand[:-1]) in forms:
            found = last + 1
        if normed in inner:
            continue
        if normed in forms:
            for nxt in range(last + 1, limit):  # tokens that add nothing to the form ("-") extend it
                word = words[nxt]
                if not _joinable(word):
                    break
                if norm(word):
                    if word.endswith("s") and not norm(word[:-1]):
                        found = nxt + 1
                    break
                found = nxt + 1
        break
    return found


def knowledge_names(view: DocView, ents: list[tuple[int, int, str]], classes: list[int] | None = None) -> list[Range]:
    """Office holders named in the text: full names (any listed spelling) and distinctive surnames.

    ``ents``: (start, end, label) of the entities of the NER; ``classes``: :func:`word_classes` of the
    tokens, where the caller has them.
    """
    if classes is None:
        classes = word_classes(view.words)
    out = []
    in_longer_ent: set[int] | None = None
    for i in compress(range(view.n), classes):
        kind = classes[i]
        if kind & FORM_START:
            n = _full_name_at(view, i)
            if n:
                out.append((i, i + n))
                continue
        if kind & SINGLE_ALIAS:
            out.append((i, i + 1))
        elif kind & SURNAME:
            if in_longer_ent is None:
                in_longer_ent = {k for s, e, label in ents if e - s > 1 and label != "PER" for k in range(s, e)}
            if i not in in_longer_ent:
                out.append((i, i + 1))
    return out


def trim(view: DocView, start: int, end: int) -> Range | None:
    """Drop role words, titles, determiners and demonyms at the edges of a PER span."""
    if end - start == 1:  # (a name-like word that is no particle stays, any other goes: see _trim_words)
        return (start, end) if name_like_text(view.words[start]) and view.lowers[start] not in PARTICLES else None
    cut = _trim_words(tuple(view.words[start:end]), tuple(view.lowers[start:end]))
    return None if cut is None else (start + cut[0], start + cut[1])


@lru_cache(maxsize=65536)
def _trim_words(words: tuple[str, ...], lowers: tuple[str, ...]) -> Range | None:
    """:func:`trim` of a span with these token texts and lowercased texts, as a range within it."""
    start, end = 0, len(words)
    while start < end and not name_like_text(words[start]) and lowers[start] not in EDGE_PARTICLES:
        start += 1
    while end > start and (not name_like_text(words[end - 1]) or lowers[end - 1] in PARTICLES):
        end -= 1
    if start >= end:
        return None
    # A role word inside the span: keep the part after it ("Außenminister Rubio" as one PER).
    for k in range(end - 1, start - 1, -1):
        if is_role_text(words[k]):
            start = k + 1
            break
    # A trailing common noun is a tagging error ("Wadephuls Besuch").
    while end - start > 1 and is_common_noun(words[end - 1]):
        end -= 1
    if start >= end:
        return None
    return start, end


@lru_cache(maxsize=65536)
def _mention_forms(last: str) -> frozenset[str]:
    """The token texts that mention the person with surname ``last``: it, and its genitives."""
    return frozenset({last, *(last + mark for mark in GENITIVE_MARKS)})


def surname_mentions(view: DocView, persons: list[Range], found: dict[str, list[int]] | None = None) -> list[Range]:
    """Single tokens equal to the surname of a full name in the article, or its genitive ("Wadephuls").

    ``found``: the positions of the mentions of each surname already looked up in this document (filled in).
    The mentions are found by searching the text for the surname (a token's text stands in the text at its
    offset, and every form of :func:`_mention_forms` begins with the surname).
    """
    words = view.words
    lasts = {words[e - 1] for s, e in persons if e - s >= 2 and len(words[e - 1]) >= 3}
    if not lasts:
        return []
    if found is None:
        found = {}
    text, offsets, n = view.text, view.offsets, view.n
    positions: set[int] = set()
    for last in lasts:
        mentions = found.get(last)
        if mentions is None:
            wanted = _mention_forms(last)
            mentions = found[last] = []
            at = text.find(last)
            while at >= 0:
                k = bisect_left(offsets, at)
                if k < n and offsets[k] == at and words[k] in wanted:
                    mentions.append(k)
                at = text.find(last, at + 1)
        positions.update(mentions)
    return [(i, i + 1) for i in sorted(positions)]


def _add_uncovered(spans: list[Range], singles: list[Range]) -> list[Range]:
    """``longest_ranges(spans + singles)`` where ``spans`` are disjoint and in text order, and ``singles``
    are one-token ranges of distinct tokens: the spans, and the singles outside them, in text order."""
    if not singles:
        return spans
    taken = _tokens_of(spans)
    out = spans + [s for s in singles if s[0] not in taken]
    out.sort(key=itemgetter(0))  # (disjoint: by start)
    return out


@lru_cache(maxsize=65536)
def _kb_single(word: str) -> bool:
    return any(w in surnames() or w in single_aliases() for w in (word, word[:-1] if word.endswith("s") else word))


def split_known(view: DocView, span: Range) -> list[Range]:
    """"Trump Putin" (two known surnames side by side, e.g. in a headline) are two persons."""
    start, end = span
    if end - start >= 2 and all(_kb_single(w) for w in view.words[start:end]) \
            and norm(view.span_text(start, end)) not in full_name_forms():
        return [(i, i + 1) for i in range(start, end)]
    return [span]


def split_all_known(view: DocView, spans: list[Range], classes: list[int]) -> list[Range]:
    """:func:`split_known` of every span, the parts in the order of the spans (``classes``: the
    :func:`word_classes` of the tokens; a span whose first token is no ``KB_SINGLE`` stays whole)."""
    out: list[Range] = []
    for span in spans:
        if span[1] - span[0] >= 2 and classes[span[0]] & KB_SINGLE:
            out += split_known(view, span)
        else:
            out.append(span)
    return out


def plausible(view: DocView, start: int, end: int) -> bool:
    """Whether an NER PER span the rules did not confirm looks like a person's name."""
    if end - start >= 2:
        return any(w[:1].isupper() for w in view.words[start:end])
    return plausible_word(view.words[start])


@lru_cache(maxsize=65536)
def plausible_word(word: str) -> bool:
    """:func:`plausible` for a one-token span."""
    lower = word.lower()
    if lower in STOP_WORDS or word.isupper() and len(word) <= 5:
        return False
    if not (_in(word, "last_names") or _in(word, "first_names")):
        return False
    if _in(word, "nouns") or _in(word, "places") or (word.endswith("s") and _in(word[:-1], "places")):
        return False
    return True


def merge_adjacent(view: DocView, spans: list[Range]) -> list[Range]:
    """Two PER spans with nothing between them are one name ("Marco" + "Rubio")."""
    spans = sorted(spans, key=itemgetter(0))
    out: list[Range] = []
    for span in spans:
        if out and out[-1][1] == span[0] and view.end_char(out[-1][1]) == view.start_char(span[0]) - 1 \
                and (out[-1][1] - out[-1][0]) + (span[1] - span[0]) <= MAX_NAME_TOKENS:
            prev = out.pop()
            span = (prev[0], span[1])
        out.append(span)
    return out


def _tokens_of(spans: list[Range]) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _without_credits(view: DocView, spans: list[Range]) -> list[Range]:
    """The spans that are no photo credit and no byline that is a known name (:class:`CreditCheck`)."""
    words, offsets = view.words, view.offsets
    verdicts = CreditCheck(view.text).verdicts([(offsets[s], offsets[e - 1] + len(words[e - 1])) for s, e in spans])
    byline = CreditCheck.BYLINE
    return [span for span, found in zip(spans, verdicts, strict=True)
            if not found or found == byline and _known(view, *span)]


# Parts of speech that never begin or end a name (a name may begin with a particle: "von der Leyen").
NOT_NAME_EDGES = frozenset({"ADP", "PART", "VERB", "AUX", "PUNCT", "ADV", "SCONJ", "CCONJ", "PRON", "DET"})


def without_function_words(doc: Doc, view: DocView, start: int, end: int) -> Range | None:
    """A person span without prepositions, particles, verbs or punctuation at its edges ("Putin zu" ->
    "Putin", "Witkoff zu Ende" -> "Witkoff"). Without part-of-speech tags, lowercase words that are no name
    particle are dropped at the end and particles at both edges."""
    tagged = doc.has_annotation("POS")

    def edge_ok(i: int, first: bool) -> bool:
        lower, word = view.lowers[i], view.words[i]
        if first and lower in EDGE_PARTICLES and i + 1 < end:
            return True
        if lower in PARTICLES or not any(c.isalnum() for c in word):
            return False
        if word[:1].islower():
            return not (doc[i].pos_ in NOT_NAME_EDGES if tagged else lower in STOP_WORDS)
        return True

    while start < end and not edge_ok(start, True):
        start += 1
    while end > start and not edge_ok(end - 1, False):
        end -= 1
    return (start, end) if start < end else None


def fix_persons(doc: Doc, *, use_knowledge: bool = True) -> None:
    """Replace ``doc.ents`` by the repaired entity set (PER from rules wins over other labels)."""
    entities = doc.ents
    ents = [(e.start, e.end, e.label_) for e in entities]
    view = DocView(doc)
    words = view.words
    persons = [t for t in (trim(view, s, e) for s, e, label in ents if label == "PER") if t is not None]
    classes = word_classes(words)
    roles = _role_positions(classes)
    rule_spans: list[Range] = []
    if roles:
        rule_spans = role_anchored_names(view, roles, ents) + names_before_role(view, roles)
    if use_knowledge:
        rule_spans += knowledge_names(view, ents, classes)
    # (The NER entities, trimmed, are disjoint and in text order: filter_spans would keep them as they are.)
    persons = merge_adjacent(view, persons)
    # Rule spans extend or replace NER spans they overlap.
    persons = split_all_known(view, persons, classes)
    rule_spans = split_all_known(view, rule_spans, classes)
    # (Of equal ranges longest_ranges keeps one, whichever: the rules find many names twice.)
    first_named = [s for s in persons if s[1] - s[0] >= 2 and is_first_name(words[s[0]])]
    confirmed = longest_ranges(list({*rule_spans, *first_named}))
    # The surname mentions of the confirmed names, then those of the plausible unconfirmed NER names (the
    # mentions of a surname already looked up are in ``confirmed`` or covered by it).
    surname_positions: dict[str, list[int]] = {}
    confirmed = _add_uncovered(confirmed, surname_mentions(view, confirmed, surname_positions))
    confirmed_tokens = _tokens_of(confirmed)
    extra = [s for s in persons if confirmed_tokens.isdisjoint(range(*s)) and plausible(view, *s)]
    combined = confirmed
    if extra:  # (persons are disjoint: the unconfirmed ones are disjoint from the confirmed spans too)
        combined = _add_uncovered(sorted(confirmed + extra, key=itemgetter(0)),
                                  surname_mentions(view, extra, surname_positions))
    if combined:
        combined = _without_credits(view, combined)
        combined = [r for r in (without_function_words(doc, view, *span) for span in combined) if r is not None]
    # Disjoint already (combined is filtered, the others are NER entities outside it), as doc.ents needs;
    # set_ents takes Span objects (the ``doc.ents`` setter would make a Span of each entity anew).
    doc.set_ents(_final_entities(doc, combined, ents, entities), default="outside")


def _final_entities(doc: Doc, ranges: list[Range], ents: list[tuple[int, int, str]],
                    entities: tuple[Span, ...]) -> list[Span]:
    """The entities to write: ``Span(doc, start, end, label="PER")`` for every range (disjoint, in text
    order), then the NER entities (``entities``, with ``ents`` their (start, end, label), in text order) that
    are no PER entity and overlap no range.

    A person is the NER's own entity where that is a PER entity of the range without kb_id and id (set_ents
    reads no more of a Span), so that it needs no new Span object. One walk over the entities and the
    ranges: the first range that ends after an entity's start is the one that may overlap it (or equal it).
    """
    reused: dict[int, Span] = {}  # range index -> the NER entity of that range
    others = []
    k, n = 0, len(ranges)
    for (start, end, label), ent in zip(ents, entities, strict=True):
        while k < n and ranges[k][1] <= start:
            k += 1
        overlaps = k < n and ranges[k][0] < end
        if label != "PER":
            if not overlaps:
                others.append(ent)
        elif overlaps and ranges[k] == (start, end) and not ent.kb_id and not ent.id:
            reused[k] = ent
    if len(reused) == n:
        return [*reused.values(), *others]
    per = doc.vocab.strings.add("PER")
    persons = [reused.get(k) for k in range(n)]
    for k, ent in enumerate(persons):
        if ent is None:
            persons[k] = Span(doc, *ranges[k], label=per)
    return persons + others


@Language.factory(
    "diplograph_persons",
    default_config={"use_knowledge": True},
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    requires=["doc.ents", "doc.sents"],
)
def make_persons(nlp: Language, name: str, use_knowledge: bool) -> PersonsComponent:
    return PersonsComponent(use_knowledge=use_knowledge).named(name)


class PersonsComponent(BatchedComponent):
    """Repairs and extends the PER entities before ``diplograph_actors`` groups them."""

    def __init__(self, use_knowledge: bool = True) -> None:
        self.use_knowledge = use_knowledge

    def __call__(self, doc: Doc) -> Doc:
        fix_persons(doc, use_knowledge=self.use_knowledge)
        return doc
