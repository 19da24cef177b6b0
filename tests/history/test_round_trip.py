"""History through a real database round trip: JSON snapshots, baselines, revert and soft delete."""

from datetime import date

from sqlalchemy import select, text

from tracker.extensions import db
from tracker.history import services
from tracker.history.models import RecordVersion
from tracker.prisoners import services as prisoner_services
from tracker.prisoners.models import EventKind, Prisoner, PrisonerArticle, TimelineEntry


def test_versions_baseline_revert_and_soft_delete_read_back_from_the_database(app):
    with app.app_context():
        prisoner = Prisoner(name_en="Ihar Losik", articles=[PrisonerArticle(code="342")])
        prisoner.timeline = [TimelineEntry(kind=EventKind.DETENTION, occurred_on=date(2020, 6, 25))]
        db.session.add(prisoner)
        db.session.commit()
        # As if the record predated history: its first change must keep the old state as a baseline.
        db.session.execute(text("DELETE FROM record_versions"))
        db.session.commit()
        prisoner_services.save_prisoner(prisoner, articles=["342", "130"], sources=[], sentence="15 years")
        db.session.commit()
        assert services.revert(prisoner, 1) is True
        db.session.commit()
        services.soft_delete(prisoner, reason="Duplicate", actor_id=None)
        db.session.commit()
        prisoner_id = prisoner.id
    with app.app_context():
        actions = db.session.scalars(select(RecordVersion.action).order_by(RecordVersion.number))
        assert [action.value for action in actions] == ["baseline", "update", "revert", "delete"]
        assert db.session.get(Prisoner, prisoner_id) is None
        restored = services.get_record("prisoners", prisoner_id)
        assert restored.article_codes == ["342"] and restored.sentence == ""
    client = app.test_client()
    assert client.get(f"/prisoners/{prisoner_id}", follow_redirects=True).status_code == 404
    assert "Ihar Losik" not in client.get("/prisoners?q=losik").get_data(as_text=True)
