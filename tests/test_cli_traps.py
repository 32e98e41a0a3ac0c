"""The command line without traps: unknown output suffixes, empty inputs, resuming the wrong output, missing
directories, readable JSON errors; the library's missing file; one count of actors everywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import diplograph
import diplograph.corpus.runner
from diplograph.cli import EXIT_NOTHING, EXIT_OK, EXIT_USAGE, main
from diplograph.corpus.checkpoint import manifest_path
from diplograph.corpus.inputs import read_jsonl_lines
from diplograph.network.export import CSV_DIRECTORY, WRITERS, output_kind, write_graph

MEETING = "Die Außenministerin Anna Beispiel traf am Montag in Wien ihren österreichischen Amtskollegen Karl Muster."
CALL = "Der Bundeskanzler Otto Probe telefonierte am Dienstag mit dem französischen Präsidenten Jean Essai."


@pytest.fixture
def cli_nlp(nlp, monkeypatch: pytest.MonkeyPatch):
    """The CLI extracts with the session's pipeline instead of loading the model once more per call."""
    monkeypatch.setattr(diplograph.corpus.runner, "load", lambda model="auto", **_: nlp)
    return nlp


def _articles(path: Path, *texts: str) -> Path:
    lines = [json.dumps({"id": f"{path.stem}-{i}", "text": t, "published": "2025-03-05"}, ensure_ascii=False)
             for i, t in enumerate(texts)]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


# -- graph --output ----------------------------------------------------------------------------------------

def test_unknown_graph_suffix_is_a_usage_error_naming_the_supported_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["graph", "x", "-o", str(tmp_path / "g.png")])
    assert exit_info.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "'.png'" in err
    for suffix in (".graphml", ".gexf", ".json", "directory"):
        assert suffix in err
    assert not (tmp_path / "g.png").exists()


@pytest.mark.parametrize(("path", "kind"), [
    ("g.graphml", ".graphml"), ("G.GEXF", ".gexf"), ("out/g.json", ".json"), ("tables", CSV_DIRECTORY),
    ("tables/", CSV_DIRECTORY), ("tables.v2/", CSV_DIRECTORY), ("g.png", None), ("g.csv", None),
])
def test_output_kind(path: str, kind: str | None) -> None:
    assert output_kind(path) == kind


def test_every_writer_suffix_is_accepted(tmp_path: Path) -> None:
    """Whatever export.WRITERS holds (a PLOVER writer's ``.plover.jsonl`` included, if registered there)."""
    for suffix in WRITERS:
        assert output_kind(f"meetings{suffix}") == suffix
    (tmp_path / "existing.dir").mkdir()
    assert output_kind(tmp_path / "existing.dir") == CSV_DIRECTORY


def test_write_graph_refuses_an_unknown_suffix(tmp_path: Path) -> None:
    import networkx as nx

    with pytest.raises(ValueError, match=r"\.graphml"):
        write_graph(nx.DiGraph(), tmp_path / "g.png")
    assert not (tmp_path / "g.png").exists()


# -- nothing to do -----------------------------------------------------------------------------------------

def test_empty_inputs_say_why_nothing_was_processed(cli_nlp, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    (tmp_path / "nothing_here").mkdir()
    for inputs in ([str(empty)], [str(tmp_path / "nothing_here")]):
        assert main(["extract", *inputs, "--output", str(tmp_path / "r.jsonl")]) == EXIT_NOTHING
        err = capsys.readouterr().err
        assert "nothing was processed: no articles in" in err and inputs[0] in err
    assert main(["extract", str(tmp_path / "missing.jsonl"), "--output", str(tmp_path / "r.jsonl")]) == EXIT_NOTHING
    err = capsys.readouterr().err
    assert "no such file" in err and "nothing was processed: the only input was skipped" in err
    assert main(["graph", str(empty), "--output", str(tmp_path / "g.gexf")]) == EXIT_NOTHING
    assert "nothing to build a graph from: no articles in" in capsys.readouterr().err


def test_the_reason_is_given_even_with_quiet(cli_nlp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    assert main(["extract", str(empty), "--output", str(tmp_path / "r.jsonl"), "--quiet"]) == EXIT_NOTHING
    assert "nothing was processed" in capsys.readouterr().err


# -- resume only what the same run wrote -------------------------------------------------------------------

def test_extract_resumes_only_the_same_inputs_and_options(cli_nlp, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    first = _articles(tmp_path / "a.jsonl", MEETING)
    other = _articles(tmp_path / "b.jsonl", CALL)
    out = tmp_path / "records.jsonl"
    assert main(["extract", str(first), "--output", str(out), "--quiet"]) == EXIT_OK
    manifest = json.loads(manifest_path(out).read_text(encoding="utf-8"))
    assert manifest["inputs"] == [str(first.resolve())] and manifest["published"] is None
    written = out.read_bytes()

    # the same command again (another batch size does not change the output): resumes, nothing to redo
    assert main(["extract", str(first), "--output", str(out), "--batch-size", "3"]) == EXIT_OK
    assert "resume: 1 articles already in" in capsys.readouterr().err
    assert out.read_bytes() == written

    # other inputs, or another --published: refused, the file untouched
    for argv in ([str(other)], [str(first), str(other)], [str(first), "--published", "2025-01-01"]):
        assert main(["extract", *argv, "--output", str(out)]) == EXIT_USAGE
        err = capsys.readouterr().err
        assert "not resumed" in err and "--overwrite" in err and "new --output" in err
        assert out.read_bytes() == written
    assert "inputs: was" in err or "published: was" in err

    # --overwrite replaces it, and the new manifest allows resuming the new inputs
    assert main(["extract", str(other), "--output", str(out), "--overwrite", "--quiet"]) == EXIT_OK
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["b-0"]
    assert main(["extract", str(other), "--output", str(out), "--quiet"]) == EXIT_OK


def test_an_output_without_manifest_is_not_appended_to(cli_nlp, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "records.jsonl"
    out.write_text('{"id": "someone-else", "model": "x", "actors": [], "events": []}\n', encoding="utf-8")
    before = out.read_bytes()
    assert main(["extract", str(_articles(tmp_path / "a.jsonl", MEETING)), "--output", str(out)]) == EXIT_USAGE
    assert "has no readable manifest" in capsys.readouterr().err
    assert out.read_bytes() == before
    out.write_text("", encoding="utf-8")  # an empty file is simply written
    assert main(["extract", str(tmp_path / "a.jsonl"), "--output", str(out), "--quiet"]) == EXIT_OK


def test_output_that_is_a_directory(cli_nlp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(_articles(tmp_path / "a.jsonl", MEETING)), "--output", str(tmp_path)]) == EXIT_USAGE
    assert "is a directory" in capsys.readouterr().err


# -- missing output directories ----------------------------------------------------------------------------

def test_missing_output_directory_needs_mkdir(cli_nlp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = _articles(tmp_path / "a.jsonl", MEETING)
    out = tmp_path / "runs" / "2025" / "records.jsonl"
    assert main(["extract", str(articles), "--output", str(out)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "does not exist" in err and "--mkdir" in err
    assert not out.parent.exists()
    assert main(["extract", str(articles), "--output", str(out), "--mkdir", "--quiet"]) == EXIT_OK
    assert out.is_file()

    gexf = tmp_path / "graphs" / "g.gexf"
    assert main(["graph", str(out), "--output", str(gexf), "--quiet"]) == EXIT_USAGE
    assert "does not exist" in capsys.readouterr().err
    assert main(["graph", str(out), "--output", str(gexf), "--quiet", "--mkdir"]) == EXIT_OK
    assert gexf.stat().st_size > 500
    tables = tmp_path / "tables"  # a CSV directory is created; its parent must exist
    assert main(["graph", str(out), "--output", f"{tables}/", "--quiet"]) == EXIT_OK
    assert (tables / "nodes.csv").is_file()


# -- messages ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ['{"id": "a", "text": "abc', '{oops', '{"id": "a",}', '[1, 2'])
def test_json_errors_read_well(line: str) -> None:
    (problem,) = read_jsonl_lines([line], "in.jsonl", "in")
    message = str(problem)
    assert " at at " not in message
    assert re.search(r"\(.+ at column \d+\); line skipped$", message), message


def test_json_file_errors_read_well(tmp_path: Path) -> None:
    from diplograph.corpus.inputs import read_file

    path = tmp_path / "a.json"
    path.write_text('{"id": "a",\n "text": "unterminated', encoding="utf-8")
    (problem,) = read_file(path)
    assert " at at " not in str(problem) and re.search(r"at line 2\); file skipped$", str(problem)), str(problem)


# -- library -----------------------------------------------------------------------------------------------

def test_corpus_from_a_missing_jsonl_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="missing.jsonl"):
        diplograph.Corpus.from_jsonl(tmp_path / "missing.jsonl", progress=False)
    with pytest.raises(FileNotFoundError):
        diplograph.Corpus.from_jsonl("missing.jsonl", progress=False)


# -- one count of actors -----------------------------------------------------------------------------------

def test_print_corpus_and_both_summaries_count_the_same_actors(
        cli_nlp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same person in two articles (and under two spellings) is one actor everywhere."""
    articles = tmp_path / "in.jsonl"
    rows = [
        {"id": "one", "published": "2025-03-05", "text": "Der russische Außenminister Sergej Lawrow traf am Montag in "
         "Riad den US-Außenminister Marco Rubio."},
        {"id": "two", "published": "2025-03-06", "text": "Der russische Außenminister Sergei Lavrov telefonierte am "
         "Mittwoch mit US-Außenminister Marco Rubio."},
    ]
    articles.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    records = tmp_path / "records.jsonl"
    assert main(["extract", str(articles), "--output", str(records)]) == EXIT_OK
    extract_summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert main(["graph", str(records), "--output", str(tmp_path / "g.gexf")]) == EXIT_OK
    graph_summary = capsys.readouterr().err.strip().splitlines()[-1]
    corpus = diplograph.Corpus.from_records(records)
    per_article = sum(len(r.actors) for r in corpus)

    def actors(text: str) -> int:
        return int(re.search(r"(\d+) actors", text).group(1))

    assert actors(repr(corpus)) == actors(graph_summary) == actors(extract_summary) == 2 < per_article
