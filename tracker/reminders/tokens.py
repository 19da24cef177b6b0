"""The unsubscribe link's token, which both the emails and the unsubscribe page need."""

from tracker.core.tokens import make_token

UNSUBSCRIBE_PURPOSE = "subscription-unsubscribe"


def unsubscribe_token(subscription_id: int) -> str:
    """A signed token that unsubscribes; it never expires, as links in old emails must keep working."""
    return make_token(UNSUBSCRIBE_PURPOSE, {"s": subscription_id})
