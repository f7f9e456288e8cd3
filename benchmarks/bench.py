"""Benchmark the build as a curator runs it, on corpora shaped like the real data, against floors measured in the
same run.

    python benchmarks/bench.py                     # 10,000 statements
    python benchmarks/bench.py --size 10000 100000 --results benchmarks/RESULTS.md

Every build runs `python validate.py` in a fresh process, in a temporary workspace (claims/, exports/, README.md),
and is reported as wall seconds, peak RSS (the child's `ru_maxrss`) and a ratio to its floor. Each figure is the
median of `--repeat` runs (3 by default), with the range of the wall times.

**The real-shaped corpus** replicates the articles of claims/ (whichever there are, each in turn) under new ids,
`<article_id>-r000001`, `-r000002`, …, until it holds the requested number of statements. A copy's text is byte
for byte the article's (so `text_sha256` holds), and its annotations, evidence and reviews are the curated files
with the article id rewritten where it starts a claim or evidence id (ids, and the evidence ids a justification
cites); every verdict, attribution check, quantity and comment is kept. The URL is kept too: the schema does not
require it to be unique. `sources.toml` is shared (only the entries the copied articles use), and `dataset.toml`'s
`articles` lists every copy. The scenarios, in this order:

* clean build: `exports/` removed, and `--no-cache` when validate.py accepts it (an incremental build's cache
  is then not read);
* first build, filling the cache: `exports/` and `.build-cache/` removed, no flag (the curator's first build);
* rebuild, nothing changed;
* rebuild after editing one statement's `claim` in one article (a different edit each repetition);
* `--check` after that edit (and its rebuild): the curator's last step before a commit;
* rebuild after editing `sources.toml` (one source's description);
* rebuild after adding one article (a new copy, listed in `dataset.toml`).

The floors, measured in the same run:

* import floor: a process that only imports pandas, pyarrow.parquet and pandera (with hypothesis marked absent,
  as validate.py does: pandera would import it for data synthesis the build never uses);
* one-article floor (the rebuild and `--check` scenarios): the same scenario on a corpus of the edited article
  alone, so that the ratio says what the other articles cost;
* the real dataset: claims/ as it is (a copy), clean and rebuilt unchanged, against the import floor.

**The synthetic corpus** (`--corpus synthetic`) is generated, valid by construction: 50 statements an article,
four in five check-worthy and reviewed, every verdict and attribution check, each backed by the evidence its
verdict needs. Its clean build is compared with an I/O floor (a process that reads the same exports from Parquet
and writes them back, with no checks) and with `frictionless validate` of the same CSV package (skipped with
--no-frictionless, and above --frictionless-max statements).

`--corrupt` makes every evidence stance invalid, so that the build prints a long list of problems: the benchmark
must report the failure at once (it tests the harness).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import rtoml

ROOT = Path(__file__).resolve().parent.parent
STATEMENTS_PER_ARTICLE = 50
PUBLISHERS = [f"publisher-{i}" for i in range(10)]
AGENCIES = [f"agency-{i}" for i in range(10)]
PEOPLE = [f"expert-{i}" for i in range(10)]


def _readme() -> str:
    """A README with every block the build generates (so the real build can run unchanged)."""
    sys.path.insert(0, str(ROOT))
    from pipeline.render import readme

    return "# Synthetic corpus\n" + "".join(f"{readme.begin(b)}\n{readme.end(b)}\n" for b in readme.BLOCKS)


def _q(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sources() -> str:
    entries = [(p, f"Publisher {p[-1]}", "news_website") for p in PUBLISHERS]
    entries += [(a, f"Agency {a[-1]}", "news_agency") for a in AGENCIES]
    entries += [(p, f"Expert {p[-1]}", "person") for p in PEOPLE]
    return "".join(f"[[sources]]\nsource_id = {_q(i)}\nname = {_q(n)}\nkind = {_q(k)}\n"
                   f"description = {_q('A synthetic source for the benchmark.')}\n\n" for i, n, k in entries)


def _statement(article: int, k: int) -> dict:
    """One synthetic statement with its annotations; a cycle of ten kinds covers every column and rule.

    Eight kinds in ten are check-worthy (not the pointer to a table, nor the opinion), as in a real article."""
    agency, person = AGENCIES[(article + k) % 10], PEOPLE[(article + k) % 10]
    n = 10 + (article * 7 + k * 13) % 900
    kind = k % 10
    base = {"attribution": "none", "claim_type": "event", "checkworthy": False}
    if kind == 0:
        text = f"According to Agency {agency[-1]}, the line number {k} cost about {n} million dollars,"
        return base | {"statement": text, "claim": f"Line {k} cost about {n} million dollars.",
                       "source_id": agency, "attribution": "explicit", "cue": "According to",
                       "claim_type": "numerical", "checkworthy": True, "hedge": "about",
                       "quantities": [{"text": f"about {n} million dollars", "value": n, "unit": "million dollars",
                                       "approximate": True}]}
    if kind == 1:
        return base | {"statement": f"and it carried {n} passengers on its first day.",
                       "claim": f"Line {k} carried {n} passengers on its first day.", "source_id": agency,
                       "attribution": "implicit", "claim_type": "numerical", "checkworthy": True,
                       "quantities": [{"text": f"{n} passengers", "value": n, "unit": "passenger",
                                       "approximate": False}]}
    if kind == 2:
        return base | {"statement": f"The fastest train on line {k} reaches {n} mph on the new track.",
                       "claim": f"The fastest train on line {k} reaches {n} mph.", "claim_type": "numerical",
                       "checkworthy": True,
                       "quantities": [{"text": f"{n} mph", "value": n, "unit": "mph", "approximate": False}]}
    if kind == 3:
        return base | {"statement": f"\"Trains on line {k} are safer than buses,\" said Expert {person[-1]}, "
                                    f"as reported by Agency {agency[-1]}.",
                       "claim": f"Expert {person[-1]} said trains on line {k} are safer than buses.",
                       "source_id": agency, "speaker_id": person, "attribution": "explicit",
                       "cue": "said … as reported by", "claim_type": "quote", "checkworthy": True}
    if kind == 4:
        return base | {"statement": "See the timetable in the table below.", "claim": "See the timetable below.",
                       "claim_type": "not_a_claim"}
    if kind == 5:
        return base | {"statement": f"Critics called the design of station {k} needlessly grand.",
                       "claim": f"Critics called the design of station {k} needlessly grand.",
                       "claim_type": "opinion"}
    return base | {"statement": f"Station {k} in district {n} usually opens at six in the morning.",
                   "claim": f"Station {k} in district {n} usually opens at six in the morning.",
                   "claim_type": "property", "hedge": "usually", "checkworthy": True}


# The verdict of each reviewed statement, by its place in a cycle of twenty: 70% Supported, 15% Conflicting,
# 10% Refuted, 5% Not Enough Evidence (a real reviewed article's mix, roughly).
VERDICT_CYCLE = ["Supported"] * 14 + ["Conflicting Evidence/Cherrypicking"] * 3 + ["Refuted"] * 2 + [
    "Not Enough Evidence"]
# The attribution check of each attributed statement, by its place in a cycle of four.
CHECK_CYCLE = ["confirmed", "confirmed", "differs", "not_found"]
# The evidence a verdict is backed by: the stance of each piece, in order (a Supported verdict needs one that
# supports, a Refuted one one that refutes).
EVIDENCE_STANCES = {"Supported": ["supports", "supports"], "Refuted": ["refutes", "partially_supports"],
                    "Conflicting Evidence/Cherrypicking": ["partially_supports", "refutes", "supports"],
                    "Not Enough Evidence": ["unrelated_but_relevant"]}
SUMMARIES = {"supports": "Reports the same figure.", "refutes": "Reports a different figure.",
             "partially_supports": "Reports the event, with another figure.",
             "unrelated_but_relevant": "Describes the line without the figure."}
JUSTIFICATIONS = {
    "Supported": "A synthetic page reports it ({e1}). A second page agrees ({e2}).",
    "Refuted": "A synthetic page reports another figure ({e1}). A second page reports it only in part ({e2}).",
    "Conflicting Evidence/Cherrypicking": "One page reports part of it ({e1}). Another contradicts it ({e2}), "
                                          "while a third supports it ({e3}).",
    "Not Enough Evidence": "We searched the synthetic pages for the figure. The one page found does not give it ({e1}).",
}


def _review(claim_id: str, k: int, attributed: bool, verdict: str, check: str, corrupt: bool, publisher: str) -> str:
    """A statement's review and its evidence, each piece of the stance the verdict needs (``corrupt``: a stance
    outside the closed set, so that the build rejects every piece). The short claim is the publisher's, as an
    unconfirmed attribution's must be."""
    stances = EVIDENCE_STANCES[verdict]
    ids = {f"e{n}": f"{claim_id}-e{n}" for n in range(1, len(stances) + 1)}
    parts = [f"[[reviews]]\nclaim_id = {_q(claim_id)}\nclaim_reviewed = {_q(f'{publisher}: synthetic claim {k}')}\n"
             f"verdict = {_q(verdict)}\n"]
    if attributed:
        parts.append(f"attribution_check = {_q(check)}\n")
    parts.append(f"justification = {_q(JUSTIFICATIONS[verdict].format(**ids))}\n")
    if verdict in ("Refuted", "Conflicting Evidence/Cherrypicking"):
        parts.append(f"corrected_claim = {_q(f'Synthetic claim {k}, with the figure the evidence gives.')}\n")
    parts.append("reviewed = 2026-11-24\n\n")
    for evidence_id, stance in zip(ids.values(), stances):
        parts.append(f"[[evidence]]\nevidence_id = {_q(evidence_id)}\nclaim_id = {_q(claim_id)}\n"
                     f"url = {_q(f'https://example.net/{evidence_id}')}\npublisher = \"Example News\"\n"
                     f"stance = {_q('agrees' if corrupt else stance)}\nsummary = {_q(SUMMARIES[stance])}\n\n")
    return "".join(parts)


def _article(directory: Path, article: int, corrupt: bool = False) -> int:
    article_id = f"synthetic-{article:06d}"
    publisher = PUBLISHERS[article % 10]
    statements = [_statement(article, k) for k in range(STATEMENTS_PER_ARTICLE)]
    paragraphs = [" ".join(s["statement"] for s in statements[i:i + 5]) for i in range(0, len(statements), 5)]
    text = "\n".join(paragraphs)
    (directory / f"{article_id}.txt").write_text(text, encoding="utf-8")
    parts = [f"[article]\npublisher_id = {_q(publisher)}\nurl = {_q(f'https://example.org/{article_id}')}\n"
             f"language = \"en\"\ntext_sha256 = {_q(hashlib.sha256(text.encode()).hexdigest())}\n"
             "status = \"reviewed\"\n\n"]
    reviews = []
    for k, s in enumerate(statements, start=1):
        claim_id = f"{article_id}-{k:03d}"
        source = s.get("source_id", publisher)
        parts.append(f"[[claims]]\nclaim_id = {_q(claim_id)}\nstatement = {_q(s['statement'])}\n"
                     f"claim = {_q(s['claim'])}\nsource_id = {_q(source)}\n")
        for key in ("speaker_id", "cue", "hedge"):
            if key in s:
                parts.append(f"{key} = {_q(s[key])}\n")
        parts.append(f"attribution = {_q(s['attribution'])}\nclaim_type = {_q(s['claim_type'])}\n"
                     f"checkworthy = {'true' if s['checkworthy'] else 'false'}\n\n")
        for q in s.get("quantities", []):
            parts.append(f"[[claims.quantities]]\ntext = {_q(q['text'])}\nvalue = {q['value']}\n"
                         f"unit = {_q(q['unit'])}\napproximate = {'true' if q['approximate'] else 'false'}\n\n")
        if s["checkworthy"]:
            verdict = VERDICT_CYCLE[(article * 7 + k * 3) % len(VERDICT_CYCLE)]
            check = CHECK_CYCLE[(article + k) % len(CHECK_CYCLE)]
            reviews.append(_review(claim_id, k, s["attribution"] != "none", verdict, check, corrupt,
                                   f"Publisher {publisher[-1]}"))
    (directory / f"{article_id}.toml").write_text("".join(parts), encoding="utf-8")
    (directory / f"{article_id}.reviews.toml").write_text("".join(reviews), encoding="utf-8")
    return len(statements)


def generate(root: Path, statements: int, corrupt: bool = False) -> Path:
    """A workspace (claims/, README.md) holding ``statements`` synthetic statements (``corrupt``: invalid ones)."""
    claims = root / "claims"
    claims.mkdir(parents=True)
    (claims / "sources.toml").write_text(_sources(), encoding="utf-8")
    (root / "README.md").write_text(_readme(), encoding="utf-8")
    articles = range(max(1, statements // STATEMENTS_PER_ARTICLE))
    for article in articles:
        _article(claims, article, corrupt)
    (claims / "dataset.toml").write_text(_card([f"synthetic-{article:06d}" for article in articles]), encoding="utf-8")
    return root


def _card(article_ids: list[str]) -> str:
    """claims/dataset.toml for the synthetic corpus: the real file's keys, with the synthetic articles listed."""
    card = rtoml.load(ROOT / "claims" / "dataset.toml")
    card["dataset"]["articles"] = article_ids
    return rtoml.dumps(card)


# --- The real-shaped corpus ---------------------------------------------------------------------------------------

PLACEHOLDER = "\x00article_id\x00"  # where a copy's id goes in an article's templates (never in curated text)
CURATED = ROOT / "claims"
SOURCES_FILE, CARD_FILE, REVIEWS_SUFFIX = "sources.toml", "dataset.toml", ".reviews.toml"
ARTICLES_LIST = re.compile(r"(?ms)^articles\s*=\s*\[.*?\]")
SOURCE_ENTRY = re.compile(r"(?m)^(?=\[\[sources\]\])")


@dataclass
class Article:
    """A curated article, as templates whose ids a copy rewrites."""

    article_id: str
    text: bytes
    annotations: str  # <article_id>.toml, with PLACEHOLDER where the article id starts a claim id
    reviews: str | None  # <article_id>.reviews.toml, likewise (claim ids, evidence ids, cited evidence ids)
    statements: int
    sources: set[str]  # the source ids it uses: publisher, sources and speakers


def real_articles(claims: Path = CURATED, corrupt: bool = False) -> list[Article]:
    """Every article of ``claims`` (any there are), in id order (``corrupt``: with every evidence stance invalid)."""
    articles = []
    for path in sorted(claims.glob("*.toml")):
        if path.name in (SOURCES_FILE, CARD_FILE) or path.name.endswith(REVIEWS_SUFFIX):
            continue
        article_id = path.stem
        ids = re.compile(re.escape(article_id) + r"(?=-[0-9]{3})")  # <article_id>-NNN, -NNN-eN
        annotations = path.read_text(encoding="utf-8")
        parsed = rtoml.loads(annotations)
        entries = parsed.get("claims", [])
        used = {parsed["article"]["publisher_id"]} | {
            entry[key] for entry in entries for key in ("source_id", "speaker_id") if key in entry}
        reviews_path = claims / f"{article_id}{REVIEWS_SUFFIX}"
        reviews = reviews_path.read_text(encoding="utf-8") if reviews_path.exists() else None
        if reviews is not None and corrupt:
            reviews = re.sub(r'(?m)^stance = "[^"]*"', 'stance = "agrees"', reviews)
        articles.append(Article(article_id, (claims / f"{article_id}.txt").read_bytes(),
                                ids.sub(PLACEHOLDER, annotations),
                                None if reviews is None else ids.sub(PLACEHOLDER, reviews), len(entries), used))
    if not articles:
        raise SystemExit(f"{claims}: no article to replicate")
    return articles


VALIDATE = ROOT / "validate.py"
CACHE_DIRECTORY = ".build-cache"  # pipeline.cache.DIRECTORY (not imported: the benchmark runs validate.py as is)


@dataclass
class Workspace:
    """A directory holding claims/, exports/ and README.md, built by validate.py as a curator would."""

    root: Path
    name: str = "real-shaped"
    statements: int = 0

    @property
    def claims(self) -> Path:
        return self.root / "claims"

    def command(self, *args: str) -> list[str]:
        return [sys.executable, str(VALIDATE), "--claims", str(self.claims), "--exports", str(self.root / "exports"),
                "--readme", str(self.root / "README.md"), *args]

    def clean(self, cache: bool = False) -> None:
        """Remove exports/ (and, with ``cache``, the incremental build's cache beside claims/)."""
        shutil.rmtree(self.root / "exports", ignore_errors=True)
        if cache:
            shutil.rmtree(self.root / CACHE_DIRECTORY, ignore_errors=True)


def copy_of_real_dataset(root: Path, claims: Path = CURATED) -> Workspace:
    """claims/ as it is and the repository's README, copied into ``root``."""
    shutil.copytree(claims, root / "claims")
    shutil.copyfile(ROOT / "README.md", root / "README.md")
    statements = sum(article.statements for article in real_articles(claims))
    return Workspace(root, "real", statements)


@dataclass
class Corpus(Workspace):
    """A real-shaped corpus: copies of the articles of ``source`` under new ids, and the edits the scenarios make."""

    articles: list[Article] = field(default_factory=list)
    source: Path = CURATED
    copies: list[str] = field(default_factory=list)
    sources_used: set[str] = field(default_factory=set)
    _copies_of: dict[str, int] = field(default_factory=dict)
    _originals: dict[Path, str] = field(default_factory=dict)

    def copy(self, article: Article) -> str:
        """Write one more copy of ``article``; its id."""
        n = self._copies_of[article.article_id] = self._copies_of.get(article.article_id, 0) + 1
        copy_id = f"{article.article_id}-r{n:06d}"
        (self.claims / f"{copy_id}.txt").write_bytes(article.text)
        (self.claims / f"{copy_id}.toml").write_text(article.annotations.replace(PLACEHOLDER, copy_id),
                                                     encoding="utf-8")
        if article.reviews is not None:
            (self.claims / f"{copy_id}{REVIEWS_SUFFIX}").write_text(article.reviews.replace(PLACEHOLDER, copy_id),
                                                                    encoding="utf-8")
        self.copies.append(copy_id)
        self.statements += article.statements
        self.sources_used |= article.sources
        return copy_id

    def write_card(self) -> None:
        """dataset.toml as curated, its `articles` listing every copy (and nothing else changed)."""
        card = (self.source / CARD_FILE).read_text(encoding="utf-8")
        listed = "articles = [" + ", ".join(f'"{copy_id}"' for copy_id in self.copies) + "]"
        new, found = ARTICLES_LIST.subn(lambda _: listed, card, count=1)
        if not found:
            raise SystemExit(f"{self.source / CARD_FILE}: no `articles = [...]` list to rewrite")
        (self.claims / CARD_FILE).write_text(new, encoding="utf-8")

    def write_sources(self) -> None:
        """sources.toml as curated, without the entries no copied article uses (the build rejects unused sources)."""
        text = (self.source / SOURCES_FILE).read_text(encoding="utf-8")
        header, *entries = SOURCE_ENTRY.split(text)
        kept = [entry for entry in entries if rtoml.loads(entry)["sources"][0]["source_id"] in self.sources_used]
        (self.claims / SOURCES_FILE).write_text(text if len(kept) == len(entries) else header + "".join(kept),
                                                encoding="utf-8")

    def _replace_first(self, path: Path, key: str, n: int) -> None:
        """Edit ``n``: the first ``key = "…"`` line of ``path`` gets " (edit n)" (always from the curated value)."""
        original = self._originals.setdefault(path, path.read_text(encoding="utf-8"))
        match = re.search(rf'(?m)^{key} = "((?:[^"\\]|\\.)*)"$', original)
        if match is None:
            raise SystemExit(f"{path}: no one-line `{key} = \"…\"` to edit")
        edited = f'{key} = "{match[1]} (edit {n})"'
        path.write_text(original[:match.start()] + edited + original[match.end():], encoding="utf-8")

    def edit_claim(self, n: int) -> None:
        """Edit the `claim` of the first statement of the first copy (its statement, and so the text, unchanged)."""
        self._replace_first(self.claims / f"{self.copies[0]}.toml", "claim", n)

    def edit_source(self, n: int) -> None:
        """Edit the description of the first source in sources.toml."""
        self._replace_first(self.claims / SOURCES_FILE, "description", n)

    def add_article(self, n: int = 0) -> None:
        """One more article (a new copy of the first curated one), listed in dataset.toml."""
        self.copy(self.articles[0])
        self.write_card()


def replicate(root: Path, statements: int, source: Path = CURATED, corrupt: bool = False,
              articles: list[Article] | None = None) -> Corpus:
    """A workspace whose claims/ holds copies of the articles of ``source``, in turn, until it has at least
    ``statements`` statements (at least one copy)."""
    corpus = Corpus(root, articles=articles or real_articles(source, corrupt), source=source)
    corpus.claims.mkdir(parents=True)
    (root / "README.md").write_text(_readme(), encoding="utf-8")
    while corpus.statements < statements or not corpus.copies:
        corpus.copy(corpus.articles[len(corpus.copies) % len(corpus.articles)])
    corpus.write_sources()
    corpus.write_card()
    return corpus


# --- Measuring ----------------------------------------------------------------------------------------------------

def measure(command: list[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB and exit code of one command in a fresh process.

    Its stderr goes to a temporary file, not a pipe: a pipe nobody reads fills at 64 KiB and then blocks the
    child for ever (a rejected corpus prints a problem per row). The last lines are shown if the command fails.
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(max(0, os.fstat(errors.fileno()).st_size - 2000))
            sys.stderr.write(errors.read().decode("utf-8", errors="replace"))
    return wall, usage.ru_maxrss / 1024, process.returncode


@dataclass
class Figure:
    """The runs of one measurement: wall seconds and peak RSS (MiB) of each."""

    walls: list[float]
    rss: list[float]

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak(self) -> float:
        return statistics.median(self.rss)

    def cell(self) -> str:
        """The median wall time, with the range when there are several runs."""
        spread = f" ({min(self.walls):.2f}–{max(self.walls):.2f})" if len(self.walls) > 1 else ""
        return f"{self.wall:.2f}{spread}"


def repeated(command: list[str], repeat: int, prepare: Callable[[int], object] | None = None,
             what: str = "", cwd: Path | None = None) -> Figure:
    """``command`` run ``repeat`` times (``prepare(i)`` before run i); a failing run ends the benchmark at once."""
    figure = Figure([], [])
    for i in range(repeat):
        if prepare is not None:
            prepare(i)
        wall, rss, code = measure(command, cwd)
        if code != 0:
            raise SystemExit(f"validate.py rejected {what} (exit {code})" if what else
                             f"{' '.join(command)} failed (exit {code})")
        figure.walls.append(wall)
        figure.rss.append(rss)
    return figure


IMPORT_FLOOR = ("import sys; sys.modules['hypothesis'] = None  # as validate.py does\n"
                "import pandas, pyarrow.parquet, pandera.pandas")
IO_FLOOR = """
import sys, pathlib, pyarrow.parquet as pq
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
dst.mkdir(exist_ok=True)
for path in sorted(src.glob('*.parquet')):
    pq.write_table(pq.read_table(path), dst / path.name, compression='zstd')
"""


def import_floor(repeat: int) -> Figure:
    return repeated([sys.executable, "-c", IMPORT_FLOOR], max(3, repeat))


def clean_flags() -> list[str]:
    """`--no-cache` if validate.py has it (an incremental build), else nothing: a clean build is then any build."""
    usage = subprocess.run([sys.executable, str(VALIDATE), "--help"], capture_output=True, text=True, timeout=120)
    return ["--no-cache"] if "--no-cache" in usage.stdout else []


# The scenarios on a real-shaped corpus, in the order they run: (key, label).
SCENARIOS = [
    ("clean", "clean build"),
    ("first", "first build, filling the cache"),
    ("unchanged", "rebuild, nothing changed"),
    ("edit", "rebuild after editing one claim"),
    ("check", "`--check` after that edit"),
    ("sources", "rebuild after editing sources.toml"),
    ("add", "rebuild after adding one article"),
]


def run_scenarios(corpus: Corpus, repeat: int, clean: list[str]) -> dict[str, Figure]:
    """Every scenario on ``corpus``, which each leaves as the next one needs it (built, its exports up to date)."""
    what = f"the {corpus.name} corpus of {corpus.statements} statements"
    figures = {"clean": repeated(corpus.command(*clean), repeat, lambda _: corpus.clean(), what)}
    # the curator's first build, which fills the cache that the rebuilds below read
    figures["first"] = repeated(corpus.command(), repeat, lambda _: corpus.clean(cache=True), what)
    figures["unchanged"] = repeated(corpus.command(), repeat, what=what)
    figures["edit"] = repeated(corpus.command(), repeat, corpus.edit_claim, what)
    figures["check"] = repeated(corpus.command("--check"), repeat, what=what)
    figures["sources"] = repeated(corpus.command(), repeat, corpus.edit_source, what)
    figures["add"] = repeated(corpus.command(), repeat, corpus.add_article, what)
    return figures


def run_real_shaped(size: int, repeat: int, clean: list[str], floor: Figure, corrupt: bool = False) -> dict:
    """The scenarios at ``size`` statements, and on a corpus of the edited article alone (the one-article floor)."""
    articles = real_articles(corrupt=corrupt)
    with tempfile.TemporaryDirectory(prefix="bench-one-") as tmp:
        one = replicate(Path(tmp), 1, articles=articles[:1])
        alone = run_scenarios(one, repeat, clean)
    with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as tmp:
        corpus = replicate(Path(tmp), size, articles=articles)
        statements, n_articles = corpus.statements, len(corpus.copies)
        figures = run_scenarios(corpus, repeat, clean)
    return {"size": size, "statements": statements, "articles": n_articles, "figures": figures, "alone": alone,
            "imports": floor}


def run_real_dataset(repeat: int, clean: list[str], floor: Figure) -> dict:
    """claims/ as it is (a copy): its clean build and its rebuild with nothing changed."""
    with tempfile.TemporaryDirectory(prefix="bench-real-") as tmp:
        workspace = copy_of_real_dataset(Path(tmp))
        what = f"the real dataset ({workspace.statements} statements)"
        figures = {"clean": repeated(workspace.command(*clean), repeat, lambda _: workspace.clean(), what)}
        repeated(workspace.command(), 1, what=what)
        figures["unchanged"] = repeated(workspace.command(), repeat, what=what)
        figures["check"] = repeated(workspace.command("--check"), repeat, what=what)
    return {"statements": workspace.statements, "figures": figures, "imports": floor}


def frictionless_command() -> str:
    beside = Path(sys.executable).parent / "frictionless"
    return str(beside) if beside.exists() else shutil.which("frictionless") or "frictionless"


def run_synthetic(size: int, repeat: int, clean: list[str], floor: Figure, with_frictionless: bool,
                  corrupt: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-synthetic-{size}-") as tmp:
        root = generate(Path(tmp), size, corrupt)
        workspace = Workspace(root, "synthetic", size)
        build = repeated(workspace.command(*clean), repeat, lambda _: workspace.clean(),
                         f"the synthetic corpus of {size} statements")
        io_floor = repeated([sys.executable, "-c", IO_FLOOR, str(root / "exports"), str(root / "io-copy")], repeat)
        row = {"size": size, "build": build, "imports": floor, "io": io_floor, "frictionless": None}
        if with_frictionless:
            row["frictionless"] = repeated(
                [frictionless_command(), "validate", str(root / "exports" / "datapackage.json")], repeat)
        return row


# --- Reporting ----------------------------------------------------------------------------------------------------

def real_shaped_table(rows: list[dict]) -> str:
    lines = ["| statements (articles) | scenario | wall (s), median (range) | peak RSS (MiB) | × import floor "
             "| × one-article floor |", "|---|---|---|---|---|---|"]
    for r in rows:
        for key, label in SCENARIOS:
            figure, alone, imports = r["figures"][key], r["alone"][key], r["imports"]
            ratio = "-" if key in ("clean", "first") else f"{figure.wall / alone.wall:.1f} (floor {alone.wall:.2f} s, " \
                                               f"{alone.peak:.0f} MiB)"
            lines.append(f"| {r['statements']:,} ({r['articles']:,}) | {label} | {figure.cell()} | {figure.peak:.0f} "
                         f"| {figure.wall / imports.wall:.1f} (floor {imports.wall:.2f} s) | {ratio} |")
    return "\n".join(lines)


def real_dataset_table(row: dict) -> str:
    labels = {"clean": "clean build", "unchanged": "rebuild, nothing changed", "check": "`--check`"}
    imports = row["imports"]
    lines = ["| claims/ as it is | wall (s), median (range) | peak RSS (MiB) | × import floor |", "|---|---|---|---|"]
    for key, figure in row["figures"].items():
        lines.append(f"| {labels[key]} ({row['statements']} statements) | {figure.cell()} | {figure.peak:.0f} "
                     f"| {figure.wall / imports.wall:.2f} (floor {imports.cell()} s, {imports.peak:.0f} MiB) |")
    return "\n".join(lines)


def synthetic_table(rows: list[dict]) -> str:
    lines = ["| statements | build wall (s) | peak RSS (MiB) | statements/s | × import floor | × I/O floor "
             "| frictionless (s) | frictionless ÷ build |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        build, imports, io_floor, fl = r["build"], r["imports"], r["io"], r["frictionless"]
        lines.append(
            f"| {r['size']:,} | {build.cell()} | {build.peak:.0f} | {r['size'] / build.wall:,.0f} "
            f"| {build.wall / imports.wall:.1f} (floor {imports.wall:.2f} s) | {build.wall / io_floor.wall:.1f} "
            f"(floor {io_floor.wall:.2f} s, {io_floor.peak:.0f} MiB) | {fl.cell() if fl else 'skipped'} "
            f"| {f'{fl.wall / build.wall:.1f}' if fl else '-'} |")
    return "\n".join(lines)


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return f"{model}, {os.cpu_count()} cores, {memory} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, nargs="+", default=[10_000], help="statements per corpus")
    parser.add_argument("--corpus", nargs="+", choices=["real-shaped", "real", "synthetic"],
                        default=["real-shaped", "real", "synthetic"],
                        help="real-shaped: copies of claims/'s articles, every scenario; real: claims/ as it is; "
                             "synthetic: the generated corpus, with the frictionless comparison")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (the median is reported)")
    parser.add_argument("--no-frictionless", action="store_true", help="skip the frictionless comparison")
    parser.add_argument("--frictionless-max", type=int, default=100_000,
                        help="run frictionless only up to this many statements (it takes minutes beyond)")
    parser.add_argument("--results", type=Path, help="also write the tables to this Markdown file")
    parser.add_argument("--corrupt", action="store_true",
                        help="make every evidence stance invalid, to test that a rejected build is reported at once")
    args = parser.parse_args()
    clean = clean_flags()
    load_before = load_average()
    shaped: list[dict] = []
    synthetic: list[dict] = []
    real = None
    floors = {}
    for size in args.size:
        floors[size] = floor = import_floor(args.repeat)
        if "real-shaped" in args.corpus:
            shaped.append(run_real_shaped(size, args.repeat, clean, floor, args.corrupt))
            print(real_shaped_table(shaped[-1:]), flush=True)
        if "synthetic" in args.corpus:
            synthetic.append(run_synthetic(size, args.repeat, clean, floor,
                                           not args.no_frictionless and size <= args.frictionless_max, args.corrupt))
            print(synthetic_table(synthetic[-1:]), flush=True)
    if "real" in args.corpus:
        real = run_real_dataset(args.repeat, clean, import_floor(args.repeat))
        print(real_dataset_table(real), flush=True)
    sections = []
    if shaped:
        sections.append(f"## Real-shaped corpus\n\n{real_shaped_table(shaped)}")
    if real:
        sections.append(f"## The real dataset\n\n{real_dataset_table(real)}")
    if synthetic:
        sections.append(f"## Synthetic corpus, against frictionless\n\n{synthetic_table(synthetic)}")
    build = f"`validate.py {' '.join(clean)}`" if clean else "`validate.py` (it has no `--no-cache`)"
    report = (f"Machine: {machine()}\n\nLoad average (1, 5, 15 min) before: {load_before}; after: {load_average()}\n\n"
              f"Clean builds ran {build}. Each figure is the median of {args.repeat} run(s).\n\n"
              + "\n\n".join(sections))
    print(f"\n{report}")
    if args.results:
        command = f"python benchmarks/bench.py --size {' '.join(map(str, args.size))}"
        if args.repeat != 3:
            command += f" --repeat {args.repeat}"
        args.results.write_text(f"# Benchmark results\n\nCommand: `{command}`\n\n{report}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
