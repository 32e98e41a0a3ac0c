"""Every ```python block of README.md runs, in order, in one namespace, in a temp dir holding data/; every
command line of its ```bash blocks runs as written, in order, in a shell in such a directory."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
BASH = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)
# bash lines that are not run here: setup, the test suite itself, and jobs tested elsewhere
NOT_RUN = ("pip install", "pytest", "jupyter lab", "python docs/make_figures.py")


def python_blocks() -> list[str]:
    return BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def test_readme_has_python_examples() -> None:
    assert len(python_blocks()) >= 2


def test_readme_python_blocks_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__readme__"}
    for number, block in enumerate(python_blocks(), start=1):
        try:
            exec(compile(block, f"README.md python block {number}", "exec"), namespace)  # noqa: S102
        except Exception as err:  # pragma: no cover - the message says which block failed
            pytest.fail(f"README python block {number} failed: {type(err).__name__}: {err}\n{block}")
    for name in ("meetings.gexf", "network.png", "timeline.png"):
        assert (tmp_path / name).stat().st_size > 1000, name
    assert "<div" in namespace["html"]


def bash_lines() -> list[str]:
    lines = [line.strip() for block in BASH.findall((ROOT / "README.md").read_text(encoding="utf-8"))
             for line in block.splitlines() if line.strip()]
    return [line for line in lines if not line.startswith(NOT_RUN)]


def test_readme_command_lines_run_as_written(tmp_path: Path) -> None:
    lines = bash_lines()
    assert any(line.startswith("diplograph extract") for line in lines)
    shutil.copytree(ROOT / "data", tmp_path / "data")
    bindir = str(Path(sys.executable).parent)  # `diplograph` and `python` of this environment come first
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", ""), "MPLBACKEND": "Agg"}
    for line in lines:
        assert line.startswith(("diplograph ", "python -m diplograph ")), f"README line not tested: {line}"
        done = subprocess.run(["bash", "-c", f"set -e -o pipefail; {line}"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, f"README line failed ({done.returncode}): {line}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, done.stderr
    for name in ("records.jsonl", "meetings.gexf", "graph.html", "runs/records.jsonl", "dated.jsonl", "stdin.jsonl"):
        assert (tmp_path / name).stat().st_size > 1000, name
