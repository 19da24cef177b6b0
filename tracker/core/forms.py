"""Form pieces every feature may use."""

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms.validators import Length, Optional

from tracker.core.translations import DATA_LANGUAGES, SOURCE_LANGUAGE, Translatable

# Each language named in itself, as editors who write it know it.
LANGUAGE_ENDONYMS = {"en": "English", "be": "Беларуская", "uk": "Українська", "ru": "Русский"}


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token."""


def with_translations(form_class: type[FlaskForm], fields: Mapping[str, Any]) -> type[FlaskForm]:
    """`form_class` plus one field per other language for each translated field (``name_be``, ``name_uk``…).

    `fields` maps a field of `form_class` (the source-language text) to the WTForms field class its
    translations use; each translation field repeats the source field's length limit.
    """
    extra = {}
    for name, field_class in fields.items():
        source = getattr(form_class, name)
        label = source.args[0] if source.args else source.kwargs.get("label", name)
        limits = [validator for validator in source.kwargs.get("validators", ()) if isinstance(validator, Length)]
        for language in DATA_LANGUAGES:
            if language == SOURCE_LANGUAGE:
                continue
            extra[f"{name}_{language}"] = field_class(
                lazy_gettext("%(field)s (%(language)s)", field=label, language=LANGUAGE_ENDONYMS[language]),
                validators=[Optional(), *limits],
                render_kw={"lang": language},
            )
    return type(form_class.__name__, (form_class,), extra)


def translation_data(form: FlaskForm, field: str) -> dict[str, str]:
    """What the form says `field` is in every language, the source language included."""
    texts = {SOURCE_LANGUAGE: form[field].data or ""}
    for language in DATA_LANGUAGES:
        if f"{field}_{language}" in form:
            texts[language] = form[f"{field}_{language}"].data or ""
    return texts


def fill_translations(form: FlaskForm, record: Translatable, fields: Iterable[str]) -> None:
    """Put a record's stored translations into the form's language fields (for a GET)."""
    for field in fields:
        for language in DATA_LANGUAGES:
            if f"{field}_{language}" in form:
                form[f"{field}_{language}"].data = record.translation(field, language)
