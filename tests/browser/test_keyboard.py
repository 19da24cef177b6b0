"""Keyboard only: submit an event and subscribe with Tab, Space, Enter, arrows and typing; focus always visible."""

from datetime import date

import pytest
from sqlalchemy import select

from tracker.events.models import Event
from tracker.extensions import db
from tracker.reminders.models import Subscription
from tracker.timeutil import as_utc

pytestmark = pytest.mark.browser

# What the focused element looks like: a visible focus indicator is a solid outline of 2px or more,
# or a box shadow, in a colour that is not transparent. The one exception is the calendar button inside
# a date field: focus is then on Chromium's own part of the field (the field itself no longer matches
# :focus), which Chromium draws with its own thick ring that no page style reaches.
FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const onCalendarButton = /^(date|datetime-local|time)$/.test(element.type || "") && !element.matches(":focus");
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
        && style.outlineColor !== "rgba(0, 0, 0, 0)" && style.outlineColor !== "transparent";
    return {
        description: `${element.tagName.toLowerCase()}#${element.id}[name=${element.getAttribute("name")}]`
            + ` ${(element.textContent || "").trim().slice(0, 40)}`,
        isBody: element === document.body,
        visible: outline || style.boxShadow !== "none" || onCalendarButton,
    };
}"""


def press(page, key: str) -> None:
    """Press a key and check that whatever has focus afterwards shows it."""
    page.keyboard.press(key)
    focused = page.evaluate(FOCUSED)
    assert focused["isBody"] or focused["visible"], f"focus is not visible on {focused['description']}"


def tab_to(page, selector: str, *, limit: int = 150, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `selector` has focus, checking the focus indicator at every stop."""
    for _ in range(limit):
        press(page, "Shift+Tab" if backwards else "Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} never received focus by Tab")


def follow_link(page, selector: str) -> None:
    """Tab to a link and press Enter."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def activate(page, selector: str) -> None:
    """Tab to a button and press Enter, waiting for the page it leads to."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def replace_text(page, selector: str, text: str) -> None:
    """Tab to a text field, select what is there and type over it."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def assert_error_announced_next_to(page, field_id: str) -> None:
    """The field is marked invalid and points, by aria-describedby, at an error message beside it."""
    field = page.locator(f"#{field_id}")
    assert field.get_attribute("aria-invalid") == "true"
    described_by = (field.get_attribute("aria-describedby") or "").split()
    messages = [page.locator(f"[id='{ident}']") for ident in described_by]
    errors = [message for message in messages if message.count() and "error" in (message.get_attribute("class") or "")]
    assert errors, f"#{field_id} is not described by an error message: {described_by}"
    assert errors[0].inner_text().strip()
    # Beside the field: the message and the field share the same field wrapper.
    assert page.evaluate(
        "([fieldId, errorId]) => document.getElementById(fieldId).closest('.field')"
        " === document.getElementById(errorId).closest('.field')",
        [field_id, errors[0].get_attribute("id")],
    )


@pytest.fixture
def keyboard_page(demo_site, browser):
    """A page in US English (so date fields take month/day/year) on the shared demo site."""
    context = demo_site.new_context(browser, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(demo_site, keyboard_page):
    page = keyboard_page
    page.goto(demo_site.url + "/")
    press(page, "Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, "the skip link must be on screen when focused"
    press(page, "Enter")
    assert page.evaluate("document.activeElement.id") == "main"


# The form's other submit button ("Find", in the dedication picker) only narrows the list of people.
SUBMIT_THE_EVENT = "main button[type=submit]:not([formnovalidate])"


def test_submit_an_event_with_the_keyboard_only(demo_site, keyboard_page):
    page = keyboard_page
    year = date.today().year + 1
    page.goto(demo_site.url + "/")
    follow_link(page, "nav a[href='/events']")
    follow_link(page, "main a[href='/events/submit']")

    # Everything but the title, so the form comes back with an error.
    tab_to(page, "#description")
    page.keyboard.type("Bring a candle and a **card** to sign.")
    tab_to(page, "#starts_at")
    page.keyboard.type(f"0521{year}")
    press(page, "Tab")
    page.keyboard.type("0600P")
    tab_to(page, "#ends_at")
    page.keyboard.type(f"0521{year}")
    press(page, "Tab")
    page.keyboard.type("0800P")
    tab_to(page, "#timezone")
    page.keyboard.type("Warsaw")  # a select finds its option by the first letters typed
    assert page.locator("#timezone").input_value() == "Europe/Warsaw"
    tab_to(page, "#city")
    page.keyboard.type("Warsaw")
    tab_to(page, "#country")
    page.keyboard.type("Poland")
    assert page.locator("#country").input_value() == "PL"
    tab_to(page, "#city_only")
    press(page, "Space")
    assert page.locator("#city_only").is_checked()
    tab_to(page, "#organizer_name")
    page.keyboard.type("Keyboard organizers")
    tab_to(page, "#private_contact")
    page.keyboard.type("keyboard@example.org")
    activate(page, SUBMIT_THE_EVENT)

    assert "/events/submit" in page.url
    assert_error_announced_next_to(page, "title")
    assert page.locator("#starts_at").input_value() == f"{year}-05-21T18:00"
    replace_text(page, "#title", "Keyboard vigil")
    activate(page, SUBMIT_THE_EVENT)

    assert "/events/received" in page.url
    with demo_site.app.app_context():
        event = db.session.scalars(select(Event).where(Event.title == "Keyboard vigil")).one()
        assert (event.city, event.country, event.city_only) == ("Warsaw", "PL", True)
        assert event.timezone == "Europe/Warsaw"
        assert as_utc(event.starts_at).hour == 16  # 18:00 in Warsaw in May is 16:00 UTC


def test_subscribe_to_reminders_with_the_keyboard_only(demo_site, keyboard_page):
    page = keyboard_page
    page.goto(demo_site.url + "/")
    follow_link(page, "nav a[href='/subscribe']")

    # Submitting without an address shows the error beside the field.
    activate(page, "main button[type=submit]")
    assert_error_announced_next_to(page, "email")

    tab_to(page, "#email")
    page.keyboard.type("keyboard-reader@example.org")
    tab_to(page, "input[name=lead_days]:not(:checked)")
    press(page, "Space")
    tab_to(page, "#language")
    # English, Українська, Беларуская: two steps down a closed select.
    press(page, "ArrowDown")
    press(page, "ArrowDown")
    assert page.locator("#language").input_value() == "be"
    # Back up with Shift+Tab to check the address is still what was typed, then submit.
    tab_to(page, "#email", backwards=True)
    assert page.locator("#email").input_value() == "keyboard-reader@example.org"
    activate(page, "main button[type=submit]")

    assert "/subscribe/check-your-inbox" in page.url
    with demo_site.app.app_context():
        subscription = db.session.scalars(
            select(Subscription).where(Subscription.email == "keyboard-reader@example.org")
        ).one()
        assert subscription.language == "be"
