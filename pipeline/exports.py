"""Replace exports/ and the README with a fresh build as one locked step, or say which committed files are stale.

Rendering (``pipeline.render``) is separate from writing so that ``--check``
can compare a fresh build with the committed files without touching them.

``write`` holds an exclusive lock (``flock`` on ``.exports.lock`` beside
exports/) for the whole of a build's writing, so concurrent builds run one
after the other and the last to take the lock wins whole: its exports/ and its
README. Under the lock it builds the complete new exports/ in a sibling
temporary directory, makes it durable, and swaps the two directories in one
``renameat2(RENAME_EXCHANGE)`` call (Linux); then it renames the README,
written and synced beforehand, over the old one. A build killed at any moment
therefore leaves exports/ either as it was or as a complete new build; the
only moment at which exports/ and the README come from different builds is
between the swap and the README's rename, two consecutive system calls. The
next build removes what a killed one left behind.

Where the exchange is unavailable (another OS or file system) the swap falls
back to two renames, with a window of a few microseconds in which exports/ is
missing but never mixed; a build killed in that window is rolled back by the
next one.

``STEP`` is a hook for tests: ``write`` calls it with the name of each step
it has just completed (see ``STEPS``), so a test can stop or inspect a build
at any of them.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import ctypes
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # Windows: builds are not serialised there
    fcntl = None

TEMP_PREFIX = ".exports.new-"
LOCK_NAME = ".exports.lock"

# The steps of ``write``, in order; STEP(step, name) is called just after each. "written", "linked" and "carried"
# come once per file (name: its path in exports/, or the top-level entry carried over). A step whose work a build
# does not need is skipped: with no change to exports/, "linked", "carried", "synced", "swapped" and "old removed";
# with none to the README, "readme staged" and "readme replaced".
STEPS = (
    "locked",           # holds the lock; strays of a killed build are removed next
    "readme staged",    # the new README written and synced to a temporary file beside it
    "temp made",        # the temporary directory for the new exports/ exists
    "written",          # one changed file written into it
    "linked",           # one unchanged file hard-linked into it from exports/
    "carried",          # one file or folder the build does not produce carried over from exports/
    "synced",           # the new exports/ is durable; the swap comes next
    "swapped",          # exports/ is the new build (the old one is in the temporary directory)
    "readme replaced",  # the README is the new one
    "old removed",      # the old exports/ is deleted
    "unlocked",         # the lock is released
)

STEP: Callable[[str, str], None] | None = None  # test hook; None in production


def _step(step: str, name: str = "") -> None:
    if STEP is not None:
        STEP(step, name)


def _libc(name: str):
    """A C library function by name, or None where there is none (another OS, or an older C library)."""
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), name)
    except (AttributeError, OSError, TypeError):
        return None


_syncfs = _libc("syncfs")
_renameat2 = _libc("renameat2")


def _write_file(path: Path, content: bytes, sync: bool = True) -> None:
    with open(path, "wb") as out:
        out.write(content)
        out.flush()
        if sync:
            os.fsync(out.fileno())
    os.chmod(path, 0o644)


def _sync_directory_tree(directory: Path, reported_as: Path) -> None:
    """Make every file written under ``directory`` durable, in one call; an OSError naming ``reported_as`` if not.

    One ``syncfs`` of the file system rather than an ``fsync`` per file: with a
    page per article, writing 20,000 files with an fsync each took 16 s. Only
    where the C library has no ``syncfs`` is each file and folder fsynced.
    """
    if _syncfs is None:
        _fsync_tree(directory)
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        if _syncfs(descriptor) != 0:
            code = ctypes.get_errno()
            raise OSError(code, f"syncfs failed: {os.strerror(code)}", str(reported_as))
    finally:
        os.close(descriptor)


def _fsync_tree(directory: Path) -> None:
    """fsync every regular file and folder under ``directory`` (where there is no ``syncfs``)."""
    for folder, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(folder, name)
            if stat.S_ISREG(os.lstat(path).st_mode):
                _fsync(path)
        if os.name != "nt":  # Windows cannot open a folder to fsync it
            _fsync(folder)


def _fsync(path: str) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _stage(path: Path, content: bytes) -> Path:
    """Write and sync ``content`` to a temporary file beside ``path`` (``.NAME.*.tmp``); return its path."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        _write_file(Path(temporary), content)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_atomic(path: Path, content: bytes) -> None:
    """Write one file: to a temporary file beside ``path``, then rename it over ``path``."""
    temporary = _stage(path, content)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _exchange(new: Path, current: Path) -> None:
    """Swap two directories atomically; fall back to two renames where the kernel cannot exchange."""
    if _renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if _renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(current), rename_exchange) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(current))
    aside = new.with_name(new.name + ".old")
    os.rename(current, aside)  # killed after this, the next build renames aside back (_clean_up)
    os.rename(new, current)
    os.rename(aside, new)


@contextlib.contextmanager
def _locked(parent: Path):
    """Hold an exclusive lock on parent/.exports.lock (no-op where fcntl is missing)."""
    if fcntl is None:
        yield
        return
    with open(parent / LOCK_NAME, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _clean_up(directory: Path, readme: Path | None) -> None:
    """Remove what a killed build left: its temporary directory and README; put back an exports/ it had moved aside."""
    parent = directory.parent
    for aside in parent.glob(TEMP_PREFIX + "*.old"):  # the two-rename swap killed between its renames
        if not os.path.lexists(directory):
            os.rename(aside, directory)
    for stray in parent.glob(TEMP_PREFIX + "*"):
        shutil.rmtree(stray, ignore_errors=True)
    if readme is not None:
        for stray in readme.parent.glob(f".{readme.name}.*.tmp"):
            stray.unlink(missing_ok=True)


Readme = tuple[Path, Callable[[str], str]]


def write(files: Iterable[tuple[str, bytes]], directory: Path, readme: Readme | None = None) -> list[str]:
    """Replace ``directory`` with exactly ``files`` (plus what the build does not produce), and the README, in one
    locked step.

    ``readme`` is the README's path and a function from its current text to
    its new text; it is called under the lock, and the README is replaced only
    if the text changed. Returns the names that changed (the README by its
    file name); writes nothing when none did.

    The build owns the files it produces and the folders it writes into
    (articles/): a file there that the build no longer produces is removed.
    Every other file and folder in ``directory`` is carried over. A file that
    did not change is hard-linked from the current exports/ rather than
    rewritten.
    """
    if directory.exists() and not directory.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(directory))
    if directory.exists() and not os.access(directory, os.W_OK):
        raise PermissionError(errno.EACCES, "read-only directory", str(directory))
    with _locked(directory.parent):
        _step("locked")
        readme_path = readme[0] if readme is not None else None
        _clean_up(directory, readme_path)
        staged = new = None
        swapped = False
        try:
            staged = _stage_readme(readme)
            if staged is not None:
                _step("readme staged")
            new = Path(tempfile.mkdtemp(dir=directory.parent, prefix=TEMP_PREFIX))
            os.chmod(new, 0o755)
            _step("temp made")
            names, changed, unchanged = _write_changed(files, directory, new)
            changed += _orphans(names, directory)
            if changed:
                for name in unchanged:
                    (new / name).parent.mkdir(mode=0o755, exist_ok=True)
                    _link(directory / name, new / name)
                    _step("linked", name)
                replacing = directory.is_dir()
                if replacing:
                    owned = {name.split("/", 1)[0] for name in names}  # files produced, folders written into
                    for extra in sorted(directory.iterdir()):
                        if extra.name not in owned:
                            _carry(extra, new / extra.name)
                            _step("carried", extra.name)
                _sync_directory_tree(new, directory)
                _step("synced")
                if replacing:
                    _exchange(new, directory)
                else:
                    os.rename(new, directory)
                swapped = True
                _step("swapped")
            if staged is not None:
                assert readme_path is not None  # a README is staged only when one is given
                os.replace(staged, readme_path)
                staged = None
                _step("readme replaced")
                changed.append(readme_path.name)
        finally:
            if staged is not None:
                staged.unlink(missing_ok=True)
            if new is not None:
                shutil.rmtree(new, ignore_errors=True)
                shutil.rmtree(new.with_name(new.name + ".old"), ignore_errors=True)
        if swapped:
            _step("old removed")
    _step("unlocked")
    return sorted(changed)


def _stage_readme(readme: Readme | None) -> Path | None:
    """The README's new text written and synced beside it, if it differs from the current text (else None)."""
    if readme is None:
        return None
    path, update = readme
    current = path.read_text(encoding="utf-8")
    fresh = update(current)
    return None if fresh == current else _stage(path, fresh.encode("utf-8"))


WRITES_IN_FLIGHT = 32  # files handed to the writer thread and not yet written: bounds the memory they hold


def _write_changed(files: Iterable[tuple[str, bytes]], directory: Path, new: Path) -> tuple[set[str], list[str], list[str]]:
    """Write each file that differs from its copy in ``directory`` into ``new``; return all names, changed, unchanged.

    A writer thread does the writing (the file system calls release the GIL)
    while this thread renders the next page; writes are synced all at once
    before the swap.
    """
    names, changed, unchanged = set(), [], []
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as writer:
        pending: collections.deque = collections.deque()
        for name, content in files:
            names.add(name)
            if _same(directory / name, content):
                unchanged.append(name)
                continue
            changed.append(name)
            (new / name).parent.mkdir(mode=0o755, exist_ok=True)
            pending.append(writer.submit(_write_new, new / name, content, name))
            while len(pending) > WRITES_IN_FLIGHT or (pending and pending[0].done()):
                pending.popleft().result()  # raises the writer's OSError here
        for write in pending:
            write.result()
    return names, changed, unchanged


def _write_new(path: Path, content: bytes, name: str) -> None:
    _write_file(path, content, sync=False)
    _step("written", name)


def _same(path: Path, content: bytes) -> bool:
    return path.is_file() and path.stat().st_size == len(content) and path.read_bytes() == content


def _link(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Hard-link an unchanged file into the new exports/ (copy it where the file system cannot link)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _carry(source: Path, target: Path) -> None:
    """Carry a file, folder or symbolic link the build does not produce into the new exports/ (files hard-linked)."""
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        shutil.copytree(source, target, symlinks=True, copy_function=_link)
    else:
        _link(source, target)


def _orphans(names: set[str], directory: Path) -> list[str]:
    """Files in the build's own subdirectories (articles/) that it did not produce this time."""
    owned = sorted({Path(name).parent for name in names} - {Path(".")})
    left = [path.relative_to(directory).as_posix() for sub in owned for path in sorted((directory / sub).glob("*"))]
    return [name for name in left if name not in names]


def stale(files: Iterable[tuple[str, bytes]], directory: Path) -> list[str]:
    """Names of the files whose committed copy is missing or differs from ``files``, and of the files left in
    the build's own subdirectories (articles/) that it no longer produces."""
    names, changed = set(), []
    for name, content in files:
        names.add(name)
        if not _same(directory / name, content):
            changed.append(name)
    return sorted(changed + _orphans(names, directory))
