"""Property-based fuzzing: no mutation of the curated files crashes the build, hangs it, or harms exports/.

Every example mutates a copy of the fixture corpus (tests/fixtures/claims),
built into a workspace. For every generated input, validate.py either
succeeds with a dataset that passes its own schema, or exits 1 or 2 with one
line per problem (each may be followed by indented detail lines), no
traceback, and exports/ byte-identical. CI runs a fixed-seed sample; for a
longer run:

    FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schema
import validate
from conftest import FIXTURES, REVIEWED, headlines, snapshot
from pipeline import tables as table_files

FILES = sorted(p.name for p in (FIXTURES / "claims").iterdir())  # every curated file of the fixture corpus
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
TIMEOUT_SECONDS = 60
ONE_PROBLEM = re.compile(r"table \S+, row .+, column \S+: .+; value ")


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def mutations():
    """(name, function(bytes, draw) -> bytes | None); None deletes the file."""
    def truncate(data, draw):
        return data[: draw(st.integers(0, len(data)))]

    def delete_line(data, draw):
        lines = _lines(data)
        del lines[draw(st.integers(0, len(lines) - 1))]
        return _join(lines)

    def duplicate_line(data, draw):
        lines = _lines(data)
        i = draw(st.integers(0, len(lines) - 1))
        return _join(lines[:i] + [lines[i]] + lines[i:])

    def swap_lines(data, draw):
        lines = _lines(data)
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return _join(lines)

    def duplicate_entry(data, draw):
        blocks = re.split(rb"(?m)^(?=\[\[)", data)
        i = draw(st.integers(0, len(blocks) - 1))
        return b"".join(blocks[: i + 1] + [blocks[i]] + blocks[i + 1:])

    def swap_entries(data, draw):
        blocks = re.split(rb"(?m)^(?=\[\[)", data)
        i, j = draw(st.integers(1, max(1, len(blocks) - 1))), draw(st.integers(1, max(1, len(blocks) - 1)))
        if i < len(blocks) and j < len(blocks):
            blocks[i], blocks[j] = blocks[j], blocks[i]
        return b"".join(blocks)

    def random_bytes(data, draw):
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]

    def invalid_utf8(data, draw):
        at = draw(st.integers(0, len(data)))
        return data[:at] + b"\xff\xfe" + data[at:]

    def text_change(change):
        return lambda data, draw: change(data.decode("utf-8", errors="surrogateescape")).encode(
            "utf-8", errors="surrogateescape")

    def number_as_string(data, draw):
        return re.sub(rb"= (-?[0-9]+)\n", rb'= "\1"\n', data, count=draw(st.integers(1, 3)))

    def huge_or_negative(data, draw):
        number = draw(st.sampled_from([b"-1", b"-90", b"0", b"99999999999999999999", b"1e308", b"nan", b"inf"]))
        return re.sub(rb"= [0-9]+\n", b"= " + number + b"\n", data, count=1)

    def unknown_key(data, draw):
        lines = _lines(data)
        headers = [i for i, line in enumerate(lines) if line.startswith(b"[")] or [0]
        i = draw(st.sampled_from(headers))
        return _join(lines[: i + 1] + [b"mystery_key = 1"] + lines[i + 1:])

    return [
        ("truncate", truncate), ("delete_line", delete_line), ("duplicate_line", duplicate_line),
        ("swap_lines", swap_lines), ("duplicate_entry", duplicate_entry), ("swap_entries", swap_entries),
        ("random_bytes", random_bytes), ("invalid_utf8", invalid_utf8),
        ("bom", lambda data, draw: b"\xef\xbb\xbf" + data),
        ("crlf", lambda data, draw: data.replace(b"\n", b"\r\n")),
        ("cr", lambda data, draw: data.replace(b"\n", b"\r")),
        ("curly_quotes", text_change(lambda t: t.replace("'", "\u2019"))),
        ("nbsp", text_change(lambda t: t.replace(" ", "\u00a0", 3))),
        ("nfd", text_change(lambda t: unicodedata.normalize("NFD", t.replace("e", "é", 2)))),
        ("number_as_string", number_as_string), ("huge_or_negative", huge_or_negative),
        ("unknown_key", unknown_key), ("empty", lambda data, draw: b""), ("missing", lambda data, draw: None),
    ]


MUTATIONS = dict(mutations())


@pytest.fixture(scope="module")
def template(built_workspace) -> Path:
    """The workspace (claims/, exports/, README.md) every example starts from: the fixture corpus, built."""
    return built_workspace


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"validate.py took more than {TIMEOUT_SECONDS} s")


def run_main(workspace: Path, *extra: str) -> tuple[int, str]:
    """validate.main in this process (fast), with a hang guard; any exception escaping it fails the test."""
    stderr = io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT_SECONDS)
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            code = validate.main(["--claims", str(workspace / "claims"), "--exports", str(workspace / "exports"),
                                  "--readme", str(workspace / "README.md"), *extra])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return code, stderr.getvalue()


@st.composite
def mutated_inputs(draw):
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(FILES + ["(extra file)"]))
        name = draw(st.sampled_from(sorted(MUTATIONS)))
        steps.append((target, name, draw))
    return steps


def apply(workspace: Path, steps) -> list[str]:
    applied = []
    for target, name, draw in steps:
        claims = workspace / "claims"
        if target == "(extra file)":
            (claims / "stray-notes.md").write_text("an extra file", encoding="utf-8")
            applied.append("extra file")
            continue
        path = claims / target
        if not path.exists():
            continue
        result = MUTATIONS[name](path.read_bytes(), draw)
        if result is None:
            path.unlink()
        else:
            path.write_bytes(result)
        applied.append(f"{name}({target})")
    return applied


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_mutated_input_never_crashes_and_never_harms_exports(template, tmp_path_factory, data):
    workspace = tmp_path_factory.mktemp("fuzz")
    for name in ("claims", "exports"):
        shutil.copytree(template / name, workspace / name)
    shutil.copy(template / "README.md", workspace / "README.md")
    steps = [(t, n, data.draw) for t, n, _ in data.draw(mutated_inputs())]
    applied = apply(workspace, steps)
    before = snapshot(workspace / "exports")

    code, stderr = run_main(workspace)

    assert code in (0, 1, 2), (applied, code, stderr)
    assert "Traceback" not in stderr, applied
    if code == 0:
        for table in schema.MODELS:  # a success is a dataset that passes its own schema
            table_files.load(table, workspace / "exports")
            table_files.load(table, workspace / "exports", fmt="csv")
        assert run_main(workspace, "--check")[0] == 0, applied
    else:
        assert snapshot(workspace / "exports") == before, applied
        *problems, summary = headlines(stderr)
        assert summary.endswith("problem(s); exports/ left unchanged."), (applied, summary)
        assert problems and all(ONE_PROBLEM.search(line) for line in problems), (applied, problems)
    shutil.rmtree(workspace)


# Regressions: inputs the fuzzer found that once crashed the build, replayed exactly.

def _swap_lines(path: Path, i: int, j: int) -> None:
    lines = path.read_bytes().split(b"\n")
    lines[i], lines[j] = lines[j], lines[i]
    path.write_bytes(b"\n".join(lines))


def test_regression_row_without_its_key_is_reported_not_crashed(template, tmp_path):
    """Swapping the first line with a claim_id line left a claim with no id (NaN), and sorting the problems crashed."""
    for name in ("claims", "exports"):
        shutil.copytree(template / name, tmp_path / name)
    shutil.copy(template / "README.md", tmp_path / "README.md")
    toml = tmp_path / "claims" / f"{REVIEWED}.toml"
    lines = toml.read_text(encoding="utf-8").splitlines()
    index = lines.index(f'claim_id = "{REVIEWED}-004"')  # the fourth [[claims]] entry's id, on the line after its header
    assert lines[0].startswith("#") and lines[index - 1] == "[[claims]]"
    _swap_lines(toml, 0, index)
    before = snapshot(tmp_path / "exports")
    code, stderr = run_main(tmp_path)
    assert code == 1 and "Traceback" not in stderr
    found = headlines(stderr)
    assert (f"claims/{REVIEWED}.toml:{index}: table claims, row {REVIEWED}#4, column claim_id: missing required key"
            in "\n".join(found))
    assert f"claims/{REVIEWED}.toml:1: table -, row -, column claim_id: unknown top-level key" in "\n".join(found)
    assert snapshot(tmp_path / "exports") == before
