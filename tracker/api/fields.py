"""Strict query-parameter fields: the API accepts exactly what its OpenAPI document promises."""

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField

_INTEGER = re.compile(r"-?[0-9]{1,9}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class StrictIntegerField(IntegerField):
    """Plain ASCII digits only; int() alone would take ' 5', '5_0' and full-width digits."""

    def process_formdata(self, valuelist):
        """Parse the first value, refusing anything but an optional minus and digits."""
        if not valuelist:
            return
        if not _INTEGER.fullmatch(valuelist[0]):
            self.data = None
            raise ValueError(_l("Not a valid integer value."))
        self.data = int(valuelist[0])


class StrictDateField(DateField):
    """A calendar date written YYYY-MM-DD and nothing else."""

    def process_formdata(self, valuelist):
        """Parse the first value as an ISO 8601 calendar date."""
        if not valuelist:
            return
        try:
            if not _ISO_DATE.fullmatch(valuelist[0]):
                raise ValueError
            self.data = date.fromisoformat(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(_l("Not a valid date: use YYYY-MM-DD.")) from None
