"""Countries where a listed place can be a trap: events there are published without their place.

In Belarus the police watch solidarity listings and detain the people who come, and a provocateur
can list an event only to learn who turns up. An in-person event in a country named in
UNSAFE_EVENT_COUNTRIES is therefore shown with its country only, everywhere (tracker.events.feeds
decides every public location), and cannot be found by searching for its city.
"""

from flask import current_app


def unsafe_countries() -> tuple[str, ...]:
    """Country codes (ISO 3166-1 alpha-2) whose events are published without their place."""
    return tuple(current_app.config["UNSAFE_EVENT_COUNTRIES"])


def place_is_private(event) -> bool:
    """Whether an event (anything with `city`, `venue`, `address` and `country`) has a place in such a country.

    Any part of a place counts, a venue or street given without a city too. An online-only event
    has no place to keep, so its link is shown as usual.
    """
    has_place = any(getattr(event, part, "") for part in ("city", "venue", "address"))
    return has_place and event.country in unsafe_countries()
