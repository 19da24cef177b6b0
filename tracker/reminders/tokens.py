"""The signed links in subscription emails, and what they carry.

A link's payload uses short keys ("s", "g", ...) to keep URLs short; they appear only here.
Links already emailed must keep working, so the encoded format must not change.
"""

from dataclasses import dataclass

from tracker.core.tokens import make_token

CONFIRM_PURPOSE = "subscription-confirm"
UNSUBSCRIBE_PURPOSE = "subscription-unsubscribe"


@dataclass(frozen=True)
class Preferences:
    """What a subscriber chose: which dates, how many days ahead, in which language."""

    all_dates: bool
    date_ids: list[int]
    lead_days: list[int]
    language: str


@dataclass(frozen=True)
class ConfirmLink:
    """A confirmation link: the subscription, the generation it was sent in, and the preferences to apply.

    `preferences` is None when a link (signed by us, so an older format) lacks them.
    """

    subscription_id: int
    generation: int | None
    preferences: Preferences | None


def confirm_token(subscription_id: int, generation: int, preferences: Preferences) -> str:
    """A signed token that confirms these preferences for the subscription."""
    return make_token(
        CONFIRM_PURPOSE,
        {
            "s": subscription_id,
            "g": generation,
            "a": preferences.all_dates,
            "d": preferences.date_ids,
            "l": preferences.lead_days,
            "lang": preferences.language,
        },
    )


def confirm_link(payload: object) -> ConfirmLink | None:
    """What a confirmation token's payload asks for, or None when it names no subscription."""
    subscription_id = _subscription_id(payload)
    if subscription_id is None:
        return None
    generation = payload.get("g")
    try:
        preferences = Preferences(
            all_dates=payload["a"], date_ids=payload["d"], lead_days=payload["l"], language=payload["lang"]
        )
    except KeyError:
        preferences = None
    return ConfirmLink(subscription_id, generation if isinstance(generation, int) else None, preferences)


def unsubscribe_token(subscription_id: int) -> str:
    """A signed token that unsubscribes; it never expires, as links in old emails must keep working."""
    return make_token(UNSUBSCRIBE_PURPOSE, {"s": subscription_id})


def unsubscribe_subscription_id(payload: object) -> int | None:
    """The subscription an unsubscribe token's payload names, or None."""
    return _subscription_id(payload)


def _subscription_id(payload: object) -> int | None:
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        return None
    return payload["s"]
