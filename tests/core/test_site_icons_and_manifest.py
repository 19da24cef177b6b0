"""Every page names its icons, its web app manifest and a description of its own; each of them is served."""

import io
import re

from PIL import Image

MAIN_PAGES = ("/", "/prisoners", "/counts", "/dates", "/events", "/subscribe")


def head_links(html: str) -> dict[str, str]:
    """The page's <link rel=… href=…> tags by rel (the last one of a rel wins)."""
    return {rel: href for rel, href in re.findall(r'<link rel="([^"]+)" href="([^"]+)"', html)}


def fetch(client, url: str) -> tuple[int, str, bytes]:
    """Status, media type and body of a GET, its file closed (static files are streamed)."""
    with client.get(url) as response:
        return response.status_code, response.mimetype, response.data


def description(html: str) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert match, "no <meta name=description>"
    return match.group(1)


def test_each_main_page_has_a_description_of_its_own(client):
    descriptions = [description(client.get(path).get_data(as_text=True)) for path in MAIN_PAGES]
    assert all(len(text) > 40 for text in descriptions), descriptions
    assert len(set(descriptions)) == len(MAIN_PAGES), descriptions


def test_a_page_without_its_own_description_gets_the_sites(client):
    assert "political prisoners in Belarus" in description(client.get("/requests/new").get_data(as_text=True))


def test_icons_and_manifest_linked_from_a_page_are_served(client):
    links = head_links(client.get("/").get_data(as_text=True))
    assert {"icon", "apple-touch-icon", "manifest"} <= set(links)
    for rel in ("icon", "apple-touch-icon"):
        status, mimetype, _body = fetch(client, links[rel])
        assert status == 200 and mimetype.startswith("image/"), rel
    assert Image.open(io.BytesIO(fetch(client, links["apple-touch-icon"])[2])).size == (180, 180)
    assert fetch(client, links["manifest"])[1] == "application/manifest+json"


def test_favicon_ico_is_served_for_browsers_that_ask_the_root(client):
    status, mimetype, body = fetch(client, "/favicon.ico")
    assert status == 200 and mimetype == "image/png"
    assert Image.open(io.BytesIO(body)).size == (32, 32)


def test_manifest_names_the_site_in_the_visitors_language_with_icons_of_the_declared_sizes(client):
    client.set_cookie("lang", "be")
    manifest = client.get("/manifest.webmanifest")
    assert "Cookie" in manifest.headers["Vary"]
    body = manifest.get_json(force=True)
    assert body["lang"] == "be" and body["name"] and body["short_name"] and body["start_url"]
    assert {icon["sizes"] for icon in body["icons"]} >= {"192x192", "512x512"}
    for icon in body["icons"]:
        image = Image.open(io.BytesIO(fetch(client, icon["src"])[2]))
        assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"
