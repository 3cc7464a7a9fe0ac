"""The API's interactive docs (/api/docs/) in headless Chromium: Swagger UI renders from this
site's files under the site's strict CSP, with no violation reported."""

from tests.factories import ClaimFactory
from tests.test_browser import browser, desk_groups, pytestmark  # noqa: F401

# Installed before any of the page's scripts run: every CSP violation the page meets.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(
  e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""


def test_docs_page_renders_the_api_with_no_csp_violation(browser, live_server):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    ClaimFactory()
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    browser.get(live_server.url + "/api/docs/")

    WebDriverWait(browser, 20).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    )
    paths = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert {"/api/claims/", "/api/claims/{slug}/", "/api/verdicts/"} <= {
        p.replace("\u200b", "") for p in paths
    }
    assert "ClaimTracker API" in browser.find_element(By.CSS_SELECTOR, ".info .title").text
    # Try it out: the list answers from this site.
    browser.find_element(By.CSS_SELECTOR, "#operations-claims-claims_list .opblock-summary").click()
    browser.find_element(By.CSS_SELECTOR, ".try-out__btn").click()
    browser.find_element(By.CSS_SELECTOR, ".execute").click()
    WebDriverWait(browser, 20).until(
        lambda b: b.find_elements(
            By.CSS_SELECTOR, ".live-responses-table tbody .response-col_status"
        )
    )
    status = browser.find_element(
        By.CSS_SELECTOR, ".live-responses-table tbody .response-col_status"
    )
    assert status.text.strip() == "200"
    assert "claim-" in browser.find_element(By.CSS_SELECTOR, ".live-responses-table tbody").text
    # The schemas at the foot of the page open, with their fields.
    browser.find_element(By.CSS_SELECTOR, "#model-Claim button").click()
    WebDriverWait(browser, 10).until(
        lambda b: "claim_reviewed" in b.find_element(By.ID, "model-Claim").text
    )

    assert browser.execute_script("return window.cspViolations") == []
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(r => r.name)"
    )
    assert resources and all(r.startswith(live_server.url) for r in resources)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
