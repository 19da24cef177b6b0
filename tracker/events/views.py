"""Event pages: public lists, feeds and widget; submission, confirmation, organizer edits; moderation."""

import logging
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.core.forms import ConfirmForm
from tracker.core.i18n import current_language
from tracker.core.security import allow_framing
from tracker.core.tokens import BadToken, read_token
from tracker.core.urls import external_url
from tracker.dates.models import CommemorativeDate
from tracker.events import feeds, services
from tracker.events.forms import (
    MODE_LABELS,
    EventFilterForm,
    EventForm,
    RejectForm,
    country_name,
    country_names,
    language_name,
    parse_tags,
)
from tracker.events.mail import (
    CONFIRM_PURPOSE,
    MANAGE_PURPOSE,
    manage_token,
    queue_confirmation,
    queue_manage_link,
    queue_rejection,
)
from tracker.events.models import Event, EventStatus
from tracker.extensions import db, limiter
from tracker.media import InvalidImage, clean_image, store_image
from tracker.prisoners.services import named_prisoner_choices
from tracker.timeutil import as_utc, today_in, utcnow

logger = logging.getLogger(__name__)

blueprint = Blueprint("events", __name__, url_prefix="/events")
moderation_blueprint = Blueprint("moderation", __name__, url_prefix="/moderation")

FIELD_LABELS = {
    "title": _l("Title"), "description": _l("Description"), "starts_at": _l("Starts"), "ends_at": _l("Ends"),
    "timezone": _l("Time zone"), "organizer_name": _l("Organizer"), "private_contact": _l("Private contact"),
    "venue": _l("Venue"), "address": _l("Street address"), "city": _l("City"), "country": _l("Country"),
    "online_url": _l("Online link"), "city_only": _l("City only"), "public_contact": _l("Public contact"),
    "commemorative_date_id": _l("Commemorative day"), "occurrence_on": _l("Occurrence"),
    "language": _l("Language"), "prisoner_ids": _l("Dedicated to"), "tags": _l("Tags"), "image_filename": _l("Image"),
}  # fmt: skip


def _image_folder():
    return current_app.config["UPLOAD_DIR"] / "events"


@blueprint.app_template_global("event_when")
def event_when(event: Event) -> str:
    """Local date and time of an event with its zone."""
    return feeds.when_text(event)


@blueprint.app_template_global("event_place")
def event_place(event: Event) -> feeds.PublicLocation:
    """What visitors may know about an event's place."""
    return feeds.public_location(event)


@blueprint.app_template_global("occurrence_events")
def occurrence_events(commemorative_date_id: int, occurs_on: date) -> list[tuple[date, list[Event]]]:
    """Published events of one occurrence, grouped by day (for reminder pages)."""
    search = services.EventSearch(commemorative_date_id=commemorative_date_id, occurrence_on=occurs_on)
    return services.group_by_day(services.search_events(search, now=utcnow()))


@blueprint.app_template_filter("event_markdown")
def event_markdown(source: str):
    """Sanitized HTML of a description."""
    from markupsafe import Markup

    from tracker.events.text import render_markdown

    return Markup(render_markdown(source))  # noqa: S704  nh3 has cleaned it


@blueprint.app_context_processor
def _event_helpers():
    return {"country_name": country_name, "language_name": language_name, "MODE_LABELS": MODE_LABELS}


# ---- filters ----------------------------------------------------------------------------------------------


def _filters() -> tuple[EventFilterForm, services.EventSearch | None]:
    form = EventFilterForm(MultiDict(request.args))
    if request.args and not form.validate():
        return form, None
    return form, form.to_search()


def _filter_errors(form: EventFilterForm) -> str:
    return " ".join(f"{form[name].label.text}: {' '.join(map(str, errors))}" for name, errors in form.errors.items())


def _bad_filters(form: EventFilterForm) -> Response:
    return Response(_("Bad filter: %(errors)s", errors=_filter_errors(form)), status=400, mimetype="text/plain")


def _filter_args() -> dict[str, str]:
    return {key: value for key, value in request.args.items() if key in EventFilterForm.__dict__ and value}


def _list_page(template: str, *, archive: bool, fmt: str, title: str, feed_endpoint: str, **context):
    form, search = _filters()
    if search is None:
        if fmt != "html":
            return _bad_filters(form)
        return render_template(template, form=form, groups=[], events=[], title=title, **context), 400
    events = services.search_events(search, now=utcnow(), archive=archive, related=fmt == "html")
    return _output(events, fmt, template=template, form=form, title=title, feed_endpoint=feed_endpoint, **context)


def _output(events, fmt, *, template, form, title, feed_endpoint, endpoint_args=None, **context):
    endpoint_args = endpoint_args or {}
    args = _filter_args()
    if fmt == "ics":
        return feeds.ics_feed(events, title, "events.ics")
    if fmt == "atom":
        self_url = external_url(feed_endpoint, fmt="atom", **endpoint_args, **args)
        page_url = external_url(request.endpoint.replace("_feed", ""), **endpoint_args, **args)
        return feeds.atom_feed(events, title=title, self_url=self_url, page_url=page_url, now=utcnow())
    return render_template(
        template,
        form=form,
        events=events,
        groups=services.group_by_day(events),
        title=title,
        ics_url=url_for(feed_endpoint, fmt="ics", **endpoint_args, **args),
        atom_url=url_for(feed_endpoint, fmt="atom", **endpoint_args, **args),
        countries=sorted(country_names().items(), key=lambda pair: pair[1]),
        **context,
    )


# ---- public lists -----------------------------------------------------------------------------------------


@blueprint.get("")
def index():
    """Upcoming events, grouped by day, with filters."""
    return _list_page(
        "events/index.html", archive=False, fmt="html", title=_("Upcoming events"), feed_endpoint="events.index_feed"
    )


@blueprint.get("/feed.<any(ics, atom):fmt>")
def index_feed(fmt: str):
    """iCalendar or Atom feed of the upcoming events, with the same filters as the list."""
    return _list_page(
        "events/index.html", archive=False, fmt=fmt, title=_("Upcoming events"), feed_endpoint="events.index_feed"
    )


@blueprint.get("/archive")
def archive():
    """Past events."""
    return _list_page(
        "events/index.html", archive=True, fmt="html", title=_("Past events"), feed_endpoint="events.archive_feed"
    )


@blueprint.get("/archive/feed.<any(ics, atom):fmt>")
def archive_feed(fmt: str):
    """Feed of past events."""
    return _list_page(
        "events/index.html", archive=True, fmt=fmt, title=_("Past events"), feed_endpoint="events.archive_feed"
    )


def _occurrence(slug: str, year: int) -> tuple[CommemorativeDate, object, object]:
    from sqlalchemy import select

    commemorative_date = db.session.scalar(select(CommemorativeDate).where(CommemorativeDate.slug == slug))
    if commemorative_date is None or not 1900 <= year <= 2200:
        abort(404)
    on = commemorative_date.occurrence_in(year) or abort(404)
    listing = services.get_listing(commemorative_date, on) or abort(404)
    return commemorative_date, on, listing


def _occurrence_page(slug: str, year: int, fmt: str):
    commemorative_date, on, listing = _occurrence(slug, year)
    form, search = _filters()
    if search is None:
        if fmt != "html":
            return _bad_filters(form)
        search = services.EventSearch()
        status = 400
    else:
        status = 200
    search = replace(search, commemorative_date_id=commemorative_date.id, occurrence_on=on)
    events = services.search_events(search, now=utcnow(), related=fmt == "html")
    if listing.archived_at is not None:
        event_count, country_count = listing.final_event_count or 0, listing.final_country_count or 0
    else:
        event_count, country_count = services.tally(commemorative_date.id, on)
    title = f"{commemorative_date.name} — {feeds.format_date(on, 'long', locale=current_language())}"
    response = _output(
        events,
        fmt,
        template="events/occurrence.html",
        form=form,
        title=title,
        feed_endpoint="events.occurrence_feed",
        endpoint_args={"slug": slug, "year": year},
        commemorative_date=commemorative_date,
        occurrence_on=on,
        listing=listing,
        tally_text=_(
            "%(day)s — %(events)s in %(countries)s",
            day=feeds.format_date(on, "long", locale=current_language()),
            events=ngettext("%(num)s event", "%(num)s events", event_count),
            countries=ngettext("%(num)s country", "%(num)s countries", country_count),
        ),
    )
    return (response, status) if fmt == "html" else response


@blueprint.get("/on/<slug>/<int:year>")
def occurrence(slug: str, year: int):
    """The listing page of one occurrence, e.g. 21 May 2027, with its tally."""
    return _occurrence_page(slug, year, "html")


@blueprint.get("/on/<slug>/<int:year>/feed.<any(ics, atom):fmt>")
def occurrence_feed(slug: str, year: int, fmt: str):
    """Feed of one occurrence's events."""
    return _occurrence_page(slug, year, fmt)


# ---- event pages ------------------------------------------------------------------------------------------


@blueprint.get("/<int:event_id>")
def show(event_id: int):
    """A published event's page, with schema.org JSON-LD."""
    event = services.get_public_event(event_id) or abort(404)
    return render_template("events/show.html", event=event, json_ld=feeds.json_ld(event))


@blueprint.get("/<int:event_id>/event.ics")
def event_ics(event_id: int):
    """ "Add to calendar" for one event."""
    event = services.get_public_event(event_id) or abort(404)
    return feeds.ics_feed([event], event.title, f"event-{event.id}.ics")


@blueprint.get("/<int:event_id>/image")
def image(event_id: int):
    """A published event's image, served by the app itself."""
    event = services.get_public_event(event_id)
    if event is None or not event.image_filename:
        abort(404)
    return send_from_directory(_image_folder(), event.image_filename)


# ---- widget -----------------------------------------------------------------------------------------------


@blueprint.get("/widget/country/<code>")
@allow_framing
def widget_country(code: str):
    """Embeddable list of a country's upcoming events (for an iframe)."""
    code = code.upper()
    if code not in country_names("en"):
        abort(404)
    events = services.search_events(services.EventSearch(country=code), now=utcnow(), limit=50)
    return render_template("events/widget.html", events=events, heading=country_name(code))


@blueprint.get("/widget/on/<slug>/<int:year>")
@allow_framing
def widget_occurrence(slug: str, year: int):
    """Embeddable list of one occurrence's events (for an iframe)."""
    commemorative_date, on, _listing = _occurrence(slug, year)
    search = services.EventSearch(commemorative_date_id=commemorative_date.id, occurrence_on=on)
    events = services.search_events(search, now=utcnow(), limit=100)
    heading = f"{commemorative_date.name} — {feeds.format_date(on, 'long', locale=current_language())}"
    return render_template("events/widget.html", events=events, heading=heading)


@blueprint.get("/embed")
def embed():
    """Snippets for partner sites to embed the widget."""
    code = (request.args.get("country") or "").upper()
    if code and code not in country_names("en"):
        return Response(_("Unknown country code."), status=400, mimetype="text/plain")
    today = today_in(current_app.config["DISPLAY_TIMEZONE"])
    occurrences = services.upcoming_occurrences(today)
    snippets = []
    if code:
        snippets.append((country_name(code), external_url("events.widget_country", code=code)))
    for commemorative_date, on in occurrences:
        if services.get_listing(commemorative_date, on):
            url = external_url("events.widget_occurrence", slug=commemorative_date.slug, year=on.year)
            snippets.append((f"{commemorative_date.name} — {on.isoformat()}", url))
    countries = sorted(country_names().items(), key=lambda pair: pair[1])
    return render_template("events/embed.html", snippets=snippets, countries=countries, country=code)


# ---- submission and organizer pages ----------------------------------------------------------------------


def _event_form(event: Event | None = None, **kwargs) -> EventForm:
    today = today_in(current_app.config["DISPLAY_TIMEZONE"])
    occurrences = services.upcoming_occurrences(today)
    current = (event.commemorative_date, event.occurrence_on) if event is not None else (None, None)
    if current[0] and current[1] and current not in occurrences:
        occurrences.append((event.commemorative_date, event.occurrence_on))
    return EventForm(occurrences=occurrences, prisoners=named_prisoner_choices(), **kwargs)


def _fill(form: EventForm, values: services.EventFields) -> None:
    """Put stored values into a form for a GET."""
    zone = values.timezone
    for name in (
        "title", "description", "timezone", "organizer_name", "private_contact", "venue", "address", "city",
        "country", "online_url", "city_only", "public_contact", "language",
    ):  # fmt: skip
        form[name].data = getattr(values, name)
    form.starts_at.data = as_utc(values.starts_at).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    form.ends_at.data = as_utc(values.ends_at).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    if values.commemorative_date_id and values.occurrence_on:
        form.occurrence.data = f"{values.commemorative_date_id}:{values.occurrence_on.isoformat()}"
    form.prisoner_ids.data = values.prisoner_ids
    form.tags.data = ", ".join(values.tags)


def _values(form: EventForm, image_filename: str | None) -> services.EventFields:
    date_id, on = form.occurrence_value()
    return services.EventFields(
        title=form.title.data.strip(),
        description=form.description.data.strip(),
        starts_at=form.utc(form.starts_at.data),
        ends_at=form.utc(form.ends_at.data),
        timezone=form.timezone.data,
        organizer_name=form.organizer_name.data.strip(),
        private_contact=form.private_contact.data.strip(),
        venue=(form.venue.data or "").strip(),
        address=(form.address.data or "").strip(),
        city=(form.city.data or "").strip(),
        country=form.country.data or "",
        online_url=(form.online_url.data or "").strip(),
        city_only=bool(form.city_only.data),
        public_contact=(form.public_contact.data or "").strip(),
        commemorative_date_id=date_id,
        occurrence_on=on,
        language=form.language.data,
        prisoner_ids=list(form.prisoner_ids.data or []),
        tags=parse_tags(form.tags.data),
        image_filename=image_filename,
    )


def _image(form: EventForm, current: str | None) -> str | None:
    """The stored image name, a new one, or raise InvalidImage."""
    upload = form.image.data
    if upload and getattr(upload, "filename", ""):
        cleaned = clean_image(
            upload.read(),
            max_bytes=current_app.config["PHOTO_MAX_BYTES"],
            max_pixels=current_app.config["PHOTO_MAX_PIXELS"],
        )
        return store_image(cleaned, _image_folder())
    if form.remove_image.data:
        return None
    return current


def _save_from_form(form: EventForm, current_image: str | None, save) -> tuple[object, str | None]:
    """Validate, store the image, run `save(values)`; returns (result, problem)."""
    if not form.validate_on_submit():
        return None, None
    try:
        values = _values(form, _image(form, current_image))
    except InvalidImage as error:
        form.image.errors = [*form.image.errors, str(error)]
        return None, None
    try:
        return save(values), None
    except services.EventError as error:
        db.session.rollback()
        return None, str(error)


@blueprint.route("/submit", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["EVENTS_SUBMIT_RATE_LIMIT"], methods=["POST"])
def submit():
    """Submit an event: anonymous submitters confirm by email, account holders go straight to the queue."""
    signed_in = current_user.is_authenticated
    form = _event_form()
    if request.method == "GET" and signed_in:
        form.private_contact.data = current_user.email
    now = utcnow()
    event, problem = _save_from_form(
        form,
        None,
        lambda values: services.submit_event(
            values, submitter_id=current_user.id if signed_in else None, locale=current_language(), now=now
        ),
    )
    if event is not None:
        if signed_in:
            queue_manage_link(event, now)
        else:
            queue_confirmation(event, now)
        db.session.commit()
        if signed_in:
            flash(_("Received. Your event is waiting for a moderator."), "success")
            return redirect(url_for("events.manage", token=manage_token(event)), code=303)
        return redirect(url_for("events.received"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("events/form.html", form=form, event=None, problem=problem, mode="submit"), status


@blueprint.get("/received")
def received():
    """Shown after an anonymous submission was saved."""
    return render_template("events/received.html")


def _event_from_token(purpose: str, token: str, max_age: int | None = None) -> Event:
    try:
        payload = read_token(purpose, token, max_age_seconds=max_age)
    except BadToken as error:
        abort(410 if error.expired else 404)
    if not isinstance(payload, dict) or not isinstance(payload.get("e"), int) or not isinstance(payload.get("k"), str):
        abort(404)
    event = db.session.get(Event, payload["e"])
    if event is None or event.manage_key != payload["k"]:
        abort(404)
    return event


@blueprint.route("/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["EVENTS_CONFIRM_RATE_LIMIT"], methods=["POST"])
def confirm(token: str):
    """GET shows a button (mail scanners prefetch links); POST confirms the submission."""
    event = _event_from_token(CONFIRM_PURPOSE, token, current_app.config["EVENTS_CONFIRM_MAX_AGE_SECONDS"])
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        now = utcnow()
        if services.confirm_event(event, now):
            queue_manage_link(event, now)
            db.session.commit()
            flash(_("Thank you: your event is confirmed and waits for a moderator."), "success")
        return redirect(url_for("events.manage", token=manage_token(event)), code=303)
    return render_template("events/confirm.html", event=event, form=form)


@blueprint.get("/manage/<token>")
def manage(token: str):
    """The organizer's page: status, edit, reschedule, cancel."""
    event = _event_from_token(MANAGE_PURPOSE, token)
    return render_template("events/manage.html", event=event, token=token, form=ConfirmForm())


@blueprint.route("/manage/<token>/edit", methods=["GET", "POST"])
def organizer_edit(token: str):
    """Edit or reschedule: an approved event's change waits for a moderator when configured so."""
    event = _event_from_token(MANAGE_PURPOSE, token)
    if event.status == EventStatus.REJECTED or event.cancelled:
        flash(_("This event can no longer be edited."), "error")
        return redirect(url_for("events.manage", token=token), code=303)
    form = _event_form(event)
    if request.method == "GET":
        pending = event.pending_changes
        _fill(form, services.EventFields.from_json(pending) if pending else services.EventFields.of(event))
    requeue = current_app.config["EVENTS_REQUEUE_EDITS"]
    result, problem = _save_from_form(
        form, event.image_filename, lambda values: services.edit_by_submitter(event, values, requeue=requeue)
    )
    if result is not None:
        db.session.commit()
        if result == "queued":
            flash(_("Your change was saved and waits for a moderator; the published version stays until then."), "info")
        else:
            flash(_("Your change was saved."), "success")
        return redirect(url_for("events.manage", token=token), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("events/form.html", form=form, event=event, problem=problem, mode="organizer"), status


@blueprint.post("/manage/<token>/cancel")
def organizer_cancel(token: str):
    """Cancel the event; it stays listed as cancelled."""
    event = _event_from_token(MANAGE_PURPOSE, token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.cancel(event)
    except services.EventError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The event is cancelled. It stays listed as cancelled so people who planned to come know."), "success")
    return redirect(url_for("events.manage", token=token), code=303)


@blueprint.get("/mine")
@role_required(Role.ACTIVIST)
def mine():
    """Events the signed-in user submitted, with their edit links."""
    from sqlalchemy import select

    events = db.session.scalars(select(Event).where(Event.submitter_id == current_user.id).order_by(Event.starts_at))
    return render_template("events/mine.html", events=[(event, manage_token(event)) for event in events])


# ---- moderation -------------------------------------------------------------------------------------------


@moderation_blueprint.get("/events")
@role_required(Role.MODERATOR)
def queue():
    """Events waiting for a moderator."""
    return render_template("events/moderation/queue.html", events=services.moderation_queue())


def _display(name: str, value) -> str:
    if name == "prisoner_ids":
        names = dict(named_prisoner_choices())
        return ", ".join(names.get(pid, f"#{pid}") for pid in value)
    if name == "tags":
        return ", ".join(value)
    if name == "commemorative_date_id" and value:
        commemorative_date = db.session.get(CommemorativeDate, value)
        return commemorative_date.name if commemorative_date else str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if value is None:
        return "—"
    return str(value)


@moderation_blueprint.get("/events/<int:event_id>")
@role_required(Role.MODERATOR)
def review(event_id: int):
    """One event in full, with the diff of a submitter's pending edit."""
    event = db.session.get(Event, event_id) or abort(404)
    changes = []
    if event.pending_changes:
        for name, (old, new) in services.diff(event, services.EventFields.from_json(event.pending_changes)).items():
            changes.append((FIELD_LABELS.get(name, name), _display(name, old), _display(name, new)))
    return render_template(
        "events/moderation/review.html", event=event, changes=changes, form=ConfirmForm(), reject_form=RejectForm()
    )


@moderation_blueprint.post("/events/<int:event_id>/approve")
@role_required(Role.MODERATOR)
def approve(event_id: int):
    """Publish the event or its pending change."""
    event = db.session.get(Event, event_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.approve(event, utcnow())
    except services.EventError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("moderation.review", event_id=event_id), code=303)
    db.session.commit()
    flash(_("Approved: “%(title)s”.", title=event.title), "success")
    return redirect(url_for("moderation.queue"), code=303)


@moderation_blueprint.post("/events/<int:event_id>/reject")
@role_required(Role.MODERATOR)
def reject(event_id: int):
    """Refuse the event or its pending change, and email the reason."""
    event = db.session.get(Event, event_id) or abort(404)
    form = RejectForm()
    if not form.validate_on_submit():
        return render_template(
            "events/moderation/review.html", event=event, changes=[], form=ConfirmForm(), reject_form=form
        ), 400
    try:
        services.reject(event, form.reason.data)
    except services.EventError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("moderation.review", event_id=event_id), code=303)
    queue_rejection(event, form.reason.data.strip(), utcnow())
    db.session.commit()
    flash(_("Rejected; the submitter will be told why."), "success")
    return redirect(url_for("moderation.queue"), code=303)


@moderation_blueprint.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@role_required(Role.MODERATOR)
def edit(event_id: int):
    """A moderator corrects an event directly."""
    event = db.session.get(Event, event_id) or abort(404)
    form = _event_form(event)
    if request.method == "GET":
        _fill(form, services.EventFields.of(event))
    result, problem = _save_from_form(
        form, event.image_filename, lambda values: services.edit_by_moderator(event, values) or True
    )
    if result is not None:
        db.session.commit()
        flash(_("The event was saved."), "success")
        return redirect(url_for("moderation.review", event_id=event.id), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("events/form.html", form=form, event=event, problem=problem, mode="moderator"), status


@moderation_blueprint.get("/events/<int:event_id>/image")
@role_required(Role.MODERATOR)
def moderation_image(event_id: int):
    """An event's current or proposed image, for review before it is public."""
    event = db.session.get(Event, event_id) or abort(404)
    name = event.image_filename
    if request.args.get("pending") and event.pending_changes:
        name = event.pending_changes.get("image_filename")
    if not name:
        abort(404)
    return send_from_directory(_image_folder(), name)
