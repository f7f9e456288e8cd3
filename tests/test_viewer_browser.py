"""The HTML view driven in real headless Chromium (Debian's chromium and chromium-driver, via Selenium).

The pages are those of the fixture corpus's build. Most tests use the reviewed
article's page, exports/articles/<article_id>.html; the index,
exports/index.html, lists the articles and links to their pages.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from conftest import ANNOTATED, REVIEWED, edit, oklab, run

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")
# No host name resolves: a link the tests follow (the fixture's example.org) fails at once, and nothing leaves the machine.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1200,1600",
         "--host-resolver-rules=MAP * ~NOTFOUND"]


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    """One Chromium for the whole session: starting one takes about a second."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('profile')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def browser(chromium):
    """The session's Chromium on a blank page, its logs drained and its window at desktop size, for one test."""
    chromium.get("about:blank")
    chromium.set_window_size(1200, 1600)
    for log in ("browser", "performance"):
        chromium.get_log(log)
    return chromium


@pytest.fixture(scope="module")
def exports(built_workspace) -> Path:
    return built_workspace / "exports"


def article_page(exports: Path, article_id: str = REVIEWED) -> Path:
    return exports / "articles" / f"{article_id}.html"


def open_page(driver, path: Path):
    driver.get(path.as_uri())
    return driver


def claims_of(exports: Path, article_id: str = REVIEWED) -> pd.DataFrame:
    claims = pd.read_parquet(exports / "claims.parquet")
    return claims[claims["article_id"] == article_id]


@pytest.mark.parametrize("page", ["article", "index"])
def test_page_loads_without_console_errors_or_network_requests(browser, exports, page):
    path = article_page(exports) if page == "article" else exports / "index.html"
    browser.get_log("performance")  # drop what the browser's own start-up pages logged
    open_page(browser, path)
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    requests = [json.loads(entry["message"])["message"] for entry in browser.get_log("performance")]
    uri = path.as_uri()
    # every request made for this document (the browser's own pages log requests too, for other documents)
    urls = {m["params"]["request"]["url"] for m in requests
            if m["method"] == "Network.requestWillBeSent" and m["params"].get("documentURL") == uri}
    assert urls == {uri}  # the page itself, and nothing it asked for


def test_index_links_to_each_article_page(browser, exports):
    open_page(browser, exports / "index.html")
    links = [a.get_attribute("href") for a in browser.find_elements("css selector", "#articles-table tbody a")]
    articles = pd.read_parquet(exports / "articles.parquet")
    assert links == [article_page(exports, a).as_uri() for a in articles["article_id"]]


def test_index_counts_statements_and_verdicts(browser, exports):
    open_page(browser, exports / "index.html")
    rows = browser.find_elements("css selector", "#articles-table tbody tr")
    cells = {row.find_element("css selector", "a").get_attribute("href").rsplit("/", 1)[-1]:
             [td.text for td in row.find_elements("css selector", "td")] for row in rows}
    reviews = pd.read_parquet(exports / "reviews.parquet")
    for article_id in (REVIEWED, ANNOTATED):
        claims = claims_of(exports, article_id)
        row = cells[f"{article_id}.html"]
        assert row[2:4] == [str(len(claims)), str(int(claims["checkworthy"].sum()))]
    refuted = reviews[reviews["claim_id"].str.startswith(REVIEWED) & (reviews["verdict"] == "Refuted")]
    assert f"{len(refuted)} Refuted" in cells[f"{REVIEWED}.html"][4]
    assert "2 not yet reviewed" in cells[f"{ANNOTATED}.html"][4]


def test_article_page_links_back_to_the_index(browser, exports):
    open_page(browser, article_page(exports))
    browser.find_element("link text", "All articles").click()
    assert browser.current_url == (exports / "index.html").as_uri()


def test_one_highlighted_span_per_claim(browser, exports):
    open_page(browser, article_page(exports))
    spans = browser.find_elements("css selector", ".stmt")
    assert [s.get_attribute("data-claim-id") for s in spans] == claims_of(exports)["claim_id"].tolist()


def test_paragraphs_read_back_as_the_article_text(browser, exports, built_workspace):
    """Without the badges the page adds after each statement, the paragraphs are the article text exactly."""
    open_page(browser, article_page(exports))
    paragraphs = browser.execute_script(
        "return Array.from(document.querySelectorAll('.article .para')).map(p => {"
        "  const copy = p.cloneNode(true); copy.querySelectorAll('.badge').forEach(b => b.remove());"
        "  return copy.textContent; })")
    assert "\n".join(paragraphs) == (built_workspace / "claims" / f"{REVIEWED}.txt").read_text(encoding="utf-8")


def reviews_of(exports: Path) -> pd.DataFrame:
    return pd.read_parquet(exports / "reviews.parquet").set_index("claim_id")


def badges(browser, claim_id: str) -> list[str]:
    """The text of the badges after a statement in the article text, as a reader sees them."""
    statement = browser.find_element("id", f"s-{claim_id}")
    found = statement.find_elements("css selector", ".badge")
    assert all(badge.is_displayed() and badge.size["width"] > 0 for badge in found)
    return [badge.text for badge in found]


@pytest.mark.parametrize("article_id", [REVIEWED, ANNOTATED])
def test_each_statement_shows_its_verdict_in_the_text(browser, exports, article_id):
    """A reviewed statement's verdict follows it in words (greyscale or colour-blind, it reads the same), and an
    attribution the review could not confirm says so; a check-worthy statement still waiting says it."""
    open_page(browser, article_page(exports, article_id))
    reviews = reviews_of(exports)
    for claim in claims_of(exports, article_id).itertuples():
        shown = badges(browser, claim.claim_id)
        if claim.review_status == "reviewed":
            review = reviews.loc[claim.claim_id]
            assert shown and shown[0].endswith(review.verdict), (claim.claim_id, shown)
            check = {"differs": "attribution differs", "not_found": "attribution not found"}.get(
                review.attribution_check)
            assert shown[1:] == ([f"? {check}"] if check else []), (claim.claim_id, shown)
        elif claim.review_status == "not_yet_reviewed":
            assert shown == ["… not yet reviewed"], claim.claim_id
        else:
            assert shown == [], claim.claim_id


def test_a_refuted_statement_is_labelled_refuted(browser, exports):
    open_page(browser, article_page(exports))
    assert badges(browser, f"{REVIEWED}-002") == ["✗ Refuted", "? attribution differs"]
    assert badges(browser, f"{REVIEWED}-003") == ["? Not Enough Evidence", "? attribution not found"]


def panel(browser):
    return browser.find_element("id", "panel")


def has_panel(browser) -> bool:
    return bool(browser.find_elements("id", "panel")) and panel(browser).is_displayed()


def test_clicking_a_statement_pins_its_details_until_closed(browser, exports):
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(browser, article_page(exports))
    statement = browser.find_element("id", f"s-{REVIEWED}-002")
    statement.click()
    text = panel(browser).text
    for shown in ("A return ticket for the Northport harbour ferry costs about 9 euros.",  # the claim
                  "Northport Courier, attributed explicitly; cue “According to”", "hedge “about”",
                  "“about 9 euros”: value 9, unit euro, approximate", "Refuted",
                  "differs: coverage shows the source saying something else",
                  "The fare table lists a return ticket at 15 euros",  # the justification
                  "A return ticket costs 15 euros.",  # the corrected claim
                  "Example Port Notices", "refutes", "The fare table lists an adult return ticket at 15 euros."):
        assert shown in text
    # The pointer leaving, or resting elsewhere, closes nothing.
    ActionChains(browser).move_to_element(browser.find_element("tag name", "h1")).pause(0.3).perform()
    ActionChains(browser).move_by_offset(0, 400).pause(0.3).perform()
    assert has_panel(browser)
    browser.find_element("css selector", "#panel .close").click()
    assert not has_panel(browser)
    assert browser.switch_to.active_element == statement


def test_the_panel_shows_the_speaker_the_quantities_exactly_and_the_evidence_with_dates(browser, exports):
    open_page(browser, article_page(exports))
    browser.find_element("id", f"s-{REVIEWED}-004").click()
    text = panel(browser).text
    assert "Speaker\nAna Ruiz" in text and "cue “said … as reported by”" in text
    assert "Example Wire partially supports, published 2024-05-06" in text
    assert "Example Port Notices refutes\nThe timetable lists crossings from Monday to Saturday only." in text
    assert "The ferry runs six days a week." in text
    browser.find_element("id", f"s-{REVIEWED}-005").click()  # another statement: its panel replaces the first
    assert len(browser.find_elements("css selector", ".panel")) == 1
    assert "“around 30 miles per hour”: value 30, unit mph = 48.28032 km/h, approximate" in panel(browser).text


def evidence_link(browser, claim_id: str, href: str):
    return browser.find_element("css selector", f'#panel a[href="{href}"]')


def navigated_to(browser, url: str) -> bool:
    """Whether the page went to url: the browser asked for it as a document (no host resolves in this session,
    so nothing leaves the machine) and shows it as its address."""
    requests = [json.loads(entry["message"])["message"] for entry in browser.get_log("performance")]
    asked = [m["params"]["request"]["url"] for m in requests
             if m["method"] == "Network.requestWillBeSent" and m["params"].get("type") == "Document"]
    return url in asked and browser.current_url == url


def test_clicking_an_evidence_link_in_the_panel_opens_it(browser, exports):
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(browser, article_page(exports))
    statement = browser.find_element("id", f"s-{REVIEWED}-002")
    ActionChains(browser).move_to_element(statement).click().perform()
    link = evidence_link(browser, f"{REVIEWED}-002", "https://example.org/port/fares")
    # The pointer travels from the statement to the link (leaving the statement on the way) and clicks.
    ActionChains(browser).move_to_element(link).pause(0.2).click().perform()
    assert navigated_to(browser, "https://example.org/port/fares")


def test_tapping_a_statement_then_an_evidence_link_opens_it(browser, exports):
    """A touch screen: a tap opens the panel (there is no hover), and a tap on a link in it follows the link."""
    from selenium.webdriver.common.actions import interaction
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.actions.pointer_input import PointerInput

    def tap(element):
        actions = ActionBuilder(browser, mouse=PointerInput(interaction.POINTER_TOUCH, "finger"))
        actions.pointer_action.move_to(element).pointer_down().pause(0.05).pointer_up()
        actions.perform()

    open_page(browser, article_page(exports))
    browser.set_window_size(390, 844)
    tap(browser.find_element("id", f"s-{REVIEWED}-001"))
    assert has_panel(browser)
    tap(evidence_link(browser, f"{REVIEWED}-001", "https://example.org/island/preparations"))
    assert navigated_to(browser, "https://example.org/island/preparations")


def tab_to_first_statement(browser):
    from selenium.webdriver.common.keys import Keys

    browser.find_element("tag name", "body").send_keys(Keys.TAB)
    for _ in range(5):  # past the header's links, Tab reaches the first statement
        if browser.switch_to.active_element.get_attribute("data-claim-id"):
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    return browser.switch_to.active_element


def test_keyboard_opens_the_panel_reaches_its_links_and_escape_closes_it(browser, exports):
    from selenium.webdriver.common.keys import Keys

    open_page(browser, article_page(exports))
    statement = tab_to_first_statement(browser)
    assert statement.get_attribute("data-claim-id") == claims_of(exports)["claim_id"].iloc[0]
    assert not has_panel(browser)  # focus alone opens nothing: Enter does
    statement.send_keys(Keys.ENTER)
    assert has_panel(browser) and statement.get_attribute("aria-expanded") == "true"
    assert browser.switch_to.active_element == panel(browser)  # focus moved into the panel
    reached = []
    for _ in range(3):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        reached.append(browser.switch_to.active_element.get_attribute("href")
                       or browser.switch_to.active_element.get_attribute("aria-label"))
    assert reached == ["Close the details", "https://example.org/port/notices/first-crossing",
                           "https://example.org/island/preparations"]
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)  # from the panel's last link
    assert not has_panel(browser)
    assert browser.switch_to.active_element == statement  # focus back where it was
    statement.send_keys(Keys.ENTER)
    browser.switch_to.active_element.send_keys(Keys.TAB, Keys.TAB)  # the close button, then the first link
    browser.get_log("performance")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    assert navigated_to(browser, "https://example.org/port/notices/first-crossing")


def test_a_link_to_a_statement_opens_its_panel(browser, exports):
    browser.get(article_page(exports).as_uri() + f"#s-{REVIEWED}-004")
    assert has_panel(browser) and "Ana Ruiz" in panel(browser).text
    browser.find_element("css selector", f'#row-{REVIEWED}-007 a[href="#s-{REVIEWED}-007"]').click()  # the table's #
    assert "The Northport ferry crossing takes 25 minutes." in panel(browser).text


def test_the_page_reads_without_javascript(browser, exports):
    """Scripts off: a statement is a link to its claim's details, which the page holds in full."""
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        open_page(browser, article_page(exports))
        browser.find_element("id", f"s-{REVIEWED}-002").click()
        assert browser.current_url.endswith(f"#d-{REVIEWED}-002")
        details = browser.find_element("id", f"d-{REVIEWED}-002")
        assert details.is_displayed() and not has_panel(browser)
        assert "A return ticket costs 15 euros." in details.text and "Refuted" in details.text
        assert details.find_element("css selector", 'a[href="https://example.org/port/fares"]').is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_filtering_by_source_leaves_only_its_rows(browser, exports):
    from selenium.webdriver.support.ui import Select

    open_page(browser, article_page(exports))
    Select(browser.find_element("id", "filter-source")).select_by_value("Northport Courier")
    visible = [row for row in browser.find_elements("css selector", "#claims-table tbody tr") if row.is_displayed()]
    assert [row.get_attribute("id") for row in visible] == [f"row-{REVIEWED}-002", f"row-{REVIEWED}-003"]


def test_sorting_a_column_reorders_the_rows(browser, exports):
    open_page(browser, article_page(exports))
    header = browser.find_elements("css selector", "#claims-table th button")[0]  # "#"
    header.click()
    header.click()
    first = browser.find_element("css selector", "#claims-table tbody tr")
    assert first.get_attribute("id") == f"row-{claims_of(exports)['claim_id'].iloc[-1]}"


def test_the_table_shows_each_claim_not_only_its_id(browser, exports):
    open_page(browser, article_page(exports))
    cells = [row.find_elements("css selector", "td")[1].text
             for row in browser.find_elements("css selector", "#claims-table tbody tr")]
    assert cells == claims_of(exports)["claim"].tolist()


LAYOUT = """
const table = document.getElementById(arguments[0]), root = document.documentElement;
const box = table.getBoundingClientRect();
// The header cells too, unless the header is hidden on purpose (the index's, on a phone: each cell is labelled).
const head = getComputedStyle(table.tHead).display === 'none' ? [] : Array.from(table.tHead.querySelectorAll('th'));
const cells = head.concat(Array.from(table.tBodies[0].querySelectorAll('td'))).map(cell => {
  const r = cell.getBoundingClientRect(), style = getComputedStyle(cell);
  return {text: cell.textContent.slice(0, 40), head: cell.tagName === 'TH', width: r.width, height: r.height,
          left: r.left, right: r.right, scroll: cell.scrollWidth, client: cell.clientWidth,
          visible: style.visibility === 'visible' && style.display !== 'none',
          label: getComputedStyle(cell, '::before').content};
});
return {page: [root.scrollWidth, root.clientWidth], table: [table.scrollWidth, table.clientWidth, box.left, box.right],
        cells: cells, claimWidth: table.tBodies[0].querySelector('td:nth-child(2)').getBoundingClientRect().width};
"""


def check_layout(browser, table_id: str, width: int) -> dict:
    """The page never scrolls sideways, the table fits, and every cell shows all of itself: visible, wide enough,
    inside the table, nothing cut off (scrollWidth within clientWidth); at phone width each body cell is labelled."""
    assert browser.execute_script("return window.innerWidth") == width
    layout = browser.execute_script(LAYOUT, table_id)
    assert layout["page"][0] <= layout["page"][1]
    table_scroll, table_client, table_left, table_right = layout["table"]
    assert table_scroll <= table_client
    for cell in layout["cells"]:
        assert cell["visible"] and cell["width"] > 0 and cell["height"] > 0, cell
        assert cell["scroll"] <= cell["client"], cell
        assert table_left - 0.5 <= cell["left"] and cell["right"] <= table_right + 0.5, cell
    if width < 600:  # stacked: each cell a line of the row's card, labelled, as wide as the card
        body = [cell for cell in layout["cells"] if not cell["head"]]
        assert all(cell["label"] not in ("none", "normal", '""') for cell in body)
        assert all(cell["width"] >= 0.8 * (table_right - table_left) for cell in body)
    return layout


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("article_id", [REVIEWED, ANNOTATED])
def test_no_column_is_clipped_and_nothing_overflows(browser, exports, width, article_id):
    browser.set_window_size(width, 900)
    open_page(browser, article_page(exports, article_id))
    layout = check_layout(browser, "claims-table", width)
    if width == 1280:
        assert layout["claimWidth"] >= 300  # the claim column has room: forty characters a line and more
    assert sum(cell["head"] for cell in layout["cells"]) == 6  # the sort buttons show at both widths


@pytest.mark.parametrize("width", [1280, 390])
def test_the_index_fits_at_desktop_and_phone_width(browser, exports, width):
    browser.set_window_size(width, 900)
    open_page(browser, exports / "index.html")
    check_layout(browser, "articles-table", width)


@pytest.mark.parametrize("width", [1280, 390])
def test_an_open_panel_fits_the_width(browser, exports, width):
    browser.set_window_size(width, 900)
    open_page(browser, article_page(exports))
    browser.find_element("id", f"s-{REVIEWED}-004").click()
    sizes = browser.execute_script(
        "const p = document.getElementById('panel'), r = p.getBoundingClientRect();"
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, r.left, r.right,"
        " p.scrollWidth, p.clientWidth]")
    assert sizes[0] <= sizes[1] and 0 <= sizes[2] and sizes[3] <= sizes[1] and sizes[4] <= sizes[5]


@pytest.mark.parametrize("article_id", [REVIEWED, ANNOTATED])
def test_the_heading_and_title_never_show_the_article_id(browser, exports, article_id):
    open_page(browser, article_page(exports, article_id))
    heading = browser.find_element("tag name", "h1").text
    articles = pd.read_parquet(exports / "articles.parquet").set_index("article_id")
    assert article_id not in heading and article_id not in browser.title
    title = articles.loc[article_id, "title"]
    expected = title if isinstance(title, str) else (
        f"{articles.loc[article_id, 'publisher']} article at {articles.loc[article_id, 'url']}")
    assert heading == expected and browser.title.startswith(expected)


def rgb(colour: str) -> tuple[int, ...]:
    """A computed CSS colour ("rgb(1, 2, 3)") as its three components."""
    return tuple(int(part) for part in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])


@pytest.mark.parametrize("article_id", [REVIEWED, ANNOTATED])
def test_each_source_has_its_own_colour_shown_in_the_legend(browser, exports, article_id):
    """Every statement is underlined in its source's legend colour, and the sources of a page look apart."""
    import math

    open_page(browser, article_page(exports, article_id))
    legend = {item.text.rsplit(" (", 1)[0]: rgb(item.find_element("css selector", ".swatch")
                                                  .value_of_css_property("background-color"))
              for item in browser.find_elements("css selector", ".legend li")}
    claims = claims_of(exports, article_id)
    assert set(legend) == set(claims["source"])
    for claim in claims.itertuples():
        if claim.claim_type != "not_a_claim":  # non-claims are grey whoever says them
            statement = browser.find_element("id", f"s-{claim.claim_id}")
            assert rgb(statement.value_of_css_property("border-bottom-color")) == legend[claim.source]
    colours = [oklab(c) for c in legend.values()]
    assert min((math.dist(a, b) for i, a in enumerate(colours) for b in colours[i + 1:]), default=1) >= 0.05


def test_screenshot_is_not_blank(browser, exports, tmp_path):
    from PIL import Image, ImageStat

    open_page(browser, article_page(exports))
    path = tmp_path / "page.png"
    assert browser.save_screenshot(str(path))
    image = Image.open(path).convert("L")
    assert image.size[0] >= 1000 and ImageStat.Stat(image).stddev[0] > 20


def test_narrow_phone_width_needs_no_horizontal_page_scroll(browser, exports):
    open_page(browser, article_page(exports))
    browser.set_window_size(390, 844)
    width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]


def test_markup_in_the_data_shows_as_text(browser, workspace):
    """A statement (and a claim) containing <script> and an onerror handler is shown, never run."""
    text_path = workspace / "claims" / f"{REVIEWED}.txt"
    toml = workspace / "claims" / f"{REVIEWED}.toml"
    old_sha256 = hashlib.sha256(text_path.read_bytes()).hexdigest()
    attack = "<script>window.pwned = true</script><img src=x onerror=\"window.pwned = true\">"
    text_path.write_bytes(text_path.read_bytes().replace(b"Read the timetable on our website.", attack.encode()))
    edit(toml, 'statement = "Read the timetable on our website."', "statement = " + json.dumps(attack))
    edit(toml, 'claim = "Read the ferry timetable on the Example Gazette\'s website."',
         'claim = "</script><script>window.pwned = true</script>"')
    edit(toml, old_sha256, hashlib.sha256(text_path.read_bytes()).hexdigest())
    result = run(workspace)
    assert result.returncode == 0, result.stderr
    open_page(browser, article_page(workspace / "exports"))
    statement = browser.find_element("id", f"s-{REVIEWED}-010")
    assert statement.text == attack
    statement.click()
    assert "</script><script>window.pwned = true</script>" in panel(browser).text
    assert browser.execute_script("return window.pwned === undefined")
