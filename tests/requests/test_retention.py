"""The retention job deletes handled requests past REQUEST_RETENTION_DAYS, and nothing else."""

from datetime import timedelta

from sqlalchemy import select

from tests.requests.conftest import NOW
from tracker.extensions import db
from tracker.requests.jobs import JOBS, delete_handled_requests
from tracker.requests.models import RecordRequest
from tracker.scheduler import job_specs, run_job

DAY = timedelta(days=1)


def remaining(app) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(select(RecordRequest.id)))


def test_handled_requests_older_than_the_retention_are_deleted_and_nothing_else(app, make_request):
    expired = make_request(created_at=NOW - 40 * DAY, handled_at=NOW - 31 * DAY)
    at_the_limit = make_request(created_at=NOW - 40 * DAY, handled_at=NOW - 30 * DAY)
    recent = make_request(created_at=NOW - 40 * DAY, handled_at=NOW - 29 * DAY)
    old_but_open = make_request(created_at=NOW - 400 * DAY)
    assert run_job(app, delete_handled_requests, NOW) == 1
    assert remaining(app) == {at_the_limit, recent, old_but_open}
    assert expired not in remaining(app)
    assert run_job(app, delete_handled_requests, NOW) == 0


def test_open_requests_are_never_deleted(app, make_request):
    ids = {make_request(created_at=NOW - days * DAY) for days in (0, 31, 365, 3650)}
    assert run_job(app, delete_handled_requests, NOW + 10_000 * DAY) == 0
    assert remaining(app) == ids


def test_the_retention_is_configurable(app, make_request):
    app.config["REQUEST_RETENTION_DAYS"] = 7
    week_old = make_request(created_at=NOW - 9 * DAY, handled_at=NOW - 8 * DAY)
    kept = make_request(created_at=NOW - 9 * DAY, handled_at=NOW - 6 * DAY)
    assert run_job(app, delete_handled_requests, NOW) == 1
    assert remaining(app) == {kept}
    assert week_old not in remaining(app)


def test_the_job_is_scheduled_with_a_fixed_id():
    specs = {spec.id: spec.func for spec in job_specs()}
    assert specs["requests-retention"] is delete_handled_requests
    assert [(spec.id, spec.func) for spec in JOBS] == [("requests-retention", delete_handled_requests)]


def test_the_cli_runs_the_job_as_of_a_given_moment(app, runner, make_request):
    make_request(created_at=NOW - 40 * DAY, handled_at=NOW - 31 * DAY)
    kept = make_request(created_at=NOW - 40 * DAY, handled_at=NOW - 20 * DAY)
    result = runner.invoke(args=["requests", "run-jobs", "--at", NOW.isoformat()])
    assert result.exit_code == 0, result.output
    assert "requests-retention: 1" in result.output
    assert remaining(app) == {kept}


def test_the_cli_refuses_a_bad_moment(runner):
    result = runner.invoke(args=["requests", "run-jobs", "--at", "yesterday"])
    assert result.exit_code == 2
    assert "Invalid value for '--at'" in result.output
