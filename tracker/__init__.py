"""The political prisoner tracker: application factory."""

import logging
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Config, config_from_env

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_class: type[Config] | None = None) -> Flask:
    """Build the Flask app; no migrations, network or scheduler here."""
    config_class = config_class or config_from_env()
    config_class.check()
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(config_class.INSTANCE_DIR),
    )
    app.config.from_object(config_class)
    if hops := app.config["TRUSTED_PROXY_HOPS"]:
        # Behind a reverse proxy, the client's address (rate limits) and scheme come from its headers,
        # trusted only for the configured number of proxies so a client cannot forge them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security(app)
    register_template_helpers(app)
    register_backup(app)
    register_commands(app)
    logging.getLogger("tracker").setLevel(logging.INFO)
    # Flask-Limiter logs each breach with its key, the client's address; its warnings name no client.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)
    return app


def register_extensions(app: Flask) -> None:
    """Bind extension instances to the app."""
    from tracker.core import cache, pagecache
    from tracker.core.i18n import select_locale
    from tracker.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    cache.init_app(app)
    pagecache.init_app(app)
    from tracker.accounts import auth  # noqa: F401  registers the user loader
    from tracker.audit import models as audit_models  # noqa: F401
    from tracker.consent import models as consent_models  # noqa: F401
    from tracker.core import (
        changes,  # noqa: F401  also marks data changes on every flush
        links,  # noqa: F401  so migrations see every table
        models,  # noqa: F401  so migrations see every table
    )
    from tracker.events import models as event_models  # noqa: F401
    from tracker.guidance import models as guidance_models  # noqa: F401
    from tracker.history import capture  # noqa: F401  installs the history and soft-delete listeners
    from tracker.letters import models as letter_models  # noqa: F401
    from tracker.mail import models as mail_models  # noqa: F401
    from tracker.reminders import models as reminder_models  # noqa: F401
    from tracker.reports import models as report_models  # noqa: F401
    from tracker.requests import models as request_models  # noqa: F401


def register_blueprints(app: Flask) -> None:
    """Register one blueprint per feature."""
    from tracker.core.converters import DatabaseIntConverter

    # Before any route is added: every <int:…> then refuses ids too large for the database.
    app.url_map.converters["int"] = DatabaseIntConverter
    from tracker.accounts.views import blueprint as accounts
    from tracker.api.views import blueprint as api
    from tracker.audit.views import blueprint as audit
    from tracker.backup.views import blueprint as backup
    from tracker.consent.views import blueprint as consent
    from tracker.core.views import blueprint as core
    from tracker.counts.views import blueprint as counts
    from tracker.dates.views import blueprint as dates
    from tracker.events.moderation import blueprint as event_moderation
    from tracker.events.views import blueprint as events
    from tracker.guidance.views import blueprint as guidance
    from tracker.history.views import blueprint as history
    from tracker.imports.views import blueprint as imports
    from tracker.kits.views import blueprint as kits
    from tracker.letters.views import blueprint as letters
    from tracker.mail.views import blueprint as mail
    from tracker.prisoners.views import blueprint as prisoners
    from tracker.reminders.views import blueprint as reminders
    from tracker.reports.views import blueprint as reports
    from tracker.requests.views import blueprint as requests
    from tracker.sharing.views import blueprint as sharing

    for blueprint in (
        core,
        counts,
        prisoners,
        dates,
        reminders,
        accounts,
        mail,
        events,
        event_moderation,
        history,
        api,
        backup,
        imports,
        consent,
        audit,
        guidance,
        requests,
        sharing,
        letters,
        kits,
        reports,
    ):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    """Render HTTP errors with the site's templates, never a traceback."""
    from tracker.core.errors import register

    register(app)


def register_security(app: Flask) -> None:
    """Security headers on every response; admins without two-factor are sent to set it up."""
    from tracker.accounts.auth import register_two_factor_guard
    from tracker.core.security import register as register_security_headers

    register_security_headers(app)
    register_two_factor_guard(app)


def register_template_helpers(app: Flask) -> None:
    """Expose formatting helpers and the role model to templates."""
    from tracker.core.templating import register

    register(app)


def register_backup(app: Flask) -> None:
    """Each feature adds its lists to the full export; an import loads them in this order."""
    from tracker.consent import backup as consent
    from tracker.counts import backup as counts
    from tracker.dates import backup as dates
    from tracker.events import backup as events
    from tracker.guidance import backup as guidance
    from tracker.history import backup as history
    from tracker.prisoners import backup as prisoners
    from tracker.reminders import backup as reminders
    from tracker.reports import backup as reports

    for feature in (prisoners, consent, counts, dates, events, reports, reminders, guidance, history):
        feature.init_app(app)


def register_commands(app: Flask) -> None:
    """Add the operator commands to `flask --app wsgi`."""
    from tracker.accounts.cli import users
    from tracker.backup.cli import backup
    from tracker.demo.cli import demo
    from tracker.events.cli import events
    from tracker.mail.cli import dispatcher_command
    from tracker.reminders.cli import reminders
    from tracker.requests.cli import requests_group
    from tracker.retention.cli import retention
    from tracker.scheduler import scheduler_command

    app.cli.add_command(users)
    app.cli.add_command(backup)
    app.cli.add_command(demo)
    app.cli.add_command(events)
    app.cli.add_command(reminders)
    app.cli.add_command(requests_group)
    app.cli.add_command(retention)
    app.cli.add_command(scheduler_command)
    app.cli.add_command(dispatcher_command)
