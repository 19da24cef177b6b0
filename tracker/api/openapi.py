"""The OpenAPI 3.1 document of /api/v1/, built from the same enums and limits the views use."""

from tracker.counts.models import Qualifier
from tracker.dates.models import Recurrence
from tracker.events.forms import TAG, country_names
from tracker.prisoners.models import EventKind, Gender, Region, Status

DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": ["string", "null"]}
COUNT = {"type": "integer", "minimum": 0}
# A figure that disclosure control may withhold (docs/privacy.md): null, with `fewer_than` beside it.
WITHHELD_COUNT = {"type": ["integer", "null"], "minimum": 0}
FEWER_THAN = {
    "type": ["integer", "null"],
    "minimum": 1,
    "description": "Set when the figure is withheld: it is below this.",
}


def _values(enum_class) -> list[str]:
    return [member.value for member in enum_class]


def _object(properties: dict, *, optional: tuple[str, ...] = ()) -> dict:
    """A closed object: every property listed is present, nothing else is (so no private field slips in)."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


# Every request carrying a NUL character is refused (tracker.core.security), and a query's text is one
# line (tracker.core.forms: a line break is refused, not joined), so a query's free text excludes both.
ONE_LINE = "^[^\\u0000\\r\\n]*$"


def _query(name: str, schema: dict, description: str) -> dict:
    if schema.get("type") == "string" and "pattern" not in schema and "format" not in schema:
        schema = {**schema, "pattern": ONE_LINE}
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


CACHE_HEADERS = {
    "ETag": {"description": "Validator for If-None-Match, derived from the response body.", "schema": TEXT},
    "Content-Language": {"description": "The language the record text is in (see `lang`).", "schema": TEXT},
}
DATA_LANGUAGES = ["en", "be", "uk", "ru"]
# Record text (names of days, places, sources, biographies…) comes in the language asked for.
LANGUAGE_PARAMETERS = (
    {
        "name": "lang",
        "in": "query",
        "required": False,
        "schema": {"enum": DATA_LANGUAGES},
        "description": "Language of record text; overrides Accept-Language. A text without a translation "
        "falls back (be → ru → en, uk → be → ru → en, ru → be → en); `translations` holds every language.",
    },
    {
        "name": "Accept-Language",
        "in": "header",
        "required": False,
        "schema": TEXT,
        "description": "Used when `lang` is not given; without either, record text is in English.",
    },
)
TRANSLATIONS = {
    "type": "object",
    "description": "Each translated field in every language it has, by language code (en, be, uk, ru).",
    "additionalProperties": {"type": "object", "additionalProperties": TEXT},
}


def _ok(schema: dict, description: str, media_type: str = "application/json") -> dict:
    return {"description": description, "headers": CACHE_HEADERS, "content": {media_type: {"schema": schema}}}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


NOT_MODIFIED = {"description": "The copy the client holds (If-None-Match) is current."}
BAD_PARAMETER = _error("A query parameter is invalid; `parameter` names it.")


def _get(operation_id: str, summary: str, ok: dict, *, parameters=(), extra: dict | None = None, tag: str) -> dict:
    # Every operation takes `lang`, so every one can answer 400 for a language the site does not have.
    responses = {"200": ok, "304": NOT_MODIFIED, "400": BAD_PARAMETER, **(extra or {})}
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": [tag],
            "parameters": [*parameters, *LANGUAGE_PARAMETERS],
            "responses": responses,
        }
    }


SCHEMAS = {
    "Error": _object(
        {
            "error": TEXT,
            "status": {"type": "integer"},
            "message": TEXT,
            "parameter": TEXT,
            "links": _object(
                {"last": {"type": "string", "format": "uri", "description": "The last page, after a page past it."}}
            ),
        },
        optional=("message", "parameter", "links"),
    ),
    "Prisoner": _object(
        {
            "id": {**TEXT, "description": "An opaque public identifier (not a sequence number)."},
            "url": TEXT,
            "names": _object({"be": TEXT, "ru": TEXT, "be_latn": TEXT, "en": TEXT}),
            "aliases": {"type": "array", "items": TEXT},
            "status": {"enum": _values(Status)},
            "in_custody": {"type": "boolean"},
            "birth_date": NULLABLE_DATE,
            "gender": {"enum": _values(Gender)},
            "region": {"enum": _values(Region)},
            "articles": {"type": "array", "items": TEXT},
            "sentence": TEXT,
            "term_months": {"type": ["integer", "null"]},
            "detention_place": TEXT,
            "postal_address": {
                **NULLABLE_TEXT,
                "description": "Where to send letters; null when hidden or the person is not held.",
            },
            "biography": TEXT,
            "photo_url": NULLABLE_TEXT,
            "last_verified_on": NULLABLE_DATE,
            "sample": {"type": "boolean", "description": "A made-up demo record, not a real person."},
            "sources": {"type": "array", "items": _object({"url": TEXT, "title": TEXT})},
            "timeline": {
                "type": "array",
                "description": "Published entries only, oldest first.",
                "items": _object(
                    {"date": DATE, "kind": {"enum": _values(EventKind)}, "note": TEXT, "translations": TRANSLATIONS}
                ),
            },
            "translations": TRANSLATIONS,
        }
    ),
    "PrisonerPage": _object(
        {
            "items": {"type": "array", "items": _ref("Prisoner")},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "total": COUNT,
            "not_named": {
                **WITHHELD_COUNT,
                "description": "Records not named, across all filters; null when fewer than not_named_fewer_than.",
            },
            "not_named_fewer_than": FEWER_THAN,
            "links": _object({"self": TEXT, "next": NULLABLE_TEXT, "prev": NULLABLE_TEXT}),
        }
    ),
    "Snapshot": _object(
        {
            "id": {"type": "integer"},
            "count": COUNT,
            "qualifier": {"enum": _values(Qualifier)},
            "reported_on": DATE,
            "source_name": TEXT,
            "source_url": TEXT,
            "note": TEXT,
            "translations": TRANSLATIONS,
        }
    ),
    "Counts": _object(
        {
            "computed": _object({"held": COUNT, "not_named": COUNT, "not_named_fewer_than": FEWER_THAN, "as_of": DATE}),
            "latest_snapshot": {"oneOf": [_ref("Snapshot"), {"type": "null"}]},
            "history": {
                "type": "array",
                "items": _object(
                    {"date": DATE, "held": COUNT, "detained": COUNT, "released": COUNT, "died_in_custody": COUNT}
                ),
            },
            "breakdowns": _object(
                {
                    key: {
                        "type": "array",
                        "items": _object({"value": TEXT, "count": WITHHELD_COUNT, "fewer_than": FEWER_THAN}),
                    }
                    for key in ("status", "region", "gender", "article", "detention_place")
                }
            ),
        }
    ),
    "CommemorativeDate": _object(
        {
            "id": {"type": "integer"},
            "slug": TEXT,
            "name": TEXT,
            "description": TEXT,
            "suggested_actions": {"type": "array", "items": TEXT},
            "translations": TRANSLATIONS,
            "recurrence": {"enum": _values(Recurrence)},
            "month": {"type": ["integer", "null"], "minimum": 1, "maximum": 12},
            "day": {"type": ["integer", "null"], "minimum": 1, "maximum": 31},
            "on_date": NULLABLE_DATE,
            "timezone": TEXT,
            "next_occurrence": NULLABLE_DATE,
            "prisoner_id": {**NULLABLE_TEXT, "description": "The linked prisoner's opaque identifier."},
        }
    ),
}

SCHEMAS["Event"] = _object(
    {
        "id": {**TEXT, "description": "An opaque public identifier (not a sequence number)."},
        "url": TEXT,
        "ics_url": TEXT,
        "title": TEXT,
        "description": {**TEXT, "description": "Plain text of the Markdown description."},
        "status": {"enum": ["scheduled", "rescheduled", "cancelled"]},
        "starts_at": {**TEXT, "description": "Local time with its UTC offset (ISO 8601)."},
        "ends_at": TEXT,
        "timezone": {**TEXT, "description": "IANA time zone the event is held in."},
        "location": _object(
            {
                "venue": {**TEXT, "description": "Empty when the organizer shows the city only, or place_private."},
                "address": {**TEXT, "description": "Empty when the organizer shows the city only, or place_private."},
                "city": {**TEXT, "description": "Empty for online events, or place_private."},
                "country": {**TEXT, "description": "ISO 3166-1 alpha-2 code, or empty for online events."},
                "online_url": TEXT,
                "exact_address_on_request": {"type": "boolean"},
                "place_private": {
                    "type": "boolean",
                    "description": "In a country where a published place puts people at risk: only the country is "
                    "given, and the organizers tell participants where.",
                },
            }
        ),
        "organizer_name": TEXT,
        "public_contact": TEXT,
        "language": TEXT,
        "tags": {"type": "array", "items": TEXT},
        "prisoners": {"type": "array", "items": _object({"id": TEXT, "name": TEXT})},
        "occurrence": {"oneOf": [_object({"slug": TEXT, "date": DATE}), {"type": "null"}]},
        "image_url": NULLABLE_TEXT,
    }
)
SCHEMAS["EventPage"] = _object(
    {
        "items": {"type": "array", "items": _ref("Event")},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "total": COUNT,
        "links": _object({"self": TEXT, "next": NULLABLE_TEXT, "prev": NULLABLE_TEXT}),
    }
)

# The event filters take years 1900–2199, as the public list does.
EVENT_DAY = {"type": "string", "format": "date", "pattern": "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$"}

EVENT_FILTERS = (
    _query("when", {"enum": ["upcoming", "past"], "default": "upcoming"}, "Upcoming events, or the archive."),
    _query("country", {"enum": ["", *sorted(country_names("en"))]}, "Two-letter country code such as PL."),
    _query(
        "city",
        {"type": "string", "maxLength": 100},
        "City, case-insensitive (never matches an event whose place is private).",
    ),
    _query("mode", {"enum": ["", "online", "in-person"]}, "Online or in-person; empty means both."),
    _query("tag", {"type": "string", "pattern": f"^({TAG.pattern.strip('^$')})?$"}, "A tag such as vigil."),
    _query("start", EVENT_DAY, "Events ending on or after this date."),
    _query("end", EVENT_DAY, "Events starting on or before this date (a range that runs backwards is empty)."),
    _query("q", {"type": "string", "maxLength": 200}, "Words in the title, description, city or organizer."),
    _query("page", {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1}, "Page number."),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}, "Events per page."),
)

PRISONER_FILTERS = (
    _query("q", {"type": "string", "maxLength": 200}, "Name in any script (Latin or Cyrillic)."),
    _query("status", {"enum": ["", *_values(Status)]}, "Status as of today; empty means any."),
    _query("region", {"enum": ["", *_values(Region)]}, "Region; empty means any."),
    _query("place", {"type": "string", "maxLength": 200}, "Place of detention: its English name or its number."),
    _query(
        "article",
        {"type": "string", "pattern": "^([0-9]{1,4}([-.][0-9]{1,3}){0,2})?$"},
        "Criminal-code article such as 342 or 361-1.",
    ),
    _query("page", {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1}, "Page number."),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}, "Records per page."),
)

DATE_SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The commemorative date's slug, e.g. day-of-solidarity.",
    "schema": {"type": "string", "pattern": "^[a-z0-9-]{1,80}$"},
}
YEAR = {
    "name": "year",
    "in": "path",
    "required": True,
    "description": "The year of the occurrence.",
    "schema": {"type": "string", "pattern": "^[0-9]{4}$"},
}
DAY_TOTAL_FIELDS = (
    "date", "events", "cities", "countries", "reports", "participants", "letters", "letters_at_events",
    "letters_on_site",
)  # fmt: skip
SCHEMAS["DayTotals"] = _object(
    {
        "slug": TEXT,
        "name": TEXT,
        **{name: DATE if name == "date" else COUNT for name in DAY_TOTAL_FIELDS},
    }
)

PATHS = {
    "/": _get(
        "index",
        "Where each resource lives",
        _ok({"type": "object"}, "Links to the resources."),
        tag="meta",
    ),
    "/openapi.json": _get("openapi", "This document", _ok({"type": "object"}, "The OpenAPI 3.1 document."), tag="meta"),
    "/counts": _get(
        "counts",
        "Computed count, latest reported figure, daily history and breakdowns",
        _ok(_ref("Counts"), "Counts as of today."),
        parameters=[_query("since", {"type": "string", "format": "date"}, "First day of the history.")],
        extra={"400": BAD_PARAMETER},
        tag="counts",
    ),
    "/counts/snapshots": _get(
        "snapshots",
        "Figures reported by other sources, newest first",
        _ok(_object({"items": {"type": "array", "items": _ref("Snapshot")}}), "Every reported figure."),
        tag="counts",
    ),
    "/prisoners": _get(
        "listPrisoners",
        "Publicly named prisoners, filtered like the public list",
        _ok(_ref("PrisonerPage"), "One page of records, sorted by English name."),
        parameters=PRISONER_FILTERS,
        extra={"400": BAD_PARAMETER, "404": _error("The page is past the last one.")},
        tag="prisoners",
    ),
    "/prisoners/{slug}": _get(
        "getPrisoner",
        "One publicly named prisoner",
        _ok(_ref("Prisoner"), "The public record."),
        parameters=[
            {
                "name": "slug",
                "in": "path",
                "required": True,
                "description": "The record's opaque identifier (`id` in the list).",
                "schema": {"type": "string", "pattern": "^[a-z0-9]{1,20}$"},
            }
        ],
        extra={
            "301": {
                "description": "An old numbered address of a public record: Location gives its opaque one.",
                "headers": {"Location": {"schema": TEXT}},
            },
            "404": _error("No public record has this id."),
        },
        tag="prisoners",
    ),
    "/events": _get(
        "listEvents",
        "Published solidarity events, filtered like the public list",
        _ok(_ref("EventPage"), "One page of events: upcoming soonest first, past ones newest first."),
        parameters=EVENT_FILTERS,
        extra={"400": BAD_PARAMETER, "404": _error("The page is past the last one.")},
        tag="events",
    ),
    "/events/{slug}": _get(
        "getEvent",
        "One published event (cancelled and past ones included)",
        _ok(_ref("Event"), "The public listing."),
        parameters=[
            {
                "name": "slug",
                "in": "path",
                "required": True,
                "description": "The event's opaque identifier (`id` in the list).",
                "schema": {"type": "string", "pattern": "^[a-z0-9]{1,20}$"},
            }
        ],
        extra={
            "301": {
                "description": "An old numbered address of a published event: Location gives its opaque one.",
                "headers": {"Location": {"schema": TEXT}},
            },
            "404": _error("No published event has this id."),
        },
        tag="events",
    ),
    "/dates": _get(
        "listDates",
        "Commemorative dates with their next occurrence",
        _ok(_object({"items": {"type": "array", "items": _ref("CommemorativeDate")}}), "Every date, by name."),
        tag="dates",
    ),
    "/dates/upcoming": _get(
        "upcomingDates",
        "Next occurrences, soonest first",
        _ok(
            _object(
                {
                    "items": {
                        "type": "array",
                        "items": _object({"on": DATE, "date": _ref("CommemorativeDate")}),
                    }
                }
            ),
            "Upcoming occurrences.",
        ),
        parameters=[_query("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}, "How many.")],
        extra={"400": BAD_PARAMETER},
        tag="dates",
    ),
    "/days/{slug}/{year}": _get(
        "getDayTotals",
        "Totals of action of one day of action and year (sums over events; pending and hidden reports never count)",
        _ok(_ref("DayTotals"), "Events, places, approved reports' people and letters, and letters reported that day."),
        parameters=[DATE_SLUG, YEAR],
        extra={"404": _error("There is no day of action with this name and year.")},
        tag="dates",
    ),
    "/export/days/{slug}.csv": _get(
        "exportDayTotalsCsv",
        "Every year's totals of one day of action, newest first, as CSV",
        _ok({"type": "string"}, "One row per year: " + ", ".join(DAY_TOTAL_FIELDS) + ".", media_type="text/csv"),
        parameters=[DATE_SLUG],
        extra={"404": _error("There is no day of action with this name.")},
        tag="exports",
    ),
    "/export/prisoners.json": _get(
        "exportJson",
        "Every publicly named prisoner in one document",
        _ok(
            _object({"as_of": DATE, "total": COUNT, "items": {"type": "array", "items": _ref("Prisoner")}}),
            "All public records, by id.",
        ),
        tag="exports",
    ),
    "/export/prisoners.csv": _get(
        "exportCsv",
        "Every publicly named prisoner as CSV (UTF-8 with BOM; formula-like cells start with an apostrophe)",
        _ok({"type": "string"}, "All public records, by id.", media_type="text/csv"),
        tag="exports",
    ),
}


def openapi_document() -> dict:
    """The OpenAPI 3.1 description of the open data API."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Political Prisoner Tracker open data",
            "version": "1",
            "description": (
                "Read-only public data. Records counted but not named at a family's request are never listed, "
                "and enter counts only under the disclosure rules of docs/privacy.md. Every response carries "
                "an ETag derived from its body (no Last-Modified: the time of a change could date one to a "
                "person not named); send If-None-Match to get 304 when nothing changed. CORS is open for GET."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [{"name": name} for name in ("counts", "prisoners", "dates", "exports", "meta")],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
