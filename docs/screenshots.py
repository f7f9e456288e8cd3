"""Regenerate the README's screenshots of an article's page, with the details of a refuted statement open.

The statement is the first Refuted claim in the exports (by claim id), shown on its article's page; no
article is named here, so the screenshots follow the dataset as it grows.

docs/article.png is the page 1280 px wide, from its top; docs/article-390.png is a phone's width, scrolled to
the statement. Each is cropped to 1600 px of height and reduced to 256 colours. Run from the repository root
after ``python validate.py``; needs Debian's chromium and chromium-driver, and selenium and Pillow (the test
extra).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

EXPORTS = Path("exports")
SHOTS = [(1280, Path("docs/article.png")), (390, Path("docs/article-390.png"))]
HEIGHT = 1600


def refuted_statement() -> tuple[Path, str]:
    """The page and claim id of the first Refuted claim (the one a fact-checker most wants to see)."""
    reviews = pd.read_parquet(EXPORTS / "reviews.parquet")
    claim_id = reviews.loc[reviews["verdict"] == "Refuted", "claim_id"].sort_values().iloc[0]
    claims = pd.read_parquet(EXPORTS / "claims.parquet", columns=["claim_id", "article_id"])
    article_id = claims.loc[claims["claim_id"] == claim_id, "article_id"].iloc[0]
    return EXPORTS / "articles" / f"{article_id}.html", claim_id


def main() -> int:
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or chromedriver is None:
        print("needs Debian's chromium and chromium-driver", file=sys.stderr)
        return 1
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
                 "--host-resolver-rules=MAP * ~NOTFOUND"]:
        options.add_argument(flag)
    page, claim_id = refuted_statement()
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        for width, path in SHOTS:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",  # the viewport, whatever the window's frame
                                   {"width": width, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": width < 600})
            driver.get(page.resolve().as_uri())
            statement = driver.find_element("id", f"s-{claim_id}")
            statement.click()  # as a reader would: the panel opens under the statement's paragraph
            top = 0 if width >= 600 else statement.location["y"] - 120  # a phone: from just above the statement
            driver.execute_script("document.activeElement.blur(); window.scrollTo(0, arguments[0]);", top)
            driver.save_screenshot(str(path))
            with Image.open(path) as shot:
                image = shot.convert("RGB").crop((0, 0, shot.width, min(shot.height, HEIGHT)))
            image.quantize(256).save(path, optimize=True)
            print(f"{path}: {image.width}×{image.height}, {path.stat().st_size // 1024} KiB")
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
