"""The command line: help with examples, --version, extract/graph on a temp dir, exit codes, summary."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import diplograph
from diplograph.cli import EXIT_NOTHING, EXIT_OK, EXIT_USAGE, main

DATA = Path(__file__).resolve().parents[1] / "data"


def test_help_lists_commands_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for word in ("extract", "graph", "examples:", "exit codes"):
        assert word in out


@pytest.mark.parametrize("command", ["extract", "graph"])
def test_command_help_has_examples_and_options(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for word in ("examples:", f"diplograph {command}", "--model", "--quiet", "--output"):
        assert word in out


def test_version_through_the_installed_entry_point() -> None:
    exe = shutil.which("diplograph")
    cmd = [exe] if exe else [sys.executable, "-m", "diplograph"]
    done = subprocess.run([*cmd, "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"diplograph {diplograph.__version__}"


def test_extract_then_graph_on_a_temp_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(DATA / "articles.jsonl", inputs / "articles.jsonl")
    (inputs / "notes.txt").write_text("Die Außenministerin von Kanada, Mélanie Joly, telefonierte am Freitag "
                                      "mit ihrem mexikanischen Kollegen.", encoding="utf-8")
    out = tmp_path / "out" / "records.jsonl"
    assert main(["extract", str(inputs), "--output", str(out), "--model", "bundled", "--mkdir"]) == EXIT_OK
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 10
    assert all(r["model"].startswith("de_") for r in records)
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert summary.startswith("diplograph: 10 articles,") and " actors, " in summary and " events in " in summary

    gexf = tmp_path / "meetings.gexf"
    assert main(["graph", str(out), "--output", str(gexf)]) == EXIT_OK
    assert gexf.stat().st_size > 1000
    assert " meetings, " in capsys.readouterr().err


def test_quiet_prints_no_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.json"
    article.write_text(json.dumps({"id": "a", "text": "Merz traf Macron in Berlin.", "published": "2025-05-07"}),
                       encoding="utf-8")
    assert main(["extract", str(article), "--output", str(tmp_path / "r.jsonl"), "--quiet"]) == EXIT_OK
    assert capsys.readouterr().err == ""


def test_nothing_to_process_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["extract", str(empty), "--output", str(tmp_path / "r.jsonl")]) == EXIT_NOTHING
    assert main(["extract", str(tmp_path / "missing.jsonl"), "--output", str(tmp_path / "r2.jsonl")]) == EXIT_NOTHING
    assert "no such file" in capsys.readouterr().err


def test_unknown_model_exits_2_with_install_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["extract", str(DATA / "articles.jsonl"), "--output", str(tmp_path / "r.jsonl"),
                 "--model", "de_core_news_xl"])
    assert code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "not installed" in err and "pip install" in err


def test_known_model_missing_names_its_extra(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from diplograph.pipeline.loading import is_installed

    if is_installed("de_core_news_lg"):
        pytest.skip("de_core_news_lg is installed here")
    code = main(["graph", str(DATA / "articles.jsonl"), "--output", str(tmp_path / "g.gexf"),
                 "--model", "de_core_news_lg"])
    assert code == EXIT_USAGE
    assert '.[lg]' in capsys.readouterr().err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    for argv in (["extract"], ["frobnicate"], ["extract", "x.jsonl", "--output", str(tmp_path / "o"),
                                               "--n-process", "0"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == EXIT_USAGE
