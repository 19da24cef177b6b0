"""The event form in the submitter's, organizer's and moderator's pages: stored values in, values and image out."""

from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app, request
from flask_babel import gettext as _

from tracker.core.i18n import current_language
from tracker.events import services
from tracker.events.forms import EventForm, parse_tags
from tracker.events.models import Event
from tracker.media import InvalidImage, clean_image, store_image
from tracker.prisoners.search import PrisonerSearch, search_prisoners
from tracker.prisoners.services import dedication_choices, ids_of_slugs, slugs_of_ids
from tracker.timeutil import as_utc, today_in

# More matches than anyone scrolls through: a longer name narrows them.
DEDICATION_MATCHES = 100

# Fields a GET fills straight from the stored values; the others need converting.
_PLAIN_FIELDS = (
    "title", "description", "timezone", "organizer_name", "private_contact", "venue", "address", "city",
    "country", "online_url", "city_only", "public_contact", "language",
)  # fmt: skip


def image_folder() -> Path:
    """Where event images are stored."""
    return current_app.config["UPLOAD_DIR"] / "events"


def event_form(event: Event | None = None) -> EventForm:
    """The event form, offering upcoming occurrences and the event's own even if it has passed."""
    today = today_in(current_app.config["DISPLAY_TIMEZONE"])
    occurrences = services.upcoming_occurrences(today)
    current = (event.commemorative_date, event.occurrence_on) if event is not None else (None, None)
    if current[0] and current[1] and current not in occurrences:
        occurrences.append(current)
    form = EventForm(occurrences=occurrences)
    offer_dedications(form)
    if event is not None:
        form.stored_start = as_utc(event.starts_at)
    return form


def fill_form(form: EventForm, values: services.EventFields) -> None:
    """Put stored values into a form for a GET."""
    zone = ZoneInfo(values.timezone)
    for name in _PLAIN_FIELDS:
        form[name].data = getattr(values, name)
    form.offer_zone(values.timezone)
    form.starts_at.data = as_utc(values.starts_at).astimezone(zone).replace(tzinfo=None)
    form.ends_at.data = as_utc(values.ends_at).astimezone(zone).replace(tzinfo=None)
    if values.commemorative_date_id and values.occurrence_on:
        form.occurrence.data = f"{values.commemorative_date_id}:{values.occurrence_on.isoformat()}"
    form.prisoner_ids.data = slugs_of_ids(values.prisoner_ids)
    offer_dedications(form)
    form.tags.data = ", ".join(values.tags)


def submitted_values(form: EventForm, current_image: str | None) -> services.EventFields | None:
    """The values of a valid submission, its image stored; None when there is none (the form holds the errors).

    A post of the "Find" button saves nothing: it narrows the list of people and shows the form again.
    """
    if form.searching or not form.validate_on_submit():
        narrow_dedications(form)
        _ask_for_image_again(form)
        return None
    try:
        return _values(form, _image(form, current_image))
    except InvalidImage as error:
        form.image.errors = [*form.image.errors, str(error)]
        return None


def _ask_for_image_again(form: EventForm) -> None:
    # Browsers never refill a file input, and a file from a form with errors is not stored: say so.
    upload = form.image.data
    if upload and getattr(upload, "filename", "") and not form.image.errors:
        form.image.errors = [_("Choose the image again: a chosen file is not kept when the form has a problem.")]


def offer_dedications(form: EventForm, found: Iterable[str] = ()) -> None:
    """Offer the people already chosen and those `found` by name, in the reader's script."""
    chosen = form.prisoner_ids.data or []
    form.prisoner_ids.choices = dedication_choices([*chosen, *found], current_language())


def narrow_dedications(form: EventForm) -> None:
    """Add the people whose names match the search box (in any script) to those already chosen."""
    if request.method == "GET":
        form.dedication_q.data = request.args.get("dedication_q", "")[:100]
    query = (form.dedication_q.data or "").strip()
    form.dedication_matches = None
    if not query:
        return
    today = today_in(current_app.config["DISPLAY_TIMEZONE"])
    found = search_prisoners(PrisonerSearch(q=query), today=today, page=1, per_page=DEDICATION_MATCHES)
    matching = {prisoner.slug for prisoner, _status in found.items}
    offer_dedications(form, matching)
    form.dedication_matches = sum(1 for slug, _label in form.prisoner_ids.choices if slug in matching)


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
        prisoner_ids=ids_of_slugs(list(form.prisoner_ids.data or [])),
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
        return store_image(cleaned, image_folder())
    if form.remove_image.data:
        return None
    return current
