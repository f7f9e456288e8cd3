"""exports/index.html: each article with its statements marked, and a table of every claim.

One self-contained file: inline CSS and JS, no network requests. The article
and the table are plain HTML that reads without JavaScript; the script only
adds tooltips, sorting and filtering. Every text from the data is HTML-escaped,
and the JSON the script reads is escaped so that no "</script>" can end it.
"""

from __future__ import annotations

import html
import json

import pandas as pd

import dataset

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
  var tip = document.getElementById('tooltip');
  function row(dt, dd) {
    if (dd === null || dd === undefined || dd === '') return '';
    var t = document.createElement('div'); t.textContent = dd;
    var d = document.createElement('div'); d.textContent = dt;
    return '<dt>' + d.innerHTML + '</dt><dd>' + t.innerHTML + '</dd>';
  }
  function show(el) {
    var c = data[el.dataset.claimId]; if (!c) return;
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
    return html.escape("" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text))


def _escaped(series: pd.Series) -> list[str]:
    """``html.escape`` of a whole column at once (Arrow string kernels, not a Python call per cell); null is ""."""
    text = series.astype("str").fillna("")
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        text = text.str.replace(raw, entity, regex=False)
    return text.tolist()


def _cue_spans(statement: str, cue: str | None) -> list[tuple[int, int]]:
    """Where each part of the cue ("said … as reported by") sits in the statement, in order."""
    spans, position = [], 0
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


def _article_html(article: dict, text: str, rows: list[dict], colours: dict[str, str]) -> str:
    """The article's paragraphs with each statement wrapped; the text between statements is kept as is."""
    out, position = [], 0
    for row in rows:
        out += [_e(text[position:row["char_start"]]), _statement_html(row, colours[row["source_id"]])]
        position = row["char_end"]
    out.append(_e(text[position:]))
    body = "".join(out).split("\n")  # statements never span a line break, so no tag is split
    title = article["title"] if isinstance(article["title"], str) else f'{article["article_id"]} (headline not recorded)'
    return (f'<section aria-labelledby="h-{_e(article["article_id"])}">'
            f'<h2 id="h-{_e(article["article_id"])}">{_e(title)}</h2>'
            f'<p class="meta">{_e(article["publisher"])} · <a href="{_e(article["url"])}">{_e(article["url"])}</a></p>'
            f'<div class="article">{"".join(f"<p class=para>{p}</p>" for p in body)}</div></section>')


def _text(value: object) -> str | None:
    """A cell as text for the page's JSON; null (None, NaN, NA) stays null."""
    return value if isinstance(value, str) else None if value is None or pd.isna(value) else str(value)


def _claim_data(tables: dict[str, pd.DataFrame], claims: list[dict]) -> dict:
    """What a tooltip shows for each claim, keyed by claim id (one pass over each table's records)."""
    names = dict(zip(tables["sources"]["source_id"].tolist(), tables["sources"]["name"].tolist()))
    quantities: dict[str, list[str]] = {}
    for q in tables["quantities"].to_dict("records"):
        normalised = f' ({q["value_normalized"]:g} {q["unit_normalized"]})' if isinstance(q["unit_normalized"], str) else ""
        quantities.setdefault(q["claim_id"], []).append(f'{q["text"]} = {q["value"]:g} {q["unit"]}{normalised}')
    evidence: dict[str, list[dict]] = {}
    for e in tables["evidence"].to_dict("records"):
        evidence.setdefault(e["claim_id"], []).append(
            {"publisher": e["publisher"], "url": e["url"], "stance": str(e["stance"])})
    reviews = {r["claim_id"]: r for r in tables["reviews"].to_dict("records")}
    data = {}
    for row in claims:
        claim_id = row["claim_id"]
        entry = {key: _text(row[key]) for key in ("claim_id", "claim", "source", "attribution", "cue", "claim_type",
                                                 "hedge")}
        entry["checkworthy"] = bool(row["checkworthy"])
        entry["speaker"] = names.get(row["speaker_id"]) if isinstance(row["speaker_id"], str) else None
        if claim_id in quantities:
            entry["quantities"] = "; ".join(quantities[claim_id])
        if claim_id in reviews:
            entry["verdict"] = _text(reviews[claim_id]["verdict"])
            entry["attribution_check"] = _text(reviews[claim_id]["attribution_check"])
        if claim_id in evidence:
            entry["evidence"] = evidence[claim_id]
        data[claim_id] = entry
    return data


def _table_html(claims: list[dict], verdicts: dict[str, str]) -> str:
    head = "".join(f'<th scope="col"><button type="button">{_e(label)}</button></th>' for label in HEADERS)
    rows = [
        f'<tr id="row-{r["claim_id_e"]}" data-source="{r["source_e"]}" data-type="{r["claim_type"]}">'
        f'<td><a href="#s-{r["claim_id_e"]}">{r["claim_id_e"]}</a></td><td>{r["seq"]}</td><td>{r["source_e"]}</td>'
        f'<td>{r["claim_type"]}</td><td>{r["attribution"]}</td><td>{"yes" if r["checkworthy"] else "no"}</td>'
        f'<td>{_e(verdicts.get(r["claim_id"], ""))}</td><td>{r["statement_e"]}</td></tr>'
        for r in claims
    ]
    return (f'<div class="table-wrap"><table id="claims-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _records(claims: pd.DataFrame) -> list[dict]:
    """The claims as plain dicts, with HTML-escaped copies (``<column>_e``) of the text shown on the page."""
    columns = {name: claims[name].tolist() for name in
               ("claim_id", "article_id", "seq", "char_start", "char_end", "statement", "claim", "source_id",
                "source", "speaker_id", "cue", "hedge", "checkworthy")}
    columns |= {name: claims[name].astype("str").tolist() for name in ("attribution", "claim_type")}
    columns |= {f"{name}_e": _escaped(claims[name]) for name in ("claim_id", "statement", "source")}
    names = list(columns)
    return [dict(zip(names, values)) for values in zip(*columns.values())]


def _options(values) -> str:
    return "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)


def render(tables: dict[str, pd.DataFrame], texts: dict[str, str]) -> bytes:
    """The page's bytes: deterministic for the same tables and texts."""
    claims = tables["claims"].sort_values(["article_id", "seq"])
    sources = tables["sources"].sort_values("source_id")
    colours = {s: f"src-{i}" for i, s in enumerate(sources["source_id"])}
    counts = claims["source_id"].value_counts()
    palette = "".join(f".src-{i} {{ --c: {PALETTE[i % len(PALETTE)]}; }}\n" for i in range(len(sources)))
    legend = "".join(
        f'<li><span class="swatch {colours[s["source_id"]]}" style="background: var(--c)"></span>'
        f'{_e(s["name"])} ({_e(s["kind"])}): {int(counts.get(s["source_id"], 0))}</li>'
        for s in sources.to_dict("records") if counts.get(s["source_id"], 0))
    records = _records(claims)
    by_article: dict[str, list[dict]] = {}
    for row in records:  # already in (article_id, seq) order, which is text order
        by_article.setdefault(row["article_id"], []).append(row)
    articles = "".join(_article_html(a, texts[a["article_id"]], by_article.get(a["article_id"], []), colours)
                       for a in tables["articles"].sort_values("article_id").to_dict("records"))
    verdicts = dict(zip(tables["reviews"]["claim_id"].tolist(), tables["reviews"]["verdict"].astype("str").tolist()))
    data = json.dumps(_claim_data(tables, records), ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(dataset.TITLE)}</title>
<style>{STYLE}{palette}</style>
</head>
<body>
<header><h1>{_e(dataset.TITLE)}</h1>
<p class="meta">Each statement is marked in the colour of who asserts it. Solid underline: attributed explicitly; dashed: implicitly; dotted: the publisher's own. Grey: not a claim. The attribution cue is underlined. Hover over or focus a statement (Tab) for its details.</p></header>
<ul class="legend" aria-label="Sources">{legend}</ul>
<main>{articles}
<h2 id="claims">All claims</h2>
<div class="controls" id="controls" hidden>
<label>Source <select id="filter-source"><option value="">all</option>{_options(sorted(claims["source"].unique()))}</select></label>
<label>Type <select id="filter-type"><option value="">all</option>{_options(sorted(claims["claim_type"].astype("str").unique()))}</select></label>
</div>
{_table_html(records, verdicts)}
</main>
<div id="tooltip" role="tooltip" hidden></div>
<script type="application/json" id="claims-data">{data}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
    return page.encode("utf-8")
