"""The annotated article in a real browser: headless Chromium through chromedriver."""

import os
import shutil

import pytest

from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

if not (CHROMIUM and CHROMEDRIVER) and os.environ.get("CI"):
    raise RuntimeError("CI must install chromium and chromium-driver (see .ci/run).")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
    ),
]

BODY = (
    "Leaders talk\n\nSimultaneously, across the Atlantic, Italian Prime Minister Giorgia Meloni and "
    "former U.S. President Donald Trump held a phone conversation on Thursday. They agreed on sanctions."
)


@pytest.fixture
def browser(settings):
    # The live server serves static files from the finders, which know no hashed manifest names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=390,900",  # a phone-sized window: the page must still work
    ]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture
def nested_article():
    article = ArticleFactory(body=BODY, slug="leaders-talk")
    misleading = VerdictFactory(slug="misleading", label="Misleading", score=None, colour="purple")
    outer = ClaimFactory(
        article=article,
        slug="phone-call",
        quote="Italian Prime Minister Giorgia Meloni and former U.S. President Donald Trump held a "
        "phone conversation on Thursday",
        verdict=misleading,
    )
    inner = ClaimFactory(
        article=article, slug="former-president", quote="former U.S. President Donald Trump"
    )
    return article, outer, inner


def test_nested_claims_are_both_visible_and_reachable(browser, live_server, nested_article):
    from selenium.webdriver.common.by import By

    article, outer, inner = nested_article
    browser.get(live_server.url + article.get_absolute_url())

    outer_mark = browser.find_element(By.CSS_SELECTOR, 'mark[data-claim="phone-call"]')
    inner_mark = outer_mark.find_element(By.CSS_SELECTOR, 'mark[data-claim="former-president"]')
    assert inner_mark.is_displayed() and outer_mark.is_displayed()
    # Both underlines are drawn: the inner one does not hide the outer one.
    assert inner_mark.value_of_css_property("border-bottom-style") == "double"
    assert outer_mark.value_of_css_property("border-bottom-style") == "solid"

    links = {
        a.get_attribute("href").removeprefix(live_server.url): a
        for a in browser.find_elements(By.CSS_SELECTOR, "a.claim-ref")
    }
    assert links[inner.get_absolute_url()].text.endswith("False")
    assert links[outer.get_absolute_url()].text.endswith("Misleading")

    links[inner.get_absolute_url()].click()
    assert browser.find_element(By.TAG_NAME, "h1").text == inner.claim_reviewed
    browser.back()
    browser.find_element(By.CSS_SELECTOR, f'a.claim-ref[href="{outer.get_absolute_url()}"]').click()
    assert browser.current_url == live_server.url + outer.get_absolute_url()


def test_article_page_fits_a_phone_screen_and_loads_its_stylesheet(
    browser, live_server, nested_article
):
    from selenium.webdriver.common.by import By

    article, _, _ = nested_article
    browser.get(live_server.url + article.get_absolute_url())
    page_width = browser.execute_script("return document.documentElement.scrollWidth")
    viewport = browser.execute_script("return window.innerWidth")
    assert page_width <= viewport
    # The stylesheet applied (the CSP would have blocked an inline one).
    badge = browser.find_element(By.CSS_SELECTOR, ".verdict")
    assert badge.value_of_css_property("font-weight") == "700"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
