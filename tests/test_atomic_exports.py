"""Concurrent, interrupted and failing builds leave exports/ as before or as one complete new build.

Build A is the fixture corpus, build B a valid variant of it; a workspace holds A's exports.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import validate
from pipeline import exports
from conftest import FIXTURES, REVIEWED, ROOT, blank_readme, edit, headlines, run, snapshot

# When, as a fraction of a whole build's duration, a build is killed.
KILL_AT = [0.2, 0.4, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1]


def build_snapshot(root: Path, claims: Path, name: str) -> tuple[dict[str, bytes], float]:
    """The exports of a build of ``claims`` into root/name, and how long the build took."""
    (root / f"{name}.md").write_text(blank_readme(), encoding="utf-8")
    started = time.monotonic()
    result = run(root, "--claims", str(claims), "--exports", str(root / name), "--readme", str(root / f"{name}.md"))
    assert result.returncode == 0, result.stderr
    return snapshot(root / name), time.monotonic() - started


def start_build(workspace: Path, claims: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "validate.py"), "--claims", str(claims), "--exports", str(workspace / "exports"),
         "--readme", str(workspace / "README.md")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """claims/ B (a valid variant of the fixture corpus whose build differs in several files), the exports of
    builds A (the fixture corpus) and B, and how long build B took."""
    root = tmp_path_factory.mktemp("reference")
    claims_b = Path(shutil.copytree(FIXTURES / "claims", root / "claims-b"))
    edit(claims_b / f"{REVIEWED}.toml", 'claim = "The Northport harbour ferry is the finest ferry on the coast."',
         'claim = "The Northport harbour ferry is the best ferry on the coast."')
    (a, _), (b, seconds) = build_snapshot(root, FIXTURES / "claims", "a"), build_snapshot(root, claims_b, "b")
    assert a != b
    return claims_b, a, b, seconds


@pytest.fixture
def builds(workspace, reference):
    """The workspace (exports/ = build A), its own copy of claims/ B, and the exports of builds A and B."""
    claims_b, a, b, _ = reference
    shutil.copytree(claims_b, workspace / "claims-b")
    assert snapshot(workspace / "exports") == a
    return workspace, workspace / "claims-b", a, b


def test_two_builds_at_once_leave_one_complete_build(builds):
    workspace, claims_b, a, b = builds
    for _ in range(3):
        first, second = start_build(workspace, workspace / "claims"), start_build(workspace, claims_b)
        assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
        assert snapshot(workspace / "exports") in (a, b)


@pytest.mark.parametrize("fraction", KILL_AT)
def test_build_killed_at_any_moment_leaves_old_or_new_exports(builds, reference, fraction):
    workspace, claims_b, a, b = builds
    process = start_build(workspace, claims_b)
    time.sleep(fraction * reference[3])
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert snapshot(workspace / "exports") in (a, b)
    assert run(workspace, "--claims", str(claims_b)).returncode == 0  # the next build recovers
    assert snapshot(workspace / "exports") == b
    assert not list(workspace.glob(exports.TEMP_PREFIX + "*"))


def run_in_process(workspace: Path) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = validate.main(["--claims", str(workspace / "claims-b"), "--exports", str(workspace / "exports"),
                              "--readme", str(workspace / "README.md")])
    return code, stderr.getvalue()


def test_full_disk_gives_one_line_exit_2_and_untouched_exports(builds, monkeypatch):
    workspace, _, a, _ = builds
    real_write = exports._write_file
    calls = []

    def disk_fills_up(path, content, **options):
        calls.append(path)
        if len(calls) > 1:  # the disk fills up after the first changed file
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real_write(path, content, **options)

    monkeypatch.setattr(exports, "_write_file", disk_fills_up)
    code, stderr = run_in_process(workspace)
    assert code == 2 and len(headlines(stderr)) == 1
    assert "No space left on device" in stderr and "exports/ left unchanged" in stderr
    assert snapshot(workspace / "exports") == a
    assert not list(workspace.glob(exports.TEMP_PREFIX + "*"))


def test_read_only_exports_give_one_line_exit_2(builds, monkeypatch):
    workspace, _, a, _ = builds
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == workspace / "exports"
                        else real_access(path, mode))
    code, stderr = run_in_process(workspace)
    assert code == 2 and len(headlines(stderr)) == 1 and "read-only" in stderr
    assert snapshot(workspace / "exports") == a


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_read_only_exports_directory_for_real(builds):
    workspace, claims_b, a, _ = builds
    os.chmod(workspace / "exports", 0o555)
    try:
        result = run(workspace, "--claims", str(claims_b))
    finally:
        os.chmod(workspace / "exports", 0o755)
    assert result.returncode == 2 and "read-only" in result.stderr
    assert snapshot(workspace / "exports") == a


def test_files_the_build_does_not_make_survive_a_rebuild(builds):
    workspace, claims_b, _, b = builds
    (workspace / "exports" / "NOTES.txt").write_text("kept")
    assert run(workspace, "--claims", str(claims_b)).returncode == 0
    assert (workspace / "exports" / "NOTES.txt").read_text() == "kept"


def test_unchanged_exports_are_linked_not_rewritten(builds):
    workspace, claims_b, a, b = builds
    unchanged = next(name for name in a if name in b and a[name] == b[name] and name.endswith(".parquet"))
    changed = next(name for name in a if a[name] != b.get(name))
    before = {name: (workspace / "exports" / name).stat().st_ino for name in (unchanged, changed)}
    assert run(workspace, "--claims", str(claims_b)).returncode == 0
    assert (workspace / "exports" / unchanged).stat().st_ino == before[unchanged]
    assert (workspace / "exports" / changed).stat().st_ino != before[changed]
    assert snapshot(workspace / "exports") == b


def test_new_exports_are_complete_and_synced_before_the_swap(builds, monkeypatch):
    workspace, claims_b, a, b = builds
    seen = []

    def record(directory):
        seen.append((snapshot(directory), snapshot(workspace / "exports")))

    monkeypatch.setattr(exports, "_sync_directory_tree", record)
    code, stderr = run_in_process(workspace)
    assert code == 0, stderr
    assert seen == [(b, a)]  # synced once: the whole new build, while exports/ was still the old one
    assert snapshot(workspace / "exports") == b
