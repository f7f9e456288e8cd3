"""Benchmark the real build on synthetic corpora, against floors measured in the same run.

    python benchmarks/bench.py --size 100000
    python benchmarks/bench.py --size 10000 100000 1000000 --results benchmarks/RESULTS.md

For each size it writes a synthetic claims/ directory (valid by construction:
the build must accept it), runs `python validate.py` on it in a fresh process,
and prints wall time, peak RSS and rows per second, each next to its floor.
The corpus has the density of a real reviewed article: four statements in five
are check-worthy and reviewed, with every verdict (Supported, Refuted, Not
Enough Evidence, Conflicting Evidence/Cherrypicking) and every attribution
check, each backed by evidence of the stances it needs (two or three pieces
each), so the build renders the README's findings as it does for real data.
`--corrupt` writes an invalid corpus instead, whose build prints a long list of
problems: the benchmark must report the failure at once (it tests the harness).

The floors:

* import floor: a process that only imports pandas, pyarrow.parquet and pandera;
* I/O floor: a process that reads the same exports from Parquet and writes them back, with no checks;
* frictionless: `frictionless validate` of the same CSV package (skipped with --no-frictionless, and
  above --frictionless-max statements).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
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


IMPORT_FLOOR = "import pandas, pyarrow.parquet, pandera.pandas"
IO_FLOOR = """
import sys, pathlib, pyarrow.parquet as pq
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
dst.mkdir(exist_ok=True)
for path in sorted(src.glob('*.parquet')):
    pq.write_table(pq.read_table(path), dst / path.name, compression='zstd')
"""


def frictionless_command() -> str:
    beside = Path(sys.executable).parent / "frictionless"
    return str(beside) if beside.exists() else shutil.which("frictionless") or "frictionless"


def run_size(size: int, with_frictionless: bool, corrupt: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as tmp:
        root = generate(Path(tmp), size, corrupt)
        build = measure([sys.executable, str(ROOT / "validate.py"), "--claims", str(root / "claims"),
                         "--exports", str(root / "exports"), "--readme", str(root / "README.md")])
        if build[2] != 0:
            raise SystemExit(f"validate.py rejected the synthetic corpus of {size} statements (exit {build[2]})")
        imports = min(measure([sys.executable, "-c", IMPORT_FLOOR])[:2] for _ in range(3))
        io_floor = measure([sys.executable, "-c", IO_FLOOR, str(root / "exports"), str(root / "io-copy")])
        row = {"size": size, "build": build[:2], "imports": imports, "io": io_floor[:2], "frictionless": None}
        if with_frictionless:
            fl = measure([frictionless_command(), "validate", str(root / "exports" / "datapackage.json")])
            row["frictionless"] = fl[:2]
        return row


def table(rows: list[dict]) -> str:
    lines = ["| statements | build wall (s) | peak RSS (MiB) | statements/s | × import floor | × I/O floor "
             "| frictionless (s) | frictionless ÷ build |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        wall, rss = r["build"]
        fl = r["frictionless"]
        lines.append(
            f"| {r['size']:,} | {wall:.2f} | {rss:.0f} | {r['size'] / wall:,.0f} | {wall / r['imports'][0]:.2f} "
            f"(floor {r['imports'][0]:.2f} s) | {wall / r['io'][0]:.1f} (floor {r['io'][0]:.2f} s, "
            f"{r['io'][1]:.0f} MiB) | {f'{fl[0]:.2f}' if fl else 'skipped'} | {f'{fl[0] / wall:.1f}' if fl else '-'} |")
    return "\n".join(lines)


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return f"{model}, {os.cpu_count()} cores, {memory} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, nargs="+", default=[10_000], help="statements per corpus")
    parser.add_argument("--no-frictionless", action="store_true", help="skip the frictionless comparison")
    parser.add_argument("--frictionless-max", type=int, default=100_000,
                        help="run frictionless only up to this many statements (it takes minutes beyond)")
    parser.add_argument("--results", type=Path, help="also write the table to this Markdown file")
    parser.add_argument("--corrupt", action="store_true",
                        help="generate an invalid corpus (every evidence stance wrong), to test that a rejected "
                             "build is reported at once")
    args = parser.parse_args()
    rows = []
    for size in args.size:
        rows.append(run_size(size, not args.no_frictionless and size <= args.frictionless_max, args.corrupt))
        print(table(rows[-1:]).splitlines()[-1], flush=True)
    result = table(rows)
    print(f"\nMachine: {machine()}\n\n{result}")
    if args.results:
        command = "python benchmarks/bench.py --size " + " ".join(map(str, args.size))
        args.results.write_text(f"# Benchmark results\n\nMachine: {machine()}\n\nCommand: `{command}`\n\n"
                                f"{result}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
