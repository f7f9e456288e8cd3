"""Shared fixtures: a temp copy of the curated data, and ways to build from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import validate

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "dagens-kim-train-2023"


@pytest.fixture
def claims(tmp_path: Path) -> Path:
    """A writable copy of claims/."""
    return Path(shutil.copytree(ROOT / "claims", tmp_path / "claims"))


@pytest.fixture
def workspace(tmp_path: Path, claims: Path) -> Path:
    """A copy of claims/, exports/ and README.md, laid out like the repository."""
    shutil.copytree(ROOT / "exports", tmp_path / "exports")
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``path`` (fails if there is not exactly one)."""
    content = path.read_text(encoding="utf-8")
    assert content.count(old) == 1, f"{old!r} occurs {content.count(old)} times in {path.name}"
    path.write_text(content.replace(old, new), encoding="utf-8")


def problems(claims_dir: Path) -> list[str]:
    """The build's problems for a claims/ directory, as the one-line messages it prints."""
    _, _, found = validate.build(claims_dir)
    return [str(p) for p in found]


def run(workspace: Path, *args: str) -> subprocess.CompletedProcess:
    """Run validate.py as a user does, against a workspace."""
    return subprocess.run(
        [sys.executable, str(ROOT / "validate.py"), "--claims", str(workspace / "claims"),
         "--exports", str(workspace / "exports"), "--readme", str(workspace / "README.md"), *args],
        capture_output=True, text=True, timeout=120,
    )


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under a directory (by its path relative to it) and its bytes."""
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def rejected(messages: list[str], *fragments: str) -> bool:
    """Whether one message contains every fragment."""
    return any(all(f in m for f in fragments) for m in messages)
