"""Preparing article text before the pipeline sees it: HTML markup removal and a cheap language check.

All character offsets in a record refer to the *prepared* text (HTML removed), which is what
:func:`prepare_text` returns. Plain text is returned unchanged (same object, same offsets).
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

_TAG = re.compile(
    r"</?(?:html|head|body|title|p|br|div|span|a|b|i|u|em|strong|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th|"
    r"img|meta|link|section|article|header|footer|nav|aside|figure|figcaption|blockquote|script|style|"
    r"noscript|iframe|sup|sub|small|time|main|form|input|button|label|hr|pre|code)\b[^>]*>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
          "article", "header", "footer", "blockquote", "figure", "figcaption", "pre", "hr", "main", "aside"}
_SKIP = {"script", "style", "noscript", "head", "title", "iframe"}
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def looks_like_html(text: str) -> bool:
    """True if ``text`` contains HTML tags or character entities."""
    return bool(_TAG.search(text) or _ENTITY.search(text))


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def strip_html(text: str) -> str:
    """The visible text of an HTML fragment: tags removed, entities decoded, block elements as paragraphs."""
    parser = _TextCollector()
    parser.feed(text)
    parser.close()
    joined = "".join(parser.parts)
    lines = [_SPACES.sub(" ", line).strip() for line in joined.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# --- language -----------------------------------------------------------------------------------

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "de": frozenset("der die das und ist nicht mit von zu den des im auf für sich dem ein eine einer "
                    "auch es als bei nach wie wird werden sei hat haben am zum zur über vor aus sie er".split()),
    "en": frozenset("the and of to in is that for on with as was by at from it be are this have has "
                    "an will said his her which".split()),
    "fr": frozenset("le la les et des du un une est que dans pour sur avec au aux par pas ce qui il elle "
                    "sont ont été".split()),
    "es": frozenset("el la los las y de del que en un una por con para es se su al lo como más".split()),
    "it": frozenset("il lo la gli le e di che in un una per con non del della sono è al".split()),
    "nl": frozenset("de het een en van in is dat op te zijn met voor niet aan er ook".split()),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS = 12  # below this the text is too short to judge


_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ARABIC = re.compile("[\u0600-\u06ff]")
_CJK = re.compile("[\u3040-\u9fff\uac00-\ud7af]")
_NON_LATIN = re.compile("[\u0400-\u04ff\u0600-\u06ff\u3040-\u9fff\uac00-\ud7af]")
# function word -> the languages whose list has it, in _FUNCTION_WORDS order
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {
    word: tuple(lang for lang, vocab in _FUNCTION_WORDS.items() if word in vocab)
    for word in set().union(*_FUNCTION_WORDS.values())
}


def _letters_in(pattern: re.Pattern[str], text: str) -> int:
    return sum(map(str.isalpha, pattern.findall(text)))


def _script(text: str) -> str | None:
    # Counted with C-level loops (map, findall): this runs on every article.
    if not _NON_LATIN.search(text):
        return None  # no character of the scripts below: none of them can hold most letters
    letters = sum(map(str.isalpha, text))
    if not letters:
        return None
    for code, pattern in (("ru", _CYRILLIC), ("ar", _ARABIC), ("zh", _CJK)):
        if _letters_in(pattern, text) > letters / 2:
            return code
    return None


def detect_language(text: str) -> str | None:
    """A cheap guess: "de", another ISO 639-1 code, "und" (undetermined) or None (too short to judge).

    Counts function words of a few languages among the first 2,000 words; scripts other than Latin are
    recognised by their characters ("ru" for Cyrillic, "ar" for Arabic, "zh" for CJK).
    """
    sample = text[:20000]
    script = _script(sample)
    if script is not None:
        return script
    words = _WORD.findall(sample)[:2000]
    if len(words) < MIN_WORDS:
        return None
    hits = dict.fromkeys(_FUNCTION_WORDS, 0)
    # function words counted in C, then tallied per language once per distinct word
    for word, count in Counter(filter(_LANGUAGES_OF.__contains__, map(str.lower, words))).items():
        for lang in _LANGUAGES_OF[word]:
            hits[lang] += count
    scores = {lang: hits[lang] / len(words) for lang in _FUNCTION_WORDS}
    best = max(scores, key=lambda lang: (scores[lang], lang == "de"))
    if scores["de"] >= 0.08 and scores["de"] >= scores[best] * 0.8:
        return "de"
    return best if scores[best] >= 0.08 else "und"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """Lone UTF-16 surrogates (from JSON escapes such as "\\ud800") become U+FFFD; UTF-8 cannot hold them."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def prepare_text(text: str) -> tuple[str, list[str]]:
    """(text to process, warnings): HTML is reduced to its visible text, lone surrogates are replaced by
    U+FFFD (same length, so offsets are unchanged); everything else is unchanged."""
    warnings: list[str] = []
    if _LONE_SURROGATE.search(text):
        text = replace_surrogates(text)
        warnings.append("lone surrogate code points replaced by U+FFFD")
    if looks_like_html(text):
        return strip_html(text), [*warnings, "HTML markup removed; offsets refer to the text without markup"]
    return text, warnings


__all__ = ["detect_language", "looks_like_html", "prepare_text", "replace_surrogates", "strip_html"]
