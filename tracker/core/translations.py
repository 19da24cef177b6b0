"""Data in every language: translated text fields on records, read with a defined fallback order.

A record's own columns hold its text in the source language (English, as editors first entered
it); ``translations`` holds the other languages as ``{field: {language: text}}``. Reading a field
for a page walks the page language's fallback order (``DATA_LANGUAGE_FALLBACK``) and says which
language the text came in, so a page can mark text that is not in its own language with ``lang``.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from flask import current_app, has_app_context, url_for
from markupsafe import Markup, escape
from sqlalchemy import JSON, select
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from tracker.core.i18n import current_language
from tracker.extensions import db

SOURCE_LANGUAGE = "en"
# Readers of Ukrainian read Belarusian more easily than Russian; English is the source, so it comes last.
DEFAULT_FALLBACK = {
    "be": ("be", "ru", "en"),
    "uk": ("uk", "be", "ru", "en"),
    "ru": ("ru", "be", "en"),
    "en": ("en",),
}
DATA_LANGUAGES = ("en", "be", "uk", "ru")


class LocalizedText(str):
    """Text read from a record, with the language it is written in (``.lang``)."""

    lang: str

    def __new__(cls, text: str, lang: str) -> "LocalizedText":
        value = super().__new__(cls, text)
        value.lang = lang
        return value


def fallback_order(language: str) -> tuple[str, ...]:
    """The languages a field is read in for a page in `language`, first choice first; always ends in the source."""
    configured = current_app.config.get("DATA_LANGUAGE_FALLBACK") if has_app_context() else None
    order = tuple((configured or DEFAULT_FALLBACK).get(language, (language,)))
    return order if SOURCE_LANGUAGE in order else (*order, SOURCE_LANGUAGE)


def data_languages() -> tuple[str, ...]:
    """The languages editors enter data in, the source language first."""
    configured = current_app.config.get("LANGUAGES") if has_app_context() else None
    languages = tuple(configured or DATA_LANGUAGES)
    return (SOURCE_LANGUAGE, *(language for language in languages if language != SOURCE_LANGUAGE))


def pick(texts: Mapping[str, str], language: str) -> LocalizedText:
    """The first non-empty text in `language`'s fallback order (`texts` maps language to text)."""
    for candidate in fallback_order(language):
        if (texts.get(candidate) or "").strip():
            return LocalizedText(texts[candidate], candidate)
    return LocalizedText("", language)


class Translatable:
    """Mixin for a model whose text fields (``translated_fields``) have a translation per language."""

    translated_fields: ClassVar[tuple[str, ...]] = ()

    @declared_attr
    def translations(cls) -> Mapped[dict[str, Any]]:  # noqa: N805  declared_attr receives the class
        return mapped_column(JSON, default=dict, server_default="{}")

    def texts(self, field: str) -> dict[str, str]:
        """The field in every language it has, the source language from the record's own column."""
        stored = (self.translations or {}).get(field) or {}
        texts = {language: text for language, text in stored.items() if isinstance(text, str) and text.strip()}
        texts[SOURCE_LANGUAGE] = getattr(self, field) or ""
        return texts

    def translated(self, field: str, language: str | None = None) -> LocalizedText:
        """The field in the page's language, or the first fallback that has it."""
        return pick(self.texts(field), language or current_language())

    def translation(self, field: str, language: str) -> str:
        """The field exactly in `language` (no fallback); empty when missing."""
        return self.texts(field).get(language, "")

    def set_translations(self, field: str, texts: Mapping[str, str]) -> None:
        """Store `field` in several languages; the source language goes to the record's own column."""
        stored = {name: dict(values) for name, values in (self.translations or {}).items()}
        values = stored.setdefault(field, {})
        for language, text in texts.items():
            text = (text or "").strip()
            if language == SOURCE_LANGUAGE:
                setattr(self, field, text)
            elif text:
                values[language] = text
            else:
                values.pop(language, None)
        if not values:
            stored.pop(field)
        # A new dict, so the ORM sees the change (JSON columns do not track mutation in place).
        self.translations = stored

    def missing_translations(self, languages: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """(field, language) pairs with source text but no translation."""
        wanted = [language for language in (languages or data_languages()) if language != SOURCE_LANGUAGE]
        missing = []
        for field in self.translated_fields:
            texts = self.texts(field)
            if texts.get(SOURCE_LANGUAGE, "").strip():
                missing += [(field, language) for language in wanted if language not in texts]
        return missing


def marked(text: str) -> Markup:
    """HTML for text read from a record: wrapped in its own ``lang`` when it is not the page's language."""
    lang = getattr(text, "lang", None)
    if not text or lang is None or lang == current_language():
        return escape(text)
    return Markup('<span lang="{}">{}</span>').format(lang, text)


def localized(record: Translatable | None, field: str) -> Markup:
    """Template filter: ``{{ date|tr("name") }}`` — the field in the page's language, fallback marked."""
    if record is None:
        return Markup("")
    return marked(record.translated(field))


@dataclass
class MissingTranslations:
    """One record with text that has no translation into some languages, for the editors' dashboard."""

    kind: str
    label: str
    edit_url: str | None
    missing: list[tuple[str, str]]


def records_missing_translations(per_model: int = 20, scan: int = 5000) -> list[MissingTranslations]:
    """Records editors can edit whose text lacks a translation: at most `per_model` of each kind.

    Only models with an edit page (``history_edit_endpoint``) are listed, and of those only the
    records their ``translations_listed()`` condition admits, if they have one; at most `scan`
    records of each are read, so the dashboard stays quick on a large registry.
    """
    found = []
    for model in _translatable_models():
        endpoint, argument = model.history_edit_endpoint
        listed = 0
        query = select(model)
        if (listed_only := getattr(model, "translations_listed", None)) is not None:
            query = query.where(listed_only())
        for record in db.session.scalars(query.order_by(model.id).limit(scan)):
            missing = record.missing_translations()
            if not missing:
                continue
            label_of = getattr(record, "history_label", None)
            found.append(
                MissingTranslations(
                    kind=str(getattr(model, "history_title", model.__name__)),
                    label=(label_of() if label_of else "") or f"#{record.id}",
                    edit_url=url_for(endpoint, **{argument: record.id}),
                    missing=[(_field_label(model, field), language) for field, language in missing],
                )
            )
            listed += 1
            if listed >= per_model:
                break
    return found


def _translatable_models() -> list[type]:
    models = [
        mapper.class_
        for mapper in db.Model.registry.mappers
        if issubclass(mapper.class_, Translatable) and getattr(mapper.class_, "history_edit_endpoint", None)
    ]
    return sorted(models, key=lambda model: model.__name__)


def _field_label(model: type, field: str) -> str:
    return str(getattr(model, "history_field_labels", {}).get(field, field))
