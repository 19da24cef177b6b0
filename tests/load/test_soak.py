"""A short soak: real gunicorn on PostgreSQL, ten clients for ten seconds (`make soak` runs the long one)."""

import pytest

from bench.soak import Options, run_soak, summary


@pytest.mark.postgres(reason="the soak runs gunicorn on a PostgreSQL database of its own")
def test_ten_clients_for_ten_seconds_get_no_server_error_and_every_accepted_event_is_stored(databases):
    options = Options(
        clients=10,
        duration=10,
        records=200,
        events=20,
        workers=2,
        # The scheduler and the mail dispatchers run beside gunicorn in `make soak`; here they would only cost time.
        scheduler=False,
        dispatchers=0,
        postgres_url=databases.server_url.render_as_string(hide_password=False),
    )
    report = run_soak(options, log=print)
    assert report.ok, summary(report, options)
    assert report.accepted and report.found == len(report.accepted)
