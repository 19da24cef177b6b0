"""Every public page: no request to any host but this server, at most 60 KB of everything but images
and fonts, and at most 60 KB of fonts per script."""

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest

from config import Config

# What the browser checks here is the HTML and CSS, the same over either engine: checked once, in the
# SQLite pass; the flows that write records run in both.
pytestmark = [pytest.mark.browser, pytest.mark.sqlite(reason="presentation only: same HTML and CSS on either engine")]

BUDGET_BYTES = 60 * 1024
# Images and fonts are outside the page's budget; everything else the page loads (HTML, CSS, JS, data)
# is in. Fonts have their own budget per script (static/fonts/noto-sans-<script>-<weight>-normal.woff2):
# a page in Belarusian loads the Cyrillic and the Latin files, each script within FONT_BUDGET_BYTES.
OUTSIDE_BUDGET_TYPES = {"image", "media", "font"}
FONT_BUDGET_BYTES = 60 * 1024
FONT_SCRIPT = re.compile(r"/static/fonts/[a-z-]+?-(latin|cyrillic)-\d+-normal\.woff2?$")


def weighed(request) -> bool:
    """Whether a request counts against the budget: not an image, also not the favicon (Chromium's type "other")."""
    response = request.response()
    if response is None or request.resource_type in OUTSIDE_BUDGET_TYPES:
        return False
    return not response.headers.get("content-type", "").startswith("image/")


def visit_all(browser, demo_site, pages, *, language: str = "en", signed_in_as: str | None = None) -> dict:
    """Open each page with the browser cache off; return its requests, its bytes inside the budget and its
    font bytes by script, by page name."""
    context = demo_site.new_context(browser, language=language, signed_in_as=signed_in_as)
    page = context.new_page()
    # Routing every request turns Playwright's HTTP cache off, so each page is weighed whole.
    page.route("**/*", lambda route: route.continue_())
    visits = {}
    for name, path in pages.items():
        requests = []

        def record(request, requests=requests):
            requests.append(request)

        page.on("request", record)
        response = page.goto(demo_site.url + path)
        # A font is requested when text first needs it, which may be after the load event.
        page.wait_for_load_state("networkidle")
        page.remove_listener("request", record)
        assert response.status == (404 if name == "not-found" else 200), f"{name}: HTTP {response.status}"
        answered = [(request, len(request.response().body())) for request in requests if request.response()]
        weight = sum(size for request, size in answered if weighed(request))
        fonts = Counter()
        for request, size in answered:
            if request.resource_type == "font":
                script = FONT_SCRIPT.search(urlsplit(request.url).path)
                fonts[script.group(1) if script else request.url] += size
        visits[name] = (requests, weight, fonts)
    context.close()
    return visits


def foreign_requests(base_url: str, visits: dict[str, tuple]) -> dict[str, list[str]]:
    """Requests to any host but the test server, by page name."""
    local = urlsplit(base_url).netloc
    found = {}
    for name, (requests, _weight, _fonts) in visits.items():
        if elsewhere := sorted({request.url for request in requests if urlsplit(request.url).netloc != local}):
            found[name] = elsewhere
    return found


# Cyrillic text takes two bytes a letter in UTF-8, so the budget is checked in every language.
@pytest.mark.parametrize("language", Config.LANGUAGES)
def test_public_pages_request_nothing_from_other_hosts_and_stay_within_the_budget(demo_site, browser, language):
    visits = visit_all(browser, demo_site, demo_site.public_pages, language=language)
    stylesheets = {
        name: [r.url for r in requests if r.resource_type == "stylesheet"] for name, (requests, _, _) in visits.items()
    }
    # Each page was weighed with the site's stylesheet (the embeddable widgets carry none of their own).
    assert [name for name, urls in stylesheets.items() if not urls and not name.startswith("events-widget")] == []
    assert foreign_requests(demo_site.url, visits) == {}
    heavy = {name: weight for name, (_requests, weight, _fonts) in visits.items() if weight > BUDGET_BYTES}
    assert heavy == {}
    heavy_fonts = {
        name: dict(fonts)
        for name, (_r, _w, fonts) in visits.items()
        if max(fonts.values(), default=0) > FONT_BUDGET_BYTES
    }
    assert heavy_fonts == {}


@pytest.mark.parametrize(("language", "scripts"), [("en", {"latin"}), ("be", {"latin", "cyrillic"})])
def test_pages_use_the_self_hosted_typeface(demo_site, browser, language, scripts):
    """The text is set in the bundled Noto Sans, fetched from this server, never from a font service."""
    visits = visit_all(browser, demo_site, {"home": "/"}, language=language)
    _requests, _weight, fonts = visits["home"]
    assert scripts <= set(fonts), "static/fonts is empty: run `make static/fonts/.fetched`"
    assert all(0 < size <= FONT_BUDGET_BYTES for size in fonts.values()), fonts


def test_signed_in_pages_request_nothing_from_other_hosts(demo_site, browser):
    visits = visit_all(browser, demo_site, demo_site.signed_in_pages, signed_in_as=demo_site.admin_email)
    assert foreign_requests(demo_site.url, visits) == {}


def test_a_request_to_another_host_is_caught(demo_site, browser):
    """The check itself works: a page that loads a font from elsewhere is reported.

    The site's CSP would stop the fetch before it is a request, so this one page runs without it.
    """
    context = demo_site.new_context(browser, bypass_csp=True)
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    # Blocked before it leaves the machine: the check needs the attempt, not an answer.
    page.route("http://fonts.example.net/**", lambda route: route.abort())
    page.goto(demo_site.url + "/")
    page.evaluate("() => fetch('http://fonts.example.net/font.woff2').catch(() => null)")
    page.wait_for_timeout(200)
    context.close()
    assert "fonts.example.net" in hosts
