"""Sign in and out; admins manage accounts and roles."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from tracker.accounts import services
from tracker.accounts.auth import role_required
from tracker.accounts.forms import ROLE_LABELS, LoginForm, UserCreateForm, UserEditForm
from tracker.accounts.models import Role, User
from tracker.extensions import db, limiter
from tracker.prisoners.forms import ConfirmForm

blueprint = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so `next` cannot send people to another host."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
        and "\\" not in target
    ):
        return target
    return url_for("counts.home")


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("counts.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            return redirect(_safe_next(request.args.get("next")), code=303)
        # One message for unknown email and wrong password: no account enumeration.
        form.password.errors = [_("Wrong email or password.")]
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form), status


@blueprint.post("/logout")
@login_required
def logout():
    """Sign out."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("counts.home"), code=303)


@blueprint.get("/accounts/users")
@role_required(Role.ADMIN)
def users():
    """Admins' list of accounts."""
    return render_template("accounts/users.html", users=services.list_users(), ROLE_LABELS=ROLE_LABELS)


@blueprint.route("/accounts/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def create_user():
    """Create an account with a role."""
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            services.create_user(form.email.data, form.password.data, form.role.data)
        except services.AccountError as error:
            db.session.rollback()
            form.email.errors = [*form.email.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The account was created."), "success")
            return redirect(url_for("accounts.users"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/user_form.html", form=form, user=None), status


@blueprint.route("/accounts/users/<int:user_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_user(user_id: int):
    """Change an account's role or deactivate it."""
    user = db.session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=user)
    if form.validate_on_submit():
        try:
            services.update_account(user, role=form.role.data, active=form.active.data, acting_admin=current_user)
        except services.AccountError as error:
            db.session.rollback()
            form.role.errors = [*form.role.errors, str(error)]
        else:
            db.session.commit()
            flash(_("The account was updated."), "success")
            return redirect(url_for("accounts.users"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/user_form.html", form=form, user=user), status
