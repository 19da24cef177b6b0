"""The letter page suggests people fairly, only people letters can reach, with or without JavaScript."""

import re
from datetime import timedelta

from tracker.extensions import db
from tracker.guidance.models import GuidanceNote, GuidanceTopic
from tracker.prisoners.models import Region


def test_only_people_letters_can_reach_are_ever_suggested(client, make_writable, private_records, suggestion_on):
    slug = make_writable()
    for _ in range(12):
        page = client.get("/letters").get_data(as_text=True)
        assert suggestion_on(page)[1] == slug
        assert not [needle for needle in private_records.values() if needle in page]


def test_a_birthday_within_three_weeks_comes_before_everyone_else(client, make_writable, today, suggestion_on):
    make_writable("Ales Nobirthday")
    soon = make_writable("Bazyl Birthday", birth_date=(today + timedelta(days=10)).replace(year=1990))
    make_writable("Ciryl Laterbirthday", birth_date=(today + timedelta(days=40)).replace(year=1990))
    page = client.get("/letters").get_data(as_text=True)
    assert suggestion_on(page)[1] == soon
    assert "send a card now" in page


def test_the_least_suggested_and_reported_person_comes_next(client, make_writable, suggestion_on):
    slugs = {make_writable("Ales One"), make_writable("Bazyl Two"), make_writable("Ciryl Three")}
    shown = [suggestion_on(client.get("/letters").get_data(as_text=True))[1] for _ in range(6)]
    assert set(shown[:3]) == slugs and set(shown[3:]) == slugs  # each once before anyone twice


def test_another_suggestion_passes_over_the_people_already_shown(client, make_writable, today, suggestion_on):
    birthday = (today + timedelta(days=3)).replace(year=1991)
    first = make_writable("Ales Birthday", birth_date=birthday)
    other = make_writable("Bazyl Other")
    page = client.get("/letters").get_data(as_text=True)
    assert suggestion_on(page)[1] == first
    another = re.search(r'<a href="([^"]+)">Suggest someone else', page).group(1)
    assert f"skip={first}" in another
    assert suggestion_on(client.get(another.replace("&amp;", "&")).get_data(as_text=True))[1] == other


def test_the_region_filter_keeps_to_the_region_and_a_bad_value_is_explained(client, make_writable, suggestion_on):
    make_writable("Ales Minsk", region=Region.MINSK_CITY)
    gomel = make_writable("Bazyl Gomel", region=Region.GOMEL)
    for _ in range(3):
        assert suggestion_on(client.get("/letters?region=gomel").get_data(as_text=True))[1] == gomel
    empty = client.get("/letters?region=brest").get_data(as_text=True)
    assert "Nobody can be suggested" in empty
    bad = client.get("/letters?region=atlantis")
    assert bad.status_code == 400 and "Choose a region" in bad.get_data(as_text=True)


def test_suggestions_are_never_kept_in_a_shared_cache(client, make_writable):
    make_writable()
    response = client.get("/letters")
    assert "no-store" in response.headers["Cache-Control"] and "private" in response.headers["Cache-Control"]


def test_each_prisoner_page_links_to_their_letter_page_only_when_letters_are_advised(
    client, make_writable, make_prisoner, slug_of
):
    slug = make_writable("Ales Writable")
    page = client.get(f"/prisoners/{slug}").get_data(as_text=True)
    assert f'href="/letters/to/{slug}"' in page and "Write to Ales Writable" in page
    letter = client.get(f"/letters/to/{slug}")
    assert letter.status_code == 200 and "ИК-1, Ales Writable, Минск" in letter.get_data(as_text=True)
    hidden = make_writable("Bazyl Hidden", address_hidden=True)
    assert "/letters/to/" not in client.get(f"/prisoners/{hidden}").get_data(as_text=True)
    assert client.get(f"/letters/to/{hidden}").status_code == 404
    assert client.get("/letters/to/nosuchperson").status_code == 404


def test_rules_and_samples_come_from_editors_notes_in_the_language_chosen(app, client, make_writable, today):
    make_writable()
    assert "Sample texts" not in client.get("/letters").get_data(as_text=True)  # nothing invented in a template
    with app.app_context():
        for language, body in (("be", "Добры дзень, сябра!"), ("ru", "Здравствуйте, друг!")):
            db.session.add(
                GuidanceNote(
                    topic=GuidanceTopic.LETTER_SAMPLE_FIRST, language=language, body=body, source_title="Viasna",
                    source_url="https://spring96.org/", reviewed_on=today,
                )
            )  # fmt: skip
        db.session.commit()
    both = client.get("/letters").get_data(as_text=True)
    assert "Добры дзень, сябра!" in both and "Здравствуйте, друг!" in both and 'lang="be"' in both
    russian = client.get("/letters?language=ru").get_data(as_text=True)
    assert "Здравствуйте, друг!" in russian and "Добры дзень, сябра!" not in russian
