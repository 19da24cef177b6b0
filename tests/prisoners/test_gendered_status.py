"""A person's status agrees with the record's gender through message contexts, never "освобождён(а)"."""

from datetime import date

from flask_babel import force_locale

from tracker.prisoners.models import GENDERED_STATUS_LABELS, STATUS_LABELS, EventKind, Gender, Status, status_label


def _context(label) -> str:
    # flask_babel's lazy string keeps the context it will look up (pgettext's first argument).
    return label._args[0]


def test_each_gender_reads_its_own_context(app):
    with app.test_request_context():
        assert _context(status_label(Status.RELEASED, Gender.FEMALE)) == "woman"
        assert _context(status_label(Status.RELEASED, "male")) == "man"
        assert _context(status_label("sentenced")) == "gender not known", "a group's status avoids gender"
        assert _context(GENDERED_STATUS_LABELS[Gender.FEMALE][Status.RELEASED]) == "woman"
        assert str(status_label(Status.RELEASED, "male")) == "Released"  # English: the msgid itself
        assert _context(GENDERED_STATUS_LABELS[Gender.MALE][Status.RELEASED]) == "man"
        assert _context(GENDERED_STATUS_LABELS[Gender.UNKNOWN][Status.DETAINED]) == "gender not known"
        assert str(status_label(Status.AWAITING_TRIAL, Gender.FEMALE)) == "Awaiting trial"


def test_an_untranslated_context_falls_back_to_the_plain_translation_not_english(app):
    with app.test_request_context(), force_locale("ru"):
        label = status_label(Status.RELEASED, Gender.FEMALE)
        assert str(label) in {"Освобождена", str(STATUS_LABELS[Status.RELEASED])}
        assert str(label) != "Released"


def test_the_record_page_uses_the_record_gender(app, client, make_prisoner, monkeypatch):
    seen = []
    original = status_label

    def spy(status, gender=Gender.UNKNOWN):
        seen.append((Status(status), Gender(gender)))
        return original(status, gender)

    monkeypatch.setitem(app.jinja_env.globals, "status_label", spy)
    held = [(EventKind.DETENTION, date(2020, 9, 7))]
    prisoner_id = make_prisoner("Maria Kalesnikava", gender=Gender.FEMALE, timeline=held)
    make_prisoner("Ihar Losik", gender=Gender.MALE, timeline=held)
    assert client.get(f"/prisoners/{prisoner_id}", follow_redirects=True).status_code == 200
    assert client.get("/prisoners").status_code == 200
    assert (Status.DETAINED, Gender.FEMALE) in seen and (Status.DETAINED, Gender.MALE) in seen
