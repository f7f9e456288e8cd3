"""Replace exports/ with freshly rendered files as one atomic step, or say which committed files are stale.

Rendering (``pipeline.render``) is separate from writing so that ``--check``
can compare a fresh build with the committed files without touching them.

Writing builds the complete new exports/ in a sibling temporary directory and
then swaps the two directories in one ``renameat2(RENAME_EXCHANGE)`` call
(Linux). A build killed at any moment therefore leaves exports/ either as it
was or as a complete new build, and a lock serialises concurrent builds so
that the last one to finish wins whole. Where the exchange is unavailable
(another OS or file system) the swap falls back to two renames, with a window
of a few microseconds in which exports/ is missing but never mixed.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

try:
    import fcntl
except ImportError:  # Windows: builds are not serialised there
    fcntl = None

TEMP_PREFIX = ".exports.new-"
LOCK_NAME = ".exports.lock"


def _write_file(path: Path, content: bytes, sync: bool = True) -> None:
    with open(path, "wb") as out:
        out.write(content)
        out.flush()
        if sync:
            os.fsync(out.fileno())
    os.chmod(path, 0o644)


def _sync_directory_tree(directory: Path) -> None:
    """Make every file written under ``directory`` durable, in one call.

    One ``syncfs`` of the file system rather than an ``fsync`` per file: with a
    page per article, writing 20,000 files with an fsync each took 16 s.
    """
    syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        if syncfs is None or syncfs(descriptor) != 0:
            os.sync()
    finally:
        os.close(descriptor)


def write_atomic(path: Path, content: bytes) -> None:
    """Write one file: to a temporary file beside ``path``, then rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        _write_file(Path(temporary), content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _exchange(new: Path, current: Path) -> None:
    """Swap two directories atomically; fall back to two renames where the kernel cannot exchange."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(current), rename_exchange) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(current))
    aside = new.with_name(new.name + ".old")
    os.rename(current, aside)
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


def write(files: Iterable[tuple[str, bytes]], directory: Path) -> list[str]:
    """Replace ``directory`` with exactly ``files`` (plus any other files it held) in one step.

    Returns the names that changed; writes nothing when none did. The
    directories the build writes into (articles/) are the build's alone: a
    file there that the build no longer produces is removed. A file that did
    not change is hard-linked from the current exports/ rather than rewritten.
    """
    if directory.exists() and not directory.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(directory))
    if directory.exists() and not os.access(directory, os.W_OK):
        raise PermissionError(errno.EACCES, "read-only directory", str(directory))
    with _locked(directory.parent):
        for stray in directory.parent.glob(TEMP_PREFIX + "*"):  # left by a killed build
            shutil.rmtree(stray, ignore_errors=True)
        new = Path(tempfile.mkdtemp(dir=directory.parent, prefix=TEMP_PREFIX))
        try:
            os.chmod(new, 0o755)
            names, changed, unchanged = _write_changed(files, directory, new)
            changed += _orphans(names, directory)
            if not changed:
                return []
            for name in unchanged:
                (new / name).parent.mkdir(mode=0o755, exist_ok=True)
                _link(directory / name, new / name)
            replacing = directory.is_dir()
            if replacing:
                for extra in directory.iterdir():  # keep anything the build does not produce
                    if extra.name not in names and extra.is_file():
                        shutil.copy2(extra, new / extra.name)
            _sync_directory_tree(new)
            if replacing:
                _exchange(new, directory)
            else:
                os.rename(new, directory)
        finally:
            shutil.rmtree(new, ignore_errors=True)
            shutil.rmtree(new.with_name(new.name + ".old"), ignore_errors=True)
    return sorted(changed)


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
            pending.append(writer.submit(_write_file, new / name, content, sync=False))
            while len(pending) > WRITES_IN_FLIGHT or (pending and pending[0].done()):
                pending.popleft().result()  # raises the writer's OSError here
        for write in pending:
            write.result()
    return names, changed, unchanged


def _same(path: Path, content: bytes) -> bool:
    return path.is_file() and path.stat().st_size == len(content) and path.read_bytes() == content


def _link(source: Path, target: Path) -> None:
    """Hard-link an unchanged file into the new exports/ (copy it where the file system cannot link)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


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
