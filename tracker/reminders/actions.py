"""What a reader can do on a commemorative day: shown on reminder pages and in reminder emails."""

from flask_babel import lazy_gettext as _l

from tracker.core.i18n import current_language
from tracker.core.translations import LocalizedText
from tracker.dates.models import CommemorativeDate

SUGGESTED_ACTIONS = (
    _l("Write a letter or a card to a political prisoner: every letter tells them they are not forgotten."),
    _l("Share the current count and a prisoner's story with people who do not know it."),
    _l("Join or organize a solidarity event in your town."),
    _l("Support the families and the organizations that help political prisoners."),
)


def suggested_actions(commemorative_date: CommemorativeDate) -> list[str]:
    """The date's own suggestions in the reader's language (fallback text keeps its language), else the general ones."""
    own = commemorative_date.translated("suggested_actions")
    lines = [line.strip() for line in own.splitlines() if line.strip()]
    if lines:
        return [LocalizedText(line, own.lang) for line in lines]
    return [LocalizedText(str(action), current_language()) for action in SUGGESTED_ACTIONS]
