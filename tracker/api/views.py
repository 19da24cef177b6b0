"""The read-only open data API under /api/v1/ and the public exports."""

import csv
import io
import re

from flask import Blueprint, Response, current_app, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField, StringField
from wtforms.validators import Length, NumberRange, ValidationError

from tracker.api import serializers
from tracker.api.fields import StrictDateField, StrictIntegerField
from tracker.api.openapi import openapi_document
from tracker.core.forms import PlainForm
from tracker.core.http import conditional as conditional_by_content
from tracker.core.pagecache import shared_page
from tracker.core.paging import page_problem, past_the_end_message, requested_page
from tracker.core.slugs import old_number
from tracker.core.spreadsheet import safe_cell
from tracker.core.validators import select_choices
from tracker.counts import figures as count_figures
from tracker.counts import services as count_services
from tracker.dates.services import list_dates, upcoming_dates
from tracker.events import services as event_services
from tracker.events.forms import EventFilterForm, country_names
from tracker.prisoners import services as prisoners
from tracker.prisoners.forms import PrisonerFilterForm
from tracker.prisoners.models import Region, Status
from tracker.prisoners.search import PrisonerSearch, search_prisoners
from tracker.prisoners.timeline import status_from_entries
from tracker.reports import services as report_services
from tracker.timeutil import today_in, utcnow

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")

API_PREFIX = "/api/v1/"
DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
# The HTML form's pattern, but ASCII digits only and no surrounding space: what the OpenAPI document says.
API_ARTICLE_PATTERN = re.compile(r"[0-9]{1,4}(?:[-.][0-9]{1,3}){0,2}")


def _today():
    return today_in(current_app.config["DISPLAY_TIMEZONE"])


def api_error(status: int, message: str, *, parameter: str | None = None, last: str | None = None) -> Response:
    """A JSON error body: machine-readable code, the HTTP status, a message and the parameter at fault."""
    body = {"error": "bad_request" if status == 400 else "not_found", "status": status, "message": message}
    if parameter:
        body["parameter"] = parameter
    if last:
        body["links"] = {"last": last}
    response = jsonify(body)
    response.status_code = status
    return response


def _form_error(form: Form) -> Response:
    """400 naming the first query parameter that failed validation."""
    if requested_page(request.args) is None:
        return api_error(400, page_problem(), parameter="page")
    for name, messages in form.errors.items():
        return api_error(400, f"{name}: {messages[0]}", parameter=name)
    return api_error(400, _("Invalid query parameters."))


class ApiPrisonerFilterForm(PrisonerFilterForm):
    """The public list's filters, parsed strictly, plus page size; any place may be asked for."""

    place = StringField(_l("Place of detention"), validators=[Length(max=200)])
    article = StringField(_l("Article"), validators=[Length(max=20)])
    page = StrictIntegerField(_l("Page"), default=1, validators=[NumberRange(min=1, max=100_000)])
    per_page = StrictIntegerField(
        _l("Per page"), default=DEFAULT_PER_PAGE, validators=[NumberRange(min=1, max=MAX_PER_PAGE)]
    )

    def validate_article(self, field) -> None:
        """Exactly an article number such as 342 or 361-1, or nothing."""
        if field.data and not API_ARTICLE_PATTERN.fullmatch(field.data):
            raise ValidationError(_l("Enter an article number such as 342 or 361-1."))


class ApiEventFilterForm(EventFilterForm):
    """The public event list's filters, parsed strictly, plus which events and page size."""

    start = StrictDateField(_l("From"))
    end = StrictDateField(_l("To"))
    when = SelectField(_l("When"), choices=select_choices({"upcoming": "upcoming", "past": "past"}), default="upcoming")
    page = StrictIntegerField(_l("Page"), default=1, validators=[NumberRange(min=1, max=100_000)])
    per_page = StrictIntegerField(
        _l("Per page"), default=DEFAULT_PER_PAGE, validators=[NumberRange(min=1, max=MAX_PER_PAGE)]
    )

    def validate_country(self, field) -> None:
        """Exactly a known upper-case code, as the document lists them."""
        if field.data and field.data not in country_names("en"):
            raise ValidationError(_l("Unknown country code."))

    def validate_end(self, field) -> None:
        """A plausible year; a range that runs backwards simply matches nothing."""
        self.validate_start(field)


class SinceForm(PlainForm):
    """Optional start date of the count history."""

    since = StrictDateField(_l("Since"))


class LimitForm(PlainForm):
    """How many upcoming occurrences to list."""

    limit = StrictIntegerField(_l("Limit"), default=10, validators=[NumberRange(min=1, max=100)])


def _clean(text: str | None) -> str:
    # NUL can never match a stored value, and PostgreSQL refuses it in a query parameter.
    return (text or "").replace("\x00", "").strip()


@blueprint.get("/")
@shared_page
def index():
    """Where each resource of the API lives."""
    return {
        "version": "1",
        "openapi": url_for("api.openapi", _external=True),
        "resources": {
            "counts": url_for("api.counts", _external=True),
            "snapshots": url_for("api.snapshots", _external=True),
            "prisoners": url_for("api.prisoner_list", _external=True),
            "dates": url_for("api.dates", _external=True),
            "upcoming_dates": url_for("api.upcoming", _external=True),
            "events": url_for("api.event_list", _external=True),
            "export_csv": url_for("api.export_csv", _external=True),
            "export_json": url_for("api.export_json", _external=True),
        },
    }


@blueprint.get("/openapi.json")
@shared_page
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return openapi_document()


@blueprint.get("/counts")
@shared_page
def counts():
    """The computed count, the latest reported figure, the daily history and the breakdowns."""
    form = SinceForm(request.args)
    if not form.validate():
        return _form_error(form)
    today = _today()
    return {
        "computed": serializers.current_count(count_figures.current_count(today)),
        "latest_snapshot": serializers.snapshot(count_services.latest_snapshot()),
        "history": [serializers.day_count(day) for day in count_figures.count_series(today, since=form.since.data)],
        "breakdowns": _breakdowns(today),
    }


def _breakdowns(today) -> dict:
    """Breakdown rows; places are named (in the answer's language), not numbered as the figures keep them."""
    places = prisoners.places_by_key()
    threshold = current_app.config["DISCLOSURE_MIN_CELL"]

    def value_of(key: str, value: str) -> str:
        if key == "detention_place" and value in places:
            return places[value].translated("name", serializers.data_language())
        return value

    return {
        key: [serializers.breakdown_row(value_of(key, value), count, threshold) for value, count in rows]
        for key, rows in count_figures.breakdowns(today).items()
    }


@blueprint.get("/counts/snapshots")
@shared_page
def snapshots():
    """Every reported figure, newest first."""
    return {"items": [serializers.snapshot(item) for item in count_services.list_snapshots()]}


@blueprint.get("/prisoners")
@shared_page
def prisoner_list():
    """Publicly named prisoners matching the same filters as the public list, a page at a time."""
    form = ApiPrisonerFilterForm(request.args)
    if not form.validate():
        return _form_error(form)
    search = PrisonerSearch(
        q=_clean(form.q.data),
        status=Status(form.status.data) if form.status.data else None,
        region=Region(form.region.data) if form.region.data else None,
        place=prisoners.place_key(_clean(form.place.data)),
        article=_clean(form.article.data),
        include_withheld=False,
    )
    page_number = form.page.data or 1
    per_page = form.per_page.data or DEFAULT_PER_PAGE
    page = search_prisoners(search, today=_today(), page=page_number, per_page=per_page)
    args = {key: value for key, value in request.args.items() if key != "page"}
    if page_number > page.pages:
        last = url_for("api.prisoner_list", page=page.pages, **args, _external=True)
        return api_error(404, past_the_end_message(page_number, page.pages), parameter="page", last=last)
    not_named = count_figures.public_not_named_records(_today())

    def link(number: int) -> str:
        return url_for("api.prisoner_list", page=number, **args, _external=True)

    return {
        "items": [serializers.public_prisoner(prisoner, status) for prisoner, status in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "total": page.total,
        "not_named": not_named,
        "not_named_fewer_than": current_app.config["DISCLOSURE_MIN_CELL"] if not_named is None else None,
        "links": {
            "self": link(page.page),
            "next": link(page.page + 1) if page.has_next else None,
            "prev": link(page.page - 1) if page.has_prev else None,
        },
    }


@blueprint.get("/prisoners/<slug>")
@shared_page
def prisoner_detail(slug: str):
    """One publicly named prisoner; not-named and unknown records are the same 404.

    An old numbered address of a public record moves to its slug.
    """
    number = old_number(slug)
    prisoner = prisoners.get_public_prisoner(number) if number is not None else None
    if prisoner is not None and prisoner.numbered_address:
        return redirect(url_for("api.prisoner_detail", slug=prisoner.slug), code=301)
    prisoner = None if number is not None else prisoners.get_public_prisoner_by_slug(slug)
    if prisoner is None:
        return api_error(404, _("There is no public record with this id."))
    return serializers.public_prisoner(prisoner, status_from_entries(prisoner.timeline, on=_today()))


@blueprint.get("/events")
@shared_page
def event_list():
    """Published solidarity events (upcoming or past) matching the public list's filters, a page at a time."""
    form = ApiEventFilterForm(MultiDict(request.args))
    if not form.validate():
        return _form_error(form)
    search = form.to_search()
    page_number = form.page.data or 1
    per_page = form.per_page.data or DEFAULT_PER_PAGE
    found = event_services.search_events(search, now=utcnow(), archive=form.when.data == "past", limit=100_000)
    pages = max(1, -(-len(found) // per_page))
    args = {key: value for key, value in request.args.items() if key != "page"}
    if page_number > pages:
        last = url_for("api.event_list", page=pages, **args, _external=True)
        return api_error(404, past_the_end_message(page_number, pages), parameter="page", last=last)

    def link(number: int) -> str:
        return url_for("api.event_list", page=number, **args, _external=True)

    start = (page_number - 1) * per_page
    return {
        "items": [serializers.public_event(event) for event in found[start : start + per_page]],
        "page": page_number,
        "per_page": per_page,
        "pages": pages,
        "total": len(found),
        "links": {
            "self": link(page_number),
            "next": link(page_number + 1) if page_number < pages else None,
            "prev": link(page_number - 1) if page_number > 1 else None,
        },
    }


@blueprint.get("/events/<slug>")
@shared_page
def event_detail(slug: str):
    """One published event (cancelled and past ones included); unpublished and unknown ones are the same 404.

    An old numbered address of a published event moves to its slug.
    """
    number = old_number(slug)
    event = event_services.get_public_event(number) if number is not None else None
    if event is not None and event.numbered_address:
        return redirect(url_for("api.event_detail", slug=event.slug), code=301)
    event = None if number is not None else event_services.get_public_event_by_slug(slug)
    if event is None:
        return api_error(404, _("There is no published event with this id."))
    return serializers.public_event(event)


@blueprint.get("/dates")
@shared_page
def dates():
    """Every commemorative date with its next occurrence."""
    today = _today()
    return {"items": [serializers.commemorative_date(item, today) for item in list_dates()]}


@blueprint.get("/dates/upcoming")
@shared_page
def upcoming():
    """The next occurrences of commemorative dates, soonest first."""
    form = LimitForm(request.args)
    if not form.validate():
        return _form_error(form)
    today = _today()
    return {
        "items": [
            {"on": on.isoformat(), "date": serializers.commemorative_date(item, today)}
            for item, on in upcoming_dates(today, limit=form.limit.data or 10)
        ]
    }


YEAR_PATTERN = re.compile(r"[0-9]{4}")
DAY_COLUMNS = (
    "date", "events", "cities", "countries", "reports", "participants", "letters", "letters_at_events",
    "letters_on_site",
)  # fmt: skip


def _day_row(totals: report_services.ActionTotals) -> dict:
    return {
        "date": totals.on.isoformat(),
        "events": totals.events,
        "cities": totals.cities,
        "countries": totals.countries,
        "reports": totals.reports,
        "participants": totals.participants,
        "letters": totals.letters,
        "letters_at_events": totals.letters_at_events,
        "letters_on_site": totals.letters_on_site,
    }


@blueprint.get("/days/<slug>/<year>")
def day_totals(slug: str, year: str):
    """The totals of action of one day: events and places, and the people and letters of approved reports."""
    found = YEAR_PATTERN.fullmatch(year) and event_services.day_page(
        slug, int(year), horizon_days=current_app.config["DATES_HORIZON_DAYS"]
    )
    if not found:
        return api_error(404, _("There is no day of action with this name and year."))
    commemorative_date, on, _listing = found
    totals = report_services.action_totals(commemorative_date.id, on)
    return {"slug": commemorative_date.slug, "name": commemorative_date.name, **_day_row(totals)}


@blueprint.get("/export/days/<slug>.csv")
def day_totals_csv(slug: str):
    """Every year's totals of one day of action, newest first, as CSV."""
    commemorative_date = next((item for item in list_dates() if item.slug == slug), None)
    if commemorative_date is None:
        return api_error(404, _("There is no day of action with this name."))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(DAY_COLUMNS)
    for totals in report_services.every_year(commemorative_date, _today()):
        row = _day_row(totals)
        writer.writerow([row[column] for column in DAY_COLUMNS])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=day-of-action-{commemorative_date.slug}.csv"},
    )


EXPORT_COLUMNS = (
    "id", "url", "name_be", "name_ru", "name_be_latn", "name_en", "aliases", "status", "birth_date", "gender",
    "region", "articles", "sentence", "term_months", "detention_place", "postal_address", "last_verified_on",
    "sample", "sources", "biography",
    # The same text in the other languages, as the CSV import reads it back.
    "sentence_be", "sentence_uk", "sentence_ru", "biography_be", "biography_uk", "biography_ru",
    "detention_place_be", "detention_place_uk", "detention_place_ru",
)  # fmt: skip


def _export_rows(today) -> list[dict]:
    return [
        serializers.public_prisoner(prisoner, status_from_entries(prisoner.timeline, on=today))
        for prisoner in prisoners.named_prisoners()
    ]


@blueprint.get("/export/prisoners.json")
@shared_page
def export_json():
    """Every publicly named prisoner in one JSON document."""
    today = _today()
    rows = _export_rows(today)
    response = jsonify({"as_of": today.isoformat(), "total": len(rows), "items": rows})
    response.headers["Content-Disposition"] = "attachment; filename=political-prisoners.json"
    return response


@blueprint.get("/export/prisoners.csv")
@shared_page
def export_csv():
    """Every publicly named prisoner as CSV, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in _export_rows(_today()):
        flat = {
            **{f"name_{script}": name for script, name in row["names"].items()},
            **row,
            "aliases": "; ".join(row["aliases"]),
            "articles": "; ".join(row["articles"]),
            "sources": " ".join(source["url"] for source in row["sources"]),
            "sample": "yes" if row["sample"] else "no",
            # Each language in its own column, English in the plain one, as the CSV import reads them.
            **{
                (field if language == "en" else f"{field}_{language}"): text
                for field, texts in row["translations"].items()
                for language, text in texts.items()
            },
        }
        writer.writerow([safe_cell(flat.get(column)) for column in EXPORT_COLUMNS])
    # A byte-order mark so spreadsheet programs read the Cyrillic names as UTF-8.
    return Response(
        "\ufeff" + out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=political-prisoners.csv"},
    )


@blueprint.before_request
def known_language() -> Response | None:
    """A `lang` the site has no data language for is a 400 that names the ones it has."""
    asked = request.args.get("lang")
    if asked is not None and asked not in current_app.config["LANGUAGES"]:
        languages = ", ".join(current_app.config["LANGUAGES"])
        return api_error(400, _("Unknown language; use one of %(languages)s.", languages=languages), parameter="lang")
    return None


@blueprint.after_request
def content_language(response: Response) -> Response:
    """Say which language the data is in, and that the answer depends on Accept-Language."""
    response.headers["Content-Language"] = serializers.data_language()
    response.vary.add("Accept-Language")
    return response


@blueprint.after_request
def conditional(response: Response) -> Response:
    """An ETag from the body and 304 for successful reads; clients must revalidate before reusing.

    No Last-Modified: the data's last change time moves for a not-named record too, and would date
    that change to the minute (docs/privacy.md).
    """
    if request.method in {"GET", "HEAD"} and response.status_code == 200:
        return conditional_by_content(response)
    return response


@blueprint.after_app_request
def cors(response: Response) -> Response:
    """Anyone may read the open data from a browser; no credentials are ever shared."""
    if request.path.startswith(API_PREFIX) or request.path == API_PREFIX.rstrip("/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
        response.headers["Access-Control-Expose-Headers"] = "ETag, Content-Disposition"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
