"""Home page, count history with breakdowns and downloads, and reported snapshots."""

import csv
import io

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.core.cache import cached
from tracker.core.forms import fill_translations, translation_data
from tracker.core.pagecache import shared_page
from tracker.counts import figures, services
from tracker.counts.chart import chart_geometry
from tracker.counts.forms import SnapshotForm
from tracker.counts.models import QUALIFIER_LABELS, CountSnapshot
from tracker.dates.services import upcoming_dates
from tracker.extensions import db

blueprint = Blueprint("counts", __name__)

# Where the home page's "write to a prisoner" call to action leads (endpoint, arguments).
WRITE_TO_A_PRISONER = ("letters.write", {})


@blueprint.record_once
def _check_disclosure_threshold(state) -> None:
    """A threshold below 2 would publish groups of one: refuse to start with it (docs/privacy.md)."""
    if state.app.config["DISCLOSURE_MIN_CELL"] < 2:
        raise RuntimeError("DISCLOSURE_MIN_CELL must be at least 2: a group of one is a person.")


def _today():
    return figures.display_today()


def _exact() -> bool:
    """Whether this reader sees exact figures: signed-in editors and admins (tracker.counts.disclosure)."""
    return current_user.is_authenticated and current_user.has_role(Role.EDITOR)


@blueprint.get("/")
@shared_page
def home():
    """The count now, the latest reported figure, the chart and breakdowns."""
    # The most-visited page: its figures are built once per change of the data, not per view, and
    # anonymous readers share the whole page (tracker.core.pagecache).
    return render_template("counts/home.html", figures=_home_figures(_today(), _exact()))


def _home_figures(today, exact: bool) -> Markup:
    return cached(
        "exact-home-figures" if exact else "home-figures",
        lambda: Markup(_render_home_figures(today, exact)),  # noqa: S704  our own autoescaped template
        day=today,
    )


def _render_home_figures(today, exact: bool) -> str:
    series = figures.count_series(today, exact=exact)
    snapshot = services.latest_snapshot()
    upcoming = upcoming_dates(today, limit=3)
    endpoint, arguments = WRITE_TO_A_PRISONER
    return render_template(
        "counts/_home_figures.html",
        current=figures.current_count(today, exact=exact),
        snapshot=snapshot,
        snapshot_age=services.snapshot_age(snapshot, today, current_app.config["REPORTED_FIGURE_STALE_DAYS"]),
        next_date=upcoming[0] if upcoming else None,
        days_to_next=(upcoming[0][1] - today).days if upcoming else None,
        write_url=url_for(endpoint, **arguments),
        count_chart=chart_geometry(series),
        changes=services.changes_only(series)[:10],
        breakdowns=figures.breakdowns(today, exact=exact),
        exact=exact,
        upcoming=upcoming,
        QUALIFIER_LABELS=QUALIFIER_LABELS,
    )


@blueprint.get("/counts")
@shared_page
def history():
    """Count history, every change, every breakdown and the downloads."""
    today = _today()
    exact = _exact()
    series = figures.count_series(today, exact=exact)
    return render_template(
        "counts/history.html",
        exact=exact,
        current=figures.current_count(today, exact=exact),
        snapshot=services.latest_snapshot(),
        snapshots=services.list_snapshots(),
        count_chart=chart_geometry(series),
        # The page stays light on a slow line; the downloads carry every day.
        changes=services.changes_only(series)[:60],
        breakdowns=figures.breakdowns(today, exact=exact),
        QUALIFIER_LABELS=QUALIFIER_LABELS,
    )


METHOD_NOTE = (
    "Counted from the records: a person is held on a day if their published timeline shows a detention "
    "on or before that day and no release, pardon, exile or death in custody since. People not named at "
    "their families' request are included only when at least %(k)s of them are held, with their changes "
    "on the first day of the following month; the detained, released and died columns count named "
    "records only. Reported figures from other sources are listed separately and never mixed into this count."
)


@blueprint.get("/counts.csv")
@shared_page
def history_csv():
    """The daily count series as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "held", "detained", "released", "died_in_custody"])
    for day in figures.count_series(_today(), exact=_exact()):
        writer.writerow([day.on.isoformat(), day.held, day.detained, day.released, day.died])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=political-prisoner-counts.csv"},
    )


@blueprint.get("/counts.json")
@shared_page
def history_json():
    """The daily count series and the latest reported figure as JSON."""
    today = _today()
    exact = _exact()
    current = figures.current_count(today, exact=exact)
    snapshot = services.latest_snapshot()
    return {
        "method": METHOD_NOTE % {"k": current_app.config["DISCLOSURE_MIN_CELL"]},
        "as_of": today.isoformat(),
        "computed": {
            "held": current.held,
            "not_named": current.not_named,
            "not_named_fewer_than": current.not_named_fewer_than,
        },
        "latest_reported": None
        if snapshot is None
        else {
            "count": snapshot.count,
            "qualifier": snapshot.qualifier.value,
            "reported_on": snapshot.reported_on.isoformat(),
            "source_name": snapshot.source_name,
            "source_url": snapshot.source_url,
        },
        "series": [
            {
                "date": day.on.isoformat(),
                "held": day.held,
                "detained": day.detained,
                "released": day.released,
                "died_in_custody": day.died,
            }
            for day in figures.count_series(today, exact=exact)
        ],
    }


@blueprint.get("/counts/snapshots")
@role_required(Role.EDITOR)
def snapshots():
    """Editors' list of reported figures."""
    return render_template(
        "counts/snapshots.html", snapshots=services.list_snapshots(), QUALIFIER_LABELS=QUALIFIER_LABELS
    )


def _edit_snapshot(snapshot: CountSnapshot | None):
    form = SnapshotForm(obj=snapshot)
    if request.method == "GET" and snapshot is not None:
        fill_translations(form, snapshot, CountSnapshot.translated_fields)
    if form.validate_on_submit():
        services.save_snapshot(
            snapshot,
            count=form.count.data,
            qualifier=form.qualifier.data,
            reported_on=form.reported_on.data,
            source_name=form.source_name.data.strip(),
            source_url=form.source_url.data or "",
            note=(form.note.data or "").strip(),
            translations={field: translation_data(form, field) for field in CountSnapshot.translated_fields},
        )
        db.session.commit()
        flash(_("The reported figure was saved."), "success")
        return redirect(url_for("counts.snapshots"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("counts/snapshot_form.html", form=form, snapshot=snapshot), status


@blueprint.route("/counts/snapshots/new", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def create_snapshot():
    """Record a reported figure."""
    return _edit_snapshot(None)


@blueprint.route("/counts/snapshots/<int:snapshot_id>/edit", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def edit_snapshot(snapshot_id: int):
    """Correct a reported figure."""
    return _edit_snapshot(db.session.get(CountSnapshot, snapshot_id) or abort(404))
