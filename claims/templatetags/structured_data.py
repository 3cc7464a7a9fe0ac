import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
