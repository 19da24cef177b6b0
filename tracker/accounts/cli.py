"""`flask --app wsgi users …`: accounts from the command line."""

import click
from flask.cli import with_appcontext

from tracker.accounts import services
from tracker.accounts.models import Role
from tracker.extensions import db

users = click.Group("users", help="Manage user accounts.")


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Prompted when omitted.")
@with_appcontext
def create(email: str, role: str, password: str) -> None:
    """Create an account, e.g. the first admin of a fresh install."""
    try:
        user = services.create_user(email, password, Role(role))
    except services.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created user {user.id} with role {role}.")
