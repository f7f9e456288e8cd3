"""Shared fixtures: a workspace built from the fixture corpus (tests/fixtures/claims), and ways to build from it.

The tests build and corrupt the fixture corpus, the team's own small set of
fictional articles; they never depend on the wording, ids or files of the
real articles, so adding, rewording or removing an article in claims/ breaks
no test (.ci/grow proves it). Only tests/test_real_corpus.py reads the
repository's claims/ and exports/, and only for invariants that hold for any
article.

Printed problems: the first line of each keeps the format
``file:line: table T, row R, column C: rule (doc); value V``; detail lines and
follow-on problems folded under it are indented. ``headlines`` counts only the
first lines.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
import validate
from pipeline.render import readme

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REVIEWED = "northport-ferry-2024"  # every attribution, a speaker, every verdict, stance and attribution check
ANNOTATED = "alder-dam-2025"  # annotated: one of its three check-worthy claims reviewed


def blank_readme() -> str:
    """A README with every generated block empty, as a new repository would have it."""
    return "# Fixture corpus\n" + "".join(f"{readme.begin(b)}\n{readme.end(b)}\n" for b in readme.BLOCKS)


@pytest.fixture
def claims(tmp_path: Path) -> Path:
    """A writable copy of the fixture corpus."""
    return Path(shutil.copytree(FIXTURES / "claims", tmp_path / "claims"))


@pytest.fixture(scope="session")
def fixture_build() -> pipeline.Build:
    """The fixture corpus built in this process, once per session (copy its tables before changing them)."""
    built = pipeline.build(FIXTURES / "claims")
    assert [str(p) for p in built.problems] == []
    return built


@pytest.fixture(scope="session")
def built_workspace(tmp_path_factory) -> Path:
    """The fixture corpus built once per session into claims/, exports/ and README.md (never modify it)."""
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(FIXTURES / "claims", root / "claims")
    (root / "README.md").write_text(blank_readme(), encoding="utf-8")
    result = run(root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def workspace(tmp_path: Path, built_workspace: Path) -> Path:
    """A writable copy of the built fixture workspace: claims/, up-to-date exports/ and README.md."""
    for name in ("claims", "exports"):
        shutil.copytree(built_workspace / name, tmp_path / name)
    shutil.copy(built_workspace / "README.md", tmp_path / "README.md")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``path`` (fails if there is not exactly one)."""
    content = path.read_text(encoding="utf-8")
    assert content.count(old) == 1, f"{old!r} occurs {content.count(old)} times in {path.name}"
    path.write_text(content.replace(old, new), encoding="utf-8")


def problems(claims_dir: Path) -> list[str]:
    """The build's problems for a claims/ directory, as the messages it prints."""
    return [str(p) for p in pipeline.build(claims_dir).problems]


def headlines(output: str | list[str]) -> list[str]:
    """The first line of each printed problem: the lines that do not start with whitespace.

    A problem may be followed by indented lines (detail, or follow-on problems
    folded under it); those are not counted.
    """
    text = output if isinstance(output, str) else "\n".join(output)
    return [line for line in text.splitlines() if line and not line[0].isspace()]


def run(workspace: Path, *args: str, process: bool = False) -> subprocess.CompletedProcess:
    """Run validate.py as a user does, against a workspace: its exit code, stdout and stderr.

    In this process (``validate.main``, as the command calls it) unless ``process``: a fresh Python would spend
    a second importing pandas and pandera for each build. A test about the process itself (a traceback, the
    usage error, an input that could hang) asks for a real one.
    """
    argv = ["--claims", str(workspace / "claims"), "--exports", str(workspace / "exports"),
            "--readme", str(workspace / "README.md"), *args]
    if process:
        return subprocess.run([sys.executable, str(ROOT / "validate.py"), *argv], capture_output=True, text=True,
                              timeout=120)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = validate.main(argv)
        except SystemExit as exit:  # argparse's usage error
            code = exit.code if isinstance(exit.code, int) else 2
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under a directory (by its path relative to it) and its bytes."""
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def rejected(messages: list[str], *fragments: str) -> bool:
    """Whether one line of the messages (a problem's first line, or an indented one under it) has every fragment."""
    return any(all(f in line for f in fragments) for m in messages for line in m.splitlines())


def line_of(path: Path, text: str) -> int:
    """The 1-based number of the first line of ``path`` that contains ``text``."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def remove_entry(path: Path, header: str, key: str, value: str) -> None:
    """Delete the ``[[header]]`` entry whose first key is ``key = "value"``, with its nested entries
    (``[[claims.quantities]]``), up to the next entry of any table."""
    content = path.read_text(encoding="utf-8")
    start = content.index(f'[[{header}]]\n{key} = "{value}"')
    following = [found + 1 for found in (content.find(f"\n[[{table}]]", start)
                                         for table in ("sources", "claims", "reviews", "evidence")) if found >= 0]
    path.write_text(content[:start] + content[min(following, default=len(content)):], encoding="utf-8")


def append(path: Path, text: str) -> None:
    """Add text at the end of a curated file."""
    with path.open("a", encoding="utf-8") as out:
        out.write(text)


# What a spreadsheet runs as a formula at the start of a cell (pipeline/spreadsheet.py neutralises them in CSV).
RISKY_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def is_number(cell: str) -> bool:
    """Whether a CSV cell is a number (a number may start with "-" without being a formula)."""
    try:
        float(cell)
        return True
    except ValueError:
        return False


def oklab(colour: tuple[int, ...]) -> tuple[float, float, float]:
    """sRGB (0-255 per channel) to OKLab (Björn Ottosson's matrices), where distance measures how far apart colours
    look; written here apart from the viewer's own conversion, so that the tests do not check it against itself."""
    r, g, b = (c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in colour)
    lms = [(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3),
           (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3),
           (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3)]
    return (0.2104542553 * lms[0] + 0.7936177850 * lms[1] - 0.0040720468 * lms[2],
            1.9779984951 * lms[0] - 2.4285922050 * lms[1] + 0.4505937099 * lms[2],
            0.0259040371 * lms[0] + 0.7827717662 * lms[1] - 0.8086757660 * lms[2])
