"""With neutral traces on, what a searched phone's inbox shows says nothing about the tracker."""

import re
from datetime import UTC, datetime
from email.utils import parseaddr

import time_machine

from tracker.timeutil import utcnow

# Words (in any of the interface languages) that would tell a border guard what the mail is about.
GIVEAWAYS = re.compile(r"prison|belarus|tracker|politic|solidarity|беларус|палітв|політв|политз|вязн|в'язн", re.I)


def neutral(app) -> None:
    app.config.update(MAIL_SENDER_NAME="Notifications", MAIL_NEUTRAL_SUBJECTS=True, MAIL_DEFAULT_SENDER="n@example.org")


def test_confirmation_and_reminders_carry_a_neutral_sender_and_subject(
    app, client, smtp_server, confirmed_subscriber, make_date, run_jobs
):
    neutral(app)
    make_date(name="Day of Solidarity with Political Prisoners of Belarus")
    with time_machine.travel(datetime(2027, 5, 1, 6, 0, tzinfo=UTC), tick=False):
        confirmed_subscriber(utcnow())
    run_jobs(datetime(2027, 5, 14, 7, 0, tzinfo=UTC))

    confirmation, reminder = smtp_server.messages
    assert confirmation["Subject"] == "Notification"
    assert reminder["Subject"] == "Reminder"
    for message in smtp_server.messages:
        name, address = parseaddr(message["From"])
        assert (name, address) == ("Notifications", "n@example.org")
        assert not GIVEAWAYS.search(message["From"]), message["From"]
        assert not GIVEAWAYS.search(message["Subject"]), message["Subject"]
        assert not [header for header in message if header.lower().startswith("x-")]
        assert message["List-Unsubscribe"]  # one-click unsubscribe still works


def test_without_neutral_traces_mail_looks_as_before(app, client, smtp_server, confirmed_subscriber, make_date):
    make_date()
    with time_machine.travel(datetime(2027, 5, 1, 6, 0, tzinfo=UTC), tick=False):
        confirmation = confirmed_subscriber(utcnow())
    assert confirmation["From"] == app.config["MAIL_DEFAULT_SENDER"]
    assert "political prisoners" in confirmation["Subject"]
