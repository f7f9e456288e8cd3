"""The HTML view: exports/index.html lists the articles; exports/articles/<article_id>.html shows one.

An article's page marks each statement in the article text and lists its
claims in a table. A page per article keeps every page small however large
the dataset grows (one page of a million statements would be a gigabyte).

Every page is self-contained: inline CSS and JS, no network requests. The
article and the tables are plain HTML that reads without JavaScript; the
script only adds tooltips, sorting and filtering. Every text from the data is
HTML-escaped, and the JSON the script reads is escaped so that no "</script>"
can end it.
"""

from __future__ import annotations

import bisect
import html
import json
from collections import Counter
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow

import schema
from pipeline import metadata
from pipeline.problems import is_null

ARTICLES_DIR = "articles"  # one page per article, owned by the build as a whole

# Colour-blind-safe palette (Okabe-Ito, then Tol's muted): one per source, in source_id order.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
           "#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499", "#44AA99"]

STYLE = """
:root { font-family: Georgia, serif; line-height: 1.6; color: #1b1b1b; background: #fff; }
body { margin: 0 auto; max-width: 52rem; padding: 1rem; }
h1, h2, table, .legend, .controls, #tooltip { font-family: system-ui, sans-serif; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.meta { color: #555; font-size: .9rem; overflow-wrap: anywhere; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1rem; font-size: .9rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: 2px; vertical-align: -.1rem;
          margin-right: .3rem; border: 1px solid #0004; }
.para { white-space: pre-wrap; margin: 0 0 1rem; }
.stmt { background: color-mix(in srgb, var(--c) 28%, white); border-bottom: 2px solid var(--c);
        border-radius: 2px; cursor: help; }
.stmt:focus { outline: 3px solid #000; outline-offset: 1px; }
.stmt.implicit { border-bottom-style: dashed; }
.stmt.unattributed { border-bottom-style: dotted; }
.stmt.not-a-claim { background: #eee; border-bottom-color: #bbb; color: #777; }
.cue { text-decoration: underline; text-decoration-thickness: 2px; text-underline-offset: 3px; }
#tooltip { position: absolute; z-index: 10; max-width: min(28rem, 92vw); background: #fff; border: 1px solid #888;
           box-shadow: 0 2px 8px #0003; padding: .6rem .8rem; font-size: .85rem; line-height: 1.4; }
#tooltip[hidden] { display: none; }
#tooltip dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: .1rem .6rem; }
#tooltip dt { font-weight: 600; } #tooltip dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: .85rem; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .4rem; text-align: left; vertical-align: top; }
td:first-child { white-space: nowrap; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; }
.controls { display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0; font-size: .9rem; }
.controls[hidden] { display: none; }
.legend-note { font-size: .85rem; color: #555; }
"""

SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById('claims-data').textContent);
  function claim(id) {  // the JSON holds the keys once and each claim's values in their order
    var values = data.claims[id]; if (!values) return null;
    var c = {}; data.keys.forEach(function (key, i) { c[key] = values[i]; }); return c;
  }
  var tip = document.getElementById('tooltip');
  function row(dt, dd) {
    if (dd === null || dd === undefined || dd === '') return '';
    var t = document.createElement('div'); t.textContent = dd;
    var d = document.createElement('div'); d.textContent = dt;
    return '<dt>' + d.innerHTML + '</dt><dd>' + t.innerHTML + '</dd>';
  }
  function show(el) {
    var c = claim(el.dataset.claimId); if (!c) return;
    var links = (c.evidence || []).map(function (e) {
      var a = document.createElement('a'); a.href = e.url; a.textContent = e.publisher + ' (' + e.stance + ')';
      a.rel = 'noreferrer'; return a.outerHTML; }).join(', ');
    tip.innerHTML = '<dl>' + row('Claim', c.claim_id) + row('Stand-alone', c.claim) + row('Source', c.source) +
      row('Speaker', c.speaker) + row('Attribution', c.attribution) + row('Cue', c.cue) +
      row('Type', c.claim_type) + row('Check-worthy', c.checkworthy ? 'yes' : 'no') + row('Hedge', c.hedge) +
      row('Quantities', c.quantities) + row('Verdict', c.verdict) + row('Attribution check', c.attribution_check) +
      (links ? '<dt>Evidence</dt><dd>' + links + '</dd>' : '') + '</dl>';
    var r = el.getBoundingClientRect();
    tip.style.left = Math.max(4, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 4)) + 'px';
    tip.style.top = (window.scrollY + r.bottom + 6) + 'px';
    tip.hidden = false;
  }
  function hide() { tip.hidden = true; }
  document.querySelectorAll('.stmt').forEach(function (el) {
    el.addEventListener('mouseenter', function () { show(el); });
    el.addEventListener('focus', function () { show(el); });
    el.addEventListener('mouseleave', hide);
    el.addEventListener('blur', hide);
    el.addEventListener('keydown', function (e) { if (e.key === 'Escape') hide(); });
  });
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

HEADERS = ["Claim", "#", "Source", "Type", "Attribution", "Check-worthy", "Verdict", "Statement"]


def _e(text: object) -> str:
    return html.escape("" if text is None or (not isinstance(text, str) and is_null(text)) else str(text))


def _escaped(series: pd.Series) -> list[str]:
    """``html.escape`` of a whole column at once (Arrow string kernels, not a Python call per cell); null is ""."""
    text = series.astype("str").fillna("")
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        text = text.str.replace(raw, entity, regex=False)
    return text.tolist()


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


KIND_CLASS = {"explicit": "explicit", "implicit": "implicit", "none": "unattributed"}


def _statement_html(row: dict, colour_class: str) -> str:
    """One statement as a focusable span; ``row`` holds raw values and their ``_e``-suffixed escaped forms."""
    text, cue = row["statement"], row["cue"]
    spans = _cue_spans(text, cue)
    if spans:
        pieces, position = [], 0
        for start, end in spans:
            pieces += [_e(text[position:start]), f'<u class="cue">{_e(text[start:end])}</u>']
            position = end
        pieces.append(_e(text[position:]))
        inner = "".join(pieces)
    else:
        inner = row["statement_e"]
    classes = f'stmt {colour_class} {KIND_CLASS[row["attribution"]]}'
    if row["claim_type"] == "not_a_claim":
        classes += " not-a-claim"
    return (f'<span class="{classes}" id="s-{row["claim_id_e"]}" tabindex="0" data-claim-id="{row["claim_id_e"]}" '
            f'aria-label="{row["claim_id_e"]}: {row["source_e"]}, {row["attribution"]}, {row["claim_type"]}">'
            f'{inner}</span>')


def _paragraphs_html(text: str, rows: list[dict], colours: dict[str, str]) -> str:
    """The article's paragraphs with each statement wrapped; the text between statements is kept as is."""
    out, position = [], 0
    for row in rows:
        out += [_e(text[position:row["char_start"]]), _statement_html(row, colours[row["source_id"]])]
        position = row["char_end"]
    out.append(_e(text[position:]))
    body = "".join(out).split("\n")  # statements never span a line break, so no tag is split
    return f'<div class="article">{"".join(f"<p class=para>{p}</p>" for p in body)}</div>'


def _values(series: pd.Series) -> list:
    """A column as plain Python values, null as None (Arrow's conversion, not pandas' per-cell boxing)."""
    array = pyarrow.array(series, from_pandas=True)
    if pyarrow.types.is_dictionary(array.type):  # a categorical: decoded first, fifteen times faster than value by value
        array = array.dictionary_decode()
    return array.to_pylist()


def _quantities(quantities: pd.DataFrame) -> dict[str, str]:
    """Each claim's quantities as one line of text ("55 mph = 55 mph (88.51392 km/h)"), keyed by claim id."""
    lines: dict[str, list[str]] = {}
    for claim_id, text, value, unit, value_normalized, unit_normalized in zip(*(_values(quantities[c]) for c in (
            "claim_id", "text", "value", "unit", "value_normalized", "unit_normalized"))):
        normalised = f" ({value_normalized:g} {unit_normalized})" if unit_normalized is not None else ""
        lines.setdefault(claim_id, []).append(f"{text} = {value:g} {unit}{normalised}")
    return {claim_id: "; ".join(parts) for claim_id, parts in lines.items()}


def _evidence(evidence: pd.DataFrame) -> dict[str, list[dict]]:
    """Each claim's evidence links (publisher, url, stance), keyed by claim id, in evidence order."""
    links: dict[str, list[dict]] = {}
    for claim_id, publisher, url, stance in zip(*(_values(evidence[c]) for c in (
            "claim_id", "publisher", "url", "stance"))):
        links.setdefault(claim_id, []).append({"publisher": publisher, "stance": stance, "url": url})
    return links


TOOLTIP_COLUMNS = ("claim_id", "claim", "source", "speaker", "attribution", "cue", "claim_type", "checkworthy",
                   "hedge", "verdict", "attribution_check")  # taken from the claim's row
TOOLTIP_KEYS = TOOLTIP_COLUMNS + ("evidence", "quantities")


def _tooltip(row: dict, quantities: dict[str, str], evidence: dict[str, list[dict]]) -> list:
    """What a statement's tooltip shows: its values in TOOLTIP_KEYS order (the page's JSON names the keys once)."""
    return [row[key] for key in TOOLTIP_COLUMNS] + [evidence.get(row["claim_id"]), quantities.get(row["claim_id"])]


def _table_html(claims: list[dict]) -> str:
    head = "".join(f'<th scope="col"><button type="button">{_e(label)}</button></th>' for label in HEADERS)
    rows = [
        f'<tr id="row-{r["claim_id_e"]}" data-source="{r["source_e"]}" data-type="{r["claim_type"]}">'
        f'<td><a href="#s-{r["claim_id_e"]}">{r["claim_id_e"]}</a></td><td>{r["seq"]}</td><td>{r["source_e"]}</td>'
        f'<td>{r["claim_type"]}</td><td>{r["attribution"]}</td><td>{"yes" if r["checkworthy"] else "no"}</td>'
        f'<td>{_e(r["verdict"])}</td><td>{r["statement_e"]}</td></tr>'
        for r in claims
    ]
    return (f'<div class="table-wrap"><table id="claims-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


NOT_YET_REVIEWED = "not yet reviewed"
BATCH_ROWS = 50_000  # claims turned into Python values at a time: bounds the memory the pages take to build


def _joined(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The claims in (article_id, seq) order, joined by merge to their speaker's name and their review."""
    names = tables["sources"][["source_id", "name"]].rename(columns={"source_id": "speaker_id", "name": "speaker"})
    reviews = tables["reviews"][["claim_id", "verdict", "attribution_check"]]
    claims = (tables["claims"].sort_values(["article_id", "seq"]).merge(names, on="speaker_id", how="left")
              .merge(reviews, on="claim_id", how="left"))
    # A check-worthy claim still waiting for its review says so wherever a verdict would stand.
    waiting = claims["review_status"] == "not_yet_reviewed"
    claims["verdict"] = claims["verdict"].astype("str").where(~waiting, NOT_YET_REVIEWED)
    return claims


def _columns(claims: pd.DataFrame) -> dict[str, list]:
    """What the pages show of each claim, as plain lists, with HTML-escaped copies (``<column>_e``) of the text."""
    columns = {name: _values(claims[name]) for name in
               ("claim_id", "article_id", "seq", "char_start", "char_end", "statement", "claim", "source_id",
                "source", "speaker", "cue", "hedge", "checkworthy", "attribution", "claim_type", "verdict",
                "attribution_check")}
    return columns | {f"{name}_e": _escaped(claims[name]) for name in ("claim_id", "statement", "source")}


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


LEGEND_NOTE = ("Each statement is marked in the colour of who asserts it. Solid underline: attributed explicitly; "
               "dashed: implicitly; dotted: the publisher's own. Grey: not a claim. The attribution cue is "
               "underlined. Hover over or focus a statement (Tab) for its details.")


def _article_page(article: dict, text: str, rows: list[dict], tooltips: dict[str, list], sources: list[dict],
                  card: metadata.Card) -> bytes:
    """One article's page: its text with the statements marked, a legend of its sources, and its claims."""
    counts = Counter(row["source_id"] for row in rows)
    used = [(index, source) for index, source in enumerate(sources) if counts[source["source_id"]]]
    colours = {source["source_id"]: f"src-{index}" for index, source in used}
    palette = "".join(f".src-{index} {{ --c: {PALETTE[index % len(PALETTE)]}; }}\n" for index, _ in used)
    legend = "".join(
        f'<li><span class="swatch src-{index}" style="background: var(--c)"></span>'
        f'{_e(source["name"])} ({_e(source["kind"])}): {counts[source["source_id"]]}</li>' for index, source in used)
    tooltips_json = json.dumps({"keys": TOOLTIP_KEYS, "claims": tooltips}, ensure_ascii=False).replace("<", "\\u003c")
    body = f"""<header><p class="meta"><a href="../index.html">All articles</a> · {_e(card.title)}</p>
<h1>{_e(metadata.article_title(article))}</h1>
<p class="meta">{_e(article["publisher"])} · <a href="{_e(article["url"])}">{_e(article["url"])}</a></p>
<p class="meta">{LEGEND_NOTE}</p></header>
<ul class="legend" aria-label="Sources">{legend}</ul>
<main>{_paragraphs_html(text, rows, colours)}
<h2 id="claims">Claims in this article</h2>
<div class="controls" id="controls" hidden>
<label>Source <select id="filter-source"><option value="">all</option>{_options(sorted({r["source"] for r in rows}))}</select></label>
<label>Type <select id="filter-type"><option value="">all</option>{_options(sorted({r["claim_type"] for r in rows}))}</select></label>
</div>
{_table_html(rows)}
</main>
<div id="tooltip" role="tooltip" hidden></div>
<script type="application/json" id="claims-data">{tooltips_json}</script>
<script>{SCRIPT}</script>"""
    return _page(f"{metadata.article_title(article)} · {card.title}", palette, body)


INDEX_HEADERS = ["Article", "Publisher", "Statements", "Check-worthy", "Verdicts"]


def _index_page(articles: list[dict], summaries: dict[str, tuple[int, int, Counter]], card: metadata.Card) -> bytes:
    """The list of articles, each linking to its page, with its counts of statements and verdicts."""
    head = "".join(f'<th scope="col">{_e(label)}</th>' for label in INDEX_HEADERS)
    rows = []
    for article in articles:
        statements, checkworthy, verdicts = summaries[article["article_id"]]
        tally = ", ".join(f"{verdicts[v]} {v}" for v in [*schema.VERDICTS, NOT_YET_REVIEWED] if verdicts[v])
        rows.append(f'<tr><td><a href="{ARTICLES_DIR}/{_e(article["article_id"])}.html">{_e(metadata.article_title(article))}</a></td>'
                    f'<td>{_e(article["publisher"])}</td><td>{statements}</td><td>{checkworthy}</td>'
                    f'<td>{_e(tally)}</td></tr>')
    body = f"""<header><h1>{_e(card.title)}</h1>
<p class="meta">{len(articles)} article(s). Open one to see its statements marked by who asserts them.</p></header>
<main><div class="table-wrap"><table id="articles-table"><thead><tr>{head}</tr></thead>
<tbody>{"".join(rows)}</tbody></table></div></main>"""
    return _page(card.title, "", body)


def render(tables: dict[str, pd.DataFrame], texts: dict[str, str], card: metadata.Card) -> Iterator[tuple[str, bytes]]:
    """Each page's path under exports/ and its bytes, one page at a time; deterministic for the same input.

    Lazy, so that the pages of a large dataset never sit in memory together:
    the index comes last, once every article has been counted.
    """
    sources = tables["sources"].sort_values("source_id").astype({"kind": "str"}).to_dict("records")
    quantities, evidence = _quantities(tables["quantities"]), _evidence(tables["evidence"])
    groups = _article_rows(_joined(tables))  # in article_id order, as the articles are
    group = next(groups, None)
    articles = tables["articles"].sort_values("article_id").to_dict("records")
    summaries = {}
    for article in articles:
        rows = []
        if group is not None and group[0] == article["article_id"]:
            rows, group = group[1], next(groups, None)
        tooltips = {row["claim_id"]: _tooltip(row, quantities, evidence) for row in rows}
        yield (f"{ARTICLES_DIR}/{article['article_id']}.html",
               _article_page(article, texts[article["article_id"]], rows, tooltips, sources, card))
        summaries[article["article_id"]] = (len(rows), sum(1 for r in rows if r["checkworthy"]),
                                            Counter(r["verdict"] for r in rows if r["verdict"] is not None))
    yield "index.html", _index_page(articles, summaries, card)
