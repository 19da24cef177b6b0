"""A subscription's confirmation email says what it confirms: which dates, how long before, for how long."""

from tracker.extensions import db
from tracker.mail.models import OutboxMessage


def confirmation_bodies(app) -> list[str]:
    with app.app_context():
        statement = (
            db.select(OutboxMessage).where(OutboxMessage.kind == "subscription-confirm").order_by(OutboxMessage.id)
        )
        return [message.body_text for message in db.session.scalars(statement)]


def test_two_confirmations_with_different_choices_read_differently(app, subscribe, make_date):
    make_date()
    other_id = make_date("day-of-remembrance", name="Day of Remembrance", month=10, day=30)
    assert subscribe("a@example.org", lead_days=["7", "1"]).status_code == 303
    assert subscribe("b@example.org", scope="some", date_ids=[str(other_id)], lead_days=["14"]).status_code == 303
    every_date, one_date = confirmation_bodies(app)
    assert every_date != one_date
    assert "about: all dates." in every_date and "7 days before, 1 day before" in every_date
    assert "14 days before" in one_date and "Day of Remembrance" in one_date and "all dates" not in one_date
    for body in (every_date, one_date):
        assert "The link works for 7 days." in body and "hour" not in body
