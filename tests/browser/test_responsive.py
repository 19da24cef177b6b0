"""Every public page at phone, tablet and desktop widths: no sideways scrolling, each label beside its
own field, table headings whole, chart labels readable; a screenshot of each for people to look at.

The pages are visited once per layout (a module fixture) and each test checks one behaviour on what
was measured.
"""

from dataclasses import dataclass, field

import pytest

# What the browser checks here is the HTML and CSS, the same over either engine: checked once, in the
# SQLite pass; the flows that write records run in both.
pytestmark = [pytest.mark.browser, pytest.mark.sqlite(reason="presentation only: same HTML and CSS on either engine")]

PUBLIC_PAGES = [
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
# Public pages the demo site's page list leaves out, by path.
EXTRA_PUBLIC_PAGES = {"request-new": "/requests/new"}
SIGNED_IN_PAGES = ["dashboard", "prisoner-edit", "moderation-review", "import-review", "prisoner-history"]
PHONE_SMALL = {"width": 320, "height": 640}
TABLET = {"width": 768, "height": 1024}
DESKTOP = {"width": 1280, "height": 900}
# The narrowest phone in every language (long Belarusian and Ukrainian words wrap differently),
# the tablet and the desktop in English.
LAYOUTS = [
    *[(PHONE_SMALL, language) for language in ("en", "uk", "be", "ru")],
    (TABLET, "en"),
    (DESKTOP, "en"),
]
LAYOUT_IDS = [f"{viewport['width']}-{language}" for viewport, language in LAYOUTS]
SMALLEST_CHART_LABEL_PX = 11
# A label and its field are "next to each other" when nothing but the field's own hint and error
# message (the elements its aria-describedby names) lies between them, and the gap left is at most
# this many pixels: a label above its field, or a box beside its label.
LABEL_GAP_PX = 24

OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
        .filter(element => element.getBoundingClientRect().right > width + 1)
        .slice(0, 5)
        .map(element => element.tagName.toLowerCase() + (element.className ? "." + element.className : ""));
    return {scrollWidth: document.scrollingElement.scrollWidth, viewport: window.innerWidth, wide};
}"""

# For every visible <label for=…>: the gap to its own control (box to box, less the heights of the
# field's own hint and error lying in it) is small, and smaller than the distance to any other control.
LABELS_AWAY_FROM_FIELDS = """(maxGap) => {
    const visible = element => {
        const box = element.getBoundingClientRect();
        return box.width > 1 && box.height > 1 && box.right > 0 && getComputedStyle(element).visibility !== "hidden";
    };
    const distance = (a, b) => {
        const dx = Math.max(0, b.left - a.right, a.left - b.right);
        const dy = Math.max(0, b.top - a.bottom, a.top - b.bottom);
        return {dx, dy, d: Math.hypot(dx, dy)};
    };
    const controls = [...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter(visible);
    const problems = [];
    for (const label of document.querySelectorAll("label[for]")) {
        const own = document.getElementById(label.htmlFor);
        if (!visible(label) || !own || !visible(own)) continue;
        const box = label.getBoundingClientRect();
        const ownBox = own.getBoundingClientRect();
        const gap = distance(box, ownBox);
        const nearest = Math.min(...controls.filter(control => control !== own)
            .map(control => distance(box, control.getBoundingClientRect()).d));
        const between = (own.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean)
            .map(id => document.getElementById(id)).filter(part => part && visible(part))
            .map(part => part.getBoundingClientRect())
            .filter(part => part.top >= Math.min(box.bottom, ownBox.bottom) - 1
                         && part.bottom <= Math.max(box.top, ownBox.top) + 1)
            .reduce((sum, part) => sum + part.height, 0);
        const left = Math.max(0, gap.dy - between) + gap.dx;
        if (left > nearest || left > maxGap) {
            problems.push({label: label.textContent.trim().slice(0, 40), field: own.id, gap: Math.round(left),
                           nearestOther: Math.round(nearest)});
        }
    }
    return problems;
}"""

# A heading broken inside a word shows the word on two lines: its text range has two boxes.
BROKEN_HEADINGS = """() => {
    const broken = [];
    for (const heading of document.querySelectorAll("th")) {
        if (!heading.getClientRects().length) continue;
        const text = heading.firstChild;
        for (const node of [...heading.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)) {
            for (const match of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""

# The size a chart label is drawn at: its font size times the SVG's scale on the screen.
CHART_LABEL_SIZES = """() => [...document.querySelectorAll("svg.count-chart text")]
    .filter(label => label.getClientRects().length && getComputedStyle(label).display !== "none")
    .map(label => label.getScreenCTM().a * parseFloat(getComputedStyle(label).fontSize))"""

FIELD_SIZES = """() => [...document.querySelectorAll("input[type=date], input[type=datetime-local], input[type=time]")]
    .map(input => ({id: input.id, height: input.getBoundingClientRect().height,
                    font: parseFloat(getComputedStyle(input).fontSize)}))"""


@dataclass
class Measured:
    """What one page showed at one layout."""

    overflow: dict = field(default_factory=dict)
    labels: list = field(default_factory=list)
    broken_headings: list = field(default_factory=list)
    chart_labels: list = field(default_factory=list)
    date_fields: list = field(default_factory=list)


def measure(page, name: str, url: str, layout: str, screenshot_dir) -> Measured:
    """Open the page, screenshot it and take every measurement the tests check."""
    response = page.goto(url)
    assert response.ok, f"{name}: HTTP {response.status}"
    page.screenshot(path=str(screenshot_dir / f"{name}-{layout}.png"), full_page=True)
    return Measured(
        overflow=page.evaluate(OVERFLOW),
        labels=page.evaluate(LABELS_AWAY_FROM_FIELDS, LABEL_GAP_PX),
        broken_headings=page.evaluate(BROKEN_HEADINGS),
        chart_labels=page.evaluate(CHART_LABEL_SIZES),
        date_fields=page.evaluate(FIELD_SIZES),
    )


@pytest.fixture(scope="module")
def public_layouts(demo_site, browser, screenshot_dir) -> dict[str, dict[str, Measured]]:
    """Every public page measured at every layout: {layout id: {page name: Measured}}."""
    pages = {name: demo_site.public_pages[name] for name in PUBLIC_PAGES} | EXTRA_PUBLIC_PAGES
    measured = {}
    for (viewport, language), layout in zip(LAYOUTS, LAYOUT_IDS, strict=True):
        context = demo_site.new_context(browser, language=language, viewport=viewport)
        page = context.new_page()
        measured[layout] = {
            name: measure(page, name, demo_site.url + path, layout, screenshot_dir) for name, path in pages.items()
        }
        context.close()
    return measured


def findings(public_layouts, layout: str, attribute: str, keep=bool) -> dict:
    """The pages whose measurement `attribute` at `layout` shows a problem."""
    return {name: value for name, m in public_layouts[layout].items() if keep(value := getattr(m, attribute))}


@pytest.mark.parametrize("layout", LAYOUT_IDS)
def test_public_pages_fit_the_screen(public_layouts, layout):
    width = int(layout.split("-")[0])
    assert findings(public_layouts, layout, "overflow", lambda seen: seen["scrollWidth"] > width) == {}


@pytest.mark.parametrize("layout", LAYOUT_IDS)
def test_every_label_sits_next_to_its_own_field(public_layouts, layout):
    assert findings(public_layouts, layout, "labels") == {}


@pytest.mark.parametrize("layout", LAYOUT_IDS)
def test_table_headings_never_break_inside_a_word(public_layouts, layout):
    assert findings(public_layouts, layout, "broken_headings") == {}


@pytest.mark.parametrize("layout", LAYOUT_IDS)
def test_chart_labels_are_readable_at_every_width(public_layouts, layout):
    sizes = public_layouts[layout]["counts"].chart_labels
    assert sizes, "the counts page draws a chart with labels"
    assert min(sizes) >= SMALLEST_CHART_LABEL_PX, sizes


def test_date_and_time_fields_are_full_size_on_a_phone(public_layouts):
    fields = public_layouts["320-en"]["events-submit"].date_fields
    assert {f["id"] for f in fields} >= {"starts_at", "ends_at"}
    assert all(f["height"] >= 40 and f["font"] >= 16 for f in fields), fields


def test_the_header_leaves_a_phone_screen_to_the_page(demo_site, browser):
    context = demo_site.new_context(browser, viewport=PHONE_SMALL)
    page = context.new_page()
    page.goto(demo_site.url + "/")
    header = page.locator(".site-header").bounding_box()
    nav_link = page.locator("nav a[href='/prisoners']")
    closed_hidden = not nav_link.is_visible()
    page.locator(".menu > summary").click()
    opened_visible = nav_link.is_visible()
    context.close()
    assert header["height"] <= 120, header
    # The menu is a <details>: closed it hides the links, a tap opens it.
    assert closed_hidden and opened_visible


@pytest.mark.parametrize("viewport", [PHONE_SMALL, DESKTOP], ids=["320", "1280"])
def test_signed_in_pages_fit_the_screen(demo_site, browser, viewport, screenshot_dir):
    context = demo_site.new_context(browser, viewport=viewport, signed_in_as=demo_site.admin_email)
    page = context.new_page()
    layout = f"{viewport['width']}-signed-in"
    too_wide = {}
    for name in SIGNED_IN_PAGES:
        seen = measure(page, name, demo_site.url + demo_site.signed_in_pages[name], layout, screenshot_dir)
        if seen.overflow["scrollWidth"] > viewport["width"]:
            too_wide[name] = seen.overflow
    context.close()
    assert too_wide == {}
