"""Sign in and out; admins manage accounts and roles."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from tracker.accounts import reset, services
from tracker.accounts.auth import role_required, two_factor_required
from tracker.accounts.forms import (
    ROLE_LABELS,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    PasswordResetRequestForm,
    TwoFactorCodeForm,
    TwoFactorDisableForm,
    UserCreateForm,
    UserEditForm,
)
from tracker.accounts.models import Role, User
from tracker.core.forms import ConfirmForm
from tracker.core.i18n import current_language
from tracker.core.ratelimit import SubmissionLimit
from tracker.core.tokens import BadToken
from tracker.core.urls import safe_next_path
from tracker.extensions import db
from tracker.timeutil import utcnow

blueprint = Blueprint("accounts", __name__)
# Templates of every feature show links and buttons by role.
blueprint.add_app_template_global(Role, "Role")


# Every password or code checked counts, right or wrong (guessing is what the limit stops); a form
# sent with a field left empty checks nothing and does not count.
LOGIN_LIMIT = SubmissionLimit("LOGIN_RATE_LIMIT", "accounts.login")


def _limited_page(template: str, form):
    return render_template(template, form=form, limited=True), 429


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("counts.home"))
    form = LoginForm()
    if request.method == "POST" and LOGIN_LIMIT.exhausted():
        return _limited_page("accounts/login.html", form)
    if form.validate_on_submit():
        LOGIN_LIMIT.count()
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            next_url = safe_next_path(request.args.get("next"))
            if user.has_two_factor:
                # The password was right; the session is only signed in after the code.
                session["two_factor_pending"] = {"id": user.get_id(), "remember": form.remember.data, "next": next_url}
                return redirect(url_for("accounts.login_code"), code=303)
            login_user(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            return redirect(next_url, code=303)
        # One message for unknown email and wrong password: no account enumeration.
        form.password.errors = [_("Wrong email or password.")]
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/login.html", form=form), status


@blueprint.route("/login/code", methods=["GET", "POST"])
def login_code():
    """Second sign-in step for accounts with two-factor."""
    from tracker.accounts.auth import load_user

    pending = session.get("two_factor_pending")
    user = load_user(pending["id"]) if isinstance(pending, dict) and isinstance(pending.get("id"), str) else None
    if user is None:
        session.pop("two_factor_pending", None)
        flash(_("Sign in with your email and password first."), "info")
        return redirect(url_for("accounts.login"))
    form = TwoFactorCodeForm()
    if request.method == "POST" and LOGIN_LIMIT.exhausted():
        return _limited_page("accounts/login_code.html", form)
    if form.validate_on_submit():
        LOGIN_LIMIT.count()
        if services.verify_two_factor(user, form.code.data, utcnow()):
            db.session.commit()
            session.pop("two_factor_pending", None)
            login_user(user, remember=bool(pending.get("remember")))
            flash(_("You are signed in."), "success")
            return redirect(safe_next_path(pending.get("next")), code=303)
        form.code.errors = [_("That code is not right or was already used.")]
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/login_code.html", form=form), status


RESET_LIMIT = SubmissionLimit("PASSWORD_RESET_RATE_LIMIT", "accounts.password_reset_request")


@blueprint.route("/password-reset", methods=["GET", "POST"])
def password_reset_request():
    """Ask for a link to choose a new password; every address gets the same answer."""
    form = PasswordResetRequestForm()
    if request.method == "POST" and RESET_LIMIT.exhausted():
        return _limited_page("accounts/password_reset_request.html", form)
    if form.validate_on_submit():
        RESET_LIMIT.count()
        reset.request_reset(form.email.data, language=current_language(), now=utcnow())
        db.session.commit()
        return redirect(url_for("accounts.password_reset_sent"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/password_reset_request.html", form=form), status


@blueprint.get("/password-reset/sent")
def password_reset_sent():
    """The same page whether or not the address has an account."""
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE_SECONDS"] // 60
    return render_template("accounts/password_reset_sent.html", minutes=minutes)


@blueprint.route("/password-reset/<token>", methods=["GET", "POST"])
def password_reset(token: str):
    """Choose a new password from an emailed link; the link then stops working."""
    try:
        user = reset.user_for_reset(token, now=utcnow())
    except BadToken:
        return render_template("accounts/password_reset_bad_link.html"), 400
    form = PasswordResetForm()
    if form.validate_on_submit():
        services.set_password(user, form.new_password.data)
        db.session.commit()
        flash(_("Your password was changed. Sign in with it now."), "success")
        return redirect(url_for("accounts.login"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/password_reset.html", form=form), status


@blueprint.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change one's own password; every other session is signed out."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not services.check_password(current_user, form.current_password.data):
            form.current_password.errors = [_("Your current password is not right.")]
        else:
            services.set_password(current_user, form.new_password.data)
            db.session.commit()
            login_user(current_user)  # this session continues under the new session token
            flash(_("Your password was changed. Other sessions were signed out."), "success")
            return redirect(url_for("accounts.account"), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/account.html", form=form), status


@blueprint.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor():
    """Turn two-factor sign-in on (scan a secret, confirm a code) or off."""
    if current_user.has_two_factor:
        form = TwoFactorDisableForm()
        required = two_factor_required(current_user)
        if form.validate_on_submit():
            if required:
                abort(403)
            if services.check_password(current_user, form.password.data):
                services.disable_two_factor(current_user)
                db.session.commit()
                flash(_("Two-factor sign-in is off."), "info")
                return redirect(url_for("accounts.account"), code=303)
            form.password.errors = [_("Your password is not right.")]
        status = 400 if request.method == "POST" else 200
        return render_template("accounts/two_factor.html", form=form, enabled=True, required=required), status
    secret = session.get("two_factor_secret")
    if not isinstance(secret, str) or request.method == "GET":
        secret = services.new_totp_secret()
        session["two_factor_secret"] = secret
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        if services.enable_two_factor(current_user, secret, form.code.data, utcnow()):
            db.session.commit()
            session.pop("two_factor_secret", None)
            flash(_("Two-factor sign-in is on."), "success")
            return redirect(url_for("accounts.account"), code=303)
        form.code.errors = [_("That code is not right. Check the time on your phone and try again.")]
    uri = services.totp_uri(secret, current_user.email, current_app.config["TOTP_ISSUER"])
    status = 400 if request.method == "POST" else 200
    return render_template("accounts/two_factor.html", form=form, enabled=False, secret=secret, uri=uri), status


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
