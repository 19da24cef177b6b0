"""Text that names a person not named is caught in any script; other text is not."""

import pytest

from tracker.consent.screening import names_a_person_not_named


@pytest.fixture
def hanna(app, make_prisoner):
    make_prisoner("Hanna Skhavanaya", name_be="Ганна Схаваная", name_ru="Анна Скрытая", name_withheld=True)
    make_prisoner("Ales Bialiatski", name_be="Алесь Бяляцкі")  # named: may be mentioned freely


@pytest.mark.parametrize(
    "text",
    [
        "Vigil for Hanna Skhavanaya",
        "Акцыя ў падтрымку Ганны... Ганна Схаваная, трымайся!",
        "Письма: Скрытая Анна",
        "letters to ANNA SKRYTAYA",  # the Russian name in Latin letters
    ],
)
def test_a_withheld_name_is_found_in_any_script(app, hanna, text):
    with app.app_context():
        assert names_a_person_not_named(text)


@pytest.mark.parametrize("text", ["Vigil for Ales Bialiatski", "Hanna and friends", "Schavanaja", ""])
def test_named_people_and_partial_names_pass(app, hanna, text):
    with app.app_context():
        assert not names_a_person_not_named(text)
