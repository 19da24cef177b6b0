"""Public prisoner list and pages; editors' forms for records and timelines."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from tracker.accounts.auth import role_required
from tracker.accounts.models import Role
from tracker.audit.models import AuditAction
from tracker.audit.services import record as audit
from tracker.consent import services as consent
from tracker.consent.models import Channel, ConsentOutput, DecisionStatus, GivenBy
from tracker.consent.screening import name_withheld
from tracker.consent.services import ConsentChoice
from tracker.core.forms import ConfirmForm, fill_translations, translation_data
from tracker.core.i18n import current_language
from tracker.core.pagecache import shared_page
from tracker.core.paging import page_problem, past_the_end, requested_page
from tracker.core.slugs import old_number
from tracker.core.validators import select_choices
from tracker.counts.figures import public_not_named_records
from tracker.extensions import db
from tracker.history.views import DashboardSection, add_dashboard_section
from tracker.media import InvalidImage, clean_image, store_image
from tracker.prisoners import services
from tracker.prisoners.forms import (
    ArticleForm,
    PlaceForm,
    PrisonerFilterForm,
    PrisonerForm,
    TimelineEntryForm,
    TimelineNoteForm,
    parse_articles,
)
from tracker.prisoners.models import (
    EVENT_LABELS,
    GENDER_LABELS,
    REGION_LABELS,
    STATUS_LABELS,
    Article,
    Place,
    Prisoner,
    Region,
    Status,
    TimelineEntry,
    status_label,
)
from tracker.prisoners.search import PrisonerSearch, search_prisoners
from tracker.prisoners.timeline import custody_periods, days_behind_bars, status_from_entries, visible_entries
from tracker.prisoners.verification import stale_prisoners
from tracker.timeutil import today_in, utcnow

blueprint = Blueprint("prisoners", __name__, url_prefix="/prisoners")


@blueprint.record_once
def _register_template_helpers(state: BlueprintSetupState) -> None:
    """Prisoners' labels and names, for the pages of every feature that shows a prisoner."""
    state.app.jinja_env.globals.update(
        EVENT_LABELS=EVENT_LABELS, GENDER_LABELS=GENDER_LABELS, REGION_LABELS=REGION_LABELS, STATUS_LABELS=STATUS_LABELS
    )
    state.app.jinja_env.globals.update(
        places_by_key=services.places_by_key, articles_by_code=services.articles_by_code, status_label=status_label
    )
    state.app.jinja_env.filters["name"] = lambda prisoner: prisoner.display_name(current_language())
    add_dashboard_section(state.app, DashboardSection("prisoners/_stale.html", _stale_records))


def _stale_records() -> dict:
    days = current_app.config["VERIFICATION_STALE_DAYS"]
    return {"stale": stale_prisoners(_today(), max_age_days=days), "stale_days": days}


EDITABLE_FIELDS = (
    "name_be", "name_ru", "name_be_latn", "name_en", "aliases", "birth_date", "gender", "region",
    "sentence", "term_months", "expected_release_on", "detention_place", "postal_address",
    "address_hidden", "biography", "last_verified_on", "name_withheld", "private_notes",
)  # fmt: skip


def _today():
    return today_in(current_app.config["DISPLAY_TIMEZONE"])


def _list(include_withheld: bool, template: str):
    form = PrisonerFilterForm(MultiDict(request.args))
    # The English name stays the value, so a link that filters by place reads the same in every language.
    names = {key: place.translated("name") for key, place in services.places_by_key().items()}
    places = sorted(
        ((name, names[str(place_id)]) for place_id, name in services.detention_places()), key=lambda pair: pair[1]
    )
    form.place.choices = select_choices([("", _("Any place")), *places])
    page_number = requested_page(request.args)
    valid = form.validate() if request.args else True
    if page_number is None or not valid:
        # One message for a bad page number on every list (tracker.core.paging).
        form.page.errors = [page_problem()] if page_number is None else []
        return render_template(template, form=form, page=None, withheld=0), 400
    search = PrisonerSearch(
        q=(form.q.data or "").strip(),
        status=Status(form.status.data) if form.status.data else None,
        region=Region(form.region.data) if form.region.data else None,
        place=services.place_key(form.place.data or ""),
        article=(form.article.data or "").strip(),
        include_withheld=include_withheld,
    )
    page = search_prisoners(search, today=_today(), page=page_number, per_page=current_app.config["PRISONERS_PER_PAGE"])
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    if page_number > page.pages:
        return past_the_end(page_number, page.pages, url_for(request.endpoint, page=page.pages, **args))
    # Editors' list is exact; the public one follows disclosure control (None: "fewer than k").
    withheld = services.withheld_count() if include_withheld else public_not_named_records(_today())
    return render_template(template, form=form, page=page, args=args, withheld=withheld)


@blueprint.get("")
@shared_page
def index():
    """Public, searchable list of named prisoners."""
    return _list(include_withheld=False, template="prisoners/index.html")


@blueprint.get("/manage")
@role_required(Role.EDITOR)
def manage():
    """Editors' list: every record, including those not named."""
    return _list(include_withheld=True, template="prisoners/manage.html")


def _public_or_moved(slug: str, endpoint: str) -> Prisoner:
    """The public record at `slug`; an old numbered address of a public record moves to its slug.

    Any other number, like a withheld record's, is the same plain 404 as one that never existed.
    """
    if (number := old_number(slug)) is not None:
        prisoner = services.get_public_prisoner(number)
        moved = prisoner is not None and prisoner.numbered_address
        abort(redirect(url_for(endpoint, slug=prisoner.slug), code=301) if moved else 404)
    return services.get_public_prisoner_by_slug(slug) or abort(404)


@blueprint.get("/<slug>")
@shared_page
def show(slug: str):
    """A prisoner's public page with the published timeline."""
    prisoner = _public_or_moved(slug, "prisoners.show")
    today = _today()
    periods = custody_periods(prisoner.timeline, public=True)
    return render_template(
        "prisoners/show.html",
        prisoner=prisoner,
        status=status_from_entries(prisoner.timeline, on=today),
        timeline=visible_entries(prisoner.timeline, public=True),
        held_since=periods[-1].start if periods and periods[-1].end is None else None,
        days_behind_bars=days_behind_bars(periods, today),
    )


@blueprint.get("/<slug>/photo")
def photo(slug: str):
    """A named prisoner's photo, served by the app itself."""
    prisoner = _public_or_moved(slug, "prisoners.photo")
    if not prisoner.public_photo:
        abort(404)
    return send_from_directory(current_app.config["UPLOAD_DIR"] / "photos", prisoner.public_photo)


def _photo_from(form: PrisonerForm, prisoner: Prisoner | None) -> str | None:
    """Return the stored photo name, a new one, or raise InvalidImage."""
    current = prisoner.photo_filename if prisoner else None
    upload = form.photo.data
    if upload and getattr(upload, "filename", ""):
        image = clean_image(
            upload.read(),
            max_bytes=current_app.config["PHOTO_MAX_BYTES"],
            max_pixels=current_app.config["PHOTO_MAX_PIXELS"],
        )
        return store_image(image, current_app.config["UPLOAD_DIR"] / "photos")
    if form.remove_photo.data:
        return None
    return current


# The form's consent boxes on an existing record go through the consent rules, never straight in.
CONSENT_BOXES = {"name_withheld": ConsentOutput.NAME, "address_hidden": ConsentOutput.LETTER_ADDRESS}


def _consent_choices(prisoner: Prisoner | None, values: dict) -> list[ConsentChoice]:
    """Take the consent boxes out of `values` for an existing record, as choices to record."""
    if prisoner is None:
        return []
    choices = []
    for name, output in CONSENT_BOXES.items():
        allowed = not values.pop(name)
        choices.append(ConsentChoice(output, allowed, GivenBy.EDITORS, Channel.RECORD_FORM, _today()))
    return choices


def _record_consent(prisoner: Prisoner, choices: list[ConsentChoice]) -> bool:
    """Apply tightening at once and queue loosening; whether anything waits for a second editor."""
    decisions = [consent.decide(prisoner, choice, actor_id=current_user.id, now=utcnow()) for choice in choices]
    return any(decision is not None and decision.status == DecisionStatus.PENDING for decision in decisions)


def _edit(prisoner: Prisoner | None):
    form = PrisonerForm(obj=prisoner)
    if prisoner is not None and prisoner.name_withheld and request.method == "GET":
        audit(AuditAction.VIEWED_NOT_NAMED, actor_id=current_user.id, prisoner_id=prisoner.id, detail="record")
        db.session.commit()
    if prisoner is not None and request.method == "GET":
        fill_translations(form, prisoner, Prisoner.translated_fields)
        form.articles.data = ", ".join(prisoner.article_codes)
        while len(form.sources) > 0:
            form.sources.pop_entry()
        for source in prisoner.sources:
            form.sources.append_entry({"url": source.url, "title": source.title})
        for _blank in range(2):
            form.sources.append_entry()
    if form.validate_on_submit():
        try:
            photo_filename = _photo_from(form, prisoner)
        except InvalidImage as error:
            form.photo.errors = [*form.photo.errors, str(error)]
        else:
            values = {name: getattr(form, name).data for name in EDITABLE_FIELDS}
            consent_choices = _consent_choices(prisoner, values)
            saved = services.save_prisoner(
                prisoner,
                articles=parse_articles(form.articles.data),
                sources=form.source_pairs(),
                photo_filename=photo_filename,
                translations={name: translation_data(form, name) for name in Prisoner.translated_fields},
                **values,
            )
            waiting = _record_consent(saved, consent_choices)
            if prisoner is None and saved.name_withheld:
                name_withheld()  # a new not-named record: text already published may name them
            db.session.commit()
            flash(_("The record was saved."), "success")
            if waiting:
                flash(_("Making the record more public waits for a second editor's approval (Consent)."), "info")
            return redirect(url_for("prisoners.edit", prisoner_id=saved.id), code=303)
    status = 400 if request.method == "POST" else 200
    entry_form = TimelineEntryForm(formdata=None)
    return render_template("prisoners/edit.html", form=form, prisoner=prisoner, entry_form=entry_form), status


@blueprint.route("/new", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def create():
    """Add a prisoner record."""
    return _edit(None)


@blueprint.route("/<int:prisoner_id>/edit", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def edit(prisoner_id: int):
    """Edit a prisoner record."""
    return _edit(db.session.get(Prisoner, prisoner_id) or abort(404))


@blueprint.post("/<int:prisoner_id>/timeline")
@role_required(Role.EDITOR)
def add_entry(prisoner_id: int):
    """Add a dated entry to a prisoner's timeline."""
    prisoner = db.session.get(Prisoner, prisoner_id) or abort(404)
    entry_form = TimelineEntryForm()
    if entry_form.validate_on_submit():
        try:
            services.add_timeline_entry(
                prisoner,
                kind=entry_form.kind.data,
                occurred_on=entry_form.occurred_on.data,
                note=entry_form.note.data or "",
                note_translations=translation_data(entry_form, "note"),
                published=entry_form.published.data,
                today=_today(),
            )
        except services.TimelineError as error:
            db.session.rollback()
            entry_form.occurred_on.errors = [*entry_form.occurred_on.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The timeline entry was added."), "success")
            return redirect(url_for("prisoners.edit", prisoner_id=prisoner.id, _anchor="timeline"), code=303)
    form = PrisonerForm(obj=prisoner, formdata=None)
    form.articles.data = ", ".join(prisoner.article_codes)
    return render_template("prisoners/edit.html", form=form, prisoner=prisoner, entry_form=entry_form), 400


def _entry(prisoner_id: int, entry_id: int) -> TimelineEntry:
    entry = db.session.get(TimelineEntry, entry_id)
    # The prisoner lookup hides soft-deleted records, whose entries must not change either.
    if entry is None or entry.prisoner_id != prisoner_id or db.session.get(Prisoner, prisoner_id) is None:
        abort(404)
    return entry


@blueprint.post("/<int:prisoner_id>/timeline/<int:entry_id>/publish")
@role_required(Role.EDITOR)
def publish_entry(prisoner_id: int, entry_id: int):
    """Publish a held-back release or pardon."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.publish_timeline_entry(_entry(prisoner_id, entry_id))
    db.session.commit()
    flash(_("The entry is now shown on public pages."), "success")
    return redirect(url_for("prisoners.edit", prisoner_id=prisoner_id, _anchor="timeline"), code=303)


@blueprint.route("/timeline/<int:entry_id>/note", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def edit_entry_note(entry_id: int):
    """Say what a timeline entry's note says in every language."""
    entry = db.session.get(TimelineEntry, entry_id) or abort(404)
    entry = _entry(entry.prisoner_id, entry_id)
    form = TimelineNoteForm(obj=entry)
    if request.method == "GET":
        fill_translations(form, entry, TimelineEntry.translated_fields)
    if form.validate_on_submit():
        services.save_timeline_note(entry, notes=translation_data(form, "note"))
        db.session.commit()
        flash(_("The note was saved."), "success")
        return redirect(url_for("prisoners.edit", prisoner_id=entry.prisoner_id, _anchor="timeline"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("prisoners/entry_note.html", form=form, entry=entry), status


@blueprint.post("/<int:prisoner_id>/timeline/<int:entry_id>/delete")
@role_required(Role.EDITOR)
def delete_entry(prisoner_id: int, entry_id: int):
    """Delete a mistaken timeline entry."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.delete_timeline_entry(_entry(prisoner_id, entry_id))
    db.session.commit()
    flash(_("The entry was deleted."), "success")
    return redirect(url_for("prisoners.edit", prisoner_id=prisoner_id, _anchor="timeline"), code=303)


@blueprint.get("/manage/places")
@role_required(Role.EDITOR)
def places():
    """Editors' list of places of detention and the languages each lacks."""
    return render_template("prisoners/places.html", places=services.all_places())


@blueprint.route("/manage/places/<int:place_id>/edit", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def edit_place(place_id: int):
    """Name a place in every language."""
    place = db.session.get(Place, place_id) or abort(404)
    form = PlaceForm(obj=place)
    if request.method == "GET":
        fill_translations(form, place, Place.translated_fields)
    if form.validate_on_submit():
        try:
            services.save_place(place, names=translation_data(form, "name"))
        except services.ReferenceClash as error:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The place was saved."), "success")
            return redirect(url_for("prisoners.places"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("prisoners/place_form.html", form=form, place=place), status


@blueprint.get("/manage/articles")
@role_required(Role.EDITOR)
def articles():
    """Editors' list of criminal-code articles and their descriptions."""
    return render_template("prisoners/articles.html", articles=services.all_articles())


def _edit_article(article: Article | None):
    form = ArticleForm(obj=article)
    if request.method == "GET" and article is not None:
        fill_translations(form, article, Article.translated_fields)
    if form.validate_on_submit():
        try:
            saved = services.save_article(
                article,
                code=form.code.data,
                titles=translation_data(form, "title"),
                source_title=form.source_title.data,
                source_url=form.source_url.data or "",
                reviewed_on=form.reviewed_on.data,
                is_sample=form.is_sample.data,
            )
        except services.ReferenceClash as error:
            db.session.rollback()
            form.code.errors = [*form.code.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The article was saved."), "success")
            return redirect(url_for("prisoners.edit_article", article_id=saved.id), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("prisoners/article_form.html", form=form, article=article), status


@blueprint.route("/manage/articles/new", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def create_article():
    """Describe a criminal-code article."""
    return _edit_article(None)


@blueprint.route("/manage/articles/<int:article_id>/edit", methods=["GET", "POST"])
@role_required(Role.EDITOR)
def edit_article(article_id: int):
    """Correct an article's description."""
    return _edit_article(db.session.get(Article, article_id) or abort(404))
