"""Rules on stored values that hold however a row is written: admin, ORM, fixtures, imports.

- Links: only http and https URLs are stored (validator and database constraint) and only those
  become links (the `web_url` template filter), so a `javascript:` URL loaded by loaddata or the
  ORM never becomes a clickable link.
- Integers: SQLite stores any 64-bit number in a "smallint" or "integer" column, PostgreSQL
  refuses what does not fit; a constraint makes SQLite refuse it too, so data moves between them.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q

WEB_URL_SCHEMES = ["http", "https"]
validate_web_url = URLValidator(
    schemes=WEB_URL_SCHEMES, message="Enter a web address starting with http:// or https://."
)

# PostgreSQL's limits for the column types Django uses.
SMALLINT_MAX = 32767  # PositiveSmallIntegerField, SmallIntegerField
INTEGER_MAX = 2147483647  # PositiveIntegerField, IntegerField


def is_web_url(value):
    try:
        validate_web_url(value)
    except ValidationError:
        return False
    return True


def web_url_constraint(model_name, field):
    """The database refuses a non-empty `field` that does not start with http:// or https://."""
    return models.CheckConstraint(
        condition=Q(**{field: ""})
        | Q(**{f"{field}__istartswith": "http://"})
        | Q(**{f"{field}__istartswith": "https://"}),
        name=f"{model_name}_{field}_is_web",
        violation_error_message="Enter a web address starting with http:// or https://.",
    )


def at_most_constraint(model_name, field, maximum):
    """The database refuses a `field` above `maximum`, as PostgreSQL's column type does."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": maximum}),
        name=f"{model_name}_{field}_at_most_{maximum}",
        violation_error_message=f"This number must be at most {maximum:,}.",
    )
