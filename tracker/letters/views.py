"""The letter page, "I sent a letter", the monthly birthday list and its feed; editors' per-person counts."""

from datetime import date

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from werkzeug.datastructures import MultiDict

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.core.cache import cached
from tracker.core.http import conditional
from tracker.core.i18n import current_language
from tracker.core.paging import last_page_url, malformed_page, page_of, past_the_end, requested_page
from tracker.dates.ics import occurrences_ics
from tracker.extensions import db, limiter
from tracker.guidance.models import GuidanceTopic
from tracker.guidance.services import note_in
from tracker.history.views import DashboardSection, add_dashboard_section
from tracker.letters import birthdays, services
from tracker.letters.forms import LETTER_LANGUAGE_LABELS, LetterSentForm, SuggestionFilterForm
from tracker.letters.services import ReportOutcome
from tracker.prisoners.models import Prisoner
from tracker.timeutil import today_in, utcnow

blueprint = Blueprint("letters", __name__, url_prefix="/letters")

OUTCOME_MESSAGES = {
    ReportOutcome.ALREADY_COUNTED: (
        409,
        _l("This letter is already counted. Thank you! To count another letter, ask for a new suggestion."),
    ),
    ReportOutcome.EXPIRED: (
        400,
        _l("This suggestion is too old to count. Ask for a new suggestion and report from it."),
    ),
    ReportOutcome.INVALID: (400, _l("This suggestion could not be read, so nothing was counted. Ask for a new one.")),
}


SAMPLE_LABELS = {
    GuidanceTopic.LETTER_SAMPLE_FIRST: _l("A first letter"),
    GuidanceTopic.LETTER_SAMPLE_BIRTHDAY: _l("A birthday card"),
}


def _today():
    return today_in(current_app.config["DISPLAY_TIMEZONE"])


@blueprint.record_once
def _register_template_helpers(state: BlueprintSetupState) -> None:
    """The prisoner page's "Write to…" link test, birthdays for other pages, and month names."""
    state.app.jinja_env.globals["letters_advisable"] = lambda prisoner: services.letters_advisable(prisoner, _today())
    state.app.jinja_env.globals["letters_birthdays"] = _birthdays_between
    state.app.jinja_env.globals["letters_month_list"] = _month_list_url
    state.app.jinja_env.filters["month_name"] = lambda first_day: format_date(first_day, "LLLL yyyy")
    add_dashboard_section(state.app, DashboardSection("letters/_dashboard.html", _dashboard_values))


def _dashboard_values() -> dict:
    return {"letters_this_month": services.letters_this_month(_today())}


def _month_list_url(on: date) -> str | None:
    """The address of the birthday list of `on`'s month, or None when the site does not list that month."""
    if not birthdays.has_list(on.year, on.month, _today()):
        return None
    return url_for("letters.birthdays_month", year=on.year, month=on.month)


def _birthdays_between(first: date, last: date) -> list[birthdays.Birthday]:
    """Birthdays between two days for any page that lists them (the day-of-action page: that week's)."""
    today, language = _today(), current_language()
    return cached(
        f"letters-birthdays-between:{first}:{last}",
        lambda: birthdays.birthdays_between(first, last, today=today, locale=language),
        day=today,
    )


@blueprint.after_request
def _never_shared(response: Response) -> Response:
    # Each suggestion is made for one visitor (it carries its own token and moves the fairness
    # counts): a shared cache must never hand it to another. Feeds keep their own validators.
    if response.mimetype != "text/calendar":
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _samples(languages: tuple[str, ...]) -> list:
    topics = (GuidanceTopic.LETTER_SAMPLE_FIRST, GuidanceTopic.LETTER_SAMPLE_BIRTHDAY)
    notes = [note_in(topic, language) for language in languages for topic in topics]
    return [note for note in notes if note is not None]


def _letter_page(form: SuggestionFilterForm, prisoner: Prisoner | None, *, status: int = 200, **context):
    today = _today()
    token = services.record_suggestion(prisoner, utcnow()) if prisoner is not None else None
    if prisoner is not None:
        db.session.commit()
    skip = request.args.getlist("skip")[-services.MAX_SKIPPED :]
    another_args = {"region": form.region.data or None, "language": form.language.data or None}
    if prisoner is not None:
        another_args["skip"] = services.trail(skip, prisoner.slug)
    context.setdefault("message", None)
    return render_template(
        "letters/write.html",
        form=form,
        prisoner=prisoner,
        sent_form=LetterSentForm(formdata=None, suggestion=token),
        birthday=services.birthday_soon(prisoner.birth_date, today) if prisoner else None,
        samples=_samples(form.chosen_languages()),
        LETTER_LANGUAGE_LABELS=LETTER_LANGUAGE_LABELS,
        TOPIC_LABELS_SHORT=SAMPLE_LABELS,
        another_url=url_for("letters.write", **another_args),
        letters_this_month=services.letters_this_month(today),
        **context,
    ), status


@blueprint.get("")
def write():
    """Suggest someone to write to (fairly), with the envelope, the rules and sample texts."""
    form = SuggestionFilterForm(MultiDict(request.args))
    if request.args and not form.validate():
        return _letter_page(form, None, status=400, message=_("Choose a region and a language from the lists."))
    skip = tuple(request.args.getlist("skip")[-services.MAX_SKIPPED :])
    slug = services.choose_suggestion(_today(), region=form.chosen_region(), skip=skip)
    prisoner = services.writable_prisoner(slug, _today()) if slug else None
    return _letter_page(form, prisoner)


@blueprint.get("/to/<slug>")
def write_to(slug: str):
    """The letter page for one person, reached from their page; 404 unless letters to them are advisable."""
    prisoner = services.writable_prisoner(slug, _today()) or abort(404)
    return _letter_page(SuggestionFilterForm(MultiDict(request.args)), prisoner)


@blueprint.post("/sent")
@limiter.limit(lambda: current_app.config["LETTERS_REPORT_RATE_LIMIT"])
def sent():
    """Count one letter for the suggestion the button carries: once, with nothing about the writer."""
    form = LetterSentForm()
    if not form.validate_on_submit():
        return _result_page(ReportOutcome.INVALID)
    outcome = services.report_letter(form.suggestion.data, _today())
    db.session.commit()
    return _result_page(outcome)


def _result_page(outcome: ReportOutcome, *, status: int | None = None):
    code, message = OUTCOME_MESSAGES.get(outcome, (200, None))
    return render_template(
        "letters/sent.html",
        counted=outcome == ReportOutcome.COUNTED,
        message=message,
        letters_this_month=services.letters_this_month(_today()),
    ), status or code


@blueprint.errorhandler(RateLimitExceeded)
def _limited(_error: RateLimitExceeded):
    return render_template(
        "letters/sent.html",
        counted=False,
        message=_("Too many letters reported from here in a short time. Please try again in an hour."),
        letters_this_month=services.letters_this_month(_today()),
    ), 429


@blueprint.get("/manage")
@role_required(Role.EDITOR)
def manage():
    """Per-person counts of suggestions and reported letters (editors only: never published)."""
    today = _today()
    return render_template(
        "letters/manage.html", tallies=services.tallies(today), letters_this_month=services.letters_this_month(today)
    )


# ---- birthdays this month ----------------------------------------------------------------------------------


def _month_or_404(year: int, month: int) -> None:
    if not birthdays.has_list(year, month, _today()):
        abort(404)


@blueprint.get("/birthdays")
def birthdays_now():
    """This month's birthdays."""
    today = _today()
    return birthdays_month(today.year, today.month)


@blueprint.get("/birthdays/<int:year>/<int:month>")
def birthdays_month(year: int, month: int):
    """Birthdays in one month with the addresses letters may go to; printable, a page at a time."""
    _month_or_404(year, month)
    number = requested_page(request.args)
    if number is None:
        return malformed_page()
    today, language = _today(), current_language()
    entries = cached(
        f"letters-birthdays:{year}-{month}",
        lambda: birthdays.birthdays_in_month(year, month, today=today, locale=language),
        day=today,
    )
    page = page_of(entries, number, current_app.config["LETTERS_BIRTHDAYS_PER_PAGE"])
    if number > page.pages:
        last_url = last_page_url("letters.birthdays_month", page.pages, year=year, month=month)
        return past_the_end(number, page.pages, last_url)
    around = [birthdays.shifted_month(year, month, by) for by in (-1, 1)]
    return render_template(
        "letters/birthdays.html",
        page=page,
        year=year,
        month=month,
        first_day=birthdays.month_bounds(year, month)[0],
        previous_month=around[0] if birthdays.has_list(*around[0], today) else None,
        next_month=around[1] if birthdays.has_list(*around[1], today) else None,
    )


def _birthday_feed(first, last, name: str, filename: str) -> Response:
    today, language = _today(), current_language()

    def build() -> bytes:
        occurrences = birthdays.birthday_occurrences(first, last, today=today, locale=language)
        return occurrences_ics(name, occurrences)

    body = cached(f"letters-birthdays-feed:{first}:{last}", build, day=today)
    response = Response(
        body, mimetype="text/calendar", headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )
    return conditional(response)


@blueprint.get("/birthdays/<int:year>/<int:month>.ics")
def birthdays_month_feed(year: int, month: int):
    """One month's birthdays as an iCalendar file."""
    _month_or_404(year, month)
    first, last = birthdays.month_bounds(year, month)
    name = _("Birthdays of political prisoners, %(month)s", month=f"{year}-{month:02d}")
    return _birthday_feed(first, last, name, f"birthdays-{year}-{month:02d}.ics")


@blueprint.get("/birthdays.ics")
def birthdays_feed():
    """A subscription: birthdays from today to the end of next month, so a card can still arrive."""
    today = _today()
    next_year, next_month = birthdays.shifted_month(today.year, today.month, 1)
    last = birthdays.month_bounds(next_year, next_month)[1]
    return _birthday_feed(today, last, _("Birthdays of political prisoners"), "birthdays.ics")
