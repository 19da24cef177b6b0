"""Language selection: the visitor's remembered choice (a cookie), else Accept-Language."""

from flask import current_app, request

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    """Pick the interface language: the visitor's remembered choice, else Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The two-letter language of this request."""
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else "en"
