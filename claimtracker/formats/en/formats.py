"""Dates as the public site writes them ("5 September 2025", "5 September 2025, 22:40"), in the
admin too. Django always formats with the active language's locale module, which wins over the
DATE_FORMAT settings, so the house formats live here (FORMAT_MODULE_PATH); what is not set here
(input formats, first day of the week) comes from Django's English locale."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
