"""MIME messages built from outbox rows."""

from types import SimpleNamespace

from tracker.mail.transport import build_email


def row(number: int) -> SimpleNamespace:
    return SimpleNamespace(
        to_address=f"reader{number}@example.org",
        subject="Reminder: 21 May",
        message_id=f"<m{number}@example.org>",
        headers={"List-Unsubscribe": f"<https://example.org/u/{number}>"},
        body_text="Body",
        body_html=None,
        language="en",
    )


def test_messages_share_their_header_classes_so_a_long_run_does_not_pile_up_classes():
    first, second = build_email(row(1), "Tracker <t@example.org>"), build_email(row(2), "Tracker <t@example.org>")
    for name in ("From", "To", "Subject", "Message-ID", "Date", "List-Unsubscribe", "Content-Language"):
        assert type(first[name]) is type(second[name]), name
    assert second["To"] == "reader2@example.org"
    assert second["List-Unsubscribe"] == "<https://example.org/u/2>"
    assert second.get_content().strip() == "Body"
