from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def verdict_badge(verdict):
    """`{{ claim.verdict|verdict_badge }}`: the verdict's label in its colour (a CSS class), or
    nothing without a verdict.

    A filter rather than an included snippet: the article page shows one per claim (a hundred),
    and an include renders a template of its own each time. The line break after the badge is
    the one the snippet had, so pages keep their exact bytes.
    """
    if not verdict:
        return ""
    # Safe: both values are escaped here.
    return mark_safe(
        f'<span class="verdict verdict-{escape(str(verdict.colour))}">'
        f"{escape(str(verdict.label))}</span>\n"
    )
