"""Event pages: public lists, feeds and widget; submission, confirmation, organizer edits."""

import logging
from dataclasses import dataclass, replace
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.consent.screening import on_name_withheld
from tracker.core import links
from tracker.core.forms import ConfirmForm
from tracker.core.i18n import counted, current_language, format_day
from tracker.core.pagecache import shared_page
from tracker.core.paging import (
    Page,
    last_page_url,
    malformed_page,
    page_problem,
    past_the_end,
    past_the_end_message,
    requested_page,
)
from tracker.core.ratelimit import SubmissionLimit
from tracker.core.security import allow_framing
from tracker.core.slugs import old_number
from tracker.core.tokens import BadToken, read_token
from tracker.core.urls import external_url
from tracker.dates.models import CommemorativeDate
from tracker.events import day, feeds, services
from tracker.events.editing import event_form, fill_form, image_folder, submitted_values
from tracker.events.forms import MODE_LABELS, EventFilterForm, country_name, country_names, language_name
from tracker.events.mail import (
    CONFIRM_PURPOSE,
    MANAGE_PURPOSE,
    manage_token,
    manage_tokens,
    queue_confirmation,
    queue_manage_link,
)
from tracker.events.models import Event, EventStatus, OccurrenceListing
from tracker.events.text import render_markdown
from tracker.extensions import db, limiter
from tracker.timeutil import today_in, utcnow

logger = logging.getLogger(__name__)

blueprint = Blueprint("events", __name__, url_prefix="/events")
blueprint.record_once(day.register)


@blueprint.record_once
def _hold_events_when_a_name_is_withheld(state) -> None:
    """A published event that names a person whose name becomes withheld goes back to an editor."""
    on_name_withheld(state.app, services.hold_events_naming_people_not_named)


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


def _requested_page(fmt: str) -> tuple[int, Response | None]:
    """The page asked for, or why it cannot be shown (tracker.core.paging); a feed has one page."""
    number = requested_page(request.args)
    if number is None:
        refused = malformed_page() if fmt == "html" else Response(page_problem(), status=400, mimetype="text/plain")
        return 0, make_response(refused)
    if fmt != "html" and number > 1:
        return number, Response(past_the_end_message(number, 1), status=404, mimetype="text/plain")
    return number, None


def _events(search: services.EventSearch, number: int, fmt: str, *, archive: bool = False):
    """(events, Page) of a page, or (events, None) of a feed, which carries up to search_events' limit."""
    now = utcnow()  # one moment for the list and its count, so they agree about an event ending now
    if fmt != "html":
        return services.search_events(search, now=now, archive=archive, related=False), None
    per_page = current_app.config["EVENTS_PER_PAGE"]
    events = services.search_events(search, now=now, archive=archive, limit=per_page, offset=(number - 1) * per_page)
    total = services.count_events(search, now=now, archive=archive)
    return events, Page(items=events, page=number, per_page=per_page, total=total)


def _past_the_end(page: Page):
    """The 404 for a page after the last one of this list, linking to the last page with the same filters."""
    last_url = last_page_url(request.endpoint, page.pages, **(request.view_args or {}), **_filter_args())
    return past_the_end(page.page, page.pages, last_url)


def _filter_args() -> dict[str, str]:
    return {key: value for key, value in request.args.items() if key in EventFilterForm.__dict__ and value}


@dataclass(frozen=True)
class _ListEndpoints:
    """The endpoints of a list of events: its page, and its iCalendar and Atom feeds."""

    page: str
    feed: str


UPCOMING = _ListEndpoints(page="events.index", feed="events.index_feed")
PAST = _ListEndpoints(page="events.archive", feed="events.archive_feed")
OCCURRENCE = _ListEndpoints(page="events.occurrence", feed="events.occurrence_feed")


def _list_page(*, archive: bool, fmt: str):
    """The upcoming or past events, as a page or a feed."""
    title = _("Past events") if archive else _("Upcoming events")
    endpoints = PAST if archive else UPCOMING
    number, refused = _requested_page(fmt)
    if refused is not None:
        return refused
    form, search = _filters()
    if search is None:
        if fmt != "html":
            return _bad_filters(form)
        return render_template("events/index.html", form=form, groups=[], events=[], title=title), 400
    events, page = _events(search, number, fmt, archive=archive)
    if page is not None and page.page > page.pages:
        return _past_the_end(page)
    return _output(events, fmt, template="events/index.html", form=form, title=title, endpoints=endpoints, page=page)


def _output(
    events,
    fmt,
    *,
    template,
    form,
    title,
    endpoints: _ListEndpoints,
    page: Page | None,
    endpoint_args=None,
    countries=None,
    **context,
):
    endpoint_args = endpoint_args or {}
    args = _filter_args()
    if fmt == "ics":
        return feeds.ics_feed(events, title, "events.ics")
    if fmt == "atom":
        self_url = external_url(endpoints.feed, fmt="atom", **endpoint_args, **args)
        page_url = external_url(endpoints.page, **endpoint_args, **args)
        return feeds.atom_feed(events, title=title, self_url=self_url, page_url=page_url, now=utcnow())
    return render_template(
        template,
        form=form,
        events=events,
        groups=services.group_by_day(events),
        title=title,
        ics_url=url_for(endpoints.feed, fmt="ics", **endpoint_args, **args),
        atom_url=url_for(endpoints.feed, fmt="atom", **endpoint_args, **args),
        countries=_country_choices(countries, form.country.data),
        page=page,
        page_args={**endpoint_args, **args},
        **context,
    )


def _country_choices(codes: list[str] | None, chosen: str | None) -> list[tuple[str, str]]:
    """(code, name) for the country filter: `codes` and the one chosen, or every country when not given."""
    names = country_names()
    if codes is not None:
        wanted = {*codes, *([chosen] if chosen in names else [])}
        names = {code: name for code, name in names.items() if code in wanted}
    return sorted(names.items(), key=lambda pair: pair[1])


# ---- public lists -----------------------------------------------------------------------------------------


@blueprint.get("")
@shared_page
def index():
    """Upcoming events, grouped by day, with filters."""
    return _list_page(archive=False, fmt="html")


@blueprint.get("/feed.<any(ics, atom):fmt>")
@shared_page
def index_feed(fmt: str):
    """iCalendar or Atom feed of the upcoming events, with the same filters as the list."""
    return _list_page(archive=False, fmt=fmt)


@blueprint.get("/archive")
@shared_page
def archive():
    """Past events."""
    return _list_page(archive=True, fmt="html")


@blueprint.get("/archive/feed.<any(ics, atom):fmt>")
@shared_page
def archive_feed(fmt: str):
    """Feed of past events."""
    return _list_page(archive=True, fmt=fmt)


def _occurrence(slug: str, year: int) -> tuple[CommemorativeDate, date, OccurrenceListing | None]:
    """The date, day and listing of a day page, or 404 (services.day_page says which pages exist)."""
    found = services.day_page(slug, year, horizon_days=current_app.config["DATES_HORIZON_DAYS"])
    return found or abort(404)


def _occurrence_page(slug: str, year: int, fmt: str):
    commemorative_date, on, listing = _occurrence(slug, year)
    number, refused = _requested_page(fmt)
    if refused is not None:
        return refused
    form, search = _filters()
    if search is None:
        if fmt != "html":
            return _bad_filters(form)
        search = services.EventSearch()
        status = 400
    else:
        status = 200
    search = replace(search, commemorative_date_id=commemorative_date.id, occurrence_on=on)
    events, page = _events(search, number, fmt)
    if page is not None and page.page > page.pages:
        return _past_the_end(page)
    if listing is not None and listing.archived_at is not None:
        event_count, country_count = listing.final_event_count or 0, listing.final_country_count or 0
    else:
        event_count, country_count = services.tally(commemorative_date.id, on)
    title = f"{commemorative_date.translated('name')} — {format_day(on, 'long')}"
    response = _output(
        events,
        fmt,
        template="events/occurrence.html",
        form=form,
        title=title,
        endpoints=OCCURRENCE,
        endpoint_args={"slug": slug, "year": year},
        page=page,
        commemorative_date=commemorative_date,
        occurrence_on=on,
        listing=listing,
        # A day's filter offers the countries that have events that day, not the whole world.
        countries=day.countries_on(commemorative_date.id, on) if fmt == "html" else None,
        tally_text=_(
            "%(day)s — %(events)s in %(countries)s",
            day=format_day(on, "long"),
            events=counted("%(num)s event", "%(num)s events", event_count),
            countries=counted("%(num)s country", "%(num)s countries", country_count),
        ),
    )
    return (response, status) if fmt == "html" else response


@blueprint.get("/on/<slug>/<int:year>")
@shared_page
def occurrence(slug: str, year: int):
    """The listing page of one occurrence, e.g. 21 May 2027, with its tally."""
    return _occurrence_page(slug, year, "html")


@blueprint.get("/on/<slug>/<int:year>/feed.<any(ics, atom):fmt>")
@shared_page
def occurrence_feed(slug: str, year: int, fmt: str):
    """Feed of one occurrence's events."""
    return _occurrence_page(slug, year, fmt)


@blueprint.get("/on/<slug>/<int:year>/map.svg")
@shared_page
def occurrence_map(slug: str, year: int):
    """The day map's country layer: a picture the page's map lays its linked pins on."""
    commemorative_date, on, _listing = _occurrence(slug, year)
    layer = day.day_map_countries(commemorative_date, on) or abort(404)
    return Response(layer, mimetype="image/svg+xml")


@blueprint.app_template_global()
def events_dedicated_to(prisoner) -> list[Event]:
    """Events dedicated to a person, for the person's page (the events feature adds them there)."""
    return services.events_dedicated_to(prisoner)


# ---- event pages ------------------------------------------------------------------------------------------


def _public_or_moved(slug: str, endpoint: str) -> Event:
    """The published event at `slug`; an old numbered address of a published event moves to its slug.

    Any other number, like an unpublished event's, is the same plain 404 as one that never existed.
    """
    if (number := old_number(slug)) is not None:
        event = services.get_public_event(number)
        moved = event is not None and event.numbered_address
        abort(redirect(url_for(endpoint, slug=event.slug), code=301) if moved else 404)
    return services.get_public_event_by_slug(slug) or abort(404)


@blueprint.get("/<slug>")
@shared_page
def show(slug: str):
    """A published event's page, with schema.org JSON-LD."""
    event = _public_or_moved(slug, "events.show")
    return render_template("events/show.html", event=event, json_ld=feeds.json_ld(event))


@blueprint.get("/<slug>/event.ics")
@shared_page
def event_ics(slug: str):
    """ "Add to calendar" for one event."""
    event = _public_or_moved(slug, "events.event_ics")
    return feeds.ics_feed([event], event.title, f"event-{event.slug}.ics")


@blueprint.get("/<slug>/image")
def image(slug: str):
    """A published event's image, served by the app itself."""
    event = _public_or_moved(slug, "events.image")
    if not event.public_image:
        abort(404)
    return send_from_directory(image_folder(), event.public_image)


# ---- widget -----------------------------------------------------------------------------------------------


@blueprint.get("/widget/country/<code>")
@allow_framing
@shared_page
def widget_country(code: str):
    """Embeddable list of a country's upcoming events (for an iframe)."""
    code = code.upper()
    if code not in country_names("en"):
        abort(404)
    events = services.search_events(services.EventSearch(country=code), now=utcnow(), limit=50)
    return render_template("events/widget.html", events=events, heading=country_name(code))


@blueprint.get("/widget/on/<slug>/<int:year>")
@allow_framing
@shared_page
def widget_occurrence(slug: str, year: int):
    """Embeddable list of one occurrence's events (for an iframe)."""
    commemorative_date, on, _listing = _occurrence(slug, year)
    search = services.EventSearch(commemorative_date_id=commemorative_date.id, occurrence_on=on)
    events = services.search_events(search, now=utcnow(), limit=100)
    heading = f"{commemorative_date.translated('name')} — {format_day(on, 'long')}"
    return render_template("events/widget.html", events=events, heading=heading)


@blueprint.get("/embed")
@shared_page
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
            snippets.append((f"{commemorative_date.translated('name')} — {on.isoformat()}", url))
    countries = sorted(country_names().items(), key=lambda pair: pair[1])
    return render_template("events/embed.html", snippets=snippets, countries=countries, country=code)


# ---- submission and organizer pages ----------------------------------------------------------------------


SUBMIT_LIMIT = SubmissionLimit("EVENTS_SUBMIT_RATE_LIMIT", "events.submit")


@blueprint.route("/submit", methods=["GET", "POST"])
def submit():
    """Submit an event: anonymous submitters confirm by email, account holders go straight to the queue."""
    signed_in = current_user.is_authenticated
    form = event_form()
    if request.method == "GET" and signed_in:
        form.private_contact.data = current_user.email
    if request.method == "POST" and SUBMIT_LIMIT.exhausted():
        return render_template("events/form.html", form=form, event=None, mode="submit", limited=True), 429
    problem = None
    if (values := submitted_values(form, None)) is not None:
        now = utcnow()
        submitter_id = current_user.id if signed_in else None
        try:
            event = services.submit_event(values, submitter_id=submitter_id, locale=current_language(), now=now)
        except services.EventError as error:
            db.session.rollback()
            problem = str(error)
        else:
            SUBMIT_LIMIT.count()
            return _submitted(event, signed_in=signed_in, now=now)
    status = 400 if request.method == "POST" and not form.searching else 200
    return render_template("events/form.html", form=form, event=None, problem=problem, mode="submit"), status


def _submitted(event: Event, *, signed_in: bool, now) -> Response:
    """Send the submitter the link they need next, commit, and show where the event stands."""
    if not signed_in:
        queue_confirmation(event, now)
        db.session.commit()
        return redirect(url_for("events.received"), code=303)
    queue_manage_link(event, now)
    link_token = manage_token(event, now)
    db.session.commit()
    flash(_("Received. Your event is waiting for a moderator."), "success")
    return redirect(url_for("events.manage", token=link_token), code=303)


@blueprint.get("/received")
def received():
    """Shown after an anonymous submission was saved."""
    return render_template("events/received.html")


def _event_from_token(purpose: str, token: str) -> Event:
    """The event a confirm or manage token opens: 410 when it expired, 404 when it opens nothing."""
    try:
        if links.is_signed(token):
            max_age = current_app.config["EVENTS_CONFIRM_MAX_AGE_SECONDS"] if purpose == CONFIRM_PURPOSE else None
            event_id, manage_key = _signed_event_link(read_token(purpose, token, max_age_seconds=max_age))
        else:
            link = links.read(purpose, token, now=utcnow())
            event_id, manage_key = link.target_id, link.payload.get("k")
    except BadToken as error:
        abort(410 if error.expired else 404)
    event = db.session.get(Event, event_id)
    if event is None or event.manage_key != manage_key:  # a new manage key revokes every link
        abort(404)
    return event


def event_from_manage_token(token: str) -> Event:
    """The event an organiser's manage link opens (for the features that add to the manage page)."""
    return _event_from_token(MANAGE_PURPOSE, token)


def _signed_event_link(payload: object) -> tuple[int, str]:
    """The event id and manage key a link in the earlier signed format carries."""
    if not isinstance(payload, dict) or not isinstance(payload.get("e"), int) or not isinstance(payload.get("k"), str):
        raise BadToken()
    return payload["e"], payload["k"]


@blueprint.route("/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["EVENTS_CONFIRM_RATE_LIMIT"], methods=["POST"])
def confirm(token: str):
    """GET shows a button (mail scanners prefetch links); POST confirms the submission."""
    event = _event_from_token(CONFIRM_PURPOSE, token)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        now = utcnow()
        confirmed = services.confirm_event(event, now)
        if confirmed:
            queue_manage_link(event, now)
        link_token = manage_token(event, now)
        db.session.commit()
        if confirmed:
            flash(_("Thank you: your event is confirmed and waits for a moderator."), "success")
        return redirect(url_for("events.manage", token=link_token), code=303)
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
    form = event_form(event)
    if request.method == "GET":
        pending = event.pending_changes
        fill_form(form, services.EventFields.from_json(pending) if pending else services.EventFields.of(event))
    problem = None
    if (values := submitted_values(form, event.image_filename)) is not None:
        try:
            outcome = services.edit_by_submitter(event, values, requeue=current_app.config["EVENTS_REQUEUE_EDITS"])
        except services.EventError as error:
            db.session.rollback()
            problem = str(error)
        else:
            db.session.commit()
            if outcome is services.EditOutcome.QUEUED:
                flash(
                    _("Your change was saved and waits for a moderator; the published version stays until then."),
                    "info",
                )
            else:
                flash(_("Your change was saved."), "success")
            return redirect(url_for("events.manage", token=token), code=303)
    status = 400 if request.method == "POST" and not form.searching else 200
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
    events = list(
        db.session.scalars(select(Event).where(Event.submitter_id == current_user.id).order_by(Event.starts_at))
    )
    tokens = manage_tokens(events, utcnow())
    db.session.commit()  # the first time an event's link is shown its token row is added
    return render_template("events/mine.html", events=[(event, tokens[event.id]) for event in events])
