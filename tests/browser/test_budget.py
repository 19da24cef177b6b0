"""Every public page: no request to any host but this server, and at most 60 KB of everything but images."""

from urllib.parse import urlsplit

import pytest

from config import Config

pytestmark = pytest.mark.browser

BUDGET_BYTES = 60 * 1024
# Images are outside the budget; everything else the page loads (HTML, CSS, JS, fonts, data) is in.
IMAGE_TYPES = {"image", "media"}


def weighed(request) -> bool:
    """Whether a request counts against the budget: not an image, also not the favicon (Chromium's type "other")."""
    response = request.response()
    if response is None or request.resource_type in IMAGE_TYPES:
        return False
    return not response.headers.get("content-type", "").startswith("image/")


def visit_all(browser, demo_site, pages, *, language: str = "en", signed_in_as: str | None = None) -> dict:
    """Open each page with the browser cache off; return its requests and its non-image bytes by page name."""
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
        page.remove_listener("request", record)
        assert response.status == (404 if name == "not-found" else 200), f"{name}: HTTP {response.status}"
        weight = sum(len(request.response().body()) for request in requests if weighed(request))
        visits[name] = (requests, weight)
    context.close()
    return visits


def foreign_requests(base_url: str, visits: dict[str, tuple]) -> dict[str, list[str]]:
    """Requests to any host but the test server, by page name."""
    local = urlsplit(base_url).netloc
    found = {}
    for name, (requests, _weight) in visits.items():
        if elsewhere := sorted({request.url for request in requests if urlsplit(request.url).netloc != local}):
            found[name] = elsewhere
    return found


# Cyrillic text takes two bytes a letter in UTF-8, so the budget is checked in every language.
@pytest.mark.parametrize("language", Config.LANGUAGES)
def test_public_pages_request_nothing_from_other_hosts_and_stay_within_the_budget(demo_site, browser, language):
    visits = visit_all(browser, demo_site, demo_site.public_pages, language=language)
    stylesheets = {
        name: [r.url for r in requests if r.resource_type == "stylesheet"] for name, (requests, _) in visits.items()
    }
    # Each page was weighed with the site's stylesheet (the embeddable widgets carry none of their own).
    assert [name for name, urls in stylesheets.items() if not urls and not name.startswith("events-widget")] == []
    assert foreign_requests(demo_site.url, visits) == {}
    heavy = {name: weight for name, (_requests, weight) in visits.items() if weight > BUDGET_BYTES}
    assert heavy == {}


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
