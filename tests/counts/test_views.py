import csv
import io
from datetime import date, timedelta

import time_machine

from tracker.accounts.models import Role
from tracker.counts.models import CountSnapshot, Qualifier
from tracker.extensions import db
from tracker.prisoners.models import EventKind

D = EventKind.DETENTION


def add_snapshot(app, **fields):
    values = dict(
        count=1500, qualifier=Qualifier.OVER, reported_on=date(2023, 5, 20),
        source_name="U.S. Department of State", source_url="https://www.state.gov/",
    )  # fmt: skip
    values.update(fields)
    with app.app_context():
        db.session.add(CountSnapshot(**values))
        db.session.commit()


def test_home_shows_computed_count_and_latest_snapshot_side_by_side(app, client, make_prisoner):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    make_prisoner("B", timeline=[(D, date(2021, 2, 1))], name_withheld=True)
    add_snapshot(app, count=1400, reported_on=date(2022, 1, 1), source_name="Older source")
    add_snapshot(app)
    html = client.get("/").get_data(as_text=True)
    assert 'data-testid="computed-count">1<' in html  # one not named: fewer than the threshold, not added
    assert "over 1,500" in html
    assert "U.S. Department of State" in html
    assert "1,400" not in html  # only the latest snapshot is headlined
    assert "fewer than 5 more people not named at their families' request who are held now" in html
    assert "<svg" in html and 'class="line"' in html


def test_home_without_records_still_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "No reported figure recorded yet." in response.get_data(as_text=True)


def test_csv_and_json_series_agree(client, make_prisoner):
    start = date.today() - timedelta(days=3)
    make_prisoner("A", timeline=[(D, start)])
    rows = list(csv.DictReader(io.StringIO(client.get("/counts.csv").get_data(as_text=True))))
    payload = client.get("/counts.json").json
    assert rows[0] == {"date": start.isoformat(), "held": "1", "detained": "1", "released": "0", "died_in_custody": "0"}
    assert [row["date"] for row in rows] == [point["date"] for point in payload["series"]]
    assert payload["computed"]["held"] == 1
    assert "Counted from the records" in payload["method"]


def test_counts_page_lists_breakdowns_and_downloads(client, make_prisoner):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))], articles=["342"], detention_place="Colony 17")
    html = client.get("/counts").get_data(as_text=True)
    assert "Article 342" in html
    assert "Colony 17" in html
    assert "/counts.csv" in html and "/counts.json" in html


def test_not_named_prisoner_leaves_no_trace_in_public_outputs(client, make_prisoner):
    make_prisoner("Secret Name", timeline=[(D, date(2021, 1, 1))], name_withheld=True, name_ru="Тайное Имя")
    for url in ("/", "/counts", "/counts.csv", "/counts.json", "/prisoners", "/prisoners?q=secret"):
        body = client.get(url).get_data(as_text=True)
        assert "Secret Name" not in body and "Тайное Имя" not in body, url


def test_editor_records_a_snapshot(app, client, auth):
    auth.login(Role.EDITOR)
    response = client.post(
        "/counts/snapshots/new",
        data={"count": "1600", "qualifier": "at_least", "reported_on": "2024-05-20", "source_name": "Viasna",
              "source_url": "https://spring96.org/", "note": ""},
    )  # fmt: skip
    assert response.status_code == 303
    assert "at least 1,600" in client.get("/").get_data(as_text=True)


def test_bad_snapshot_input_is_rejected_per_field(app, client, auth):
    auth.login(Role.EDITOR)
    response = client.post(
        "/counts/snapshots/new",
        data={"count": "-5", "qualifier": "roughly", "reported_on": "2024-13-40", "source_name": "",
              "source_url": "javascript:alert(1)"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter a real date in" in html
    assert "Name the source." in html
    assert "Enter a full web address" in html
    assert 'aria-invalid="true"' in html
    with app.app_context():
        assert db.session.query(CountSnapshot).count() == 0


def test_future_snapshot_date_is_rejected(client, auth):
    auth.login(Role.EDITOR)
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = client.post(
        "/counts/snapshots/new",
        data={"count": "1", "qualifier": "exact", "reported_on": tomorrow, "source_name": "X"},
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.get_data(as_text=True)


def test_only_editors_manage_snapshots(client, auth):
    assert client.get("/counts/snapshots/new").status_code == 302
    auth.login(Role.MODERATOR)
    assert client.get("/counts/snapshots/new").status_code == 403
    assert client.get("/counts/snapshots/999/edit").status_code == 403


def test_home_and_prisoner_list_say_what_their_not_named_figures_count(client, make_prisoner):
    # Entered months ago: records not named enter the published figures the month after.
    with time_machine.travel(date.today() - timedelta(days=70), tick=False):
        for number in range(5):
            make_prisoner(f"Held {number}", timeline=[(D, date(2021, 1, 1))], name_withheld=True)
        for number in range(2):
            released = [(D, date(2021, 1, 1)), (EventKind.RELEASE, date(2022, 1, 1))]
            make_prisoner(f"Released {number}", timeline=released, name_withheld=True)
    home = client.get("/").get_data(as_text=True)
    listing = client.get("/prisoners").get_data(as_text=True)
    # 5 and 7 are different counts, not a contradiction: each page says which people it counts.
    assert "including 5 people held now who are not named" in home
    assert "The registry also holds 7 records of people not named" in listing
    assert "held now or in the past" in listing
