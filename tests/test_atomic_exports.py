"""Interrupted, concurrent and failing builds leave exports/ and README.md as before or as one complete new build.

Build A is the fixture corpus, build B a valid variant of it; a workspace holds A's exports/ and README.md, plus
a file and a folder of the user's in exports/ that every build must carry over. The tests stop a build
deterministically: at each step of ``exports.write`` (its ``STEP`` hook), or before any one of its file-system
calls (an audit hook, ``sys.addaudithook``). A real kill (SIGKILL) or a real second build runs in a child process
that loads pipeline/exports.py alone, so it starts in a few milliseconds; the rest runs in this process.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import pipeline
import validate
from conftest import FIXTURES, REVIEWED, blank_readme, edit, headlines, snapshot
from fs_audit import mutating
from pipeline import exports, render
from pipeline.render import readme

# The user's own files in exports/: the build produces none of them, and every build carries them over.
USER = {"NOTES.txt": b"kept", "notes/x.txt": b"my notes", "notes/deeper/y.txt": b"deeper notes"}



@dataclass
class Build:
    files: list[tuple[str, bytes]]  # what the build renders, in order
    readme: str  # the README it writes
    directory: Path  # both, on disk, for the child: files/ and README.md

    @property
    def exports(self) -> dict[str, bytes]:
        """exports/ as the build leaves it in a workspace: its files and the user's."""
        return dict(self.files) | USER


def rendered(claims: Path, current_readme: str, directory: Path) -> Build:
    built = pipeline.build(claims)
    assert [str(p) for p in built.problems] == []
    files, _ = render.render(built.tables, built.texts, built.card)
    build = Build(list(files), readme.update(current_readme, built.tables, built.card), directory)
    for name, content in build.files:
        (directory / "files" / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / "files" / name).write_bytes(content)
    (directory / "README.md").write_text(build.readme, encoding="utf-8")
    return build


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Build, Build]:
    """Builds A (the fixture corpus) and B (a variant whose build differs in several files and in the README), and
    B's claims/ in reference/claims-b."""
    root = tmp_path_factory.mktemp("reference")
    claims_b = Path(shutil.copytree(FIXTURES / "claims", root / "claims-b"))
    edit(claims_b / f"{REVIEWED}.toml", 'claim = "The Northport harbour ferry is the finest ferry on the coast."',
         'claim = "The Northport harbour ferry is the best ferry on the coast."')
    edit(claims_b / "dataset.toml", 'limitations = "Fictional: nothing here is a fact about the world."',
         'limitations = "Fictional: nothing here is a fact about this world."')  # in a generated block of the README
    a = rendered(FIXTURES / "claims", blank_readme(), root / "a")
    b = rendered(claims_b, a.readme, root / "b")
    assert a.exports != b.exports and a.readme != b.readme
    return a, b


@pytest.fixture
def builds(tmp_path, reference):
    """A workspace (exports/ and README.md of build A, with the user's files in exports/, and claims/ B), and
    builds A and B."""
    a, b = reference
    workspace = tmp_path / "workspace"
    shutil.copytree(b.directory.parent / "claims-b", workspace / "claims-b")
    (workspace / "README.md").write_text(blank_readme(), encoding="utf-8")
    write(workspace, a)
    for name, content in USER.items():
        (workspace / "exports" / name).parent.mkdir(parents=True, exist_ok=True)
        (workspace / "exports" / name).write_bytes(content)
    assert state(workspace, a, b) == ("A", "A")
    return workspace, a, b


def state(workspace: Path, a: Build, b: Build) -> tuple[str, str]:
    """Which build exports/ and README.md come from: "A", "B", "missing" or "neither" for each."""
    directory = workspace / "exports"
    files = snapshot(directory) if directory.exists() else None
    text = (workspace / "README.md").read_text(encoding="utf-8")
    return _which(files, a.exports, b.exports), _which(text, a.readme, b.readme)


def _which(found, old, new) -> str:
    return "missing" if found is None else "A" if found == old else "B" if found == new else "neither"


def differing(new: Build, old: Build) -> list[str]:
    """The names a build of ``new`` over ``old`` changes: the files that differ, and the README."""
    return sorted([name for name, content in new.files if dict(old.files).get(name) != content] + ["README.md"])


def strays(workspace: Path) -> list[str]:
    """What a build leaves only while it runs (or if killed): its temporary directories and README."""
    return sorted(p.name for p in [*workspace.glob(exports.TEMP_PREFIX + "*"), *workspace.glob(".README.md.*.tmp")])


def write(workspace: Path, build: Build) -> list[str]:
    """Write a build into the workspace in this process, as validate.py does."""
    return exports.write(build.files, workspace / "exports",
                         readme=(workspace / "README.md", lambda current: build.readme))


def run_in_process(workspace: Path) -> tuple[int, str]:
    """validate.py, in this process, building claims-b into the workspace: its exit code and stderr."""
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = validate.main(["--claims", str(workspace / "claims-b"), "--exports", str(workspace / "exports"),
                              "--readme", str(workspace / "README.md")])
    return code, stderr.getvalue()


def child(workspace: Path, build: Build, action: str = "plain", *flags: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("swap_child.py")), exports.__file__, str(build.directory), str(workspace), action, *flags],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen) -> tuple[int, list[str] | None]:
    """Wait for a child; its exit code (-9 if it killed itself) and the names it changed (None if killed)."""
    out, err = process.communicate(timeout=60)
    last = out.splitlines()[-1] if out.strip() else ""
    assert process.returncode in (0, -9), err
    return process.returncode, json.loads(last) if process.returncode == 0 else None


def steps_of(workspace: Path, build: Build) -> list[tuple[str, str]]:
    """The steps of writing ``build`` into a copy of ``workspace``."""
    copy = workspace.parent / (workspace.name + "-steps")
    shutil.copytree(workspace / "exports", copy / "exports")
    shutil.copy2(workspace / "README.md", copy / "README.md")
    seen = []
    exports.STEP = lambda step, name: seen.append((step, name))
    try:
        write(copy, build)
    finally:
        exports.STEP = None
    return seen


# The state a build killed just after each step leaves: (exports/, README.md).
AFTER = {step: ("A", "A") for step in exports.STEPS[:exports.STEPS.index("swapped")]}
AFTER |= {"swapped": ("B", "A"), "readme replaced": ("B", "B"), "old removed": ("B", "B"), "unlocked": ("B", "B")}
LEAVES_STRAYS = exports.STEPS[exports.STEPS.index("readme staged"):exports.STEPS.index("old removed")]


def test_a_build_passes_every_step_in_order(builds):
    workspace, a, b = builds
    steps = [step for step, _ in steps_of(workspace, b)]
    assert list(dict.fromkeys(steps)) == list(exports.STEPS)
    assert steps.count("carried") == 2  # NOTES.txt and notes/


@pytest.mark.parametrize("step", exports.STEPS)
def test_build_killed_after_each_step_leaves_old_or_new_and_the_next_build_cleans_up(builds, step):
    workspace, a, b = builds
    occurrences = [s for s, _ in steps_of(workspace, b)].count(step)
    for n in sorted({1, occurrences}):  # the first and the last file of the per-file steps
        code, _ = finish(child(workspace, b, f"kill-step:{step}:{n}"))
        assert code == -9, f"the build did not reach {step} #{n}"
        assert state(workspace, a, b) == AFTER[step], f"killed after {step} #{n}"
        assert bool(strays(workspace)) == (step in LEAVES_STRAYS), strays(workspace)
        write(workspace, b)  # the next build
        assert state(workspace, a, b) == ("B", "B") and strays(workspace) == []
        write(workspace, a)  # back to A for the next kill
        assert state(workspace, a, b) == ("A", "A")


@pytest.mark.parametrize("fallback", [(), ("fallback",)], ids=["exchange", "two renames"])
def test_build_killed_before_any_file_system_call_of_the_swap_leaves_old_or_new(builds, fallback):
    """Kill the build before the 1st, 2nd, … file-system call between "synced" and "swapped", until it gets through.

    With the exchange there is no such call to land on but the exchange itself (a ctypes call, not audited); with
    the two renames, a build killed between them leaves no exports/, and the next build puts the old one back
    (the user's files with it) before it writes the new one."""
    workspace, a, b = builds
    allowed = {("A", "A"), ("B", "A")} | ({("missing", "A")} if fallback else set())
    kills = []
    for n in range(1, 50):
        code, _ = finish(child(workspace, b, f"kill-call:synced:{n}", *fallback))
        if code == 0:
            break
        kills.append(state(workspace, a, b))
        assert kills[-1] in allowed, f"killed before file-system call {n} of the swap: (exports/, README) = {kills[-1]}"
        write(workspace, b)
        assert state(workspace, a, b) == ("B", "B") and strays(workspace) == []
        write(workspace, a)
    else:
        pytest.fail("the swap never finished")
    assert state(workspace, a, b) == ("B", "B") and strays(workspace) == []
    assert kills == ([("A", "A"), ("missing", "A"), ("B", "A")] if fallback else [])


@dataclass
class Seen:
    label: str  # "step NAME" or the audit event before which it was seen
    locked: bool  # whether the exports lock was held
    exports: str
    readme: str


_observing: list = []  # the (workspace, a, b, seen) of the observation in progress, if any
_busy = threading.local()


def _observe(label: str) -> None:
    if not _observing or getattr(_busy, "on", False):
        return
    _busy.on = True
    try:
        workspace, a, b, seen = _observing[0]
        seen.append(Seen(label, lock_held(workspace), *state(workspace, a, b)))
    finally:
        _busy.on = False


# Audit hooks cannot be removed: this one stays for the session, and does nothing unless observed_build runs.
sys.addaudithook(lambda event, args: _observe(event) if _observing and mutating(event, args) else None)


def lock_held(workspace: Path) -> bool:
    with open(workspace / exports.LOCK_NAME, "a") as probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe, fcntl.LOCK_UN)
        return False


def observed_build(workspace: Path, a: Build, b: Build, monkeypatch) -> list[Seen]:
    """Run validate.py (build B) in this process and see exports/ and README.md before every file-system call that
    can change something and after every step of exports.write; the last entry is the end state."""
    seen: list[Seen] = []
    monkeypatch.setattr(exports, "STEP", lambda step, name: _observe(f"step {step}"))
    _observing.append((workspace, a, b, seen))
    try:
        code, stderr = run_in_process(workspace)
    finally:
        _observing.clear()
    assert code == 0, stderr
    seen.append(Seen("end", lock_held(workspace), *state(workspace, a, b)))
    assert seen[-1].exports == seen[-1].readme == "B" and strays(workspace) == []
    return seen


@pytest.mark.parametrize("fallback", [False, True], ids=["exchange", "two renames"])
def test_exports_and_readme_are_old_or_new_before_every_file_system_call(builds, monkeypatch, fallback):
    workspace, a, b = builds
    if fallback:
        monkeypatch.setattr(exports, "_renameat2", None)
    seen = observed_build(workspace, a, b, monkeypatch)
    assert len(seen) > 20
    for s in seen:
        assert s.exports in ("A", "B") or (fallback and s.exports == "missing"), \
            f"exports/ was {s.exports} (neither build A nor build B) before {s.label}"
        assert s.readme in ("A", "B"), f"README.md was {s.readme} before {s.label}"
    # exports/ first, then README.md: the two differ only between the swap and the README's rename, with no other
    # file-system call between them (with two renames, exports/ is missing between the first two).
    states = [(s.exports, s.readme) for s in seen]
    assert states == sorted(states, key=[("A", "A"), ("missing", "A"), ("B", "A"), ("B", "B")].index)
    between = ["os.rename", "os.rename", "step swapped", "os.rename"] if fallback else ["step swapped", "os.rename"]
    assert [s.label for s in seen if (s.exports, s.readme) in {("missing", "A"), ("B", "A")}] == between


def test_exports_and_readme_change_only_while_the_lock_is_held(builds, monkeypatch):
    workspace, a, b = builds
    seen = observed_build(workspace, a, b, monkeypatch)
    for before, after in zip(seen, seen[1:]):
        if (before.exports, before.readme) != (after.exports, after.readme):
            assert before.locked and after.locked, (
                f"exports/ and README.md went from {before.exports}, {before.readme} (before {before.label}) to "
                f"{after.exports}, {after.readme} (before {after.label}) without the lock")


def wait_until_blocked_on_lock(workspace: Path, process: subprocess.Popen, untouched) -> None:
    """Poll until ``process`` waits for the exports lock (a "->" entry in /proc/locks); fail if, meanwhile, it
    finishes or ``untouched()`` stops being true."""
    if not Path("/proc/locks").exists():
        pytest.skip("needs /proc/locks (Linux)")
    deadline = time.monotonic() + 60
    while not waiting_for_lock(workspace):
        assert untouched(), "the second build wrote while the lock was held"
        assert process.poll() is None, "the second build finished while the lock was held: " + process.stderr.read()
        assert time.monotonic() < deadline, "the second build never waited for the lock"
        time.sleep(0.002)


def waiting_for_lock(workspace: Path) -> bool:
    """Whether a process waits for the exports lock: a "->" (blocked) FLOCK entry on its file in /proc/locks."""
    try:
        lock = os.stat(workspace / exports.LOCK_NAME)
    except FileNotFoundError:
        return False
    key = f"{os.major(lock.st_dev):02x}:{os.minor(lock.st_dev):02x}:{lock.st_ino}"
    return any(line.split()[1:3] == ["->", "FLOCK"] and line.split()[-3] == key
               for line in Path("/proc/locks").read_text().splitlines())


def test_a_second_build_waits_for_the_lock_and_finishes_after_release(builds):
    workspace, a, b = builds
    with open(workspace / exports.LOCK_NAME, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a build in progress would
        second = child(workspace, b)
        try:
            wait_until_blocked_on_lock(workspace, second, lambda: state(workspace, a, b) == ("A", "A"))
            assert state(workspace, a, b) == ("A", "A") and strays(workspace) == []  # it has written nothing
            assert second.poll() is None
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    assert finish(second)[0] == 0
    assert state(workspace, a, b) == ("B", "B") and strays(workspace) == []


def test_two_builds_at_once_leave_exports_and_readme_of_the_last(builds):
    workspace, a, b = builds
    first = child(workspace, b, "pause-step:synced:1")  # build B, stopped just before its swap, holding the lock
    assert first.stdout.readline() == "paused\n"
    second = child(workspace, a)
    wait_until_blocked_on_lock(workspace, second, lambda: state(workspace, a, b) == ("A", "A"))
    first.stdin.write("\n")
    first.stdin.flush()
    assert finish(first) == (0, differing(b, a))
    # the second build took the lock after the first had replaced both, and put both back to A
    assert finish(second) == (0, differing(a, b))
    assert state(workspace, a, b) == ("A", "A") and strays(workspace) == []


@pytest.mark.parametrize("step", exports.STEPS[:exports.STEPS.index("synced") + 1])
def test_an_error_at_any_step_before_the_swap_leaves_everything_untouched(builds, monkeypatch, step):
    workspace, a, b = builds

    def fail(name, _):
        if name == step:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(exports, "STEP", fail)
    with pytest.raises(OSError):
        write(workspace, b)
    assert state(workspace, a, b) == ("A", "A") and strays(workspace) == []


def test_the_users_files_and_folders_in_exports_survive_a_rebuild(builds):
    workspace, a, b = builds
    (workspace / "exports" / "latest.csv").symlink_to("claims.csv")
    (workspace / "exports" / "articles" / "removed-article.html").write_bytes(b"<p>gone</p>")  # the build's folder
    assert run_in_process(workspace)[0] == 0  # validate.py, as a user runs it
    assert (workspace / "exports" / "latest.csv").readlink() == Path("claims.csv")
    (workspace / "exports" / "latest.csv").unlink()
    assert snapshot(workspace / "exports") == b.exports  # with notes/ and NOTES.txt, without the orphan page
    assert (workspace / "README.md").read_text(encoding="utf-8") == b.readme


def test_full_disk_gives_one_line_exit_2_and_untouched_exports(builds, monkeypatch):
    workspace, a, b = builds
    real_write = exports._write_file
    calls = []

    def disk_fills_up(path, content, **options):
        calls.append(path)
        if len(calls) > 2:  # the disk fills up after the README and the first changed file
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real_write(path, content, **options)

    monkeypatch.setattr(exports, "_write_file", disk_fills_up)
    code, stderr = run_in_process(workspace)
    assert code == 2 and len(headlines(stderr)) == 1
    assert "No space left on device" in stderr and "exports/ and README.md left unchanged" in stderr
    assert state(workspace, a, b) == ("A", "A") and strays(workspace) == []


def test_failing_syncfs_gives_one_line_exit_2_and_untouched_exports(builds, monkeypatch):
    workspace, a, b = builds

    def failing_syncfs(descriptor):
        ctypes.set_errno(errno.EIO)
        return -1

    monkeypatch.setattr(exports, "_syncfs", failing_syncfs)
    monkeypatch.setattr(os, "sync", lambda: pytest.fail("os.sync() hides the error"))
    code, stderr = run_in_process(workspace)
    assert code == 2 and len(headlines(stderr)) == 1, stderr
    assert f"{workspace / 'exports'}: cannot write (syncfs failed: Input/output error)" in stderr
    assert state(workspace, a, b) == ("A", "A") and strays(workspace) == []


def test_without_syncfs_every_new_file_is_fsynced_before_the_swap(builds, monkeypatch):
    workspace, a, b = builds
    real_fsync, synced = os.fsync, set()

    def fsync(descriptor):
        synced.add(os.fstat(descriptor).st_ino)
        real_fsync(descriptor)

    monkeypatch.setattr(exports, "_syncfs", None)
    monkeypatch.setattr(os, "fsync", fsync)
    write(workspace, b)
    assert state(workspace, a, b) == ("B", "B")
    tree = [workspace / "exports", *(workspace / "exports").rglob("*")]
    assert {p.stat().st_ino for p in tree} <= synced


def test_read_only_exports_give_one_line_exit_2(builds, monkeypatch):
    workspace, a, b = builds
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == workspace / "exports"
                        else real_access(path, mode))
    code, stderr = run_in_process(workspace)
    assert code == 2 and len(headlines(stderr)) == 1 and "read-only" in stderr
    assert state(workspace, a, b) == ("A", "A")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_read_only_exports_directory_for_real(builds):
    workspace, a, b = builds
    os.chmod(workspace / "exports", 0o555)
    try:
        code, stderr = run_in_process(workspace)
    finally:
        os.chmod(workspace / "exports", 0o755)
    assert code == 2 and "read-only" in stderr
    assert state(workspace, a, b) == ("A", "A")


def test_unchanged_exports_are_linked_not_rewritten(builds):
    workspace, a, b = builds
    unchanged = next(name for name, content in a.files if b.exports.get(name) == content and name.endswith(".parquet"))
    changed = next(name for name, content in a.files if b.exports.get(name) != content)
    before = {name: (workspace / "exports" / name).stat().st_ino for name in (unchanged, changed, "notes/x.txt")}
    write(workspace, b)
    assert (workspace / "exports" / unchanged).stat().st_ino == before[unchanged]
    assert (workspace / "exports" / "notes/x.txt").stat().st_ino == before["notes/x.txt"]
    assert (workspace / "exports" / changed).stat().st_ino != before[changed]
    assert state(workspace, a, b) == ("B", "B")


def test_new_exports_are_complete_and_synced_before_the_swap(builds, monkeypatch):
    workspace, a, b = builds
    seen = []

    def record(directory, reported_as):
        seen.append((snapshot(directory), state(workspace, a, b)))

    monkeypatch.setattr(exports, "_sync_directory_tree", record)
    write(workspace, b)
    assert seen == [(b.exports, ("A", "A"))]  # synced once: the whole new build, while both were still A's
    assert state(workspace, a, b) == ("B", "B")
