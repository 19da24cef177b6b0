"""Editors' pages for commemorative dates."""

import re
from datetime import date, timedelta

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.core.cache import cached
from tracker.core.forms import fill_translations, translation_data
from tracker.core.http import conditional
from tracker.core.i18n import current_language
from tracker.core.pagecache import shared_page
from tracker.core.paging import last_page_url, malformed_page, page_of, past_the_end, requested_page
from tracker.core.validators import select_choices
from tracker.dates import services
from tracker.dates.forms import DateForm
from tracker.dates.ics import occurrences_ics
from tracker.dates.models import RECURRENCE_LABELS, CommemorativeDate
from tracker.dates.occurrences import KIND_LABELS, DateKind, Occurrence, upcoming_occurrences
from tracker.extensions import db
from tracker.prisoners.services import named_prisoner_choices
from tracker.reminders.services import published_page_keys
from tracker.timeutil import today_in, utcnow

blueprint = Blueprint("dates", __name__, url_prefix="/dates")

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _today():
    return today_in(current_app.config["DISPLAY_TIMEZONE"])


def _reminder_urls(occurrences: list[Occurrence], *, external: bool) -> dict[str, str]:
    """Links to the reminder pages already published for these occurrences."""
    keys = published_page_keys(utcnow())
    return {
        occurrence.uid: url_for(
            "reminders.page", slug=occurrence.commemorative_date.slug, year=occurrence.on.year, _external=external
        )
        for occurrence in occurrences
        if occurrence.commemorative_date is not None and (occurrence.commemorative_date.id, occurrence.on.year) in keys
    }


@blueprint.get("")
@shared_page
def calendar():
    """The public calendar, a week at a time (the feeds carry the whole year); one kind of date may be chosen.

    A week of records holds thousands of dates, so it is shown DATES_PER_PAGE at a time (`page`).
    """
    page_number = requested_page(request.args)
    if page_number is None:
        return malformed_page()
    today = _today()
    horizon = today + timedelta(days=current_app.config["DATES_HORIZON_DAYS"])
    raw_start, raw_kind = request.args.get("from", ""), request.args.get("kind", "")
    kinds = {item.value: item for item in DateKind}
    if (raw_start and not ISO_DAY.fullmatch(raw_start)) or (raw_kind and raw_kind not in kinds):
        return _calendar_page(error=_("Choose a day written as YYYY-MM-DD and one of the kinds listed.")), 400
    try:
        start = date.fromisoformat(raw_start) if raw_start else today
    except ValueError:
        return _calendar_page(error=_("Choose a day written as YYYY-MM-DD and one of the kinds listed.")), 400
    kind = kinds.get(raw_kind)
    # Days of solidarity are few, so their list spans the whole year; records give hundreds of dates a month.
    window = (
        horizon - today + timedelta(days=1)
        if kind == DateKind.COMMEMORATIVE
        else timedelta(days=current_app.config["DATES_PAGE_DAYS"])
    )
    start = min(max(start, today), horizon)
    end = min(start + window - timedelta(days=1), horizon)
    occurrences = upcoming_occurrences(start, end, today=today, kind=kind, locale=current_language())
    page = page_of(occurrences, page_number, current_app.config["DATES_PER_PAGE"])
    args = {key: request.args[key] for key in ("kind", "from") if request.args.get(key)}
    if page_number > page.pages:
        return past_the_end(page_number, page.pages, last_page_url("dates.calendar", page.pages, **args))
    return _calendar_page(
        occurrences=page.items,
        page=page,
        args=args,
        reminder_urls=_reminder_urls(page.items, external=False),
        kind=kind,
        start=start,
        end=end,
        previous_start=max(start - window, today) if start > today else None,
        next_start=end + timedelta(days=1) if end < horizon else None,
    )


def _calendar_page(**context):
    context.setdefault("occurrences", [])
    context.setdefault("reminder_urls", {})
    return render_template("dates/calendar.html", KIND_LABELS=KIND_LABELS, kinds=list(DateKind), **context)


def _feed(kind: DateKind | None):
    today = _today()

    def build() -> bytes:
        occurrences = upcoming_occurrences(
            today - timedelta(days=current_app.config["DATES_FEED_PAST_DAYS"]),
            today + timedelta(days=current_app.config["DATES_HORIZON_DAYS"]),
            today=today,
            kind=kind,
            locale=current_language(),
        )
        name = _("Political prisoners: %(kind)s", kind=KIND_LABELS[kind]) if kind else _("Political prisoners: dates")
        return occurrences_ics(name, occurrences, _reminder_urls(occurrences, external=True))

    # A year of dates takes a while to build: each worker keeps it until the data changes, the day turns
    # or a reminder page is published (the scheduler publishes them without touching the records).
    pages = sorted(published_page_keys(utcnow()))
    body = cached(f"dates-feed:{kind.value if kind else 'all'}:{pages}", build, day=today)
    filename = f"{kind.value if kind else 'all-dates'}.ics"
    response = Response(
        body, mimetype="text/calendar", headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )
    return conditional(response)


@blueprint.get("/calendar.ics")
@shared_page
def feed():
    """iCalendar feed of every date."""
    return _feed(None)


@blueprint.get("/calendar/<kind>.ics")
@shared_page
def kind_feed(kind: str):
    """iCalendar feed of one kind of date."""
    if kind not in {item.value for item in DateKind}:
        abort(404)
    return _feed(DateKind(kind))


@blueprint.get("/manage")
@role_required(Role.EDITOR)
def manage():
    """Editors' list of commemorative dates."""
    return render_template("dates/manage.html", dates=services.list_dates(), RECURRENCE_LABELS=RECURRENCE_LABELS)


def _edit(commemorative_date: CommemorativeDate | None):
    form = DateForm(obj=commemorative_date)
    form.prisoner_id.choices = select_choices([("", "—"), *named_prisoner_choices()])
    if request.method == "GET" and commemorative_date is not None:
        form.month.data = str(commemorative_date.month or "")
        form.prisoner_id.data = str(commemorative_date.prisoner_id or "")
        fill_translations(form, commemorative_date, CommemorativeDate.translated_fields)
    if form.validate_on_submit():
        try:
            services.save_date(
                commemorative_date,
                name=form.name.data,
                slug=form.slug.data,
                description=form.description.data or "",
                recurrence=form.recurrence.data,
                month=int(form.month.data) if form.month.data else None,
                day=form.day.data,
                on_date=form.on_date.data,
                timezone=form.timezone.data,
                prisoner_id=int(form.prisoner_id.data) if form.prisoner_id.data else None,
                translations={field: translation_data(form, field) for field in CommemorativeDate.translated_fields},
            )
        except services.DateError as error:
            db.session.rollback()
            form.slug.errors = [*form.slug.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The date was saved."), "success")
            return redirect(url_for("dates.manage"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("dates/form.html", form=form, commemorative_date=commemorative_date), status


@blueprint.route("/new", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def create():
    """Add a commemorative date."""
    return _edit(None)


@blueprint.route("/<int:date_id>/edit", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def edit(date_id: int):
    """Edit a commemorative date."""
    return _edit(db.session.get(CommemorativeDate, date_id) or abort(404))
