"""A build in a child process: pipeline/exports.py alone writes a reference build (its files and README) into a
workspace, as validate.py would. ACTION is "plain", "kill-step:STEP:N" (SIGKILL itself just after the N-th
STEP), "pause-step:STEP:N" (print "paused" and wait for a line on stdin) or "kill-call:STEP:N" (SIGKILL itself
just before the N-th file-system call that can change something after STEP and before the next step). "fallback"
makes the swap the two-rename one. Prints the names the build changed, as JSON.
"""

import importlib.util
import json
import os
import signal
import sys
from pathlib import Path

from fs_audit import mutating

exports_py, build, workspace, action, *flags = sys.argv[1:]
spec = importlib.util.spec_from_file_location("exports", exports_py)
exports = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exports)
if "fallback" in flags:
    exports._renameat2 = None
build, workspace = Path(build), Path(workspace)
files = [(p.relative_to(build / "files").as_posix(), p.read_bytes())
         for p in sorted((build / "files").rglob("*")) if p.is_file()]
text = (build / "README.md").read_text(encoding="utf-8")

if action != "plain":
    verb, at, count = action.split(":")
    seen, armed = [0], [False]

    def kill():
        os.kill(os.getpid(), signal.SIGKILL)

    def step(name, _):
        armed[0] = verb == "kill-call" and name == at
        if name == at and verb != "kill-call":
            seen[0] += 1
            if seen[0] == int(count):
                if verb == "kill-step":
                    kill()
                print("paused", flush=True)
                sys.stdin.readline()

    def audit(event, args):
        if armed[0] and mutating(event, args):
            seen[0] += 1
            if seen[0] == int(count):
                kill()

    exports.STEP = step
    sys.addaudithook(audit)

changed = exports.write(files, workspace / "exports", readme=(workspace / "README.md", lambda current: text))
print(json.dumps(changed), flush=True)
