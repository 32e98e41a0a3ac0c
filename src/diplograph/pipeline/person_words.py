"""What a single word (a token's text) may be in a person's name: first name, surname of an office holder,
common noun, role noun, the start of a full name form of the knowledge base. Pure functions of strings,
memoised per word and tables (they are asked for every token of every article): the state, role and
knowledge-base tables (:class:`~diplograph.pipeline.tables.Tables`) are those of the pipeline, the
package's by default."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.lang.de.stop_words import STOP_WORDS

from diplograph.pipeline.knowledge import KnowledgeBase, default_knowledge, norm
from diplograph.pipeline.ner_features import load_lexicon
from diplograph.pipeline.roles import DETERMINERS, is_role_text
from diplograph.pipeline.tables import StateTables, Tables

TITLES = {"Dr.", "Prof.", "Dr", "Prof", "Professor", "Professorin", "Herr", "Frau", "Sir", "Lady", "Scheich"}
PARTICLES = {"von", "van", "der", "de", "da", "di", "del", "bin", "ibn", "al", "el", "zu", "den", "dos", "do", "le"}
EDGE_PARTICLES = PARTICLES - {"der", "den"}  # particles a name may start with ("von der Leyen")
MAX_NAME_TOKENS = 4
NAME_JOINERS = {"-", "'", "’"}
GENITIVE_MARKS = ("s", "'", "’")

# "al-Burhan", "el-Sisi", "as-Sudani": an Arabic article joined to a name, written in lower case
JOINED_ARTICLE_NAME = re.compile(r"(?:al|el|ad|ar|as|asch|ash|at|az|an)-[A-ZÄÖÜ][\w'’-]+")

FORM_START, SINGLE_ALIAS, SURNAME, ROLE, KB_SINGLE = 1, 2, 4, 8, 16  # :func:`word_class` bits


def _in(word: str, name: str) -> bool:
    return word in load_lexicon(name)


@lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    return _in(word, "first_names")


@lru_cache(maxsize=65536)
def is_common_noun(word: str) -> bool:
    return _in(word, "nouns") and not _in(word, "first_names") and not _in(word, "last_names")


def is_not_a_name(word: str, states: StateTables) -> bool:
    """Country names, demonyms, institutions and role nouns are never (part of) a person's name."""
    lower = word.lower()
    return bool(states.country_of_name(word) or states.demonym_code(word)
                or lower in states.institutions.get("name", {}) or lower in states.prefixes)


@lru_cache(maxsize=65536)
def name_like_text(text: str, tables: Tables) -> bool:
    """Whether a token with this text can be (part of) a person's name; from the text alone (whether a token
    is a role noun does not depend on its context, only the role's gender does)."""
    if not text[:1].isupper() or not all(c.isalpha() or c in "-'’." for c in text):
        return False
    if text.endswith("-") or text.lower() in DETERMINERS or text in TITLES:
        return False
    if len(text) == 1 or (text.endswith(".") and len(text) > 3 and text[:-1] not in {"Jr", "III", "II", "IV"}):
        return False
    if is_role_text(text, tables) or is_not_a_name(text, tables.states):
        return False
    return True


@lru_cache(maxsize=65536)
def is_surname_word(word: str, kb: KnowledgeBase) -> bool:
    """A surname of the knowledge base, or its genitive."""
    return word in kb.surnames or word.rstrip("s") in kb.surnames


@lru_cache(maxsize=65536)
def is_known_single(word: str, kb: KnowledgeBase) -> bool:
    """A known surname or one-word alias, genitive "s" allowed."""
    return any(w in kb.surnames or w in kb.single_aliases for w in (word, word[:-1] if word.endswith("s") else word))


@lru_cache(maxsize=65536)
def plausible_word(word: str) -> bool:
    """Whether a one-token NER name the rules did not confirm looks like a person's name."""
    lower = word.lower()
    if lower in STOP_WORDS or word.isupper() and len(word) <= 5:
        return False
    if not (_in(word, "last_names") or _in(word, "first_names")):
        return False
    if _in(word, "nouns") or _in(word, "places") or (word.endswith("s") and _in(word[:-1], "places")):
        return False
    return True


def mention_forms(last: str) -> frozenset[str]:
    """The token texts that mention the person with surname ``last``: it, and its genitives."""
    return frozenset({last, *(last + mark for mark in GENITIVE_MARKS)})


@lru_cache(maxsize=8)
def _form_heads(kb: KnowledgeBase) -> frozenset[str]:
    """Every prefix (the empty one included) of the first word of every full name form."""
    heads = {""}
    for form in kb.full_name_forms:
        if form:
            first = form.split()[0]
            heads.update(first[:k] for k in range(1, len(first) + 1))
    return frozenset(heads)


@lru_cache(maxsize=65536)
def may_begin_form(word: str, kb: KnowledgeBase) -> bool:
    """Whether a text that starts with token ``word`` can normalise to a full name form.

    ``norm`` works character by character (then splits on non-word characters), so the first word of
    ``norm(word + rest)`` begins with the first word of ``norm(word)``: a full name form can begin at
    ``word`` only where the latter is a prefix of some form's first word.
    """
    head = norm(word).split()
    return (head[0] if head else "") in _form_heads(kb)


def joinable(word: str) -> bool:
    """Whether a token with this text can be part of a full name form (a word, a hyphenated word, a joiner)."""
    return word.isalpha() or word in NAME_JOINERS or "-" in word


@lru_cache(maxsize=65536)
def knowledge_class(word: str, kb: KnowledgeBase | None = None) -> int:
    """What a token may be in ``knowledge_names``, from its text alone: the first token of a full name
    form (``FORM_START``), a one-word alias (``SINGLE_ALIAS``), a distinctive surname (``SURNAME``); 0 for
    none (most tokens)."""
    if not word[:1].isupper():
        return 0
    kb = kb or default_knowledge()
    singles = kb.single_aliases
    if word in singles or (word.endswith("s") and word[:-1] in singles):
        kind = SINGLE_ALIAS
    else:
        names = kb.surnames
        base = word[:-1] if word.endswith("s") and word[:-1] in names else word
        # a surname that is also a German noun ("Kern", "Koch") is a name only where the NER or a role says so
        distinctive = base in names and len(base) >= 4 and not _in(base, "nouns") \
            and (not _in(base, "places") or _in(base, "last_names"))
        kind = SURNAME if distinctive else 0
    return kind | (FORM_START if may_begin_form(word, kb) else 0)


@lru_cache(maxsize=65536)
def word_class(word: str, tables: Tables) -> int:
    """:func:`knowledge_class` of a token text, with ``ROLE`` for a role noun (:func:`is_role_text`) and
    ``KB_SINGLE`` for a known surname or one-word alias (:func:`is_known_single`)."""
    kb = tables.knowledge
    return knowledge_class(word, kb) | (ROLE if is_role_text(word, tables) else 0) \
        | (KB_SINGLE if is_known_single(word, kb) else 0)


@lru_cache(maxsize=8)
def _inner_prefixes(kb: KnowledgeBase) -> frozenset[str]:
    """Every proper prefix (character by character, the empty one included) of every full name form."""
    return frozenset(form[:k] for form in kb.full_name_forms for k in range(len(form)))


def full_name_length(words: list[str], window: str, kb: KnowledgeBase) -> int:
    """The number of tokens (4 to 2) of the full name form that begins with the tokens ``words`` (the
    texts of a token and the next ones, at most 4 in all), which stand in the document as ``window``;
    0 for none.

    The candidates grow a token at a time. ``norm`` of a text is a prefix of ``norm`` of any text that
    extends it (see :func:`may_begin_form`), and longer where the extension has a word character: so once
    ``norm`` of the candidate is no proper prefix of a form, a longer candidate (or one without its final
    "s") is a form only where it normalises to the same form, which the added tokens tell.

    Only tokens that :func:`joinable` accepts make up a candidate, and they hold no whitespace: where the
    window has a space after such a token, that is its trailing whitespace (a single space at most), and
    the next token begins after it.
    """
    forms, inner = kb.full_name_forms, _inner_prefixes(kb)
    limit = len(words)
    if not joinable(words[0]):
        return 0
    found = 0
    end = len(words[0])  # where the text of the last token of the candidate ends in the window
    for last in range(1, limit):
        word = words[last]
        if not joinable(word):
            break
        end += len(word) + (window[end] == " ")
        cand = window[:end]  # == the text of the candidate's tokens
        normed = norm(cand)
        if normed in forms or cand.endswith("s") and norm(cand[:-1]) in forms:
            found = last + 1
        if normed in inner:
            continue
        if normed in forms:
            for nxt in range(last + 1, limit):  # tokens that add nothing to the form ("-") extend it
                word = words[nxt]
                if not joinable(word):
                    break
                if norm(word):
                    if word.endswith("s") and not norm(word[:-1]):
                        found = nxt + 1
                    break
                found = nxt + 1
        break
    return found
