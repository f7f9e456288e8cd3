"""Incremental builds: what each article gives, kept between builds and reused only where the key proves its
inputs unchanged.

Every row of the tables comes from the files of one article (a review or evidence entry is refused in another
article's reviews file: ``claim_of_this_article``), and what is checked or shown of an article reads nothing but
those rows, its text, and the sources they name. So an article has one key (``load.article_key``): the key of its
three files' bytes (``<id>.txt``, ``<id>.toml``, ``<id>.reviews.toml`` or the fact that there is none) and every
value of each source it names in ``sources.toml`` (publisher, source or speaker). ``python validate.py`` keeps, in
``.build-cache/`` beside claims/ (gitignored), under that key:

* ``load-<key>``: what the loader makes of the article's files on their own (``pipeline.load.Part``: rows, text,
  each row's origin for file:line, and the problems found reading them, with what each left missing). This one is
  keyed by the files alone: the source names the loader copies into ``articles.publisher`` and ``claims.source``
  are filled in from the current ``sources.toml`` (``load.merge``). A part is merged only if none of its row ids is
  taken; otherwise the article is read again against everything read before it, as without a cache.
* ``snapshot-<key>``, one entry: every row of the last build that found no problem, as the loader's typed frames,
  with the article of each row and each article's key (``pipeline.load.Snapshot``). An article whose key is the
  one there is taken from it whole, without reading its part: its rows are slices of the snapshot's columns
  (``load.merged`` puts the rows read now in among them), and its part is read only when its text or the
  file:line of one of its rows is needed. If a row read now has the id of a row taken from the snapshot (a
  duplicate), every article is read from its part instead, as without a snapshot. The snapshot holds every row,
  so it is written again only once more than √n of the n articles were read from their parts.
* ``valid-<key>``, one entry for all articles: which are certified, that the checks of their rows (their table
  models and the rules between tables) found nothing; it is written after a build that found no problem at all. A
  certified article's rows are left out of the checks (``validation.validate``'s ``settled``); the sources and the
  rules about them, which read every article, are always checked whole. The one check whose outcome changes with
  no input changed, a review dated in the future, is covered by what a certificate holds, the article's latest
  review date: it holds while that date is not after today.
* ``page-<key>``: the SHA-256 of the article's HTML page and its counts for the index. The page itself is the
  file in exports/ if it has exactly that hash (the bytes an earlier build made for the same key), else it is made
  again: a tampered, missing or older page is never used. ``claimreview-<key>``: the article's ClaimReview lines.
  Both keys also hash the dataset's title, which they show. ``pages-<key>`` and ``claimreviews-<key>`` bundle
  the entries of every article (``Bundle``), so that a build reads two files rather than two per article; like the
  snapshot, each is written again once more than √n of the n entries were not in it.

Every key also hashes the build's own code (``schema.py`` and ``pipeline/**/*.py``), the versions of Python and of
the libraries whose behaviour the output depends on, and the entry format: a change to any of them makes every key
new. The rest of the build (the whole tables, the checks of the articles that changed, every table export, the
metadata and the README) runs in full each time, so what it produces is byte for byte a clean build's (as
``tests/test_incremental.py`` checks over random sequences of edits).

An entry is the format line, its key, the SHA-256 of its payload, then the payload (a pickle). It is used only if
all of them match: a truncated or corrupt file, another entry copied under this name, or an entry of another code
version is ignored, made again, and overwritten. The checksum finds accidents, not forgeries: anyone who can write
``.build-cache/`` can write ``pipeline/`` too. ``python validate.py --no-cache`` builds without it; ``--check``
reads it but never writes it. Entries are written to a temporary file and renamed, so a reader never sees half a
file; a build that writes the exports then removes the entries it did not use, so the cache holds one build's
worth.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from importlib import metadata as package_metadata
from pathlib import Path

import pandas as pd

from pipeline import rules

DIRECTORY = ".build-cache"
FORMAT = b"claim-and-source build cache 2\n"
PACKAGES = ("pandas", "pandera", "pyarrow", "numpy", "rtoml")  # whose versions change what the build produces
_ROOT = Path(__file__).resolve().parent.parent


def code_version() -> bytes:
    """A hash of everything a cached result depends on besides its own inputs: the build's code and libraries."""
    digest = hashlib.sha256(FORMAT + sys.version.encode())
    for package in PACKAGES:
        try:
            version = package_metadata.version(package)
        except package_metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"\0{package}={version}".encode())
    for path in [_ROOT / "schema.py", *sorted((_ROOT / "pipeline").rglob("*.py"))]:
        digest.update(b"\0" + path.relative_to(_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


class Cache:
    """The entries of one cache directory, looked up by kind and key; every failure to read is a miss."""

    def __init__(self, directory: Path, writable: bool = True):
        self.directory = directory
        self.writable = writable
        self.code = code_version()
        self.used: set[str] = set()  # the file names looked up or written by this build

    def key(self, kind: str, *parts: bytes | None) -> str:
        """The key of an entry: the code's hash, the kind, and each part (None: absent), each with its length."""
        digest = hashlib.sha256(self.code + kind.encode())
        for part in parts:
            digest.update(b"-" if part is None else b"+%d:" % len(part) + part)
        return digest.hexdigest()

    def get(self, kind: str, key: str) -> object | None:
        """The value kept under ``key``, or None if there is none or it is not exactly what was written."""
        name = f"{kind}-{key}"
        self.used.add(name)
        try:
            data = (self.directory / name).read_bytes()
            ends = [data.index(b"\n")]  # of the format line, the key and the checksum
            for _ in range(2):
                ends.append(data.index(b"\n", ends[-1] + 1))
            payload = memoryview(data)[ends[2] + 1:]  # not copied: the snapshot is as large as the dataset
            if (data[:ends[0] + 1] != FORMAT or data[ends[0] + 1:ends[1]].decode() != key
                    or data[ends[1] + 1:ends[2]].decode() != hashlib.sha256(payload).hexdigest()):
                raise ValueError("not this entry")
            value = pickle.loads(payload)
        except Exception:  # missing, unreadable, truncated, corrupt or foreign: made again
            return None
        return value

    def keep(self, kind: str, key: str) -> None:
        """Keep an entry this build did not read (``prune`` leaves it): a later build may need it."""
        self.used.add(f"{kind}-{key}")

    def put(self, kind: str, key: str, value: object) -> None:
        """Keep ``value`` under ``key`` (nothing if the cache is read-only or cannot be written: it only saves time)."""
        name = f"{kind}-{key}"
        self.used.add(name)
        if not self.writable:
            return
        temporary = None
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            self.directory.mkdir(exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
            with open(handle, "wb") as out:
                out.write(b"".join([FORMAT, key.encode(), b"\n", hashlib.sha256(payload).hexdigest().encode(), b"\n"]))
                out.write(payload)
            os.replace(temporary, self.directory / name)
            temporary = None
        except Exception:  # unpicklable value, read-only or full disk: the build goes on without this entry
            pass
        finally:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)

    def prune(self) -> None:
        """Remove every entry this build did not use (and temporary files a killed build left)."""
        if not self.writable:
            return
        try:
            names = os.listdir(self.directory)
        except OSError:
            return
        for name in names:
            if name not in self.used:
                (self.directory / name).unlink(missing_ok=True)


class Bundle:
    """The entries of one kind a build used, kept together in one more entry (``<kind>s-<key>``), so that the next
    build reads one file instead of one per article. Each entry is still kept on its own, and is what a build
    falls back on where the bundle does not hold it (or is lost). The bundle is written again once more than √n of
    the n entries used were not found in it: it holds them all, so writing it costs about what reading that many
    entries one by one does."""

    def __init__(self, cache: Cache, kind: str):
        self.cache, self.kind = cache, kind
        held = cache.get(f"{kind}s", cache.key(f"{kind}s"))
        self.held: dict[str, object] = held if isinstance(held, dict) else {}
        self.used: dict[str, object] = {}  # key -> the value this build used (got, or made and put)
        self.missed = 0

    def get(self, key: str) -> object | None:
        """The value kept under ``key``: from the bundle, else from its own entry."""
        if key in self.held:
            self.cache.keep(self.kind, key)  # not read, but the fallback of a later build
            value = self.held[key]
        else:
            self.missed += 1
            value = self.cache.get(self.kind, key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: object) -> None:
        self.cache.put(self.kind, key, value)
        self.used[key] = value

    def close(self) -> None:
        """Write the bundle again if it is missing or more than √n of the n entries used were not in it."""
        if self.used and (not self.held or self.missed * self.missed > len(self.used)):
            self.cache.put(f"{self.kind}s", self.cache.key(f"{self.kind}s"), self.used)
        elif self.held:
            self.cache.keep(f"{self.kind}s", self.cache.key(f"{self.kind}s"))


def beside(claims_dir: Path, writable: bool = True) -> Cache:
    """The cache of a claims/ directory: ``.build-cache/`` in the folder that holds it."""
    return Cache(claims_dir.resolve().parent / DIRECTORY, writable)


def of_articles(tables: dict[str, pd.DataFrame], article_ids: list[str]) -> dict[str, pd.DataFrame]:
    """The rows of ``tables`` that belong to these articles (every source: the rows name them), in table order."""
    if len(article_ids) == len(tables["articles"]):  # every article (ids are unique): the tables as they are
        return tables
    claims = tables["claims"][rules.isin(tables["claims"]["article_id"], article_ids)]
    return {"articles": tables["articles"][rules.isin(tables["articles"]["article_id"], article_ids)],
            "sources": tables["sources"], "claims": claims,
            **{table: tables[table][rules.isin(tables[table]["claim_id"], claims["claim_id"])]
               for table in ("quantities", "evidence", "reviews")}}
