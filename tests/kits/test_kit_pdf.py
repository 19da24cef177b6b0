"""The organiser kit: one PDF built from the live data, safe, cached, and refused for bad addresses."""

from flask_babel import format_decimal

from tests.kits.conftest import HELD, PUBLIC_NAME
from tracker.core.i18n import format_day
from tracker.counts.figures import current_count, display_today
from tracker.events.mail import manage_token
from tracker.events.models import Event
from tracker.extensions import db
from tracker.kits import pdf
from tracker.timeutil import utcnow


def public_count(app) -> str:
    with app.test_request_context():
        return format_decimal(current_count(display_today()).held)


def test_the_event_kit_has_the_day_count_city_and_a_person_to_write_to(app, client, kit_day, pdf_text):
    response = client.get(f"/events/{kit_day['event']}/kit.pdf?lang=en")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f'filename="kit-{kit_day["event"]}-en.pdf"' in response.headers["Content-Disposition"]
    assert response.headers["ETag"]
    text = pdf_text(response)
    assert "Kit Day" in text and "Kit vigil" in text and "Europe/Vilnius" in text
    assert "Vilnius" in text
    assert "Secret hall" not in text and "Hidden street" not in text  # the event shows its city only
    assert public_count(app) in text
    assert PUBLIC_NAME in text and "ИК-15" in text and "5 years" in text
    assert f"/events/{kit_day['event']}" in text


def test_the_kit_comes_in_the_language_asked_for(client, kit_day, today, pdf_text):
    text = pdf_text(client.get(f"/events/{kit_day['event']}/kit.pdf?lang=ru"))
    assert format_day(today, language="ru") in text
    assert format_day(today, language="en") not in text
    assert "Ales Kitcard" in text  # the only name the record has, in every script


def test_the_day_kit_poster_leads_to_the_day_page(client, kit_day, pdf_text):
    response = client.get(f"/events/on/{kit_day['day']}/{kit_day['year']}/kit.pdf?lang=en")
    assert response.status_code == 200
    text = pdf_text(response)
    assert "Kit Day" in text and "1 event in 1 city, 1 country" in text
    assert f"/events/on/{kit_day['day']}/{kit_day['year']}" in text
    assert PUBLIC_NAME in text


def test_no_kit_shows_a_record_that_is_not_public(client, kit_day, private_records, pdf_text):
    urls = [f"/events/{kit_day['event']}/kit.pdf", f"/events/on/{kit_day['day']}/{kit_day['year']}/kit.pdf"]
    texts = {
        f"{url} [{language}]": pdf_text(client.get(f"{url}?lang={language}"))
        for url in urls
        for language in ("en", "be")
    }
    assert all(PUBLIC_NAME in text for text in texts.values())
    leaks = [(url, kind) for url, text in texts.items() for kind, needle in private_records.items() if needle in text]
    assert leaks == []


def test_a_second_download_is_served_from_the_cache(client, kit_day, monkeypatch):
    renders = []
    real_render = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda *args, **kwargs: renders.append(1) or real_render(*args, **kwargs))
    url = f"/events/{kit_day['event']}/kit.pdf?lang=be"
    first, second = client.get(url), client.get(url)
    assert first.get_data() == second.get_data() and len(renders) == 1
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    client.get(f"/events/{kit_day['event']}/kit.pdf?lang=ru")
    assert len(renders) == 2  # another language is another kit


def test_a_change_to_the_data_builds_the_kit_again(
    app,
    client,
    kit_day,
    make_prisoner,
    pdf_text,
):
    url = f"/events/on/{kit_day['day']}/{kit_day['year']}/kit.pdf?lang=en"
    assert "Zmitser Newcomer" not in pdf_text(client.get(url))
    make_prisoner("Zmitser Newcomer", postal_address="ИК-2 Newcomer", timeline=HELD)
    assert "Zmitser Newcomer" in pdf_text(client.get(url))


def test_bad_kit_addresses_are_refused_with_a_clear_answer(app, client, kit_day):
    event = kit_day["event"]
    for language in ("xx", "EN", "en-GB", "", "../../etc/passwd"):
        response = client.get(f"/events/{event}/kit.pdf", query_string={"lang": language})
        assert response.status_code == 400, language
        assert "no kit in that language" in response.get_data(as_text=True)
    assert client.get("/events/on/kit-day/2026/kit.pdf?lang=zz").status_code == 400
    assert client.get("/events/no-such-event/kit.pdf?lang=en").status_code == 404
    assert client.get(f"/events/on/no-such-day/{kit_day['year']}/kit.pdf").status_code == 404
    assert client.get("/events/on/kit-day/1800/kit.pdf").status_code == 404
    assert client.get("/events/on/kit-day/99999999999999999999/kit.pdf").status_code == 404
    assert client.get(f"/events/{kit_day['event_id']}/kit.pdf").status_code == 404


def test_an_event_that_is_not_public_or_is_cancelled_has_no_kit(app, client, kit_day):
    url = f"/events/{kit_day['event']}/kit.pdf?lang=en"
    with app.app_context():
        event = db.session.get(Event, kit_day["event_id"])
        event.status = "pending"
        db.session.commit()
    assert client.get(url).status_code == 404
    with app.app_context():
        event = db.session.get(Event, kit_day["event_id"])
        event.status, event.cancelled = "approved", True
        db.session.commit()
    assert client.get(url).status_code == 404


def test_the_pdf_renderer_reads_only_the_allowed_local_files(tmp_path):
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "ok.txt").write_text("fine")
    (tmp_path / "secret.txt").write_text("secret")
    fetcher = pdf.LocalFilesFetcher([allowed])
    assert fetcher.fetch((allowed / "ok.txt").as_uri()).read() == b"fine"
    for url in (
        (tmp_path / "secret.txt").as_uri(),
        (allowed / ".." / "secret.txt").as_uri(),
        "http://127.0.0.1:1/image.png",
        "https://example.org/font.ttf",
        "file://example.org/etc/passwd",
        "data:text/plain,hello",
        "ftp://example.org/x",
    ):
        try:
            fetcher.fetch(url)
        except pdf.RefusedFetch:
            continue
        raise AssertionError(f"fetched {url}")


def test_a_remote_image_in_a_document_is_never_fetched(tmp_path, monkeypatch):
    fetched = []
    monkeypatch.setattr(pdf.URLFetcher, "open", lambda self, *args, **kwargs: fetched.append(args))
    document = pdf.render_pdf(
        '<p>hi</p><img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="https://example.org/a.css">',
        roots=[tmp_path],
    )
    assert document.startswith(b"%PDF") and fetched == []


def test_an_event_in_an_unsafe_country_shows_its_country_only(app, client, kit_day, pdf_text):
    with app.app_context():
        event = db.session.get(Event, kit_day["event_id"])
        event.city, event.country, event.city_only = "Hrodna", "BY", False
        db.session.commit()
    text = pdf_text(client.get(f"/events/{kit_day['event']}/kit.pdf?lang=en"))
    assert "Hrodna" not in text and "Secret hall" not in text and "Hidden street" not in text
    assert "the organisers give the place to participants themselves" in " ".join(text.split())


def test_the_event_day_and_manage_pages_link_the_kit(app, client, kit_day):
    event_kit = f"/events/{kit_day['event']}/kit.pdf?lang="
    assert event_kit + "be" in client.get(f"/events/{kit_day['event']}").get_data(as_text=True)
    day_page = client.get(f"/events/on/{kit_day['day']}/{kit_day['year']}").get_data(as_text=True)
    assert f"/events/on/{kit_day['day']}/{kit_day['year']}/kit.pdf?lang=ru" in day_page
    with app.test_request_context():
        token = manage_token(db.session.get(Event, kit_day["event_id"]), utcnow())
        db.session.commit()
    assert event_kit + "uk" in client.get(f"/events/manage/{token}").get_data(as_text=True)


def test_without_its_typeface_the_kit_is_a_clear_503(client, kit_day, monkeypatch):
    monkeypatch.setattr("tracker.kits.views.fonts_available", lambda: False)
    response = client.get(f"/events/{kit_day['event']}/kit.pdf?lang=en")
    assert response.status_code == 503 and "cannot be made just now" in response.get_data(as_text=True)
