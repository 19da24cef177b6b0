"""The count chart has a text alternative (title and description) and a table with the same figures."""

import pytest

pytestmark = pytest.mark.browser

DESCRIBE_CHART = """svg => {
    const ids = (svg.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    return {
        role: svg.getAttribute("role"),
        texts: ids.map(id => { const part = document.getElementById(id); return part && svg.contains(part)
            ? part.textContent.trim() : null; }),
    };
}"""


def number(text: str) -> int:
    """A displayed count as an int (any thousands separator)."""
    return int("".join(character for character in text if character.isdigit()))


@pytest.mark.parametrize("name", ["home", "counts"])
@pytest.mark.parametrize("language", ["en", "be"])
def test_chart_has_a_text_and_table_alternative(demo_site, browser, name, language):
    context = demo_site.new_context(browser, language=language, java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site.url + demo_site.public_pages[name])
    held = number(page.get_by_test_id("computed-count").inner_text())

    chart = page.locator("svg.count-chart")
    described = chart.evaluate(DESCRIBE_CHART)
    assert described["role"] == "img"
    title, description = described["texts"]
    assert title and description, described
    # The description carries the figures a sighted reader takes from the line: it ends at today's count.
    assert str(held) in description.replace(",", "").replace("\u00a0", "").replace(" ", "")

    table = page.locator("table.changes")
    assert table.locator("caption").inner_text().strip()
    headers = table.locator("thead th[scope=col]")
    assert headers.count() == 5
    first_row = table.locator("tbody tr").first
    assert first_row.locator("th[scope=row]").count() == 1
    # Newest change first: its "held" cell is the count shown above the chart.
    assert number(first_row.locator("td").last.inner_text()) == held
    context.close()
