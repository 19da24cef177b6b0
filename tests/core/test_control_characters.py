"""Control characters: stripped at every input, and never reaching a feed, a calendar or a page."""

import csv
import importlib
import io
import pkgutil
import re

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import Form, PasswordField, StringField, TextAreaField

import tracker
from tracker.accounts.models import Role
from tracker.backup import services as backup_services
from tracker.core.forms import PlainForm, TrackerForm
from tracker.core.text import clean_line, clean_strings, clean_text
from tracker.extensions import db
from tracker.prisoners.models import Prisoner

# Every C0 control but tab, line feed and carriage return, DEL, and every C1 control (U+0085 included).
CONTROLS = "".join(chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
# A request holding U+0000 is refused whole (tracker.core.security), so forms only ever see the rest.
POSTED_CONTROLS = CONTROLS.replace("\x00", "")
ANY_CONTROL = re.compile(f"[{re.escape(CONTROLS)}]")


def dirty(text: str, controls: str = POSTED_CONTROLS) -> str:
    """`text` with every control character inside it."""
    middle = len(text) // 2
    return f"{text[:middle]}{controls}{text[middle:]}"


def tracker_form_classes() -> list[type]:
    """Every form class the application defines."""
    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, pending = [], [Form]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("tracker."):
                found.append(subclass)
    return found


def test_text_cleaning_keeps_tab_and_line_feed_only_where_lines_are_allowed():
    assert clean_text(f"a{CONTROLS}\tb\r\nc\rd") == "a\tb\nc\nd"
    assert clean_line(f"a{CONTROLS}\tb\r\nc") == "a b c"
    assert clean_strings({"k\x0b": ["v\x85", 3, None]}) == {"k": ["v", 3, None]}


def test_every_form_derives_from_a_cleaning_base_and_cleans_or_refuses_every_text_field(app):
    classes = tracker_form_classes()
    assert len(classes) > 20
    for form_class in classes:
        assert issubclass(form_class, (TrackerForm, PlainForm)), form_class
        with app.test_request_context(method="POST"):
            form = form_class(formdata=MultiDict(), meta={"csrf": False})
            text_fields = [
                field for field in form if isinstance(field, StringField) and not isinstance(field, PasswordField)
            ]
            typed = dirty("ab\tc\nd", CONTROLS)
            form = form_class(formdata=MultiDict({field.name: typed for field in text_fields}), meta={"csrf": False})
            refuses = form.meta.control_characters == "refuse"
            form.validate()
            for field in text_fields:
                data, errors = form[field.name].data, form[field.name].errors
                if data == field.data and data != typed:
                    continue  # set by the form itself (the record a request was opened from)
                if refuses:
                    assert data == typed and errors, (form_class, field.name)
                elif isinstance(field, TextAreaField):
                    assert data == "ab\tc\nd", (form_class, field.name)
                else:
                    assert data == "ab c\nd", (form_class, field.name)
                    assert any("on a single line." in str(error) for error in errors), (form_class, field.name)


def test_every_text_field_of_an_edited_record_reaches_the_record_clean(app, client, auth, make_prisoner):
    auth.login(Role.EDITOR)
    data = {
        "name_en": dirty("Ales Dirty"), "name_be": dirty("Алесь"), "aliases": dirty("One\nTwo"),
        "birth_date": "1980-06-10", "sentence": dirty("5 years"), "detention_place": dirty("Colony 17"),
        "postal_address": dirty("Street 1\nShklov"), "biography": dirty("Line one.\nLine two."),
        "gender": "male", "region": "brest", "articles": "", "term_months": "", "expected_release_on": "",
        "last_verified_on": "", "private_notes": dirty("note"),
    }  # fmt: skip
    response = client.post("/prisoners/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code in (302, 303), re.findall(r'id="[a-z_0-9-]*-error"[^>]*>(.*?)</', html, re.S)
    with app.app_context():
        prisoner = db.session.scalar(select(Prisoner))
        assert prisoner.name_en == "Ales Dirty" and prisoner.aliases == "One\nTwo"
        assert prisoner.postal_address == "Street 1\nShklov" and prisoner.biography == "Line one.\nLine two."


def test_csv_import_strips_control_characters_from_every_cell(app, client, auth):
    auth.login(Role.EDITOR)
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["name_en", "birth_date", "biography", "detention_place"])
    writer.writerow(
        [
            dirty("Maria Imported"),
            "1982-04-24",
            dirty("First.\nSecond."),
            dirty("Colony 4"),
        ]
    )
    response = client.post("/prisoners/import", data={"csv_file": (io.BytesIO(rows.getvalue().encode()), "l.csv")})
    assert response.status_code == 303
    url = response.headers["Location"]
    html = client.get(url).get_data(as_text=True)
    assert not ANY_CONTROL.search(html)
    token = re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', html).group(1)
    assert client.post(f"{url}/apply", data={"fingerprint": token}).status_code == 303
    with app.app_context():
        prisoner = db.session.scalar(select(Prisoner))
        assert prisoner.name_en == "Maria Imported"
        assert prisoner.biography == "First.\nSecond." and prisoner.detention_place == "Colony 4"


def test_admin_import_strips_control_characters_from_every_string(app, monkeypatch):
    loaded = []

    class Recorder:
        key, models = "prisoners", []

        def load(self, items, _context):
            loaded.extend(items)

    monkeypatch.setattr(backup_services, "instance_is_empty", lambda: True)
    monkeypatch.setattr(backup_services, "serializers", lambda: [Recorder()])
    document = {"format": backup_services.FORMAT, "version": backup_services.VERSION}
    document["prisoners"] = [{"name_en": dirty("X Y"), "biography": dirty("One.\nTwo.")}]
    with app.app_context():
        backup_services.import_everything(document, app.config["UPLOAD_DIR"])
    assert loaded == [{"name_en": "X Y", "biography": "One.\nTwo."}]


@pytest.fixture(autouse=True)
def _no_flask_app_leak():
    # Importing every module must not create an application as a side effect.
    yield
    assert not any(isinstance(value, Flask) for value in vars(tracker).values())
