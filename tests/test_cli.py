"""validate.py as a user runs it: exit codes, one-line messages, untouched exports on failure, determinism."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import ARTICLE, edit, run, snapshot

TOML = f"{ARTICLE}.toml"


def test_valid_build_exits_0_and_leaves_up_to_date_exports_alone(workspace):
    before = {p: p.stat().st_mtime_ns for p in (workspace / "exports").rglob("*")}
    result = run(workspace)
    assert result.returncode == 0, result.stderr
    assert "wrote 0 changed file(s)" in result.stdout
    assert before == {p: p.stat().st_mtime_ns for p in (workspace / "exports").rglob("*")}


def test_check_passes_on_committed_exports(workspace):
    result = run(workspace, "--check")
    assert result.returncode == 0, result.stderr


def test_invalid_data_exits_1_with_one_line_per_problem_and_no_traceback(workspace):
    edit(workspace / "claims" / TOML, 'cue = "states that"\n', "")
    edit(workspace / "claims" / TOML, 'hedge = "usually"', 'hedge = "always"')
    result = run(workspace)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("2 problem(s)")
    assert all(line.startswith(f"claims/{TOML}:") for line in lines[:2])


def test_failed_build_leaves_previous_exports_byte_identical(workspace):
    before = snapshot(workspace / "exports")
    edit(workspace / "claims" / TOML, "value = 90", "value = 80")
    assert run(workspace).returncode == 1
    assert snapshot(workspace / "exports") == before


def test_unreadable_input_exits_2(workspace):
    (workspace / "claims" / f"{ARTICLE}.txt").write_bytes(b"\xff\xfe not utf-8")
    result = run(workspace)
    assert result.returncode == 2
    assert "not UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_usage_error_exits_2(workspace):
    assert run(workspace, "--no-such-flag").returncode == 2


def test_unwritable_exports_exit_2_with_one_line(workspace):
    shutil.rmtree(workspace / "exports")
    (workspace / "exports").write_text("a file where the directory should be")
    result = run(workspace)
    assert result.returncode == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["claims.csv", "datapackage.json", "croissant.json", "claimreview.jsonld",
                                  "index.html", f"articles/{ARTICLE}.html"])
def test_check_names_a_stale_export(workspace, name):
    (workspace / "exports" / name).write_bytes(b"stale")
    result = run(workspace, "--check")
    assert result.returncode == 1
    assert f"exports/{name}: stale" in result.stderr
    assert (workspace / "exports" / name).read_bytes() == b"stale"  # --check never writes


def test_check_names_a_stale_data_dictionary(workspace):
    edit(workspace / "README.md", "| `seq` |", "| `sequence` |")
    result = run(workspace, "--check")
    assert result.returncode == 1
    assert "README.md: stale" in result.stderr


def test_build_regenerates_a_missing_export(workspace):
    (workspace / "exports" / "sources.parquet").unlink()
    assert run(workspace).returncode == 0
    assert run(workspace, "--check").returncode == 0


def test_two_builds_are_byte_identical(workspace, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for directory in (first, second):
        os.makedirs(directory)
        result = run(workspace, "--exports", str(directory))
        assert result.returncode == 0, result.stderr
    assert snapshot(first) == snapshot(second)
    assert snapshot(first) == snapshot(workspace / "exports")


def test_check_names_a_page_the_build_no_longer_produces(workspace):
    (workspace / "exports" / "articles" / "removed-article.html").write_bytes(b"<p>gone</p>")
    result = run(workspace, "--check")
    assert result.returncode == 1
    assert "exports/articles/removed-article.html: stale" in result.stderr


def test_build_removes_a_page_it_no_longer_produces(workspace):
    (workspace / "exports" / "articles" / "removed-article.html").write_bytes(b"<p>gone</p>")
    assert run(workspace).returncode == 0
    assert sorted(p.name for p in (workspace / "exports" / "articles").iterdir()) == [f"{ARTICLE}.html"]


def test_build_restores_the_garbage_collector(workspace):
    import contextlib
    import gc
    import io

    import validate

    with contextlib.redirect_stdout(io.StringIO()):
        code = validate.main(["--claims", str(workspace / "claims"), "--exports", str(workspace / "exports"),
                              "--readme", str(workspace / "README.md")])
    assert code == 0 and gc.isenabled()
