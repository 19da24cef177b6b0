"""Every public page carries Open Graph and Twitter card tags and shares through plain links only."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine

from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner

D = EventKind.DETENTION
DECEMBER = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
SITE = "http://localhost:5000"


def meta(html: str, name: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)
    return found.group(1) if found else None


@pytest.fixture
def site(app, make_prisoner, make_date):
    """A held person and a commemorative date; returns the person's slug."""
    prisoner_id = make_prisoner("Ihar Losik", timeline=[(D, date(2020, 6, 25))])
    make_date()
    with app.app_context():
        return db.session.get(Prisoner, prisoner_id).slug


@pytest.mark.parametrize(
    "url", ["/", "/prisoners", "/counts", "/events", "/dates", "/subscribe", "/events/submit", "/requests/new"]
)
def test_public_pages_carry_the_tags_with_the_home_card(client, site, url):
    html = client.get(url).get_data(as_text=True)
    assert meta(html, "og:image") == f"{SITE}/cards/home.png"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "og:title") and meta(html, "og:url").startswith(SITE)
    assert meta(html, "og:image:width") == "1200" and meta(html, "og:image:height") == "630"


def test_a_prisoner_page_shares_the_persons_own_card(client, site):
    html = client.get(f"/prisoners/{site}").get_data(as_text=True)
    assert meta(html, "og:image") == f"{SITE}/prisoners/{site}/card.png"
    assert meta(html, "og:title") == "Ihar Losik"
    assert meta(html, "og:url") == f"{SITE}/prisoners/{site}"


def test_a_person_kept_off_share_cards_shares_the_home_card(app, client, site):
    with app.app_context():
        db.session.scalar(db.select(Prisoner)).share_cards_off = True
        db.session.commit()
    html = client.get(f"/prisoners/{site}").get_data(as_text=True)
    assert meta(html, "og:image") == f"{SITE}/cards/home.png"


def test_a_day_page_shares_its_own_card(client, site):
    with time_machine.travel(DECEMBER):
        html = client.get("/events/on/day-of-solidarity/2027").get_data(as_text=True)
    assert meta(html, "og:image") == f"{SITE}/events/on/day-of-solidarity/2027/card.png"
    assert "Day of Solidarity" in meta(html, "og:title")


def test_og_url_drops_the_query(client, site):
    html = client.get("/prisoners?q=<script>").get_data(as_text=True)
    assert meta(html, "og:url") == f"{SITE}/prisoners"


def test_an_error_page_carries_no_share_tags(client):
    response = client.get("/prisoners/no-such-person")
    assert response.status_code == 404
    assert meta(response.get_data(as_text=True), "og:url") is None


def test_share_row_is_plain_links_and_a_field(client, site):
    html = client.get(f"/prisoners/{site}").get_data(as_text=True)
    row = html.split('<section class="share-row"', 1)[1].split("</section>", 1)[0]
    link = f"{SITE}/prisoners/{site}"
    assert f'value="{link}" readonly' in row
    assert "https://t.me/share/url?url=http%3A%2F%2Flocalhost%3A5000%2Fprisoners%2F" in row
    assert "https://x.com/intent/tweet?url=" in row and "https://www.facebook.com/sharer/sharer.php?u=" in row
    assert 'href="mailto:?subject=' in row


@pytest.mark.parametrize("url", ["/", "/prisoners/{slug}", "/events/on/day-of-solidarity/2027"])
def test_no_page_loads_anything_from_another_host(client, site, url):
    with time_machine.travel(DECEMBER):
        html = client.get(url.format(slug=site)).get_data(as_text=True)
    loaded = re.findall(r'<(?:script|img|link|iframe)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert loaded and all(source.startswith("/") for source in loaded), loaded


def test_the_copy_script_is_served_from_the_site(client):
    with client.get("/static/js/share.js") as response:
        assert response.status_code == 200 and "clipboard" in response.get_data(as_text=True)
