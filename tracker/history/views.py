"""Editors' record history, revert and delete; admins' deleted records; the editors' dashboard."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.core.forms import ConfirmForm
from tracker.core.translations import records_missing_translations
from tracker.extensions import db
from tracker.history import services
from tracker.history.forms import DeleteForm
from tracker.history.models import REGISTRY, VersionAction, Versioned

blueprint = Blueprint("history", __name__)
DASHBOARD_SECTIONS = "tracker.dashboard_sections"


@blueprint.record_once
def _register_translation_section(state) -> None:
    """Editors see which record texts lack a translation (tracker.core.translations)."""
    add_dashboard_section(
        state.app,
        DashboardSection(
            "core/_missing_translations.html", lambda: {"missing_translations": records_missing_translations()}
        ),
    )


ACTION_LABELS = {
    VersionAction.BASELINE: _l("State when history began"),
    VersionAction.CREATE: _l("Created"),
    VersionAction.UPDATE: _l("Edited"),
    VersionAction.DELETE: _l("Deleted"),
    VersionAction.RESTORE: _l("Restored"),
    VersionAction.REVERT: _l("Reverted"),
}


def type_labels() -> dict[str, str]:
    """What each kind of versioned record is called, by entity type."""
    return {entity_type: model.history_title or entity_type for entity_type, model in REGISTRY.items()}


def field_label(entity_type: str, field: str) -> str:
    """A readable name for a snapshot field."""
    model = services.model_for(entity_type)
    return model.history_field_label(field) if model else field.replace("_", " ").capitalize()


def field_value(entity_type: str, field: str, value):
    """A stored value as its form shows it: the label of a choice (a region's name), else as is."""
    model = services.model_for(entity_type)
    return model.history_value_label(field, value) if model else value


def _record(entity_type: str, record_id: int) -> Versioned:
    return services.get_record(entity_type, record_id) or abort(404)


def _edit_url(record: Versioned) -> str | None:
    if record.history_edit_endpoint is None or record.is_deleted:
        return None
    endpoint, keyword = record.history_edit_endpoint
    return url_for(endpoint, **{keyword: record.id})


@dataclass(frozen=True)
class DashboardSection:
    """A feature's part of the editors' dashboard: a template and the values it renders."""

    template: str
    context: Callable[[], dict[str, Any]]


def add_dashboard_section(app: Flask, section: DashboardSection) -> None:
    """Show a feature's section on the editors' dashboard, above the latest changes."""
    app.extensions.setdefault(DASHBOARD_SECTIONS, []).append(section)


@blueprint.get("/manage")
@role_required(Role.EDITOR)
def dashboard():
    """Editors' dashboard: what the features ask editors to look at, and the latest changes."""
    sections = current_app.extensions.get(DASHBOARD_SECTIONS, [])
    values: dict[str, Any] = {}
    for section in sections:
        values.update(section.context())
    return render_template(
        "history/dashboard.html",
        **values,
        sections=[section.template for section in sections],
        recent=services.recent_versions(),
        TYPE_LABELS=type_labels(),
        ACTION_LABELS=ACTION_LABELS,
    )


@blueprint.get("/history/<entity_type>/<int:record_id>")
@role_required(Role.EDITOR)
def show(entity_type: str, record_id: int):
    """A record's versions, newest first, each as a diff against the one before."""
    record = _record(entity_type, record_id)
    return render_template(
        "history/show.html",
        record=record,
        entity_type=entity_type,
        diffs=services.version_diffs(record),
        edit_url=_edit_url(record),
        field_label=field_label,
        field_value=field_value,
        TYPE_LABELS=type_labels(),
        ACTION_LABELS=ACTION_LABELS,
        delete_form=DeleteForm(formdata=None),
    )


@blueprint.post("/history/<entity_type>/<int:record_id>/revert/<int:number>")
@role_required(Role.EDITOR)
def revert(entity_type: str, record_id: int, number: int):
    """Bring a record back to an earlier version; the revert becomes a new version."""
    record = _record(entity_type, record_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        changed = services.revert(record, number)
    except services.HistoryError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("history.show", entity_type=entity_type, record_id=record_id), code=303)
    db.session.commit()
    if changed:
        flash(_("The record was reverted to version %(number)s.", number=number), "success")
    else:
        flash(_("The record already holds the values of version %(number)s.", number=number), "info")
    return redirect(url_for("history.show", entity_type=entity_type, record_id=record_id), code=303)


@blueprint.route("/history/<entity_type>/<int:record_id>/delete", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def delete(entity_type: str, record_id: int):
    """Soft-delete a record, with a reason; an admin can restore it."""
    record = _record(entity_type, record_id)
    if record.is_deleted:
        flash(_("This record is already deleted."), "info")
        return redirect(url_for("history.show", entity_type=entity_type, record_id=record_id), code=303)
    form = DeleteForm()
    if form.validate_on_submit():
        try:
            services.soft_delete(record, reason=form.reason.data, actor_id=current_user.id)
        except services.HistoryError as error:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The record was deleted. An admin can restore it."), "success")
            return redirect(url_for("history.show", entity_type=entity_type, record_id=record_id), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template(
        "history/delete.html", form=form, record=record, entity_type=entity_type, TYPE_LABELS=type_labels()
    ), status


@blueprint.get("/history/deleted")
@role_required(Role.ADMIN)
def deleted():
    """Admins' list of soft-deleted records, with their reasons."""
    return render_template("history/deleted.html", records=services.deleted_records(), TYPE_LABELS=type_labels())


@blueprint.post("/history/<entity_type>/<int:record_id>/restore")
@role_required(Role.ADMIN)
def restore(entity_type: str, record_id: int):
    """Bring a soft-deleted record back to public pages and counts."""
    record = _record(entity_type, record_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.restore(record)
    except services.HistoryError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("history.show", entity_type=entity_type, record_id=record_id), code=303)
    db.session.commit()
    flash(_("The record was restored."), "success")
    return redirect(url_for("history.show", entity_type=entity_type, record_id=record_id), code=303)
