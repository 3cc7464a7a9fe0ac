import json
from urllib.parse import urlencode

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from claims.sharing import absolute_url

register = template.Library()

# As json_script escapes: no "</script>", "<!--" or "]]>" can end the block early, whatever the
# desk typed. json_script itself always writes type="application/json" (HAZARDS.md #17).
JSON_IN_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """`{{ data|json_ld }}`: a `<script type="application/ld+json">` data block. Browsers never
    run a data block, so the page's CSP (script-src 'self') needs no exception for it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # Safe: the only characters that could close or break the element are escaped above.
    escaped = mark_safe(text.translate(JSON_IN_SCRIPT_ESCAPES))
    return format_html('<script type="application/ld+json">{}</script>', escaped)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's one address for search engines: the path, and the page number of a list
    when nothing else is asked; a filtered or reordered list's canonical is the list itself."""
    request = context["request"]
    page = request.GET.get("page", "")
    paged = list(request.GET) == ["page"] and page not in ("", "1")
    return absolute_url(request, request.path + (f"?{urlencode({'page': page})}" if paged else ""))


@register.simple_tag(takes_context=True)
def absolute(context, path):
    """`{% absolute claim.get_absolute_url %}`: the path as a full address on this site."""
    return absolute_url(context["request"], path)
