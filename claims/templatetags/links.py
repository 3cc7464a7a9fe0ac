from django import template

from claims.integrity import is_web_url

register = template.Library()


@register.filter
def web_url(value):
    """The stored URL if it is an http or https address, else "": use wherever a URL becomes
    an href, so no `javascript:` or `data:` URL becomes a link, whatever path it came in by."""
    return value if value and is_web_url(value) else ""
