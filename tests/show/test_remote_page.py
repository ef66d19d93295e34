"""The tablet remote page in a real headless browser: Debian's chromium and chromedriver
(apt-get install -y chromium chromium-driver), driven by selenium. Nothing is downloaded."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from perijove.show.player import ShowPlayer
from perijove.show.remote import RemoteAddress, RemoteServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# What chromium needs to run headless as root in a container, and to stay off the network.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                  "--window-size=800,1000")


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        pytest.skip("Debian's chromium and chromium-driver are not installed "
                    "(apt-get install -y chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver",
                                    reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # selenium must not fetch a browser or a driver
    profile = tempfile.mkdtemp(prefix="perijove-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                              options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait(driver: object, condition: object, timeout_s: float = 15.0) -> object:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout_s, poll_frequency=0.05).until(condition)


@pytest.mark.parametrize("token", [None, "tablet-token"])
def test_clicking_next_on_the_page_advances_the_chapter(browser, running_player: ShowPlayer,  # noqa: ANN001
                                                        token: str | None) -> None:
    from selenium.webdriver.common.by import By

    with RemoteServer(running_player, RemoteAddress("127.0.0.1", 0), token=token) as server:
        browser.get(server.url + (f"?token={token}" if token else ""))
        _wait(browser, lambda d: d.find_element(By.ID, "conn").text == "live")
        _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chapters button")) == 4)
        assert browser.find_element(By.ID, "chapter-title").text == "Approaching Io"
        assert browser.find_element(By.ID, "show").text == "Juno at Io"

        browser.find_element(By.ID, "next").click()
        _wait(browser, lambda d: running_player.status()["chapter"] == 1)
        _wait(browser, lambda d: d.find_element(By.ID, "chapter-title").text
              == "PJ57: 1,500 km above Io")

        # A change made elsewhere (the operator's console) reaches the page over the socket.
        running_player.goto(3)
        _wait(browser, lambda d: d.find_element(By.ID, "chapter-title").text
              == "PJ58: back at 1,500 km")

        browser.find_elements(By.CSS_SELECTOR, "#chapters button")[2].click()
        _wait(browser, lambda d: running_player.status()["chapter"] == 2)
        browser.find_element(By.ID, "black").click()
        _wait(browser, lambda d: running_player.status()["black"])
        browser.find_element(By.ID, "play").click()
        _wait(browser, lambda d: running_player.status()["playing"])
        _wait(browser, lambda d: d.find_element(By.ID, "play").text == "Pause")
        assert browser.find_element(By.ID, "message").text == ""
