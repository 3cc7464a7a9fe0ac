"""Reference views for `manage.py bench`, served only with CLAIMTRACKER_BENCH=1 (settings.BENCH_VIEWS).

`hello` is the cheapest Django response; `floor` renders the claim list's 20 rows from one
hand-written SQL query, with no ORM, no FilterSet and no template engine; `floor_claim` does the
same for one claim page (the claim with its verdict, article and claimant, then its evidence with
their sources: two queries). Every page's figure is reported as a ratio to these, measured in the
same run on the same machine.
"""

from django.db import connection
from django.http import Http404, HttpResponse
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


FLOOR_CLAIM_SQL = """
SELECT c.id, c.quote, c.claim_reviewed, c.conclusion, c.published_at, v.label, v.colour,
       a.slug, a.headline, a.outlet, p.name, p.role
FROM claims_claim c
JOIN claims_verdict v ON v.id = c.verdict_id
JOIN claims_article a ON a.id = c.article_id
LEFT JOIN claims_claimant p ON p.id = c.claimant_id
WHERE c.slug = %s AND c.status = 'published'
"""

FLOOR_EVIDENCE_SQL = """
SELECT e.stance, e.excerpt, e.note, s.title, s.url, s.publisher
FROM claims_evidence e
JOIN claims_source s ON s.id = e.source_id
WHERE e.claim_id = %s
ORDER BY e.stance, e."order", e.id
"""


def floor_claim(request, slug):
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_CLAIM_SQL, [slug])
        row = cursor.fetchone()
        if row is None:
            raise Http404("No such claim")
        claim_id, quote, reviewed, conclusion, published_at, label, colour = row[:7]
        article_slug, headline, outlet, name, role = row[7:]
        cursor.execute(FLOOR_EVIDENCE_SQL, [claim_id])
        evidence = cursor.fetchall()
    article_url = reverse("claims:article_detail", args=[article_slug])
    sources = format_html_join(
        "\n",
        '<li class="evidence evidence--{}"><a href="{}">{}</a> ({})<blockquote>{}</blockquote>'
        "<p>{}</p></li>",
        (
            (stance, url, title, publisher, excerpt, note)
            for stance, excerpt, note, title, url, publisher in evidence
        ),
    )
    return HttpResponse(
        format_html(
            '<!doctype html><html lang="en"><title>{}</title><main><article class="claim">'
            '<p><span class="verdict verdict--{}">{}</span></p><h1>“{}”</h1><p>{}{} · in '
            '<a href="{}">{}</a> ({}) · {}</p><p>{}</p><p>{}</p><ul>{}</ul></article></main>',
            reviewed,
            colour,
            label,
            quote,
            name or "The article itself",
            f", {role}" if role else "",
            article_url,
            headline,
            outlet,
            published_at,
            reviewed,
            conclusion,
            sources,
        )
    )
