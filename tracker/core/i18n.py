"""Language selection: the visitor's remembered choice (a cookie), else Accept-Language."""

import functools
import re
from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import get_date_format
from flask import current_app, request
from flask_babel import format_decimal, get_domain, get_locale, get_timezone
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    """Pick the interface language: the visitor's remembered choice, else Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    accepted = request.headers.get("Accept-Language", "")
    return _best_language(accepted, tuple(languages)) or current_app.config["BABEL_DEFAULT_LOCALE"]


@functools.lru_cache(maxsize=512)
def _best_language(accept_language: str, languages: tuple[str, ...]) -> str | None:
    # Every cached page asks this before anything else; readers' browsers send a few hundred distinct values.
    return parse_accept_header(accept_language, LanguageAccept).best_match(languages)


def current_language() -> str:
    """The two-letter language of this request."""
    locale = get_locale()
    return locale.language if locale else "en"


# English dates read "7 December 2026", the order readers of the site's other languages expect too.
DATE_LOCALES = {"en": "en_GB"}
DATE_STYLES = ("short", "medium", "long", "full")
# A pattern's closing abbreviation ("d MMMM y 'г'."): its full stop doubled the one ending a sentence.
_CLOSING_ABBREVIATION = re.compile(r"\s*'[^']*'\.?\s*$")


def date_locale(language: str | None = None) -> str:
    """The Babel locale dates are written in for a language."""
    language = language or current_language()
    return DATE_LOCALES.get(language, language)


@functools.lru_cache(maxsize=64)
def date_pattern(style: str, locale: str) -> str:
    """A CLDR date pattern for a style (or a pattern given as is), without a closing abbreviated word."""
    pattern = get_date_format(style, locale=locale).pattern if style in DATE_STYLES else style
    return _CLOSING_ABBREVIATION.sub("", pattern)


def format_day(value: date, style: str = "long", language: str | None = None) -> str:
    """A day as the reader's language writes it: "7 December 2026", "13 декабря 2026"."""
    locale = date_locale(language)
    return babel_format_date(value, date_pattern(style, locale), locale=locale)


def format_moment(value: datetime, style: str = "medium") -> str:
    """A moment in the display time zone, in the reader's language (English in British order)."""
    return babel_format_datetime(value, style, tzinfo=get_timezone(), locale=date_locale())


def counted(singular: str, plural: str, count: int, **variables) -> str:
    """ngettext with `%(num)s` written as the reader's locale writes numbers (2,126; 2 126).

    Flask-Babel's ngettext fills `num` with the bare count and lets no caller replace it.
    """
    message = get_domain().get_translations().ungettext(singular, plural, count)
    return message % {**variables, "num": format_decimal(count)}
