"""The HTML view driven in real headless Chromium (Debian's chromium and chromium-driver, via Selenium).

Most tests use the article's page, exports/articles/<article_id>.html; the
index, exports/index.html, lists the articles and links to their pages.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from conftest import ARTICLE, ROOT, edit, run

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1200,1600"]


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS + [f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


ARTICLE_PAGE = ROOT / "exports" / "articles" / f"{ARTICLE}.html"
INDEX_PAGE = ROOT / "exports" / "index.html"


def open_page(driver, path: Path = ARTICLE_PAGE):
    driver.get(path.as_uri())
    return driver


@pytest.mark.parametrize("path", [ARTICLE_PAGE, INDEX_PAGE], ids=["article", "index"])
def test_page_loads_without_console_errors_or_network_requests(browser, path):
    browser.get_log("performance")  # drop what the browser's own start-up pages logged
    open_page(browser, path)
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    requests = [json.loads(entry["message"])["message"] for entry in browser.get_log("performance")]
    page = path.as_uri()
    # every request made for this document (the browser's own pages log requests too, for other documents)
    urls = {m["params"]["request"]["url"] for m in requests
            if m["method"] == "Network.requestWillBeSent" and m["params"].get("documentURL") == page}
    assert urls == {page}  # the page itself, and nothing it asked for


def test_index_links_to_each_article_page(browser):
    open_page(browser, INDEX_PAGE)
    links = [a.get_attribute("href") for a in browser.find_elements("css selector", "#articles-table tbody a")]
    articles = pd.read_parquet(ROOT / "exports" / "articles.parquet")
    assert links == [(ROOT / "exports" / "articles" / f"{a}.html").as_uri() for a in articles["article_id"]]


def test_index_counts_statements_and_verdicts(browser):
    open_page(browser, INDEX_PAGE)
    cells = [td.text for td in browser.find_elements("css selector", "#articles-table tbody td")]
    reviews = pd.read_parquet(ROOT / "exports" / "reviews.parquet")
    assert cells[2] == str(len(pd.read_parquet(ROOT / "exports" / "claims.parquet")))
    assert f"{(reviews['verdict'] == 'Refuted').sum()} Refuted" in cells[4]


def test_article_page_links_back_to_the_index(browser):
    open_page(browser)
    browser.find_element("link text", "All articles").click()
    assert browser.current_url == INDEX_PAGE.as_uri()


def test_one_highlighted_span_per_claim(browser):
    open_page(browser)
    claims = pd.read_parquet(ROOT / "exports" / "claims.parquet")
    spans = browser.find_elements("css selector", ".stmt")
    assert [s.get_attribute("data-claim-id") for s in spans] == claims["claim_id"].tolist()


def test_paragraphs_read_back_as_the_article_text(browser):
    open_page(browser)
    paragraphs = browser.execute_script(
        "return Array.from(document.querySelectorAll('.article .para')).map(p => p.textContent)")
    assert "\n".join(paragraphs) == (ROOT / "claims" / f"{ARTICLE}.txt").read_text(encoding="utf-8")


def test_hovering_a_statement_shows_its_claim(browser):
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(browser)
    span = browser.find_element("id", f"s-{ARTICLE}-012")
    ActionChains(browser).move_to_element(span).perform()
    tooltip = browser.find_element("id", "tooltip")
    assert tooltip.is_displayed()
    assert "limit its maximum speed to around 55 miles per hour" in tooltip.text
    assert "Refuted" in tooltip.text and "88.5139 km/h" in tooltip.text


def test_keyboard_focus_shows_the_tooltip_and_escape_hides_it(browser):
    from selenium.webdriver.common.keys import Keys

    open_page(browser)
    body = browser.find_element("tag name", "body")
    for _ in range(5):  # past the header's link, Tab reaches the first statement
        body.send_keys(Keys.TAB) if _ == 0 else browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.switch_to.active_element.get_attribute("data-claim-id"):
            break
    assert browser.switch_to.active_element.get_attribute("data-claim-id") == f"{ARTICLE}-001"
    assert browser.find_element("id", "tooltip").is_displayed()
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not browser.find_element("id", "tooltip").is_displayed()


def test_filtering_by_source_leaves_only_its_rows(browser):
    from selenium.webdriver.support.ui import Select

    open_page(browser)
    Select(browser.find_element("id", "filter-source")).select_by_value("The Independent")
    visible = [row for row in browser.find_elements("css selector", "#claims-table tbody tr") if row.is_displayed()]
    assert [row.get_attribute("id") for row in visible] == [f"row-{ARTICLE}-010", f"row-{ARTICLE}-011"]


def test_sorting_a_column_reorders_the_rows(browser):
    open_page(browser)
    header = browser.find_elements("css selector", "#claims-table th button")[1]  # "#"
    header.click()
    header.click()
    first = browser.find_element("css selector", "#claims-table tbody tr")
    assert first.get_attribute("id") == f"row-{ARTICLE}-024"


def test_screenshot_is_not_blank(browser, tmp_path):
    from PIL import Image, ImageStat

    open_page(browser)
    path = tmp_path / "page.png"
    assert browser.save_screenshot(str(path))
    image = Image.open(path).convert("L")
    assert image.size[0] >= 1000 and ImageStat.Stat(image).stddev[0] > 20


def test_narrow_phone_width_needs_no_horizontal_page_scroll(browser):
    open_page(browser)
    browser.set_window_size(390, 844)
    width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]


def test_markup_in_the_data_shows_as_text(browser, workspace):
    """A statement (and a claim) containing <script> and an onerror handler is shown, never run."""
    text_path = workspace / "claims" / f"{ARTICLE}.txt"
    attack = "<script>window.pwned = true</script><img src=x onerror=\"window.pwned = true\">"
    text_path.write_bytes(text_path.read_bytes().replace(
        b"Take a look at his armored train in the video below", attack.encode()))
    toml = workspace / "claims" / f"{ARTICLE}.toml"
    edit(toml, 'statement = "Take a look at his armored train in the video below"',
         'statement = ' + json.dumps(attack))
    edit(toml, 'claim = "Take a look at Kim Jong-un\'s armored train in the video below."',
         'claim = "</script><script>window.pwned = true</script>"')
    edit(toml, "01bc5f74a66fc73f24db235918028deafdff2172d22c8cd69ed1eec3fb7ed26b",
         hashlib.sha256(text_path.read_bytes()).hexdigest())
    result = run(workspace)
    assert result.returncode == 0, result.stderr
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(browser, workspace / "exports" / "articles" / f"{ARTICLE}.html")
    span = browser.find_element("id", f"s-{ARTICLE}-009")
    assert span.text == attack
    ActionChains(browser).move_to_element(span).perform()
    assert "</script><script>window.pwned = true</script>" in browser.find_element("id", "tooltip").text
    assert browser.execute_script("return window.pwned === undefined")
