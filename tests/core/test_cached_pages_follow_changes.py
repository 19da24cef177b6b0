"""A change to a record shows on every cached page that shows it, in every language, on the next request."""

from tests.core.conftest import OLD_NAMES, OLD_TITLE
from tracker.events.models import Event
from tracker.extensions import db
from tracker.prisoners.models import Prisoner

NEW_NAMES = {
    "name_en": "Ales Newsurname",
    "name_be_latn": "Ales Newsurnam",
    "name_be": "Алесь Новаепрозвішча",
    "name_ru": "Алесь Новаяфамилия",
}


def showing(pages: dict[str, tuple[int, str]], needles) -> set[str]:
    return {page for page, (_status, body) in pages.items() if any(needle in body for needle in needles)}


def test_a_renamed_prisoner_shows_renamed_on_every_cached_page_in_every_language(
    app, site, fetch_all, stored_pages, redis_page_cache
):
    before = fetch_all(site.urls)
    assert all(status == 200 for status, _body in before.values()), {k: s for k, (s, _b) in before.items() if s != 200}
    with_name = showing(before, OLD_NAMES.values())
    profile = next(url for url in site.urls if url.startswith("/prisoners/"))
    assert {f"{profile} [{language}]" for language in ("en", "be", "uk", "ru")} <= with_name
    assert {"/prisoners?q=Ales [be]", "/api/v1/prisoners [en]", "/dates/calendar/birthday.ics [ru]"} <= with_name
    assert showing(dict(enumerate((0, body) for body in stored_pages())), OLD_NAMES.values())  # served from cache

    with app.app_context():
        prisoner = db.session.get(Prisoner, site.prisoner_id)
        for field, name in NEW_NAMES.items():
            setattr(prisoner, field, name)
        db.session.commit()

    after = fetch_all(site.urls)
    assert showing(after, OLD_NAMES.values()) == set()
    assert showing(after, NEW_NAMES.values()) >= with_name


def test_a_retitled_event_shows_on_every_cached_page_feed_and_widget(app, site, fetch_all, redis_page_cache):
    before = fetch_all(site.urls)
    with_title = showing(before, [OLD_TITLE])
    assert {"/events [uk]", "/events/feed.atom [en]", "/events/feed.ics [be]", "/api/v1/events [ru]"} <= with_title
    assert any(page.startswith("/events/widget/on/") for page in with_title)

    with app.app_context():
        db.session.get(Event, site.event_id).title = "Vigil Newtitle"
        db.session.commit()

    after = fetch_all(site.urls)
    assert showing(after, [OLD_TITLE]) == set()
    assert showing(after, ["Vigil Newtitle"]) >= with_title
