"""Regenerate the README's screenshots of an article's page, with the details of its refuted statement open.

docs/article.png is the page 1280 px wide, from its top; docs/article-390.png is a phone's width, scrolled to
the statement. Each is cropped to 1600 px of height and reduced to 256 colours. Run from the repository root
after ``python validate.py``; needs Debian's chromium and chromium-driver, and selenium and Pillow (the test
extra).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

PAGE = Path("exports/articles/dagens-kim-train-2023.html")
STATEMENT = "dagens-kim-train-2023-012"  # refuted
SHOTS = [(1280, Path("docs/article.png")), (390, Path("docs/article-390.png"))]
HEIGHT = 1600


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
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        for width, path in SHOTS:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",  # the viewport, whatever the window's frame
                                   {"width": width, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": width < 600})
            driver.get(PAGE.resolve().as_uri())
            statement = driver.find_element("id", f"s-{STATEMENT}")
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
