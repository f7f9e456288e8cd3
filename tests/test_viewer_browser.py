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

from conftest import ANNOTATED, REVIEWED, edit, run

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1200,1600"]


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
    open_page(browser, article_page(exports))
    paragraphs = browser.execute_script(
        "return Array.from(document.querySelectorAll('.article .para')).map(p => p.textContent)")
    assert "\n".join(paragraphs) == (built_workspace / "claims" / f"{REVIEWED}.txt").read_text(encoding="utf-8")


def hover(browser, claim_id: str):
    from selenium.webdriver.common.action_chains import ActionChains

    span = browser.find_element("id", f"s-{claim_id}")
    ActionChains(browser).move_to_element(span).perform()
    tooltip = browser.find_element("id", "tooltip")
    assert tooltip.is_displayed()
    return tooltip


def test_hovering_a_statement_shows_its_claim(browser, exports):
    open_page(browser, article_page(exports))
    tooltip = hover(browser, f"{REVIEWED}-005")
    assert "The Northport harbour ferry travels at around 30 miles per hour." in tooltip.text
    assert "Supported" in tooltip.text and "48.2803 km/h" in tooltip.text


def test_hovering_a_refuted_statement_shows_its_verdict_and_evidence(browser, exports):
    open_page(browser, article_page(exports))
    tooltip = hover(browser, f"{REVIEWED}-002")
    assert "Refuted" in tooltip.text and "differs" in tooltip.text
    assert "Example Port Notices (refutes)" in tooltip.text


def test_hovering_a_claim_not_yet_reviewed_says_so(browser, exports):
    open_page(browser, article_page(exports, ANNOTATED))
    assert "not yet reviewed" in hover(browser, f"{ANNOTATED}-002").text


def test_keyboard_focus_shows_the_tooltip_and_escape_hides_it(browser, exports):
    from selenium.webdriver.common.keys import Keys

    open_page(browser, article_page(exports))
    body = browser.find_element("tag name", "body")
    for _ in range(5):  # past the header's link, Tab reaches the first statement
        body.send_keys(Keys.TAB) if _ == 0 else browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.switch_to.active_element.get_attribute("data-claim-id"):
            break
    assert browser.switch_to.active_element.get_attribute("data-claim-id") == claims_of(exports)["claim_id"].iloc[0]
    assert browser.find_element("id", "tooltip").is_displayed()
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not browser.find_element("id", "tooltip").is_displayed()


def test_filtering_by_source_leaves_only_its_rows(browser, exports):
    from selenium.webdriver.support.ui import Select

    open_page(browser, article_page(exports))
    Select(browser.find_element("id", "filter-source")).select_by_value("Northport Courier")
    visible = [row for row in browser.find_elements("css selector", "#claims-table tbody tr") if row.is_displayed()]
    assert [row.get_attribute("id") for row in visible] == [f"row-{REVIEWED}-002", f"row-{REVIEWED}-003"]


def test_sorting_a_column_reorders_the_rows(browser, exports):
    open_page(browser, article_page(exports))
    header = browser.find_elements("css selector", "#claims-table th button")[1]  # "#"
    header.click()
    header.click()
    first = browser.find_element("css selector", "#claims-table tbody tr")
    assert first.get_attribute("id") == f"row-{claims_of(exports)['claim_id'].iloc[-1]}"


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
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(browser, article_page(workspace / "exports"))
    span = browser.find_element("id", f"s-{REVIEWED}-010")
    assert span.text == attack
    ActionChains(browser).move_to_element(span).perform()
    assert "</script><script>window.pwned = true</script>" in browser.find_element("id", "tooltip").text
    assert browser.execute_script("return window.pwned === undefined")
