"""What a reader can do on a commemorative day: shown on reminder pages and in reminder emails."""

from flask_babel import lazy_gettext as _l

SUGGESTED_ACTIONS = (
    _l("Write a letter or a card to a political prisoner: every letter tells them they are not forgotten."),
    _l("Share the current count and a prisoner's story with people who do not know it."),
    _l("Join or organize a solidarity event in your town."),
    _l("Support the families and the organizations that help political prisoners."),
)
