"""Editors manage guidance notes; public pages show the one for the reader's language."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.core.i18n import current_language
from tracker.extensions import db
from tracker.guidance import services
from tracker.guidance.forms import GuidanceForm
from tracker.guidance.models import TOPIC_LABELS, GuidanceNote, GuidanceTopic

blueprint = Blueprint("guidance", __name__, url_prefix="/manage/guidance")


@blueprint.record_once
def _register_template_helpers(state: BlueprintSetupState) -> None:
    """`guidance_note(topic)` for any page that shows a letter address."""
    state.app.jinja_env.globals["guidance_note"] = lambda topic: services.note_for(
        GuidanceTopic(topic), current_language()
    )


@blueprint.get("")
@role_required(Role.EDITOR)
def index():
    """Every note, with its source and when it was last checked."""
    return render_template("guidance/index.html", notes=services.all_notes(), TOPIC_LABELS=TOPIC_LABELS)


def _edit(note: GuidanceNote | None):
    form = GuidanceForm(obj=note)
    if form.validate_on_submit():
        topic = GuidanceTopic(form.topic.data)
        if services.topic_taken(topic, form.language.data, note.id if note else None):
            form.language.errors = [*form.language.errors, _("There is already a note on this topic in this language.")]
        else:
            services.save_note(
                note,
                topic=topic,
                language=form.language.data,
                body=form.body.data.strip(),
                source_title=form.source_title.data.strip(),
                source_url=form.source_url.data.strip(),
                reviewed_on=form.reviewed_on.data,
                is_sample=bool(form.is_sample.data),
            )
            db.session.commit()
            flash(_("The note was saved."), "success")
            return redirect(url_for("guidance.index"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("guidance/form.html", form=form, note=note), status


@blueprint.route("/new", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def create():
    """Write a note."""
    return _edit(None)


@blueprint.route("/<int:note_id>/edit", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def edit(note_id: int):
    """Correct or re-check a note."""
    return _edit(db.session.get(GuidanceNote, note_id) or abort(404))
