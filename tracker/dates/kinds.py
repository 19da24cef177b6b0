"""The kinds of dates on the calendar, shared by the code that works them out and the code that finds their records."""

import enum

# Detention anniversaries come every whole year and every this many days.
DAY_MILESTONE = 1000


class DateKind(enum.StrEnum):
    """Kinds of dates on the calendar; each has its own feed."""

    COMMEMORATIVE = "commemorative"
    BIRTHDAY = "birthday"
    DETENTION_ANNIVERSARY = "detention-anniversary"
    DEATH_ANNIVERSARY = "death-anniversary"
    TRIAL_HEARING = "trial-hearing"
    EXPECTED_RELEASE = "expected-release"
