from datetime import date

from tracker.counts import services
from tracker.prisoners.models import EventKind, Gender, Region
from tracker.prisoners.services import places_by_key

D, R, V, X = EventKind.DETENTION, EventKind.RELEASE, EventKind.VERDICT, EventKind.DEATH_IN_CUSTODY


def test_current_count_includes_people_not_named(app, make_prisoner):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1))])
    make_prisoner("B", timeline=[(D, date(2021, 1, 1))], name_withheld=True)
    make_prisoner("C", timeline=[(D, date(2021, 1, 1)), (R, date(2022, 1, 1))])
    with app.app_context():
        current = services.current_count(date(2023, 1, 1))
    assert (current.held, current.not_named) == (2, 1)


def test_count_on_a_past_date_comes_from_the_timeline(app, make_prisoner):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1)), (R, date(2022, 1, 1))])
    make_prisoner("B", timeline=[(D, date(2021, 6, 1))])
    with app.app_context():
        assert services.current_count(date(2021, 3, 1)).held == 1
        assert services.current_count(date(2021, 7, 1)).held == 2
        assert services.current_count(date(2022, 1, 1)).held == 1


def test_series_records_daily_changes(app, make_prisoner):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1)), (R, date(2021, 1, 3))])
    make_prisoner("B", timeline=[(D, date(2021, 1, 2)), (X, date(2021, 1, 4))])
    with app.app_context():
        series = services.count_series(date(2021, 1, 5))
    assert [(d.on.day, d.held, d.detained, d.released, d.died) for d in series] == [
        (1, 1, 1, 0, 0),
        (2, 2, 1, 0, 0),
        (3, 1, 0, 1, 0),
        (4, 0, 0, 0, 1),
        (5, 0, 0, 0, 0),
    ]
    assert [d.on.day for d in services.changes_only(series)] == [4, 3, 2, 1]


def test_held_back_release_still_counts_as_held_publicly(app, make_prisoner):
    make_prisoner("A", timeline=[(D, date(2021, 1, 1)), (R, date(2022, 1, 1), False)])
    with app.app_context():
        assert services.current_count(date(2023, 1, 1)).held == 1


def test_breakdowns_cover_only_those_held(app, make_prisoner):
    make_prisoner(
        "A", timeline=[(D, date(2021, 1, 1)), (V, date(2021, 5, 1))], region=Region.BREST, gender=Gender.FEMALE,
        articles=["342", "130"], detention_place="Colony 4",
    )  # fmt: skip
    make_prisoner("B", timeline=[(D, date(2021, 1, 1))], region=Region.BREST, articles=["342"], name_withheld=True)
    make_prisoner("C", timeline=[(D, date(2021, 1, 1)), (R, date(2021, 2, 1))], region=Region.GOMEL)
    with app.app_context():
        result = services.breakdowns(date(2022, 1, 1))
        places = {key: place.name for key, place in places_by_key().items()}
    assert dict(result["region"]) == {"brest": 2}
    assert dict(result["article"]) == {"342": 1, "130": 1, "": 1}  # the not-named person's article is not shown
    assert dict(result["status"]) == {"sentenced": 1, "detained": 1}
    assert dict(result["gender"]) == {"female": 1, "unknown": 1}
    assert {places.get(key, key): count for key, count in result["detention_place"]} == {"Colony 4": 1, "": 1}


def test_place_and_article_of_a_not_named_person_are_not_shown(app, make_prisoner):
    make_prisoner("Hidden", timeline=[(D, date(2021, 1, 1))], name_withheld=True,
                  detention_place="Remand cell, Village Secret", articles=["999"])  # fmt: skip
    with app.app_context():
        result = services.breakdowns(date(2022, 1, 1))
    assert dict(result["detention_place"]) == {"": 1}
    assert dict(result["article"]) == {"": 1}
    assert dict(result["region"]) == {"unknown": 1}
