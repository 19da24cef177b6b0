"""Configuration classes: development defaults, testing, production."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("TRACKER_INSTANCE_DIR", BASE_DIR / "instance"))

_DATA_FALLBACK = "be:be,ru,en;uk:uk,be,ru,en;ru:ru,be,en;en:en"
_DEV_SECRET = "dev-only-not-secret"  # noqa: S105  refused by ProductionConfig.check
# Rate-limit stores that live inside one process (the `limits` library's scheme names).
IN_PROCESS_STORES = ("memory://", "async+memory://")


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _development_site_url() -> str:
    """Where `make run` (PORT) or `flask run` (FLASK_RUN_PORT) serves, so emailed and feed links work there."""
    port = os.environ.get("PORT") or os.environ.get("FLASK_RUN_PORT") or "5000"
    return f"http://localhost:{port}"


class Config:
    """Development defaults: SQLite under instance/, mail to a local folder."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'tracker.sqlite3'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    INSTANCE_DIR = INSTANCE_DIR
    UPLOAD_DIR = Path(os.environ.get("UPLOAD_DIR", INSTANCE_DIR / "uploads"))
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    PHOTO_MAX_BYTES = 5 * 1024 * 1024
    PHOTO_MAX_PIXELS = 40_000_000

    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # Interface languages, each named in itself as the language switcher offers it.
    LANGUAGE_NAMES = {"en": "English", "uk": "Українська", "be": "Беларуская", "ru": "Русский"}
    LANGUAGES = tuple(LANGUAGE_NAMES)
    BABEL_DEFAULT_LOCALE = "en"
    # Which languages a record's text is read in, in turn, for a page in each language
    # (tracker.core.translations), as "page:first,second,...;..."; English, the source, ends every order.
    DATA_LANGUAGE_FALLBACK = {
        language: tuple(order.split(","))
        for language, _, order in (
            part.strip().partition(":")
            for part in os.environ.get("DATA_LANGUAGE_FALLBACK", _DATA_FALLBACK).split(";")
            if part.strip()
        )
    }
    BABEL_DEFAULT_TIMEZONE = "UTC"
    DISPLAY_TIMEZONE = os.environ.get("DISPLAY_TIMEZONE", "Europe/Minsk")

    # How many reverse proxies (nginx: 1) stand in front of gunicorn; their X-Forwarded-For/-Proto are trusted.
    TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))

    # One Redis server per installation (docs/deploy.md) holds what every process must agree on: the
    # rate-limit counters and the shared page cache. Without it, limits count per process.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or REDIS_URL or "memory://"
    # The page cache every worker shares (Flask-Caching, tracker.core.pagecache): Redis when there is
    # one, else files under instance/ (shared by the workers of one machine).
    CACHE_TYPE = os.environ.get("CACHE_TYPE") or ("RedisCache" if REDIS_URL else "FileSystemCache")
    CACHE_REDIS_URL = REDIS_URL
    CACHE_DIR = str(INSTANCE_DIR / "page-cache")
    CACHE_THRESHOLD = 5000  # files kept by the file store before it prunes
    CACHE_KEY_PREFIX = "tracker-page:"
    # Entries are keyed by the data generation, so a change never waits for this; it only bounds
    # what a page that also depends on the clock (an event that has started) may lag behind it.
    CACHE_DEFAULT_TIMEOUT = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
    # How long a reverse proxy may serve an anonymous page without asking (Cache-Control s-maxage).
    PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("PAGE_CACHE_PROXY_SECONDS", "10"))
    # Each worker's own copies of what it served last (a few pages × four languages × a few queries),
    # kept for less time than the shared ones so a page that depends on the clock does not lag twice.
    PAGE_CACHE_LOCAL_ENTRIES = int(os.environ.get("PAGE_CACHE_LOCAL_ENTRIES", "500"))
    PAGE_CACHE_LOCAL_SECONDS = int(os.environ.get("PAGE_CACHE_LOCAL_SECONDS", "60"))
    # The pages the scheduler renders into the shared cache after each change, in every language.
    PAGE_CACHE_WARM_PATHS = (
        "/", "/events", "/dates", "/prisoners", "/reminders", "/counts", "/events/feed.atom", "/events/feed.ics",
        "/dates/calendar.ics", "/api/v1/counts", "/api/v1/events", "/api/v1/dates/upcoming",
    )  # fmt: skip
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5 per hour")
    PASSWORD_RESET_MAX_AGE_SECONDS = 3600

    # Disclosure control (docs/privacy.md): no public figure that includes people not named counts
    # fewer than this many of them.
    DISCLOSURE_MIN_CELL = int(os.environ.get("DISCLOSURE_MIN_CELL", "5"))

    # A reported figure older than this many days is shown with how long ago it was reported.
    REPORTED_FIGURE_STALE_DAYS = int(os.environ.get("REPORTED_FIGURE_STALE_DAYS", "365"))

    # Records not verified for this long are flagged on the editors' dashboard.
    VERIFICATION_STALE_DAYS = int(os.environ.get("VERIFICATION_STALE_DAYS", "180"))

    # How often a web process checks whether another process changed the data behind cached figures.
    FIGURE_CACHE_CHECK_SECONDS = float(os.environ.get("FIGURE_CACHE_CHECK_SECONDS", "1"))

    PRISONERS_PER_PAGE = 25
    SEARCH_MAX_LENGTH = 200

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "tracker@localhost")
    MAIL_FILE_DIR = Path(os.environ.get("MAIL_FILE_DIR", INSTANCE_DIR / "mail"))

    # Neutral traces (docs/privacy.md): for readers whose phones may be searched at a border,
    # NEUTRAL_TRACES=1 makes the sender name, the subjects and the two-factor issuer say nothing
    # about the tracker; each can also be set on its own.
    NEUTRAL_TRACES = _bool("NEUTRAL_TRACES")
    MAIL_SENDER_NAME = os.environ.get("MAIL_SENDER_NAME", "Notifications" if NEUTRAL_TRACES else "")
    # Every subject becomes "Reminder" or "Notification" in the recipient's language.
    MAIL_NEUTRAL_SUBJECTS = _bool("MAIL_NEUTRAL_SUBJECTS", NEUTRAL_TRACES)

    DEMO_DATA_ALLOWED = True
    # age public keys (age1…, comma-separated) the full export is encrypted to when none is given.
    BACKUP_AGE_RECIPIENTS = [key for key in os.environ.get("BACKUP_AGE_RECIPIENTS", "").split(",") if key.strip()]

    HSTS_ENABLED = False
    # Moderators, editors and admins must sign in with two-factor (tracker.accounts.auth).
    REQUIRE_STAFF_TOTP = False
    # The account's name in authenticator apps.
    TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "Account" if NEUTRAL_TRACES else "Political Prisoner Tracker")

    # Absolute address used in emailed links, feeds and widget snippets (never a request's Host header).
    # Without one, development links point at the port being served; production refuses to start.
    SITE_URL = os.environ.get("SITE_URL") or _development_site_url()

    EVENTS_SUBMIT_RATE_LIMIT = os.environ.get("EVENTS_SUBMIT_RATE_LIMIT", "5 per hour")
    EVENTS_CONFIRM_RATE_LIMIT = os.environ.get("EVENTS_CONFIRM_RATE_LIMIT", "20 per hour")
    EVENTS_MAX_LINKS = 3
    EVENTS_PER_PAGE = max(1, int(os.environ.get("EVENTS_PER_PAGE", "25")))
    # A day page shows the first of that week's birthdays and links to the rest, which may be hundreds.
    DAY_PAGE_BIRTHDAYS = 10
    LETTERS_BIRTHDAYS_PER_PAGE = max(1, int(os.environ.get("LETTERS_BIRTHDAYS_PER_PAGE", "50")))
    EVENTS_CONFIRM_MAX_AGE_SECONDS = 7 * 24 * 3600
    # Submitter edits of a published event wait for a moderator.
    EVENTS_REQUEUE_EDITS = _bool("EVENTS_REQUEUE_EDITS", True)
    EVENTS_LISTING_DAYS_AHEAD = int(os.environ.get("EVENTS_LISTING_DAYS_AHEAD", "60"))
    EVENTS_NUDGE_DAYS = [int(days) for days in os.environ.get("EVENTS_NUDGE_DAYS", "30,14,7").split(",")]
    # In-person events in these countries (ISO codes, comma-separated) are published without their
    # place: a listed place there is where the police wait (tracker.events.safety).
    UNSAFE_EVENT_COUNTRIES = tuple(
        code.strip().upper() for code in os.environ.get("UNSAFE_EVENT_COUNTRIES", "BY").split(",") if code.strip()
    )

    # Requests for a correction, withdrawal or consent change (docs/privacy.md): the response time
    # promised to the requester, and how long a handled request is kept before it is deleted.
    REQUEST_RESPONSE_DAYS = int(os.environ.get("REQUEST_RESPONSE_DAYS", "3"))
    REQUEST_RETENTION_DAYS = int(os.environ.get("REQUEST_RETENTION_DAYS", "30"))
    REQUESTS_SUBMIT_RATE_LIMIT = os.environ.get("REQUESTS_SUBMIT_RATE_LIMIT", "5 per hour")

    # "I sent a letter" clicks from one address (each also counts only once per suggestion).
    REPORTS_SUBMIT_RATE_LIMIT = os.environ.get("REPORTS_SUBMIT_RATE_LIMIT", "20 per hour")
    LETTERS_REPORT_RATE_LIMIT = os.environ.get("LETTERS_REPORT_RATE_LIMIT", "20 per hour")

    # Retention (docs/privacy.md): days after which the scheduler deletes what is no longer needed.
    # Subscriptions unsubscribed this long ago:
    RETENTION_UNSUBSCRIBED_DAYS = int(os.environ.get("RETENTION_UNSUBSCRIBED_DAYS", "30"))
    # Subscriptions never confirmed, counted from when their last confirmation link expired:
    RETENTION_UNCONFIRMED_DAYS = int(os.environ.get("RETENTION_UNCONFIRMED_DAYS", "7"))
    # Organizers' private contacts, counted from when their event ended (the event itself stays):
    RETENTION_EVENT_CONTACT_DAYS = int(os.environ.get("RETENTION_EVENT_CONTACT_DAYS", "30"))
    # Sent mail (failed mail stays for the admin); never less than the longest nudge lead time.
    RETENTION_SENT_MAIL_DAYS = int(os.environ.get("RETENTION_SENT_MAIL_DAYS", "31"))

    SCHEDULER_STALE_SECONDS = 300
    # A claim older than this is presumed dead (its dispatcher killed) and its message is sent again.
    MAIL_SEND_LEASE_SECONDS = int(os.environ.get("MAIL_SEND_LEASE_SECONDS", "600"))
    MAIL_DISPATCH_BATCH_SIZE = int(os.environ.get("MAIL_DISPATCH_BATCH_SIZE", "50"))
    MAIL_DISPATCH_IDLE_SECONDS = float(os.environ.get("MAIL_DISPATCH_IDLE_SECONDS", "5"))
    SCHEDULER_MISFIRE_GRACE_SECONDS = 3600

    # Where links in emails point; never taken from a request's Host header.
    DATES_HORIZON_DAYS = int(os.environ.get("DATES_HORIZON_DAYS", "365"))
    DATES_FEED_PAST_DAYS = 30
    DATES_PAGE_DAYS = int(os.environ.get("DATES_PAGE_DAYS", "7"))
    # A week of records holds thousands of dates; a page of the calendar shows this many of them.
    DATES_PER_PAGE = max(1, int(os.environ.get("DATES_PER_PAGE", "50")))
    REMINDER_PAGE_DAYS_AHEAD = int(os.environ.get("REMINDER_PAGE_DAYS_AHEAD", "30"))
    REMINDER_LEAD_DAYS_CHOICES = (30, 14, 7, 3, 1)
    REMINDER_DEFAULT_LEAD_DAYS = (7, 1)
    # Reminders go out at this hour in the date's own time zone.
    REMINDER_SEND_HOUR = int(os.environ.get("REMINDER_SEND_HOUR", "9"))
    # A scheduler that was down sends a reminder it missed if it comes back within this window.
    REMINDER_CATCHUP_HOURS = int(os.environ.get("REMINDER_CATCHUP_HOURS", "48"))
    SUBSCRIPTION_CONFIRM_MAX_AGE = 7 * 24 * 3600
    SUBSCRIPTION_CONFIRMATIONS_PER_DAY = 3
    SUBSCRIBE_RATE_LIMIT = os.environ.get("SUBSCRIBE_RATE_LIMIT", "10 per hour")

    @classmethod
    def check(cls) -> None:
        """Refuse settings that are unsafe for this environment."""


class TestConfig(Config):
    """Isolated settings for the test suite; mail cannot reach a real server."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    # Never the developer's own Redis: a test that needs one starts it (the `redis_url` fixture).
    REDIS_URL = ""
    RATELIMIT_STORAGE_URI = "memory://"
    CACHE_TYPE = "SimpleCache"
    FIGURE_CACHE_CHECK_SECONDS = 0.0  # every request checks, so tests see another app's writes at once
    # Port 0 makes a connection fail at once, so no test sends mail by accident
    # unless it starts its own SMTP server and points MAIL_PORT at it.
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 0


class ProductionConfig(Config):
    """Production: everything secret comes from the environment."""

    ENV_NAME = "production"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    DEMO_DATA_ALLOWED = False
    HSTS_ENABLED = True
    REQUIRE_STAFF_TOTP = True

    @classmethod
    def check(cls) -> None:
        """Refuse to start without a real secret key and database URL."""
        if not cls.SECRET_KEY or cls.SECRET_KEY == _DEV_SECRET or len(cls.SECRET_KEY) < 32:
            raise RuntimeError("ProductionConfig needs SECRET_KEY (32+ random characters).")
        if not cls.SQLALCHEMY_DATABASE_URI:
            raise RuntimeError("ProductionConfig needs DATABASE_URL.")
        if not cls.SITE_URL.startswith("https://"):
            raise RuntimeError("ProductionConfig needs SITE_URL (https://…) for links in emails and feeds.")
        if cls.RATELIMIT_STORAGE_URI.startswith(IN_PROCESS_STORES):
            # Each worker would count on its own: N workers let N times the limit through.
            raise RuntimeError(
                "ProductionConfig needs a shared rate-limit store: REDIS_URL or RATELIMIT_STORAGE_URI "
                "(redis://…, memcached://…), not an in-process one."
            )


CONFIGS = {"development": Config, "testing": TestConfig, "production": ProductionConfig}


def config_from_env() -> type[Config]:
    """Pick the configuration class named by TRACKER_CONFIG (default: development)."""
    name = os.environ.get("TRACKER_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"Unknown TRACKER_CONFIG {name!r}; use one of {sorted(CONFIGS)}") from None
