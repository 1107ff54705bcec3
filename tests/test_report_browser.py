"""report.html in a real browser: Debian's headless Chromium driven by its own
ChromeDriver (never a downloaded one). The page must load from file:// without a
console error, render to a real screenshot, and show every ledger number as
ledger.json has it."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from conftest import ledger_at
from vicorpus.release.facts import load_run_facts
from vicorpus.release.report.html import write_report
from vicorpus.release.report.markup import GROUP

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
KEY_PATHS = ("total.input", "total.kept", "total.rejected", "total.duplicates", "total.quarantined")
# Also kept for a person to look at after a run of the tests.
SCREENSHOT_COPY = Path("/tmp/report_screenshot.png")


def _require_browser() -> None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        message = f"Debian's chromium / chromium-driver not installed: {', '.join(missing)}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        "--window-size=1280,900",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path keeps Selenium Manager from looking for (or fetching) one.
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield browser
    finally:
        browser.quit()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    header = data[16:29]
    assert zlib.crc32(b"IHDR" + header) == struct.unpack(">I", data[29:33])[0], "corrupt PNG header"
    width, height = struct.unpack(">II", header[:8])
    return width, height


def test_report_in_chromium(driver: Any, demo_run: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    facts = load_run_facts(demo_run)
    page = write_report(facts)
    ledger = orjson.loads((demo_run / "ledger.json").read_bytes())
    driver.get(page.as_uri())
    assert driver.find_element(By.TAG_NAME, "h1").text == facts.pretty_name

    # Grow the window to the page, so one screenshot holds all of it.
    width = driver.execute_script("return document.documentElement.scrollWidth")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    assert height > 3000  # every section rendered, not an empty or broken page
    driver.set_window_size(max(int(width), 1280), int(height) + 200)
    screenshot = tmp_path / "report.png"
    assert driver.save_screenshot(str(screenshot))
    data = screenshot.read_bytes()
    shot_width, shot_height = _png_size(data)
    assert shot_width >= 1000 and shot_height >= 3000 and len(data) > 100_000
    shutil.copyfile(screenshot, SCREENSHOT_COPY)

    logs = driver.get_log("browser")
    assert not [entry for entry in logs if entry["level"] == "SEVERE"], logs
    noisy = [e for e in logs if e["level"] == "WARNING" and "error" in e["message"].lower()]
    assert not noisy, noisy

    # The browser's view of the numbers: what a reader sees, not the HTML source.
    cells = driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-ledger]'), e => "
        "[e.dataset.ledger, e.dataset.value, e.textContent, e.getBoundingClientRect().width > 0])"
    )
    assert len(cells) > 40
    for path, raw, text, visible in cells:
        value = ledger_at(ledger, path)
        if isinstance(value, bool):
            assert (raw, text) == (("true", "yes") if value else ("false", "NO")), path
        else:
            assert raw == str(value) and text.replace(GROUP, "") == str(value), path
        assert visible or path.startswith("sources."), path  # only wide tables may scroll
    paths = {path for path, *_ in cells}
    assert set(KEY_PATHS) <= paths

    # Charts are drawn (inline SVG with a title), one histogram per statistics column.
    columns = driver.execute_script(
        "return Array.from(document.querySelectorAll('figure.hist'), f => "
        "[f.dataset.column, f.querySelectorAll('svg > title').length, f.querySelector('svg').getBBox().width])"
    )
    assert [c[0] for c in columns] == list(facts.stats["histograms"])
    assert all(titles == 1 and box > 100 for _, titles, box in columns)
    thresholds = driver.execute_script("return document.querySelectorAll('line.threshold').length")
    assert thresholds == sum(len(h["thresholds"]) for h in facts.stats["histograms"].values())
