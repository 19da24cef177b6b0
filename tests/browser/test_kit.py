"""An organiser downloads the kit from an event page in Chromium."""

import io

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser


def test_download_the_organiser_kit_from_the_event_page(demo_site, browser):
    context = demo_site.new_context(browser, accept_downloads=True)
    page = context.new_page()
    page.goto(demo_site.url + demo_site.public_pages["event"])
    kit = page.locator(".kit-download")
    assert kit.get_by_role("heading", name="Organiser kit").is_visible()
    with page.expect_download() as started:
        kit.get_by_role("link", name="Беларуская").click()
    download = started.value
    assert download.suggested_filename.endswith("-be.pdf")
    document = download.path().read_bytes()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)
    assert demo_site.public_pages["event"] in text  # the poster's address (on SITE_URL) under its QR code
    assert "Беларусь / BELARUS" in text  # the envelopes
    context.close()
