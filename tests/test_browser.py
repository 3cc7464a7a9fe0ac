"""The annotated article in a real browser: headless Chromium through chromedriver."""

import importlib
import os
import shutil

import pytest

from tests.factories import ArticleFactory, ClaimFactory, VerdictFactory

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

# Headless, and quiet: the machine may have no network, so nothing in the background may call out.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not (CHROMIUM and CHROMEDRIVER) and os.environ.get("CI"):
    raise RuntimeError("CI must install chromium and chromium-driver (see .ci/run).")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
    ),
]


def with_npm_package(path, name):
    """This module's pytestmark for tests that also need an npm package from tools/browser
    (`make test` installs them with npm ci): skipped without it, except in CI."""
    if path.exists():
        return pytestmark
    if os.environ.get("CI"):
        raise RuntimeError(f"CI must install {name}: `make test` runs npm ci in tools/browser.")
    return [*pytestmark, pytest.mark.skip(reason=f"needs {name}: run `make test` to install it")]


BODY = (
    "Leaders talk\n\nSimultaneously, across the Atlantic, Italian Prime Minister Giorgia Meloni and "
    "former U.S. President Donald Trump held a phone conversation on Thursday. They agreed on sanctions."
)


@pytest.fixture(autouse=True)
def desk_groups():
    """The desk groups again: a live-server test empties every table, data-migration rows too."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    importlib.import_module("claims.migrations.0003_desk_groups").create_groups(apps, None)


def serve_static_from_finders(settings):
    # The live server serves static files from the finders, which know no hashed manifest names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def browser(settings):
    serve_static_from_finders(settings)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*CHROMIUM_FLAGS, "--window-size=390,900"]:  # a phone-sized window
        options.add_argument(flag)
    # The page's console, errors included, for browser.get_log("browser").
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
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


def log_in(browser, live_server, username, password):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.delete_all_cookies()
    browser.get(live_server.url + "/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    # Wait for the admin's index, so the next page is not opened before the session exists.
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "user-tools"))


def page_replaced(old):
    """Whether the element belongs to a document the browser has left.

    Chromium reports a node of the old document either as stale or, while the new document is
    being swapped in, as one that "does not belong to the document"; both mean the page changed.
    Selenium's staleness_of() knows only the first, which made the journey fail now and then.
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        old.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        if "does not belong to the document" in str(exc):
            return True
        raise
    return False


def message_after(browser, action):
    """Do the action, then wait for the admin's next message and return its text."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    old = browser.find_element(By.TAG_NAME, "html")
    action()
    WebDriverWait(browser, 10).until(lambda driver: page_replaced(old))
    WebDriverWait(browser, 10).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )
    messages = browser.find_elements(By.CSS_SELECTOR, ".messagelist, .errornote")
    return " ".join(m.text for m in messages)


def click_step(browser, label):
    """Click a step button of the claim's form (the bar at the top of the page)."""
    from selenium.webdriver.common.by import By

    browser.find_element(
        By.XPATH,
        f"//form[@id='claim_form']//div[contains(@class, 'workflow--top')]"
        f"//button[normalize-space()='{label}']",
    ).click()


def test_fact_checker_edits_and_submits_in_one_click(browser, live_server):
    """The edit made just before clicking "Submit for review" is kept, with the step."""
    from django.core.management import call_command
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    from claims.models import Claim

    call_command("setup_demo", verbosity=0)
    claim = Claim.objects.filter(status="researching", evidence__isnull=False).distinct().first()
    before = claim.history.count()
    change = f"{live_server.url}/admin/claims/claim/{claim.pk}/change/"
    log_in(browser, live_server, "factchecker", "factchecker-demo-2025")
    browser.get(change)

    # Enter in a text field saves the form; it never takes a step.
    restatement = browser.find_element(By.NAME, "claim_reviewed")
    message = message_after(browser, lambda: restatement.send_keys(Keys.ENTER))
    assert "was changed successfully" in message
    assert Claim.objects.get(pk=claim.pk).status == "researching"
    browser.get(change)

    primary = browser.find_element(By.CSS_SELECTOR, ".workflow--top button.default")
    save = browser.find_element(By.CSS_SELECTOR, "input[name=_save].default:not(.visually-hidden)")
    assert primary.text == "SUBMIT FOR REVIEW"  # uppercase, like Save
    assert primary.value_of_css_property("background-color") == save.value_of_css_property(
        "background-color"
    )
    Select(browser.find_element(By.NAME, "verdict")).select_by_visible_text("Unproven")
    conclusion = browser.find_element(By.NAME, "conclusion")
    conclusion.clear()
    conclusion.send_keys("The sources we found do not settle it either way.")
    done = message_after(browser, lambda: click_step(browser, "Submit for review"))
    assert "Submit for review: done" in done

    claim = Claim.objects.get(pk=claim.pk)
    assert claim.status == "in_review"
    assert claim.conclusion == "The sources we found do not settle it either way."
    assert claim.verdict.label == "Unproven"
    assert claim.history.count() == before + 2  # the Enter save, then the edit with the step
    assert "Publish" not in browser.find_element(By.CSS_SELECTOR, ".workflow--top").text


def test_demo_desk_researches_publishes_and_corrects_a_claim(browser, live_server):
    """The demo accounts walk a claim through the workflow in a real browser: the fact-checker
    submits, the editor publishes from the "Waiting for my review" queue, then corrects it."""
    from django.core.management import call_command
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from claims.models import Claim

    call_command("setup_demo", verbosity=0)
    # A claim still in research in the demo: the fact-checker proposes a verdict and submits it.
    claim = Claim.objects.filter(status="researching", evidence__isnull=False).distinct().first()
    change = f"{live_server.url}/admin/claims/claim/{claim.pk}/change/"

    log_in(browser, live_server, "factchecker", "factchecker-demo-2025")
    browser.get(change)
    Select(browser.find_element(By.NAME, "verdict")).select_by_visible_text("Unproven")
    conclusion = browser.find_element(By.NAME, "conclusion")
    conclusion.clear()
    conclusion.send_keys("The sources we found do not settle it either way.")
    assert "Submit for review: done" in message_after(
        browser, lambda: click_step(browser, "Submit for review")
    )

    log_in(browser, live_server, "editor", "editor-demo-2025")
    browser.get(f"{live_server.url}/admin/claims/claim/?queue=review")
    row = browser.find_element(
        By.CSS_SELECTOR, f"#result_list a[href*='/admin/claims/claim/{claim.pk}/change/']"
    )
    message_after(browser, row.click)
    steps = browser.find_elements(By.CSS_SELECTOR, ".workflow--top button.workflow-step")
    assert [b.text for b in steps][:2] == ["PUBLISH", "Send back…"]
    assert "default" in steps[0].get_attribute("class")
    assert "Publish: done" in message_after(browser, lambda: click_step(browser, "Publish"))
    browser.get(live_server.url + Claim.objects.get(pk=claim.pk).get_absolute_url())
    assert browser.find_element(By.CSS_SELECTOR, ".claim__verdict .verdict").text == "Unproven"

    browser.get(change)
    message_after(browser, lambda: click_step(browser, "Correct…"))
    Select(browser.find_element(By.NAME, "kind")).select_by_value("update")
    browser.find_element(By.NAME, "text").send_keys("A new statement settles part of it.")
    Select(browser.find_element(By.NAME, "new_verdict")).select_by_visible_text("Mostly true")
    submit = browser.find_element(By.CSS_SELECTOR, "input[type=submit][value='Correct']")
    assert "Correct: done" in message_after(browser, submit.click)

    browser.get(f"{live_server.url}/admin/claims/claim/{claim.pk}/history/")
    history = browser.find_element(By.ID, "change-history").text
    for step in [
        "Submitted for review",
        "Published",
        "Update: A new statement settles part of it.",
    ]:
        assert step in history
    assert "factchecker" in history.lower() or "farah" in history.lower()


def position_on_first_screen(browser, width, height, selector):
    """Emulate a screen of width×height CSS pixels, reload the page, and return the element's
    top and bottom edges with the page scrolled to the top (≤ height: on the first screen)."""
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    browser.refresh()
    element = browser.find_element(By.CSS_SELECTOR, selector)
    assert element.is_displayed()
    assert browser.execute_script("return window.innerWidth") == width
    return browser.execute_script(
        "window.scrollTo(0, 0); const r = arguments[0].getBoundingClientRect();"
        "return [r.top, r.bottom];",
        element,
    )


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_every_demo_claim_page_shows_its_verdict_and_conclusion_on_the_first_screen(
    browser, live_server, width, height
):
    from django.core.management import call_command

    from claims.models import Claim

    call_command("loaddata", "verdicts", "demo", verbosity=0)
    claims = list(Claim.objects.published())
    assert len(claims) == 21
    for claim in claims:
        browser.get(live_server.url + claim.get_absolute_url())
        _, verdict_bottom = position_on_first_screen(
            browser, width, height, ".claim__verdict .verdict"
        )
        assert verdict_bottom <= height, (claim.slug, verdict_bottom)
        # The conclusion starts on the first screen too: at least its first two lines.
        conclusion_top, _ = position_on_first_screen(browser, width, height, ".conclusion p")
        assert conclusion_top + 60 <= height, (claim.slug, conclusion_top)


def test_claim_list_on_a_phone_shows_results_before_the_filters(browser, live_server):
    from selenium.webdriver.common.by import By

    ClaimFactory.create_batch(3)
    browser.get(live_server.url + "/claims/")

    _, first_result_bottom = position_on_first_screen(browser, 390, 844, ".claim-row .verdict")
    assert first_result_bottom <= 844
    form = browser.find_element(By.CSS_SELECTOR, "form.filters")
    assert not form.is_displayed()
    browser.find_element(By.CSS_SELECTOR, ".filters-panel > summary").click()  # one tap
    assert form.is_displayed()
    assert browser.find_element(By.NAME, "verdict").is_displayed()
