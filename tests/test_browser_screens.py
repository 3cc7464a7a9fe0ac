"""The desk's screens fit a 1280 px screen, measured in headless Chromium."""

import pytest

from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, EvidenceFactory
from tests.test_browser import browser, desk_groups, log_in, pytestmark  # noqa: F401

LONG_HEADLINE = (
    "Twenty Nations Commit to Military Presence in Ukraine for Future Security, "
    "Macron Says After the Paris Meeting of the Coalition of the Willing"
)

# How far each table reaches past the element that holds it (0 when it fits), in CSS pixels.
OVERFLOW = """
return Array.from(document.querySelectorAll(arguments[0])).map(table => {
  const box = table.closest('#content-main, .results, fieldset');
  return Math.max(0, Math.round(table.getBoundingClientRect().right
                                - document.documentElement.clientWidth),
                  box.scrollWidth - box.clientWidth);
});
"""


@pytest.fixture
def desk(browser, live_server):  # noqa: F811
    editor = EditorFactory(username="eddie", first_name="Eddie", last_name="Editor")
    article = ArticleFactory(headline=LONG_HEADLINE)
    claims = [
        ClaimFactory(article=article, researcher=editor, claimant__name="Giorgia Meloni"),
        ClaimFactory(article=article, in_review=True, claimant__name="Emmanuel Macron"),
        ClaimFactory(article=article, draft=True, claimant=None),
    ]
    for claim in claims:
        EvidenceFactory.create_batch(3, claim=claim, excerpt="A passage. " * 30, note="Why. " * 40)
    browser.set_window_size(1280, 900)
    log_in(browser, live_server, "eddie", "correct horse battery staple")
    return claims


def test_the_claim_list_shows_every_column_within_1280_px(browser, live_server, desk):  # noqa: F811
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/admin/claims/claim/")

    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#result_list thead th")]
    for column in ["CLAIM", "STATUS", "VERDICT", "CLAIMANT", "RESEARCHER", "UPDATED AT"]:
        assert column in headers
    assert browser.execute_script(OVERFLOW, "#result_list") == [0]
    assert LONG_HEADLINE not in browser.find_element(By.ID, "result_list").text


def test_the_evidence_inline_fits_the_claim_page_at_1280_px(browser, live_server, desk):  # noqa: F811
    browser.get(f"{live_server.url}/admin/claims/claim/{desk[0].pk}/change/")

    assert browser.execute_script(OVERFLOW, ".inline-group table") == [0, 0]
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 1280
