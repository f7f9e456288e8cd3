"""validate.py as a user runs it: exit codes, one line per problem, untouched exports on failure, determinism.

Every test runs against a copy of the fixture corpus built into a workspace.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import shutil

import pytest

import validate
from conftest import ANNOTATED, REVIEWED, edit, headlines, run, snapshot

TOML = f"{REVIEWED}.toml"


def test_valid_build_exits_0_and_leaves_up_to_date_exports_alone(workspace):
    before = {p: p.stat().st_mtime_ns for p in (workspace / "exports").rglob("*")}
    result = run(workspace)
    assert result.returncode == 0, result.stderr
    assert "wrote 0 changed file(s)" in result.stdout
    assert before == {p: p.stat().st_mtime_ns for p in (workspace / "exports").rglob("*")}


def test_check_passes_on_up_to_date_exports(workspace):
    result = run(workspace, "--check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("valid and up to date:")


def test_invalid_data_exits_1_with_one_line_per_problem_and_no_traceback(workspace):
    edit(workspace / "claims" / TOML, 'cue = "states that"\n', "")
    edit(workspace / "claims" / TOML, 'hedge = "around"', 'hedge = "always"')
    result = run(workspace, process=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = headlines(result.stderr)
    assert len(lines) == 3 and lines[-1].startswith("2 problem(s)")
    assert all(line.startswith(f"claims/{TOML}:") for line in lines[:2])


def test_problem_line_names_file_line_table_row_column_rule_and_value(workspace):
    edit(workspace / "claims" / TOML, 'hedge = "around"', 'hedge = "always"')
    line = next(n for n, text in enumerate((workspace / "claims" / TOML).read_text().splitlines(), 1)
                if text == 'hedge = "always"')
    result = run(workspace)
    assert headlines(result.stderr)[0] == (
        f"claims/{TOML}:{line}: table claims, row {REVIEWED}-005, column hedge: hedge_is_in_statement "
        "(The hedge's words appear in the statement, in order.); value 'always'")


def test_failed_build_leaves_previous_exports_byte_identical(workspace):
    before = snapshot(workspace / "exports")
    readme = (workspace / "README.md").read_bytes()
    edit(workspace / "claims" / TOML, "value = 240", "value = 250")
    assert run(workspace).returncode == 1
    assert snapshot(workspace / "exports") == before
    assert (workspace / "README.md").read_bytes() == readme


def test_unreadable_input_exits_2(workspace):
    (workspace / "claims" / f"{REVIEWED}.txt").write_bytes(b"\xff\xfe not utf-8")
    result = run(workspace)
    assert result.returncode == 2
    assert "not UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_missing_claims_directory_exits_2(workspace):
    shutil.rmtree(workspace / "claims")
    result = run(workspace)
    assert result.returncode == 2
    assert "curated data directory not found" in result.stderr and "Traceback" not in result.stderr


def test_usage_error_exits_2(workspace):
    assert run(workspace, "--no-such-flag", process=True).returncode == 2


def test_unwritable_exports_exit_2_with_one_line(workspace):
    shutil.rmtree(workspace / "exports")
    (workspace / "exports").write_text("a file where the directory should be")
    result = run(workspace)
    assert result.returncode == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert len(headlines(result.stderr)) == 1


def test_readme_without_its_markers_exits_2(workspace):
    (workspace / "README.md").write_text("# A README with no generated blocks\n", encoding="utf-8")
    result = run(workspace)
    assert result.returncode == 2
    assert "cannot update its generated blocks" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["claims.csv", "claims.parquet", "datapackage.json", "croissant.json",
                                  "claimreview.jsonld", "index.html", f"articles/{REVIEWED}.html",
                                  f"articles/{ANNOTATED}.html"])
def test_check_names_a_stale_export(workspace, name):
    (workspace / "exports" / name).write_bytes(b"stale")
    result = run(workspace, "--check")
    assert result.returncode == 1
    assert f"exports/{name}: stale" in result.stderr
    assert (workspace / "exports" / name).read_bytes() == b"stale"  # --check never writes


def test_check_names_a_missing_export(workspace):
    (workspace / "exports" / "sources.parquet").unlink()
    result = run(workspace, "--check")
    assert result.returncode == 1
    assert "exports/sources.parquet: stale" in result.stderr


def test_check_names_a_stale_data_dictionary(workspace):
    edit(workspace / "README.md", "| `seq` |", "| `sequence` |")
    result = run(workspace, "--check")
    assert result.returncode == 1
    assert "README.md: stale" in result.stderr


def test_check_names_stale_readme_front_matter(workspace):
    edit(workspace / "README.md", "license: cc-by-4.0", "license: other")
    result = run(workspace, "--check")
    assert result.returncode == 1
    assert "README.md: stale" in result.stderr


def test_build_rewrites_only_the_generated_readme_blocks(workspace):
    edit(workspace / "README.md", "| `seq` |", "| `sequence` |")
    edit(workspace / "README.md", "# Fixture corpus\n", "# Fixture corpus\n\nHand-written prose the build keeps.\n")
    assert run(workspace).returncode == 0
    readme = (workspace / "README.md").read_text(encoding="utf-8")
    assert "| `seq` |" in readme and "| `sequence` |" not in readme
    assert "Hand-written prose the build keeps." in readme
    assert run(workspace, "--check").returncode == 0


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
    assert sorted(p.name for p in (workspace / "exports" / "articles").iterdir()) == sorted(
        f"{article}.html" for article in (ANNOTATED, REVIEWED))


def test_build_restores_the_garbage_collector(workspace):
    with contextlib.redirect_stdout(io.StringIO()):
        code = validate.main(["--claims", str(workspace / "claims"), "--exports", str(workspace / "exports"),
                              "--readme", str(workspace / "README.md")])
    assert code == 0 and gc.isenabled()
