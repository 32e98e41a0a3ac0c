"""Bad input: every problem is reported with file, line and id, and every other article is processed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplograph.cli import main
from diplograph.corpus.chunking import split_text
from diplograph.corpus.inputs import Article, InputProblem, normalise_published, read_inputs
from diplograph.corpus.runner import Extractor
from diplograph.corpus.textprep import detect_language, prepare_text, strip_html

GERMAN = ("Außenminister Johann Wadephul traf am Montag in Berlin seinen polnischen Amtskollegen "
          "Radosław Sikorski. Die beiden sprachen über die Lage in der Ukraine und über den Handel.")


@pytest.fixture(scope="module")
def extractor(nlp) -> Extractor:
    return Extractor(nlp=nlp)


def _jsonl(path: Path, lines: list[object]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n")
    return path


def test_bad_lines_are_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "a.jsonl", [
        {"id": "ok1", "text": GERMAN},
        "{not json",
        {"id": "notext"},
        {"id": "numtext", "text": 42},
        [1, 2],
        {"id": "ok1", "text": GERMAN},  # duplicate id
        {"id": "ok2", "text": GERMAN, "published": "3. März 2025"},
    ])
    items = list(read_inputs([path]))
    problems = [i for i in items if isinstance(i, InputProblem)]
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.id for a in articles] == ["ok1", "ok1#2", "ok2"]
    assert any("duplicate id" in w for w in articles[1].warnings)
    assert articles[2].published == "2025-03-03"
    messages = [str(p) for p in problems]
    assert len(messages) == 4
    assert messages[0].startswith(f"{path}:2") and "invalid JSON" in messages[0]
    assert f"{path}:3 (id 'notext')" in messages[1] and "missing 'text'" in messages[1]
    assert "(id 'numtext')" in messages[2] and "not a string" in messages[2]
    assert f"{path}:5" in messages[3]


@pytest.mark.parametrize(("value", "expected", "warns"), [
    (None, None, False), ("", None, False), ("2025-02-18", "2025-02-18", False),
    ("2025-02-18T10:00:00+01:00", "2025-02-18", False), ("18.02.2025", "2025-02-18", False),
    ("gestern vielleicht nicht", None, True), (20250218, None, True),
])
def test_published_odd_formats(value: object, expected: str | None, warns: bool) -> None:
    published, warning = normalise_published(value)
    assert published == expected
    assert (warning is not None) == warns


def test_invalid_utf8_and_binary_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b'{"id": "u", "text": "Kanzler Merz traf \xff\xfe Macron."}\n')
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    items = list(read_inputs([broken, binary]))
    article, problem = items
    assert isinstance(article, Article) and "\ufffd" in article.text
    assert any("invalid UTF-8" in w for w in article.warnings)
    assert isinstance(problem, InputProblem) and "binary" in problem.message and str(binary) in str(problem)


def test_empty_and_whitespace_text_give_empty_records(extractor: Extractor) -> None:
    for text in ("", "  \n\t "):
        record = extractor.process(Article("e", text))
        assert record.actors == record.events == record.places == []
        assert any("empty text" in w for w in record.warnings)


def test_html_is_stripped_and_offsets_point_into_clean_text(extractor: Extractor) -> None:
    html = ("<html><head><title>Titel</title><script>var x = '<p>';</script></head><body>"
            "<p>Au&szlig;enminister Johann Wadephul traf am Montag in <b>Berlin</b> seinen polnischen "
            "Amtskollegen Rados&#322;aw Sikorski.</p><p>Die beiden sprachen &uuml;ber die Ukraine.</p></body></html>")
    clean, warnings = prepare_text(html)
    assert warnings and "<" not in clean and "var x" not in clean and "Titel" not in clean
    assert "Außenminister Johann Wadephul" in clean and "Radosław Sikorski" in clean
    assert "\n\n" in clean  # paragraphs survive as paragraph breaks
    record = extractor.process(Article("h", html))
    assert any("HTML" in w for w in record.warnings)
    names = {a.name for a in record.actors}
    assert "Johann Wadephul" in names
    for actor in record.actors:
        for m in actor.mentions:
            assert clean[m.start:m.end] == m.text


def test_plain_text_with_angle_brackets_is_not_html() -> None:
    text = "Die Zahl der Toten stieg auf < 10, sagte der Minister; Q&A folgt."
    assert prepare_text(text) == (text, [])
    assert strip_html("a &amp; b") == "a & b"


@pytest.mark.parametrize(("text", "language"), [
    (GERMAN, "de"),
    ("The foreign minister met his French counterpart in Paris on Monday and they talked about the war "
     "in Ukraine and about trade with China.", "en"),
    ("Le ministre des affaires étrangères a rencontré son homologue allemand à Berlin pour parler de la "
     "guerre et des sanctions contre la Russie.", "fr"),
    ("Министр иностранных дел встретился с коллегой в Москве.", "ru"),
    ("Merz Macron", None),
])
def test_language_detection(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_non_german_text_is_flagged_and_still_extracted(extractor: Extractor) -> None:
    record = extractor.process(Article("en", "The German foreign minister Johann Wadephul met his Polish "
                                             "counterpart in Warsaw on Monday and they talked about the war."))
    assert record.language == "en"
    assert any("does not look German" in w for w in record.warnings)
    assert extractor.process(Article("de", GERMAN)).language == "de"


def test_split_text_covers_text_at_boundaries() -> None:
    text = ("Erster Satz hier. Zweiter Satz dort! " * 20 + "\n\n" + "Absatz zwei. " * 30
            + "x" * 500)
    chunks = split_text(text, 120)
    assert "".join(c for _, c in chunks) == text
    assert all(len(c) <= 120 for _, c in chunks)
    assert all(text[o:o + len(c)] == c for o, c in chunks)
    assert all(c.endswith((". ", "! ", "\n\n")) for _, c in chunks[:10])


def test_long_article_is_chunked_with_correct_offsets(nlp) -> None:
    paragraphs = [GERMAN, "Bundeskanzler Friedrich Merz empfing am Dienstag Präsident Emmanuel Macron in Berlin.",
                  "Später reiste Ministerpräsident Donald Tusk nach Paris weiter."] * 4
    text = "\n\n".join(paragraphs)
    whole = Extractor(nlp=nlp).process(Article("long", text, "2025-03-01"))
    chunked = Extractor(nlp=nlp, max_length=300).process(Article("long", text, "2025-03-01"))
    assert any("chunks" in w for w in chunked.warnings)
    assert {a.name for a in chunked.actors} == {a.name for a in whole.actors}
    assert len(chunked.actors) == len({a.name for a in chunked.actors})
    sentences = max(m.sentence for a in chunked.actors for m in a.mentions)
    assert sentences >= 10  # sentence indices continue across chunks
    for item in [*chunked.actors, *chunked.places, *chunked.organizations]:
        for m in item.mentions:
            assert text[m.start:m.end] == m.text
    for event in chunked.events:
        for ev in event.evidence:
            assert text[ev.start:ev.end] == ev.text
    for date in chunked.dates:
        assert text[date.start:date.end] == date.text
    assert sorted(m.start for a in chunked.actors for m in a.mentions) == sorted(
        m.start for a in whole.actors for m in a.mentions)


def test_nlp_max_length_itself_triggers_chunking(nlp) -> None:
    text = "\n\n".join([GERMAN] * 6)
    saved = nlp.max_length
    nlp.max_length = 400
    try:
        record = Extractor(nlp=nlp).process(Article("ml", text))
    finally:
        nlp.max_length = saved
    assert any("chunks" in w for w in record.warnings)
    assert all(text[m.start:m.end] == m.text for a in record.actors for m in a.mentions)


def test_cli_reports_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": GERMAN}, "{oops", {"id": "b", "text": " "}])
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(good), "--output", str(out), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert f"{good}:2" in err and "invalid JSON" in err
    assert f"{good}:3 (id 'b')" in err and "empty text" in err
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a", "b"]
    bad = _jsonl(tmp_path / "bad.jsonl", ["{oops", {"id": "x"}])
    assert main(["extract", str(bad), "--output", str(tmp_path / "o2.jsonl"), "--quiet"]) == 1
    assert main(["extract", str(good), "--output", str(tmp_path / "o3.jsonl"), "--model", "no_such_model"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["extract"])
    assert exc.value.code == 2
