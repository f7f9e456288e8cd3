"""The HTML view: exports/index.html lists the articles; exports/articles/<article_id>.html shows one.

An article's page marks each statement in the article text, in the colour of
its source, with its verdict written after it ("✗ Refuted", "… not yet
reviewed") and, where the review could not confirm who said it, "attribution
not found" or "attribution differs"; a statement drafted by draft.py and not
yet confirmed by a curator says "drafted, not yet confirmed". Below the text, a table lists the
claims (sortable, filterable; each row a card at phone width), and then every
claim's details: claim, source and cue, speaker, quantities, verdict,
attribution check, justification, corrected claim and each evidence link
with its stance. A page per article keeps every page small however large the
dataset grows (one page of a million statements would be a gigabyte).

Every page is self-contained: inline CSS and JS, no network requests, and it
reads without JavaScript: a statement is a link to its claim's details
(``#d-<claim_id>``). The script only pins those details under the
statement's paragraph when it is clicked, tapped or activated with Enter
(the panel stays open until closed by its button, Escape or the statement
again; focus moves into it and back), and sorts and filters the table. A
page loaded with ``#s-<claim_id>`` opens that statement's panel. Every text
from the data is HTML-escaped; the page embeds no JSON.

Colours. A source's colour is derived from its source_id alone, never from
its position in a list, so adding, removing or renaming another source
recolours nothing: the first four bytes of the id's SHA-256 pick its "home"
hue, drawn in OKLCH (a perceptually uniform space) at a fixed lightness and
chroma (``LINE``: underlines and swatches, 3.7:1 or more against white;
``TINT``: the highlight behind the text, where the text keeps a contrast
of 13:1 or more), reduced in chroma only where sRGB cannot show it. Hashing does
not keep two sources of one page apart, so each page checks its own
sources, in source_id order: a source keeps its home hue unless it lies
within ``MIN_HUE_GAP`` degrees of a hue already taken on that page; then it
takes the first hue of its own golden-angle sequence (home + k × 137.5°)
clear of the hues taken and of the home hues still to place. So a source's
colour on a page depends only on the sources of that page: the same on every
page where its home hue clashes with none, and never changed by a source the
page does not cite. Past six sources on one page the gap narrows
(``0.7 × 360° / n``: 36° for seven, 21° for twelve); the legend and the details
name every source anyway.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import html
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow

import schema
from pipeline import metadata
from pipeline.cache import Bundle, Cache, of_articles
from pipeline.problems import is_null

ARTICLES_DIR = "articles"  # one page per article, owned by the build as a whole

LINE = (0.60, 0.11)  # OKLCH lightness and chroma of a source's underline and swatch
TINT = (0.92, 0.04)  # ... and of the highlight behind its statements
MIN_HUE_GAP = 40.0  # degrees between the hues of two sources on one page (a difference of about 0.07 in OKLab)
GOLDEN_ANGLE = 137.50776405003785  # degrees: successive probes spread evenly round the circle
PROBES = 64


def _srgb(lightness: float, chroma: float, hue: float) -> tuple[float, float, float]:
    """OKLCH to gamma-encoded sRGB (Björn Ottosson's matrices); components may fall outside 0..1."""
    a, b = chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue))
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    linear = (4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
              -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
              -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_)
    return tuple(12.92 * x if x <= 0.0031308 else 1.055 * x ** (1 / 2.4) - 0.055 for x in linear)  # type: ignore[return-value]


@functools.lru_cache(maxsize=4096)  # the same few hues on page after page
def oklch_hex(lightness: float, chroma: float, hue: float) -> str:
    """An OKLCH colour as "#rrggbb", its chroma reduced (hue and lightness kept) until sRGB can show it."""
    rgb = _srgb(lightness, chroma, hue)
    if not all(0 <= x <= 1 for x in rgb):
        low, high = 0.0, chroma
        for _ in range(24):  # bisection: a fixed number of steps, so the result is the same on every machine
            middle = (low + high) / 2
            low, high = (middle, high) if all(0 <= x <= 1 for x in _srgb(lightness, middle, hue)) else (low, middle)
        rgb = _srgb(lightness, low, hue)
    return "#" + "".join(f"{round(min(1.0, max(0.0, x)) * 255):02x}" for x in rgb)


def home_hue(source_id: str) -> float:
    """A source's own hue in degrees, from its id alone (the first four bytes of its SHA-256)."""
    return int.from_bytes(hashlib.sha256(source_id.encode()).digest()[:4], "big") / 2 ** 32 * 360


def _hue_distance(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


def page_hues(source_ids: Iterable[str]) -> dict[str, float]:
    """The hue of each source cited on one page (see the module's docstring): its home hue unless taken."""
    ids = sorted(set(source_ids))
    gap = min(MIN_HUE_GAP, 0.7 * 360 / max(len(ids), 1))
    homes = {source_id: home_hue(source_id) for source_id in ids}
    hues: dict[str, float] = {}
    for position, source_id in enumerate(ids):
        waiting = [homes[other] for other in ids[position + 1:]]
        best, best_distance = homes[source_id], -1.0
        for k in range(PROBES):
            hue = (homes[source_id] + k * GOLDEN_ANGLE) % 360
            distance = min((_hue_distance(hue, taken) for taken in hues.values()), default=360.0)
            clear = distance >= gap and (k == 0 or all(_hue_distance(hue, h) >= gap for h in waiting))
            if clear:
                best = hue
                break
            if distance > best_distance:
                best, best_distance = hue, distance
        hues[source_id] = best
    return hues


def page_colours(source_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Each source's (underline, tint) colours on a page citing these sources."""
    return {source_id: (oklch_hex(*LINE, hue), oklch_hex(*TINT, hue)) for source_id, hue in page_hues(source_ids).items()}


STYLE = """
:root { font-family: Georgia, serif; line-height: 1.6; color: #1b1b1b; background: #fff; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1, h2, h3, table, .legend, .controls, .badge, .detail, .panel, .meta { font-family: system-ui, sans-serif; }
h1 { font-size: 1.4rem; line-height: 1.3; overflow-wrap: break-word; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.meta { color: #555; font-size: .9rem; overflow-wrap: anywhere; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: .9rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: 2px; vertical-align: -.1rem;
          margin-right: .3rem; border: 1px solid #0004; background: var(--c); }
.article { max-width: 48rem; }
.para { white-space: pre-wrap; margin: 0 0 1rem; }
.stmt { color: inherit; text-decoration: none; background: var(--t); border-bottom: 2px solid var(--c);
        border-radius: 2px; cursor: pointer; scroll-margin-top: 30vh; }
.stmt:hover { background: color-mix(in srgb, var(--c) 35%, white); }
.stmt:focus-visible, .stmt[aria-expanded=true] { outline: 3px solid #000; outline-offset: 1px; }
.stmt.implicit { border-bottom-style: dashed; }
.stmt.unattributed { border-bottom-style: dotted; }
.stmt.not-a-claim { background: #eee; border-bottom-color: #bbb; color: #666; }
.cue { text-decoration: underline; text-decoration-thickness: 2px; text-underline-offset: 3px; }
.badge { display: inline-block; white-space: normal; font-size: .72rem; font-weight: 600; line-height: 1.3;
         padding: 0 .3rem; margin: 0 .15rem 0 .3rem; border: 1px solid; border-radius: 3px; vertical-align: .1rem;
         background: #fff; text-decoration: none; }
.v-supported { color: #1e6b34; border-color: #1e6b34; }
.v-refuted { color: #fff; background: #b3261e; border-color: #b3261e; }
.v-nee { color: #4a4a4a; border-color: #4a4a4a; }
.v-conflicting { color: #7a4b00; border-color: #7a4b00; background: #fff6e0; }
.v-waiting { color: #555; border-color: #777; border-style: dashed; font-weight: 400; font-style: italic; }
.a-check { color: #5b2a86; border-color: #5b2a86; border-style: dashed; }
.panel { position: relative; max-width: 48rem; margin: -.4rem 0 1.2rem; padding: .6rem 2.6rem .6rem .9rem;
         border: 2px solid #333; border-radius: 4px; background: #fff; box-shadow: 0 2px 10px #0003; }
.panel:focus { outline: 3px solid #1a4fd6; outline-offset: 2px; }
.panel .to-text { display: none; }
.close { position: absolute; top: .35rem; right: .35rem; font: 600 1.3rem/1 system-ui, sans-serif; width: 2.2rem;
         height: 2.2rem; border: 1px solid #888; border-radius: 4px; background: #f4f4f4; cursor: pointer; }
.close:focus-visible { outline: 3px solid #1a4fd6; }
.detail { font-size: .9rem; line-height: 1.45; border-top: 1px solid #ddd; padding: .4rem 0 .8rem; scroll-margin-top: 1rem; }
.panel .detail { border: 0; padding: 0; }
.detail:target { background: #fffbe6; }
.detail h3 { font-size: 1rem; margin: .3rem 0 .5rem; overflow-wrap: anywhere; }
.detail dl { margin: 0; }
.detail dl > div { display: grid; grid-template-columns: 8.5rem minmax(0, 1fr); gap: .8rem; margin-bottom: .3rem; }
.detail dt { font-weight: 600; color: #333; } .detail dd { margin: 0; overflow-wrap: anywhere; }
.detail ul { margin: 0; padding-left: 1.1rem; } .detail li { margin-bottom: .3rem; }
.detail a { color: #0b4fb3; }
.stance { font-size: .8rem; border: 1px solid #999; border-radius: 3px; padding: 0 .25rem; white-space: nowrap; }
.sub { display: block; color: #555; font-size: .8rem; }
.id { font-family: ui-monospace, monospace; font-size: .8rem; color: #555; }
table { border-collapse: collapse; font-size: .85rem; width: 100%; table-layout: fixed; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .4rem; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
td a { color: #0b4fb3; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; text-align: left; }
col.seq { width: 2.6rem; } col.source { width: 10rem; } col.type { width: 6.5rem; } col.worthy { width: 5.5rem; }
col.verdict { width: 11rem; }
#articles-table col.counts { width: 7rem; } #articles-table col.tally { width: 14rem; } #articles-table col.publisher { width: 10rem; }
tr[hidden] { display: none; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin: .5rem 0; font-size: .9rem; }
.controls[hidden] { display: none; }
.controls select { max-width: 100%; }
@media (max-width: 40rem) {
  body { padding: .6rem; } h1 { font-size: 1.2rem; }
  table, tbody, tr, td { display: block; width: auto; }
  thead tr { display: flex; flex-wrap: wrap; gap: .2rem .8rem; }
  #claims-table thead tr::before { content: "Sort by:"; color: #444; }
  #articles-table thead { display: none; }
  thead th { border: 0; padding: .1rem 0; }
  colgroup { display: none; }
  tbody tr { border: 1px solid #ccc; border-radius: 4px; margin: 0 0 .6rem; padding: .2rem 0; }
  td { display: flow-root; border: 0; padding: .15rem .5rem .15rem 7.5rem; }
  td::before { content: attr(data-label); float: left; width: 6.7rem; margin-left: -7rem; font-weight: 600; color: #444; }
  .detail dl > div { grid-template-columns: minmax(0, 1fr); gap: 0; }
  .panel { padding-left: .6rem; }
}
"""

SCRIPT = """
(function () {
  var panel = null, opener = null;
  function close(returnFocus) {
    if (!panel) return;
    panel.parentNode.removeChild(panel); panel = null;
    opener.setAttribute('aria-expanded', 'false');
    if (returnFocus) opener.focus();
    opener = null;
  }
  function open(statement, moveFocus) {
    var details = document.getElementById('d-' + statement.dataset.claimId);
    if (!details) return;
    close(false);
    var copy = details.cloneNode(true);  // the details the page already holds, without their ids
    copy.removeAttribute('id');
    Array.prototype.forEach.call(copy.querySelectorAll('[id]'), function (el) { el.removeAttribute('id'); });
    copy.removeAttribute('aria-labelledby');
    panel = document.createElement('div');
    panel.className = 'panel'; panel.id = 'panel'; panel.tabIndex = -1;
    panel.setAttribute('role', 'region');
    panel.setAttribute('aria-label', 'Details of the statement');
    var button = document.createElement('button');
    button.type = 'button'; button.className = 'close'; button.textContent = '\\u00d7';
    button.setAttribute('aria-label', 'Close the details');
    button.addEventListener('click', function () { close(true); });
    panel.appendChild(button); panel.appendChild(copy);
    var paragraph = statement.closest('.para');
    paragraph.parentNode.insertBefore(panel, paragraph.nextSibling);
    opener = statement;
    statement.setAttribute('aria-expanded', 'true');
    statement.setAttribute('aria-controls', 'panel');
    if (moveFocus) panel.focus({preventScroll: true});
    if (moveFocus) panel.scrollIntoView({block: 'nearest'});
  }
  document.querySelectorAll('.stmt').forEach(function (statement) {
    statement.setAttribute('aria-expanded', 'false');
    statement.addEventListener('click', function (event) {
      event.preventDefault();
      if (opener === statement) close(true); else open(statement, true);
    });
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !panel) return;
    close(panel.contains(document.activeElement) || document.activeElement === opener);
  });
  function fromHash() {
    var match = /^#s-(.+)$/.exec(location.hash);
    var statement = match && document.getElementById('s-' + decodeURIComponent(match[1]));
    if (statement && statement !== opener) open(statement, false);
  }
  window.addEventListener('hashchange', fromHash);
  fromHash();
  var table = document.getElementById('claims-table');
  var body = table.tBodies[0];
  var source = document.getElementById('filter-source'), type = document.getElementById('filter-type');
  function filter() {
    Array.prototype.forEach.call(body.rows, function (tr) {
      tr.hidden = (source.value && tr.dataset.source !== source.value) || (type.value && tr.dataset.type !== type.value);
    });
  }
  source.addEventListener('change', filter); type.addEventListener('change', filter);
  document.getElementById('controls').hidden = false;
  table.querySelectorAll('th button').forEach(function (button, index) {
    button.addEventListener('click', function () {
      var ascending = button.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('th button').forEach(function (b) { b.removeAttribute('aria-sort'); });
      button.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[index].dataset.sort || a.cells[index].textContent;
        var y = b.cells[index].dataset.sort || b.cells[index].textContent;
        var n = (x - y); var cmp = isNaN(n) ? x.localeCompare(y) : n;
        return ascending ? cmp : -cmp;
      });
      rows.forEach(function (tr) { body.appendChild(tr); });
    });
  });
})();
"""

HEADERS = [("#", "seq"), ("Claim", "claim"), ("Source", "source"), ("Type", "type"), ("Check-worthy", "worthy"),
           ("Verdict", "verdict")]
NOT_YET_REVIEWED = "not yet reviewed"
VERDICT_BADGES = {  # verdict -> (class, sign): the sign and the words read in greyscale, the colour only helps
    "Supported": ("v-supported", "✓"), "Refuted": ("v-refuted", "✗"), "Not Enough Evidence": ("v-nee", "?"),
    "Conflicting Evidence/Cherrypicking": ("v-conflicting", "≠"), NOT_YET_REVIEWED: ("v-waiting", "…"),
}
ATTRIBUTION_CHECKS = {  # what the review found of the source saying the claim: the badge, and the details' line
    "confirmed": (None, "confirmed: coverage shows the source saying it"),
    "differs": ("attribution differs", "differs: coverage shows the source saying something else"),
    "not_found": ("attribution not found", "not found: no coverage found of the source saying it"),
}
KIND_CLASS = {"explicit": "explicit", "implicit": "implicit", "none": "unattributed"}
ATTRIBUTION_LABEL = {"explicit": "attributed explicitly", "implicit": "attributed implicitly",
                     "none": "the publisher's own"}
STANCE_LABEL = {"supports": "supports", "refutes": "refutes", "partially_supports": "partially supports",
                "unrelated_but_relevant": "related, not on the claim"}


def _e(text: object) -> str:
    return html.escape("" if text is None or (not isinstance(text, str) and is_null(text)) else str(text))


def _escaped(series: pd.Series) -> list[str]:
    """``html.escape`` of a whole column at once (Arrow string kernels, not a Python call per cell); null is ""."""
    text = series.astype("str").fillna("")
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        text = text.str.replace(raw, entity, regex=False)
    return text.tolist()


def number(value: float) -> str:
    """A number exactly as stored, in the shortest form that reads back the same: 88.51392, 1000000, 0.5."""
    return np.format_float_positional(value, unique=True, trim="-")


def _cue_spans(statement: str, cue: str | None) -> list[tuple[int, int]]:
    """Where each part of the cue ("said … as reported by") sits in the statement, in order."""
    spans: list[tuple[int, int]] = []
    position = 0
    if cue is None or pd.isna(cue):
        return spans
    for part in (p.strip() for p in cue.split("…")):
        found = statement.find(part, position)
        if found < 0:
            return []
        spans.append((found, found + len(part)))
        position = found + len(part)
    return spans


def _badge(css: str, sign: str, label: str) -> str:
    return f'<span class="badge {css}"><span aria-hidden="true">{sign} </span>{label}</span>'


VERDICT_HTML = {verdict: _badge(css, sign, html.escape(verdict).replace("/", "/<wbr>"))
                for verdict, (css, sign) in VERDICT_BADGES.items()}
CHECK_HTML = {check: _badge("a-check", "?", badge) if badge else "" for check, (badge, _) in ATTRIBUTION_CHECKS.items()}
DRAFTED = "drafted, not yet confirmed"
DRAFTED_HTML = _badge("v-waiting", "✎", DRAFTED)


def _badges(row: dict) -> str:
    """A machine's draft not yet confirmed, the verdict (or "not yet reviewed") and an attribution the review
    could not confirm, as text badges."""
    verdict, check = row["verdict"], row["attribution_check"]
    return ((DRAFTED_HTML if row["drafted"] else "") + (VERDICT_HTML[verdict] if verdict is not None else "")
            + (CHECK_HTML[check] if check is not None else ""))


def _statement_html(row: dict, colour_class: str) -> str:
    """One statement as a link to its details, its badges last; ``row`` holds raw values and escaped ones (``_e``)."""
    text, cue = row["statement"], row["cue"]
    spans = _cue_spans(text, cue)
    if spans:
        pieces, position = [], 0
        for start, end in spans:
            pieces += [html.escape(text[position:start]), f'<u class="cue">{html.escape(text[start:end])}</u>']
            position = end
        pieces.append(html.escape(text[position:]))
        inner = "".join(pieces)
    else:
        inner = row["statement_e"]
    classes = f'stmt {colour_class} {KIND_CLASS[row["attribution"]]}'
    if row["claim_type"] == "not_a_claim":
        classes += " not-a-claim"
    claim_id = row["claim_id_e"]
    return (f'<a class="{classes}" id="s-{claim_id}" href="#d-{claim_id}" data-claim-id="{claim_id}">'
            f'{inner}{row["badges"]}</a>')


def _paragraphs_html(text: str, rows: list[dict], colours: dict[str, str]) -> str:
    """The article's paragraphs with each statement wrapped; the text between statements is kept as is."""
    out, position = [], 0
    for row in rows:
        out += [html.escape(text[position:row["char_start"]]), _statement_html(row, colours[row["source_id"]])]
        position = row["char_end"]
    out.append(html.escape(text[position:]))
    body = "".join(out).split("\n")  # statements never span a line break, so no tag is split
    return f'<div class="article">{"".join(f"<p class=para>{p}</p>" for p in body)}</div>'


def _values(series: pd.Series) -> list:
    """A column as plain Python values, null as None (Arrow's conversion, not pandas' per-cell boxing)."""
    array = pyarrow.array(series, from_pandas=True)
    if pyarrow.types.is_dictionary(array.type):  # a categorical: decoded first, fifteen times faster than value by value
        array = array.dictionary_decode()
    return array.to_pylist()


def _quantities(quantities: pd.DataFrame) -> dict[str, str]:
    """Each claim's quantities as HTML list items, keyed by claim id: the text as written, then value and unit
    as a labelled pair ("value 55, unit mph = 88.51392 km/h"), never a made-up plural."""
    items: dict[str, list[str]] = {}
    for claim_id, text, value, unit, approximate, value_normalized, unit_normalized in zip(
            _values(quantities["claim_id"]), _escaped(quantities["text"]), _values(quantities["value"]),
            _escaped(quantities["unit"]), _values(quantities["approximate"]), _values(quantities["value_normalized"]),
            _escaped(quantities["unit_normalized"])):
        normalised = f" = {number(value_normalized)} {unit_normalized}" if value_normalized is not None else ""
        items.setdefault(claim_id, []).append(
            f"<li>“{text}”: value {number(value)}, unit {unit}{normalised}{', approximate' if approximate else ''}</li>")
    return {claim_id: "".join(parts) for claim_id, parts in items.items()}


def _evidence(evidence: pd.DataFrame) -> dict[str, str]:
    """Each claim's evidence as HTML list items (link, stance, publication date, summary, quote), keyed by claim id,
    in evidence order."""
    items: dict[str, list[str]] = {}
    for claim_id, evidence_id, url, publisher, published, stance, summary, quote in zip(
            _values(evidence["claim_id"]), _escaped(evidence["evidence_id"]), _escaped(evidence["url"]),
            _escaped(evidence["publisher"]), _values(evidence["published"]), _values(evidence["stance"]),
            _escaped(evidence["summary"]), _escaped(evidence["quote"])):
        date = f", published {published.isoformat()}" if published is not None else ""
        quoted = f" Quote: “{quote}”" if quote else ""
        items.setdefault(claim_id, []).append(
            f'<li><a href="{url}" rel="noreferrer">{publisher}</a> <span class="stance">{STANCE_LABEL[stance]}</span>'
            f'{date}<br>{summary}{quoted} <span class="id">{evidence_id}</span></li>')
    return {claim_id: "".join(parts) for claim_id, parts in items.items()}


def _details_html(row: dict, colour_class: str, quantities: dict[str, str], evidence: dict[str, str]) -> str:
    """Everything known of one claim, as a section the statement links to (and the script shows in its panel)."""
    claim_id = row["claim_id_e"]
    check = row["attribution_check"]
    source = (f'<span class="swatch {colour_class}"></span>{row["source_e"]}, {ATTRIBUTION_LABEL[row["attribution"]]}'
              + (f"; cue “{row['cue_e']}”" if row["cue_e"] else ""))
    kind = (row["claim_type"].replace("_", " ") + (", check-worthy" if row["checkworthy"] else ", not check-worthy")
            + (f"; hedge “{row['hedge_e']}”" if row["hedge_e"] else ""))
    quantity_items, evidence_items = quantities.get(row["claim_id"]), evidence.get(row["claim_id"])
    fields = (
        ("Source", source), ("Speaker", row["speaker_e"]), ("Type", kind),
        ("Quantities", f"<ul>{quantity_items}</ul>" if quantity_items else ""),
        ("Verdict", VERDICT_HTML[row["verdict"]] if row["verdict"] is not None else "not check-worthy, not reviewed"),
        ("Attribution check", ATTRIBUTION_CHECKS[check][1] if check is not None else ""),
        ("Justification", row["justification_e"]), ("Corrected claim", row["corrected_claim_e"]),
        ("Evidence", f"<ul>{evidence_items}</ul>" if evidence_items else ""),
        ("Claim id", f'<span class="id">{claim_id}</span> <a class="to-text" href="#s-{claim_id}">in the text</a>'),
    )
    return (f'<section class="detail" id="d-{claim_id}" aria-labelledby="h-{claim_id}">'
            f'<h3 id="h-{claim_id}">{row["seq"]}. {row["claim_e"]}</h3><dl>'
            + "".join([f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in fields if value])
            + "</dl></section>")


def _table_html(rows: list[dict], colours: dict[str, str]) -> str:
    """The claims, a row each: wraps at any width (fixed column widths), and stacks into cards on a phone."""
    columns = "".join(f'<col class="{css}">' for _, css in HEADERS)
    head = "".join(f'<th scope="col"><button type="button">{_e(label)}</button></th>' for label, _ in HEADERS)
    body = []
    for r in rows:
        claim_id = r["claim_id_e"]
        verdict = r["badges"] or '<span class="sub">not check-worthy</span>'
        body.append(
            f'<tr id="row-{claim_id}" data-source="{r["source_e"]}" data-type="{r["claim_type"]}">'
            f'<td data-label="#" data-sort="{r["seq"]}"><a href="#s-{claim_id}" title="In the text">{r["seq"]}</a></td>'
            f'<td data-label="Claim"><a href="#d-{claim_id}">{r["claim_e"]}</a></td>'
            f'<td data-label="Source"><span class="swatch {colours[r["source_id"]]}"></span>{r["source_e"]}'
            f'<span class="sub">{ATTRIBUTION_LABEL[r["attribution"]]}</span></td>'
            f'<td data-label="Type">{r["claim_type"].replace("_", " ")}</td>'
            f'<td data-label="Check-worthy">{"yes" if r["checkworthy"] else "no"}</td>'
            f'<td data-label="Verdict">{verdict}</td></tr>')
    return (f'<table id="claims-table"><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


BATCH_ROWS = 50_000  # claims turned into Python values at a time: bounds the memory the pages take to build


def _joined(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The claims in (article_id, seq) order, joined by merge to their speaker's name and their review."""
    names = tables["sources"][["source_id", "name"]].rename(columns={"source_id": "speaker_id", "name": "speaker"})
    reviews = tables["reviews"][["claim_id", "verdict", "attribution_check", "justification", "corrected_claim"]]
    claims = (tables["claims"].sort_values(["article_id", "seq"]).merge(names, on="speaker_id", how="left")
              .merge(reviews, on="claim_id", how="left"))
    # A check-worthy claim still waiting for its review says so wherever a verdict would stand.
    waiting = claims["review_status"] == "not_yet_reviewed"
    claims["verdict"] = claims["verdict"].astype("str").where(~waiting, NOT_YET_REVIEWED)
    return claims


ESCAPED = ("claim_id", "statement", "claim", "source", "speaker", "cue", "hedge", "justification", "corrected_claim")
RAW = ("claim_id", "article_id", "seq", "char_start", "char_end", "statement", "source_id", "source", "cue",
       "checkworthy", "attribution", "claim_type", "verdict", "attribution_check", "drafted")


def _columns(claims: pd.DataFrame) -> dict[str, list]:
    """What the pages show of each claim, as plain lists, with HTML-escaped copies (``<column>_e``) of the text."""
    columns = {name: _values(claims[name]) for name in RAW}
    return columns | {f"{name}_e": _escaped(claims[name]) for name in ESCAPED}


def _article_rows(claims: pd.DataFrame) -> Iterator[tuple[str, list[dict]]]:
    """Each article's claims as dicts, article by article in article_id order.

    Values are taken from the frame a batch of whole articles at a time, and
    the dicts an article at a time: a million of either at once took gigabytes.
    """
    ids = claims["article_id"]
    starts = np.flatnonzero(ids.ne(ids.shift()).to_numpy()).tolist()  # the row where each article's claims begin
    bounds = starts + [len(claims)]
    first = 0
    while first < len(starts):  # a batch: articles first..last-1
        last = max(first + 1, bisect.bisect_left(starts, starts[first] + BATCH_ROWS))
        offset = bounds[first]
        columns = _columns(claims.iloc[offset:bounds[last]])
        names = list(columns)
        for article in range(first, last):
            values = (column[bounds[article] - offset:bounds[article + 1] - offset] for column in columns.values())
            rows = [dict(zip(names, row)) for row in zip(*values)]
            for row in rows:
                row["badges"] = _badges(row)
            yield rows[0]["article_id"], rows
        first = last


def _options(values) -> str:
    return "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)


def _page(title: str, style: str, body: str) -> bytes:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{STYLE}{style}</style>
</head>
<body>
{body}
</body>
</html>
""".encode()


LEGEND_NOTE = ("Each statement is marked in the colour of who asserts it, and its verdict follows it. Solid "
               "underline: attributed explicitly; dashed: implicitly; dotted: the publisher's own. Grey: not a "
               "claim. The attribution cue is underlined. Select a statement (click, tap, or Tab then Enter) to "
               "open its details under its paragraph; Escape or × closes them.")


def _article_page(article: dict, text: str, rows: list[dict], quantities: dict[str, str], evidence: dict[str, str],
                  sources: dict[str, dict], title: str) -> bytes:
    """One article's page: its text with the statements marked, a legend of its sources, its claims and their details."""
    counts = Counter(row["source_id"] for row in rows)
    used = sorted(counts)
    colours = {source_id: f"s{index}" for index, source_id in enumerate(used)}  # class names local to the page
    palette = "".join(f".s{index} {{ --c: {line}; --t: {tint}; }}\n"
                      for index, (line, tint) in enumerate(page_colours(used).values()))
    legend = "".join(
        f'<li><span class="swatch {colours[source_id]}"></span>{_e(sources[source_id]["name"])} '
        f'({_e(sources[source_id]["kind"]).replace("_", " ")}): {counts[source_id]}</li>' for source_id in used)
    published = article.get("published")
    date = f" · {_e(published.isoformat())}" if published is not None and not is_null(published) else ""
    details = "".join(_details_html(row, colours[row["source_id"]], quantities, evidence) for row in rows)
    body = f"""<header><p class="meta"><a href="../index.html">All articles</a> · {_e(title)}</p>
<h1>{_e(metadata.article_title(article))}</h1>
<p class="meta">{_e(article["publisher"])}{date} · <a href="{_e(article["url"])}">{_e(article["url"])}</a></p>
<p class="meta">{LEGEND_NOTE}</p></header>
<ul class="legend" aria-label="Sources">{legend}</ul>
<main>{_paragraphs_html(text, rows, colours)}
<h2 id="claims">Claims in this article</h2>
<div class="controls" id="controls" hidden>
<label>Source <select id="filter-source"><option value="">all</option>{_options(sorted({r["source"] for r in rows}))}</select></label>
<label>Type <select id="filter-type"><option value="">all</option>{_options(sorted({r["claim_type"] for r in rows}))}</select></label>
</div>
{_table_html(rows, colours)}
<h2 id="details">Details of each claim</h2>
{details}
</main>
<script>{SCRIPT}</script>"""
    return _page(f"{metadata.article_title(article)} · {title}", palette, body)


INDEX_HEADERS = [("Article", "article"), ("Publisher", "publisher"), ("Statements", "counts"),
                 ("Check-worthy", "counts"), ("Verdicts", "tally")]


def _index_page(articles: list[dict], summaries: dict[str, tuple[int, int, Counter]], card: metadata.Card) -> bytes:
    """The list of articles, each linking to its page, with its counts of statements and verdicts."""
    columns = "".join(f'<col class="{css}">' for _, css in INDEX_HEADERS)
    head = "".join(f'<th scope="col">{_e(label)}</th>' for label, _ in INDEX_HEADERS)
    rows = []
    for article in articles:
        statements, checkworthy, verdicts = summaries[article["article_id"]]
        tally = ", ".join(f"{verdicts[v]} {v}" for v in [*schema.VERDICTS, NOT_YET_REVIEWED] if verdicts[v])
        rows.append(f'<tr><td data-label="Article"><a href="{ARTICLES_DIR}/{_e(article["article_id"])}.html">'
                    f'{_e(metadata.article_title(article))}</a></td>'
                    f'<td data-label="Publisher">{_e(article["publisher"])}</td><td data-label="Statements">{statements}</td>'
                    f'<td data-label="Check-worthy">{checkworthy}</td><td data-label="Verdicts">{_e(tally)}</td></tr>')
    body = f"""<header><h1>{_e(card.title)}</h1>
<p class="meta">{len(articles)} article(s). Open one to see its statements marked by who asserts them.</p></header>
<main><table id="articles-table"><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>
<tbody>{"".join(rows)}</tbody></table></main>"""
    return _page(card.title, "", body)


def render(tables: dict[str, pd.DataFrame], texts: Mapping[str, str], card: metadata.Card,
           cache: Cache | None = None, keys: dict[str, str] | None = None, exported: Path | None = None
           ) -> Iterator[tuple[str, bytes]]:
    """Each page's path under exports/ and its bytes, one page at a time; deterministic for the same input.

    Lazy, so that the pages of a large dataset never sit in memory together:
    the index comes last, once every article has been counted. ``cache``,
    ``keys`` and ``exported`` (``pipeline.cache``): where an article's key is
    unchanged, the cache holds its counts for the index and the SHA-256 of its
    page, and the page is the file in ``exported`` if it has exactly that
    hash (else it is made again); only the other articles' rows are prepared.
    """
    keys = keys or {}
    articles = tables["articles"].sort_values("article_id").to_dict("records")
    page_keys: dict[str, str] = {}
    kept: dict[str, tuple[str, tuple[int, int, Counter]]] = {}  # article id -> its page's SHA-256 and counts
    pages = Bundle(cache, "page") if cache is not None and exported is not None else None
    if cache is not None and pages is not None:
        page_keys = {article_id: cache.key("page", key.encode(), card.title.encode()) for article_id, key in keys.items()}
        kept = {article_id: entry for article_id, key in page_keys.items()
                if isinstance(entry := pages.get(key), tuple)}
    made = _made(of_articles(tables, [a["article_id"] for a in articles if a["article_id"] not in kept]),
                 texts, card.title)
    summaries = {}
    for article in articles:
        article_id = article["article_id"]
        name = f"{ARTICLES_DIR}/{article_id}.html"
        page = _exported(exported / name, kept[article_id][0]) if exported is not None and article_id in kept else None
        if page is not None:
            summaries[article_id] = kept[article_id][1]
        elif article_id in kept:  # the file is not the page it was: made again
            page, summaries[article_id] = next(_made(of_articles(tables, [article_id]), texts, card.title))
        else:
            page, summaries[article_id] = next(made)
            if pages is not None and article_id in page_keys:
                pages.put(page_keys[article_id], (hashlib.sha256(page).hexdigest(), summaries[article_id]))
        yield name, page
    yield "index.html", _index_page(articles, summaries, card)
    if pages is not None:
        pages.close()


def _exported(path: Path, sha256: str) -> bytes | None:
    """The bytes of an exported page if they have this SHA-256 (the page an earlier build made for the same key)."""
    try:
        page = path.read_bytes()
    except OSError:
        return None
    return page if hashlib.sha256(page).hexdigest() == sha256 else None


def _made(tables: dict[str, pd.DataFrame], texts: Mapping[str, str], title: str
          ) -> Iterator[tuple[bytes, tuple[int, int, Counter]]]:
    """The page of each article of ``tables``, in article_id order, and its counts for the index."""
    sources = {source["source_id"]: source for source in tables["sources"].astype({"kind": "str"}).to_dict("records")}
    quantities, evidence = _quantities(tables["quantities"]), _evidence(tables["evidence"])
    groups = _article_rows(_joined(tables))  # in article_id order, as the articles are
    group = next(groups, None)
    for article in tables["articles"].sort_values("article_id").to_dict("records"):
        rows = []
        if group is not None and group[0] == article["article_id"]:
            rows, group = group[1], next(groups, None)
        page = _article_page(article, texts[article["article_id"]], rows, quantities, evidence, sources, title)
        yield page, (len(rows), sum(1 for r in rows if r["checkworthy"]),
                     Counter(r["verdict"] for r in rows if r["verdict"] is not None))
