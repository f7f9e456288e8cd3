"""What a hostile (or unlucky) input still found (issue 13), each closed:

* a file in claims/ that is no regular file (a named pipe hung the build for ever; a link could publish a file from
  outside the dataset): refused at once, at ``claims/<name>:1``, exit code 2;
* markup in the data (a README marker, ``<script>``, ``<img onerror>``, a link, a table pipe): escaped in every
  generated block of the README, so a build neither duplicates a block nor injects markup, and a second build
  changes nothing;
* a findings list of thousands of rows: summarised, and built in one pass over the evidence.

Builds that could hang if the code regressed run in a subprocess with a short timeout.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

import schema
from conftest import FIXTURES, REVIEWED, blank_readme, edit, run, snapshot
from pipeline.render import readme

TIMEOUT = 30  # seconds: a fixture build takes well under one; a build waiting on a named pipe would never end
TEXT, TOML, REVIEWS = f"{REVIEWED}.txt", f"{REVIEWED}.toml", f"{REVIEWED}.reviews.toml"


def build(workspace: Path, *args: str) -> subprocess.CompletedProcess:
    """validate.py on a workspace, interrupted (failing the test) if it hangs: SIGALRM breaks a blocking open()
    of a named pipe, which a regressed build would otherwise wait on forever."""

    def hung(signum, frame):
        raise TimeoutError(f"the build hung for {TIMEOUT} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(TIMEOUT)
    try:
        return run(workspace, *args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def refused(workspace: Path, name: str, *what: str) -> None:
    """The build refuses claims/<name> at line 1, saying what it is, with exit code 2, and writes nothing."""
    exports, readme_before = snapshot(workspace / "exports"), (workspace / "README.md").read_bytes()
    start = time.monotonic()
    result = build(workspace)
    assert time.monotonic() - start < TIMEOUT / 2
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    line = next((line for line in result.stderr.splitlines() if line.startswith(f"claims/{name}:1: ")), None)
    assert line is not None, result.stderr
    assert "not a regular file" in line and all(part in line for part in what), line
    assert snapshot(workspace / "exports") == exports
    assert (workspace / "README.md").read_bytes() == readme_before


# --- Files that are no regular files -----------------------------------------------------------


@pytest.mark.parametrize("name", [TEXT, TOML, REVIEWS, "sources.toml", "dataset.toml", "stray.txt", "notes"])
def test_a_named_pipe_is_refused_without_being_opened(workspace, name):
    path = workspace / "claims" / name
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    refused(workspace, name, "a named pipe (FIFO)")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix domain sockets")
@pytest.mark.parametrize("name", [TEXT, REVIEWS])
def test_a_socket_is_refused(workspace, name, monkeypatch):
    (workspace / "claims" / name).unlink()
    monkeypatch.chdir(workspace / "claims")  # a relative name: a socket's path is limited to about 100 bytes
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(name)
        refused(workspace, name, "a socket")


@pytest.mark.parametrize("name", [TEXT, "stray.txt", f"{REVIEWED}.toml"])
def test_a_directory_named_like_a_file_is_refused(workspace, name):
    path = workspace / "claims" / name
    path.unlink(missing_ok=True)
    path.mkdir()
    (path / "inside.txt").write_text("not read", encoding="utf-8")
    refused(workspace, name, "a directory")


def test_a_symbolic_link_out_of_claims_is_refused(workspace, tmp_path):
    """Even to a copy of the very text it replaces: a link out of claims/ would publish what is not in the dataset."""
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes((workspace / "claims" / TEXT).read_bytes())
    (workspace / "claims" / TEXT).unlink()
    (workspace / "claims" / TEXT).symlink_to(outside)
    refused(workspace, TEXT, "a symbolic link", str(outside), "outside claims/")


def test_a_symbolic_link_to_a_named_pipe_outside_is_refused(workspace, tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (workspace / "claims" / REVIEWS).unlink()
    (workspace / "claims" / REVIEWS).symlink_to(tmp_path / "pipe")
    refused(workspace, REVIEWS, "a symbolic link", "outside claims/")


def test_a_symbolic_link_inside_claims_is_refused_too(workspace):
    """claims/ holds regular files only: a link inside it would give one text two names (and a checkout without
    links turns it into a file holding the target's path)."""
    claims = workspace / "claims"
    (claims / TEXT).rename(claims / f".{TEXT}")  # a hidden file: not part of the dataset, never read
    (claims / TEXT).symlink_to(f".{TEXT}")
    refused(workspace, TEXT, "a symbolic link", "inside claims/")


def test_a_dangling_link_is_refused_not_skipped(workspace):
    """A reviews file that is a broken link is reported, not read as absent (which would drop every review)."""
    (workspace / "claims" / REVIEWS).unlink()
    (workspace / "claims" / REVIEWS).symlink_to("no-such-file.toml")
    refused(workspace, REVIEWS, "a symbolic link")


def test_a_hidden_named_pipe_is_ignored(workspace):
    """Hidden entries are not part of the dataset: never opened, so a pipe among them hangs nothing."""
    os.mkfifo(workspace / "claims" / ".editor-pipe")
    result = build(workspace, "--check")
    assert result.returncode == 0, result.stderr


# --- Markup in the data -------------------------------------------------------------------------------

# Every block's markers, raw HTML, and the Markdown of a table cell break, emphasis, a link, an image and code.
PAYLOAD = (" ".join(f"{readme.begin(block)} {readme.end(block)}" for block in readme.BLOCKS)
           + " <img src=x onerror=alert(1)> <script>alert(1)</script> a | b **bold** _em_"
           " [link](javascript:alert(1)) ![image](https://example.org/x.png) `code` &amp; $x$ <https://example.org/>")
HOSTILE_URL = "https://example.org/port/fares)<script>alert(1)</script><!--findings:end-->"
CLAIM = f"{REVIEWED}-002"  # Refuted, with an attribution that differs: in both findings tables


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The fixture corpus with the payload in a statement (and its article text), a claim, a source's name and
    description, a headline, a justification, a corrected claim, an evidence publisher and URL, and the card."""
    root = tmp_path_factory.mktemp("hostile")
    claims = root / "claims"
    shutil.copytree(FIXTURES / "claims", claims)
    statement = "According to the Northport Courier, a return ticket costs about 9 euros,"
    hostile_statement = f"According to the Northport Courier {PAYLOAD}, a return ticket costs about 9 euros,"
    edit(claims / TEXT, statement, hostile_statement)
    text_hash = hashlib.sha256((claims / TEXT).read_bytes()).hexdigest()
    toml = (claims / TOML).read_text(encoding="utf-8")
    toml = re.sub(r'text_sha256 = "[0-9a-f]+"', f'text_sha256 = "{text_hash}"', toml, count=1)
    (claims / TOML).write_text(toml, encoding="utf-8")
    edit(claims / TOML, f"statement = {_q(statement)}", f"statement = {_q(hostile_statement)}")
    edit(claims / TOML, 'claim = "A return ticket for the Northport harbour ferry costs about 9 euros."',
         f'claim = {_q("A return ticket for the Northport harbour ferry costs about 9 euros " + PAYLOAD + ".")}')
    edit(claims / TOML, 'title = "Northport ferry makes its first crossing"',
         f'title = {_q("Northport ferry makes its first crossing " + PAYLOAD)}')
    edit(claims / "sources.toml", 'name = "Northport Courier"', f'name = {_q("Northport Courier " + PAYLOAD)}')
    edit(claims / "sources.toml", 'description = "Fictional newspaper the ferry article cites on ticket prices."',
         f'description = {_q("Fictional newspaper " + PAYLOAD)}')
    edit(claims / REVIEWS, f"({CLAIM}-e1). The Courier's", f"({CLAIM}-e1) {PAYLOAD}. The Courier's")
    edit(claims / REVIEWS, 'corrected_claim = "A return ticket costs 15 euros."',
         f'corrected_claim = {_q("A return ticket costs 15 euros " + PAYLOAD + ".")}')
    edit(claims / REVIEWS, 'url = "https://example.org/port/fares"\npublisher = "Example Port Notices"',
         f'url = {_q(HOSTILE_URL)}\npublisher = {_q("Example Port Notices " + PAYLOAD)}')
    edit(claims / "dataset.toml", 'title = "Fixture corpus: two fictional articles"',
         f'title = {_q("Fixture corpus " + PAYLOAD)}')
    edit(claims / "dataset.toml", 'limitations = "Fictional: nothing here is a fact about the world."',
         f'limitations = {_q("1. Fictional " + PAYLOAD)}')
    (root / "README.md").write_text(blank_readme(), encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root


def _outside_markers(text: str) -> str:
    """The README's Markdown (after its YAML front matter) without its markers: what the blocks hold."""
    text = text[text.index("\n---\n", 3):]
    for block in readme.BLOCKS:
        text = text.replace(readme.begin(block), "").replace(readme.end(block), "")
    return text


def _without_code_blocks(text: str) -> str:
    return re.sub(r"^(`{3,}).*?^\1$", "", text, flags=re.MULTILINE | re.DOTALL)


def test_markup_in_the_data_leaves_each_block_once(hostile):
    text = (hostile / "README.md").read_text(encoding="utf-8")
    for block in readme.BLOCKS:
        assert text.count(f"<!-- {block}:begin") == 1 and text.count(readme.begin(block)) == 1, block
        assert text.count(f"<!-- {block}:end") == 1, block
    assert text.count("<!--") == 2 * len(readme.BLOCKS)


def test_a_second_build_changes_nothing_and_check_passes(hostile):
    before = (hostile / "README.md").read_bytes()
    result = build(hostile)
    assert result.returncode == 0, result.stderr
    assert "wrote 0 changed file(s)" in result.stdout
    assert (hostile / "README.md").read_bytes() == before
    result = build(hostile, "--check")
    assert result.returncode == 0, result.stderr


def test_no_markup_from_the_data_reaches_the_readme(hostile):
    text = _outside_markers((hostile / "README.md").read_text(encoding="utf-8"))
    for raw in ("<script", "<img", "<!--", "-->", "<https://example.org/>"):
        assert raw not in text, raw
    markdown = _without_code_blocks(text)  # a code block shows its text as is: the citation's title, in BibTeX
    for raw in ("![image]", "**bold**", "`code`"):
        assert raw not in markdown, raw
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)  # "\](" is an escaped bracket: shown, not a link
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text  # shown, as text
    assert "&amp;amp;" in text  # an entity in the data is shown as written, not decoded


def test_findings_rows_keep_their_columns(hostile):
    """An escaped "|" does not split a cell: every row of a generated table has as many cells as its header."""
    text = (hostile / "README.md").read_text(encoding="utf-8")
    for block in ("findings", "articles", "sources"):
        body = text[text.index(readme.begin(block)):text.index(readme.end(block))]
        columns = None
        for line in body.splitlines():
            if not line.startswith("|"):
                columns = None
                continue
            cells = len(re.findall(r"(?<!\\)\|", line)) - 1
            columns = columns or cells
            assert cells == columns, (block, line)
    findings = text[text.index(readme.begin("findings")):text.index(readme.end("findings"))]
    assert sum(line.startswith(f"| `{CLAIM}` |") for line in findings.splitlines()) == 2


def test_a_link_target_cannot_be_broken_out_of(hostile):
    text = _without_code_blocks(_outside_markers((hostile / "README.md").read_text(encoding="utf-8")))
    targets = re.findall(r"(?<!\\)\]\(([^)]*)\)", text)  # "\](" is an escaped bracket: no link
    assert any(target.startswith("https://example.org/port/fares%29%3Cscript%3E") for target in targets), targets
    assert all(target.startswith(("http://", "https://")) and not re.search(r"[\s<>|\"]", target)
               for target in targets), targets


def test_the_front_matter_quotes_the_card(hostile):
    text = (hostile / "README.md").read_text(encoding="utf-8")
    pretty_name = next(line for line in text.splitlines() if line.startswith("pretty_name: "))
    assert pretty_name.startswith('pretty_name: "Fixture corpus \\u003c!-- title:begin')
    assert not re.search("[<>&]", pretty_name)


# --- Escaping, unit by unit --------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    ("a | b", "a \\| b"),
    ("one\ntwo\r\nthree\u2028four\x85five\tsix", "one two three four five six"),
    ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
    ("[x](https://e.org/) ![y](z)", "\\[x\\](https://e.org/) !\\[y\\](z)"),
    ("*a* _b_ __c__ `d` ~~e~~ $f$ \\g", "\\*a\\* \\_b\\_ \\_\\_c\\_\\_ \\`d\\` \\~\\~e\\~\\~ \\$f\\$ \\\\g"),
    ("not_found and snake_case", "not_found and snake_case"),  # "_" inside a word opens no emphasis
    ("# heading", "\\# heading"),
    ("- item", "\\- item"),
    ("1990. A year", "1990\\. A year"),
    (None, ""),
    (float("nan"), ""),
])
def test_text_escapes_markup(value, expected):
    assert readme._text(value) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://example.org/a_(b)?q=1&r=2", "https://example.org/a_%28b%29?q=1&amp;r=2"),
    ("https://example.org/a b|c<d>\"e", "https://example.org/a%20b%7Cc%3Cd%3E%22e"),
    ("javascript:alert(1)", None),
    ("//example.org/x", None),
    ("data:text/html,<script>", None),
])
def test_url_is_a_safe_http_link_target(url, expected):
    assert readme._url(url) == expected


def test_a_link_that_is_not_http_is_shown_as_text():
    assert readme._link("name", "javascript:alert(1)") == "name"


def test_ids_are_code_only_when_plain():
    assert readme._code("northport-ferry-2024-002") == "`northport-ferry-2024-002`"
    assert readme._code("x` <!-- y") == "x\\` &lt;!-- y"


# --- README.update: markers ----------------------------------------------------------------------------


def test_update_refuses_a_repeated_marker(fixture_build):
    """What earlier builds left when the data held a marker: a second copy of a block. An error, not more copies."""
    copy = f"{readme.begin('findings')}\nold\n{readme.end('findings')}\n"
    polluted = blank_readme() + copy
    with pytest.raises(ValueError, match=r"occurs 2 times in README\.md \(lines \d+, \d+\)"):
        readme.update(polluted, fixture_build.tables, fixture_build.card)
    stray_end = blank_readme().replace(readme.end("findings"), readme.end("findings") + "\n" + readme.end("findings"))
    with pytest.raises(ValueError, match="findings:end"):
        readme.update(stray_end, fixture_build.tables, fixture_build.card)


def test_update_refuses_blocks_out_of_order_or_nested(fixture_build):
    swapped = blank_readme().replace(readme.begin("sources"), "@@").replace(readme.end("sources"), readme.begin(
        "sources")).replace("@@", readme.end("sources"))
    with pytest.raises(ValueError, match="before"):
        readme.update(swapped, fixture_build.tables, fixture_build.card)
    nested = blank_readme().replace(readme.end("title") + "\n", "").replace(
        readme.end("summary"), readme.end("summary") + "\n" + readme.end("title"))
    with pytest.raises(ValueError, match="inside the title block"):
        readme.update(nested, fixture_build.tables, fixture_build.card)


def test_update_refuses_a_front_matter_that_never_ends(fixture_build):
    with pytest.raises(ValueError, match="never ends"):
        readme.update("---\ntitle: x\n" + blank_readme(), fixture_build.tables, fixture_build.card)


def test_a_readme_with_a_repeated_marker_fails_the_build_with_exit_2(workspace):
    path = workspace / "README.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{readme.end('findings')}\n", encoding="utf-8")
    before = path.read_bytes()
    result = build(workspace)
    assert result.returncode == 2
    assert "findings:end" in result.stderr and "occurs 2 times" in result.stderr
    assert path.read_bytes() == before


def test_update_keeps_the_hand_written_text_and_is_idempotent(fixture_build):
    hand = blank_readme().replace(readme.end("summary"), readme.end("summary") + "\nHand-written | *prose*.")
    once = readme.update(hand, fixture_build.tables, fixture_build.card)
    assert "\nHand-written | *prose*.\n" in once
    assert readme.update(once, fixture_build.tables, fixture_build.card) == once


# --- Findings at scale ---------------------------------------------------------------------------------------


NO_CARD = None  # findings() does not read the card


def _findings_tables(corrected: int, unconfirmed: int, evidence_per_claim: int = 2) -> dict[str, pd.DataFrame]:
    """Synthetic tables for ``findings``: ``corrected`` Refuted or Conflicting claims whose attribution is confirmed,
    then ``unconfirmed`` Supported claims whose attribution differs or was not found."""
    n = corrected + unconfirmed
    ids = [f"synthetic-{i // 50:06d}-{i % 50 + 1:03d}" for i in range(n)]
    verdicts = [("Refuted", "Conflicting Evidence/Cherrypicking")[i % 2] for i in range(corrected)]
    verdicts += ["Supported"] * unconfirmed
    checks = ["confirmed"] * corrected + [("differs", "not_found")[i % 2] for i in range(unconfirmed)]
    reviews = pd.DataFrame({
        "claim_id": ids, "verdict": pd.Categorical(verdicts, categories=schema.VERDICTS),
        "attribution_check": pd.Categorical(checks, categories=schema.ATTRIBUTION_CHECKS),
        "justification": [f"Why {i}." for i in range(n)],
        "corrected_claim": [f"Instead {i}." if i < corrected else None for i in range(n)],
    })
    claims = pd.DataFrame({"claim_id": ids, "statement": [f"Statement {i}." for i in range(n)],
                           "source": [f"Source {i % 7}" for i in range(n)]})
    evidence = pd.DataFrame({
        "claim_id": [c for c in ids for _ in range(evidence_per_claim)],
        "publisher": [f"Publisher {j}" for _ in ids for j in range(evidence_per_claim)],
        "url": [f"https://example.net/{c}-e{j}" for c in ids for j in range(evidence_per_claim)],
        "stance": pd.Categorical(["refutes"] * (n * evidence_per_claim), categories=schema.STANCES),
    })
    return {"reviews": reviews, "claims": claims, "evidence": evidence}


def test_findings_list_up_to_the_limit():
    tables = _findings_tables(readme.MAX_ROWS, readme.MAX_ROWS)
    text = readme.findings(tables, NO_CARD)
    rows = [line for line in text.splitlines() if line.startswith("| `synthetic-")]
    assert len(rows) == 2 * readme.MAX_ROWS
    assert "too many to list" not in text
    first = next(line for line in rows if "synthetic-000000-001" in line)
    assert "[Publisher 0](https://example.net/synthetic-000000-001-e0) (refutes), [Publisher 1]" in first


def test_findings_beyond_the_limit_are_summarised():
    limit = readme.MAX_ROWS
    text = readme.findings(_findings_tables(limit + 1, 3 * limit), NO_CARD)
    assert not any(line.startswith("| `synthetic-") for line in text.splitlines())
    assert f"{limit + 1} claims are refuted or conflict with the evidence: too many to list here" in text
    assert f"{3 * limit} attributions are not confirmed by coverage: too many to list here" in text
    assert f"| Refuted | {(limit + 2) // 2} |" in text
    assert f"| Conflicting Evidence/Cherrypicking | {(limit + 1) // 2} |" in text
    assert f"| differs | {3 * limit // 2} |" in text and f"| not_found | {3 * limit // 2} |" in text
    assert "`exports/reviews.csv`" in text and "`exports/index.html`" in text


def test_findings_summarise_one_list_and_keep_the_other():
    limit = readme.MAX_ROWS
    text = readme.findings(_findings_tables(limit + 1, 2), NO_CARD)
    assert "claims are refuted or conflict with the evidence: too many" in text
    assert sum(line.startswith("| `synthetic-") for line in text.splitlines()) == 2


def _articles_tables(n: int) -> dict[str, pd.DataFrame]:
    """``n`` articles, one in three annotated, the rest reviewed; two statements each, the first not yet reviewed."""
    ids = [f"synthetic-{i:06d}" for i in range(n)]
    articles = pd.DataFrame({"article_id": ids, "status": pd.Categorical(
        ["annotated" if i % 3 == 0 else "reviewed" for i in range(n)], categories=schema.ARTICLE_STATUSES)})
    claims = pd.DataFrame({"article_id": [a for a in ids for _ in range(2)],
                           "review_status": ["not_yet_reviewed", "reviewed"] * n})
    return {"articles": articles, "claims": claims}


def test_articles_beyond_the_limit_are_summarised():
    n = readme.MAX_ROWS + 1
    text = readme.articles(_articles_tables(n), NO_CARD)
    assert not any(line.startswith("| [`synthetic-") for line in text.splitlines())
    assert f"{n} articles: too many to list here" in text and "`exports/index.html`" in text
    annotated = (n + 2) // 3
    assert f"| annotated | {annotated} | {2 * annotated} | {annotated} |" in text
    assert f"| reviewed | {n - annotated} | {2 * (n - annotated)} | {n - annotated} |" in text


def test_findings_of_32k_refuted_reviews_take_one_pass(monkeypatch):
    """Listing every row (the limit lifted) stays linear: one pass over the evidence, not a filter per review."""
    monkeypatch.setattr(readme, "MAX_ROWS", 10 ** 9)
    tables = _findings_tables(32_000, 0, evidence_per_claim=1)
    start = time.perf_counter()
    text = readme.findings(tables, NO_CARD)
    assert time.perf_counter() - start < 10  # a DataFrame filter per review took 26 s
    assert text.count("\n| `synthetic-") == 32_000
