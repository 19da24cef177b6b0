"""/subscribe: ticked dates are never overridden by "All dates", and the email and page say what was chosen."""

from datetime import UTC, datetime

from sqlalchemy import select

from tracker.extensions import db
from tracker.reminders.models import Subscription

NOW = datetime(2027, 4, 1, 6, 0, tzinfo=UTC)


def test_ticked_dates_with_all_dates_chosen_is_asked_about_not_dropped(app, client, make_date, subscribe):
    solidarity = make_date()
    response = subscribe(scope="all", date_ids=[str(solidarity)])
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "You ticked particular dates, but “All dates” is chosen." in page
    assert page.index('id="error-summary"') < page.index("<h1")
    assert f'checked id="date_ids-0" name="date_ids" type="checkbox" value="{solidarity}"' in page
    with app.app_context():
        assert db.session.scalars(select(Subscription)).all() == []


def test_the_email_and_the_confirmed_page_state_the_dates_and_lead_times(
    client, make_date, confirmed_subscriber, link_in
):
    make_date()
    chosen = make_date(slug="political-prisoners-day", name="Political Prisoners' Day", month=10, day=30)
    confirmation = confirmed_subscriber(NOW, scope="some", date_ids=[str(chosen)], lead_days=["7", "1"])
    text = confirmation.get_content()
    assert "You chose reminders about: Political Prisoners' Day." in text
    assert "Day of Solidarity" not in text
    assert "They come: 7 days before, 1 day before." in text
    # Opening the link again shows the confirmed subscription and what it covers.
    page = client.get(link_in(confirmation, "/subscribe/confirm/")).get_data(as_text=True)
    assert "Your subscription is already confirmed" in page
    assert "<dd>Political Prisoners&#39; Day</dd>" in page
    assert "<dd>7 days before, 1 day before</dd>" in page


def test_all_dates_is_said_in_words(make_date, confirmed_subscriber):
    make_date()
    confirmation = confirmed_subscriber(NOW, scope="all", lead_days=["1"])
    assert "You chose reminders about: all dates." in confirmation.get_content()
    assert "They come: 1 day before." in confirmation.get_content()


def test_subscriptions_count_accepted_ones_and_a_limited_one_keeps_the_form(tmp_path, make_instance):
    limited = make_instance(tmp_path / "limited", RATELIMIT_ENABLED=True, SUBSCRIBE_RATE_LIMIT="2 per hour")
    client = limited.test_client()
    fields = {"scope": "all", "lead_days": ["7"], "language": "en"}
    for _ in range(3):
        assert client.post("/subscribe", data={**fields, "email": ""}).status_code == 400
    for number in range(2):
        assert client.post("/subscribe", data={**fields, "email": f"r{number}@example.org"}).status_code == 303
    response = client.post("/subscribe", data={**fields, "email": "third@example.org"})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Not sent yet" in page
    assert 'value="third@example.org"' in page


def test_a_missing_choice_links_to_the_first_box_of_its_group(client, subscribe):
    page = subscribe(lead_days=[]).get_data(as_text=True)
    assert '<a href="#lead_days-0">Choose when to be reminded.</a>' in page
    assert 'id="lead_days-0"' in page
