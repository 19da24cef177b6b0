"""Subscribing, confirming and unsubscribing, and the public reminder pages."""

import logging
from datetime import timedelta

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from tracker.core import links
from tracker.core.forms import ConfirmForm
from tracker.core.i18n import current_language
from tracker.core.pagecache import shared_page
from tracker.core.ratelimit import SubmissionLimit
from tracker.core.tokens import BadToken, read_token
from tracker.counts.figures import current_count
from tracker.dates.occurrences import local_midnight
from tracker.dates.services import list_dates
from tracker.extensions import csrf, db
from tracker.reminders import services, tokens
from tracker.reminders.actions import suggested_actions
from tracker.reminders.forms import SubscribeForm, lead_label
from tracker.reminders.mail import describe_choice
from tracker.timeutil import today_in, utcnow

logger = logging.getLogger(__name__)

blueprint = Blueprint("reminders", __name__)

MAX_YEAR = 9999


SUBSCRIBE_LIMIT = SubmissionLimit("SUBSCRIBE_RATE_LIMIT", "reminders.subscribe")


@blueprint.route("/subscribe", methods=["GET", "POST"])
def subscribe():
    """Subscribe to email reminders without an account."""
    form = SubscribeForm()
    form.date_ids.choices = [SelectChoice(item.id, item.translated("name")) for item in list_dates()]
    form.lead_days.choices = [
        SelectChoice(days, lead_label(days)) for days in current_app.config["REMINDER_LEAD_DAYS_CHOICES"]
    ]
    if request.method == "GET":
        form.lead_days.data = list(current_app.config["REMINDER_DEFAULT_LEAD_DAYS"])
        form.language.data = current_language()
    if request.method == "POST" and SUBSCRIBE_LIMIT.exhausted():
        return render_template("reminders/subscribe.html", form=form, limited=True), 429
    if form.validate_on_submit():
        try:
            services.subscribe(
                form.email.data,
                all_dates=form.scope.data == "all",
                date_ids=form.date_ids.data or [],
                lead_days=form.lead_days.data or [],
                language=form.language.data,
                now=utcnow(),
            )
        except services.SubscriptionError as error:
            db.session.rollback()
            form.email.errors = [*form.email.errors, str(error)]
        else:
            SUBSCRIBE_LIMIT.count()
            db.session.commit()
            # The same answer for new, pending and existing addresses: nobody learns who is subscribed.
            return redirect(url_for("reminders.check_inbox"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("reminders/subscribe.html", form=form), status


@blueprint.get("/subscribe/check-your-inbox")
def check_inbox():
    """Tell the visitor to look for the confirmation email."""
    return render_template("reminders/check_inbox.html")


def _confirm_link(token: str) -> tokens.ConfirmLink | None:
    """What a confirmation token asks for; raises BadToken."""
    if links.is_signed(token):
        max_age = current_app.config["SUBSCRIPTION_CONFIRM_MAX_AGE"]
        return tokens.confirm_link(read_token(tokens.CONFIRM_PURPOSE, token, max_age_seconds=max_age))
    return tokens.stored_confirm_link(links.read(tokens.CONFIRM_PURPOSE, token, now=utcnow()))


def _unsubscribe_subscription_id(token: str) -> int | None:
    """The subscription an unsubscribe token names; raises BadToken."""
    if links.is_signed(token):
        return tokens.unsubscribe_subscription_id(read_token(tokens.UNSUBSCRIBE_PURPOSE, token))
    return links.read(tokens.UNSUBSCRIBE_PURPOSE, token, now=utcnow()).target_id


@blueprint.route("/subscribe/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """GET shows a button (mail scanners prefetch links); POST confirms."""
    try:
        link = _confirm_link(token)
    except BadToken as error:
        return render_template("reminders/link_problem.html", expired=error.expired), 400
    outcome = services.check_confirmation(link)
    if outcome is not None:
        status = 200 if outcome is services.ConfirmOutcome.ALREADY_CONFIRMED else 400
        return _confirmed_page(outcome, link, status)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        outcome = services.confirm(link, utcnow())
        db.session.commit()
        status = 400 if outcome is services.ConfirmOutcome.STALE else 200
        return _confirmed_page(outcome, link, status)
    return render_template("reminders/confirm.html", form=form)


def _confirmed_page(outcome, link: tokens.ConfirmLink | None, status: int):
    """The outcome, with what the subscription now covers when it is confirmed."""
    choice = None
    subscription = services.confirmed_subscription(link)
    if subscription is not None:
        choice = describe_choice(
            subscription.all_dates, [cdate.id for cdate in subscription.dates], subscription.lead_days
        )
    return render_template("reminders/confirmed.html", outcome=outcome, choice=choice), status


@blueprint.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click POSTs come from mail providers with no session; the token authenticates.
def unsubscribe(token: str):
    """GET shows a button; POST (from that button or a mail client's one-click) unsubscribes."""
    try:
        subscription_id = _unsubscribe_subscription_id(token)
    except BadToken:
        return render_template("reminders/link_problem.html", expired=False), 400
    subscription = services.subscription_for_unsubscribe(subscription_id)
    if request.method == "GET":
        return render_template("reminders/unsubscribe.html", done=False)
    if subscription is not None:
        services.unsubscribe(subscription, utcnow())
        db.session.commit()
    return render_template("reminders/unsubscribe.html", done=True)


@blueprint.get("/reminders")
@shared_page
def index():
    """Every published reminder page, upcoming and archived."""
    return render_template("reminders/index.html", pages=services.list_published_pages(utcnow()))


@blueprint.get("/reminders/<slug>/<year>")
@shared_page
def page(slug: str, year: str):
    """What the day is, the count, birthdays that week, suggested actions; 404 until published."""
    if not year.isdigit() or len(year) > 4 or not 1900 <= int(year) <= MAX_YEAR or len(slug) > 80:
        abort(404)
    now = utcnow()
    reminder_page = services.get_published_page(slug, int(year), now) or abort(404)
    commemorative_date = reminder_page.commemorative_date
    occurs_on = commemorative_date.occurrence_in(int(year))
    if occurs_on is None:  # a one-off date moved to another year after publication
        abort(404)
    today = today_in(current_app.config["DISPLAY_TIMEZONE"])
    return render_template(
        "reminders/page.html",
        commemorative_date=commemorative_date,
        occurs_on=occurs_on,
        starts_at=local_midnight(occurs_on, commemorative_date.timezone),
        is_past=now >= local_midnight(occurs_on + timedelta(days=1), commemorative_date.timezone),
        count=current_count(today),
        birthdays=services.birthdays_in_week(occurs_on, today, current_language()),
        actions=suggested_actions(commemorative_date),
        page_title=_("%(name)s %(year)s", name=commemorative_date.translated("name"), year=year),
    )
