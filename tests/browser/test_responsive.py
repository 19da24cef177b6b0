"""The main pages at phone and desktop widths: screenshots, and never a horizontal scrollbar."""

import pytest

pytestmark = pytest.mark.browser

MAIN_PAGES = [
    "home",
    "prisoners",
    "prisoner",
    "counts",
    "dates",
    "events",
    "event",
    "events-on-day",
    "events-submit",
    "subscribe",
    "reminder-page",
    "login",
]
SIGNED_IN_PAGES = ["dashboard", "prisoner-edit", "moderation-review", "import-review", "prisoner-history"]
PHONE_SMALL = {"width": 320, "height": 640}
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# The narrowest phone in every language (long Belarusian and Ukrainian words wrap differently),
# the common phone and the desktop in English.
LAYOUTS = [
    *[(PHONE_SMALL, language) for language in ("en", "uk", "be", "ru")],
    (PHONE, "en"),
    (DESKTOP, "en"),
]

OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
        .filter(element => element.getBoundingClientRect().right > width + 1)
        .slice(0, 5)
        .map(element => element.tagName.toLowerCase() + (element.className ? "." + element.className : ""));
    return {scrollWidth: document.scrollingElement.scrollWidth, viewport: window.innerWidth, wide};
}"""


def check_pages(page, base_url: str, pages: dict[str, str], names, viewport, language, screenshot_dir) -> dict:
    """Screenshot each page; return the ones that scroll sideways, with the elements that stick out."""
    too_wide = {}
    for name in names:
        response = page.goto(base_url + pages[name])
        assert response.ok, f"{name}: HTTP {response.status}"
        page.screenshot(path=str(screenshot_dir / f"{name}-{viewport['width']}-{language}.png"), full_page=True)
        measured = page.evaluate(OVERFLOW)
        if measured["scrollWidth"] > viewport["width"]:
            too_wide[name] = measured
    return too_wide


@pytest.mark.parametrize(("viewport", "language"), LAYOUTS, ids=[f"{v['width']}-{lang}" for v, lang in LAYOUTS])
def test_public_pages_fit_the_screen(demo_site, browser, viewport, language, screenshot_dir):
    context = demo_site.new_context(browser, language=language, viewport=viewport)
    page = context.new_page()
    too_wide = check_pages(page, demo_site.url, demo_site.public_pages, MAIN_PAGES, viewport, language, screenshot_dir)
    context.close()
    assert too_wide == {}


@pytest.mark.parametrize("viewport", [PHONE_SMALL, DESKTOP], ids=["320", "1280"])
def test_signed_in_pages_fit_the_screen(demo_site, browser, viewport, screenshot_dir):
    context = demo_site.new_context(browser, viewport=viewport, signed_in_as=demo_site.admin_email)
    page = context.new_page()
    pages = demo_site.signed_in_pages
    too_wide = check_pages(page, demo_site.url, pages, SIGNED_IN_PAGES, viewport, "en", screenshot_dir)
    context.close()
    assert too_wide == {}
