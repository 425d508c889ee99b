"""A real browser (Debian's headless Chromium driven by Selenium) against `chorus serve`:
open the day's page, open a story, hover a citation and see the evidence; focus one with the
keyboard and see it too. Screenshots go to test-artifacts/."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from chorus.ingest.store import SqliteArticleStore
from tests.web.conftest import fill_day

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1100,900",
]  # fmt: skip


def _need_browser() -> None:
    if Path(CHROMIUM).exists() and Path(DRIVER).exists():
        return
    message = "chromium / chromedriver missing: run `make browser-deps`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`chorus serve` on a day of stories; yields (base URL, a story id)."""
    _need_browser()
    db = tmp_path / "chorus.sqlite3"
    story_id = asyncio.run(fill_day(db, hostile=False))[0]
    port = _free_port()
    env = {**os.environ, "CHORUS_DB_PATH": str(db), "CHORUS_PORT": str(port),
           "CHORUS_LOG_LEVEL": "INFO", "CHORUS_API_KEYS": "k-browser-test"}  # fmt: skip
    chorus = Path(sys.executable).parent / "chorus"
    proc = subprocess.Popen(
        [str(chorus), "serve"], env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
        text=True,
    )  # fmt: skip
    ready = threading.Event()

    def watch() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            if "Application startup complete" in line or "service_started" in line:
                ready.set()

    threading.Thread(target=watch, daemon=True).start()
    try:
        assert ready.wait(60), "chorus serve did not start"
        yield f"http://127.0.0.1:{port}", story_id
    finally:
        proc.terminate()
        proc.wait(20)
        if proc.stderr is not None:
            proc.stderr.close()


def _driver(profile: Path):  # type: ignore[no-untyped-def]
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))


def test_hovering_or_focusing_a_citation_shows_its_evidence(
    served: tuple[str, str], tmp_path: Path
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    base, story_id = served
    store = SqliteArticleStore(tmp_path / "chorus.sqlite3")
    story = store.get_story(story_id)
    store.close()
    assert story is not None and story.evidence
    note = story.evidence[0].evidence[0]  # the checker's evidence for sentence 1, article n
    expected, dom_id = note.text, f"ev-0-{note.n}"
    ARTIFACTS.mkdir(exist_ok=True)
    driver = _driver(tmp_path / "profile")
    try:
        driver.get(base + "/")
        assert "Stories of" in driver.find_element(By.TAG_NAME, "h1").text
        driver.find_element(By.CSS_SELECTOR, f'a[href="/stories/{story_id}"]').click()
        WebDriverWait(driver, 10).until(ec.url_contains(f"/stories/{story_id}"))
        evidence = driver.find_element(By.ID, dom_id)
        cite = evidence.find_element(By.XPATH, "..")
        assert not evidence.is_displayed()
        ActionChains(driver).move_to_element(cite).perform()
        WebDriverWait(driver, 10).until(ec.visibility_of(evidence))
        assert expected[:60] in evidence.text
        driver.save_screenshot(str(ARTIFACTS / "story-hover.png"))

        ActionChains(driver).move_by_offset(0, 400).perform()  # away: the note hides again
        WebDriverWait(driver, 10).until(ec.invisibility_of_element(evidence))
        body = driver.find_element(By.TAG_NAME, "body")
        for _ in range(30):  # Tab through the page to the first citation
            body = driver.switch_to.active_element
            if "cite" in (body.get_attribute("class") or ""):
                break
            body.send_keys(Keys.TAB)
        assert "cite" in (driver.switch_to.active_element.get_attribute("class") or "")
        focused = driver.switch_to.active_element.find_element(By.CSS_SELECTOR, ".evidence")
        WebDriverWait(driver, 10).until(ec.visibility_of(focused))
        driver.save_screenshot(str(ARTIFACTS / "story-keyboard.png"))
        driver.set_window_size(390, 844)  # a phone
        driver.save_screenshot(str(ARTIFACTS / "story-phone.png"))
        console = [e for e in driver.get_log("browser") if "Content Security Policy" in str(e)]
        assert console == []  # nothing on the page needed an exception to the CSP
    finally:
        driver.quit()
