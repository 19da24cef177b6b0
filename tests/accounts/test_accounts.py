import pytest

from tests.conftest import PASSWORD
from tracker.accounts import services
from tracker.accounts.models import Role, User
from tracker.extensions import db


def test_login_and_logout(client, make_user):
    _user_id, email = make_user(Role.EDITOR)
    response = client.post("/login", data={"email": email.upper(), "password": PASSWORD})
    assert response.status_code == 303
    assert client.get("/prisoners/new").status_code == 200
    assert client.post("/logout").status_code == 303
    assert client.get("/prisoners/new").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_message(client, make_user):
    _user_id, email = make_user(Role.EDITOR)
    wrong = client.post("/login", data={"email": email, "password": "not-the-password"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "not-the-password"})
    assert wrong.status_code == unknown.status_code == 400
    assert "Wrong email or password." in wrong.get_data(as_text=True)
    assert "Wrong email or password." in unknown.get_data(as_text=True)


def test_deactivated_user_cannot_sign_in(app, client, make_user):
    user_id, email = make_user(Role.EDITOR)
    with app.app_context():
        db.session.get(User, user_id).active = False
        db.session.commit()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 400


def test_login_redirect_stays_on_this_site(client, make_user):
    _user_id, email = make_user(Role.EDITOR)
    response = client.post("/login?next=https://evil.example/", data={"email": email, "password": PASSWORD})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = client.post("/login?next=/counts", data={"email": email, "password": PASSWORD})
    assert response.headers["Location"] == "/counts"


def test_passwords_are_stored_as_argon2id(app, make_user):
    user_id, _email = make_user(Role.EDITOR)
    with app.app_context():
        assert db.session.get(User, user_id).password_hash.startswith("$argon2id$")


def test_roles_are_ordered():
    assert Role.ADMIN.rank > Role.EDITOR.rank > Role.MODERATOR.rank > Role.ACTIVIST.rank


def test_admin_creates_an_account_and_changes_its_role(app, client, auth):
    auth.login(Role.ADMIN)
    response = client.post(
        "/accounts/users/new", data={"email": "new@example.org", "role": "moderator", "password": "long-enough-pass"}
    )
    assert response.status_code == 303
    assert "new@example.org" in client.get("/accounts/users").get_data(as_text=True)
    with app.app_context():
        user_id = services.find_user_by_email("new@example.org").id
    assert client.post(f"/accounts/users/{user_id}/edit", data={"role": "editor", "active": "y"}).status_code == 303
    with app.app_context():
        assert db.session.get(User, user_id).role == Role.EDITOR


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-email", "role": "editor", "password": "long-enough-pass"}, "Enter a valid email address."),
        ({"email": "a@example.org", "role": "emperor", "password": "long-enough-pass"}, "Choose one of the options"),
        ({"email": "a@example.org", "role": "editor", "password": "short"}, "Use at least 10 characters."),
    ],
)
def test_admin_account_form_rejects_bad_input(client, auth, data, message):
    auth.login(Role.ADMIN)
    response = client.post("/accounts/users/new", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_duplicate_email_is_refused(client, auth, make_user):
    make_user(Role.EDITOR, email="taken@example.org")
    auth.login(Role.ADMIN)
    response = client.post(
        "/accounts/users/new", data={"email": "Taken@example.org", "role": "editor", "password": "long-enough-pass"}
    )
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)


def test_admin_cannot_demote_themself(app, client, auth):
    email = auth.login(Role.ADMIN)
    with app.app_context():
        user_id = services.find_user_by_email(email).id
    response = client.post(f"/accounts/users/{user_id}/edit", data={"role": "editor", "active": "y"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(User, user_id).role == Role.ADMIN


@pytest.mark.parametrize("role", [Role.ACTIVIST, Role.MODERATOR, Role.EDITOR])
def test_only_admins_manage_accounts(client, auth, role):
    auth.login(role)
    assert client.get("/accounts/users").status_code == 403
    assert client.get("/accounts/users/new").status_code == 403


def test_cli_creates_the_first_admin(app, runner):
    result = runner.invoke(
        args=["users", "create", "first@example.org", "--role", "admin", "--password", "a-good-long-one"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert services.find_user_by_email("first@example.org").role == Role.ADMIN


def test_cli_prompts_for_the_password(app, runner):
    result = runner.invoke(
        args=["users", "create", "prompted@example.org", "--role", "editor"], input="a-good-long-one\na-good-long-one\n"
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert services.authenticate("prompted@example.org", "a-good-long-one") is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "create", "x@example.org", "--role", "king", "--password", "a-good-long-one"], "Invalid value"),
        (["users", "create", "bad-email", "--role", "admin", "--password", "a-good-long-one"], "valid email"),
        (["users", "create", "x@example.org", "--role", "admin", "--password", "short"], "at least 10"),
    ],
)
def test_cli_rejects_bad_input(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output
