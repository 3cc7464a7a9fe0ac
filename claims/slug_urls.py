"""The address of a page named by a slug (a claim's, an article's, a claimant's), cheaply.

A list page links every row to its claim and its article: 40 reverse() calls, each of which
matches the URL pattern again (about a tenth of the claim list's time). The address differs from
row to row only by the slug, so it is reversed once per URL name, script prefix and URLconf, and
the slug is put in (as the sitemap and the CSV export do for their rows). A slug is
[-a-zA-Z0-9_]+, the `<slug:>` converter's own pattern: nothing in it needs quoting. Anything else
goes through reverse(), which refuses it as it always did.
"""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")  # django.urls.converters.SlugConverter.regex
PLACEHOLDER = "--slug--"


@functools.lru_cache(maxsize=64)  # per URL name, script prefix and URLconf
def _around_slug(viewname, script_prefix, urlconf):
    """(before, after) the slug in the address of `viewname`."""
    before, _, after = reverse(viewname, urlconf=urlconf, args=[PLACEHOLDER]).rpartition(
        PLACEHOLDER
    )
    return before, after


def slug_url(viewname, slug):
    """reverse(viewname, args=[slug]), for URL patterns whose only argument is a <slug:>."""
    if not isinstance(slug, str) or not SLUG.match(slug):
        return reverse(viewname, args=[slug])
    # The URLconf of this request (a middleware may set one), else the site's: a test that
    # overrides ROOT_URLCONF gets its own entry.
    before, after = _around_slug(
        viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )
    return f"{before}{slug}{after}"
