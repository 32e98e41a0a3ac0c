"""The fast paths of places, dates, organizations and textprep give what the straightforward code gives."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.tokens import Span
from spacy.util import filter_spans

from diplograph.corpus.textprep import _FUNCTION_WORDS, _WORD, MIN_WORDS, _script, detect_language
from diplograph.pipeline.organizations import INSTITUTION, institution_indices
from diplograph.pipeline.tokens import doc_offsets, doc_words, longest_ranges, span_text

TEXTS = [
    "Das US-Außenministerium und die Bundesregierung  sprachen mit der Trump-Administration.",
    "Am 3. Mai 2025 traf er in Genf/Moskau ein;\n\nder Sprecher des ukrainischen Außenministeriums schwieg.",
    "„Washington“ (USA) – und Peking's Haltung? Ja.  Nein\tvielleicht\u00a0doch.",
    "Ein Wort\x1fmit Trennzeichen im Präsidialamt und im Bundeskanzleramt.",
]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("de")


def test_span_text_is_span_text(nlp):
    for text in TEXTS:
        doc = nlp.make_doc(text)
        words, offsets = doc_words(doc), doc_offsets(doc)
        for start in range(len(doc)):
            for end in range(start + 1, len(doc) + 1):
                assert span_text(words, offsets, start, end) == doc[start:end].text


def test_institution_indices_test_every_word(nlp):
    for text in TEXTS:
        words = doc_words(nlp.make_doc(text))
        expected = [i for i, w in enumerate(words) if w[:1].isupper() and INSTITUTION.fullmatch(w)]
        assert institution_indices(words) == expected
    words = ["Das", "Außen\x1fministerium", "Bundesregierung", "Finanzministeriums"]
    assert institution_indices(words) == [2, 3]


def test_range_filters_are_filter_spans(nlp):
    doc = nlp.make_doc("eins zwei drei vier fünf sechs sieben acht neun zehn")
    ranges = [(0, 2), (1, 3), (1, 3), (2, 5), (5, 6), (5, 7), (6, 9), (9, 10), (8, 10), (0, 1)]
    expected = [(s.start, s.end) for s in filter_spans([Span(doc, a, b) for a, b in ranges])]
    assert longest_ranges(ranges) == expected
    matches = [(k, a, b) for k, (a, b) in enumerate(ranges)]
    spans = [Span(doc, a, b, label=str(k)) for k, a, b in matches]
    assert [(int(s.label_), s.start, s.end) for s in filter_spans(spans)] == longest_ranges(matches, at=1)


def _straightforward_language(text: str) -> str | None:
    sample = text[:20000]
    letters = sum(map(str.isalpha, sample))
    if letters:
        for code, pattern in (("ru", "[\u0400-\u04ff]"), ("ar", "[\u0600-\u06ff]"),
                              ("zh", "[\u3040-\u9fff\uac00-\ud7af]")):
            if sum(map(str.isalpha, re.findall(pattern, sample))) > letters / 2:
                return code
    words = [w.lower() for w in _WORD.findall(sample)[:2000]]
    if len(words) < MIN_WORDS:
        return None
    scores = {lang: sum(w in vocab for w in words) / len(words) for lang, vocab in _FUNCTION_WORDS.items()}
    best = max(scores, key=lambda lang: (scores[lang], lang == "de"))
    if scores["de"] >= 0.08 and scores["de"] >= scores[best] * 0.8:
        return "de"
    return best if scores[best] >= 0.08 else "und"


@pytest.mark.parametrize("text", [
    *TEXTS,
    "Der Minister sagte, die Gespräche in der Stadt seien gut und es gebe auch Fortschritte bei den Themen.",
    "The minister said that the talks in the city were good and there was progress on the issues at hand.",
    "Le ministre a dit que les discussions dans la ville sont bonnes et il y a des progrès pour la paix.",
    "Министр сказал, что переговоры прошли хорошо " * 3,
    "مرحبا بالعالم " * 10,
    "这是一个测试" * 20,
    "Привет Hallo world and der die das und " * 4,
    "İstanbul ist groß und die Stadt ist schön und auch alt " * 3,
    "", "123 456 789",
])
def test_detect_language_is_the_straightforward_count(text):
    assert detect_language(text) == _straightforward_language(text)
    if not re.search("[\u0400-\u04ff\u0600-\u06ff\u3040-\u9fff\uac00-\ud7af]", text):
        assert _script(text) is None



def test_group_word_indices_test_every_word():
    from diplograph.pipeline.countries import _GROUP_ENDINGS, group_word_indices

    cases = [
        ["die", "us-delegation", "von", "x"],
        ["regierungen", "seiten", "seite", "führungen", "bundesregierung", "delegationen", "seiteen"],
        ["keine", "gruppe", "hier"],
        ["die", "regierung\x1fseite", "delegation"],
        ["seite"], [], ["", "regierung", ""],
    ]
    for lowers in cases:
        expected = [i for i, lower in enumerate(lowers) if lower.endswith(_GROUP_ENDINGS)]
        assert group_word_indices(lowers) == expected


def _straightforward_candidates(span: Span) -> list[tuple[str, int, int]]:
    from diplograph.pipeline.places import STRIP_CHARS

    while len(span) and not span[-1].text[:1].isupper():
        span = span[:-1]
    if not len(span):
        return []
    out, offset = [], 0
    for part in span.text.split("/"):
        stripped = part.strip(STRIP_CHARS)
        if stripped:
            begin = span.start_char + offset + part.index(stripped)
            out.append((stripped, begin, begin + len(stripped)))
        offset += len(part) + 1
    return out


def test_place_candidates_are_the_straightforward_ones(nlp):
    from diplograph.pipeline.places import _candidates

    texts = [*TEXTS, "Gespräche in Washington/Moskau und (Genf) sowie „Kiew“ / Berlin/ .", "/ Paris/ /Rom"]
    for text in texts:
        doc = nlp.make_doc(text)
        words, offsets = doc_words(doc), doc_offsets(doc)
        for start in range(len(doc)):
            for end in range(start + 1, len(doc) + 1):
                got = [(c.text, c.start, c.end) for c in _candidates(words, offsets, start, end, "ner")]
                assert got == _straightforward_candidates(doc[start:end])


def test_longest_matches_fast_path_is_filter_spans(nlp):
    import itertools

    doc = nlp.make_doc("eins zwei drei vier fünf sechs sieben acht neun zehn")
    ranges = [(0, 1), (1, 3), (3, 4), (4, 6), (6, 9), (9, 10), (2, 4), (5, 5), (7, 7)]
    for size in (1, 2, 3):
        for combo in itertools.permutations(ranges, size):
            matches = [(k, a, b) for k, (a, b) in enumerate(combo)]
            spans = [Span(doc, a, b, label=str(k)) for k, a, b in matches]
            assert [(int(s.label_), s.start, s.end) for s in filter_spans(spans)] == longest_ranges(matches, at=1)


def test_date_runs_around_key_tokens_are_all_enough_runs(nlp):
    """The runs grown around key tokens are the maximal runs of matchable tokens that hold every
    mandatory spec of some pattern (all of them, in order)."""
    from diplograph.pipeline.dates import _prefilter, _token_mask, candidate_runs

    pre = _prefilter()
    texts = [
        *TEXTS,
        "Am Montag kommender Woche, am vergangenen Donnerstag, heute Abend und morgen früh; 2025 - 02 - 18.",
        "am am am im Juli im im, von 3. Mai 2025 bis 12.04.25 Mitte März am",
        "in der in der kommenden Woche Ende 2025 Anfang Mai vergangenen Monat",
        "Keine Daten hier, nur Wörter wie Morgen, in, der, am und von.", "Mai", "",
    ]
    for text in texts:
        doc = nlp.make_doc(text)
        masks = [_token_mask(w, lw, pre) for w, lw in zip(doc_words(doc), [t.lower_ for t in doc], strict=True)]
        expected, k = [], 0
        while k < len(masks):
            if not masks[k]:
                k += 1
                continue
            lo, held = k, 0
            while k < len(masks) and masks[k]:
                held |= masks[k]
                k += 1
            if any(held & need == need for need in pre.needs):
                expected.append((lo, k))
        assert candidate_runs(doc) == expected


def test_ext_get_and_set_are_underscore_access(nlp):
    from spacy.tokens import Doc

    import diplograph.pipeline.extensions  # noqa: F401
    from diplograph.pipeline.extensions import ext_get, ext_set

    doc = nlp.make_doc("Ein Text.")
    assert ext_get(doc, "places") is None and doc._.places is None
    ext_set(doc, "places", ["Genf"])
    assert doc._.places == ["Genf"] and ext_get(doc, "places") == ["Genf"]
    doc._.dates = []
    assert ext_get(doc, "dates") == []
    with pytest.raises(AttributeError):
        ext_get(doc, "no_such_extension")
    Doc.set_extension("perf_misc_probe", getter=lambda d: len(d))
    try:
        assert ext_get(doc, "perf_misc_probe") == 3  # a getter: through doc._
        Doc.set_extension("perf_misc_probe", default=None, force=True)
        assert ext_get(doc, "perf_misc_probe") is None
        ext_set(doc, "perf_misc_probe", 7)
        assert doc._.perf_misc_probe == 7
    finally:
        Doc.remove_extension("perf_misc_probe")


def test_role_phrase_fast_path_is_the_token_join(nlp):
    from diplograph.pipeline.roles import DETERMINERS, RoleMention, RoleWord, _strip_phrase
    from diplograph.pipeline.tokens import DocView

    word = RoleWord("Minister", "Minister", None, False, False)
    for text in [*TEXTS, "der  russische Außenminister des Landes ,\n die Sprecherin der Regierung  "]:
        doc = nlp.make_doc(text)
        view = DocView(doc)
        for start in range(len(doc)):
            for end in range(start + 1, len(doc) + 1):
                for role_i in range(start, end):
                    rm = RoleMention(doc, start, end, role_i, word)
                    kept = [i for i in range(start, end) if not (i < role_i and doc[i].lower_ in DETERMINERS)]
                    expected = "".join(doc[i].text_with_ws for i in kept).strip()
                    assert _strip_phrase(rm, view) == expected
