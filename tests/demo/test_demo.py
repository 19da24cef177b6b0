from datetime import date

from config import ProductionConfig
from tracker.counts.services import current_count, latest_snapshot
from tracker.dates.models import CommemorativeDate
from tracker.demo.data import load_demo_data
from tracker.extensions import db
from tracker.prisoners.models import Prisoner
from tracker.prisoners.search import PrisonerSearch, search_prisoners


def test_demo_load_brings_the_seed_facts(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        day = db.session.query(CommemorativeDate).filter_by(slug="day-of-solidarity").one()
        assert (day.month, day.day) == (5, 21)
        assert day.prisoner.name_en == "Vitold Ashurok"
        snapshot = latest_snapshot()
        assert (snapshot.count, snapshot.qualifier.value, snapshot.reported_on) == (1500, "over", date(2023, 5, 20))
        ashurok = search_prisoners(PrisonerSearch(q="Ашурак"), today=date(2026, 11, 25), page=1, per_page=10)
        assert ashurok.total == 1
        assert ashurok.items[0][1].value == "died_in_custody"
        samples = db.session.query(Prisoner).filter_by(is_sample=True).all()
        assert len(samples) >= 50
        assert all("SAMPLE" in sample.private_notes for sample in samples)
        assert any(sample.name_withheld for sample in samples)
        assert current_count(date(2026, 11, 25)).held > 10


def test_demo_load_if_empty_leaves_existing_data_alone(app, runner):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        before = db.session.query(Prisoner).count()
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0 and "not loaded" in result.output
    assert runner.invoke(args=["demo", "load"]).exit_code != 0
    with app.app_context():
        assert db.session.query(Prisoner).count() == before


def test_demo_load_refuses_production_config(app, runner):
    app.config["DEMO_DATA_ALLOWED"] = ProductionConfig.DEMO_DATA_ALLOWED
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code != 0
    assert "never loaded with the production configuration" in result.output


def test_demo_data_serves_the_public_pages_and_cross_script_search(app, client):
    with app.app_context():
        load_demo_data(date(2026, 11, 25))
        db.session.commit()
    for url in ("/", "/counts", "/prisoners?q=Ашурак", "/counts.json", "/healthz"):
        assert client.get(url).status_code == 200, url
    assert "Vitold Ashurok" in client.get("/prisoners?q=ashurak").get_data(as_text=True)
