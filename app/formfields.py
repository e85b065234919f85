"""Form fields that several features' edit forms share."""

from datetime import date

from wtforms import DateField


class IsoDateField(DateField):
    """A date that may also arrive as the ISO string a revision snapshot holds.

    The editing mechanism fills a form from a snapshot, whose dates are JSON strings; a
    string that is not a date leaves the field empty.
    """

    def process_data(self, value):
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                value = None
        super().process_data(value)
