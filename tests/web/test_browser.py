"""A real browser (Debian chromium + chromedriver, through Selenium) on a live server.

Fills the consultation form with two lots, reads the plan, downloads the DOCX and opens it
with python-docx, checks an eligibility decision and uploads the example ledger. Skipped,
with the reason, only when chromium or chromedriver is absent (CI installs them).
"""

from __future__ import annotations

import io
import shutil
import socket
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

from web.conftest import EXAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None or CHROMEDRIVER is None,
        reason="chromium and chromium-driver are not installed (apt-get install -y chromium "
        "chromium-driver; .ci/run installs them)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from clauserules.web.app import create_app

    app = create_app(tmp_path_factory.mktemp("db") / "web.sqlite3", examples=EXAMPLES)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def downloads() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="clauserules-dl-") as directory:
        yield Path(directory)


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="clauserules-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,1600",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _fill(driver: Any, name: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    element = driver.find_element(By.NAME, name)
    if element.tag_name == "select":
        Select(element).select_by_value(value)
    else:
        element.clear()
        element.send_keys(value)


def _click(driver: Any, selector: str, *, page: bool = False, timeout: float = 20) -> None:
    """Click ``selector``; with ``page``, wait until the next page has replaced this one.

    Without the wait, the next ``find_element`` may still read the old page while the
    server answers. Chromium may also report a node of a document being replaced as
    « does not belong to the document »: the element is looked up again and clicked once
    more (a few tries, never silently: the last error is raised).
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    old_page = driver.find_element(By.TAG_NAME, "html") if page else None
    for attempt in range(4):
        try:
            WebDriverWait(driver, timeout).until(
                expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, selector))
            ).click()
            break
        except (StaleElementReferenceException, WebDriverException) as exc:
            transient = isinstance(exc, StaleElementReferenceException) or (
                "does not belong to the document" in str(exc)
            )
            if not transient or attempt == 3:
                raise
            time.sleep(0.3)
    if old_page is not None:
        WebDriverWait(driver, timeout).until(expected_conditions.staleness_of(old_page))
        WebDriverWait(driver, timeout).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )


def _wait_file(directory: Path, name: str, timeout: float = 20) -> Path:
    deadline = time.monotonic() + timeout
    path = directory / name
    while time.monotonic() < deadline:
        if path.exists() and not list(directory.glob("*.crdownload")):
            return path
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded: {sorted(directory.iterdir())}")


def test_consultation_with_two_lots(server: str, browser: Any, downloads: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/consultation")
    for name, value in {
        "acheteur.nom": "Ville de Test",
        "acheteur.type": "collectivite",
        "objet": "Réfection de la voirie",
        "nature": "travaux",
        "duree_mois": "24",
        "lots.0.id": "1",
        "lots.0.intitule": "Terrassement",
        "lots.0.montant_estime_ht": "1 200 000",
    }.items():
        _fill(browser, name, value)
    browser.execute_script("document.getElementById('f-date_lancement').value = '2026-09-15';")
    _click(browser, "input[name='lots.0.preferences'][value='condition_execution']")
    _click(browser, "button[value='ajouter_lot']", page=True)
    assert browser.find_element(By.ID, "lot-1")
    assert browser.find_element(By.NAME, "acheteur.nom").get_attribute("value") == "Ville de Test"
    _fill(browser, "lots.1.intitule", "Signalisation")
    _fill(browser, "lots.1.montant_estime_ht", "300000")
    _click(browser, "input[name='lots.1.preferences'][value='condition_execution']")
    _click(browser, ".actions button[value='planifier']", page=True)
    plan = browser.find_element(By.ID, "plan").text
    assert "Lot 1 — Terrassement" in plan
    assert "Lot 2 — Signalisation" in plan
    assert "Conforme" in plan
    assert "Heures d'insertion" in plan
    _click(browser, "button[value='generer:ccap.docx']")
    path = _wait_file(downloads, "ccap.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "Réfection de la voirie" in text
    _click(browser, "button[value='generer:documents.zip']")
    archive = _wait_file(downloads, "documents.zip")
    assert sorted(zipfile.ZipFile(archive).namelist()) == ["ccap.docx", "decision.docx", "rc.docx"]


def test_error_next_to_the_field(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/consultation?exemple=consultation.yaml")
    _fill(browser, "duree_mois", "trente")
    _click(browser, ".actions button[value='planifier']", page=True)
    message = browser.find_element(By.ID, "f-duree_mois-err").text
    assert "nombre entier" in message
    summary = browser.find_element(By.ID, "erreurs").text
    assert "Durée du contrat (mois)" in summary


def test_eligibility_decision(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/eligibilite?exemple=chloe")
    _click(browser, "form[action='/eligibilite'] button[type='submit']", page=True)
    found = browser.find_elements(By.ID, "decision")
    import re as _re

    assert found, (
        _re.findall(r'id="erreurs">(.{0,800})', browser.page_source, _re.S)[:1]
        or browser.page_source[:3000]
    )
    decision = found[0].text
    assert "Éligible" in decision
    assert "Sources" in decision


def test_eligibility_structure_and_complete_record(server: str, browser: Any) -> None:
    """A structure chosen without the IAE list is refused next to its field; with the
    list and a complete record, the decision says so."""
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/eligibilite?exemple=chloe")
    _fill(browser, "structure_iae", "ai")
    _click(browser, "form[action='/eligibilite'] button[type='submit']", page=True)
    assert "IAE 2021" in browser.find_element(By.ID, "f-structure_iae-err").text
    _fill(browser, "referential", "iae-2021")
    browser.find_element(By.NAME, "complet").click()
    _click(browser, "form[action='/eligibilite'] button[type='submit']", page=True)
    assert "Dossier déclaré complet" in browser.find_element(By.ID, "decision").text


def test_upload_the_example_ledger(server: str, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    archive = tmp_path / "parcours.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in sorted((EXAMPLES / "parcours").iterdir()):
            out.write(path, path.name)
    browser.get(f"{server}/heures")
    browser.find_element(By.ID, "f-fichier").send_keys(str(archive))
    _click(browser, "#form-heures button[type='submit']", page=True)
    deadline = time.monotonic() + 20
    while "/heures/travail/" in browser.current_url and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "Décompte des heures" in browser.find_element(By.TAG_NAME, "h1").text
    assert "voirie-2024" in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, "figure svg")
