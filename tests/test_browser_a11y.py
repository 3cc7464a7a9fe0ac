"""Every page as a reader's browser makes of it, in headless Chromium at 390 and 1280 px.

On each public page and the desk's main screens: axe-core (tools/browser, installed by `make test`)
finds no violation, the Content-Security-Policy blocks nothing, the console shows no error and a
phone never scrolls sideways. A reader can filter, open a claim and follow its sources with the
keyboard alone. A screenshot of each page at each width lands in artifacts/screenshots/.
"""

import functools
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings

from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory
from tests.public_outputs import PUBLIC_OUTPUTS, read_html
from tests.test_browser import (  # noqa: F401
    browser,
    desk_groups,
    log_in,
    nested_article,
    page_replaced,
    with_npm_package,
)

AXE = Path(django_settings.BASE_DIR) / "tools/browser/node_modules/axe-core/axe.min.js"
SCREENSHOTS = Path(django_settings.BASE_DIR) / "artifacts/screenshots"
SCREENS = {390: 844, 1280: 800}  # width: height, a phone and a laptop

pytestmark = with_npm_package(AXE, "axe-core")

# What Django's own admin templates carry, allowed on the desk's screens only, each with its
# reason. Only minor or moderate ones: a serious or critical violation is reported whatever its id.
ADMIN_ALLOWED = {
    "empty-table-header": "minor: a tabular inline (admin/edit_inline/tabular.html) heads the "
    "column holding each row's hidden id and its object's name with an empty <th>",
}

# Runs in every document before the page's own scripts: collects what the CSP blocked.
CSP_LISTENER = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
"""

AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(
  result => done(result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))),
  error => done([{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}]));
"""


def watch(driver):
    """Listen for CSP violations in every page this driver opens from now on."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": CSP_LISTENER})
    driver.set_script_timeout(30)


def emulate(driver, width):
    """A phone (mobile viewport, touch) at 390 px, a laptop screen at 1280 px."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": SCREENS[width], "deviceScaleFactor": 1, "mobile": width < 600},
    )


def open_page(driver, url):
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # empties the console log of the previous page
    driver.get(url)
    WebDriverWait(driver, 10).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )


@functools.cache
def axe_source():
    return AXE.read_text()


def axe_violations(driver):
    """axe-core's violations on the open page, of any impact."""
    driver.execute_script(axe_source())
    return driver.execute_async_script(AXE_RUN)


def problems_on(driver, allowed=(), sideways=True, status=200):
    """Everything wrong with the open page: axe violations (but minor or moderate ones whose id
    is `allowed`), CSP violations, console errors and, if `sideways`, scrolling sideways. Empty
    when the page is fine. A page served with an error `status` (the 404 page) logs that status:
    the only console error it may have."""
    own_status = f"{driver.current_url} - Failed to load resource: the server responded with a status of {status} "
    problems = [
        f"axe {v['impact']} {v['id']}: {v['help']} at {v['nodes']}"
        for v in axe_violations(driver)
        if v["id"] not in allowed or v["impact"] in {"serious", "critical"}
    ]
    problems += [f"CSP: {v}" for v in driver.execute_script("return window.cspViolations")]
    problems += [
        f"console: {e['message']}"
        for e in driver.get_log("browser")
        if e["level"] == "SEVERE" and not e["message"].startswith(own_status)
    ]
    scroll, client = driver.execute_script(
        "const e = document.documentElement; return [e.scrollWidth, e.clientWidth];"
    )
    if sideways and scroll > client:
        problems.append(f"scrolls sideways: {scroll} px wide in {client} px")
    return problems


def screenshot(driver, name, width):
    """The whole page, top to bottom, as artifacts/screenshots/NAME-WIDTH.png."""
    import base64

    height = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]["height"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": min(height, 12000), "scale": 1},
        },
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = "".join(c if c.isalnum() else "-" for c in name.lower())
    (SCREENSHOTS / f"{slug}-{width}.png").write_bytes(base64.b64decode(shot["data"]))


@pytest.fixture
def demo(browser, live_server):  # noqa: F811
    """The demo desk, with a corrected claim that has evidence and a public note."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from claims import services
    from claims.models import AboutSection, Claim

    call_command("setup_demo", verbosity=0)
    claim = (
        Claim.objects.published()
        .filter(notes__visibility="public", evidence__isnull=False)
        .distinct()
        .first()
    )
    claim = services.correct(
        claim=claim,
        user=get_user_model().objects.get(username="editor"),
        kind="update",
        text="A later statement from the ministry confirms the figure.",
    )
    article = claim.article
    assert article.claims.filter(quote__contains="former U.S. President Donald Trump").count() == 2
    watch(browser)
    return SimpleNamespace(
        claim=claim,
        article=article,
        claimant=Claim.objects.published().exclude(claimant=None).first().claimant,
        verdict=claim.verdict,
        source=claim.evidence.first().source,
        correction=claim.corrections.get(),
        typed="Meloni",  # a search that finds claims; as a verdict or date it is refused
        about=AboutSection.objects.first(),
    )


def public_pages(world):
    """Every public HTML page tests/public_outputs.py lists, and the page of a broken link."""
    pages = [(o.name, o.url(world)) for o in PUBLIC_OUTPUTS if o.read is read_html]
    return [(name, path, 200) for name, path in pages] + [
        ("page not found", "/claims/no-such-claim/", 404)
    ]


def test_public_pages_pass_axe_with_no_csp_violation_console_error_or_sideways_scroll(
    browser,  # noqa: F811
    live_server,
    demo,
):
    problems = {}
    for width in SCREENS:
        emulate(browser, width)
        for name, path, status in public_pages(demo):
            open_page(browser, live_server.url + path)
            problems[f"{name} at {width} px"] = problems_on(browser, status=status)
            screenshot(browser, name, width)
    assert {page: found for page, found in problems.items() if found} == {}
    assert len(problems) >= 2 * 15


def test_desk_screens_pass_axe_with_no_csp_violation_or_console_error(
    browser,  # noqa: F811
    live_server,
    demo,
):
    claim = demo.claim
    screens = {
        "admin index": "/admin/",
        "admin claim list": "/admin/claims/claim/",
        "admin claim": f"/admin/claims/claim/{claim.pk}/change/",
        "admin step form": f"/admin/claims/claim/{claim.pk}/step/correct/",
        "admin claim history": f"/admin/claims/claim/{claim.pk}/history/",
    }
    problems = {}
    for width in SCREENS:
        emulate(browser, width)
        browser.delete_all_cookies()
        open_page(browser, live_server.url + "/admin/login/")
        problems[f"admin login at {width} px"] = problems_on(browser, ADMIN_ALLOWED)
        screenshot(browser, "admin login", width)
        log_in(browser, live_server, "editor", "editor-demo-2025")
        for name, path in screens.items():
            open_page(browser, live_server.url + path)
            # The desk works at 1280 px (test_browser_screens.py); a phone may scroll its tables.
            found = problems_on(browser, ADMIN_ALLOWED, sideways=width >= 1280)
            if name == "admin claim list" and width >= 1280:
                found += columns_cut_off(browser, ["status", "verdict"])
            problems[f"{name} at {width} px"] = found
            screenshot(browser, name, width)
    assert {screen: found for screen, found in problems.items() if found} == {}


def columns_cut_off(driver, columns):
    """The changelist's columns whose header or cells reach past the right of the screen."""
    return driver.execute_script(
        """return arguments[0].filter(column => {
             const cells = document.querySelectorAll(`#result_list .column-${column},
                                                      #result_list .field-${column}`);
             return cells.length < 2 || [...cells].some(cell =>
               cell.getBoundingClientRect().right > document.documentElement.clientWidth);
           }).map(column => `column ${column} cut off`);""",
        columns,
    )


# The focused element as a keyboard user sees it; the ring must contrast 3:1 with what is around
# it (WCAG 2.2, 1.4.11), the nearest background it is drawn over.
FOCUSED = """
const e = document.activeElement, style = getComputedStyle(e);
const luminance = rgb => {
  const [r, g, b] = rgb.match(/[\\d.]+/g).slice(0, 3).map(c => {
    c = c / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
let around = e.parentElement, background = 'rgb(255, 255, 255)';
for (; around; around = around.parentElement) {
  const colour = getComputedStyle(around).backgroundColor;
  if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') { background = colour; break; }
}
const [light, dark] = [luminance(style.outlineColor), luminance(background)].sort().reverse();
const box = e.getBoundingClientRect();
return {
  name: `${e.tagName.toLowerCase()} ${(e.innerText || e.name || e.id || '').trim().slice(0, 40)}`,
  // A date field's calendar button has the focus inside the field (:focus-within).
  ring: e.matches(':focus-visible, input:focus-within') && style.outlineStyle !== 'none'
        && parseFloat(style.outlineWidth) >= 2 && (light + 0.05) / (dark + 0.05) >= 3,
  on_screen: box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= innerWidth,
};
"""


def press(driver, key):
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(key).perform()


def tab_to(driver, selector, most=60):
    """Press Tab until the focus is on an element matching `selector`; each element the focus
    passes must show its ring, on screen. Returns the names of those that do not."""
    from selenium.webdriver.common.keys import Keys

    unseen = []
    for _ in range(most):
        press(driver, Keys.TAB)
        focused = driver.execute_script(FOCUSED)
        if not (focused["ring"] and focused["on_screen"]):
            unseen.append(focused["name"])
        if driver.execute_script("return document.activeElement.matches(arguments[0])", selector):
            return unseen
    raise AssertionError(f"{most} presses of Tab never reached {selector}")


def enter_and_wait(driver):
    """Press Enter on the focused link or button and wait for the page it opens."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    press(driver, Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda driver: page_replaced(old))
    WebDriverWait(driver, 10).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )


def test_a_reader_filters_opens_a_claim_and_follows_a_source_with_the_keyboard_alone(
    browser,  # noqa: F811
    live_server,
):
    from selenium.webdriver.common.keys import Keys

    source = SourceFactory(url=f"{live_server.url}/methodology/", title="The statistics office")
    wanted = ClaimFactory(claimant__name="Ada Lovelace")
    EvidenceFactory(claim=wanted, source=source)
    ClaimFactory.create_batch(3)
    browser.set_window_size(1280, 900)
    browser.get(live_server.url + "/claims/")

    # The first Tab shows the skip link; it jumps past the site's menu to the filters.
    unseen = tab_to(browser, ".skip-link", most=1)
    press(browser, Keys.ENTER)
    unseen += tab_to(browser, ".filters-panel > summary", most=1)
    press(browser, Keys.ENTER)  # unfolds the filters
    unseen += tab_to(browser, "input[name=q]", most=1)
    press(browser, "Lovelace")
    unseen += tab_to(browser, ".filters button[type=submit]")
    enter_and_wait(browser)
    assert "q=Lovelace" in browser.current_url

    unseen += tab_to(browser, f'.claim-row a[href="{wanted.get_absolute_url()}"]')
    enter_and_wait(browser)
    assert browser.current_url == live_server.url + wanted.get_absolute_url()

    unseen += tab_to(browser, ".evidence__title a")
    assert browser.switch_to.active_element.text == "The statistics office"
    enter_and_wait(browser)
    assert browser.current_url == source.url
    assert unseen == []


def test_the_articles_highlighted_claims_are_reached_by_keyboard_and_say_their_verdict(
    browser,  # noqa: F811
    live_server,
    nested_article,  # noqa: F811
):
    article, outer, inner = nested_article
    browser.set_window_size(1280, 900)
    browser.get(live_server.url + article.get_absolute_url())

    reached, unseen = [], []
    for _ in range(2):
        unseen += tab_to(browser, ".article-text a.claim-ref")
        link = browser.switch_to.active_element
        reached.append(
            (link.get_attribute("href").removeprefix(live_server.url), link.accessible_name)
        )
    # Announced by number and verdict, in words: the colour is not the only signal.
    # The inner claim ends first, so its link comes first; claims are numbered by where they start.
    assert reached == [
        (inner.get_absolute_url(), "Claim 2: False"),
        (outer.get_absolute_url(), "Claim 1: Misleading"),
    ]
    assert unseen == []
    enter_and_wait(browser)
    assert browser.current_url == live_server.url + outer.get_absolute_url()


# Ways to break a served page, each with what the checks must then report.
BREAKAGES = {
    "a field without a label": (
        "document.querySelector('main').append(document.createElement('input'))",
        "axe critical label:",
    ),
    "an image without alt text": (
        "const img = document.createElement('img'); img.src = '/static/favicon.svg';"
        "document.querySelector('main').append(img)",
        "axe critical image-alt:",
    ),
    "a box wider than a phone": (
        "const box = document.createElement('div'); box.textContent = 'wide';"
        "box.style.width = '600px'; document.querySelector('main').append(box)",
        "scrolls sideways: ",
    ),
    "an inline script": (
        "const s = document.createElement('script'); s.textContent = 'window.ran = true';"
        "document.body.append(s)",
        "CSP: script-src-elem blocked inline",
    ),
    "a missing image": (
        "const img = document.createElement('img'); img.alt = ''; img.src = '/static/gone.png';"
        "document.querySelector('main').append(img)",
        "console: ",
    ),
}


def test_the_checks_report_a_broken_page(browser, live_server):  # noqa: F811
    """Each way of breaking the home page is reported, and the page unbroken reports nothing."""
    from selenium.webdriver.support.ui import WebDriverWait

    ClaimFactory.create_batch(2)
    watch(browser)
    emulate(browser, 390)
    open_page(browser, live_server.url + "/")
    assert problems_on(browser) == []

    for breakage, (script, reported) in BREAKAGES.items():
        open_page(browser, live_server.url + "/")
        browser.execute_script(script)
        # A failed load or a CSP violation reaches the page's log a moment after the change.
        WebDriverWait(browser, 10).until(
            lambda b: any(problem.startswith(reported) for problem in problems_on(b)),  # noqa: B023
            message=f"{breakage}: not reported",
        )
    # What the desk's screens may carry lets no serious violation through.
    open_page(browser, live_server.url + "/")
    browser.execute_script(BREAKAGES["a field without a label"][0])
    assert problems_on(browser, {"label": "a try"}, sideways=False)
