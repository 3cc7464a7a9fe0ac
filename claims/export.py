"""/claims/export.csv: the published claims the list's filters select, one row per claim.

The same public scope and the same ClaimFilter as /claims/, so the export holds exactly what
the list shows. Streamed: the rows are read from the database in chunks (a server-side cursor on
PostgreSQL) and written out as they come, so memory stays flat however many claims match.
"""

import csv
import io

from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from claims.filters import ClaimFilter
from claims.models import Claim
from claims.public_cache import public_page

# Rows read from the database at a time, and written to the response at a time.
CHUNK_SIZE = 2000

COLUMNS = [
    ("slug", "slug"),
    ("url", None),  # built from the slug
    ("quote", "quote"),
    ("claim_reviewed", "claim_reviewed"),
    ("claimant", "claimant__name"),
    ("article", "article__headline"),
    ("verdict", "verdict__label"),
    ("conclusion", "conclusion"),
    ("published_at", "published_at"),
    ("updated_at", "updated_at"),
]

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a spreadsheet shows it as text: a would-be formula gets a leading quote."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = value.isoformat()
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def filter_errors(filterset):
    """One line per refused filter: `verdict: Choose a verdict from the list.`"""
    return "\n".join(
        f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
        for name, errors in filterset.errors.items()
    )


def csv_rows(rows, claim_url):
    """The file's bytes in chunks: the byte-order mark and header, then CHUNK_SIZE rows each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # Excel reads UTF-8 without a byte-order mark as the local code page, mangling accents.
    buffer.write("\ufeff")
    writer.writerow([name for name, _ in COLUMNS])
    for i, (slug, *values) in enumerate(rows, start=1):
        writer.writerow([safe_cell(v) for v in [slug, claim_url(slug), *values]])
        if i % CHUNK_SIZE == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


@public_page
@require_safe
def claims_csv(request):
    claims = Claim.objects.published().order_by("-published_at", "-pk")
    filterset = ClaimFilter(request.GET, queryset=claims)
    if not filterset.is_valid():
        # Never a silently unfiltered export: say which filter to fix.
        return HttpResponseBadRequest(
            f"The export was not made. Fix these filters:\n{filter_errors(filterset)}\n",
            content_type="text/plain; charset=utf-8",
        )
    fields = [field for _, field in COLUMNS if field is not None]
    rows = filterset.qs.values_list(*fields).iterator(chunk_size=CHUNK_SIZE)
    before, after = request.build_absolute_uri(
        reverse("claims:claim_detail", args=["SLUG"])
    ).rsplit("SLUG", 1)
    response = StreamingHttpResponse(
        csv_rows(rows, lambda slug: f"{before}{slug}{after}"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="claims.csv"'
    return response
