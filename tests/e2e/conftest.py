"""A live server and Debian's Chromium through Playwright (never a downloaded browser).

Without Chromium these tests skip with a loud reason, unless REQUIRE_E2E=1 makes that a failure.
"""

import functools
import os
import re
import shutil

import pytest

from tests.clock import real_clock
from tests.e2e import live_server as live

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
LAN_NAME = "door-laptop.test"
DESKTOP = {"width": 1366, "height": 768}
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")
AXE = os.path.join(os.path.dirname(__file__), "..", "..", "static", "vendor", "axe-core", "axe.min.js")
SERIOUS = ("serious", "critical")
#: Addresses not opened again to be checked: switching the language would change the pages after it.
_SKIP_AXE = re.compile(r"/lang/")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Note on the test whether its body failed: its pages are then not checked for accessibility."""
    report = yield
    if report.when == "call" and report.failed:
        item.body_failed = True
    return report


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def clock():
    """The wall clock: the browser keeps it (its cookies expire by it), so the server keeps it too.

    Data built from it must hold at any hour: a forum over the whole Bangkok day, never one that
    begins an hour before now (see tests/checkin/conftest.py).
    """
    return real_clock()


@pytest.fixture(scope="session")
def live_http_server(app):
    """The app served from a thread of the test process (tests/e2e/live_server.py)."""
    server = live.start(app)
    yield server
    server.shutdown()


@pytest.fixture(scope="session")
def live_server(live_http_server):
    """The live server's base URL."""
    return live_http_server.url


@pytest.fixture(autouse=True)
def _live_server_done_before_teardown(request):
    """After a browser test (its pages closed first), wait until the server has finished what
    the browser asked before the tables are emptied under it."""
    yield
    if "live_server" in request.fixturenames:
        server = request.getfixturevalue("live_http_server")
        assert server.wait_until_idle(), "the live server still serves a request a minute after the test"


def _require_chromium():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium to run the browser tests"
        if os.environ.get("REQUIRE_E2E") == "1":
            pytest.fail(message + " (REQUIRE_E2E=1)")
        pytest.skip("!!! BROWSER TESTS SKIPPED: " + message)


@pytest.fixture(scope="session")
def playwright():
    """One Playwright for the session: the browsers below share it (two at once would clash)."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def camera(tmp_path_factory):
    """The file Chromium's fake camera plays (tests/e2e/camera.py writes pictures into it)."""
    from tests.e2e.camera import show_nothing

    path = str(tmp_path_factory.mktemp("camera") / "camera.y4m")
    show_nothing(path)
    return path


@pytest.fixture(scope="session")
def camera_browser(playwright, camera):
    """Chromium with a fake camera that shows what `camera` holds, and no permission prompt."""
    flags = [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={camera}",
        # A name on the "LAN" for the live server: plain http there is not a secure context.
        f"--host-resolver-rules=MAP {LAN_NAME} 127.0.0.1",
    ]
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS + flags)
    yield browser
    browser.close()


@pytest.fixture
def camera_phone(request, camera_browser):
    """A phone-sized page whose camera is the fake one; its context is `page.context` (e.g. set_offline)."""
    context = camera_browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    yield from _checked_pages(request, context)


@pytest.fixture
def phone(request, browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield from _checked_pages(request, context)


@pytest.fixture
def desktop(request, browser):
    context = browser.new_context(viewport=DESKTOP)
    yield from _checked_pages(request, context)


def _checked_pages(request, context):
    """Yield a page of the context; once the test is done, every page it opened passes axe-core.

    Each page the browser loaded (in any tab of the context) is noted as it arrives; after the
    test they are opened again one by one, in a new tab of the same context (same login, same
    language), and checked once loaded. Checking afterwards, not while the test drives the page,
    keeps axe from racing the test's own clicks and navigations. The data is as the test left
    it, still in the database: this runs before the tables are emptied. A page the test checked
    itself with assert_accessible is not checked again. The test fails too if the pages'
    Content-Security-Policy (app/security_headers.py) refused anything on any of them.
    """
    visited = []
    refused = []

    def note(frame):
        if frame.parent_frame is None and frame.url.startswith("http") and frame.url not in visited:
            visited.append(frame.url)

    def note_refusal(message):
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    def watch(page):
        page.on("framenavigated", note)
        page.on("console", note_refusal)

    context.on("page", watch)
    page = context.new_page()
    yield page
    try:
        if not getattr(request.node, "body_failed", False):
            _check_visited(context, visited)
    finally:
        context.close()
    assert not refused, refused


def _check_visited(context, visited):
    from playwright.sync_api import Error as PlaywrightError

    context.set_offline(False)
    checked = getattr(context, "axe_checked", set())
    page = context.new_page()
    for url in visited:
        if url in checked or _SKIP_AXE.search(url):
            continue
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a download (PDF, .ics) is no page to check
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        assert_accessible(page)


@pytest.fixture
def screenshot():
    """Save a screenshot under test-artifacts/ for a person to look at."""

    def take(page, name, full_page=True):
        os.makedirs(ARTIFACTS, exist_ok=True)
        page.screenshot(path=os.path.join(ARTIFACTS, f"{name}.png"), full_page=full_page)

    return take


def wait_until(page, expression, timeout=30000):
    """Wait until a JavaScript expression holds on the page (`timeout` in ms).

    page.wait_for_function evaluates its string with eval, which the pages' Content-Security-Policy
    refuses; here the expression is part of the script Playwright sends, which the policy does not
    govern (as axe-core's injection is not).
    """
    page.evaluate(
        "(timeout) => new Promise((resolve, reject) => {"
        " const deadline = performance.now() + timeout;"
        f" const check = () => {{ if ({expression}) resolve(true);"
        " else if (performance.now() > deadline) reject(new Error('timed out waiting'));"
        " else setTimeout(check, 50); };"
        " check(); })",
        timeout,
    )


def log_in(page, base_url, email, password, next_path=None):
    page.goto(f"{base_url}/login" + (f"?next={next_path}" if next_path else ""))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def loaded_image_width(page, selector):
    """The natural width of an image once the browser has finished loading it.

    An <img> is in the DOM before its file arrives; reading naturalWidth at once
    races the download and reads 0 on a busy machine.
    """
    image = page.locator(selector)
    image.evaluate(
        "img => img.complete || new Promise(done => img.addEventListener('load', done, {once: true}))"
    )
    return image.evaluate("img => img.naturalWidth")


def assert_fits(page):
    """Nothing may stick out sideways: the page is no wider than the window.

    Measured once the page has loaded: right after a click that navigates, the new page's
    stylesheets may not have applied yet, and an unstyled table is wider than any phone.
    """
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def type_organization(page, typed):
    """Type part of a name into the organization type-ahead and wait for its suggestions."""
    page.fill("[data-testid=organization-input]", typed)
    page.wait_for_selector("[data-testid=organization-results] button")


def pick_organization(page, organization):
    """Tap the organization among the suggestions: the form then holds its id."""
    page.click(f"[data-testid=organization-results] button:has-text('{organization.name}')")
    assert page.input_value("[data-testid=organization-id]") == str(organization.id)


@functools.cache
def _axe_source():
    with open(AXE, encoding="utf-8") as source:
        return source.read()


def assert_accessible(page):
    """axe-core finds no serious or critical violation on the page as it stands now.

    Run once the page has loaded; axe is evaluated from the vendored copy, never fetched, and
    through the DevTools protocol, so the page's Content-Security-Policy does not stop it.
    """
    page.wait_for_load_state("load")
    # Colours are judged at rest: a button still fading into its hover colour (the mouse left
    # over it by the last click) reads as poor contrast mid-transition.
    # (Evaluated through the DevTools protocol: wait_for_function would need the CSP's unsafe-eval.)
    page.evaluate(
        "() => Promise.all(document.getAnimations()"
        ".filter(a => a.effect?.getComputedTiming().iterations !== Infinity)"
        ".map(a => a.finished.catch(() => null)))"
    )
    if not hasattr(page.context, "axe_checked"):
        page.context.axe_checked = set()
    page.context.axe_checked.add(page.url)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations'],"
        # A visible label that is not part of the accessible name (WCAG 2.5.3): off by default in axe.
        " rules: {'label-content-name-mismatch': {enabled: true}}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    serious = [v for v in violations if v["impact"] in SERIOUS]
    assert not serious, f"{page.url}: " + "; ".join(
        f"{v['impact']} {v['id']} ({v['help']}) at {v['nodes']}" for v in serious
    )
