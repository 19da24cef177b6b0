import pytest

from tracker.prisoners.names import search_key


@pytest.mark.parametrize("spelling", ["Ashurok", "Ashurak", "Ашурок", "Ашурак", "ASHUROK", "Ašurak", "ашурак"])
def test_every_spelling_of_ashurok_folds_to_one_key(spelling):
    assert search_key(spelling) == search_key("Ашурок")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Марыя Калеснікава", "Maria Kolesnikova"),
        ("Ігар Лосік", "Игорь Лосик"),
        ("Łosik", "Losik"),
        ("Алесь Бяляцкі", "Ales Bialiatski"),
        ("Кацярына", "Katsiaryna"),
    ],
)
def test_cyrillic_and_latin_spellings_meet(one, other):
    assert search_key(one) == search_key(other)


def test_different_names_stay_different():
    assert search_key("Ашурок") != search_key("Лосик")


def test_punctuation_and_case_are_ignored():
    assert search_key("  VITOL'D   ashurok!! ") == search_key("Vitold Ashurok")
