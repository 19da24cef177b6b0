"""Public JSON shapes of records; only fields the public pages may show."""

from datetime import date

from flask import current_app, has_request_context, request, url_for

from tracker.core.translations import SOURCE_LANGUAGE, Translatable
from tracker.counts.models import CountSnapshot
from tracker.counts.services import CurrentCount, DayCount
from tracker.dates.models import CommemorativeDate
from tracker.prisoners.models import Prisoner, Status
from tracker.prisoners.timeline import visible_entries


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def data_language() -> str:
    """The language the API answers in: the `lang` parameter, else Accept-Language, else English.

    Unlike pages, the API ignores the language cookie: a script's answer should not depend on
    what its author last chose in a browser.
    """
    if not has_request_context():
        return SOURCE_LANGUAGE
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    return request.accept_languages.best_match(languages) or SOURCE_LANGUAGE


def _text(record: Translatable | None, field: str) -> str:
    return record.translated(field, data_language()) if record is not None else ""


def translations(record: Translatable | None, fields: tuple[str, ...] | None = None, **renamed: str) -> dict:
    """Every language a record's text is in, by field (`renamed` maps an output name to a field)."""
    if record is None:
        return {}
    names = {field: field for field in (fields if fields is not None else record.translated_fields)} | renamed
    return {name: record.texts(field) for name, field in names.items()}


def public_prisoner(prisoner: Prisoner, status: Status) -> dict:
    """A named prisoner as the public page shows them; callers must never pass a not-named record."""
    if prisoner.name_withheld:
        raise ValueError("a not-named record has no public representation")
    return {
        "id": prisoner.slug,
        "url": url_for("prisoners.show", slug=prisoner.slug, _external=True),
        "names": {
            "be": prisoner.name_be,
            "ru": prisoner.name_ru,
            "be_latn": prisoner.name_be_latn,
            "en": prisoner.name_en,
        },
        "aliases": prisoner.alias_list,
        "status": status.value,
        "in_custody": status.in_custody,
        "birth_date": _iso(prisoner.birth_date),
        "gender": prisoner.gender.value,
        "region": prisoner.region.value,
        "articles": prisoner.article_codes,
        "sentence": _text(prisoner, "sentence"),
        "term_months": prisoner.term_months,
        "detention_place": _text(prisoner.place, "name"),
        "postal_address": prisoner.public_letter_address(status.in_custody),
        "biography": _text(prisoner, "biography"),
        "photo_url": (
            url_for("prisoners.photo", slug=prisoner.slug, _external=True) if prisoner.public_photo else None
        ),
        "last_verified_on": _iso(prisoner.last_verified_on),
        "sample": prisoner.is_sample,
        "sources": [{"url": source.url, "title": source.title} for source in prisoner.sources],
        "timeline": [
            {
                "date": entry.occurred_on.isoformat(),
                "kind": entry.kind.value,
                "note": _text(entry, "note"),
                "translations": translations(entry),
            }
            for entry in visible_entries(prisoner.timeline, public=True)
        ],
        "translations": translations(prisoner) | translations(prisoner.place, (), detention_place="name"),
    }


def snapshot(item: CountSnapshot | None) -> dict | None:
    """A reported figure with its source."""
    if item is None:
        return None
    return {
        "id": item.id,
        "count": item.count,
        "qualifier": item.qualifier.value,
        "reported_on": item.reported_on.isoformat(),
        "source_name": _text(item, "source_name"),
        "source_url": item.source_url,
        "note": _text(item, "note"),
        "translations": translations(item),
    }


def current_count(count: CurrentCount) -> dict:
    """The computed count now."""
    return {
        "held": count.held,
        "not_named": count.not_named,
        "not_named_fewer_than": count.not_named_fewer_than,
        "as_of": count.as_of.isoformat(),
    }


def breakdown_row(value: str, count: int | None, threshold: int) -> dict:
    """One row of a breakdown; a withheld count is null with the threshold it is below."""
    return {"value": value, "count": count, "fewer_than": threshold if count is None else None}


def day_count(day: DayCount) -> dict:
    """One day of the count history."""
    return {
        "date": day.on.isoformat(),
        "held": day.held,
        "detained": day.detained,
        "released": day.released,
        "died_in_custody": day.died,
    }


def commemorative_date(item: CommemorativeDate, today: date) -> dict:
    """A commemorative date with its next occurrence; a linked person only if publicly named."""
    linked = item.prisoner if item.prisoner is not None and not item.prisoner.name_withheld else None
    return {
        "id": item.id,
        "slug": item.slug,
        "name": _text(item, "name"),
        "description": _text(item, "description"),
        "suggested_actions": [line.strip() for line in _text(item, "suggested_actions").splitlines() if line.strip()],
        "translations": translations(item),
        "recurrence": item.recurrence.value,
        "month": item.month,
        "day": item.day,
        "on_date": _iso(item.on_date),
        "timezone": item.timezone,
        "next_occurrence": _iso(item.next_occurrence(today)),
        "prisoner_id": linked.slug if linked else None,
    }


def public_event(event) -> dict:
    """A published event as visitors see it: no exact address with "city only", no city in an unsafe country."""
    from tracker.events.feeds import public_location
    from tracker.events.text import plain_text

    location = public_location(event)
    status = "cancelled" if event.cancelled else "rescheduled" if event.rescheduled else "scheduled"
    occurrence = None
    if event.commemorative_date is not None and event.occurrence_on is not None:
        occurrence = {"slug": event.commemorative_date.slug, "date": event.occurrence_on.isoformat()}
    return {
        "id": event.slug,
        "url": url_for("events.show", slug=event.slug, _external=True),
        "ics_url": url_for("events.event_ics", slug=event.slug, _external=True),
        "title": event.title,
        "description": plain_text(event.description),
        "status": status,
        "starts_at": event.local_start.isoformat(),
        "ends_at": event.local_end.isoformat(),
        "timezone": event.timezone,
        "location": {
            "venue": location.venue,
            "address": location.address,
            "city": location.city,
            "country": location.country_code,
            "online_url": location.online_url,
            "exact_address_on_request": location.withheld,
            "place_private": location.private,
        },
        "organizer_name": event.organizer_name,
        "public_contact": event.public_contact,
        "language": event.language,
        "tags": [tag.name for tag in event.tags],
        # A prisoner who became "not named" after the event was listed drops out here too.
        "prisoners": [
            {"id": prisoner.slug, "name": prisoner.display_name("en")} for prisoner in event.public_prisoners
        ],
        "occurrence": occurrence,
        "image_url": url_for("events.image", slug=event.slug, _external=True) if event.public_image else None,
    }
