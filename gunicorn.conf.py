"""Gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be overridden from the environment (GUNICORN_WORKERS=8, …) or the command line.
The scheduler and the mail dispatchers are separate processes (docs/deploy.md), never workers.
"""

import multiprocessing
import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Requests are short and mostly wait on the database: the usual 2 × cores + 1 sync workers.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Behind a reverse proxy that buffers slow clients, a request that takes this long is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Workers are not recycled by default: each keeps the figures it computed (tracker.core.cache), and a
# fresh worker must compute them again. Set GUNICORN_MAX_REQUESTS to bound a suspected leak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "0"))
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))
# The app is imported per worker (no preload): database pools must not be shared across a fork.
preload_app = False
# Trust X-Forwarded-* only from the local reverse proxy (see docs/deploy.md).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# No client address and no query string (a search box could carry a name): a seized log must not tie
# an address to a visit (docs/privacy.md). The worker's pid leads the line instead.
access_log_format = '%(p)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

# The paths of emailed links, whose last part is a token that names one subscriber or organizer.
TOKEN_PATHS = re.compile(r"^(/(?:subscribe/confirm|unsubscribe|events/confirm|events/manage)/)[^/?]+")


class PrivateAccessLogger(Logger):
    """An access log that cannot name a visitor, whatever format an operator passes on the command line.

    The client's address (also when a proxy forwarded it), the query string, the referrer and the
    cookies are blanked, and the token in an emailed link is cut from its path.
    """

    def atoms(self, resp, req, environ, request_time):
        """Gunicorn's log fields, with everything that could identify a visitor blanked."""
        atoms = super().atoms(resp, req, environ, request_time)
        path = TOKEN_PATHS.sub(r"\1-", environ.get("PATH_INFO", ""))
        atoms.update(h="-", q="", f="-", U=path, r=f"{atoms['m']} {path} {atoms['H']}")
        for key in list(atoms):
            if key.startswith("{") and re.search(r"forwarded|real-ip|client-ip|remote|cookie|referer", key, re.I):
                atoms[key] = "-"
        return atoms


logger_class = PrivateAccessLogger


def post_worker_init(worker):
    """Before a fresh worker accepts a request, do what its first reader would otherwise wait for."""
    from tracker.core.startup import prepare_worker

    prepare_worker(worker.wsgi)
