"""The event form's "Dedicated to" picker, searched without JavaScript on a phone and a desktop."""

from datetime import date

import pytest

from tracker.prisoners.models import EventKind, Region

pytestmark = pytest.mark.browser

HELD = [(EventKind.DETENTION, date(2022, 3, 1))]


@pytest.mark.parametrize("width", [320, 1280])
def test_finding_a_person_keeps_the_form_as_typed(app, live_server, browser, make_prisoner, screenshot_dir, width):
    app.config["WTF_CSRF_ENABLED"] = True
    for born, region in ((1980, Region.MINSK), (1991, Region.GOMEL)):
        make_prisoner("Ivan Petrov", birth_date=date(born, 1, 2), region=region, timeline=HELD)
    make_prisoner("Maryia Kalesnikava", timeline=HELD)
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server}/events/submit")
    page.get_by_label("Title").fill("Evening of letters")
    page.get_by_label("Find a person by name").fill("petrov")
    page.get_by_role("button", name="Find", exact=True).click()
    assert page.get_by_label("Title").input_value() == "Evening of letters"
    options = page.locator("#prisoner_ids option").all_inner_texts()
    assert options == ["Ivan Petrov (born 1980, Minsk region)", "Ivan Petrov (born 1991, Gomel region)"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator(".dedication-picker").screenshot(path=screenshot_dir / f"dedication-picker-{width}.png")
    context.close()
