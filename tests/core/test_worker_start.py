"""A fresh gunicorn worker does, before its first request, what that request would otherwise wait for."""

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

# Run in a process of its own: this test process mapped the models long ago.
FRESH_WORKER = """
import gc, importlib.util, json, types
from tracker.extensions import db
import wsgi
def unmapped():
    return sum(not mapper.configured for mapper in db.Model.registry.mappers)
before = unmapped()
spec = importlib.util.spec_from_file_location("settings", "gunicorn.conf.py")
settings = importlib.util.module_from_spec(spec)
spec.loader.exec_module(settings)
settings.post_worker_init(types.SimpleNamespace(wsgi=wsgi.app))
print(json.dumps({"before": before, "after": unmapped(), "frozen": gc.get_freeze_count()}))
"""


def test_a_fresh_worker_maps_the_models_and_sets_aside_what_the_app_built(app, tmp_path):
    env = {
        **os.environ,
        "TRACKER_CONFIG": "development",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "TRACKER_INSTANCE_DIR": str(tmp_path),
        "MAIL_SERVER": "",
    }
    completed = subprocess.run(  # noqa: S603  our own fixed script
        [sys.executable, "-c", FRESH_WORKER], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    state = json.loads(completed.stdout.strip().splitlines()[-1])
    assert state["before"] > 0, "the check needs a process whose models are not mapped yet"
    assert state["after"] == 0
    assert state["frozen"] > 0
