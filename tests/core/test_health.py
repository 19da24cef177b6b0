from datetime import timedelta

from tracker.core.services import record_heartbeat
from tracker.extensions import db
from tracker.timeutil import utcnow


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"


def test_healthz_is_503_when_the_database_does_not_answer(app, client):
    from sqlalchemy import create_engine

    # Swap in an engine whose database file cannot be opened.
    with app.app_context():
        engines = app.extensions["sqlalchemy"]._app_engines[app]
        engines[None].dispose()
        engines[None] = create_engine("sqlite:////nonexistent-dir/never.sqlite3")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unavailable"


def test_healthz_reports_a_stale_scheduler(app, client):
    assert client.get("/healthz").json["scheduler"] == "stale"
    with app.app_context():
        record_heartbeat(utcnow())
        db.session.commit()
    assert client.get("/healthz").json["scheduler"] == "ok"
    with app.app_context():
        record_heartbeat(utcnow() - timedelta(hours=1))
        db.session.commit()
    assert client.get("/healthz").json["scheduler"] == "stale"


def test_livez_answers_when_the_database_does_not(app, client):
    from sqlalchemy import create_engine

    with app.app_context():
        engines = app.extensions["sqlalchemy"]._app_engines[app]
        engines[None].dispose()
        engines[None] = create_engine("sqlite:////nonexistent-dir/never.sqlite3")
    assert client.get("/healthz").status_code == 503
    response = client.get("/livez")
    assert response.status_code == 200
    assert response.data == b"ok\n"


def test_healthz_reports_whether_a_dispatcher_is_running(app, client):
    assert client.get("/healthz").json["dispatcher"] == "stale"
    with app.app_context():
        record_heartbeat(utcnow(), name="dispatcher")
        db.session.commit()
    assert client.get("/healthz").json["dispatcher"] == "ok"
    with app.app_context():
        record_heartbeat(utcnow() - timedelta(hours=1), name="dispatcher")
        db.session.commit()
    assert client.get("/healthz").json["dispatcher"] == "stale"


def test_a_running_dispatcher_reports_its_heartbeat(app, runner, client):
    assert runner.invoke(args=["dispatcher", "--once"]).exit_code == 0
    assert client.get("/healthz").json["dispatcher"] == "ok"
