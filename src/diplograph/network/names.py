"""A transliteration-insensitive key for personal names written in German or English.

Names from Cyrillic, Persian, Hebrew or Arabic script reach German and English news in different
romanisations: German writes ч as "tsch", English as "ch"; German ж/ш as "sch", English "zh"/"sh";
German renders з as "s" and ц as "z", English as "z" and "ts"; German uses "w" and "j" where English
uses "v" and "y"; endings -ij / -yj / -iy / -y / -i all stand for the same sound. :func:`name_key`
folds every such class onto one symbol so that "Dartschijew", "Darchijew" and "Darchiev" share a key,
as do "Selenskyj" / "Zelensky", "Lawrow" / "Lavrov", "Araghtschi" / "Araghchi", "Netanjahu" /
"Netanyahu". The key is deliberately coarse; callers confirm matches with fuzzy comparison.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import TypeVar

V = TypeVar("V")
_CH = "4"  # one symbol for the affricate/fricative class: tsch, tch, ch, kh, x-sound
_RULES: tuple[tuple[str, str], ...] = (
    ("schtsch", "s"), ("shch", "s"), ("tsch", _CH), ("tch", _CH), ("dsch", "d" + _CH), ("dzh", "d" + _CH),
    ("sch", "s"), ("zh", "s"), ("sh", "s"), ("kh", _CH), ("ch", _CH),
    ("ph", "f"), ("th", "t"), ("gh", "g"), ("ck", "k"), ("qu", "kv"), ("q", "k"),
    ("x", "ks"), ("c", "k"), ("tz", "s"), ("ts", "s"), ("z", "s"), ("ß", "s"),
    ("w", "v"), ("j", "i"), ("y", "i"), ("ou", "u"),
)
_DOUBLE = re.compile(r"(.)\1+")
_FINAL_OFF = re.compile(r"of$")
_NON_LETTER = re.compile(r"[^a-z]+")

# Characters NFKD does not decompose into base letter + mark.
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
                          "þ": "th", "ı": "i", "ʼ": "", "’": "", "'": ""})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, strip diacritics ("Erdoğan" -> "erdogan", "Szijjártó" -> "szijjarto"), keep spaces."""
    text = text.casefold().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NON_LETTER.sub(" ", text).split())


def token_key(token: str) -> str:
    """The transliteration class of one name token ("Selenskyj" and "Zelensky" -> "selenski")."""
    word = _NON_LETTER.sub("", fold(token))
    if not word:
        return ""
    for old, new in _RULES:
        word = word.replace(old, new)
    word = _DOUBLE.sub(r"\1", word)
    word = _FINAL_OFF.sub("ov", word)  # Rachmaninoff / Rachmaninow
    return word


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Key of a full name: the token keys joined by spaces."""
    return " ".join(k for k in (token_key(t) for t in fold(name).split()) if k)


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """The token keys of a full name ("Sergej Lawrow" -> ("sergei", "lavrov")); () for a name without letters."""
    return tuple(name_key(name).split())


def unlisted_id(name: str) -> str:
    """The id of a participant that no actor of the article names: ``name:`` and the slug of its key."""
    return "name:" + slug(name_key(name))


def spelled(name: str, spellings: Mapping[str, V]) -> list[V]:
    """What ``name`` refers to among an article's ``spellings`` (folded spelling -> value): the value of its
    spelling or of the spelling its genitive ("Lawrows") is made from; else the values of every spelling
    that ends with the same word (sorted; several when the surname is ambiguous, none when unknown)."""
    folded = fold(name)
    if folded in spellings:
        return [spellings[folded]]
    for ending in ("s", "'"):  # genitive
        if folded.endswith(ending) and folded[: -len(ending)] in spellings:
            return [spellings[folded[: -len(ending)]]]
    last = folded.split()[-1] if folded else ""
    return sorted({v for k, v in spellings.items() if k.split() and k.split()[-1] == last})  # type: ignore[type-var]


def slug(text: str) -> str:
    """A readable id fragment: ASCII lowercase words joined by hyphens."""
    return "-".join(fold(text).split()) or "x"
