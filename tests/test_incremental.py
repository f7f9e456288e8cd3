"""Incremental builds (pipeline/cache.py): a build that reuses .build-cache/ is byte for byte a clean build.

* Random sequences of edits (a claim's text, a verdict, a source's name, an article added, copied with its ids,
  deleted, broken and fixed): after each, the build with the cache and a clean build (``--no-cache``) of the same
  workspace give the same exit code, output, exports/ and README.
* Only what changed is read or rendered again, so the equality above is about cached results.
* A truncated, corrupt, foreign or out-of-date entry is ignored and made again, never trusted.
* ``--check`` rebuilds and compares: a tampered export is stale, whatever the cache holds.
* A failed build leaves exports/ alone, and its problems replayed from the cache read exactly the same.

``INCREMENTAL_STEPS=200 python -m pytest tests/test_incremental.py`` runs longer sequences.
"""

from __future__ import annotations

import datetime
import difflib
import os
import random
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import pipeline
import schema
from conftest import append, edit, run, snapshot
from pipeline import cache as build_cache
from pipeline import load, validation
from pipeline import tables as table_files
from pipeline.render import claimreview, viewer

STEPS = int(os.environ.get("INCREMENTAL_STEPS", "12"))
CACHE = build_cache.DIRECTORY


@pytest.fixture
def counted(monkeypatch) -> dict[str, list[str]]:
    """The articles whose files are read, whose rows are checked, and whose page and ClaimReviews are made, by the
    builds of a test (not taken from a cache)."""
    seen: dict[str, list[str]] = {"parts": [], "checked": [], "pages": [], "claimreviews": []}
    part, problems, made, documents = (load.article_part, validation._pandera_problems, viewer._made,
                                       claimreview.documents)

    def counting_part(path, has_reviews):
        seen["parts"].append(path.stem)
        return part(path, has_reviews)

    def counting_problems(table, frame, skip_null):
        if table == "articles":
            seen["checked"] += frame["article_id"].tolist()
        return problems(table, frame, skip_null)

    def counting_made(tables, texts, title):
        seen["pages"] += tables["articles"]["article_id"].tolist()
        return made(tables, texts, title)

    def counting_documents(tables, card):
        seen["claimreviews"] += tables["articles"]["article_id"].tolist()
        return documents(tables, card)

    monkeypatch.setattr(load, "article_part", counting_part)
    monkeypatch.setattr(validation, "_pandera_problems", counting_problems)
    monkeypatch.setattr(viewer, "_made", counting_made)
    monkeypatch.setattr(claimreview, "documents", counting_documents)
    return seen


def nothing(seen: dict[str, list[str]]) -> dict[str, list[str]]:
    """Forget what the builds so far did (``counted``)."""
    for done in seen.values():
        done.clear()
    return seen


def state(root: Path, result) -> tuple:
    return result.returncode, result.stdout, result.stderr, snapshot(root / "exports"), (root / "README.md").read_bytes()


def clean_build_of(workspace: Path, tmp: Path) -> tuple:
    """What a clean build does to a copy of the workspace as it is now (claims/, exports/ and README; no cache)."""
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for name in ("claims", "exports"):
        if (workspace / name).exists():
            shutil.copytree(workspace / name, tmp / name)
    shutil.copy(workspace / "README.md", tmp / "README.md")
    return state(tmp, run(tmp, "--no-cache"))


# --- random edits -------------------------------------------------------------------------------------------------

ARTICLE_FILES = (".txt", ".toml", ".reviews.toml")


def _articles(claims: Path) -> list[str]:
    return sorted(p.stem for p in claims.glob("*.toml") if p.name not in ("sources.toml", "dataset.toml")
                  and not p.name.endswith(".reviews.toml"))


def _lines(path: Path, pattern: str) -> list[re.Match]:
    return list(re.finditer(pattern, path.read_text(encoding="utf-8"), re.M))


def _rewrite(path: Path, match: re.Match, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:match.start()] + new + text[match.end():], encoding="utf-8")


def _card_articles(claims: Path, change) -> None:
    card = claims / "dataset.toml"
    match = _lines(card, r"^articles = \[(.*)\]$")[0]
    ids = re.findall(r'"([^"]+)"', match.group(1))
    _rewrite(card, match, "articles = [" + ", ".join(f'"{a}"' for a in sorted(change(ids))) + "]")


def edit_claim(claims: Path, rng: random.Random) -> str:
    article = rng.choice(_articles(claims))
    path = claims / f"{article}.toml"
    match = rng.choice(_lines(path, r'^claim = "(.*)"$'))
    _rewrite(path, match, f'claim = "{match.group(1)} {rng.choice(["Again.", "Or so.", "Edited."])}"')
    return f"claim text in {article}"


def toggle_drafted(claims: Path, rng: random.Random) -> str:
    """Mark a statement drafted (a notice naming its file:line), or confirm it again."""
    article = rng.choice(_articles(claims))
    path = claims / f"{article}.toml"
    match = rng.choice(_lines(path, r'^claim = ".*"\n(drafted = true\n)?'))
    _rewrite(path, match, match.group(0).replace("drafted = true\n", "") if match.group(1)
             else match.group(0) + "drafted = true\n")
    return f"{'confirmed' if match.group(1) else 'drafted'} a statement of {article}"


def remember(broken: dict[Path, str | None], *paths: Path) -> None:
    """Keep what a file held before an edit that may make the build fail (None: it did not exist), for ``fix``."""
    for path in paths:
        broken.setdefault(path, path.read_text(encoding="utf-8") if path.exists() else None)


def edit_verdict(claims: Path, rng: random.Random, broken: dict[Path, str | None]) -> str:
    paths = sorted(claims.glob("*.reviews.toml"))
    matches = [(path, m) for path in paths for m in _lines(path, r'^verdict = "(.*)"$')]
    path, match = rng.choice(matches)
    remember(broken, path)
    _rewrite(path, match, f'verdict = "{rng.choice(sorted(schema.VERDICTS))}"')
    return f"verdict in {path.name}"


def rename_source(claims: Path, rng: random.Random, broken: dict[Path, str | None]) -> str:
    path = claims / "sources.toml"
    remember(broken, path)  # a publisher renamed no longer starts its unconfirmed claims' claim_reviewed
    match = rng.choice(_lines(path, r'^name = "(.*)"$'))
    _rewrite(path, match, f'name = "{match.group(1)}{rng.choice([" II", "s", ""])}"')
    return f"source {match.group(1)!r} renamed"


def add_article(claims: Path, rng: random.Random, broken: dict[Path, str | None], keep_ids: bool = False) -> str:
    """A copy of an article (as it was before it was broken) under a new id (``keep_ids``: its claim, review and
    evidence ids unchanged, so that they are duplicates of the original's), listed in dataset.toml most of the time.
    ``fix`` removes it."""
    original = rng.choice(_articles(claims))
    new = f"{original}-copy{rng.randrange(1000)}"
    remember(broken, claims / "dataset.toml", *(claims / f"{new}{suffix}" for suffix in ARTICLE_FILES))
    for suffix in ARTICLE_FILES:
        source = claims / f"{original}{suffix}"
        if source.exists():
            text = broken.get(source) or source.read_text(encoding="utf-8")
            if not keep_ids:
                text = text.replace(original, new)
            (claims / f"{new}{suffix}").write_text(text, encoding="utf-8")
    if rng.random() < 0.8:
        _card_articles(claims, lambda ids: ids + [new])
    return f"added {new}{' with the ids of ' + original if keep_ids else ''}"


def delete_article(claims: Path, rng: random.Random, broken: dict[Path, str | None]) -> str:
    articles = _articles(claims)
    if len(articles) < 2:
        return add_article(claims, rng, broken)
    article = rng.choice(articles)
    remember(broken, claims / "dataset.toml", *(claims / f"{article}{suffix}" for suffix in ARTICLE_FILES))
    for suffix in ARTICLE_FILES:
        (claims / f"{article}{suffix}").unlink(missing_ok=True)
    _card_articles(claims, lambda ids: [a for a in ids if a != article])
    return f"deleted {article}"


def break_article(claims: Path, rng: random.Random, broken: dict[Path, str | None]) -> str:
    """Change one word of an article's text (its statement is no longer found) or its TOML's syntax; ``fix`` puts
    it back."""
    article = rng.choice(_articles(claims))
    path = claims / (f"{article}.txt" if rng.random() < 0.6 else f"{article}.toml")
    remember(broken, path)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".txt":
        words = [m for m in re.finditer(r"[a-z]{4,}", text)]
        word = rng.choice(words)
        path.write_text(text[:word.start()] + word.group(0).upper() + text[word.end():], encoding="utf-8")
    else:
        path.write_text(text.replace("]]", "]", 1), encoding="utf-8")
    return f"broke {path.name}"


def misfile_review(claims: Path, rng: random.Random, broken: dict[Path, str | None]) -> str:
    """Point a review or evidence entry at another article's claim: one that exists, or a malformed id that starts
    like it (left in its file, where it does not belong); ``fix`` puts it back."""
    paths = sorted(claims.glob("*.reviews.toml"))
    matches = [(path, m) for path in paths for m in _lines(path, r'^claim_id = "(.*)"$')]
    others = _articles(claims)
    if not matches or len(others) < 2:
        return "nothing to misfile"
    path, match = rng.choice(matches)
    other = rng.choice([a for a in others if not path.name.startswith(f"{a}.")] or others)
    remember(broken, path)
    claim_id = rng.choice([f"{other}-001", f"{other}-01", other])  # a claim of it, or malformed
    _rewrite(path, match, f'claim_id = "{claim_id}"')
    return f"{path.name}: claim_id {claim_id}"


def fix(broken: dict[Path, str | None]) -> str:
    """Put back every file as it was before the first edit since the last fix that may break the build (only a
    claim's text is edited for good)."""
    for path, text in broken.items():
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, encoding="utf-8")
    fixed = sorted(p.name for p in broken)
    broken.clear()
    return f"fixed {fixed}"


def _diff(clean: str, incremental: str) -> str:
    return "\n".join(difflib.unified_diff(clean.splitlines(), incremental.splitlines(), "clean", "incremental",
                                         lineterm=""))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_build_as_a_clean_build(workspace: Path, tmp_path: Path, seed: int, counted):
    rng = random.Random(seed)
    claims = workspace / "claims"
    broken: dict[Path, str | None] = {}
    assert run(workspace).returncode == 0  # fills the cache
    history, codes = [], set()
    for _ in range(STEPS):
        kind = rng.choice(["claim", "verdict", "source", "add", "copy", "delete", "break", "misfile", "fix", "fix",
                           "drafted", "nothing"])
        history.append({"claim": lambda: edit_claim(claims, rng), "drafted": lambda: toggle_drafted(claims, rng),
                        "verdict": lambda: edit_verdict(claims, rng, broken),
                        "source": lambda: rename_source(claims, rng, broken),
                        "add": lambda: add_article(claims, rng, broken),
                        "copy": lambda: add_article(claims, rng, broken, keep_ids=True),
                        "delete": lambda: delete_article(claims, rng, broken),
                        "break": lambda: break_article(claims, rng, broken),
                        "misfile": lambda: misfile_review(claims, rng, broken), "fix": lambda: fix(broken),
                        "nothing": lambda: "nothing"}[kind]())
        clean = clean_build_of(workspace, tmp_path / "clean")
        incremental = state(workspace, run(workspace))
        history.append(f"exit {incremental[0]}")
        assert incremental[:3] == clean[:3], (history, _diff(clean[2], incremental[2]))
        assert incremental[3] == clean[3], history
        assert incremental[4] == clean[4], history
        codes.add(incremental[0])
        if incremental[0] == 0:
            checked = run(workspace, "--check")
            assert checked.returncode == 0, (history, checked.stderr)
    assert {0, 1} <= codes, history  # valid and invalid states both compared
    assert counted["parts"] and counted["pages"] and counted["checked"]


def test_only_what_changed_is_read_checked_or_rendered_again(workspace: Path, counted):
    assert run(workspace).returncode == 0
    nothing(counted)
    assert run(workspace).returncode == 0
    assert counted == {kind: [] for kind in counted}  # nothing changed: everything from the cache

    edit_claim_of = "northport-ferry-2024"
    path = workspace / "claims" / f"{edit_claim_of}.toml"
    match = _lines(path, r'^claim = "(.*)"$')[0]
    _rewrite(path, match, f'claim = "{match.group(1)} Edited."')
    assert run(workspace).returncode == 0
    assert counted == {"parts": [edit_claim_of], "checked": [edit_claim_of], "pages": [edit_claim_of],
                       "claimreviews": [edit_claim_of]}

    nothing(counted)
    edit(workspace / "claims" / "sources.toml", 'name = "Valley Radio"', 'name = "Valley Radio FM"')
    assert run(workspace).returncode == 0
    assert counted == {"parts": [], "checked": ["alder-dam-2025"], "pages": ["alder-dam-2025"],
                       "claimreviews": ["alder-dam-2025"]}  # the only article that names it


def _edit_first_claim(workspace: Path, article: str, words: str = "Edited.") -> None:
    path = workspace / "claims" / f"{article}.toml"
    match = _lines(path, r'^claim = "(.*)"$')[0]
    _rewrite(path, match, f'claim = "{match.group(1)} {words}"')


def test_an_unchanged_article_is_taken_from_the_snapshot_without_its_part(workspace: Path, monkeypatch):
    assert run(workspace).returncode == 0
    _edit_first_claim(workspace, "northport-ferry-2024")
    read: list[str] = []
    get = build_cache.Cache.get

    def counting_get(self, kind, key):
        read.append(kind)
        return get(self, kind, key)

    monkeypatch.setattr(build_cache.Cache, "get", counting_get)
    assert run(workspace).returncode == 0
    assert read.count("snapshot") == 1 and read.count("load") == 1  # the edited article's part only
    assert read.count("pages") == read.count("claimreviews") == 1  # the bundles, and the edited article's own
    assert read.count("page") == read.count("claimreview") == 1  # entries (new: it is made again)


def test_a_bundle_is_written_again_once_more_than_root_n_entries_were_not_in_it(tmp_path: Path):
    cache = build_cache.Cache(tmp_path)
    first = build_cache.Bundle(cache, "page")
    for key in "abcd":
        assert first.get(key) is None
        first.put(key, key.upper())
    first.close()  # none held: written
    assert cache.get("pages", cache.key("pages")) == {"a": "A", "b": "B", "c": "C", "d": "D"}
    second = build_cache.Bundle(cache, "page")
    assert [second.get(key) for key in "abcd"] == ["A", "B", "C", "D"]
    for key in "ef":  # 2 of 6 missed: 4 ≤ 6, the bundle still serves
        assert second.get(key) is None
        second.put(key, key.upper())
    second.close()
    assert cache.get("pages", cache.key("pages")) == {"a": "A", "b": "B", "c": "C", "d": "D"}
    third = build_cache.Bundle(cache, "page")
    assert [third.get(key) for key in "abcdef"] == ["A", "B", "C", "D", "E", "F"]  # e, f from their own entries
    third.get("g")
    third.put("g", "G")
    third.close()  # 3 of 7 missed: 9 > 7
    assert cache.get("pages", cache.key("pages")) == {key: key.upper() for key in "abcdefg"}


def test_the_snapshot_is_written_again_once_more_than_root_n_articles_were_read(workspace: Path):
    """Each article read from its part, not the snapshot, costs that part's reading at every build; the snapshot,
    which holds every row, is written again once they are more than √n of the n articles (here 2: two)."""
    assert run(workspace).returncode == 0
    [entry] = entries(workspace, "snapshot")
    written = entry.read_bytes()
    _edit_first_claim(workspace, "northport-ferry-2024")
    assert run(workspace).returncode == 0
    assert entry.read_bytes() == written  # one article of two read from its part
    _edit_first_claim(workspace, "alder-dam-2025")
    assert run(workspace).returncode == 0
    rewritten = entry.read_bytes()
    kept = build_cache.Cache(workspace / CACHE).get("snapshot", entry.name.removeprefix("snapshot-"))
    assert isinstance(kept, load.Snapshot) and rewritten != written
    keys = pipeline.build(workspace / "claims", build_cache.beside(workspace / "claims", writable=False)).keys
    assert {article_id: article.key for article_id, article in kept.articles.items()} == keys  # as they are now
    assert run(workspace).returncode == 0 and entry.read_bytes() == rewritten  # every article kept: not written


def test_a_drafted_statement_of_a_kept_article_is_noticed_where_it_is(workspace: Path, tmp_path: Path):
    """The notice names the statement's file:line, which a kept article gives from its part, read for this."""
    path = workspace / "claims" / "alder-dam-2025.toml"
    _rewrite(path, _lines(path, r'^claim = ".*"\n')[1], _lines(path, r'^claim = ".*"\n')[1].group(0)
             + "drafted = true\n")
    assert run(workspace).returncode == 0
    _edit_first_claim(workspace, "northport-ferry-2024")
    clean = clean_build_of(workspace, tmp_path / "clean")
    incremental = state(workspace, run(workspace))
    assert "alder-dam-2025.toml:" in incremental[1] and "drafted" in incremental[1]
    assert incremental == clean


def test_an_article_reusing_a_kept_articles_ids_is_reported_as_in_a_clean_build(workspace: Path, tmp_path: Path):
    """Its rows are duplicates of rows taken from the snapshot: every article is read again, so the duplicate is
    reported where a clean build reports it."""
    assert run(workspace).returncode == 0
    claims = workspace / "claims"
    for suffix in ARTICLE_FILES:
        shutil.copy(claims / f"alder-dam-2025{suffix}", claims / f"alder-dam-2025-copy{suffix}")
    _card_articles(claims, lambda ids: ids + ["alder-dam-2025-copy"])
    clean = clean_build_of(workspace, tmp_path / "clean")
    incremental = state(workspace, run(workspace))
    assert incremental[0] == 1 and "has this claim_id too" in incremental[2]
    assert incremental == clean, _diff(clean[2], incremental[2])


def test_a_source_no_article_names_changes_no_article(workspace: Path, counted):
    assert run(workspace).returncode == 0
    append(workspace / "claims" / "sources.toml", '\n[[sources]]\nsource_id = "harbour-gazette"\n'
           'name = "Harbour Gazette"\nkind = "news_website"\ndescription = "A fictional newspaper."\n')
    nothing(counted)
    assert run(workspace).returncode == 1  # an unused source is a problem of the sources, checked whole
    assert counted == {kind: [] for kind in counted}


@pytest.mark.parametrize("seed", range(40))
def test_kept_and_fresh_rows_merge_as_one_sorted_frame(seed: int):
    """``load.merged`` (slices of the kept rows, the fresh ones put in between) is the stable sort of both, ties,
    nulls and an empty side included."""
    rng = random.Random(seed)

    def frame(n: int, nulls: bool) -> pd.DataFrame:
        ids = [rng.choice(["a", "b", "b-1", "c", "é", "z"]) for _ in range(n)]
        return pd.DataFrame({"id": pd.Series([None if nulls and rng.random() < 0.1 else i for i in ids], dtype="str"),
                             "seq": pd.Series([rng.randrange(4) for _ in ids], dtype="Int32"),
                             "row": pd.Series([f"{seed}-{n}-{k}" for k in range(n)], dtype="str")})

    keys = ["id", "seq"]
    kept = frame(rng.randrange(12), nulls=seed % 4 == 0).sort_values(keys, kind="stable").reset_index(drop=True)
    fresh = frame(rng.randrange(6), nulls=True).sort_values(keys, kind="stable").reset_index(drop=True)
    expected = pd.concat([kept, fresh], ignore_index=True).sort_values(keys, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(load.merged(kept, fresh, keys), expected)


def test_fresh_rows_go_in_among_the_kept_ones_by_their_key():
    kept = pd.DataFrame({"id": pd.Series(["a", "c", "e"], dtype="str")})
    fresh = pd.DataFrame({"id": pd.Series(["b", "d", "d2", None], dtype="str")})
    assert load.merged(kept, fresh, ["id"])["id"].fillna("(null)").tolist() == ["a", "b", "c", "d", "d2", "e", "(null)"]


def test_a_table_of_slices_exports_the_bytes_of_the_same_table_in_one_piece(workspace: Path):
    """A merged table's columns are lists of slices; its Parquet must still be a clean build's. (Parquet pages and
    the fallback from a dictionary past its size limit follow the pieces: seen at 100k statements.)"""
    tables = pipeline.build(workspace / "claims").tables
    evidence = pd.concat([tables["evidence"]] * (3600 // len(tables["evidence"]) + 1), ignore_index=True)
    evidence["quote"] = pd.Series([f"{k:05d} " + "words " * 80 for k in range(len(evidence))], dtype="str")
    sliced = pd.concat([evidence.iloc[:1001], evidence.iloc[1001:2999], evidence.iloc[2999:]], ignore_index=True)
    assert table_files.render(tables | {"evidence": sliced})[0] == table_files.render(tables | {"evidence": evidence})[0]


# --- entries that must not be trusted -----------------------------------------------------------------------------

def entries(workspace: Path, kind: str) -> list[Path]:
    return sorted((workspace / CACHE).glob(f"{kind}-*"))


def _entry_of(workspace: Path, article: str) -> Path:
    """The load entry of one article (the one whose payload names it)."""
    return next(p for p in entries(workspace, "load") if f"{article}.txt".encode() in p.read_bytes())


def _truncate(path: Path, other: Path) -> None:
    path.write_bytes(path.read_bytes()[:len(path.read_bytes()) // 2])


def _flip_payload_byte(path: Path, other: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-20] ^= 0x01
    path.write_bytes(bytes(data))


def _flip_key_byte(path: Path, other: Path) -> None:
    data = bytearray(path.read_bytes())
    at = len(build_cache.FORMAT) + 3
    data[at] = ord("0") if data[at] != ord("0") else ord("1")
    path.write_bytes(bytes(data))


def _other_article(path: Path, other: Path) -> None:
    path.write_bytes(other.read_bytes())  # a valid entry, of another key


def _other_code(path: Path, other: Path) -> None:
    """The same entry, written by a build of other code under this name (its stored key is that code's)."""
    kind, _, key = path.name.partition("-")
    stale = build_cache.Cache(path.parent)
    stale.code = b"another version of the build"
    stale_key = stale.key(kind, b"whatever")
    stale.put(kind, stale_key, build_cache.Cache(path.parent).get(kind, key))
    (path.parent / f"{kind}-{stale_key}").replace(path)


def _empty(path: Path, other: Path) -> None:
    path.write_bytes(b"")


BAD_ENTRIES = [_truncate, _flip_payload_byte, _flip_key_byte, _other_article, _other_code, _empty]


@pytest.mark.parametrize("corrupt", BAD_ENTRIES)
def test_a_bad_part_is_ignored_and_made_again(workspace: Path, tmp_path: Path, corrupt, counted):
    assert run(workspace).returncode == 0
    clean = clean_build_of(workspace, tmp_path / "clean")
    entries(workspace, "snapshot")[0].unlink()  # so that every article is taken from its part
    target, other = _entry_of(workspace, "alder-dam-2025"), _entry_of(workspace, "northport-ferry-2024")
    corrupt(target, other)
    reader = build_cache.Cache(workspace / CACHE)
    assert reader.get("load", target.name.removeprefix("load-")) is None
    counted["parts"].clear()
    assert state(workspace, run(workspace)) == clean
    assert counted["parts"] == ["alder-dam-2025"]  # made again, and only it
    assert isinstance(reader.get("load", target.name.removeprefix("load-")), load.Part)  # and overwritten


@pytest.mark.parametrize("kind", ["snapshot", "pages", "claimreviews"])
@pytest.mark.parametrize("corrupt", BAD_ENTRIES)
def test_a_bad_snapshot_or_bundle_is_ignored_and_made_again(workspace: Path, tmp_path: Path, kind: str, corrupt,
                                                            counted):
    assert run(workspace).returncode == 0
    clean = clean_build_of(workspace, tmp_path / "clean")
    [target], other = entries(workspace, kind), _entry_of(workspace, "northport-ferry-2024")
    written = target.read_bytes()
    corrupt(target, other)
    reader = build_cache.Cache(workspace / CACHE)
    assert reader.get(kind, target.name.removeprefix(f"{kind}-")) is None
    nothing(counted)
    assert state(workspace, run(workspace)) == clean
    assert counted == {kind: [] for kind in counted}  # every article from its own entries, still certified
    assert target.read_bytes() == written  # written again


def test_a_cache_of_another_code_version_is_not_used(workspace: Path, monkeypatch, counted):
    assert run(workspace).returncode == 0
    monkeypatch.setattr(build_cache, "code_version", lambda: b"the build's code, edited")
    counted["parts"].clear()
    counted["pages"].clear()
    assert run(workspace).returncode == 0
    assert sorted(counted["parts"]) == sorted(counted["pages"]) == ["alder-dam-2025", "northport-ferry-2024"]


def test_the_code_version_covers_the_build_code_and_libraries():
    version = build_cache.code_version()
    assert version == build_cache.code_version()
    assert {"pandas", "pandera", "pyarrow"} <= set(build_cache.PACKAGES)


# --- --check and failed builds ------------------------------------------------------------------------------------

def test_check_reports_a_tampered_export_whatever_the_cache_holds(workspace: Path):
    assert run(workspace).returncode == 0
    page = workspace / "exports" / "articles" / "alder-dam-2025.html"
    tampered = page.read_bytes().replace(b"Alder", b"Elder", 1)
    page.write_bytes(tampered)
    for entry in entries(workspace, "page"):  # the cached pages hold the tampered bytes too (checksums unchanged)
        data = entry.read_bytes()
        entry.write_bytes(data.replace(b"Alder", b"Elder", 1))
    checked = run(workspace, "--check")
    assert checked.returncode == 1
    assert "exports/articles/alder-dam-2025.html: stale" in checked.stderr
    assert run(workspace, "--check", "--no-cache").returncode == 1


def test_check_writes_no_cache(workspace: Path):
    assert run(workspace, "--check").returncode == 0
    assert not (workspace / CACHE).exists()


def test_a_failed_build_replays_the_same_problems_and_leaves_exports_alone(workspace: Path, tmp_path: Path,
                                                                         counted):
    assert run(workspace).returncode == 0
    before = snapshot(workspace / "exports")
    text = workspace / "claims" / "northport-ferry-2024.txt"
    original = text.read_text(encoding="utf-8")
    word = re.search(r"[a-z]{6,}", original)
    assert word
    text.write_text(original[:word.start()] + word.group(0).upper() + original[word.end():], encoding="utf-8")
    first = run(workspace)
    assert first.returncode == 1 and "statement_in_article" in first.stderr
    counted["parts"].clear()
    again = run(workspace)  # the broken article's part, problems and all, from the cache
    assert counted["parts"] == []
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)
    assert clean_build_of(workspace, tmp_path / "clean")[:3] == (first.returncode, first.stdout, first.stderr)
    assert snapshot(workspace / "exports") == before
    text.write_text(original, encoding="utf-8")
    assert run(workspace).returncode == 0
    assert snapshot(workspace / "exports") == before


def test_a_build_keeps_only_the_entries_it_used(workspace: Path):
    assert run(workspace).returncode == 0
    first = {p.name for p in (workspace / CACHE).iterdir()}
    assert len(first) == 10  # a part, a page and ClaimReviews per article, the certificates, the snapshot, bundles
    edit(workspace / "claims" / "sources.toml", 'name = "Valley Radio"', 'name = "Valley Radio FM"')
    assert run(workspace).returncode == 0
    second = {p.name for p in (workspace / CACHE).iterdir()}
    assert len(second) == 10 and len(first & second) == 8  # all but the page and ClaimReviews of the article citing it


def test_an_unwritable_cache_only_costs_time(workspace: Path, tmp_path: Path):
    (workspace / CACHE).write_text("not a directory")
    clean = clean_build_of(workspace, tmp_path / "clean")
    assert state(workspace, run(workspace)) == clean


def test_a_certificate_holds_while_its_latest_review_is_not_in_the_future():
    today = datetime.date.today()
    assert pipeline._still_valid("") and pipeline._still_valid(today.isoformat())
    assert not pipeline._still_valid((today + datetime.timedelta(days=1)).isoformat())
    assert not pipeline._still_valid(None) and not pipeline._still_valid(True)


@pytest.mark.parametrize("claim_id", ["alder-dam-2025", "alder-dam-2025-001"])
def test_a_review_pointed_at_a_certified_article_is_checked_as_in_a_clean_build(workspace: Path, tmp_path: Path,
                                                                                claim_id: str):
    """A review of one article that names another, certified, article (its id, malformed, or one of its claims) is
    checked where it was read: the build reports what a clean build reports."""
    assert run(workspace).returncode == 0  # certifies both articles
    reviews = workspace / "claims" / "northport-ferry-2024.reviews.toml"
    _rewrite(reviews, _lines(reviews, r'^claim_id = "(.*)"$')[0], f'claim_id = "{claim_id}"')
    clean = clean_build_of(workspace, tmp_path / "clean")
    incremental = state(workspace, run(workspace))
    assert incremental[0] == 1 and incremental[:3] == clean[:3], _diff(clean[2], incremental[2])


def test_a_page_changed_in_exports_is_made_again(workspace: Path, tmp_path: Path, counted):
    """A page is taken from exports/ only if it is byte for byte the page made for the same key."""
    assert run(workspace).returncode == 0
    page = workspace / "exports" / viewer.ARTICLES_DIR / "northport-ferry-2024.html"
    page.write_bytes(page.read_bytes().replace(b"</h1>", b" (edited)</h1>", 1))
    nothing(counted)
    assert run(workspace).returncode == 0
    assert counted["pages"] == ["northport-ferry-2024"]
    assert snapshot(workspace / "exports") == clean_build_of(workspace, tmp_path / "clean")[3]
