from datetime import date

import pytest
from sqlalchemy import select, text

from tracker.counts.models import CountSnapshot, Qualifier
from tracker.dates.models import CommemorativeDate, Recurrence
from tracker.extensions import db
from tracker.history import services
from tracker.history.capture import ACTOR_KEY
from tracker.history.models import REGISTRY
from tracker.prisoners import services as prisoner_services
from tracker.prisoners.models import EventKind, Prisoner

D, R = EventKind.DETENTION, EventKind.RELEASE


def test_prisoners_snapshots_and_dates_are_versioned():
    assert {"prisoners", "count_snapshots", "commemorative_dates"} <= set(REGISTRY)


def test_creating_a_record_outside_a_request_is_a_version_without_actor(make_prisoner, versions):
    prisoner_id = make_prisoner("Ihar Losik", articles=["342"], timeline=[(D, date(2020, 6, 25))])
    [(number, action, actor, changed, snapshot)] = versions("prisoners", prisoner_id)
    assert (number, action, actor) == (1, "create", None)
    assert {"name_en", "articles", "timeline"} <= set(changed)
    assert snapshot["articles"] == [{"code": "342"}]
    assert snapshot["timeline"] == [
        {"kind": "detention", "occurred_on": "2020-06-25", "note": "", "published": True, "translations": {}}
    ]


def test_one_save_of_fields_and_children_is_one_version(app, make_prisoner, versions):
    prisoner_id = make_prisoner("Ihar Losik", articles=["342"])
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        # Assigning the collections autoflushes mid-save; the commit still makes one version.
        prisoner_services.save_prisoner(
            prisoner, articles=["130"], sources=[("https://example.org/a", "A")], sentence="15 years"
        )
        db.session.commit()
    history = versions("prisoners", prisoner_id)
    assert [row[1] for row in history] == ["create", "update"]
    assert sorted(history[1][3]) == ["articles", "sentence", "sources"]


def test_saving_unchanged_values_writes_no_version(app, make_prisoner, versions):
    prisoner_id = make_prisoner("Ihar Losik", articles=["342"])
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        prisoner_services.save_prisoner(prisoner, articles=["342"], sources=[], name_en="Ihar Losik")
        db.session.commit()
    assert len(versions("prisoners", prisoner_id)) == 1


def test_changing_only_a_timeline_entry_is_a_version_of_its_prisoner(app, make_prisoner, versions):
    prisoner_id = make_prisoner("Ihar Losik", timeline=[(D, date(2020, 6, 25)), (R, date(2024, 1, 1), False)])
    with app.app_context():
        entry = db.session.get(Prisoner, prisoner_id).timeline[1]
        prisoner_services.publish_timeline_entry(entry)
        db.session.commit()
    latest = versions("prisoners", prisoner_id)[-1]
    assert latest[1] == "update" and latest[3] == ["timeline"]
    assert latest[4]["timeline"][1]["published"] is True


def test_record_made_before_history_existed_keeps_its_old_state_as_a_baseline(app, versions):
    with app.app_context():
        # Rows written by the previous release, before the history tables existed.
        db.session.execute(
            text(
                "INSERT INTO prisoners (id, name_be, name_ru, name_be_latn, name_en, aliases, search_text, gender,"
                " region, sentence, postal_address, address_hidden, biography, name_withheld,"
                " is_sample, private_notes, created_at, updated_at, deleted_reason) VALUES (7, '', '', '',"
                " 'Old Name', '', '', 'unknown', 'unknown', '', '', FALSE, '', FALSE, FALSE, '',"
                " '2023-01-01', '2023-01-01', '')"
            )
        )
        db.session.execute(text("INSERT INTO prisoner_articles (prisoner_id, code) VALUES (7, '342')"))
        db.session.execute(text("DELETE FROM record_versions"))
        db.session.commit()
        prisoner = db.session.get(Prisoner, 7)
        prisoner_services.save_prisoner(prisoner, articles=["130"], sources=[], name_en="New Name")
        db.session.commit()
    baseline, edit = versions("prisoners", 7)
    assert baseline[1] == "baseline" and baseline[4]["name_en"] == "Old Name"
    assert baseline[4]["articles"] == [{"code": "342"}]
    assert edit[1] == "update" and edit[4]["name_en"] == "New Name" and edit[4]["articles"] == [{"code": "130"}]


def test_jobs_and_commands_can_name_the_actor(app, make_user, versions):
    user, email = make_user()
    with app.app_context():
        db.session.info[ACTOR_KEY] = user
        snapshot = CountSnapshot(
            count=1000, qualifier=Qualifier.EXACT, reported_on=date(2024, 1, 1), source_name="Viasna"
        )
        db.session.add(snapshot)
        db.session.commit()
        snapshot_id = snapshot.id
    assert versions("count_snapshots", snapshot_id)[0][2] == email


def test_rolled_back_changes_leave_no_version(app, make_prisoner, versions):
    prisoner_id = make_prisoner("Ihar Losik")
    with app.app_context():
        db.session.get(Prisoner, prisoner_id).name_en = "Changed"
        db.session.flush()
        db.session.rollback()
        db.session.commit()
    assert len(versions("prisoners", prisoner_id)) == 1


def test_revert_restores_fields_and_child_rows_as_a_new_version(app, make_prisoner, versions):
    prisoner_id = make_prisoner("Ihar Losik", articles=["342"], timeline=[(D, date(2020, 6, 25))])
    with app.app_context():
        prisoner = db.session.get(Prisoner, prisoner_id)
        prisoner_services.save_prisoner(prisoner, articles=["130"], sources=[("https://example.org/", "")])
        prisoner.timeline.clear()
        db.session.commit()
        assert services.revert(prisoner, 1) is True
        db.session.commit()
    *_, latest = versions("prisoners", prisoner_id)
    assert latest[:2] == (3, "revert")
    assert latest[4]["articles"] == [{"code": "342"}] and latest[4]["sources"] == []
    assert latest[4]["timeline"][0]["occurred_on"] == "2020-06-25"
    with app.app_context():
        assert db.session.get(Prisoner, prisoner_id).article_codes == ["342"]


def test_reverting_to_the_current_values_changes_nothing(app, make_prisoner, versions):
    prisoner_id = make_prisoner("Ihar Losik")
    with app.app_context():
        assert services.revert(db.session.get(Prisoner, prisoner_id), 1) is False
        db.session.commit()
    assert len(versions("prisoners", prisoner_id)) == 1


@pytest.mark.parametrize("number", [0, 2, 99])
def test_revert_to_a_version_the_record_does_not_have_is_refused(app, make_prisoner, number):
    prisoner_id = make_prisoner("Ihar Losik")
    make_prisoner("Someone Else")  # has a version 1 of its own
    # test_request_context: the messages are translated strings.
    with app.test_request_context(), pytest.raises(services.HistoryError, match="no version"):
        services.revert(db.session.get(Prisoner, prisoner_id), number)


def test_revert_that_would_clash_with_another_record_is_refused(app, versions):
    def make_date(slug: str) -> CommemorativeDate:
        item = CommemorativeDate(slug=slug, name=slug, recurrence=Recurrence.ANNUAL, month=5, day=21)
        db.session.add(item)
        return item

    with app.test_request_context():  # messages are translated strings
        first = make_date("solidarity")
        db.session.commit()
        first.slug = "solidarity-day"
        db.session.commit()
        make_date("solidarity")
        db.session.commit()
        with pytest.raises(services.HistoryError, match="clashes"):
            services.revert(first, 1)
        db.session.rollback()
        assert db.session.get(CommemorativeDate, first.id).slug == "solidarity-day"
    assert [row[1] for row in versions("commemorative_dates", 1)] == ["create", "update"]


def test_soft_delete_needs_a_reason_and_restore_needs_a_deleted_record(app, make_prisoner):
    prisoner_id = make_prisoner("Ihar Losik")
    with app.test_request_context():  # messages are translated strings
        prisoner = db.session.get(Prisoner, prisoner_id)
        with pytest.raises(services.HistoryError, match="reason"):
            services.soft_delete(prisoner, reason="   ", actor_id=None)
        with pytest.raises(services.HistoryError, match="not deleted"):
            services.restore(prisoner)
        services.soft_delete(prisoner, reason="Duplicate of another record", actor_id=None)
        db.session.commit()
        with pytest.raises(services.HistoryError, match="already deleted"):
            services.soft_delete(prisoner, reason="again", actor_id=None)
        with pytest.raises(services.HistoryError, match="Restore the record"):
            services.revert(prisoner, 1)


def test_delete_and_restore_are_versions_and_deleted_rows_are_hidden_from_queries(app, make_prisoner, versions):
    prisoner_id = make_prisoner("Ihar Losik")
    with app.app_context():
        services.soft_delete(db.session.get(Prisoner, prisoner_id), reason="Duplicate", actor_id=None)
        db.session.commit()
    with app.app_context():
        assert db.session.get(Prisoner, prisoner_id) is None
        assert db.session.scalars(select(Prisoner)).all() == []
        assert [record.id for record in services.deleted_records()] == [prisoner_id]
        services.restore(services.get_record("prisoners", prisoner_id))
        db.session.commit()
    history = versions("prisoners", prisoner_id)
    assert [row[1] for row in history] == ["create", "delete", "restore"]
    assert history[1][4]["deleted_reason"] == "Duplicate"
    with app.app_context():
        assert db.session.get(Prisoner, prisoner_id) is not None
