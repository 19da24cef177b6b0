"""Editors' pages for commemorative dates."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.core.validators import select_choices
from tracker.dates import services
from tracker.dates.forms import RECURRENCE_LABELS, DateForm
from tracker.dates.models import CommemorativeDate
from tracker.extensions import db
from tracker.prisoners.services import named_prisoner_choices

blueprint = Blueprint("dates", __name__, url_prefix="/dates")


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
