"""`flask --app wsgi demo load`: demo data, never in production."""

import click
from flask import current_app
from flask.cli import with_appcontext

from tracker.demo.data import database_is_empty, load_demo_data
from tracker.extensions import db
from tracker.timeutil import today_in

demo = click.Group("demo", help="Demo data for development.")


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when records already exist.")
@with_appcontext
def load(if_empty: bool) -> None:
    """Load the seed facts and sample records."""
    if not current_app.config["DEMO_DATA_ALLOWED"]:
        raise click.ClickException("Demo data is never loaded with the production configuration.")
    if not database_is_empty():
        if if_empty:
            click.echo("Records exist; demo data not loaded.")
            return
        raise click.ClickException("The database already holds records; demo data goes into an empty one.")
    load_demo_data(today_in(current_app.config["DISPLAY_TIMEZONE"]))
    db.session.commit()
    click.echo("Demo data loaded.")
