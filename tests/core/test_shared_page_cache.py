"""Anonymous public pages are rendered once per data change and served to everyone from the shared cache."""

import gzip

import pytest
from flask import template_rendered

from tracker.accounts.models import Role
from tracker.core.changes import data_generation
from tracker.core.pagecache import warm_pages
from tracker.events.models import Event
from tracker.extensions import db
from tracker.prisoners.models import Prisoner
from tracker.scheduler import run_job


@pytest.fixture
def renders(app):
    """The names of the templates rendered since the fixture started."""
    seen = []

    def record(_sender, template, context, **_extra):
        seen.append(template.name)

    template_rendered.connect(record, app)
    yield seen
    template_rendered.disconnect(record, app)


def test_an_anonymous_page_is_rendered_once_for_every_reader(client, site, renders, slug_of):
    url = f"/prisoners/{slug_of(site.prisoner_id)}"
    bodies = {client.get(url).get_data() for _ in range(3)}
    other_reader = client.application.test_client()
    bodies.add(other_reader.get(url).get_data())
    assert len(bodies) == 1
    assert renders.count("prisoners/show.html") == 1


def test_pages_carry_an_etag_from_their_content_and_answer_304(client, site, slug_of):
    url = f"/prisoners/{slug_of(site.prisoner_id)}"
    first = client.get(url)
    assert first.headers["ETag"] and "Last-Modified" not in first.headers
    assert first.cache_control.public and first.cache_control.max_age == 0 and first.cache_control.s_maxage > 0
    assert "Accept-Language" in first.headers["Vary"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    # Another page with the same body would carry the same tag: it says what the page holds, not when.
    assert client.get(url).headers["ETag"] == first.headers["ETag"]


def test_a_change_elsewhere_that_leaves_the_page_alike_keeps_its_etag(app, client, site, slug_of, make_prisoner):
    url = f"/prisoners/{slug_of(site.prisoner_id)}"
    first = client.get(url).headers["ETag"]
    make_prisoner("Somebody Else", name_withheld=True)  # a change to a record not named
    response = client.get(url, headers={"If-None-Match": first})
    assert response.status_code == 304


def test_searches_that_differ_only_in_spacing_or_order_share_one_rendering(client, site, renders):
    client.get("/prisoners?q=Ales&status=")
    client.get("/prisoners?status=&q=%20Ales%20%20")
    client.get("/prisoners?q=ales&status=")  # case is kept: the search box shows what was typed
    assert renders.count("prisoners/index.html") == 2


def test_writes_to_data_no_page_shows_leave_the_cache_alone(app, client, site, renders, make_user):
    client.get("/events")
    generation = _generation(app)
    make_user(Role.EDITOR)
    with app.app_context():
        db.session.get(Event, site.event_id).private_contact = "new-organizer@example.org"
        db.session.commit()
    assert _generation(app) == generation
    client.get("/events")
    assert renders.count("events/index.html") == 1


def test_a_write_to_public_data_renders_the_page_again(app, client, site, renders):
    client.get("/events")
    with app.app_context():
        db.session.get(Prisoner, site.prisoner_id).sentence = "5 years"
        db.session.commit()
    client.get("/events")
    assert renders.count("events/index.html") == 2


def test_a_signed_in_visitor_gets_a_private_page(client, auth, site):
    client.get("/events")
    auth.login(Role.EDITOR)
    response = client.get("/events")
    assert "Sign out" in response.get_data(as_text=True)
    assert response.cache_control.private and not response.cache_control.public


def _generation(app) -> int:
    with app.app_context():
        return data_generation()


def test_the_scheduler_renders_the_most_read_pages_before_anyone_asks(app, site, renders):
    run_job(app, warm_pages)
    rendered = len(renders)
    assert {"counts/home.html", "events/index.html", "dates/calendar.html"} <= set(renders)
    reader = app.test_client()
    for language in ("en", "be", "uk", "ru"):
        reader.set_cookie("lang", language)
        for path in ("/", "/events", "/dates", "/events/feed.atom"):
            assert reader.get(path, base_url=app.config["SITE_URL"]).status_code == 200
    assert len(renders) == rendered


def test_a_new_release_of_the_code_never_serves_the_old_renderings(app, client, site, renders):
    client.get("/events")
    app.extensions["tracker.page_release"] = "next-release"
    client.get("/events")
    assert renders.count("events/index.html") == 2


def test_a_forged_host_header_never_reaches_other_readers(client, site):
    client.get("/api/v1/", headers={"Host": "attacker.example"})
    assert "attacker.example" not in client.get("/api/v1/").get_data(as_text=True)


def test_a_reader_who_accepts_gzip_gets_the_stored_page_compressed(client, site, slug_of, renders):
    url = f"/prisoners/{slug_of(site.prisoner_id)}"
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain.headers and packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data)
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert packed.headers["ETag"] != plain.headers["ETag"]  # two representations, two tags
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304
    for unnamed in ("gzip;q=0, identity", "*", "br"):  # only a client that names gzip gets it
        refused = client.get(url, headers={"Accept-Encoding": unnamed})
        assert "Content-Encoding" not in refused.headers and refused.data == plain.data, unnamed
    assert renders.count("prisoners/show.html") == 1  # compressed once, with the rendering


def test_a_tiny_response_is_sent_as_it_is(client, site):
    response = client.get("/livez", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers


def test_a_stored_page_is_sent_whole_with_its_length_also_to_a_head_request(client, site, slug_of):
    url = f"/prisoners/{slug_of(site.prisoner_id)}"
    for encoding in ("identity", "gzip"):
        stored = [client.get(url, headers={"Accept-Encoding": encoding}) for _ in range(2)]
        assert stored[0].data == stored[1].data
        assert all(int(response.headers["Content-Length"]) == len(response.data) for response in stored)
        head = client.head(url, headers={"Accept-Encoding": encoding})
        assert head.status_code == 200 and head.data == b""
        assert head.headers["Content-Length"] == stored[0].headers["Content-Length"]
        assert head.headers["ETag"] == stored[0].headers["ETag"]


def test_a_stored_page_is_answered_before_the_other_checks_run(app, client, site):
    checked = []
    app.before_request_funcs[None].append(lambda: checked.append(1))
    try:
        first = client.get("/events")
        assert checked == [1]  # rendered: every check ran
        again = client.get("/events")
        assert checked == [1] and again.data == first.data
        assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
        client.set_cookie("remember_token", "x")  # maybe signed in: checked in full
        client.get("/events")
        assert checked == [1, 1]
    finally:
        app.before_request_funcs[None].pop()


def test_no_shared_page_has_a_rate_limit_it_would_skip(app):
    from tracker.extensions import limiter

    assert not app.config.get("RATELIMIT_DEFAULT") and not app.config.get("RATELIMIT_APPLICATION")
    shared = [name for name, view in app.view_functions.items() if getattr(view, "shared_page", False)]
    assert len(shared) > 20
    assert [name for name in shared if limiter.limit_manager.decorated_limits(name)] == []


def test_a_blueprint_keeps_its_own_checks_for_a_stored_page(client, site):
    assert client.get("/api/v1/counts?lang=be").status_code == 200  # now stored
    response = client.get("/api/v1/counts?lang=be%20")  # the same key once spacing is normalised
    assert response.status_code == 400 and "lang" in response.get_data(as_text=True)


def test_a_stored_page_answers_if_match_as_a_rendered_one_would(client, site):
    client.get("/events")
    assert client.get("/events", headers={"If-Match": '"not-this-page"'}).status_code == 412


def test_repeated_parameters_keep_their_order_in_the_key(client, site, renders):
    client.get("/prisoners?q=Ales&q=Maria")
    client.get("/prisoners?q=Maria&q=Ales")  # the view reads the first value: another page
    assert renders.count("prisoners/index.html") == 2


def test_a_stored_feed_is_not_sent_with_the_date_it_was_rendered_on(client, site):
    rendered = client.get("/events/feed.ics")
    assert rendered.status_code == 200
    stored = client.get("/events/feed.ics")
    assert stored.data == rendered.data
    assert "Date" not in stored.headers  # the server (gunicorn) dates each response itself
