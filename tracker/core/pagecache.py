"""Public pages served from one cache that every worker shares, so a spike of readers costs no rendering.

On a day of action news coverage sends thousands of readers at once to the same few pages. A view
marked `@shared_page` is rendered once per data generation (tracker.core.changes), display day,
language and normalised query, kept in the shared store (Flask-Caching: Redis in production, files
under instance/ otherwise) and served from there to every anonymous reader. Any write to public
data moves the generation, so the next request renders afresh; a worker notices another process's
write within FIGURE_CACHE_CHECK_SECONDS (tracker.core.cache), its own at once.

Only what is the same for every visitor is stored: a request from a signed-in visitor, or with
anything in its session (messages, a sign-in in progress), is rendered for that visitor alone, and
a rendering that put a form token on the page or set a cookie is never stored.

Every response of such a view carries an ETag computed from its body (never from the change
marker, whose time would date a change to a record not named) and answers If-None-Match with 304.
A stored page is compressed once, when stored, and the gzip copy (with its own ETag) goes to every
client that names gzip in Accept-Encoding. Each worker keeps the pages it served last in its own
memory with every header worked out, so serving one again costs a lookup and nothing else.
Anonymous responses say `public` with a short `s-maxage`, so a reverse proxy may keep them too.
"""

import functools
import gzip
import hashlib
import logging
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import wraps
from pathlib import Path
from urllib.parse import urlencode

from cachetools import TTLCache
from flask import Flask, current_app, g, make_response, request, session
from werkzeug.http import parse_accept_header
from werkzeug.wrappers import Response

from tracker.core.cache import current_generation
from tracker.core.i18n import select_locale
from tracker.extensions import page_cache
from tracker.timeutil import today_in

logger = logging.getLogger(__name__)

# Session keys that say nothing about the visitor's page: a form token made on an earlier page, and
# the freshness flag Flask-Login leaves behind after signing out.
NEUTRAL_SESSION_KEYS = frozenset({"csrf_token", "_fresh"})
# What a page varies by besides its address; a reverse proxy's cache key must include it.
VARY = "Accept-Language, Cookie, Accept-Encoding"
# Headers each response gets afresh rather than from the stored page.
UNSTORED_HEADERS = frozenset({"Cache-Control", "ETag", "Date"})
# Smaller bodies gain less from compression than the header costs.
GZIP_MIN_BYTES = 1024


@dataclass(frozen=True)
class Representation:
    """One encoding of a stored page with every header it is sent with, worked out once per worker, not per reader."""

    body: bytes
    headers: tuple[tuple[str, str], ...]


@dataclass
class LocalPages:
    """The renderings this worker served last, ready to send, in its own memory.

    A key names one rendering that never changes, so the copy is as good as the shared one, and a hit
    costs no round trip and no unpickling. Threaded workers share it, hence the lock.
    """

    pages: TTLCache
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: str) -> dict[bool, Representation] | None:
        with self.lock:
            return self.pages.get(key)

    def set(self, key: str, representations: dict[bool, Representation]) -> None:
        with self.lock:
            self.pages[key] = representations


def init_app(app: Flask) -> None:
    """Bind the shared store, and name this release of the code so a deploy never serves old renderings."""
    page_cache.init_app(app)
    local = TTLCache(maxsize=app.config["PAGE_CACHE_LOCAL_ENTRIES"], ttl=app.config["PAGE_CACHE_LOCAL_SECONDS"])
    app.extensions["tracker.local_pages"] = LocalPages(local)
    app.extensions["tracker.page_release"] = release_marker(app)
    # First of all the checks before a view: a stored page is the same for every anonymous reader,
    # so the others (rate limits, the sign-in guard, input checks) have nothing to decide for it.
    app.before_request_funcs.setdefault(None, []).insert(0, serve_stored_page)


def release_marker(app: Flask) -> str:
    """A digest of the code, templates and compiled catalogs: the same in every worker of one release."""
    return _digest_of(app.root_path, str(Path(app.root_path).parent / app.template_folder))


@functools.cache
def _digest_of(*folder_names: str) -> str:
    # Once per process: the files of a running release do not change under it.
    folders = [Path(name) for name in folder_names]
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".xml", ".mo"} and path.is_file():
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def shared_page(view):
    """Serve the view's anonymous responses from the shared page cache (see the module's docstring)."""

    @wraps(view)
    def serve(*args, **kwargs):
        if request.method not in {"GET", "HEAD"} or _visitor_specific():
            return _private(make_response(view(*args, **kwargs)))
        key = page_key()
        # The early hook (serve_stored_page) may have just asked the store for this key.
        representations = None if g.get("page_cache_missed") == key else _load(key)
        if representations is None:
            response = make_response(view(*args, **kwargs))
            if response.status_code == 304:  # the view's own validator matched (feeds): nothing to store
                return _with_public_headers(response)
            if not _storable(response):
                return _private(response)
            representations = _save(key, _entry(response))
        return _public(representations)

    serve.shared_page = True
    return serve


def serve_stored_page() -> Response | None:
    """Answer an anonymous reader from the page cache before any other check; None when it holds no page.

    Rate limits are not checked for a page answered here: a view with a limit of its own, or an app
    with default limits, must not be a shared page (a test holds the app to it). A blueprint with
    checks of its own (the API refuses an unknown language) keeps them: its pages are answered by
    the view's wrapper, after those checks.
    """
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if not getattr(view, "shared_page", False) or request.method not in {"GET", "HEAD"} or _visitor_specific():
        return None
    if any(current_app.before_request_funcs.get(name) for name in request.blueprints):
        return None
    key = page_key()
    representations = _load(key)
    if representations is None:
        g.page_cache_missed = key
        return None
    return _public(representations)


def page_key() -> str:
    """This request's key: release, data generation, display day, language, address and normalised query.

    The address includes scheme and host: links in the API and the widget are absolute, and a
    request with a forged Host header must not put its links into everyone's page.
    """
    day: date = today_in(current_app.config["DISPLAY_TIMEZONE"])
    address = f"{request.scheme}://{request.host}{request.path}?{normalised_query()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    release = current_app.extensions["tracker.page_release"]
    # The language as the app chooses it (tracker.core.i18n), without parsing a Babel locale.
    return f"{release}:{current_generation()}:{day.isoformat()}:{select_locale()}:{digest}"


def warm_pages(now: datetime) -> int:
    """Scheduled job: render the most-read pages into the shared cache for the current data, in every language.

    After a change or a deploy, the first reader of a page would otherwise wait for its rendering
    (a feed of thousands of events takes seconds in a fresh process); the scheduler takes that
    wait instead. Pages already stored cost one cache read each. Returns how many pages it asked for.
    """
    client = current_app.test_client()
    base_url = current_app.config["SITE_URL"]
    asked = 0
    for path in current_app.config["PAGE_CACHE_WARM_PATHS"]:
        for language in current_app.config["LANGUAGES"]:
            client.set_cookie("lang", language)
            # A context of its own per page, as a web request has: the language is chosen once per context.
            with current_app.app_context():
                response = client.get(path, base_url=base_url)
            if response.status_code != 200:
                logger.warning("page cache: warming %s answered %s", path, response.status_code)
            asked += 1
    return asked


def normalised_query() -> str:
    """The query string with its parameters in order and each value's spacing and Unicode form made canonical.

    So `?q=ashurok`, `?q=%20ashurok` and `?region=x&q=y` against `?q=y&region=x` share one entry;
    case is kept, because the search box shows what was typed.
    """
    pairs = [(key, _normal(value)) for key, values in request.args.lists() for value in values]
    # By name only: a view reads the first of repeated values, so their order stays part of the key.
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def _normal(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def _visitor_specific() -> bool:
    """Whether this request's page may hold something of this visitor's own.

    A signed-in visitor has their id in the session (Flask-Login's `_user_id`) or brings a remember
    cookie: read here without loading the user, since this runs before every cached page.
    """
    if any(key not in NEUTRAL_SESSION_KEYS for key in session):
        return True
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def _storable(response: Response) -> bool:
    """A complete, successful page that carries nothing of the visitor: no form token, no cookie."""
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and not response.is_streamed
        and "Set-Cookie" not in response.headers
        and not session.modified
        and "csrf_token" not in g
    )


def _entry(response: Response) -> dict:
    body = response.get_data()
    # The server dates each response itself: a stored Date would go out beside it, and out of date.
    headers = [(name, value) for name, value in response.headers.items() if name not in UNSTORED_HEADERS]
    entry = {"body": body, "headers": headers, "etag": hashlib.sha256(body).hexdigest()[:32]}
    if len(body) >= GZIP_MIN_BYTES and _compressible(response.mimetype):
        # Compressed once per rendering, not per reader: a phone on a slow line gets a tenth of the bytes.
        entry["gzip"] = gzip.compress(body, compresslevel=6, mtime=0)
    return entry


def _compressible(mimetype: str) -> bool:
    return mimetype.startswith("text/") or mimetype.endswith(("+xml", "/json", "/xml"))


def _representations(stored: dict, proxy_seconds: int) -> dict[bool, Representation]:
    """The page as sent to clients that take gzip (True) and to those that do not (False)."""
    public = (
        # Browsers revalidate every time (max-age=0, answered with 304); a reverse proxy keeps it briefly.
        ("Cache-Control", f"public, max-age=0, s-maxage={proxy_seconds}"),
        ("Vary", VARY),
    )
    plain = _representation(stored["body"], stored["headers"], f'"{stored["etag"]}"', public)
    if "gzip" not in stored:
        return {False: plain, True: plain}
    # Each encoding is a representation of its own, so it has a tag of its own.
    encoded = (*public, ("Content-Encoding", "gzip"))
    return {False: plain, True: _representation(stored["gzip"], stored["headers"], f'"{stored["etag"]}-gzip"', encoded)}


def _representation(body: bytes, headers: list, etag: str, extra: tuple) -> Representation:
    kept = tuple((name, value) for name, value in headers if name != "Content-Length")
    return Representation(body, (*kept, ("Content-Length", str(len(body))), ("ETag", etag), *extra))


def _public(representations: dict[bool, Representation]) -> Response:
    representation = representations[_asks_for_gzip(request.headers.get("Accept-Encoding", ""))]
    response = current_app.response_class(representation.body, status=200, headers=representation.headers)
    if _is_conditional():
        return response.make_conditional(request)
    return response


# Request headers that make_conditional answers (304, 412); most readers send none of them.
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


def _is_conditional() -> bool:
    environ = request.environ
    return any(name in environ for name in CONDITIONAL_HEADERS)


@functools.lru_cache(maxsize=256)
def _asks_for_gzip(accept_encoding: str) -> bool:
    """Whether the client names gzip (not just `*`): a proxy keyed on the word must never store gzip as plain.

    Memoised by the header's text: browsers of one kind all send the same few values.
    """
    return any(coding.lower() == "gzip" and quality > 0 for coding, quality in parse_accept_header(accept_encoding))


def _with_public_headers(response: Response) -> Response:
    # The view's own 304 (feeds), which carries no stored page's headers.
    response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={current_app.config['PAGE_CACHE_PROXY_SECONDS']}"
    response.headers["Vary"] = VARY
    return response


def _private(response: Response) -> Response:
    # Revalidated by the visitor's own browser only; never kept by a shared cache.
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Vary"] = VARY
    if request.method in {"GET", "HEAD"} and response.status_code == 200 and not response.is_streamed:
        response.add_etag()
        return response.make_conditional(request)
    return response


def _load(key: str) -> dict[bool, Representation] | None:
    local: LocalPages = current_app.extensions["tracker.local_pages"]
    representations = local.get(key)
    if representations is not None:
        return representations
    try:
        stored = page_cache.get(key)
    except Exception:  # noqa: BLE001  a store that fails must cost a rendering, never the page
        logger.exception("page cache: read failed")
        return None
    if stored is None:
        return None
    return _keep_locally(key, stored)


def _save(key: str, stored: dict) -> dict[bool, Representation]:
    try:
        page_cache.set(key, stored)
    except Exception:  # noqa: BLE001  as above
        logger.exception("page cache: write failed")
    return _keep_locally(key, stored)


def _keep_locally(key: str, stored: dict) -> dict[bool, Representation]:
    representations = _representations(stored, current_app.config["PAGE_CACHE_PROXY_SECONDS"])
    current_app.extensions["tracker.local_pages"].set(key, representations)
    return representations
