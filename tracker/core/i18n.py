"""Language selection: the visitor's saved choice, else Accept-Language."""

from flask import current_app, request, session


def select_locale() -> str:
    """Pick the interface language for this request."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    """The two-letter language of this request."""
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else "en"
