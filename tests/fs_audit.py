"""Which audit events change the file system (or may): shared by the swap tests and their child build."""

from __future__ import annotations

import os as _os

_CHANGING = {"os.rename", "os.remove", "os.rmdir", "os.link", "os.symlink", "os.mkdir", "os.chmod", "os.chown",
             "os.truncate", "os.utime", "shutil.rmtree", "shutil.copyfile", "shutil.copymode", "shutil.copystat",
             "shutil.copytree", "shutil.move", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
             "subprocess.Popen", "tempfile.mkstemp", "tempfile.mkdtemp"}
_WRITE_FLAGS = _os.O_WRONLY | _os.O_RDWR | _os.O_CREAT | _os.O_TRUNC | _os.O_APPEND


def mutating(event, args):
    """Whether an audit event is a file-system call that can change something."""
    if event == "open":
        mode, flags = args[1], args[2]
        return (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool((flags or 0) & _WRITE_FLAGS)
    return event in _CHANGING
