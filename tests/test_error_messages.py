"""Errors that lead straight to the fix: a corpus of curator mistakes, each with the problem printed FIRST.

Each case is a small mutation of a copy of the fixture corpus (tests/fixtures/claims), made by text
replacement or by writing a file, never by touching the real claims/. It names the file and the text at
fault; the expected line is found by searching the mutated file for that text (never hard-coded), and the
first printed line must name that file:line and carry the case's fragments (rule, row, value).
Problems that follow from the mistake are folded under it, indented.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import validate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "claims"
FERRY = "northport-ferry-2024"  # reviewed: every attribution, a speaker, every verdict
DAM = "alder-dam-2025"  # annotated: one review of three check-worthy claims

Mutation = Callable[[Path], None]
Finder = Callable[[list[str]], int]  # the mutated file's lines -> the expected 1-based line


# --- Mutations ---------------------------------------------------------------


def replace(name: str, old: str, new: str) -> Mutation:
    """Replace the first occurrence of ``old`` in claims/<name> (it must occur)."""

    def mutate(claims: Path) -> None:
        path = claims / name
        content = path.read_text(encoding="utf-8")
        assert old in content, f"{old!r} not in {name}"
        path.write_text(content.replace(old, new, 1), encoding="utf-8")

    return mutate


def write_bytes(name: str, change: Callable[[bytes], bytes]) -> Mutation:
    def mutate(claims: Path) -> None:
        path = claims / name
        path.write_bytes(change(path.read_bytes()))

    return mutate


def delete(name: str) -> Mutation:
    return lambda claims: (claims / name).unlink()


def entry_span(content: str, header: str, first_line: str) -> tuple[int, int]:
    """Where the ``[[header]]`` entry starting with ``first_line`` is, up to the next entry of any top-level table
    (its ``[[claims.quantities]]`` included)."""
    start = content.index(f"[[{header}]]\n{first_line}")
    ends = [m.start() + 1 for m in re.finditer(r"\n\[\[?(?!claims\.quantities)[a-z_]+\]\]?\n", content)
            if m.start() > start]
    return start, min(ends, default=len(content))


def remove_entry(name: str, header: str, first_line: str) -> Mutation:
    def mutate(claims: Path) -> None:
        path = claims / name
        content = path.read_text(encoding="utf-8")
        start, end = entry_span(content, header, first_line)
        path.write_text(content[:start] + content[end:], encoding="utf-8")

    return mutate


def move_entry_before(name: str, header: str, moved: str, before: str) -> Mutation:
    """Move the entry starting with ``moved`` to just before the one starting with ``before`` (swapping neighbours)."""

    def mutate(claims: Path) -> None:
        path = claims / name
        content = path.read_text(encoding="utf-8")
        start, end = entry_span(content, header, moved)
        entry = content[start:end]
        content = content[:start] + content[end:]
        at = content.index(f"[[{header}]]\n{before}")
        path.write_text(content[:at] + entry + content[at:], encoding="utf-8")

    return mutate


def remove_table(name: str, header: str) -> Mutation:
    """Delete ``[header]`` and its keys, up to the next header."""

    def mutate(claims: Path) -> None:
        path = claims / name
        content = path.read_text(encoding="utf-8")
        start = content.index(f"[{header}]\n")
        end = content.find("\n[", start + 1)
        path.write_text(content[:start] + content[end + 1:], encoding="utf-8")

    return mutate


def with_text(article: str, old: str, new: str) -> Mutation:
    """Edit an article's text and record its new SHA-256, as a curator fixing a typo in the text would."""

    def mutate(claims: Path) -> None:
        replace(f"{article}.txt", old, new)(claims)
        toml = claims / f"{article}.toml"
        digest = hashlib.sha256((claims / f"{article}.txt").read_bytes()).hexdigest()
        toml.write_text(re.sub(r'text_sha256 = "[0-9a-f]{64}"', f'text_sha256 = "{digest}"',
                               toml.read_text(encoding="utf-8"), count=1), encoding="utf-8")

    return mutate


def steps(*mutations: Mutation) -> Mutation:
    def mutate(claims: Path) -> None:
        for mutation in mutations:
            mutation(claims)

    return mutate


# --- Where the mistake is ----------------------------------------------------


def at(text: str) -> Finder:
    """The first line containing ``text``."""
    return lambda lines: next(n for n, line in enumerate(lines, 1) if text in line)


def after(anchor: str, text: str) -> Finder:
    """The first line containing ``text`` at or after the first line containing ``anchor``."""

    def find(lines: list[str]) -> int:
        start = at(anchor)(lines)
        return next(n for n, line in enumerate(lines, 1) if n >= start and text in line)

    return find


def entry_of(anchor: str) -> Finder:
    """The ``[[…]]`` header of the entry holding the first line containing ``anchor``."""

    def find(lines: list[str]) -> int:
        end = at(anchor)(lines)
        return max(n for n, line in enumerate(lines[:end], 1) if line.startswith("[["))

    return find


def first_line() -> Finder:
    return lambda lines: 1


# --- The corpus --------------------------------------------------------------


@dataclass
class Case:
    name: str
    mutate: Mutation
    file: str  # the file at fault, in claims/
    line: Finder  # its line at fault, found in the mutated file
    fragments: tuple[str, ...] = ()  # in the first printed line
    detail: tuple[str, ...] = ()  # in the indented lines under it (before any follow-on)
    code: int = 1
    folded: int | None = None  # how many follow-on problems, when the case pins it


STATEMENT_002 = 'statement = "According to the Northport Courier, a return ticket costs about 9 euros,"'
STATEMENT_003 = 'statement = "most of which goes to the port authority."'

CASES = [
    # Statements that are not in the article.
    Case("statement typo", replace(f"{FERRY}.toml", "a return ticket costs", "a return tickt costs"),
         f"{FERRY}.toml", at("a return tickt costs"), ("statement_in_article", f"row {FERRY}-002", "column statement"),
         ("at its character 50", "^", "'t' where the article has 'e'"), folded=3),
    Case("curly quote", replace(f"{DAM}.toml", 'The book \\"Rivers of Stone\\"', "The book \u201cRivers of Stone\\\""),
         f"{DAM}.toml", at("The book \u201cRivers"), ("statement_in_article", f"{DAM}-002"),
         ("curly quote or apostrophe \u201c where the article has a straight \"",)),
    Case("curly apostrophe", steps(
        with_text(DAM, "the regional water board", "the region's water board"),
        replace(f"{DAM}.toml", 'next spring, the regional water board told', "next spring, the region\u2019s water "
                "board told")),
        f"{DAM}.toml", at("the region\u2019s water"), ("statement_in_article", f"{DAM}-001"),
        ("curly quote or apostrophe \u2019 where the article has a straight '",)),
    Case("non-breaking space", replace(f"{FERRY}.toml", 'statement = "The Northport harbour ferry made its first',
                                       'statement = "The Northport harbour ferry made its\u00a0first'),
         f"{FERRY}.toml", at("made its\u00a0first"), ("statement_in_article", f"{FERRY}-001"),
         ("non-breaking space (U+00A0) where the article has a space",)),
    Case("double space", replace(f"{FERRY}.toml", 'statement = "It is the finest ferry', 'statement = "It is the  finest '
                                 'ferry'),
         f"{FERRY}.toml", at("It is the  finest"), ("statement_in_article", f"{FERRY}-009"), ("whitespace differs",)),
    Case("letter case", replace(f"{FERRY}.toml", 'statement = "The ferry travels', 'statement = "The Ferry travels'),
         f"{FERRY}.toml", at('statement = "The Ferry travels'), ("statement_in_article", f"{FERRY}-005"),
         ("letter case differs: the statement has 'F' where the article has 'f'",)),
    Case("statement deleted", remove_entry(f"{FERRY}.toml", "claims", f'claim_id = "{FERRY}-006"'),
         f"{FERRY}.toml", at('statement = "The ferry travels at around 30 miles per hour"'),
         ("statements_tile_article", f"{FERRY}-005", "'and crosses the bay in two stages.'")),
    Case("reviewed statement deleted", remove_entry(f"{FERRY}.toml", "claims", f'claim_id = "{FERRY}-003"'),
         f"{FERRY}.toml", at(STATEMENT_002), ("statements_tile_article", f"{FERRY}-002",
                                              "'most of which goes to the port authority.'")),
    Case("statements swapped", move_entry_before(f"{FERRY}.toml", "claims", f'claim_id = "{FERRY}-003"',
                                                 f'claim_id = "{FERRY}-002"'),
         f"{FERRY}.toml", at(STATEMENT_002), ("statements_in_order", f"{FERRY}-002"), ("article line 2, column 1",)),
    Case("last statement shortened", replace(f"{DAM}.toml", '"Watch our video report below."', '"Watch our video report"'),
         f"{DAM}.toml", at('statement = "Watch our video report"'),
         ("last_statement_reaches_end", f"{DAM}-004", "column statement", "value 'below.'"), folded=0),
    Case("middle statement shortened", replace(f"{FERRY}.toml", STATEMENT_003,
                                               'statement = "most of which goes to the port"'),
         f"{FERRY}.toml", at('statement = "most of which goes to the port"'),
         ("statements_tile_article", f"{FERRY}-003", "value 'authority.'"), folded=0),
    Case("statement without its claim_id", replace(f"{FERRY}.toml", f'claim_id = "{FERRY}-005"\n', ""),
         f"{FERRY}.toml", entry_of('statement = "The ferry travels at around'), ("missing required key", "claim_id")),
    Case("duplicate claim id", replace(f"{FERRY}.toml", f'claim_id = "{FERRY}-007"', f'claim_id = "{FERRY}-006"'),
         f"{FERRY}.toml", after('statement = "and crosses the bay', f'claim_id = "{FERRY}-006"'),
         ("field_uniqueness", f"row {FERRY}-006")),
    # Entries of the other files.
    Case("review without its claim_id", replace(f"{FERRY}.reviews.toml", f'claim_id = "{FERRY}-003"\n', ""),
         f"{FERRY}.reviews.toml", entry_of('claim_reviewed = "Example Gazette, citing the Courier: most'),
         ("table reviews", "column claim_id", "missing required key"), folded=1),
    Case("evidence without its evidence_id", replace(f"{FERRY}.reviews.toml", f'evidence_id = "{FERRY}-002-e1"\n', ""),
         f"{FERRY}.reviews.toml", entry_of('url = "https://example.org/port/fares"'),
         ("table evidence", "column evidence_id", "missing required key"), folded=2),
    Case("source without its source_id", replace("sources.toml", 'source_id = "valley-radio"\n', ""),
         "sources.toml", entry_of('name = "Valley Radio"'), ("table sources", "column source_id",
                                                             "missing required key"), folded=1),
    Case("duplicate source id", replace("sources.toml", 'source_id = "valley-radio"', 'source_id = "valley-herald"'),
         "sources.toml", after('source_id = "rivers-of-stone-book"', 'source_id = "valley-herald"'),
         ("field_uniqueness", "row valley-herald")),
    # References.
    Case("wrong claim id in a review", replace(f"{FERRY}.reviews.toml", f'claim_id = "{FERRY}-003"',
                                               f'claim_id = "{FERRY}-033"'),
         f"{FERRY}.reviews.toml", at(f'"{FERRY}-033"'), ("table reviews", "foreign_key", f"'{FERRY}-033'"),
         (f"did you mean '{FERRY}-003'?",)),
    Case("wrong claim id in evidence", replace(
        f"{FERRY}.reviews.toml", f'evidence_id = "{FERRY}-004-e2"\nclaim_id = "{FERRY}-004"',
        f'evidence_id = "{FERRY}-004-e2"\nclaim_id = "{FERRY}-040"'),
         f"{FERRY}.reviews.toml", at(f'claim_id = "{FERRY}-040"'), ("table evidence", "foreign_key"),
         (f"did you mean '{FERRY}-004'?",)),
    Case("unknown source id", replace(f"{FERRY}.toml", 'source_id = "northport-courier"',
                                      'source_id = "northport-couirer"'),
         f"{FERRY}.toml", at('"northport-couirer"'), ("column source_id", "foreign_key"),
         ("did you mean 'northport-courier'?",), folded=0),
    Case("unknown speaker id", replace(f"{FERRY}.toml", 'speaker_id = "ana-ruiz"', 'speaker_id = "ana-ruis"'),
         f"{FERRY}.toml", at('speaker_id = "ana-ruis"'), ("column speaker_id", "foreign_key"),
         ("did you mean 'ana-ruiz'?",)),
    Case("unknown publisher id", replace(f"{DAM}.toml", 'publisher_id = "valley-herald"',
                                         'publisher_id = "valley-harold"'),
         f"{DAM}.toml", at('"valley-harold"'), ("column publisher_id", "foreign_key"),
         ("did you mean 'valley-herald'?",)),
    # Names: tables and keys.
    Case("[[claim]] header", replace(f"{FERRY}.toml", f'[[claims]]\nclaim_id = "{FERRY}-003"',
                                     f'[[claim]]\nclaim_id = "{FERRY}-003"'),
         f"{FERRY}.toml", at("[[claim]]"), ("column claim:", "unknown top-level key or table"),
         ("did you mean [[claims]]?",)),
    Case("[[review]] header", replace(f"{FERRY}.reviews.toml", f'[[reviews]]\nclaim_id = "{FERRY}-003"',
                                      f'[[review]]\nclaim_id = "{FERRY}-003"'),
         f"{FERRY}.reviews.toml", at("[[review]]"), ("column review:", "unknown top-level key or table"),
         ("did you mean [[reviews]]?",)),
    Case("[[evidences]] header", replace(f"{FERRY}.reviews.toml", f'[[evidence]]\nevidence_id = "{FERRY}-002-e1"',
                                         f'[[evidences]]\nevidence_id = "{FERRY}-002-e1"'),
         f"{FERRY}.reviews.toml", at("[[evidences]]"), ("column evidences:", "unknown top-level key or table"),
         ("did you mean [[evidence]]?",)),
    Case("[license] header", replace("dataset.toml", "[licence]", "[license]"),
         "dataset.toml", at("[license]"), ("column license:", "unknown top-level key or table"),
         ("did you mean [licence]?",)),
    Case("unknown key", replace(f"{FERRY}.toml", 'cue = "According to"', 'cu = "According to"'),
         f"{FERRY}.toml", at('cu = "According to"'), ("column cu:", "unknown key"), ("did you mean 'cue'?",)),
    Case("unknown required key", replace(f"{FERRY}.toml", 'claim_type = "quote"', 'claim_typ = "quote"'),
         f"{FERRY}.toml", at('claim_typ = "quote"'), ("column claim_typ:", "unknown key"),
         ("did you mean 'claim_type'?",)),
    Case("unknown key in dataset.toml", replace("dataset.toml", "\ntitle = ", "\ntitel = "),
         "dataset.toml", at("titel = "), ("column titel:", "unknown key in [dataset]"), ("did you mean 'title'?",)),
    Case("missing [article] table", remove_table(f"{DAM}.toml", "article"),
         f"{DAM}.toml", first_line(), ("missing table [article]",)),
    Case("missing [article] header", replace(f"{DAM}.toml", "[article]\n", ""),
         f"{DAM}.toml", at('publisher_id = "valley-herald"'), ("column publisher_id:", "unknown top-level key"),
         ("is its header missing above it?",)),
    Case("missing [licence] table", remove_table("dataset.toml", "licence"),
         "dataset.toml", first_line(), ("missing table [licence]",)),
    # Entries and values.
    Case("missing required key", replace(f"{FERRY}.toml", 'claim_type = "quote"\n', ""),
         f"{FERRY}.toml", entry_of(f'claim_id = "{FERRY}-004"'), (f"row {FERRY}-004", "column claim_type",
                                                                   "missing required key")),
    Case("wrong type", replace(f"{FERRY}.toml", "value = 240", 'value = "240"'),
         f"{FERRY}.toml", at('value = "240"'), ("column value", "wrong type (expected")),
    Case("boolean as a string", replace(f"{DAM}.toml", "checkworthy = true", 'checkworthy = "yes"'),
         f"{DAM}.toml", at('checkworthy = "yes"'), ("column checkworthy", "wrong type (expected bool)")),
    Case("unknown closed-set value", replace(f"{FERRY}.toml", 'claim_type = "numerical"', 'claim_type = "numerics"'),
         f"{FERRY}.toml", at('claim_type = "numerics"'), ("column claim_type", "isin("), ("did you mean 'numerical'?",)),
    Case("status mismatch", replace(f"{DAM}.toml", 'status = "annotated"', 'status = "reviewed"'),
         f"{DAM}.toml", after(f'claim_id = "{DAM}-002"', "checkworthy = true"),
         (f"row {DAM}-002", "checkworthy_claim_is_reviewed")),
    Case("quantity not in its statement", replace(f"{FERRY}.toml", 'text = "240 passengers"',
                                                  'text = "250 passengers"'),
         f"{FERRY}.toml", at('text = "250 passengers"'), ("quantity_in_statement",)),
    Case("hedge not in its statement", replace(f"{FERRY}.toml", 'hedge = "around"', 'hedge = "roughly"'),
         f"{FERRY}.toml", at('hedge = "roughly"'), ("hedge_is_in_statement",)),
    # Files that cannot be read.
    Case("TOML syntax error in an article", replace(f"{FERRY}.toml", 'status = "reviewed"', 'status = "reviewed'),
         f"{FERRY}.toml", at('status = "reviewed'), ("TOML syntax error",), ("^",), code=2),
    Case("TOML syntax error in reviews", replace(f"{FERRY}.reviews.toml", 'verdict = "Refuted"', "verdict = Refuted"),
         f"{FERRY}.reviews.toml", at("verdict = Refuted"), ("TOML syntax error",), code=2),
    Case("TOML syntax error in sources.toml", replace("sources.toml", 'kind = "newspaper"', 'kind = "newspaper'),
         "sources.toml", at('kind = "newspaper'), ("TOML syntax error",), code=2),
    Case("TOML syntax error in dataset.toml", replace("dataset.toml", "year = 2026", "year = = 2026"),
         "dataset.toml", at("year = = 2026"), ("TOML syntax error",), code=2),
    Case("missing .txt", delete(f"{DAM}.txt"), f"{DAM}.txt", first_line(), ("unreadable file (No such file or directory)",), code=2),
    Case("text not UTF-8", write_bytes(f"{DAM}.txt", lambda data: data.replace(b"wettest", b"w\xe9ttest")),
         f"{DAM}.txt", at("The book"), ("not UTF-8",), code=2),
    Case("CRLF article", write_bytes(f"{FERRY}.txt", lambda data: data.replace(b"\n", b"\r\n")),
         f"{FERRY}.txt", first_line(), ("carriage return (CR)",), folded=0),
    Case("byte-order mark", write_bytes(f"{DAM}.toml", lambda data: b"\xef\xbb\xbf" + data),
         f"{DAM}.toml", first_line(), ("byte-order mark",)),
    Case("article text without its .toml", delete(f"{DAM}.toml"), f"{DAM}.txt", first_line(),
         ("unexpected file (an article text needs its .toml)",), code=2),
]


@dataclass
class Outcome:
    code: int
    stderr: str
    lines: list[str] = field(default_factory=list)  # the mutated file at fault, for the expected line
    expected: str = ""  # "claims/<file>:<line>:"

    @property
    def first(self) -> str:
        return self.stderr.splitlines()[0] if self.stderr else ""

    def root_block(self) -> list[str]:
        """The first problem's indented lines, up to its follow-ons or the next problem."""
        block = []
        for line in self.stderr.splitlines()[1:]:
            if not line.startswith("  ") or re.match(r"  and \d+ follow-on", line):
                break
            block.append(line)
        return block

    def follow_ons(self) -> int:
        match = re.search(r"^  and (\d+) follow-on problems?:$", self.stderr, re.M)
        return int(match.group(1)) if match else 0

    def right(self, case: Case) -> bool:
        return self.first.startswith(self.expected) and all(f in self.first for f in case.fragments)


def run_main(root: Path) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = validate.main(["--claims", str(root / "claims"), "--exports", str(root / "exports"),
                              "--readme", str(root / "README.md")])
    return code, stderr.getvalue()


# One worker runs the whole corpus, so that the share test reuses the outcomes of the per-case tests.
pytestmark = pytest.mark.xdist_group("error-corpus")


@pytest.fixture(scope="session")
def outcome(tmp_path_factory) -> Callable[[Case], Outcome]:
    """Each case's build, run once per session (the share test reuses the parametrised ones; a module-scoped cache
    would be dropped whenever a worker interleaves another module's tests)."""
    done: dict[str, Outcome] = {}

    def run(case: Case) -> Outcome:
        if case.name not in done:
            root = tmp_path_factory.mktemp(re.sub(r"\W+", "-", case.name))
            claims = Path(shutil.copytree(FIXTURES, root / "claims"))
            (root / "README.md").write_text("# not built\n", encoding="utf-8")
            case.mutate(claims)
            path = claims / case.file
            lines = path.read_bytes().decode("utf-8", errors="replace").splitlines() if path.exists() else []
            code, stderr = run_main(root)
            done[case.name] = Outcome(code, stderr, lines, f"claims/{case.file}:{case.line(lines)}:")
        return done[case.name]

    return run


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 25 and len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_first_problem_is_the_mistake(case, outcome):
    result = outcome(case)
    assert "Traceback" not in result.stderr
    assert result.code == case.code, result.stderr
    assert result.first.startswith(result.expected), f"expected {result.expected}\n{result.stderr}"
    for fragment in case.fragments:
        assert fragment in result.first, result.stderr
    block = "\n".join(result.root_block())
    for fragment in case.detail:
        assert fragment in block, result.stderr
    if case.folded is not None:
        assert result.follow_ons() == case.folded, result.stderr
    assert result.stderr.rstrip().endswith("problem(s); exports/ left unchanged.")


def test_share_of_right_first_lines(outcome):
    right = [case.name for case in CASES if outcome(case).right(case)]
    assert len(right) / len(CASES) >= 0.95, sorted(set(c.name for c in CASES) - set(right))


def headlines(stderr: str) -> list[str]:
    """The lines that start a problem (not indented), without the count at the end."""
    return [line for line in stderr.splitlines() if line and not line[0].isspace()][:-1]


def test_follow_ons_of_a_changed_statement_are_folded_under_it(outcome):
    result = outcome(CASES[0])  # the statement typo: its review, its evidence and the gap it leaves follow from it
    assert len(headlines(result.stderr)) == 1, result.stderr
    lines = result.stderr.splitlines()
    start = lines.index("  and 3 follow-on problems:")
    follow_ons = lines[start + 1:start + 4]
    assert all(line.startswith(f"    claims/{FERRY}.") for line in follow_ons), result.stderr
    assert any("statements_tile_article" in line and f"row {FERRY}-001" in line for line in follow_ons)
    assert sum("foreign_key" in line and f"'{FERRY}-002'" in line for line in follow_ons) == 2
    assert lines[-1] == "4 problem(s); exports/ left unchanged."


@pytest.mark.parametrize("name", ["TOML syntax error in an article", "missing .txt"])
def test_an_unreadable_article_is_the_one_root(outcome, name):
    """Its claims are absent: their reviews' foreign keys and the sources only it referred to follow from it."""
    result = outcome(next(case for case in CASES if case.name == name))
    assert len(headlines(result.stderr)) == 1, result.stderr
    assert result.follow_ons() >= 1


def test_header_typo_folds_what_its_entries_leave_missing(outcome):
    for name in ("[[claim]] header", "[[review]] header", "[[evidences]] header"):
        result = outcome(next(case for case in CASES if case.name == name))
        assert len(headlines(result.stderr)) == 1, result.stderr
        assert result.follow_ons() >= 1, result.stderr


def test_no_problem_names_no_line(outcome):
    """Every problem, root or follow-on, names file:line; never None, never without a line."""
    for case in CASES:
        for line in outcome(case).stderr.splitlines():
            if line.startswith("claims/") or line.startswith("    claims/"):
                assert re.match(r"\s*claims/[^:]+:\d+: ", line), line
                assert ":None:" not in line
