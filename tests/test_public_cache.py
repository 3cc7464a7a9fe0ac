"""The public pages' caching (claims/public_cache.py): a 304 from the public stamp without a
render, the server-side page cache per full URL, the headers a browser and a CDN get, what is
never cached, and every route that writes what readers see changing the stamp at once.

Tests run inside a transaction that never commits, and the stamp changes on commit: a write
wrapped in `django_capture_on_commit_callbacks(execute=True)` is a committed one.
"""

import io
import json
import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils.http import http_date

from claims import services
from claims.filters import SHORT_LIST_LENGTH
from claims.models import AboutSection, Claim, Correction, PublicStamp, ReviewNote
from claims.public_cache import PerStamp, change_stamp, public_page
from tests.admin_forms import browser_form, change_url, changelist_action, click_step, desk_client
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    ReviewNoteFactory,
    VerdictFactory,
)
from tests.public_outputs import PUBLIC_OUTPUTS
from tests.test_claim_list import options
from tests.test_deskfile import italian_file

pytestmark = pytest.mark.django_db


def settled():
    """What the test has written so far, as if committed: the stamp changes."""
    change_stamp()


@pytest.fixture
def world():
    """A published claim with everything a public output may link to; committed."""
    claim = ClaimFactory(conclusion="The figures say otherwise.")
    evidence = EvidenceFactory(claim=claim)
    ReviewNoteFactory(claim=claim, visibility=ReviewNote.Visibility.PUBLIC, body="We asked.")
    correction = Correction.objects.create(claim=claim, text="A date fixed.")
    settled()
    return SimpleNamespace(
        claim=claim,
        article=claim.article,
        claimant=claim.claimant,
        verdict=claim.verdict,
        source=evidence.source,
        correction=correction,
        typed="housing",
    )


# The validator: a repeat visit costs one small query and no render.


def test_a_repeat_visit_gets_304_from_one_query_without_rendering(
    client, world, django_assert_max_num_queries
):
    url = world.claim.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    cache.clear()  # the page itself no longer cached: the 304 must not need it

    with django_assert_max_num_queries(1):  # the public stamp
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.templates == []
    assert "s-maxage=" in again["Cache-Control"]

    with django_assert_max_num_queries(1):
        by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_date.status_code == 304 and by_date.templates == []


def test_a_change_anywhere_ends_the_304_at_once(client, world):
    url = world.claim.get_absolute_url()
    first = client.get(url)
    stale = {"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]}

    settled()  # anything readers see changed

    response = client.get(url, headers=stale)
    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    assert response["Last-Modified"] != first["Last-Modified"]


def test_two_changes_in_one_second_give_two_last_modified_dates(client, world):
    first = client.get("/claims/")["Last-Modified"]
    settled()
    second = client.get("/claims/")["Last-Modified"]
    settled()
    third = client.get("/claims/")["Last-Modified"]
    assert len({first, second, third}) == 3


# The page cache: every public output, served a second time without a render.


@pytest.mark.parametrize("output", PUBLIC_OUTPUTS, ids=lambda o: o.name)
def test_every_public_output_is_cached_shared_and_validated(
    client, world, output, django_assert_max_num_queries
):
    url = output.url(world)
    first = client.get(url)
    assert first.status_code == 200
    if first.streaming:  # the CSV export: shared and validated, never stored (read whole)
        second = client.get(url)
        assert b"".join(second.streaming_content) == b"".join(first.streaming_content)
    else:
        with django_assert_max_num_queries(1):  # the public stamp; the page from the cache
            second = client.get(url)
        assert second.content == first.content
        assert second.templates == []
    assert second.status_code == 200
    for response in [first, second]:
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"public", "max-age=60", "s-maxage=300"} <= directives
        assert "Cookie" not in response.get("Vary", "")
        assert not response.cookies
        assert "nonce-" not in response["Content-Security-Policy"]
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_the_query_string_is_part_of_the_cache_key(client, world):
    other = VerdictFactory(slug="mostly-false", label="Mostly false")
    ClaimFactory(verdict=other, conclusion="Exports doubled in a year.")
    settled()
    everything = client.get("/claims/")
    narrowed = client.get(f"/claims/?verdict={other.slug}")
    assert "Exports doubled in a year." in narrowed.text
    assert world.claim.conclusion in everything.text
    assert world.claim.conclusion not in narrowed.text


def test_a_logged_in_editor_gets_the_same_public_page_without_a_cookie_change(world):
    editor_client = desk_client(EditorFactory())
    anonymous = desk_client(None).get("/claims/")
    response = editor_client.get("/claims/")
    assert response.content == anonymous.content
    assert not response.cookies
    assert "public" in response["Cache-Control"]


def test_a_page_is_rendered_again_once_the_stamp_changes(client, world):
    client.get("/claims/")
    Claim.objects.filter(pk=world.claim.pk).update(conclusion="Rewritten behind its back.")
    assert "Rewritten behind its back." not in client.get("/claims/").text  # from the cache
    settled()
    assert "Rewritten behind its back." in client.get("/claims/").text


def test_a_cache_that_is_down_costs_a_render_not_an_error(client, world, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get("/claims/")
    assert response.status_code == 200
    assert world.claim.conclusion in response.text


def test_a_stored_page_is_served_as_first_sent_before_session_and_view(
    client, world, django_assert_max_num_queries
):
    url = world.claim.get_absolute_url()
    first = client.get(url)
    with django_assert_max_num_queries(1):  # the stamp: no session, no URL resolving, no view
        second = client.get(url)
    assert second.templates == []
    assert not hasattr(second.wsgi_request, "session")  # SessionMiddleware never ran
    assert not hasattr(second.wsgi_request, "user")
    # Stored once every inner middleware had added its headers: nothing is lost on the way.
    for header in [
        "Content-Security-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "Content-Type",
        "ETag",
        "Last-Modified",
        "Cache-Control",
    ]:
        assert second[header] == first[header], header
    assert second.content == first.content


def test_a_repeat_visit_of_a_stored_page_gets_its_304_from_the_cache(
    client, world, django_assert_max_num_queries
):
    url = world.claim.get_absolute_url()
    first = client.get(url)
    with django_assert_max_num_queries(1):
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and not hasattr(again.wsgi_request, "session")
    assert again["ETag"] == first["ETag"] and "s-maxage=300" in again["Cache-Control"]
    assert again.content == b""


def test_an_editor_with_a_session_always_gets_a_fresh_render(client, world):
    """The desk sees its own changes at once and its session keeps sliding; readers, who carry no
    session cookie, get the stored page."""
    url = world.claim.get_absolute_url()
    client.get(url)
    client.force_login(EditorFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert "claims/claim_detail.html" in [t.name for t in response.templates]


@pytest.mark.urls(__name__)
def test_a_streamed_response_is_shared_and_validated_but_not_stored(client):
    settled()
    rendered.clear()
    first = client.get("/streamed/")
    assert b"".join(first.streaming_content) == b"a,b\n1,2\n"
    assert "s-maxage=300" in first["Cache-Control"]
    assert client.get("/streamed/", headers={"If-None-Match": first["ETag"]}).status_code == 304
    b"".join(client.get("/streamed/").streaming_content)
    assert rendered == ["/streamed/", "/streamed/"]


# What is never shared: pages that read the user, the session, a CSRF token or a CSP nonce, or
# set a cookie; the admin.

rendered = []


def _counted(view):
    def counted(request):
        rendered.append(request.path)
        return view(request)

    return counted


def _by_user(request):
    return HttpResponse(f"Hello {request.user.get_username() or 'reader'}")


def _with_csrf_token(request):
    return HttpResponse(f'<form method="post"><input name="t" value="{get_token(request)}">')


def _with_nonce(request):
    return HttpResponse(f'<script nonce="{request._csp_nonce}"></script>')


def _with_cookie(request):
    response = HttpResponse("Remembered")
    response.set_cookie("seen", "1")
    return response


def _plain(request):
    return HttpResponse("The same for everyone")


def _streamed(request):
    return StreamingHttpResponse(iter([b"a,b\n", b"1,2\n"]), content_type="text/csv")


urlpatterns = [
    path(f"{name}/", public_page(_counted(view)))
    for name, view in [
        ("by-user", _by_user),
        ("csrf", _with_csrf_token),
        ("nonce", _with_nonce),
        ("cookie", _with_cookie),
        ("plain", _plain),
        ("streamed", _streamed),
    ]
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/by-user/", "/csrf/", "/nonce/", "/cookie/"])
def test_a_page_that_is_not_the_same_for_everyone_is_private_and_never_stored(client, url):
    settled()
    rendered.clear()
    first = client.get(url)
    second = client.get(url)
    assert rendered == [url, url]
    for response in [first, second]:
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "s-maxage" not in response["Cache-Control"]


@pytest.mark.urls(__name__)
def test_a_page_the_same_for_everyone_is_rendered_once(client):
    settled()
    rendered.clear()
    client.get("/plain/")
    client.get("/plain/")
    assert rendered == ["/plain/"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/claims/claim/",
        "/admin/claims/article/",
        "/admin/login/",
        "/admin/jsi18n/",
    ],
)
def test_the_admin_is_never_cached(admin_client, world, url):
    for _ in range(2):
        response = admin_client.get(url)
        assert response.status_code in (200, 302)
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives
        assert "public" not in directives


# Every route that writes what readers see changes the stamp: the next GET shows the change.


@pytest.fixture
def shows_after(client, django_capture_on_commit_callbacks):
    """shows_after(url, write, text): the page, cached, does not show `text`; after the write,
    committed, the next GET of it does."""

    def check(url, write, text, *, gone=False):
        before = client.get(url)
        assert before.status_code in (200, 404)
        assert (text in before.text) is gone, f"{url} before the write"
        assert client.get(url).templates == []  # cached, so only the stamp can renew it
        with django_capture_on_commit_callbacks(execute=True):
            write()
        after = client.get(url)
        assert (text in after.text) is not gone, f"{url} after the write"

    return check


def test_publishing_through_the_service_shows_at_once(shows_after, ready, editor):
    ready.conclusion = "Housing starts doubled."
    ready.save()
    settled()

    def write():
        services.publish(claim=ready, user=editor)

    shows_after("/claims/", write, "Housing starts doubled.")


def test_publishing_with_the_admin_step_button_shows_at_once(shows_after, ready, editor):
    ready.conclusion = "Housing starts doubled."
    ready.save()
    settled()
    shows_after(
        "/claims/",
        lambda: click_step(desk_client(editor), ready, "publish"),
        "Housing starts doubled.",
    )
    assert Claim.objects.get(pk=ready.pk).is_published


def test_publishing_with_the_bulk_action_shows_at_once(shows_after, ready, editor):
    ready.conclusion = "Housing starts doubled."
    ready.save()
    settled()
    shows_after(
        "/claims/",
        lambda: changelist_action(desk_client(editor), "publish", [ready], apply="1"),
        "Housing starts doubled.",
    )
    assert Claim.objects.get(pk=ready.pk).is_published


def test_a_correction_shows_at_once(shows_after, world, editor):
    def write():
        services.correct(
            claim=world.claim, user=editor, kind="correction", text="The survey was re-run."
        )

    shows_after(world.claim.get_absolute_url(), write, "The survey was re-run.")


def admin_edit(user, url, **changes):
    """Open an admin change form, change some fields and save it, as a browser does."""
    client = desk_client(user)
    page = client.get(url)
    data = browser_form(page.text) | changes
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def admin_url(obj, action="change"):
    return reverse(f"admin:claims_{obj._meta.model_name}_{action}", args=[obj.pk])


def test_editing_a_published_claim_in_the_admin_shows_at_once(shows_after, world, editor):
    shows_after(
        world.claim.get_absolute_url(),
        lambda: admin_edit(
            editor, change_url(world.claim), claim_reviewed="Jobless numbers fell by 3%."
        ),
        "Jobless numbers fell by 3%.",
    )


def test_an_evidence_row_saved_inline_shows_at_once(shows_after, world, editor):
    evidence = world.claim.evidence.get()
    prefix = "evidence-0"
    shows_after(
        world.claim.get_absolute_url(),
        lambda: admin_edit(
            editor, change_url(world.claim), **{f"{prefix}-note": "The table on page 4."}
        ),
        "The table on page 4.",
    )
    assert evidence.__class__.objects.get(pk=evidence.pk).note == "The table on page 4."


@pytest.mark.parametrize(
    "model, field, value, page",
    [
        ("article", "headline", "A new headline", lambda w: w.article.get_absolute_url()),
        ("claimant", "name", "Renamed Person", lambda w: w.claimant.get_absolute_url()),
        ("source", "title", "A retitled report", lambda w: w.claim.get_absolute_url()),
        ("verdict", "label", "Relabelled", lambda w: "/methodology/"),
    ],
)
def test_an_admin_edit_of_a_public_row_shows_at_once(
    shows_after, world, editor, model, field, value, page
):
    obj = getattr(world, model)
    shows_after(page(world), lambda: admin_edit(editor, admin_url(obj), **{field: value}), value)


def test_an_evidence_edit_on_its_own_screen_shows_at_once(shows_after, world, editor):
    evidence = world.claim.evidence.get()
    shows_after(
        world.claim.get_absolute_url(),
        lambda: admin_edit(editor, admin_url(evidence), note="Page 12, second table."),
        "Page 12, second table.",
    )


def test_a_public_note_deleted_in_the_admin_goes_at_once(shows_after, world, editor):
    note = world.claim.notes.get()

    def write():
        client = desk_client(editor)
        url = admin_url(note, "delete")
        page = browser_form(client.get(url).text)
        data = page | {"post": "yes", "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
        assert client.post(url, data).status_code == 302

    shows_after(world.claim.get_absolute_url(), write, "We asked.", gone=True)


def test_an_about_section_edit_shows_at_once(shows_after, editor):
    section = AboutSection.objects.create(slug="funding", heading="Funding", body="Readers.")
    settled()
    shows_after(
        "/about/",
        lambda: admin_edit(editor, admin_url(section), body="Readers and a foundation."),
        "Readers and a foundation.",
    )


def test_a_bulk_recount_shows_at_once(shows_after, world):
    from claims.public_counts import recount_published_claims

    def write():
        ClaimFactory.build()  # nothing saved: the bulk write below sends no signal
        Claim.objects.filter(pk=world.claim.pk).update(conclusion="Bulk-edited.")
        recount_published_claims()

    shows_after("/claims/", write, "Bulk-edited.")


def test_seed_claims_shows_at_once(shows_after):
    call_command("loaddata", "verdicts", verbosity=0)
    settled()
    shows_after(
        "/claims/", lambda: call_command("seed_claims", 3, seed=7, verbosity=0), "/claims/seed-7-"
    )


def test_loaddata_shows_at_once(shows_after, tmp_path):
    settled()
    fixture = tmp_path / "verdict.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "claims.verdict",
                    "fields": {
                        "slug": "half-baked",
                        "label": "Half baked",
                        "definition": "Loaded from a fixture.",
                        "colour": "grey",
                        "order": 99,
                    },
                }
            ]
        )
    )
    shows_after(
        "/methodology/",
        lambda: call_command("loaddata", str(fixture), verbosity=0),
        "Loaded from a fixture.",
    )


def test_setup_demo_shows_at_once(shows_after):
    settled()
    shows_after("/methodology/", lambda: call_command("setup_demo", verbosity=0), "Mostly true")


def test_reset_demo_shows_at_once(shows_after, world):
    shows_after(
        "/claims/",
        lambda: call_command("reset_demo", interactive=False, stdout=io.StringIO()),
        world.claim.conclusion,
        gone=True,
    )


def test_import_article_shows_at_once(shows_after, tmp_path, editor, checker):
    call_command("loaddata", "verdicts", verbosity=0)
    settled()
    desk_file = tmp_path / "article.json"
    desk_file.write_text(json.dumps(italian_file()), encoding="utf-8")
    shows_after(
        "/articles/",
        lambda: call_command(
            "import_article", str(desk_file), "--as", editor.username, stdout=io.StringIO()
        ),
        "Il Quotidiano",
    )


def test_the_stamp_is_later_and_new_after_each_change():
    change_stamp()
    first = PublicStamp.objects.get()
    change_stamp()
    second = PublicStamp.objects.get()
    assert second.token != first.token
    assert second.changed_at >= first.changed_at + timedelta(seconds=1)
    assert http_date(second.changed_at.timestamp()) != http_date(first.changed_at.timestamp())
    assert second.changed_at <= datetime.now(UTC) + timedelta(seconds=2)


def test_a_foreign_host_is_refused_without_a_cache_warning(client, world, caplog):
    response = client.get("/claims/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "page cache" not in caplog.text


# The claim list's filter choices, read once per stamp in each process (per_stamp): the next
# render after a committed change offers what it changed, the page cache off. Inside the test's
# transaction a write's stamp change waits for a commit that never comes, and meanwhile nothing
# is remembered: settled() after each write stands for its commit.


def test_per_stamp_remembers_a_value_only_while_the_stamps_token_lasts():
    memo = PerStamp()
    now = datetime.now(UTC)
    old, new = ("old-token", now), ("new-token", now)

    assert memo(old, "claimants", lambda: "read at the old token") == "read at the old token"
    assert memo(old, "claimants", lambda: "read again") == "read at the old token"
    assert memo(new, "claimants", lambda: "read at the new token") == "read at the new token"
    # The new token dropped what the old one had.
    assert memo(old, "claimants", lambda: "read once more") == "read once more"
    # Without a stamp (public writes not yet stamped), read every time and never remembered.
    assert memo(None, "claimants", lambda: "unstamped") == "unstamped"
    assert memo(None, "articles", lambda: "unstamped") == "unstamped"
    assert memo(old, "claimants", lambda: "read again") == "read once more"
    assert memo(old, "articles", lambda: "read at the old token") == "read at the old token"


def test_per_stamp_keeps_a_bounded_number_of_values():
    memo = PerStamp()
    stamp = ("token", datetime.now(UTC))
    for key in range(PerStamp.MAX_KEYS + 1):
        memo(stamp, key, lambda: "first")

    assert memo(stamp, 0, lambda: "again") == "first"
    assert memo(stamp, PerStamp.MAX_KEYS, lambda: "again") == "again"


@pytest.fixture
def offered(client, settings):
    """offered(name): {value: label} of the options of /claims/'s <select name=…>, rendered
    (the page cache off), after its empty one."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0

    def read(name):
        response = client.get("/claims/")
        assert response.status_code == 200 and response.templates  # rendered, not cached
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', response.text, re.S)
        return dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select.group(1)))

    return read


def test_a_claim_published_for_a_new_claimant_and_article_is_offered_at_once(
    offered, ready, editor
):
    ClaimFactory()
    settled()
    for _ in range(2):  # read, then remembered
        assert ready.claimant.slug not in offered("claimant")
        assert ready.article.slug not in offered("article")

    services.publish(claim=ready, user=editor)
    settled()

    assert offered("claimant")[ready.claimant.slug] == ready.claimant.name
    assert offered("article")[ready.article.slug] == ready.article.headline


def test_an_article_renamed_in_the_admin_is_offered_under_its_new_headline_at_once(offered, editor):
    article = ClaimFactory().article
    settled()
    for _ in range(2):
        assert offered("article")[article.slug] == article.headline

    admin_edit(editor, admin_url(article), headline="Rents fell in March")
    settled()

    assert offered("article")[article.slug] == "Rents fell in March"


def test_a_claimant_whose_only_claim_is_deleted_is_no_longer_offered(offered, admin_client):
    claim = ClaimFactory()
    ClaimFactory()
    settled()
    for _ in range(2):
        assert claim.claimant.slug in offered("claimant")

    response = admin_client.post(admin_url(claim, "delete"), {"post": "yes"})
    assert response.status_code == 302
    settled()

    assert claim.claimant.slug not in offered("claimant")


def test_an_article_chosen_beyond_the_short_list_is_not_offered_to_the_next_reader(offered, client):
    """The remembered short list is every reader's: one reader's chosen article, shown selected
    at the top of theirs, is not added to it."""
    oldest = ClaimFactory(article=ArticleFactory(published_on=date(2020, 1, 1)))
    ClaimFactory.create_batch(SHORT_LIST_LENGTH)
    settled()
    assert oldest.article.slug not in offered("article")  # the short list, remembered

    chosen = options(client.get("/claims/", {"article": oldest.article.slug}), "article")
    after = offered("article")

    assert chosen[0] == (oldest.article.slug, True)
    assert len(chosen) == SHORT_LIST_LENGTH + 1
    assert oldest.article.slug not in after
    assert len(after) == SHORT_LIST_LENGTH


# The connection's health check (CONN_HEALTH_CHECKS) is the stamp's query, not a query of its own.


def request_starts():
    """What Django does to the connection as each request starts (the test client skips it)."""
    connection.close_if_unusable_or_obsolete()


@pytest.mark.django_db(transaction=True)
def test_a_stored_page_costs_one_round_trip_with_health_checks_on(client, world, monkeypatch):
    url = world.claim.get_absolute_url()
    client.get(url)
    checks = []
    is_usable = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or is_usable())
    assert connection.health_check_enabled

    for headers in [{}, {"If-None-Match": client.get(url)["ETag"]}]:
        request_starts()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers=headers)
        assert response.status_code in (200, 304) and response.templates == []
        assert len(queries) == 1  # the stamp
    assert checks == []  # and no `SELECT 1` before it


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_connection_the_database_dropped_is_replaced_before_the_page_is_served(client, world):
    url = world.claim.get_absolute_url()
    first = client.get(url)
    dropped = connection.connection.info.backend_pid
    other = connection.copy()
    with other.cursor() as cursor:  # as a restart of the database would
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [dropped])
    other.close()

    request_starts()
    again = client.get(url)

    assert again.status_code == 200 and again.content == first.content
    assert connection.connection.info.backend_pid != dropped


@pytest.mark.parametrize("url", ["/health/", "/no-such-page/", "/static/missing.css"])
def test_a_request_for_no_public_page_reads_no_stamp(client, world, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not [q for q in queries.captured_queries if "claims_publicstamp" in q["sql"]]
