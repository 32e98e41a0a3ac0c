"""Persons beyond the statistical NER: rules that add, repair and remove PER entities.

* role-anchored names: "US-Außenminister Marco Rubio", "Kremlsprecher Dmitri Peskow", "Botschafter
  Aleksandr Darchijew" (role lexicon + capitalised name tokens + first-name lexicon);
* names from the office-holder knowledge base that the NER missed or labelled LOC/ORG;
* repairs: a PER span that contains a role word or title is trimmed, a PER split in two is merged;
* removals: photo credits and bylines ("Foto: Evan Vucci/AP/dpa", "Von Max Mustermann"), and PER spans
  that are country names, demonyms, institutions or role words.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from spacy.lang.de.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from diplograph import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.components.countries import country_of_name, demonym_code, institutions
from diplograph.components.roles import DETERMINERS, analyse_role, is_role_text, role_phrase
from diplograph.knowledge import full_name_forms, norm, single_aliases, surnames
from diplograph.ner_features import load_lexicon
from diplograph.tokens import token_texts

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
TITLES = {"Dr.", "Prof.", "Dr", "Prof", "Professor", "Professorin", "Herr", "Frau", "Sir", "Lady", "Scheich"}
PARTICLES = {"von", "van", "der", "de", "da", "di", "del", "bin", "ibn", "al", "el", "zu", "den", "dos", "do", "le"}
MAX_NAME_TOKENS = 4
SENTENCE_END = re.compile(r"[.!?]\s")
NAME_JOINERS = {"-", "'", "’"}


@cache
def any_marker() -> re.Pattern[str] | None:
    """All "marker" credit patterns as one alternation: a quick test whether any of them occurs at all
    (None where a pattern has a back-reference, which an alternation would renumber)."""
    markers = credit_patterns()["marker"]
    if not markers or any(re.search(r"\\\d|\(\?P=", p.pattern) for p in markers):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in markers), re.IGNORECASE)
    except re.error:  # e.g. an inline global flag, valid only at the start of a pattern
        return None


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


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, (len(text) if hi < 0 else hi)


def is_credit(span: Span, text: str | None = None) -> bool:
    """Whether a name is a photo credit or a byline rather than a person of the news.

    ``text``: ``span.doc.text`` when the caller has it (``Doc.text`` joins every token on each access).
    """
    if text is None:
        text = span.doc.text
    pats = credit_patterns()
    after = text[span.end_char:span.end_char + 60]
    if any(p.search(after) for p in pats["after"]):
        return True
    lo, hi = _line_bounds(text, span.start_char, span.end_char)
    before = text[max(lo, span.start_char - 80):span.start_char]
    quick = any_marker()
    for p in pats["marker"] if quick is None or quick.search(before) else ():
        for m in p.finditer(before):
            gap = before[m.end():]
            if not SENTENCE_END.search(gap):
                return True
    line = text[lo:hi]
    return any(p.search(line) for p in pats["line"])


def _in(word: str, name: str) -> bool:
    return word in load_lexicon(name)


def is_first_name(word: str) -> bool:
    return _in(word, "first_names")


def is_common_noun(word: str) -> bool:
    return _in(word, "nouns") and not _in(word, "first_names") and not _in(word, "last_names")


def is_not_a_name(word: str) -> bool:
    """Country names, demonyms, institutions and role nouns are never (part of) a person's name."""
    lower = word.lower()
    return bool(country_of_name(word) or demonym_code(word) or lower in institutions().get("name", {})
                or lower in institutions().get("prefix", {}))


def name_like(tok: Token) -> bool:
    return name_like_text(tok.text)


@lru_cache(maxsize=65536)
def name_like_text(text: str) -> bool:
    """:func:`name_like` from the token text alone (whether a token is a role noun does not depend on its
    context, only the role's gender does)."""
    if not text[:1].isupper() or not all(c.isalpha() or c in "-'’." for c in text):
        return False
    if text.endswith("-") or text.lower() in DETERMINERS or text in TITLES:
        return False
    if len(text) == 1 or (text.endswith(".") and len(text) > 3 and text[:-1] not in {"Jr", "III", "II", "IV"}):
        return False
    if is_role_text(text) or is_not_a_name(text):
        return False
    return True


def name_after(doc: Doc, i: int, limit: int) -> Span | None:
    """The person name that starts at token ``i`` (1-4 capitalised tokens, particles inside)."""
    if i >= limit or not name_like(doc[i]):
        return None
    j = i + 1
    while j < limit and j - i < MAX_NAME_TOKENS:
        tok = doc[j]
        if name_like(tok):
            j += 1
        elif tok.lower_ in PARTICLES and j + 1 < limit and name_like(doc[j + 1]):
            j += 2
        else:
            break
    span = doc[i:j]
    # A trailing common noun is not part of the name ("Trump Montag" never; "Rubio Gespräche" never).
    while len(span) > 1 and is_common_noun(span[-1].text) and not _in(span[-1].text, "last_names"):
        nxt = doc[span.end] if span.end < len(doc) else None
        if is_first_name(span[-2].text) and (nxt is None or not nxt.text[:1].isupper()):
            break  # "Lena Vogel," : a surname that is also a noun, after a first name
        span = doc[span.start:span.end - 1]
    return span


def _known(span: Span) -> bool:
    forms = full_name_forms()
    if norm(span.text) in forms:
        return True
    return any(t.text in surnames() or t.text.rstrip("s") in surnames() for t in span)


def _words(doc: Doc) -> list[str]:
    return token_texts(doc)


def _role_positions(words: list[str]) -> list[int]:
    """Positions of the role nouns (``analyse_role(doc[i]) is not None``), from the token texts alone."""
    return [i for i, w in enumerate(words) if is_role_text(w)]


def role_anchored_names(doc: Doc, roles: list[int] | None = None) -> list[Span]:
    """Names right after a role noun: "Außenminister Sergej Lawrow", "Kreml-Chef Putin".

    ``roles``: the positions of the role nouns, when the caller has them (:func:`_role_positions`).
    """
    ents_by_token = {i: e for e in doc.ents for i in range(e.start, e.end)}
    has_sents = doc.has_annotation("SENT_START")
    out = []
    for i in _role_positions(_words(doc)) if roles is None else roles:
        tok = doc[i]
        limit = tok.sent.end if has_sents else len(doc)
        span = name_after(doc, tok.i + 1, limit)
        if span is None:
            # "Die Sprecherin des Weißen Hauses, Lena Muster, ...": a name after the role's complement
            phrase_end = role_phrase(tok, analyse_role(tok)).span.end  # type: ignore[arg-type]
            if phrase_end < limit and doc[phrase_end].text == ",":
                after = name_after(doc, phrase_end + 1, limit)
                if after is not None and (is_first_name(after[0].text) or _known(after)) and \
                        after.end < limit and doc[after.end].text in {",", "."}:
                    out.append(Span(doc, after.start, after.end, label="PER"))
            continue
        ent = ents_by_token.get(span.start)
        confident = (
            is_first_name(span[0].text)
            or _known(span)
            or (ent is not None and ent.label_ == "PER")
            or (len(span) == 1 and not is_common_noun(span.text) and not _in(span.text, "places"))
            or (len(span) >= 2 and not any(is_common_noun(t.text) for t in span))
        )
        if confident:
            out.append(Span(doc, span.start, span.end, label="PER"))
    return out


def names_before_role(doc: Doc, roles: list[int] | None = None) -> list[Span]:
    """Names right before ", [die] stellvertretende Staatssekretärin ..." whose first token is a first name."""
    out = []
    for i in _role_positions(_words(doc)) if roles is None else roles:
        k = i - 1
        while k >= 0 and (doc[k].lower_ in DETERMINERS or (doc[k].is_alpha and doc[k].text[0].islower())):
            k -= 1
        if k < 1 or doc[k].text != ",":
            continue
        end = k
        start = end
        while start - 1 >= 0 and end - (start - 1) <= MAX_NAME_TOKENS and \
                (name_like(doc[start - 1]) or doc[start - 1].lower_ in PARTICLES):
            start -= 1
        while start < end and not name_like(doc[start]):
            start += 1
        # the name begins at its first name ("... traf Erika Beispiel, ...")
        firsts = [i for i in range(start, end - 1) if is_first_name(doc[i].text)]
        if firsts:
            out.append(Span(doc, firsts[0], end, label="PER"))
        elif end - start >= 1 and _known(doc[start:end]):
            out.append(Span(doc, start, end, label="PER"))
    return out


def knowledge_names(doc: Doc, text: str | None = None) -> list[Span]:
    """Office holders named in the text: full names (any listed spelling) and distinctive surnames."""
    forms = full_name_forms()
    names = surnames()
    singles = single_aliases()
    # Token texts, offsets and entity cover once per doc (Span.text, Doc.ents build objects on each call).
    if text is None:
        text = doc.text
    words = _words(doc)
    starts = doc.to_array("IDX").tolist()
    alpha = doc.to_array("IS_ALPHA").tolist()
    joinable = [bool(a) or w in NAME_JOINERS or "-" in w for w, a in zip(words, alpha, strict=True)]
    in_longer_ent = {i for e in doc.ents if len(e) > 1 and e.label_ != "PER" for i in range(e.start, e.end)}
    n_tokens = len(words)
    out = []
    for i, word in enumerate(words):
        if not word[:1].isupper():
            continue
        for n in range(4, 1, -1):
            if i + n <= n_tokens:
                if not all(joinable[i:i + n]):
                    continue
                last = i + n - 1
                cand = text[starts[i]:starts[last] + len(words[last])]  # == doc[i:i + n].text
                if norm(cand) in forms or cand.endswith("s") and norm(cand[:-1]) in forms:
                    out.append(Span(doc, i, i + n, label="PER"))
                    break
        else:
            if word in singles or (word.endswith("s") and word[:-1] in singles):
                out.append(Span(doc, i, i + 1, label="PER"))
                continue
            base = word[:-1] if word.endswith("s") and word[:-1] in names else word
            if base in names and len(base) >= 4 and not is_common_noun(base) and i not in in_longer_ent \
                    and (not _in(base, "places") or _in(base, "last_names")):
                out.append(Span(doc, i, i + 1, label="PER"))
    return out


def trim(span: Span) -> Span | None:
    """Drop role words, titles, determiners and demonyms at the edges of a PER span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and not name_like(doc[start]) and doc[start].lower_ not in PARTICLES - {"der", "den"}:
        start += 1
    while end > start and (not name_like(doc[end - 1]) or doc[end - 1].lower_ in PARTICLES):
        end -= 1
    if start >= end:
        return None
    # A role word inside the span: keep the part after it ("Außenminister Rubio" as one PER).
    for k in range(end - 1, start - 1, -1):
        if analyse_role(doc[k]) is not None:
            start = k + 1
            break
    # A trailing common noun is a tagging error ("Wadephuls Besuch").
    while end - start > 1 and is_common_noun(doc[end - 1].text):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label="PER")


def surname_mentions(doc: Doc, persons: list[Span], words: list[str] | None = None) -> list[Span]:
    """Single tokens equal to the surname of a full name in the article, or its genitive ("Wadephuls")."""
    lasts = {s[-1].text for s in persons if len(s) >= 2 and len(s[-1].text) >= 3}
    out: list[Span] = []
    if not lasts:
        return out
    for i, word in enumerate(_words(doc) if words is None else words):
        if word in lasts or (word[-1:] in {"s", "'", "’"} and word[:-1] in lasts):
            out.append(Span(doc, i, i + 1, label="PER"))
    return out


@lru_cache(maxsize=65536)
def _kb_single(word: str) -> bool:
    return any(w in surnames() or w in single_aliases() for w in (word, word[:-1] if word.endswith("s") else word))


def split_known(span: Span) -> list[Span]:
    """"Trump Putin" (two known surnames side by side, e.g. in a headline) are two persons."""
    if len(span) >= 2 and all(_kb_single(t.text) for t in span) and norm(span.text) not in full_name_forms():
        return [Span(span.doc, t.i, t.i + 1, label="PER") for t in span]
    return [span]


def plausible(span: Span) -> bool:
    """Whether an NER PER span the rules did not confirm looks like a person's name."""
    if len(span) >= 2:
        return any(t.text[:1].isupper() for t in span)
    word = span.text
    lower = word.lower()
    if lower in STOP_WORDS or word.isupper() and len(word) <= 5:
        return False
    if not (_in(word, "last_names") or _in(word, "first_names")):
        return False
    if _in(word, "nouns") or _in(word, "places") or (word.endswith("s") and _in(word[:-1], "places")):
        return False
    return True


def is_byline_line(span: Span, text: str | None = None) -> bool:
    """A name alone on its line (author line under a headline) is a byline (``text``: as in is_credit)."""
    if text is None:
        text = span.doc.text
    lo, hi = _line_bounds(text, span.start_char, span.end_char)
    return text[lo:hi].strip() == span.text


def merge_adjacent(spans: list[Span]) -> list[Span]:
    """Two PER spans with nothing between them are one name ("Marco" + "Rubio")."""
    spans = sorted(spans, key=lambda s: s.start)
    out: list[Span] = []
    for span in spans:
        if out and out[-1].end == span.start and out[-1].end_char == span.start_char - 1 \
                and len(out[-1]) + len(span) <= MAX_NAME_TOKENS:
            prev = out.pop()
            span = Span(span.doc, prev.start, span.end, label="PER")
        out.append(span)
    return out


def fix_persons(doc: Doc, *, use_knowledge: bool = True) -> None:
    """Replace ``doc.ents`` by the repaired entity set (PER from rules wins over other labels)."""
    others = [e for e in doc.ents if e.label_ != "PER"]
    persons = [t for t in (trim(e) for e in doc.ents if e.label_ == "PER") if t is not None]
    text = doc.text
    words = _words(doc)
    roles = _role_positions(words)
    rule_spans = role_anchored_names(doc, roles) + names_before_role(doc, roles)
    if use_knowledge:
        rule_spans += knowledge_names(doc, text)
    persons = merge_adjacent(filter_spans(persons))
    # Rule spans extend or replace NER spans they overlap.
    persons = [p for s in persons for p in split_known(s)]
    rule_spans = [p for s in rule_spans for p in split_known(s)]
    confirmed = filter_spans(rule_spans + [s for s in persons if len(s) >= 2 and is_first_name(s[0].text)])
    confirmed = filter_spans(confirmed + surname_mentions(doc, confirmed, words))
    confirmed_tokens = {i for s in confirmed for i in range(s.start, s.end)}
    unconfirmed = [s for s in persons if not any(i in confirmed_tokens for i in range(s.start, s.end))]
    combined = filter_spans(confirmed + [s for s in unconfirmed if plausible(s)])
    combined = filter_spans(combined + surname_mentions(doc, combined, words))
    combined = [s for s in combined
                if not is_credit(s, text) and not (is_byline_line(s, text) and not _known(s))]
    taken = {i for s in combined for i in range(s.start, s.end)}
    kept_others = [e for e in others if not any(i in taken for i in range(e.start, e.end))]
    doc.ents = filter_spans(combined + kept_others)


@Language.factory("diplograph_persons", default_config={"use_knowledge": True})
def make_persons(nlp: Language, name: str, use_knowledge: bool) -> PersonsComponent:
    return PersonsComponent(use_knowledge=use_knowledge)


class PersonsComponent:
    """Repairs and extends the PER entities before ``diplograph_actors`` groups them."""

    def __init__(self, use_knowledge: bool = True) -> None:
        self.use_knowledge = use_knowledge

    def __call__(self, doc: Doc) -> Doc:
        fix_persons(doc, use_knowledge=self.use_knowledge)
        return doc
