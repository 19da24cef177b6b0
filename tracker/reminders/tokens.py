"""The links in subscription emails, and what they carry.

New links carry an opaque token (tracker.core.links) whose row holds the choices. Links emailed
before carry a signed payload with short keys ("s", "g", ...); they must keep working, so that
format is still read here, and a stored row's payload uses the same keys.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from tracker.core import links
from tracker.reminders.models import Subscription

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


def confirm_token(subscription_id: int, generation: int, preferences: Preferences, *, now: datetime) -> str:
    """An opaque token that confirms these preferences for the subscription until it expires."""
    return links.issue(
        CONFIRM_PURPOSE,
        subscription_id,
        now=now,
        payload={
            "g": generation,
            "a": preferences.all_dates,
            "d": preferences.date_ids,
            "l": preferences.lead_days,
            "lang": preferences.language,
        },
        expires_at=now + timedelta(seconds=current_app.config["SUBSCRIPTION_CONFIRM_MAX_AGE"]),
    )


def stored_confirm_link(link: links.Link) -> ConfirmLink | None:
    """What a stored confirmation token asks for."""
    return confirm_link({**link.payload, "s": link.target_id})


def confirm_link(payload: object) -> ConfirmLink | None:
    """What a (signed or stored) confirmation payload asks for, or None when it names no subscription."""
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


def unsubscribe_tokens(subscriptions: list[Subscription], *, now: datetime) -> dict[int, str]:
    """Each subscription's unsubscribe token by id; it never expires, as links in old emails must keep working."""
    targets = {subscription.id: subscription.email for subscription in subscriptions}
    return links.standing_tokens(UNSUBSCRIBE_PURPOSE, targets, now=now)


def unsubscribe_token(subscription: Subscription, *, now: datetime) -> str:
    """The subscription's unsubscribe token."""
    return unsubscribe_tokens([subscription], now=now)[subscription.id]


def unsubscribe_subscription_id(payload: object) -> int | None:
    """The subscription an unsubscribe token's payload names, or None."""
    return _subscription_id(payload)


def _subscription_id(payload: object) -> int | None:
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        return None
    return payload["s"]
