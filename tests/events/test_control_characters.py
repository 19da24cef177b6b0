"""Control characters in events and the records they mention: stripped at submission, never in an output."""

import json
import re
from datetime import date

import feedparser
import icalendar

from tracker.dates.models import CommemorativeDate
from tracker.events.models import Event
from tracker.extensions import db
from tracker.prisoners.models import EventKind, Prisoner

# Every C0 control but tab, line feed and carriage return, DEL, and every C1 control (U+0085 included).
CONTROLS = "".join(chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
# PostgreSQL cannot store U+0000 at all, so rows written before the inputs were cleaned never held it.
STORED_CONTROLS = CONTROLS.replace("\x00", "")
# A request holding U+0000 is refused whole, so forms only ever see the rest.
POSTED_CONTROLS = STORED_CONTROLS
ANY_CONTROL = re.compile(f"[{re.escape(CONTROLS)}]")


def dirty(text: str, controls: str = CONTROLS) -> str:
    """`text` with every control character inside it."""
    middle = len(text) // 2
    return f"{text[:middle]}{controls}{text[middle:]}"


def test_every_text_field_of_a_submitted_event_reaches_the_record_clean(
    app, client, form_data, outbox, link_in, only_event_id, approve_as_moderator
):
    fields = ("title", "description", "venue", "address", "city", "organizer_name", "public_contact", "tags")
    submitted = form_data(**{name: dirty(form_data()[name], POSTED_CONTROLS) for name in fields})
    assert client.post("/events/submit", data=submitted).status_code == 303
    (_to, _subject, body) = outbox("event-confirm")[0]
    assert client.post(link_in(body, "/events/confirm/")).status_code == 303
    approve_as_moderator(only_event_id())
    with app.app_context():
        event = db.session.get(Event, only_event_id())
        for name in ("title", "description", "venue", "address", "city", "organizer_name", "public_contact"):
            assert not ANY_CONTROL.search(getattr(event, name)), name
            assert getattr(event, name) == form_data()[name], name
        assert sorted(tag.name for tag in event.tags) == ["letters", "vigil"]


def test_a_request_holding_nul_is_refused_with_a_message(client, form_data):
    response = client.post("/events/submit", data=form_data(title="Vigil\x00"))
    assert response.status_code == 400
    assert "invisible NUL character" in response.get_data(as_text=True)


def public_outputs(client, event_slug: str, prisoner_slug: str) -> dict[str, bytes]:
    """Every public output the injected records reach."""
    paths = [
        "/", "/events", "/events/feed.atom", "/events/feed.ics", "/events/archive/feed.atom",
        "/events/archive/feed.ics", f"/events/{event_slug}", f"/events/{event_slug}/event.ics",
        "/dates", "/dates/calendar.ics", "/dates/calendar/birthday.ics", "/dates/calendar/commemorative.ics",
        "/prisoners", f"/prisoners/{prisoner_slug}", "/api/v1/events", "/api/v1/prisoners",
    ]  # fmt: skip
    outputs = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        outputs[path] = response.data
    return outputs


def test_rows_stored_with_control_characters_never_reach_a_feed_calendar_or_page(
    app, client, publish, make_prisoner, make_date
):
    """Rows from before the inputs were cleaned: every output still parses and carries none of them."""
    event_id = publish(
        title=dirty("Vigil for political prisoners", STORED_CONTROLS),
        description=dirty("We meet and write **letters**.", STORED_CONTROLS),
        organizer_name=dirty("Razam Berlin", STORED_CONTROLS),
        venue=dirty("Gemeindehaus", STORED_CONTROLS),
        city=dirty("Berlin", STORED_CONTROLS),
    )
    held = [(EventKind.DETENTION, date(2021, 6, 1))]
    prisoner_id = make_prisoner(
        dirty("Ales Held", STORED_CONTROLS), birth_date=date(1980, 6, 10), timeline=held,
        postal_address=dirty("Colony 17, Shklov", STORED_CONTROLS),
        biography=dirty("Biography.", STORED_CONTROLS),
    )  # fmt: skip
    date_id = make_date()
    with app.app_context():
        event = db.session.get(Event, event_id)
        slug, prisoner_slug = event.slug, db.session.get(Prisoner, prisoner_id).slug
        db.session.get(CommemorativeDate, date_id).name = dirty("Day of Solidarity", STORED_CONTROLS)
        db.session.commit()
    outputs = public_outputs(client, slug, prisoner_slug)
    for path, body in outputs.items():
        assert not ANY_CONTROL.search(body.decode()), path
        if path.endswith(".atom"):
            parsed = feedparser.parse(body)
            assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        elif path.endswith(".ics"):
            icalendar.Calendar.from_ical(body)
        elif path.startswith("/api/"):
            json.loads(body)
    atom = feedparser.parse(outputs["/events/feed.atom"])
    assert atom.entries[0].title == "Vigil for political prisoners"
    calendar = icalendar.Calendar.from_ical(outputs["/dates/calendar.ics"])
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert {"Day of Solidarity", "Birthday of Ales Held"} <= summaries
    assert b"Ales Held" in outputs[f"/prisoners/{prisoner_slug}"]
