"""Reference views for `manage.py bench`, served only with CLAIMTRACKER_BENCH=1 (settings.BENCH_VIEWS).

`hello` is the cheapest Django response; `floor` renders the claim list's 20 rows from one
hand-written SQL query, with no ORM, no FilterSet and no template engine. Every page's figure is
reported as a ratio to these two, measured in the same run on the same machine.
"""

from django.db import connection
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

FLOOR_SQL = """
SELECT c.slug, c.quote, c.conclusion, c.published_at, v.label, v.colour,
       a.slug, a.headline, p.name, p.role
FROM claims_claim c
JOIN claims_verdict v ON v.id = c.verdict_id
JOIN claims_article a ON a.id = c.article_id
LEFT JOIN claims_claimant p ON p.id = c.claimant_id
WHERE c.status = 'published'
ORDER BY c.published_at DESC, c.id DESC
LIMIT 20
"""


def hello(request):
    return HttpResponse("Hello, world\n", content_type="text/plain")


def floor(request):
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL)
        rows = cursor.fetchall()
    claim_url = reverse("claims:claim_detail", args=["SLUG"])
    article_url = reverse("claims:article_detail", args=["SLUG"])
    items = format_html_join(
        "\n",
        '<li class="claim-row"><p><span class="verdict verdict--{}">{}</span></p>'
        '<h3><a href="{}">“{}”</a></h3><p>{}{} · in <a href="{}">{}</a> · {}</p><p>{}</p></li>',
        (
            (
                colour,
                label,
                claim_url.replace("SLUG", slug),
                quote,
                name or "The article itself",
                f", {role}" if role else "",
                article_url.replace("SLUG", article_slug),
                headline,
                published_at,
                conclusion,
            )
            for slug, quote, conclusion, published_at, label, colour, article_slug, headline, name, role in rows
        ),
    )
    return HttpResponse(
        format_html(
            '<!doctype html><html lang="en"><title>Claims</title><ol class="claim-list">{}</ol>',
            items,
        )
    )
